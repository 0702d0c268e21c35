using NodaTime;

namespace CustomerService.Core.Sla;

/// <summary>
/// An SLA clock of a ticket or complaint reached a warning threshold or breached: raised once per crossing by the
/// transition or due-work check that first observed it, in the same atomic save, and delivered through the outbox
/// (notify a team lead, page an on-call manager).
/// </summary>
/// <param name="EntityKind">The kind of case: <c>Ticket</c> or <c>Complaint</c>.</param>
/// <param name="EntityId">The case's identifier.</param>
/// <param name="ClockId">The clock's identifier (the case, the metric and, for a later clock of the same metric, its ordinal).</param>
/// <param name="Metric">The clock's metric.</param>
/// <param name="Priority">The name of the priority whose target the clock uses (for example <c>Urgent</c>).</param>
/// <param name="Fraction">The warning threshold reached (for example 0.75), or 1 for the breach.</param>
/// <param name="IsBreach">Whether the target itself was reached.</param>
/// <param name="ReachedAt">The instant the threshold was reached (it may lie before the check that observed it).</param>
/// <threadsafety>Events are immutable and may be shared freely between threads.</threadsafety>
public sealed record SlaMilestoneReached(
    string EntityKind,
    string EntityId,
    string ClockId,
    SlaMetric Metric,
    string Priority,
    double Fraction,
    bool IsBreach,
    Instant ReachedAt) : CustomerServiceEvent(ReachedAt, SlaMilestoneReached.SlaActor)
{
    /// <summary>The actor of SLA events: <c>sla</c>.</summary>
    public const string SlaActor = "sla";

    /// <summary>Gets the lead time of a warning before due (<see cref="SlaPolicy.WarningsBeforeDue"/>), for example one business hour.</summary>
    /// <value>The lead time for a warning before due, whose <see cref="Fraction"/> is then the share of the target counted when it was passed; <see langword="null"/> for a fractional threshold or the breach (the default).</value>
    public Duration? BeforeDue { get; init; }

    internal static SlaMilestoneReached From(string entityKind, string entityId, SlaCrossing crossing, string messageId) =>
        new(entityKind, entityId, crossing.ClockId, crossing.Metric, crossing.Priority, crossing.Fraction, crossing.IsBreach, crossing.At) { Id = messageId, BeforeDue = crossing.BeforeDue };
}
