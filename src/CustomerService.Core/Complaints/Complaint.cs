using CustomerService.Core.Sla;
using NodaTime;

namespace CustomerService.Core.Complaints;

/// <summary>
/// A complaint (投诉) at one version: its origin, its lifecycle state, what the transitions recorded (deadline,
/// assessment, remedy, outcome) and its history. This plain record is also the snapshot complaint stores save and load.
/// </summary>
/// <remarks>Change a complaint only through <see cref="ComplaintLifecycle.Apply"/> (or a complaint service); <see cref="Version"/> always equals the number of history entries.</remarks>
/// <threadsafety>This type is immutable (its history is an immutable list) and may be shared freely between threads.</threadsafety>
public sealed record Complaint
{
    private readonly ValueList<TransitionRecord<ComplaintState, ComplaintTrigger>> _history = ValueList<TransitionRecord<ComplaintState, ComplaintTrigger>>.Empty;

    /// <summary>Gets the complaint's identifier.</summary>
    /// <value>The identifier chosen by the host.</value>
    public required ComplaintId Id { get; init; }

    /// <summary>Gets the channel the complaint arrived on.</summary>
    /// <value>One of the <see cref="ContactChannel"/> values.</value>
    public required ContactChannel Channel { get; init; }

    /// <summary>Gets the instant the complaint was received.</summary>
    /// <value>The receipt instant.</value>
    public required Instant ReceivedAt { get; init; }

    /// <summary>Gets the ticket the complaint came from.</summary>
    /// <value>The ticket's identifier, or <see langword="null"/>.</value>
    public TicketId? TicketId { get; init; }

    /// <summary>Gets the callback whose dissatisfied outcome opened the complaint.</summary>
    /// <value>The callback's identifier, or <see langword="null"/>.</value>
    public CallbackId? CallbackId { get; init; }

    /// <summary>Gets the instant of the complaint's latest recorded change after its receipt: a transition, an SLA check or a due-work check.</summary>
    /// <value><see langword="null"/> until the first change. Every later change is recorded at this instant or after it (time is monotonic per complaint).</value>
    public Instant? UpdatedAt { get; init; }

    /// <summary>Gets the complaint's lifecycle state.</summary>
    /// <value>The default value is <see cref="ComplaintState.Received"/>.</value>
    public ComplaintState State { get; init; } = ComplaintState.Received;

    /// <summary>Gets the complaint's version: the number of transitions applied since it was received.</summary>
    /// <value>The default value is 0.</value>
    public long Version { get; init; }

    /// <summary>Gets the complaint's history, oldest first: one entry per transition.</summary>
    /// <value>The default value is an empty list. Any list given is kept as an immutable copy with value equality, so snapshots with equal histories are equal.</value>
    public IReadOnlyList<TransitionRecord<ComplaintState, ComplaintTrigger>> History
    {
        get => _history;
        init => _history = ValueList<TransitionRecord<ComplaintState, ComplaintTrigger>>.From(value);
    }

    /// <summary>Gets the instant the complaint was acknowledged.</summary>
    /// <value>The instant, or <see langword="null"/> before acknowledgement.</value>
    public Instant? AcknowledgedAt { get; init; }

    /// <summary>Gets the deadline for responding to the complainant, set on acknowledgement.</summary>
    /// <value>The deadline, or <see langword="null"/> before acknowledgement.</value>
    public Instant? RespondBy { get; init; }

    /// <summary>Gets a value indicating whether <see cref="RespondBy"/> passed while the complaint still awaited its response (reported once, by due work).</summary>
    /// <value><see langword="true"/> once a due-work check saw the deadline pass and raised <see cref="ComplaintResponseOverdue"/>.</value>
    public bool ResponseOverdue { get; init; }

    /// <summary>Gets the latest assessment.</summary>
    /// <value>The assessment, or <see langword="null"/> before one was recorded.</value>
    public ComplaintAssessment? Assessment { get; init; }

    /// <summary>Gets the remedy proposed (or given with the final response).</summary>
    /// <value>The remedy, or <see langword="null"/> before one was proposed.</value>
    public ComplaintRemedy? Remedy { get; init; }

    /// <summary>Gets the instant the remedy was fulfilled.</summary>
    /// <value>The instant, or <see langword="null"/>.</value>
    public Instant? RemedyFulfilledAt { get; init; }

    /// <summary>Gets the reason code given when the complaint was not upheld.</summary>
    /// <value>The host's code, or <see langword="null"/>.</value>
    public string? DismissalCode { get; init; }

    /// <summary>Gets a value indicating whether the complainant appealed.</summary>
    /// <value><see langword="true"/> once the complaint was escalated on appeal.</value>
    public bool Appealed { get; init; }

    /// <summary>Gets the external body the complaint was referred to.</summary>
    /// <value>The body's name (an organisation, never a person), or <see langword="null"/>.</value>
    public string? ExternalBody { get; init; }

    /// <summary>Gets whether the complainant was satisfied at closing.</summary>
    /// <value><see langword="true"/> or <see langword="false"/> once closed; <see langword="null"/> before.</value>
    public bool? Satisfied { get; init; }

    /// <summary>Gets the instant the complaint reached a final state.</summary>
    /// <value>The instant, or <see langword="null"/> while open.</value>
    public Instant? EndedAt { get; init; }

    /// <summary>Gets the complaint's SLA clocks (acknowledgement and final response), saved with its state under the same version.</summary>
    /// <value>The clocks the complaint service keeps, or <see langword="null"/> when no SLA policy applies to complaints.</value>
    public SlaClockSet? Sla { get; init; }

    /// <summary>Gets a value indicating whether the complaint is in a final state.</summary>
    /// <value><see langword="true"/> when closed, referred externally or withdrawn.</value>
    public bool IsFinal => State is ComplaintState.Closed or ComplaintState.ReferredExternally or ComplaintState.Withdrawn;

    /// <summary>Creates a received complaint at version 0.</summary>
    /// <param name="id">The complaint's identifier.</param>
    /// <param name="origin">The channel, and the ticket or callback it came from.</param>
    /// <param name="receivedAt">The instant it was received.</param>
    /// <returns>The new complaint.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="origin"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">Thrown when <paramref name="id"/> or an identifier of <paramref name="origin"/> is the default value.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when the channel is not a defined value.</exception>
    public static Complaint Create(ComplaintId id, ComplaintOrigin origin, Instant receivedAt)
    {
        if (id.Value is null)
        {
            throw new ArgumentException("The complaint identifier must not be the default value.", nameof(id));
        }

        ArgumentNullException.ThrowIfNull(origin);
        Guard.Defined(origin.Channel, nameof(origin));
        if (origin.TicketId is { Value: null } || origin.CallbackId is { Value: null })
        {
            throw new ArgumentException("A ticket or callback identifier of the origin must not be the default value.", nameof(origin));
        }

        return new Complaint { Id = id, Channel = origin.Channel, ReceivedAt = receivedAt, TicketId = origin.TicketId, CallbackId = origin.CallbackId };
    }
}
