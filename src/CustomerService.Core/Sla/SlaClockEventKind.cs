namespace CustomerService.Core.Sla;

/// <summary>What happened to an SLA clock at an instant.</summary>
/// <remarks>
/// Zero is <see cref="Unspecified"/>, never a business value, so an event whose kind was lost (a missing field, the
/// default value of <see cref="SlaClockEvent"/>) is rejected by the clock instead of passing for a start.
/// </remarks>
/// <threadsafety>This is an enumeration; its values are immutable and thread-safe.</threadsafety>
public enum SlaClockEventKind
{
    /// <summary>No kind: the default value, for example a missing field. Clocks reject events of this kind.</summary>
    Unspecified = 0,

    /// <summary>The clock starts counting; it must be the first event and occurs once.</summary>
    Started = 1,

    /// <summary>The case starts waiting for a <see cref="SlaWaitReason"/>; the clock pauses if the policy pauses this metric for that reason.</summary>
    Paused = 2,

    /// <summary>The case stops waiting; a paused clock counts again.</summary>
    Resumed = 3,

    /// <summary>The metric was met (for example the first reply was sent); the clock stops.</summary>
    Met = 4,

    /// <summary>A per-reply metric starts a fresh cycle from zero (for example the customer wrote again).</summary>
    Reset = 5,

    /// <summary>The clock is cancelled for good; no event may follow.</summary>
    Cancelled = 6,
}
