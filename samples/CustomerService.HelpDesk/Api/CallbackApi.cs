using CustomerService.Core;
using CustomerService.Core.Callbacks;
using CustomerService.Core.Storage;
using NodaTime;

namespace CustomerService.HelpDesk.Api;

public sealed record RequestCallbackRequest(string? Id, CallbackPurpose? Purpose, string? TimeZone, string? TicketId, string? ComplaintId, string? Actor);

public sealed record ScheduleRequest(string? Actor, string? WindowStart, string? WindowEnd) : IActorRequest;

public sealed record CompleteCallbackRequest(string? Actor, CallbackOutcome? Outcome, string? ComplaintToOpen) : IActorRequest;

/// <summary>
/// Callbacks (回访): request one, schedule its window, then record each attempt — <c>start-attempt</c>, then
/// <c>reach</c>, <c>no-answer</c>, <c>busy</c>, <c>voicemail</c> or <c>wrong-number</c> — and the outcome. The hosted due
/// work makes a scheduled callback due when its window opens, and schedules retries inside the contact window. A callback
/// completed as dissatisfied opens a complaint (<c>openedComplaintId</c>).
/// </summary>
public static class CallbackApi
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var callbacks = app.MapGroup("/api/callbacks");
        callbacks.MapPost("/", async (RequestCallbackRequest body, HttpContext http, ICallbackService service, IDateTimeZoneProvider zones, Desk desk, Views views) =>
        {
            var id = body.Id ?? Fields.NewId("CB");
            var zone = body.TimeZone is null ? desk.Zone : zones.GetZoneOrNull(body.TimeZone) ?? throw new BadFieldException("timeZone", "is not a TZDB time zone such as Asia/Shanghai.");
            var details = new CallbackDetails(Fields.Required(body.Purpose, "purpose"), zone)
            {
                TicketId = body.TicketId is { } t ? new TicketId(t) : null,
                ComplaintId = body.ComplaintId is { } c ? new ComplaintId(c) : null,
            };
            var callback = await service.RequestAsync(new CallbackId(id), details, Fields.Required(body.Actor, "actor"));
            return ApiKit.Created(http, $"/api/callbacks/{id}", callback.Version, views.Of(callback));
        });
        callbacks.MapGet("/{id}", async (string id, HttpContext http, ICallbackService service, Views views) =>
        {
            var callback = await service.FindAsync(new CallbackId(id)) ?? throw new EntityNotFoundException(CallbackService.EntityKind, id);
            return ApiKit.Answer(http, callback.Version, views.Of(callback));
        });

        MapAction<ScheduleRequest>("schedule", r => new CallbackCommand.Schedule(Fields.Instant(r.WindowStart, "windowStart"), Fields.Instant(r.WindowEnd, "windowEnd")));
        MapAction<ScheduleRequest>("reschedule", r => new CallbackCommand.Reschedule(Fields.Instant(r.WindowStart, "windowStart"), Fields.Instant(r.WindowEnd, "windowEnd")));
        MapAction<ActorRequest>("start-attempt", _ => new CallbackCommand.StartAttempt());
        MapAction<ActorRequest>("reach", _ => new CallbackCommand.Reach());
        MapAction<ActorRequest>("no-answer", _ => new CallbackCommand.NoAnswer());
        MapAction<ActorRequest>("busy", _ => new CallbackCommand.Busy());
        MapAction<ActorRequest>("voicemail", _ => new CallbackCommand.Voicemail());
        MapAction<ActorRequest>("wrong-number", _ => new CallbackCommand.WrongNumber());
        MapAction<CompleteCallbackRequest>("complete", r => Complete(Fields.Required(r.Outcome, "outcome"), r.ComplaintToOpen));
        MapAction<ActorRequest>("refuse", _ => new CallbackCommand.Refuse());

        // A dissatisfied customer gets a complaint (the library opens it from the callback's event); its id is the
        // client's, or a new one.
        static CallbackCommand.Complete Complete(CallbackOutcome outcome, string? complaintToOpen) =>
            outcome == CallbackOutcome.Dissatisfied
                ? new(outcome, new ComplaintId(complaintToOpen ?? Fields.NewId("C")))
                : complaintToOpen is null ? new(outcome) : throw new BadFieldException("complaintToOpen", "is only for a dissatisfied outcome.");

        void MapAction<TRequest>(string action, Func<TRequest, CallbackCommand> command)
            where TRequest : IActorRequest =>
            callbacks.MapPost($"/{{id}}/{action}", async (string id, TRequest body, HttpContext http, ICallbackService service, Views views) =>
            {
                var (actor, callbackId) = (ApiKit.ActorOf(body), new CallbackId(id));
                var callback = await ApiKit.ExecuteAsync(http, CallbackService.EntityKind, id, async () => (await service.FindAsync(callbackId))?.Version,
                    () => service.ExecuteAsync(callbackId, command(body), actor));
                return ApiKit.Answer(http, callback.Version, views.Of(callback));
            });
    }
}
