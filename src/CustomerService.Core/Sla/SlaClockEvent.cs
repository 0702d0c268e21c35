using NodaTime;

namespace CustomerService.Core.Sla;

/// <summary>One thing that happened to an SLA clock: what, when, and for a pause, why.</summary>
/// <remarks>
/// <para>
/// A clock is rebuilt from its events, so storing these (kind, instant, reason) is all a host needs to persist a clock
/// and to recompute it after a policy or calendar change. Create events with the static factory methods.
/// </para>
/// <para>
/// Only a <see cref="SlaClockEventKind.Paused"/> event carries a reason; every other event carries
/// <see cref="SlaWaitReason.None"/>. The default value (kind <see cref="SlaClockEventKind.Unspecified"/>, reason
/// <see cref="SlaWaitReason.None"/>) is not an event: a clock rejects it with an <see cref="InvalidSlaEventException"/>, as it
/// rejects a pause without a reason and a reason on any other event.
/// </para>
/// </remarks>
/// <threadsafety>This type is an immutable value type: an instance may be read from any number of threads at once without locking.</threadsafety>
/// <param name="Kind">What happened; never <see cref="SlaClockEventKind.Unspecified"/> in a clock's history.</param>
/// <param name="At">When it happened.</param>
/// <param name="Reason">Why the case waits, for <see cref="SlaClockEventKind.Paused"/> (required); <see cref="SlaWaitReason.None"/> for every other kind.</param>
public readonly record struct SlaClockEvent(SlaClockEventKind Kind, Instant At, SlaWaitReason Reason = SlaWaitReason.None)
{
    /// <summary>Creates an event that starts the clock.</summary>
    /// <param name="at">When the clock starts.</param>
    /// <returns>A <see cref="SlaClockEventKind.Started"/> event.</returns>
    public static SlaClockEvent Started(Instant at) => new(SlaClockEventKind.Started, at);

    /// <summary>Creates an event that says the case starts waiting.</summary>
    /// <param name="at">When the wait starts.</param>
    /// <param name="reason">Why the case waits; the policy decides whether this metric pauses for it.</param>
    /// <returns>A <see cref="SlaClockEventKind.Paused"/> event.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when <paramref name="reason"/> is <see cref="SlaWaitReason.None"/> or not a defined value.</exception>
    public static SlaClockEvent Paused(Instant at, SlaWaitReason reason) =>
        SlaEnums.IsSpecified(reason)
            ? new(SlaClockEventKind.Paused, at, reason)
            : throw new ArgumentOutOfRangeException(nameof(reason), reason, SlaEnums.Unspecified(reason));

    /// <summary>Creates an event that says the case stops waiting.</summary>
    /// <param name="at">When the wait ends.</param>
    /// <returns>A <see cref="SlaClockEventKind.Resumed"/> event.</returns>
    public static SlaClockEvent Resumed(Instant at) => new(SlaClockEventKind.Resumed, at);

    /// <summary>Creates an event that says the metric was met and the clock stops.</summary>
    /// <param name="at">When the metric was met.</param>
    /// <returns>A <see cref="SlaClockEventKind.Met"/> event.</returns>
    public static SlaClockEvent Met(Instant at) => new(SlaClockEventKind.Met, at);

    /// <summary>Creates an event that starts a fresh cycle of a per-reply metric.</summary>
    /// <param name="at">When the new cycle starts.</param>
    /// <returns>A <see cref="SlaClockEventKind.Reset"/> event.</returns>
    public static SlaClockEvent Reset(Instant at) => new(SlaClockEventKind.Reset, at);

    /// <summary>Creates an event that cancels the clock for good.</summary>
    /// <param name="at">When the clock is cancelled.</param>
    /// <returns>A <see cref="SlaClockEventKind.Cancelled"/> event.</returns>
    public static SlaClockEvent Cancelled(Instant at) => new(SlaClockEventKind.Cancelled, at);
}
