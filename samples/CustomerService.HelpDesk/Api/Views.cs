using CustomerService.Core.Callbacks;
using CustomerService.Core.Complaints;
using CustomerService.Core.Sla;
using CustomerService.Core.Tickets;
using NodaTime;
using NodaTime.Text;

namespace CustomerService.HelpDesk.Api;

/// <summary>An SLA clock as the API shows it: due when, how much business time is left, which warning it reached.</summary>
public sealed record SlaView(string Metric, string State, string? DueAt, string? DueLocal, long? RemainingMinutes, double? WarningReached);

public sealed record HoldView(string Party, string? Deadline, string? DeadlineLocal, bool Passed);

public sealed record TicketView(
    string Id, string State, string Priority, string Channel, string Category, long Version, string? Assignee, int Tier,
    string CreatedAt, HoldView? Hold, IReadOnlyList<SlaView> Sla, IReadOnlyList<string> Actions);

public sealed record ComplaintView(string Id, string State, string Channel, long Version, string? TicketId, string? RespondBy, IReadOnlyList<SlaView> Sla, IReadOnlyList<string> Actions);

public sealed record CallbackView(string Id, string State, string Purpose, long Version, string? DueAt, string? DueLocal, int Attempts, string? Outcome, string? OpenedComplaintId, IReadOnlyList<string> Actions);

/// <summary>Builds the API's views from the library's snapshots.</summary>
public sealed class Views(Desk desk, TicketLifecycle tickets, ComplaintLifecycle complaints, CallbackLifecycle callbacks)
{
    public TicketView Of(Ticket t)
    {
        var now = desk.Now;
        var hold = t.Hold is { } h ? new HoldView(h.Party, Iso(h.Deadline), Local(h.Deadline), h.Deadline <= now && t.State == TicketState.OnHold) : null;
        return new TicketView(t.Id.Value, t.State.ToString(), t.Priority.ToString(), t.Channel.ToString(), t.Category.ToString(), t.Version,
            t.AssigneeId, t.Tier, Iso(t.CreatedAt)!, hold, Sla(t.Sla, now), Actions.Names(tickets.GetPermittedTriggers(t, now)));
    }

    public ComplaintView Of(Complaint c)
    {
        var now = desk.Now;
        return new ComplaintView(c.Id.Value, c.State.ToString(), c.Channel.ToString(), c.Version, c.TicketId?.Value, Iso(c.RespondBy), Sla(c.Sla, now),
            Actions.Names(complaints.GetPermittedTriggers(c, now)));
    }

    public CallbackView Of(Callback c) =>
        new(c.Id.Value, c.State.ToString(), c.Purpose.ToString(), c.Version, Iso(c.DueAt), Local(c.DueAt), c.AttemptCount, c.Outcome?.ToString(), c.OpenedComplaintId?.Value,
            Actions.Names(callbacks.GetPermittedTriggers(c, desk.Now)));

    private IReadOnlyList<SlaView> Sla(SlaClockSet? clocks, Instant now) =>
        [.. desk.Evaluate(clocks, now).Select(s => new SlaView(
            s.Clock.Metric.ToString(), s.State.ToString(), Iso(s.DueAt), Local(s.DueAt),
            s.IsCounting ? (long)s.Remaining.TotalMinutes : null, s.HighestThresholdCrossed))];

    private static string? Iso(Instant? instant) => instant is { } i ? InstantPattern.ExtendedIso.Format(i) : null;

    private string? Local(Instant? instant) => instant is { } i ? desk.Local(i) : null;
}
