using System.Globalization;
using System.Text;
using NodaTime;

namespace CustomerService.Core.Calendars.ICalendar;

/// <summary>Writes a business calendar's closed days and date overrides over a range of dates as iCalendar (RFC 5545) text.</summary>
/// <remarks>
/// <para>
/// A date is exported when its open time differs from the same date in <c>weeklyHours</c>, the calendar's weekly
/// schedule without dates (build it from the same hours, without holidays): a date with no open time at all becomes an
/// all-day <c>VEVENT</c> (<c>CATEGORIES:HOLIDAY</c>, runs of closed dates merged into one event); any other differing date
/// becomes one event per open range, with floating local times (the calendar's zone, also written as
/// <c>X-WR-TIMEZONE</c>). Importing the text with <see cref="IcsCalendarBuilderExtensions"/> onto a builder that holds
/// the weekly hours gives the same open time over the range.
/// </para>
/// <para>
/// Dates are compared as the local day from midnight to midnight, so the round trip is exact for calendars whose ranges
/// do not run past midnight; an overnight range is exported cut at midnight. Times are written in whole seconds.
/// </para>
/// </remarks>
/// <threadsafety>This type is stateless and thread-safe.</threadsafety>
public static class IcsExport
{
    /// <summary>Writes the closed days and overrides of <paramref name="calendar"/> over <paramref name="dates"/>.</summary>
    /// <param name="calendar">The calendar to export.</param>
    /// <param name="weeklyHours">The same weekly schedule without dates, in the same zone: what a date is compared with.</param>
    /// <param name="dates">The local dates to export, both ends inclusive.</param>
    /// <param name="stamp">The instant written as each event's <c>DTSTAMP</c> (when the text was made), usually the host clock's now.</param>
    /// <returns>The iCalendar text, lines ending in CRLF.</returns>
    /// <exception cref="ArgumentNullException">Thrown when an argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">Thrown when the two calendars have different zones, or an open range of an exported date starts or ends at a fraction of a second.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when <paramref name="dates"/> reaches outside the supported range of the calendars.</exception>
    public static string Export(BusinessCalendar calendar, BusinessCalendar weeklyHours, DateInterval dates, Instant stamp)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        ArgumentNullException.ThrowIfNull(weeklyHours);
        ArgumentNullException.ThrowIfNull(dates);
        var zone = calendar.Zone;
        if (!ReferenceEquals(zone, weeklyHours.Zone) && zone.Id != weeklyHours.Zone.Id)
        {
            throw new ArgumentException($"The weekly hours' zone {weeklyHours.Zone.Id} is not the calendar's zone {zone.Id}.", nameof(weeklyHours));
        }

        var first = zone.AtStartOfDay(dates.Start).ToInstant();
        var last = zone.AtStartOfDay(dates.End.PlusDays(1)).ToInstant();
        if (first < BusinessCalendar.MinSupportedInstant || last > BusinessCalendar.MaxSupportedInstant)
        {
            throw new ArgumentOutOfRangeException(nameof(dates), dates, "The dates must lie within the calendars' supported range in their zone.");
        }

