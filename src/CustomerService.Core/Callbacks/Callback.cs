using NodaTime;

namespace CustomerService.Core.Callbacks;

/// <summary>
/// A callback (回访 / 电访) at one version: why and when to call, the attempts made, the outcome, and its history.
/// This plain record is also the snapshot callback stores save and load.
/// </summary>
/// <remarks>Change a callback only through <see cref="CallbackLifecycle.Apply"/> (or a callback service); <see cref="Version"/> always equals the number of history entries.</remarks>
/// <threadsafety>This type is immutable (its history is an immutable list) and may be shared freely between threads.</threadsafety>
public sealed record Callback
{
    private readonly ValueList<TransitionRecord<CallbackState, CallbackTrigger>> _history = ValueList<TransitionRecord<CallbackState, CallbackTrigger>>.Empty;

    /// <summary>Gets the callback's identifier.</summary>
    /// <value>The identifier chosen by the host.</value>
    public required CallbackId Id { get; init; }

    /// <summary>Gets why the callback is made.</summary>
    /// <value>One of the <see cref="CallbackPurpose"/> values.</value>
    public required CallbackPurpose Purpose { get; init; }

    /// <summary>Gets the TZDB identifier of the contact's time zone (the contact window is local to it).</summary>
    /// <value>A zone identifier such as <c>Asia/Shanghai</c>.</value>
    public required string ContactTimeZoneId { get; init; }

    /// <summary>Gets the instant the callback was requested.</summary>
    /// <value>The request instant.</value>
    public required Instant RequestedAt { get; init; }

    /// <summary>Gets the ticket the callback follows up.</summary>
    /// <value>The ticket's identifier, or <see langword="null"/>.</value>
    public TicketId? TicketId { get; init; }

    /// <summary>Gets the complaint the callback follows up.</summary>
    /// <value>The complaint's identifier, or <see langword="null"/>.</value>
    public ComplaintId? ComplaintId { get; init; }

    /// <summary>Gets the instant of the callback's latest recorded change after its request (a transition).</summary>
    /// <value><see langword="null"/> until the first change. Every later change is recorded at this instant or after it (time is monotonic per callback).</value>
    public Instant? UpdatedAt { get; init; }

    /// <summary>Gets the callback's lifecycle state.</summary>
    /// <value>The default value is <see cref="CallbackState.Requested"/>.</value>
    public CallbackState State { get; init; } = CallbackState.Requested;

    /// <summary>Gets the callback's version: the number of transitions applied since it was requested.</summary>
    /// <value>The default value is 0.</value>
    public long Version { get; init; }

    /// <summary>Gets the callback's history, oldest first: one entry per transition.</summary>
    /// <value>The default value is an empty list. Any list given is kept as an immutable copy with value equality, so snapshots with equal histories are equal.</value>
    public IReadOnlyList<TransitionRecord<CallbackState, CallbackTrigger>> History
    {
        get => _history;
        init => _history = ValueList<TransitionRecord<CallbackState, CallbackTrigger>>.From(value);
    }

    /// <summary>Gets the start of the window the callback was scheduled for.</summary>
    /// <value>The instant, or <see langword="null"/> before scheduling.</value>
    public Instant? WindowStart { get; init; }

    /// <summary>Gets the end of the window the callback was scheduled for.</summary>
    /// <value>The instant, or <see langword="null"/> before scheduling.</value>
    public Instant? WindowEnd { get; init; }

    /// <summary>Gets when the next attempt is due (inside the contact window).</summary>
    /// <value>The instant, or <see langword="null"/> when no attempt is planned.</value>
    public Instant? DueAt { get; init; }

    /// <summary>Gets how many attempts were made since the callback was last scheduled by a person.</summary>
    /// <value>The default value is 0; a reschedule starts again from 0.</value>
    public int AttemptCount { get; init; }

    /// <summary>Gets the outcome of a completed callback.</summary>
    /// <value>The outcome, or <see langword="null"/> while not completed.</value>
    public CallbackOutcome? Outcome { get; init; }

    /// <summary>Gets the complaint opened because the contact was dissatisfied.</summary>
    /// <value>The complaint's identifier, or <see langword="null"/>.</value>
    public ComplaintId? OpenedComplaintId { get; init; }

    /// <summary>Gets the fallback channel used after exhaustion.</summary>
    /// <value>The channel, or <see langword="null"/>.</value>
    public CallbackFallbackChannel? FallbackChannel { get; init; }

    /// <summary>Gets the instant the callback reached a final state.</summary>
    /// <value>The instant, or <see langword="null"/> while open.</value>
    public Instant? EndedAt { get; init; }

    /// <summary>Creates a requested callback at version 0.</summary>
    /// <param name="id">The callback's identifier.</param>
    /// <param name="purpose">Why the callback is made.</param>
    /// <param name="contactTimeZone">The contact's time zone.</param>
    /// <param name="requestedAt">The instant it was requested.</param>
    /// <param name="ticketId">The ticket it follows up, if any.</param>
    /// <param name="complaintId">The complaint it follows up, if any.</param>
    /// <returns>The new callback.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="contactTimeZone"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">Thrown when <paramref name="id"/> is the default value.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when <paramref name="purpose"/> is not a defined value.</exception>
    public static Callback Create(CallbackId id, CallbackPurpose purpose, DateTimeZone contactTimeZone, Instant requestedAt, TicketId? ticketId = null, ComplaintId? complaintId = null)
    {
        if (id.Value is null)
        {
            throw new ArgumentException("The callback identifier must not be the default value.", nameof(id));
        }

        ArgumentNullException.ThrowIfNull(contactTimeZone);
        Guard.Defined(purpose, nameof(purpose));
        return new Callback
        {
            Id = id,
            Purpose = purpose,
            ContactTimeZoneId = contactTimeZone.Id,
            RequestedAt = requestedAt,
            TicketId = ticketId,
            ComplaintId = complaintId,
        };
    }
}
