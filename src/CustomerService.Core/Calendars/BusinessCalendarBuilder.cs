using System.Globalization;
using NodaTime;

namespace CustomerService.Core.Calendars;

/// <summary>
/// Builds one <see cref="BusinessCalendar"/>: a weekly schedule of open ranges plus date overrides (holidays, half
/// days, make-up working days). Create it with <see cref="BusinessCalendar.CreateBuilder(string, DateTimeZone)"/>.
/// </summary>
/// <remarks>
/// A range <c>[start, end)</c> whose end is not after its start runs past midnight into the next date (so
/// <c>00:00–00:00</c> is a whole day) and belongs to the date it starts on. A date given to <see cref="Closed(LocalDate)"/>
/// or <see cref="OpenOn(LocalDate, LocalTime, LocalTime)"/> ignores the weekly schedule. Ranges of one day of the week,
/// or of one overridden date, must not overlap. A builder builds once; after <see cref="Build"/> every method throws.
/// </remarks>
/// <threadsafety>This type is mutable and not thread-safe; use one builder from one thread, then share the calendar it builds.</threadsafety>
public sealed class BusinessCalendarBuilder
{
    private readonly string name;
    private readonly DateTimeZone zone;
    private readonly List<LocalRange>[] weekly = new List<LocalRange>[8];
    private readonly Dictionary<LocalDate, List<LocalRange>> overrides = [];
    private readonly HashSet<LocalDate> closedDates = [];
    private bool built;

