namespace CustomerService.Core.Sla;

/// <summary>Where an SLA clock stands at an instant.</summary>
/// <remarks>Zero is <see cref="Unspecified"/>: the state of the default <see cref="SlaStatus"/>, which describes no clock, and of a missing field; a clock is never in it.</remarks>
/// <threadsafety>This is an enumeration; its values are immutable and thread-safe.</threadsafety>
public enum SlaClockState
{
    /// <summary>No state: the default value, for example of the default <see cref="SlaStatus"/>. No clock is ever in it.</summary>
    Unspecified = 0,

    /// <summary>The clock is counting and its target has not been reached yet.</summary>
    Running = 1,

    /// <summary>The clock is paused (the case waits for a reason the policy pauses this metric for) and its target has not been reached.</summary>
    Paused = 2,

    /// <summary>The metric was met before its due instant; the clock has stopped.</summary>
    Met = 3,

    /// <summary>The target has been reached without the metric being met: the clock may still be running, paused, or stopped late.</summary>
    Breached = 4,

    /// <summary>The clock was cancelled (for example the ticket was spam or a duplicate); it no longer counts or warns.</summary>
    Cancelled = 5,
}
