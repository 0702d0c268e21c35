using System.Globalization;
using NodaTime;

namespace CustomerService.Core.Sla;

/// <summary>What an escalation rule of an <see cref="SlaPolicy"/> does when its warning or breach is reached.</summary>
/// <remarks>Combine the flags: <c>SlaEscalationActions.TierUp | SlaEscalationActions.Notify</c>.</remarks>
/// <threadsafety>This is an enumeration; its values are immutable and thread-safe.</threadsafety>
[Flags]
public enum SlaEscalationActions
{
    /// <summary>Nothing; not valid in a rule.</summary>
    None = 0,

    /// <summary>Raise the case one support tier, through its lifecycle's escalate transition (where the lifecycle permits it).</summary>
    TierUp = 1,

    /// <summary>Reassign the case to the rule's queue, through its lifecycle's assign or reassign transition (where the lifecycle permits it).</summary>
    Reassign = 2,

    /// <summary>Ask for people to be notified: the <see cref="SlaEscalated"/> event says so to the host's notification sink.</summary>
    Notify = 4,
}

/// <summary>
/// A case was escalated automatically by its SLA policy when a clock reached a warning or breached: written to the outbox in
/// the same atomic save as the transitions it caused, at most once per clock cycle and rule.
/// </summary>
/// <param name="EntityKind">The kind of case: <c>Ticket</c>.</param>
/// <param name="EntityId">The case's identifier.</param>
/// <param name="ClockId">The clock whose milestone caused the escalation.</param>
/// <param name="Metric">The clock's metric.</param>
/// <param name="Cycle">The clock's cycle (1 unless a per-reply metric was reset).</param>
/// <param name="Milestone">The milestone: <c>Breach</c>, a threshold such as <c>0.9</c>, or a lead time before due such as <c>PT1H</c>.</param>
/// <param name="ReachedAt">The instant the milestone was reached.</param>
/// <param name="Actions">What the rule asked for.</param>
/// <param name="Applied">What was done: the asked actions minus those the lifecycle did not permit (a tier-up at the top tier) or that changed nothing (a reassignment to the current assignee); <see cref="SlaEscalationActions.Notify"/> is always applied when asked.</param>
/// <param name="Queue">The queue the case was reassigned to, or <see langword="null"/>.</param>
/// <param name="EscalatedAt">The instant of the check that escalated (at or after <paramref name="ReachedAt"/>).</param>
/// <threadsafety>Events are immutable and may be shared freely between threads.</threadsafety>
public sealed record SlaEscalated(
    string EntityKind,
    string EntityId,
    string ClockId,
    SlaMetric Metric,
    int Cycle,
    string Milestone,
    Instant ReachedAt,
    SlaEscalationActions Actions,
    SlaEscalationActions Applied,
    string? Queue,
    Instant EscalatedAt) : CustomerServiceEvent(EscalatedAt, SlaMilestoneReached.SlaActor);

/// <summary>One escalation rule of a policy: on a metric's breach, threshold or lead-time warning, do these actions.</summary>
internal sealed class SlaEscalationRule
{
    public SlaEscalationRule(SlaMetric metric, double? threshold, Duration? beforeDue, SlaEscalationActions actions, string? queue)
    {
        Metric = metric;
        Threshold = threshold;
        BeforeDue = beforeDue;
        Actions = actions;
        Queue = queue;
        Milestone = threshold is { } f ? f.ToString("R", CultureInfo.InvariantCulture)
            : beforeDue is { } lead ? Period.FromNanoseconds(lead.ToInt64Nanoseconds()).Normalize().ToString()
            : "Breach";
    }

    public SlaMetric Metric { get; }

    /// <summary>The fractional threshold that triggers the rule, or <see langword="null"/>.</summary>
    public double? Threshold { get; }

    /// <summary>The lead time before due that triggers the rule, or <see langword="null"/>; both null means the breach.</summary>
    public Duration? BeforeDue { get; }

    public SlaEscalationActions Actions { get; }

    public string? Queue { get; }

    /// <summary>The milestone's name in keys, history reasons and events: <c>Breach</c>, <c>0.9</c> or <c>PT1H</c>-like.</summary>
    public string Milestone { get; }

    public const SlaEscalationActions AllActions = SlaEscalationActions.TierUp | SlaEscalationActions.Reassign | SlaEscalationActions.Notify;

    /// <summary>Checks a rule as the builder and the options take it; returns a message and the parameter at fault, or <see langword="null"/>.</summary>
    public static (string Message, string Parameter)? Validate(SlaEscalationActions actions, string? queue)
    {
        if (actions == SlaEscalationActions.None || (actions & ~AllActions) != 0)
        {
            return (string.Create(CultureInfo.InvariantCulture, $"The escalation actions {actions} are not valid: combine TierUp, Reassign and Notify (at least one)."), "actions");
        }

        var reassign = (actions & SlaEscalationActions.Reassign) != 0;
        if (reassign && string.IsNullOrWhiteSpace(queue))
        {
            return ("A reassigning escalation needs the queue to reassign to.", "queue");
        }

        if (!reassign && queue is not null)
        {
            return ("A queue is only used by a reassigning escalation: add Reassign to the actions or leave the queue out.", "queue");
        }

        if (queue is { Length: > 200 })
        {
            return ("A queue identifier must be at most 200 characters long.", "queue");
        }

        return null;
    }

    /// <summary>Whether this rule's milestone was reached in the clock's current cycle by <paramref name="status"/>, and when.</summary>
    public bool TryGetReachedAt(SlaPolicy policy, SlaStatus status, out Instant reachedAt)
    {
        if (Threshold is { } fraction)
        {
            var index = IndexOf(policy.WarningThresholds.AsSpan(), fraction);
            return status.TryGetThresholdCrossedAt(index, out reachedAt);
        }

        if (BeforeDue is { } lead)
        {
            var index = policy.WarningsBeforeDue.IndexOf(lead);
            return status.TryGetWarningBeforeDuePassedAt(index, out reachedAt);
        }

        reachedAt = status.BreachedAt.GetValueOrDefault();
        return status.BreachedAt is not null;
    }

    private static int IndexOf(ReadOnlySpan<double> thresholds, double fraction)
    {
        var ppm = SlaClockDefinition.ToPartsPerMillion(fraction);
        for (var i = 0; i < thresholds.Length; i++)
        {
            if (SlaClockDefinition.ToPartsPerMillion(thresholds[i]) == ppm)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Checks the rule against the policy it belongs to: its warning must be one the policy has.</summary>
    public string? CheckAgainst(ReadOnlySpan<double> thresholds, ReadOnlySpan<Duration> leads)
    {
        if (Threshold is { } fraction && IndexOf(thresholds, fraction) < 0)
        {
            return string.Create(CultureInfo.InvariantCulture, $"The escalation on {Metric} at threshold {fraction} names a warning threshold the policy does not have (it has {string.Join(", ", thresholds.ToArray())}).");
        }

        if (BeforeDue is { } lead && !leads.Contains(lead))
        {
            return string.Create(CultureInfo.InvariantCulture, $"The escalation on {Metric} at {lead} before due names a warning before due the policy does not have.");
        }

        return null;
    }
}
