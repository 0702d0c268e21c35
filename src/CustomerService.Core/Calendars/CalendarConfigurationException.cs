namespace CustomerService.Core.Calendars;

/// <summary>
/// Thrown when a business calendar's configuration cannot answer a question: for example a calendar that has
/// no open time at all within the search horizon, or ranges that overlap on one date.
/// </summary>
/// <threadsafety>Instances are immutable once thrown and may be shared between threads.</threadsafety>
public sealed class CalendarConfigurationException : CustomerServiceException
{
    /// <summary>Initializes a new instance of the <see cref="CalendarConfigurationException"/> class.</summary>
    /// <param name="calendarName">The name of the calendar at fault.</param>
    /// <param name="message">The message that describes the problem; it should name the calendar and the rule broken.</param>
    public CalendarConfigurationException(string calendarName, string message)
        : base(message)
    {
        CalendarName = calendarName;
    }

    /// <summary>Gets the name of the calendar whose configuration is at fault.</summary>
    /// <value>The calendar's name, as given to its builder.</value>
    public string CalendarName { get; }
}
