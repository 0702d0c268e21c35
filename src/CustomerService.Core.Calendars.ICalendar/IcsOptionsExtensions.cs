using NodaTime;
using NodaTime.Text;

namespace CustomerService.Core.Calendars.ICalendar;

/// <summary>Imports holidays, make-up working days and special openings from iCalendar (RFC 5545) text into <see cref="BusinessCalendarOptions"/>, as configuration text.</summary>
/// <remarks>
/// The same reading and checks as <see cref="IcsCalendarBuilderExtensions"/>: the whole text is checked first, and a
/// <see cref="CalendarImportException"/> leaves the options unchanged. Closed dates are added to
/// <see cref="BusinessCalendarOptions.Holidays"/> (once each) and openings to <see cref="BusinessCalendarOptions.OpenDates"/>
/// (after the date's existing ranges) in the options' own text (<c>2025-10-01</c>, <c>09:00:00-18:00:00</c>,
/// <c>22:00:00-06:00:00+1</c>, <c>-24:00</c>), so a date the options already held is settled by their
/// <see cref="BusinessCalendarOptions.DatePrecedence"/> and checked, with its key, when the options are built. Useful
/// when the weekly hours come from configuration and the holidays from a published <c>.ics</c> file.
/// </remarks>
/// <threadsafety>The methods are thread-safe for distinct options; an options object itself is not thread-safe.</threadsafety>
public static class IcsOptionsExtensions
{
    private static readonly LocalTimePattern Time = LocalTimePattern.CreateWithInvariantCulture("HH':'mm':'ss.FFFFFFFFF");

    /// <summary>Imports an iCalendar text into the options.</summary>
    /// <param name="calendar">The calendar's options.</param>
    /// <param name="ics">The iCalendar text, one VCALENDAR.</param>
    /// <param name="options">The mapping and the range to import.</param>
    /// <returns>The calendar's options, to chain calls.</returns>
    /// <exception cref="ArgumentNullException">Thrown when an argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when <see cref="IcsImportOptions.Range"/> reaches outside 1900-01-01 .. 2199-12-31.</exception>
    /// <exception cref="ArgumentException">Thrown when <see cref="IcsImportOptions.MakeUpDayHours"/> has overlapping ranges.</exception>
    /// <exception cref="CalendarImportException">Thrown when the text cannot be imported; it names the line and component, and the options are unchanged.</exception>
    public static BusinessCalendarOptions ImportIcs(this BusinessCalendarOptions calendar, string ics, IcsImportOptions options)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        var plan = IcsReader.Read(ics, options);
        foreach (var date in plan.ClosedDates)
        {
            var text = LocalDatePattern.Iso.Format(date);
            if (!calendar.Holidays.Contains(text))
            {
                calendar.Holidays.Add(text);
            }
        }

        foreach (var (date, ranges) in plan.Openings)
        {
            var key = LocalDatePattern.Iso.Format(date);
            if (!calendar.OpenDates.TryGetValue(key, out var list))
            {
                list = [];
                calendar.OpenDates[key] = list;
            }

            foreach (var (start, end) in ranges)
            {
                list.Add(end == LocalTime.Midnight ? $"{Time.Format(start)}-24:00"
                    : end <= start ? $"{Time.Format(start)}-{Time.Format(end)}+1"
                    : $"{Time.Format(start)}-{Time.Format(end)}");
            }
        }

        return calendar;
    }
}
