using NodaTime;

namespace CustomerService.Core.Sla;

/// <summary>One change of a case's SLA policy, priority or calendar after a fact changed, as recorded in its <see cref="SlaClockSet.Reselections"/>.</summary>
/// <param name="At">The instant of the change (the transition's instant).</param>
/// <param name="FromPolicy">The policy the clocks ran under before, or <see langword="null"/> when the case had no SLA until this change.</param>
/// <param name="FromPriority">The priority whose targets the clocks used before, or <see langword="null"/> when the case had no SLA.</param>
/// <param name="ToPolicy">The policy selected.</param>
/// <param name="ToPriority">The priority whose targets the clocks use now.</param>
/// <param name="Rule">The selection rule that chose <paramref name="ToPolicy"/>, or <see langword="null"/> when no rule matched and the priority's or the default policy applied.</param>
/// <threadsafety>This type is immutable and may be shared freely between threads.</threadsafety>
public sealed record SlaReselection(Instant At, string? FromPolicy, string? FromPriority, string ToPolicy, string ToPriority, string? Rule)
{
    /// <summary>Gets the calendar the resolution chain had chosen before the change (<see cref="SlaClockSet.Calendar"/>).</summary>
    /// <value>A calendar name, or <see langword="null"/> (the default) when the clocks counted on the policy's own calendar.</value>
    public string? FromCalendar { get; init; }

    /// <summary>Gets the calendar the resolution chain chose at the change.</summary>
    /// <value>A calendar name, or <see langword="null"/> (the default) when the clocks count on the policy's own calendar.</value>
    public string? ToCalendar { get; init; }
}

/// <summary>A case's SLA policy or priority was selected again after one of its facts changed; its clocks now count towards the new targets.</summary>
/// <param name="EntityKind">The case's kind (<c>Ticket</c>).</param>
/// <param name="EntityId">The case's identifier.</param>
/// <param name="Reselection">What changed, when, and which rule chose the new policy.</param>
/// <param name="Actor">Who made the change that caused it.</param>
/// <threadsafety>Events are immutable and may be shared freely between threads.</threadsafety>
public sealed record SlaPolicyReselected(string EntityKind, string EntityId, SlaReselection Reselection, string Actor)
    : CustomerServiceEvent(Reselection?.At ?? default, Actor);
