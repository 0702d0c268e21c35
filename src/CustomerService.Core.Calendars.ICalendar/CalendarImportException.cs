namespace CustomerService.Core.Calendars.ICalendar;

/// <summary>
/// Thrown when an iCalendar (RFC 5545) text cannot be imported onto a business calendar: a line that is not a content
/// line, a component without its <c>DTSTART</c>, a recurrence without a bound, a date outside the supported years, or
/// two events that contradict each other. The message names the line and the component (its <c>UID</c>); nothing of the
/// text has been applied to the builder.
/// </summary>
/// <threadsafety>Instances are immutable once thrown and may be shared between threads.</threadsafety>
public sealed class CalendarImportException : CustomerServiceException
{
    /// <summary>Initializes a new instance of the <see cref="CalendarImportException"/> class.</summary>
    /// <param name="line">The 1-based line of the text at fault (the first line of the component), or 0 when the fault is the text as a whole.</param>
    /// <param name="message">The message that describes the problem; it names the line and the component.</param>
    public CalendarImportException(int line, string message)
        : base(message)
    {
        Line = line;
    }

    /// <summary>Initializes a new instance of the <see cref="CalendarImportException"/> class with the exception that caused it.</summary>
    /// <param name="line">The 1-based line of the text at fault, or 0 when the fault is the text as a whole.</param>
    /// <param name="message">The message that describes the problem; it names the line and the component.</param>
    /// <param name="innerException">The parser's exception that caused this one, or <see langword="null"/>.</param>
    public CalendarImportException(int line, string message, Exception? innerException)
        : base(message, innerException)
    {
        Line = line;
    }

    /// <summary>Gets the 1-based line of the text at fault.</summary>
    /// <value>The line of the bad content line, or the <c>BEGIN:VEVENT</c> line of the bad event; 0 when the fault is the text as a whole.</value>
    public int Line { get; }
}
