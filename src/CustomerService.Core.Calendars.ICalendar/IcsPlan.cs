using System.Globalization;
using NodaTime;

namespace CustomerService.Core.Calendars.ICalendar;

/// <summary>The validated outcome of reading an iCalendar text: closed dates and each opened date's ranges.</summary>
internal sealed class IcsPlan
{
    private const long NanosecondsPerDay = 86_400_000_000_000L;
    private readonly SortedDictionary<LocalDate, EventSource> _closed = [];
    private readonly SortedDictionary<LocalDate, List<((LocalTime Start, LocalTime End) Range, EventSource Source)>> _opened = [];

    public IEnumerable<LocalDate> ClosedDates => _closed.Keys;

    public IEnumerable<(LocalDate Date, IEnumerable<(LocalTime Start, LocalTime End)> Ranges)> Openings =>
        _opened.Select(p => (p.Key, p.Value.Select(r => r.Range)));

    public static bool Overlaps((LocalTime Start, LocalTime End) a, (LocalTime Start, LocalTime End) b) =>
        StartOf(a) < EndOf(b) && StartOf(b) < EndOf(a);

    public static string Describe((LocalTime Start, LocalTime End) range) =>
        range.Start.ToString("HH:mm:ss", CultureInfo.InvariantCulture) + "-" + range.End.ToString("HH:mm:ss", CultureInfo.InvariantCulture);

    public void Close(LocalDate date, EventSource source) => _closed.TryAdd(date, source);

    public void Open(LocalDate date, (LocalTime Start, LocalTime End) range, EventSource source)
    {
        if (!_opened.TryGetValue(date, out var ranges))
        {
            ranges = [];
            _opened[date] = ranges;
        }

        foreach (var (existing, by) in ranges)
        {
            if (existing == range)
            {
                return;
            }

            if (Overlaps(existing, range))
            {
                throw new CalendarImportException(source.Line, string.Create(
                    CultureInfo.InvariantCulture,
                    $"{Capitalize(source.ToString())} opens {date:uuuu-MM-dd} {Describe(range)}, which overlaps {Describe(existing)} from {by}."));
            }
        }

        ranges.Add((range, source));
    }

    /// <summary>Checks that no date is both closed and opened.</summary>
    public void Check()
    {
        foreach (var (date, ranges) in _opened)
        {
            if (_closed.TryGetValue(date, out var by))
            {
                var source = ranges[0].Source;
                throw new CalendarImportException(source.Line, string.Create(
                    CultureInfo.InvariantCulture,
                    $"{Capitalize(source.ToString())} opens {date:uuuu-MM-dd}, which {by} closes all day; a date is either a holiday or an opening."));
            }
        }
    }

    /// <summary>Applies the plan: every closed date, then every opened date's ranges.</summary>
    public void ApplyTo(BusinessCalendarBuilder builder)
    {
        foreach (var date in _closed.Keys)
        {
            builder.Closed(date);
        }

        foreach (var (date, ranges) in _opened)
        {
            foreach (var ((start, end), _) in ranges)
            {
                builder.OpenOn(date, start, end);
            }
        }
    }

    private static long StartOf((LocalTime Start, LocalTime End) range) => range.Start.NanosecondOfDay;

    private static long EndOf((LocalTime Start, LocalTime End) range) =>
        range.End <= range.Start ? range.End.NanosecondOfDay + NanosecondsPerDay : range.End.NanosecondOfDay;

    private static string Capitalize(string text) => char.ToUpperInvariant(text[0]) + text[1..];
}
