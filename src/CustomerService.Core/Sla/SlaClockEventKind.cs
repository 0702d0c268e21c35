namespace CustomerService.Core.Sla;

/// <summary>What happened to an SLA clock at an instant.</summary>
/// <threadsafety>This is an enumeration; its values are immutable and thread-safe.</threadsafety>
public enum SlaClockEventKind
{
    /// <summary>The clock starts counting; it must be the first event and occurs once.</summary>
    Started = 0,

    /// <summary>The case starts waiting for a <see cref="SlaWaitReason"/>; the clock pauses if the policy pauses this metric for that reason.</summary>
    Paused = 1,

    /// <summary>The case stops waiting; a paused clock counts again.</summary>
    Resumed = 2,

    /// <summary>The metric was met (for example the first reply was sent); the clock stops.</summary>
    Met = 3,

    /// <summary>A per-reply metric starts a fresh cycle from zero (for example the customer wrote again).</summary>
    Reset = 4,

    /// <summary>The clock is cancelled for good; no event may follow.</summary>
    Cancelled = 5,
}
