using CustomerService.Core.Sla;
using NodaTime;

namespace CustomerService.Core.Tickets;

/// <summary>Maps ticket transitions to SLA clock events (see the table in the lifecycles documentation).</summary>
internal static class TicketSla
{
    public static SlaPriority Priority(TicketPriority priority) => priority switch
    {
        TicketPriority.Urgent => SlaPriority.Urgent,
        TicketPriority.High => SlaPriority.High,
        TicketPriority.Low => SlaPriority.Low,
        _ => SlaPriority.Normal,
    };

    /// <summary>The clocks of a newly opened ticket: first response, resolution and periodic update where the policy has them.</summary>
    public static (Ticket Ticket, IReadOnlyList<SlaCrossing> Crossings) Open(Ticket ticket, SlaCatalog catalog)
    {
        var (policy, rule) = TicketSlaSelection.Select(catalog, ticket);
        string? source = null;
        var calendar = policy is null ? null : TicketSlaSelection.ResolveCalendar(catalog, ticket, out source);
        var tracker = SlaTracker.Begin(calendar is null ? policy : catalog.PolicyOn(policy!, calendar), Priority(ticket.Priority), ticket.CreatedAt);
        if (tracker is null)
        {
            return (ticket, []);
        }

        var id = ticket.Id.Value!;
        tracker.Start(id, SlaMetric.FirstResponse, null);
        tracker.Start(id, SlaMetric.Resolution, null);
        tracker.Start(id, SlaMetric.PeriodicUpdate, null);
        return (ticket with { Sla = tracker.Finish(tracker.PolicyName) with { SelectedBy = rule, Calendar = calendar, CalendarSource = calendar is null ? null : source } }, []);
    }

    /// <summary>The clocks after a committed transition from <paramref name="previous"/> to <paramref name="next"/> at <paramref name="now"/>.</summary>
    /// <remarks>When the transition changed a fact the selection reads, the policy is selected again afterwards (<see cref="TicketSlaReselection"/>).</remarks>
    public static (Ticket Ticket, IReadOnlyList<SlaCrossing> Crossings) Transition(Ticket previous, Ticket next, TicketCommand command, SlaCatalog catalog, Instant now)
    {
        var (ticket, crossings) = TransitionClocks(previous, next, command, catalog, now);
        return TicketSlaSelection.FactsChanged(previous, ticket) ? TicketSlaReselection.Apply(ticket, catalog, now, crossings) : (ticket, crossings);
    }

    private static (Ticket Ticket, IReadOnlyList<SlaCrossing> Crossings) TransitionClocks(Ticket previous, Ticket next, TicketCommand command, SlaCatalog catalog, Instant now)
    {
        var tracker = SlaTracker.Resume(previous.Sla, catalog, now);
        if (tracker is null)
        {
            return (next, []);
        }

        var id = next.Id.Value!;
        var before = Waiting(previous);
        var after = Waiting(next);
        if (before is not null && before != after)
        {
            tracker.AppendToOpen(SlaClockEventKind.Resumed);
        }

        switch (command.Trigger)
        {
            case TicketTrigger.AgentReply:
                tracker.Append(SlaMetric.FirstResponse, SlaClockEventKind.Met);
                tracker.MeetCycle(SlaMetric.NextResponse);
                tracker.Append(SlaMetric.PeriodicUpdate, SlaClockEventKind.Reset);
                break;

            case TicketTrigger.CustomerReply:
                var reply = tracker.IndexOf(SlaMetric.NextResponse);
                if (reply < 0)
                {
                    // The first customer message after opening starts the next-response clock, paused at once when on hold.
                    tracker.Start(id, SlaMetric.NextResponse, before == after ? after : null);
                }
                else if (tracker.IsMetInCycle(reply))
                {
                    // An unanswered earlier message keeps its cycle: the next reply is measured from it.
                    tracker.Append(SlaMetric.NextResponse, SlaClockEventKind.Reset);
                }

                break;

            case TicketTrigger.Solve:
                tracker.Append(SlaMetric.Resolution, SlaClockEventKind.Met);
                tracker.Append(SlaMetric.FirstResponse, SlaClockEventKind.Met);
                tracker.MeetCycle(SlaMetric.NextResponse);
                tracker.MeetCycle(SlaMetric.PeriodicUpdate);
                break;

            case TicketTrigger.Reopen:
                // A reopened ticket owes a new resolution: a fresh clock with the full target; the first one stays as history.
                tracker.Start(id, SlaMetric.Resolution, null);
                tracker.Append(SlaMetric.PeriodicUpdate, SlaClockEventKind.Reset);
                break;

            case TicketTrigger.Merge or TicketTrigger.Cancel:
                tracker.AppendToOpen(SlaClockEventKind.Cancelled);
                break;
        }

        if (after is { } reason && before != after)
        {
            tracker.AppendToOpen(SlaClockEventKind.Paused, reason);
        }

        if (command is TicketCommand.Dispatch dispatch && next.Hold is { } hold)
        {
            // 限时处理: the department's time limit counts in business time on the policy's calendar.
            next = next with { Hold = hold with { Deadline = tracker.Policy.Calendar.Add(now, dispatch.TimeLimit), DeadlineBasis = SlaTimeBasis.BusinessTime } };
        }

        return (next with { Sla = tracker.Finish(tracker.PolicyName) }, tracker.Crossings);
    }

    /// <summary>Re-evaluates the clocks at <paramref name="now"/> without a transition: counts what was crossed, moves the check forward.</summary>
    public static (Ticket Ticket, IReadOnlyList<SlaCrossing> Crossings)? Evaluate(Ticket ticket, SlaCatalog catalog, Instant now)
    {
        if (ticket.Sla is null || now <= ticket.Sla.CheckedAt)
        {
            return null;
        }

        var tracker = SlaTracker.Resume(ticket.Sla, catalog, now, refresh: true);
        return tracker is null ? null : (ticket with { Sla = tracker.Finish(tracker.PolicyName) }, tracker.Crossings);
    }

    internal static SlaWaitReason? Waiting(Ticket ticket) => ticket.State switch
    {
        TicketState.Pending => SlaWaitReason.PendingOnCustomer,
        TicketState.OnHold => ticket.Hold?.Kind == TicketHoldKind.ThirdParty ? SlaWaitReason.WaitingOnThirdParty : SlaWaitReason.DispatchedToDepartment,
        _ => null,
    };
}
