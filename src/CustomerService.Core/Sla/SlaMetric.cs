namespace CustomerService.Core.Sla;

/// <summary>The promise an SLA clock measures, such as the first response to a ticket or its resolution.</summary>
/// <remarks>
/// <para>
/// <see cref="NextResponse"/> and <see cref="PeriodicUpdate"/> are per-reply metrics: their clocks run in cycles
/// and accept <see cref="SlaClockEventKind.Reset"/>, which starts a fresh cycle. The others run once.
/// </para>
/// <para>
/// Zero is <see cref="Unspecified"/>, never a business value: a metric lost on the way (a missing field) is rejected
/// wherever a metric is required instead of passing for a first response.
/// </para>
/// </remarks>
/// <threadsafety>This is an enumeration; its values are immutable and thread-safe.</threadsafety>
public enum SlaMetric
{
    /// <summary>No metric: the default value, for example a missing field. Rejected wherever a metric is required.</summary>
    Unspecified = 0,

    /// <summary>The time from the ticket's arrival to the first public reply by an agent.</summary>
    FirstResponse = 1,

    /// <summary>The time from a customer's message to the agent's next reply; restarts with every customer message.</summary>
    NextResponse = 2,

    /// <summary>The longest time a ticket may stay open without an update to the customer; restarts with every update.</summary>
    PeriodicUpdate = 3,

    /// <summary>The time from the ticket's arrival to its resolution.</summary>
    Resolution = 4,

    /// <summary>The time from a complaint's arrival to its acknowledgement.</summary>
    Acknowledgement = 5,

    /// <summary>The time from a complaint's arrival to the final response to it.</summary>
    FinalResponse = 6,
}
