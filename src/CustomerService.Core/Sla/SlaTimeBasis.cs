namespace CustomerService.Core.Sla;

/// <summary>How an SLA target's time is counted: only while the business calendar is open, or around the clock.</summary>
/// <remarks>Zero is <see cref="Unspecified"/>, never a business value; it is rejected where a basis is required.</remarks>
/// <threadsafety>This is an enumeration; its values are immutable and thread-safe.</threadsafety>
public enum SlaTimeBasis
{
    /// <summary>No basis: the default value, for example a missing field. Rejected where a basis is required.</summary>
    Unspecified = 0,

    /// <summary>Time counts only while the policy's business calendar is open (for example 09:00–18:00 on working days).</summary>
    BusinessTime = 1,

    /// <summary>Time counts around the clock (24×7), whatever the calendar says; elapsed time is plain wall-clock time.</summary>
    CalendarTime = 2,
}
