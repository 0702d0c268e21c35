using CustomerService.Core;
using CustomerService.Core.Storage;
using CustomerService.Core.Tickets;
using CustomerService.HelpDesk.Board;

namespace CustomerService.HelpDesk.Api;

public sealed record OpenTicketRequest(string? Id, ContactChannel? Channel, TicketCategory? Category, TicketPriority? Priority, string? Actor);

public sealed record AssignRequest(string? Actor, string? Agent) : IActorRequest;

public sealed record DispatchRequest(string? Actor, string? Department, string? TimeLimit) : IActorRequest;

public sealed record EscalateRequest(string? Actor, string? Reason) : IActorRequest;

public sealed record SolveRequest(string? Actor, string? ResolutionCode, bool FirstContact) : IActorRequest;

public sealed record CancelRequest(string? Actor, TicketCancelReason? Reason) : IActorRequest;

public sealed record SurveyRequest(int? Score);

/// <summary>
/// Tickets (工单): open one, then one endpoint per action — <c>POST /api/tickets/{id}/{action}</c>, the action being the
/// lifecycle trigger in kebab case. Every answer carries the ticket's <c>ETag</c> (its version); send it back in
/// <c>If-Match</c> to act only on the version you saw.
/// </summary>
public static class TicketApi
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var tickets = app.MapGroup("/api/tickets");
        tickets.MapPost("/", OpenAsync);
        tickets.MapGet("/{id}", async (string id, ITicketService service, Views views, HttpContext http) =>
        {
            var ticket = await service.FindAsync(new TicketId(id)) ?? throw new EntityNotFoundException(TicketService.EntityKind, id);
            return ApiKit.Answer(http, ticket.Version, views.Of(ticket));
        });

        MapAction<AssignRequest>("assign", r => new TicketCommand.Assign(Fields.Required(r.Agent, "agent")));
        MapAction<AssignRequest>("reassign", r => new TicketCommand.Reassign(Fields.Required(r.Agent, "agent")));
        MapAction<ActorRequest>("agent-reply", _ => new TicketCommand.AgentReply());
        MapAction<ActorRequest>("customer-reply", _ => new TicketCommand.CustomerReply());
        MapAction<ActorRequest>("wait-on-customer", _ => new TicketCommand.WaitOnCustomer());
        MapAction<DispatchRequest>("dispatch", r => new TicketCommand.Dispatch(Fields.Required(r.Department, "department"), Fields.PositiveDuration(r.TimeLimit, "timeLimit")));
        MapAction<ActorRequest>("return-from-hold", _ => new TicketCommand.ReturnFromHold());
        MapAction<EscalateRequest>("escalate", r => new TicketCommand.Escalate(Fields.Required(r.Reason, "reason")));
        MapAction<SolveRequest>("solve", r => new TicketCommand.Solve(Fields.Required(r.ResolutionCode, "resolutionCode")) { FirstContact = r.FirstContact });
        MapAction<ActorRequest>("reopen", _ => new TicketCommand.Reopen());
        MapAction<ActorRequest>("close", _ => new TicketCommand.Close());
        MapAction<CancelRequest>("cancel", r => new TicketCommand.Cancel(Fields.Required(r.Reason, "reason")));

        // A satisfaction survey answer (CSAT, 1–5) — kept by the desk, not the library.
        tickets.MapPost("/{id}/survey", async (string id, SurveyRequest body, ITicketService service, BoardStore board, Desk desk) =>
        {
            var score = Fields.Required(body.Score, "score");
            if (score is < 1 or > 5)
            {
                throw new BadFieldException("score", "must be 1 to 5.");
            }

            _ = await service.FindAsync(new TicketId(id)) ?? throw new EntityNotFoundException(TicketService.EntityKind, id);
            await board.SaveSurveyAsync(id, score, desk.Now);
            return Results.NoContent();
        });

        void MapAction<TRequest>(string action, Func<TRequest, TicketCommand> command)
            where TRequest : IActorRequest =>
            tickets.MapPost($"/{{id}}/{action}", async (string id, TRequest body, HttpContext http, ITicketService service, Views views) =>
            {
                var (actor, ticketId) = (ApiKit.ActorOf(body), new TicketId(id));
                var ticket = await ApiKit.ExecuteAsync(http, TicketService.EntityKind, id, async () => (await service.FindAsync(ticketId))?.Version,
                    () => service.ExecuteAsync(ticketId, command(body), actor));
                return ApiKit.Answer(http, ticket.Version, views.Of(ticket));
            });
    }

    private static async Task<IResult> OpenAsync(OpenTicketRequest body, HttpContext http, ITicketService service, Views views)
    {
        var id = body.Id ?? Fields.NewId("T");
        var ticket = await service.OpenAsync(new TicketId(id), Fields.Required(body.Channel, "channel"), Fields.Required(body.Category, "category"),
            Fields.Required(body.Priority, "priority"), Fields.Required(body.Actor, "actor"));
        return ApiKit.Created(http, $"/api/tickets/{id}", ticket.Version, views.Of(ticket));
    }
}
