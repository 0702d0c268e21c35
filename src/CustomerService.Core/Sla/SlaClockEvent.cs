using NodaTime;

namespace CustomerService.Core.Sla;

/// <summary>One thing that happened to an SLA clock: what, when, and for a pause, why.</summary>
/// <remarks>
/// A clock is rebuilt from its events, so storing these (kind, instant, reason) is all a host needs to persist a clock
/// and to recompute it after a policy or calendar change. Create events with the static factory methods.
/// </remarks>
/// <threadsafety>This type is an immutable value type. See the thread safety section of the user guide for further information.</threadsafety>
/// <param name="Kind">What happened.</param>
/// <param name="At">When it happened.</param>
/// <param name="Reason">Why the case waits, for <see cref="SlaClockEventKind.Paused"/>; ignored for other kinds.</param>
public readonly record struct SlaClockEvent(SlaClockEventKind Kind, Instant At, SlaWaitReason Reason = SlaWaitReason.PendingOnCustomer)
{
    /// <summary>Creates an event that starts the clock.</summary>
    /// <param name="at">When the clock starts.</param>
    /// <returns>A <see cref="SlaClockEventKind.Started"/> event.</returns>
    public static SlaClockEvent Started(Instant at) => new(SlaClockEventKind.Started, at);

    /// <summary>Creates an event that says the case starts waiting.</summary>
    /// <param name="at">When the wait starts.</param>
    /// <param name="reason">Why the case waits; the policy decides whether this metric pauses for it.</param>
    /// <returns>A <see cref="SlaClockEventKind.Paused"/> event.</returns>
    public static SlaClockEvent Paused(Instant at, SlaWaitReason reason) => new(SlaClockEventKind.Paused, at, reason);

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
