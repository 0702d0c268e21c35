using NodaTime;

namespace CustomerService.Core.Sla;

/// <summary>
/// Thrown when an SLA clock's events do not form a valid history: out of order, a pause while already paused, a resume
/// while running, an event after cancellation, or a reset of a metric that runs once.
/// </summary>
/// <remarks>The message names the clock by its identifier and the rule broken; it never contains customer data.</remarks>
/// <threadsafety>Instances are immutable once thrown and may be shared between threads.</threadsafety>
public sealed class InvalidSlaEventException : CustomerServiceException
{
    /// <summary>Initializes a new instance of the <see cref="InvalidSlaEventException"/> class.</summary>
    /// <param name="clockId">The identifier of the clock whose history is invalid.</param>
    /// <param name="eventIndex">The zero-based position of the offending event in the clock's history.</param>
    /// <param name="eventKind">The kind of the offending event.</param>
    /// <param name="at">The instant of the offending event.</param>
    /// <param name="message">The message that names the clock and the rule broken.</param>
    public InvalidSlaEventException(string clockId, int eventIndex, SlaClockEventKind eventKind, Instant at, string message)
        : base(message)
    {
        ClockId = clockId;
        EventIndex = eventIndex;
        EventKind = eventKind;
        At = at;
    }

    /// <summary>Gets the identifier of the clock whose history is invalid.</summary>
    /// <value>The clock's identifier as given when it was created.</value>
    public string ClockId { get; }

    /// <summary>Gets the zero-based position of the offending event in the clock's history.</summary>
    /// <value>An index into the events the clock was built from, or their count for an appended event.</value>
    public int EventIndex { get; }

    /// <summary>Gets the kind of the offending event.</summary>
    /// <value>The offending event's kind.</value>
    public SlaClockEventKind EventKind { get; }

    /// <summary>Gets the instant of the offending event.</summary>
    /// <value>The offending event's instant.</value>
    public Instant At { get; }
}
