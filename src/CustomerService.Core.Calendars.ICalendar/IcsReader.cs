using System.Globalization;
using System.Text.RegularExpressions;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using NodaTime;
using IcalCalendar = Ical.Net.Calendar;

namespace CustomerService.Core.Calendars.ICalendar;

/// <summary>
/// Reads an iCalendar text into a validated <see cref="IcsPlan"/> of closed dates and open ranges: the whole text is
/// checked before anything is returned, so a caller applies all of it or nothing.
/// </summary>
internal static partial class IcsReader
{
    private static readonly LocalDate MinDate = new(1900, 1, 1);
    private static readonly LocalDate MaxDate = new(2199, 12, 31);

    [GeneratedRegex("^[A-Za-z0-9-]+(;[A-Za-z0-9-]+=(\"[^\"]*\"|[^\";:,]*)(,(\"[^\"]*\"|[^\";:,]*))*)*:", RegexOptions.CultureInvariant)]
    private static partial Regex ContentLine();

    public static IcsPlan Read(string text, IcsImportOptions options)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(options);
        var makeUpHours = CheckOptions(options);
        var events = Scan(text);
        IcalCalendar calendar;
        try
        {
            calendar = IcalCalendar.Load(text) ?? throw new CalendarImportException(0, "The iCalendar text holds no VCALENDAR.");
        }
        catch (Exception e) when (e is not CalendarImportException)
        {
            throw new CalendarImportException(0, "The iCalendar text could not be parsed: " + e.Message, e);
        }

        var parsed = calendar.Children.OfType<CalendarEvent>().ToList();
        if (parsed.Count != events.Count)
        {
            throw new CalendarImportException(0, string.Create(
                CultureInfo.InvariantCulture,
                $"The iCalendar text has {events.Count} VEVENT components but the parser read {parsed.Count}; check that every VEVENT is directly inside the VCALENDAR."));
        }

        var plan = new IcsPlan();
        for (var i = 0; i < parsed.Count; i++)
        {
            ReadEvent(parsed[i], events[i], options, makeUpHours, plan);
        }

