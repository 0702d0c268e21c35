namespace CustomerService.Core.Calendars;

/// <summary>Why a calendar is closed at an instant, as <see cref="BusinessCalendar.WhyClosed(NodaTime.Instant)"/> answers: for agents' screens and for explaining an SLA pause.</summary>
/// <remarks>The default value, <see cref="None"/>, means the calendar is open.</remarks>
/// <threadsafety>This is an enumeration; its values are immutable and thread-safe.</threadsafety>
public enum ClosedReason
{
    /// <summary>Not closed: the calendar is open at the instant.</summary>
    None = 0,

    /// <summary>Outside the weekly hours: the weekly schedule is closed then too, and no break or date override explains it.</summary>
    OutsideWeeklyHours = 1,

    /// <summary>A holiday: the instant's local date is closed all day, or a holiday cancelled the overnight range of the day before.</summary>
    Holiday = 2,

    /// <summary>A break (weekly or dated) cuts the open range that would hold the instant.</summary>
    Break = 3,

    /// <summary>A date override: the weekly schedule would be open then, but the date has its own, different ranges (a half day).</summary>
    DateOverride = 4,

    /// <summary>Excluded: the calendar itself would be open, but a composed calendar takes the time out (<see cref="BusinessCalendar.Difference"/>, a maintenance window).</summary>
    Excluded = 5,
}
