using CustomerService.Core;
using CustomerService.Core.Complaints;
using CustomerService.Core.Storage;

namespace CustomerService.HelpDesk.Api;

public sealed record LodgeComplaintRequest(string? Id, ContactChannel? Channel, string? TicketId, string? Actor);

public sealed record AcknowledgeRequest(string? Actor, string? RespondBy) : IActorRequest;

public sealed record AssessRequest(string? Actor, ComplaintSeverity? Severity, ComplaintCategory? Category, ComplaintRootCause? RootCause) : IActorRequest;

public sealed record RemedyRequest(string? Actor, RemedyKind? Kind, decimal? Amount, string? Currency) : IActorRequest;

public sealed record DismissRequest(string? Actor, string? Code) : IActorRequest;

public sealed record CloseComplaintRequest(string? Actor, bool? Satisfied) : IActorRequest;

/// <summary>Complaints (投诉): lodge one, then <c>POST /api/complaints/{id}/{action}</c> through acknowledgement, investigation, remedy and follow-up.</summary>
public static class ComplaintApi
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var complaints = app.MapGroup("/api/complaints");
        complaints.MapPost("/", async (LodgeComplaintRequest body, HttpContext http, IComplaintService service, Views views) =>
        {
            var id = body.Id ?? Fields.NewId("C");
            var origin = new ComplaintOrigin(Fields.Required(body.Channel, "channel")) { TicketId = body.TicketId is { } t ? new TicketId(t) : null };
            var complaint = await service.ReceiveAsync(new ComplaintId(id), origin, Fields.Required(body.Actor, "actor"));
            return ApiKit.Created(http, $"/api/complaints/{id}", complaint.Version, views.Of(complaint));
        });
        complaints.MapGet("/{id}", async (string id, HttpContext http, IComplaintService service, Views views) =>
        {
            var complaint = await service.FindAsync(new ComplaintId(id)) ?? throw new EntityNotFoundException(ComplaintService.EntityKind, id);
            return ApiKit.Answer(http, complaint.Version, views.Of(complaint));
        });

        MapAction<AcknowledgeRequest>("acknowledge", r => new ComplaintCommand.Acknowledge(Fields.Instant(r.RespondBy, "respondBy")));
        MapAction<ActorRequest>("investigate", _ => new ComplaintCommand.Investigate());
        MapAction<AssessRequest>("assess", r => new ComplaintCommand.Assess(new ComplaintAssessment(
            Fields.Required(r.Severity, "severity"), Fields.Required(r.Category, "category"), Fields.Required(r.RootCause, "rootCause"))));
        MapAction<RemedyRequest>("propose-remedy", r => new ComplaintCommand.ProposeRemedy(new ComplaintRemedy(Fields.Required(r.Kind, "kind"), r.Amount, r.Currency)));
        MapAction<ActorRequest>("accept-remedy", _ => new ComplaintCommand.AcceptRemedy());
        MapAction<ActorRequest>("reject-remedy", _ => new ComplaintCommand.RejectRemedy());
        MapAction<ActorRequest>("fulfil-remedy", _ => new ComplaintCommand.FulfilRemedy());
        MapAction<ActorRequest>("start-follow-up", _ => new ComplaintCommand.StartFollowUp());
        MapAction<CloseComplaintRequest>("close", r => new ComplaintCommand.Close(Fields.Required(r.Satisfied, "satisfied")));
        MapAction<DismissRequest>("dismiss", r => new ComplaintCommand.Dismiss(Fields.Required(r.Code, "code")));
        MapAction<ActorRequest>("withdraw", _ => new ComplaintCommand.Withdraw());

        void MapAction<TRequest>(string action, Func<TRequest, ComplaintCommand> command)
            where TRequest : IActorRequest =>
            complaints.MapPost($"/{{id}}/{action}", async (string id, TRequest body, HttpContext http, IComplaintService service, Views views) =>
            {
                var (actor, complaintId) = (ApiKit.ActorOf(body), new ComplaintId(id));
                var complaint = await ApiKit.ExecuteAsync(http, ComplaintService.EntityKind, id, async () => (await service.FindAsync(complaintId))?.Version,
                    () => service.ExecuteAsync(complaintId, command(body), actor));
                return ApiKit.Answer(http, complaint.Version, views.Of(complaint));
            });
    }
}