        plan.Check();
        return plan;
    }

    private static List<(LocalTime Start, LocalTime End)> CheckOptions(IcsImportOptions options)
    {
        if (options.Range is { } range && (range.Start < MinDate || range.End > MaxDate))
        {
            throw new ArgumentOutOfRangeException(nameof(options), range, "The import range must lie within 1900-01-01 .. 2199-12-31, the supported years.");
        }

        var hours = options.MakeUpDayHours.ToList();
        for (var i = 0; i < hours.Count; i++)
        {
            for (var j = i + 1; j < hours.Count; j++)
            {
                if (IcsPlan.Overlaps(hours[i], hours[j]))
                {
                    throw new ArgumentException(
                        $"The make-up day hours {IcsPlan.Describe(hours[i])} and {IcsPlan.Describe(hours[j])} overlap.", nameof(options));
                }
            }
        }

        return hours;
    }

    /// <summary>Checks the text line by line (after unfolding) and finds each VEVENT's first line, UID and DTSTART.</summary>
    private static List<EventSource> Scan(string text)
    {
        var events = new List<EventSource>();
        var stack = new Stack<(string Name, int Line)>();
        EventSource? current = null;
        var calendars = 0;
        var lines = text.Split('\n');
        var index = 0;
        while (index < lines.Length)
        {
            var number = index + 1;
            var line = lines[index].TrimEnd('\r');
            index++;
            while (index < lines.Length && lines[index].Length > 0 && (lines[index][0] == ' ' || lines[index][0] == '\t'))
            {
                line += lines[index].TrimEnd('\r')[1..];
                index++;
            }

            if (line.Length == 0)
            {
                continue;
            }

            var match = ContentLine().Match(line);
            if (!match.Success)
            {
                throw new CalendarImportException(number, string.Create(
                    CultureInfo.InvariantCulture,
                    $"Line {number} of the iCalendar text is not a content line (NAME[;PARAM=VALUE]:VALUE): '{Shorten(line)}'."));
            }

            var colon = match.Length;
            var name = line[..(colon - 1)];
            var semicolon = name.IndexOf(';', StringComparison.Ordinal);
            if (semicolon >= 0)
            {
                name = name[..semicolon];
            }

            var value = line[colon..];
            if (name.Equals("BEGIN", StringComparison.OrdinalIgnoreCase))
            {
                var component = value.Trim().ToUpperInvariant();
                if (stack.Count == 0 && component != "VCALENDAR")
                {
                    throw new CalendarImportException(number, string.Create(CultureInfo.InvariantCulture, $"Line {number}: BEGIN:{component} outside a VCALENDAR."));
                }

                if (component == "VCALENDAR" && ++calendars > 1)
                {
                    throw new CalendarImportException(number, string.Create(CultureInfo.InvariantCulture, $"Line {number}: a second VCALENDAR; import one calendar at a time."));
                }

                if (component == "VEVENT" && stack.Count == 1)
                {
                    current = new EventSource(number);
                    events.Add(current);
                }

                stack.Push((component, number));
            }
            else if (name.Equals("END", StringComparison.OrdinalIgnoreCase))
            {
                var component = value.Trim().ToUpperInvariant();
                if (stack.Count == 0 || stack.Peek().Name != component)
                {
                    throw new CalendarImportException(number, string.Create(
                        CultureInfo.InvariantCulture,
                        $"Line {number}: END:{component} does not close {(stack.Count == 0 ? "any component" : $"BEGIN:{stack.Peek().Name} of line {stack.Peek().Line}")}."));
                }

                stack.Pop();
                if (component == "VEVENT" && stack.Count == 1)
                {
                    current = null;
                }
            }
            else if (current is not null && stack.Count == 2)
            {
                if (name.Equals("UID", StringComparison.OrdinalIgnoreCase))
                {
                    current.Uid = value;
                }
                else if (name.Equals("DTSTART", StringComparison.OrdinalIgnoreCase))
                {
                    current.HasStart = true;
                }
            }
        }

        if (stack.Count != 0)
        {
            var (open, line) = stack.Peek();
            throw new CalendarImportException(line, string.Create(CultureInfo.InvariantCulture, $"Line {line}: BEGIN:{open} is never closed by END:{open}."));
        }

        if (calendars == 0)
        {
            throw new CalendarImportException(0, "The iCalendar text holds no VCALENDAR (BEGIN:VCALENDAR ... END:VCALENDAR).");
        }

        return events;
    }

    private static void ReadEvent(CalendarEvent e, EventSource source, IcsImportOptions options, List<(LocalTime Start, LocalTime End)> makeUpHours, IcsPlan plan)
    {
        if (!source.HasStart)
        {
            throw source.Error("has no DTSTART");
        }

        if (string.Equals(e.Status, "CANCELLED", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        if (e.RecurrenceIdentifier is not null)
        {
            throw source.Error("has a RECURRENCE-ID: changed instances of a recurrence are not supported; use EXDATE and a separate event");
        }

        var start = e.DtStart ?? throw source.Error("has a DTSTART that could not be read");
        var startDate = ToLocalDate(start.Date);
        if (startDate < MinDate || startDate > MaxDate)
        {
            throw source.Error(string.Create(CultureInfo.InvariantCulture, $"starts on {startDate:uuuu-MM-dd}, outside the supported years 1900 .. 2199"));
        }

        var rule = e.RecurrenceRule;
        var recurring = rule is not null || e.RecurrenceDates.GetAllDates().Any() || e.RecurrenceDates.GetAllPeriods().Any();
        if (options.Range is null && rule is { Count: null, Until: null })
        {
            throw source.Error("has an RRULE without COUNT or UNTIL; bound it, or import with IcsImportOptions.Range set");
        }

        var allDay = !start.HasTime;
        var makeUp = allDay && IsMakeUp(e, options);
        if (makeUp && !options.IncludeMakeUpDays)
        {
            return;
        }

        if (makeUp && makeUpHours.Count == 0)
        {
            throw source.Error("marks a make-up working day, but IcsImportOptions.MakeUpDayHours is empty");
        }

        var last = options.Range?.End ?? MaxDate;
        IEnumerable<(CalDateTime Start, CalDateTime? End)> occurrences;
        if (recurring)
        {
            occurrences = e.GetOccurrences(null, null)
                .Select(o => (o.Period.StartTime, (CalDateTime?)o.Period.EffectiveEndTime))
                .TakeWhile(o => ToLocalDate(o.StartTime.Date) <= last);
        }
        else
        {
            occurrences = [(start, e.End)];
        }

        try
        {
            foreach (var (occurrenceStart, occurrenceEnd) in occurrences)
            {
                if (allDay)
                {
                    AddDays(ToLocalDate(occurrenceStart.Date), occurrenceEnd, source, options, makeUp, makeUpHours, plan);
                }
                else
                {
                    AddTimes(occurrenceStart, occurrenceEnd, source, options, plan);
                }
            }
        }
        catch (Exception ex) when (ex is not CalendarImportException)
        {
            throw source.Error("could not be expanded: " + ex.Message, ex);
        }
    }

    private static void AddDays(LocalDate first, CalDateTime? end, EventSource source, IcsImportOptions options, bool makeUp, List<(LocalTime Start, LocalTime End)> makeUpHours, IcsPlan plan)
    {
        var endDate = end is null ? first.PlusDays(1) : ToLocalDate(end.Date);
        if (endDate <= first)
        {
            endDate = first.PlusDays(1);
        }

        if (endDate.PlusDays(-1) > MaxDate)
        {
            throw source.Error(string.Create(CultureInfo.InvariantCulture, $"reaches {endDate.PlusDays(-1):uuuu-MM-dd}, after the supported years 1900 .. 2199"));
        }

        for (var date = first; date < endDate; date = date.PlusDays(1))
        {
            if (options.Range is { } range && !range.Contains(date))
            {
                continue;
            }

            if (makeUp)
            {
                foreach (var hours in makeUpHours)
                {
                    plan.Open(date, hours, source);
                }
            }
            else
            {
                plan.Close(date, source);
            }
        }
    }

    private static void AddTimes(CalDateTime start, CalDateTime? end, EventSource source, IcsImportOptions options, IcsPlan plan)
    {
        if (end is null || !end.HasTime)
        {
            throw source.Error("has a start time but no end (DTEND or DURATION)");
        }

        var from = ToLocal(start, options.Zone, source);
        var to = ToLocal(end, options.Zone, source);
        if (from.Date < MinDate || from.Date > MaxDate)
        {
            throw source.Error(string.Create(CultureInfo.InvariantCulture, $"occurs on {from.Date:uuuu-MM-dd}, outside the supported years 1900 .. 2199"));
        }

        if (to <= from)
        {
            throw source.Error(string.Create(CultureInfo.InvariantCulture, $"ends ({to:uuuu-MM-dd'T'HH:mm:ss}) no later than it starts ({from:uuuu-MM-dd'T'HH:mm:ss})"));
        }

        var sameDay = to.Date == from.Date;
        var overnight = to.Date == from.Date.PlusDays(1) && to.TimeOfDay <= from.TimeOfDay;
        if (!sameDay && !overnight)
        {
            throw source.Error(string.Create(CultureInfo.InvariantCulture, $"runs from {from:uuuu-MM-dd'T'HH:mm:ss} to {to:uuuu-MM-dd'T'HH:mm:ss}: an opening must end within 24 hours of its start; split it into one event per date"));
        }

        if (options.Range is { } range && !range.Contains(from.Date))
        {
            return;
        }

        plan.Open(from.Date, (from.TimeOfDay, to.TimeOfDay), source);
    }

    private static LocalDateTime ToLocal(CalDateTime value, DateTimeZone? zone, EventSource source)
    {
        var time = value.Time ?? TimeOnly.MinValue;
        var local = ToLocalDate(value.Date).At(new LocalTime(time.Hour, time.Minute, time.Second, time.Millisecond));
        if (value.IsFloating || (zone is not null && string.Equals(value.TzId, zone.Id, StringComparison.Ordinal)))
        {
            return local;
        }

        if (zone is null)
        {
            throw source.Error(string.Create(CultureInfo.InvariantCulture, $"has a zoned time ({value.TzId}); set IcsImportOptions.Zone to the calendar's zone to convert it"));
        }

        return Instant.FromDateTimeUtc(DateTime.SpecifyKind(value.AsUtc, DateTimeKind.Utc)).InZone(zone).LocalDateTime;
    }

    private static bool IsMakeUp(CalendarEvent e, IcsImportOptions options) =>
        (options.MakeUpDayCategory is { Length: > 0 } category && e.Categories.Any(c => string.Equals(c.Trim(), category, StringComparison.OrdinalIgnoreCase)))
        || (options.MakeUpDaySummaryPrefix is { Length: > 0 } prefix && e.Summary is { } summary && summary.TrimStart().StartsWith(prefix, StringComparison.Ordinal));

    private static LocalDate ToLocalDate(DateOnly date) => new(date.Year, date.Month, date.Day);

    private static string Shorten(string line) => line.Length <= 60 ? line : line[..60] + "…";
}

/// <summary>Where a VEVENT sits in the text, to name it in errors.</summary>
internal sealed class EventSource(int line)
{
    public int Line { get; } = line;

    public string? Uid { get; set; }

    public bool HasStart { get; set; }

    public CalendarImportException Error(string problem, Exception? inner = null) =>
        new(Line, $"The VEVENT at line {Line.ToString(CultureInfo.InvariantCulture)}{(Uid is null ? string.Empty : $" (UID {Uid})")} {problem}.", inner);

    public override string ToString() =>
        $"the VEVENT at line {Line.ToString(CultureInfo.InvariantCulture)}{(Uid is null ? string.Empty : $" (UID {Uid})")}";
}