    internal BusinessCalendarBuilder(string name, DateTimeZone zone)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(zone);
        this.name = name;
        this.zone = zone;
        for (var i = 0; i < weekly.Length; i++)
        {
            weekly[i] = [];
        }
    }

    /// <summary>Adds an open range to every week's given day.</summary>
    /// <param name="day">The day of the week the range starts on.</param>
    /// <param name="start">The local time the range opens, inclusive.</param>
    /// <param name="end">The local time the range closes, exclusive; not after <paramref name="start"/> means the next day's time.</param>
    /// <returns>This builder, to chain calls.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when <paramref name="day"/> is not a day of the week.</exception>
    /// <exception cref="CalendarConfigurationException">Thrown when the range overlaps a range already added to that day; the builder is unchanged.</exception>
    /// <exception cref="InvalidOperationException">Thrown when the builder has already built its calendar.</exception>
    public BusinessCalendarBuilder Open(IsoDayOfWeek day, LocalTime start, LocalTime end)
    {
        CheckNotBuilt();
        CheckDay(day, nameof(day));
        AddRange(weekly[(int)day], new LocalRange(start, end), day.ToString());
        return this;
    }

    /// <summary>Adds an open range to every Monday, Tuesday, Wednesday, Thursday and Friday.</summary>
    /// <param name="start">The local time the range opens, inclusive.</param>
    /// <param name="end">The local time the range closes, exclusive; not after <paramref name="start"/> means the next day's time.</param>
    /// <returns>This builder, to chain calls.</returns>
    /// <exception cref="CalendarConfigurationException">Thrown when the range overlaps a range already added to one of those days; the builder is unchanged.</exception>
    /// <exception cref="InvalidOperationException">Thrown when the builder has already built its calendar.</exception>
    public BusinessCalendarBuilder OpenWeekdays(LocalTime start, LocalTime end)
    {
        CheckNotBuilt();
        var range = new LocalRange(start, end);
        for (var day = IsoDayOfWeek.Monday; day <= IsoDayOfWeek.Friday; day++)
        {
            CheckOverlap(weekly[(int)day], range, day.ToString());
        }

        for (var day = IsoDayOfWeek.Monday; day <= IsoDayOfWeek.Friday; day++)
        {
            weekly[(int)day].Add(range);
        }

        return this;
    }

    /// <summary>Closes a date all day (a holiday), replacing its weekly schedule.</summary>
    /// <remarks>An overnight range of the day before still runs into this date: it belongs to the day it starts on.</remarks>
    /// <param name="date">The local date to close.</param>
    /// <returns>This builder, to chain calls.</returns>
    /// <exception cref="CalendarConfigurationException">Thrown when the date already has open ranges from <see cref="OpenOn(LocalDate, LocalTime, LocalTime)"/>.</exception>
    /// <exception cref="InvalidOperationException">Thrown when the builder has already built its calendar.</exception>
    public BusinessCalendarBuilder Closed(LocalDate date)
    {
        CheckNotBuilt();
        if (overrides.TryGetValue(date, out var ranges) && ranges.Count != 0)
        {
            throw new CalendarConfigurationException(name, string.Create(
                CultureInfo.InvariantCulture,
                $"The business calendar '{name}' cannot close {DescribeDate(date)}: it already opens that date {string.Join(", ", ranges)}."));
        }

        overrides[date] = ranges ?? [];
        closedDates.Add(date);
        return this;
    }

    /// <summary>Opens a date with its own range, replacing its weekly schedule: a half day or a make-up working day.</summary>
    /// <remarks>Several calls for one date add several ranges to that date.</remarks>
    /// <param name="date">The local date the range starts on.</param>
    /// <param name="start">The local time the range opens, inclusive.</param>
    /// <param name="end">The local time the range closes, exclusive; not after <paramref name="start"/> means the next day's time.</param>
    /// <returns>This builder, to chain calls.</returns>
    /// <exception cref="CalendarConfigurationException">Thrown when the date was closed with <see cref="Closed(LocalDate)"/>, or the range overlaps a range already added to that date; the builder is unchanged.</exception>
    /// <exception cref="InvalidOperationException">Thrown when the builder has already built its calendar.</exception>
    public BusinessCalendarBuilder OpenOn(LocalDate date, LocalTime start, LocalTime end)
    {
        CheckNotBuilt();
        var range = new LocalRange(start, end);
        if (closedDates.Contains(date))
        {
            throw new CalendarConfigurationException(name, string.Create(
                CultureInfo.InvariantCulture,
                $"The business calendar '{name}' cannot open {DescribeDate(date)} {range}: that date is closed."));
        }

        if (!overrides.TryGetValue(date, out var ranges))
        {
            ranges = [];
            CheckOverlap(ranges, range, DescribeDate(date));
            overrides[date] = ranges;
        }

        AddRange(ranges, range, DescribeDate(date));
        return this;
    }

    /// <summary>Builds the immutable calendar; the builder cannot be used afterwards.</summary>
    /// <returns>The calendar, safe to share between threads.</returns>
    /// <exception cref="InvalidOperationException">Thrown when the builder has already built its calendar.</exception>
    public BusinessCalendar Build()
    {
        CheckNotBuilt();
        built = true;
        var weeklyRanges = new LocalRange[8][];
        for (var i = 0; i < weekly.Length; i++)
        {
            weeklyRanges[i] = Sorted(weekly[i]);
        }

        var overrideRanges = new Dictionary<LocalDate, LocalRange[]>(overrides.Count);
        foreach (var (date, ranges) in overrides)
        {
            overrideRanges[date] = Sorted(ranges);
        }

        return new BusinessCalendar(name, zone, new CalendarSchedule(weeklyRanges, overrideRanges));
    }

    private static LocalRange[] Sorted(List<LocalRange> ranges) =>
        [.. ranges.OrderBy(r => r.StartNanoseconds)];

    private static string DescribeDate(LocalDate date) =>
        date.ToString("uuuu'-'MM'-'dd", CultureInfo.InvariantCulture) + " (" + date.DayOfWeek.ToString() + ")";

    private static void CheckDay(IsoDayOfWeek day, string paramName)
    {
        if (day < IsoDayOfWeek.Monday || day > IsoDayOfWeek.Sunday)
        {
            throw new ArgumentOutOfRangeException(paramName, day, "The day must be a day of the week, Monday to Sunday.");
        }
    }

    private void AddRange(List<LocalRange> ranges, LocalRange range, string dayDescription)
    {
        CheckOverlap(ranges, range, dayDescription);
        ranges.Add(range);
    }

    private void CheckOverlap(List<LocalRange> ranges, LocalRange range, string dayDescription)
    {
        foreach (var existing in ranges)
        {
            if (existing.Overlaps(range))
            {
                throw new CalendarConfigurationException(name, string.Create(
                    CultureInfo.InvariantCulture,
                    $"The business calendar '{name}' has overlapping ranges on {dayDescription}: {existing} and {range}."));
            }
        }
    }

    private void CheckNotBuilt()
    {
        if (built)
        {
            throw new InvalidOperationException("This builder has already built its calendar; create a new builder with BusinessCalendar.CreateBuilder.");
        }
    }
}
