using NodaTime;

namespace CustomerService.Core.Calendars.ICalendar;

/// <summary>
/// How an iCalendar text maps onto a business calendar: the dates to import, how make-up working days (调休) are marked
/// and the hours they open, and the zone that zoned times are read in.
/// </summary>
/// <remarks>
/// The mapping: an all-day <c>VEVENT</c> closes each date it covers (<c>DTEND</c> exclusive); an all-day event marked as a
/// make-up working day (category <see cref="MakeUpDayCategory"/> or summary starting with <see cref="MakeUpDaySummaryPrefix"/>)
/// opens its dates with <see cref="MakeUpDayHours"/>; an event with times opens its start date with that range (several
/// events on one date add several ranges). <c>STATUS:CANCELLED</c> events are skipped.
/// </remarks>
/// <threadsafety>This type is mutable and not thread-safe; configure it, then pass it to an import.</threadsafety>
public sealed class IcsImportOptions
{
    /// <summary>Gets or sets the dates to import, both ends inclusive.</summary>
    /// <value>
    /// Occurrences of events (and days of multi-day events) outside the range are ignored. Without a range every event
    /// is imported whole, and a recurrence (<c>RRULE</c>) must then be bounded by <c>COUNT</c> or <c>UNTIL</c>: an
    /// unbounded rule would repeat to the end of the supported years (2199). Default: <see langword="null"/>.
    /// </value>
    public DateInterval? Range { get; set; }

    /// <summary>Gets or sets the <c>CATEGORIES</c> value (compared ignoring case) that marks an all-day event as a make-up working day.</summary>
    /// <value>Default: <c>WORKDAY</c>; <see langword="null"/> marks no event by category.</value>
    public string? MakeUpDayCategory { get; set; } = "WORKDAY";

    /// <summary>Gets or sets the <c>SUMMARY</c> prefix (ordinal, after leading white space) that marks an all-day event as a make-up working day.</summary>
    /// <value>Default: <see langword="null"/> (no prefix marks); for example <c>补班</c> or <c>[WORKDAY]</c>.</value>
    public string? MakeUpDaySummaryPrefix { get; set; }

    /// <summary>Gets or sets a value indicating whether make-up working days are imported at all.</summary>
    /// <value>
    /// <see langword="true"/> (default) opens them with <see cref="MakeUpDayHours"/>; <see langword="false"/> skips the
    /// marked events, for a business that keeps make-up Saturdays closed.
    /// </value>
    public bool IncludeMakeUpDays { get; set; } = true;

    /// <summary>Gets the open ranges a make-up working day opens with, <c>[Start, End)</c> in local time; an end not after the start runs into the next date.</summary>
    /// <value>Usually the calendar's ordinary weekday hours. Empty by default: importing a make-up day then fails, naming the event.</value>
    public IList<(LocalTime Start, LocalTime End)> MakeUpDayHours { get; } = [];

    /// <summary>Gets or sets the calendar's zone, which UTC times and times with a <c>TZID</c> are converted into.</summary>
    /// <value>
    /// Dates and floating times (no <c>TZID</c>, no <c>Z</c>) are read as the calendar's local dates and times and need
    /// no zone. Default: <see langword="null"/>: an event with a zoned time then fails, naming the event.
    /// </value>
    public DateTimeZone? Zone { get; set; }
}
