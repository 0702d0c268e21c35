using CustomerService.Core.Sla;
using NodaTime;

namespace CustomerService.Core.Tickets;

/// <summary>
/// Applies a policy's escalation rules to a ticket (issue 17, item 7): for each rule whose milestone its clock reached in the
/// current cycle and that was not applied to that cycle yet, raise the tier and/or reassign to the rule's queue through the
/// lifecycle (recorded in the history with the reason <c>sla:{key}</c>), publish <see cref="SlaEscalated"/>, and remember the
/// key in <see cref="SlaClockSet.Escalations"/>, all in the due-work check's one atomic save.
/// </summary>
internal static class TicketSlaEscalation
{
    /// <summary>The actor recorded for escalation transitions: <c>sla-escalation</c>.</summary>
    public const string Actor = "sla-escalation";

    /// <summary>Whether an escalation is pending at the ticket's last SLA check: the due-work job must then look at it at once.</summary>
    public static Instant? PendingAt(Ticket ticket, SlaCatalog catalog) =>
        ticket.Sla is { } set && HasRules(set, catalog) && Pending(ticket, catalog, set.CheckedAt).Count > 0 ? set.CheckedAt : null;

    /// <summary>Whether the set's policy has escalation rules at all (every save asks; most policies have none).</summary>
    private static bool HasRules(SlaClockSet set, SlaCatalog catalog) =>
        catalog.TryGetPolicy(set.PolicyName, out var policy) && !policy.Escalations.IsEmpty;

    /// <summary>The ticket with its pending escalations applied at <paramref name="at"/>, and their events; <see langword="null"/> when none is pending.</summary>
    public static (Ticket Ticket, IReadOnlyList<CustomerServiceEvent> Events)? Apply(Ticket ticket, SlaCatalog catalog, TicketLifecycle lifecycle, Instant at)
    {
        var pending = Pending(ticket, catalog, at);
        if (pending.Count == 0)
        {
            return null;
        }

        var events = new List<CustomerServiceEvent>();
        var keys = new List<string>(ticket.Sla!.Escalations);
        foreach (var (rule, clock, reachedAt, key) in pending)
        {
            var marker = "sla:" + key;
            var applied = rule.Actions & SlaEscalationActions.Notify;
            if ((rule.Actions & SlaEscalationActions.TierUp) != 0 && lifecycle.CanFire(ticket, TicketTrigger.Escalate, at))
            {
                ticket = lifecycle.Apply(ticket, new TicketCommand.Escalate(marker), Actor, at);
                events.Add(new TicketTransitioned(ticket with { History = [] }, ticket.History[^1]));
                applied |= SlaEscalationActions.TierUp;
            }

            if ((rule.Actions & SlaEscalationActions.Reassign) != 0 && rule.Queue is { } queue && ticket.AssigneeId != queue)
            {
                TicketCommand command = ticket.State == TicketState.New ? new TicketCommand.Assign(queue) : new TicketCommand.Reassign(queue);
                if (lifecycle.CanFire(ticket, command.Trigger, at))
                {
                    ticket = lifecycle.Apply(ticket, command, Actor, at);
                    var history = ticket.History;
                    var transition = history[^1] with { Reason = marker };
                    ticket = ticket with { History = [.. history.Take(history.Count - 1), transition] };
                    events.Add(new TicketTransitioned(ticket with { History = [] }, transition));
                    applied |= SlaEscalationActions.Reassign;
                }
            }

            var reassigned = (rule.Actions & SlaEscalationActions.Reassign) != 0 ? rule.Queue : null;
            events.Add(new SlaEscalated(TicketService.EntityKind, ticket.Id.Value!, clock.Id, clock.Metric, clock.Cycle, rule.Milestone, reachedAt, rule.Actions, applied, reassigned, at));
            if (!keys.Contains(key))
            {
                keys.Add(key);
            }
        }

        return (ticket with { Sla = ticket.Sla! with { Escalations = keys } }, events);
    }

    /// <summary>The rules whose milestone was reached (and, for a warning, delivered) by <paramref name="at"/> in the current cycle of their metric's clock, not applied to that cycle yet.</summary>
    private static List<(SlaEscalationRule Rule, SlaClock Clock, Instant ReachedAt, string Key)> Pending(Ticket ticket, SlaCatalog catalog, Instant at)
    {
        var pending = new List<(SlaEscalationRule, SlaClock, Instant, string)>();
        if (ticket.Sla is not { } set || !catalog.TryGetPolicy(set, out var policy) || policy.Escalations.IsEmpty)
        {
            return pending;
        }

        var priority = new SlaPriority(set.Priority);
        Dictionary<SlaMetric, SlaStatus>? statuses = null;
        foreach (var rule in policy.Escalations)
        {
            var record = set.Find(rule.Metric);
            if (record is null || !record.IsOpen || !policy.TryGetTarget(rule.Metric, priority, out _))
            {
                continue;
            }

            statuses ??= [];
            if (!statuses.TryGetValue(rule.Metric, out var status))
            {
                var built = record.CreateClock(policy, priority);
                status = built.Evaluate(at < built.StartedAt ? built.StartedAt : at);
                statuses[rule.Metric] = status;
            }

            // A met or cancelled cycle needs no escalation any more; a paused one still does (its milestone was reached).
            if (!(status.IsCounting || status.IsPaused) || !rule.TryGetReachedAt(policy, status, out var reachedAt))
            {
                continue;
            }

            if (rule.BeforeDue is not null || rule.Threshold is not null)
            {
                // A warning escalates when it is delivered (at the next opening when the policy says so).
                if (policy.WarningRules.DeliveryAt(policy.Calendar, reachedAt) > at)
                {
                    continue;
                }
            }

            var clock = status.Clock;
            var key = clock.Id + "#" + clock.Cycle.ToString(System.Globalization.CultureInfo.InvariantCulture) + "#" + rule.Milestone;
            if (!set.Escalations.Contains(key))
            {
                pending.Add((rule, clock, reachedAt, key));
            }
        }

        return pending;
    }
}
