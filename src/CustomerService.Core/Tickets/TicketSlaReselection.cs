using CustomerService.Core.Sla;
using NodaTime;

namespace CustomerService.Core.Tickets;

/// <summary>
/// Selects a ticket's SLA policy again after a fact changed, and moves its clocks to the new policy (the rule is in the SLA
/// documentation, "Re-selection").
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>The same policy, priority and calendar (the one the resolution chain chooses): nothing changes.</item>
/// <item>No policy selected: the ticket keeps its policy (a change never takes an SLA away); a ticket without SLA stays without. A stored policy no longer in the catalog: nothing changes.</item>
/// <item>Otherwise every clock is rebuilt from its own events under the new policy: it keeps its start, its pauses and
/// resumes, and so its elapsed time, and counts towards the new target. Met clocks stay met: the cycles completed so far
/// are judged under what they were completed under (<see cref="SlaClockRecord.Judgements"/>). An open clock of a metric
/// the new policy has no target for is cancelled at the change; a metric it adds, that the ticket still owes, starts
/// at the change (paused at once when the ticket waits).</item>
/// <item>Every warning and breach the new targets put at or before the change is reported at the change with its exact
/// instant: an upgrade can breach at once.</item>
/// </list>
/// </remarks>
internal static class TicketSlaReselection
{
    private static readonly SlaMetric[] TicketMetrics = [SlaMetric.FirstResponse, SlaMetric.NextResponse, SlaMetric.PeriodicUpdate, SlaMetric.Resolution];

    public static (Ticket Ticket, IReadOnlyList<SlaCrossing> Crossings) Apply(Ticket ticket, SlaCatalog catalog, Instant now, IReadOnlyList<SlaCrossing> crossings)
    {
        var (policy, rule) = TicketSlaSelection.Select(catalog, ticket);
        if (policy is null)
        {
            return (ticket, crossings);
        }

        var priority = TicketSla.Priority(ticket.Priority);
        var calendar = TicketSlaSelection.ResolveCalendar(catalog, ticket, out var source);
        var set = ticket.Sla;
        SlaPolicy? stored = null;
        if (set is not null && !catalog.TryGetPolicy(set.PolicyName, out stored))
        {
            // A stored policy gone from the catalog leaves the clocks as stored until it is back (lifecycles.md).
            return (ticket, crossings);
        }

        if (set is null
            ? !InProgress(ticket)
            : string.Equals(set.PolicyName, policy.Name, StringComparison.Ordinal) && string.Equals(set.Priority, priority.Name, StringComparison.Ordinal)
                && string.Equals(set.Calendar, calendar, StringComparison.Ordinal))
        {
            return (ticket, crossings);
        }

        // Checked "since ever": every milestone the new targets put at or before the change is news. Cycles completed so far
        // keep the judgement they were completed under (met clocks stay met).
        var basis = set is null
            ? new SlaClockSet { PolicyName = policy.Name, Priority = priority.Name, CheckedAt = Instant.MinValue, Calendar = calendar, CalendarSource = source }
            : set.JudgeCompletedCycles(stored!) with { PolicyName = policy.Name, Priority = priority.Name, CheckedAt = Instant.MinValue, Calendar = calendar, CalendarSource = source };
        var tracker = SlaTracker.Resume(basis, catalog, now, refresh: true)!;
        foreach (var metric in TicketMetrics)
        {
            if (tracker.Current(metric, out _) is { IsOpen: true } && !tracker.HasTarget(metric))
            {
                tracker.Append(metric, SlaClockEventKind.Cancelled);
            }
        }

        if (InProgress(ticket))
        {
            var id = ticket.Id.Value!;
            var waiting = TicketSla.Waiting(ticket);
            foreach (var metric in TicketMetrics)
            {
                var current = tracker.Current(metric, out _);
                if (tracker.HasTarget(metric) && (current is null || IsCancelled(current)) && Owed(ticket, metric))
                {
                    tracker.Start(id, metric, waiting);
                }
            }
        }

        var change = new SlaReselection(now, set?.PolicyName, set?.Priority, policy.Name, priority.Name, rule) { FromCalendar = set?.Calendar, ToCalendar = calendar };
        var result = tracker.Finish(policy.Name) with { SelectedBy = rule, Reselections = [.. basis.Reselections, change] };
        IReadOnlyList<SlaCrossing> all = tracker.Crossings.Count == 0 ? crossings : [.. crossings, .. tracker.Crossings];
        return (ticket with { Sla = result }, all);
    }

    private static bool InProgress(Ticket ticket) => ticket.State is TicketState.New or TicketState.Open or TicketState.Pending or TicketState.OnHold;

    private static bool IsCancelled(SlaClockRecord record) => record.Events.Count > 0 && record.Events[^1].Kind == SlaClockEventKind.Cancelled;

    /// <summary>Whether the ticket still owes a metric the new policy adds.</summary>
    private static bool Owed(Ticket ticket, SlaMetric metric) => metric switch
    {
        SlaMetric.FirstResponse => ticket.FirstRespondedAt is null,
        SlaMetric.NextResponse => ticket.LastCustomerReplyAt is { } asked && (ticket.LastAgentReplyAt is not { } answered || answered < asked),
        _ => true,
    };
}