        var text = new StringBuilder();
        Line(text, "BEGIN:VCALENDAR");
        Line(text, "VERSION:2.0");
        Line(text, "PRODID:-//CustomerService.Core//Calendars.ICalendar//EN");
        Line(text, "CALSCALE:GREGORIAN");
        Line(text, "X-WR-CALNAME:" + Escape(calendar.Name));
        Line(text, "X-WR-TIMEZONE:" + zone.Id);
        var stampText = stamp.ToString("uuuuMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var uidSuffix = UidSuffix(calendar.Name);
        LocalDate? closedFrom = null;
        var date = dates.Start;
        var start = first;
        while (true)
        {
            var done = date > dates.End;
            var end = done ? start : zone.AtStartOfDay(date.PlusDays(1)).ToInstant();
            var open = done ? [] : calendar.OpenIntervals(new Interval(start, end));
            var differs = !done && !open.SequenceEqual(weeklyHours.OpenIntervals(new Interval(start, end)));
            var closed = differs && open.Count == 0;
            if (closedFrom is { } from && !closed)
            {
                Event(text, from.ToString("uuuuMMdd", CultureInfo.InvariantCulture) + "-closed" + uidSuffix, stampText,
                    "DTSTART;VALUE=DATE:" + from.ToString("uuuuMMdd", CultureInfo.InvariantCulture),
                    "DTEND;VALUE=DATE:" + date.ToString("uuuuMMdd", CultureInfo.InvariantCulture),
                    "Closed", "HOLIDAY");
                closedFrom = null;
            }

            if (done)
            {
                break;
            }

            if (closed)
            {
                closedFrom ??= date;
            }
            else if (differs)
            {
                // Each range as the wall-clock times it was opened on: a range over a fall-back night comes out of the
                // timeline in two parts (before and after the clocks go back) whose wall-clock times overlap; they
                // are one opening of the day, so overlapping or touching ones are written as one event.
                // An interval that runs through the change itself (the end of an opening before it joined to the start
                // of one after it) is cut there, each part read on its own clock.
                var ranges = new List<(LocalDateTime From, LocalDateTime To)>(open.Count);
                foreach (var range in open)
                {
                    foreach (var offsetPeriod in zone.GetZoneIntervals(range))
                    {
                        var partStart = offsetPeriod.HasStart && offsetPeriod.Start > range.Start ? offsetPeriod.Start : range.Start;
                        var partEnd = offsetPeriod.HasEnd && offsetPeriod.End < range.End ? offsetPeriod.End : range.End;
                        if (partStart < partEnd)
                        {
                            ranges.Add((partStart.WithOffset(offsetPeriod.WallOffset).LocalDateTime, partEnd.WithOffset(offsetPeriod.WallOffset).LocalDateTime));
                        }
                    }
                }

                ranges.Sort((a, b) => a.From.CompareTo(b.From));
                var index = 0;
                for (var i = 0; i < ranges.Count; i++)
                {
                    var (from2, to) = ranges[i];
                    while (i + 1 < ranges.Count && ranges[i + 1].From <= to)
                    {
                        i++;
                        to = ranges[i].To > to ? ranges[i].To : to;
                    }

                    CheckWholeSeconds(from2, date, nameof(calendar));
                    CheckWholeSeconds(to, date, nameof(calendar));
                    Event(text, date.ToString("uuuuMMdd", CultureInfo.InvariantCulture) + "-open-" + index.ToString(CultureInfo.InvariantCulture) + uidSuffix, stampText,
                        "DTSTART:" + from2.ToString("uuuuMMdd'T'HHmmss", CultureInfo.InvariantCulture),
                        "DTEND:" + to.ToString("uuuuMMdd'T'HHmmss", CultureInfo.InvariantCulture),
                        "Open", "OPENING");
                    index++;
                }
            }

            date = date.PlusDays(1);
            start = end;
        }

        Line(text, "END:VCALENDAR");
        return text.ToString();
    }

    private static void CheckWholeSeconds(LocalDateTime time, LocalDate date, string paramName)
    {
        if (time.NanosecondOfSecond != 0)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"The calendar opens or closes at {time:HH:mm:ss.fffffffff} on {date:uuuu-MM-dd}; iCalendar times are whole seconds."),
                paramName);
        }
    }

    private static void Event(StringBuilder text, string uid, string stamp, string start, string end, string summary, string category)
    {
        Line(text, "BEGIN:VEVENT");
        Line(text, "UID:" + uid);
        Line(text, "DTSTAMP:" + stamp);
        Line(text, start);
        Line(text, end);
        Line(text, "SUMMARY:" + summary);
        Line(text, "CATEGORIES:" + category);
        Line(text, "TRANSP:TRANSPARENT");
        Line(text, "END:VEVENT");
    }

    private static string UidSuffix(string name)
    {
        var text = new StringBuilder("@");
        foreach (var c in name)
        {
            text.Append(char.IsAsciiLetterOrDigit(c) ? char.ToLowerInvariant(c) : '-');
        }

        return text.Append(".customerservice-core").ToString();
    }

    private static string Escape(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace(";", "\\;", StringComparison.Ordinal)
            .Replace(",", "\\,", StringComparison.Ordinal).Replace("\r\n", "\\n", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    /// <summary>Appends one content line, folded at 75 octets (RFC 5545 §3.1) without splitting a UTF-8 sequence.</summary>
    private static void Line(StringBuilder text, string line)
    {
        var octets = 0;
        var limit = 75;
        for (var i = 0; i < line.Length; i++)
        {
            var size = char.IsHighSurrogate(line[i]) ? 4 : line[i] < 0x80 ? 1 : line[i] < 0x800 ? 2 : 3;
            if (octets + size > limit)
            {
                text.Append("\r\n ");
                octets = 0;
                limit = 74;
            }

            text.Append(line[i]);
            if (size == 4 && i + 1 < line.Length)
            {
                text.Append(line[++i]);
            }

            octets += size;
        }

        text.Append("\r\n");
    }
}
