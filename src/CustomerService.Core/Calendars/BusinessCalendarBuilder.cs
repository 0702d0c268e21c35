using System.Globalization;
using NodaTime;

namespace CustomerService.Core.Calendars;

/// <summary>
/// Builds one <see cref="BusinessCalendar"/>: a weekly schedule of open ranges plus date overrides (holidays, half
/// days, make-up working days). Create it with <see cref="BusinessCalendar.CreateBuilder(string, DateTimeZone)"/>.
/// </summary>
/// <remarks>
/// A range <c>[start, end)</c> whose end is not after its start runs past midnight into the next date (so
/// <c>00:00–00:00</c> is a whole day; an end of <c>00:00</c> is <c>24:00</c>) and belongs to the date it starts on. A date
/// given to <see cref="Closed(LocalDate)"/> or <see cref="OpenOn(LocalDate, LocalTime, LocalTime)"/> ignores the weekly
/// schedule and weekly breaks; a date given to both follows <see cref="WithDatePrecedence(DatePrecedence)"/>. Breaks cut
/// the ranges they cross. Ranges of one day of the week, or of one overridden date, must not overlap. A builder builds
/// once; after <see cref="Build"/> every method throws.
/// </remarks>
/// <threadsafety>This type is mutable and not thread-safe; use one builder from one thread, then share the calendar it builds.</threadsafety>
public sealed class BusinessCalendarBuilder
{
    private readonly string _name;
    private readonly DateTimeZone _zone;
    private readonly List<LocalRange>[] _weekly = new List<LocalRange>[8];
    private readonly List<LocalRange>[] _weeklyBreaks = new List<LocalRange>[8];
    private readonly Dictionary<LocalDate, List<LocalRange>> _overrides = [];
    private readonly Dictionary<LocalDate, List<LocalRange>> _datedBreaks = [];
    private readonly HashSet<LocalDate> _closedDates = [];
    private DatePrecedence _precedence = DatePrecedence.OpeningWins;
    private bool _built;

    internal BusinessCalendarBuilder(string name, DateTimeZone zone)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(zone);
        _name = name;
        _zone = zone;
        for (var i = 0; i < _weekly.Length; i++)
        {
            _weekly[i] = [];
            _weeklyBreaks[i] = [];
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
        AddRange(_weekly[(int)day], new LocalRange(start, end), day.ToString());
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
            CheckOverlap(_weekly[(int)day], range, day.ToString());
        }

        for (var day = IsoDayOfWeek.Monday; day <= IsoDayOfWeek.Friday; day++)
        {
            _weekly[(int)day].Add(range);
        }

        return this;
    }

    /// <summary>Closes a date all day (a holiday), replacing its weekly schedule.</summary>
    /// <remarks>
    /// An overnight range of the day before still runs into this date: it belongs to the day it starts on. Closing a
    /// date twice is the same as closing it once. A date also opened with <see cref="OpenOn(LocalDate, LocalTime, LocalTime)"/>
    /// (in either order) follows the calendar's <see cref="DatePrecedence"/>, set with <see cref="WithDatePrecedence(DatePrecedence)"/>.
    /// </remarks>
    /// <param name="date">The local date to close.</param>
    /// <returns>This builder, to chain calls.</returns>
    /// <exception cref="InvalidOperationException">Thrown when the builder has already built its calendar.</exception>
    public BusinessCalendarBuilder Closed(LocalDate date)
    {
        CheckNotBuilt();
        _closedDates.Add(date);
        return this;
    }

    /// <summary>Opens a date with its own range, replacing its weekly schedule and weekly breaks: a half day or a make-up working day.</summary>
    /// <remarks>
    /// Several calls for one date add several ranges to that date. A date also closed with <see cref="Closed(LocalDate)"/>
    /// follows the calendar's <see cref="DatePrecedence"/>. An end of <c>00:00</c> (<see cref="LocalTime.Midnight"/>) is
    /// <c>24:00</c>, the end of the day.
    /// </remarks>
    /// <param name="date">The local date the range starts on.</param>
    /// <param name="start">The local time the range opens, inclusive.</param>
    /// <param name="end">The local time the range closes, exclusive; not after <paramref name="start"/> means the next day's time.</param>
    /// <returns>This builder, to chain calls.</returns>
    /// <exception cref="CalendarConfigurationException">Thrown when the range overlaps a range already added to that date; the builder is unchanged.</exception>
    /// <exception cref="InvalidOperationException">Thrown when the builder has already built its calendar.</exception>
    public BusinessCalendarBuilder OpenOn(LocalDate date, LocalTime start, LocalTime end)
    {
        CheckNotBuilt();
        var range = new LocalRange(start, end);
        if (!_overrides.TryGetValue(date, out var ranges))
        {
            ranges = [];
            _overrides[date] = ranges;
        }

        AddRange(ranges, range, DescribeDate(date));
        return this;
    }

    /// <summary>Adds a break to every week's given day: the time of day it covers is cut out of that day's weekly ranges.</summary>
    /// <remarks>
    /// A break cuts a range wherever the range passes its time of day — on the day itself, or the next morning for an
    /// overnight range of that day (a night shift <c>22:00–06:00</c> with a break <c>02:00–03:00</c> opens
    /// <c>22:00–02:00</c> and <c>03:00–06:00</c>). A break outside open hours changes nothing; breaks may overlap. A date
    /// with an override (<see cref="Closed(LocalDate)"/>, <see cref="OpenOn(LocalDate, LocalTime, LocalTime)"/>) replaces
    /// the weekly breaks with its own (<see cref="BreakOn(LocalDate, LocalTime, LocalTime)"/>).
    /// </remarks>
    /// <param name="day">The day of the week the break belongs to.</param>
    /// <param name="start">The local time the break starts, inclusive.</param>
    /// <param name="end">The local time the break ends, exclusive; <c>00:00</c> is <c>24:00</c>, and an end before <paramref name="start"/> is the next day's time.</param>
    /// <returns>This builder, to chain calls.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when <paramref name="day"/> is not a day of the week, or <paramref name="end"/> equals <paramref name="start"/> (a break as long as the day: close the date instead).</exception>
    /// <exception cref="InvalidOperationException">Thrown when the builder has already built its calendar.</exception>
    public BusinessCalendarBuilder Break(IsoDayOfWeek day, LocalTime start, LocalTime end)
    {
        CheckNotBuilt();
        CheckDay(day, nameof(day));
        _weeklyBreaks[(int)day].Add(CheckBreak(start, end));
        return this;
    }

    /// <summary>Adds a break to every Monday, Tuesday, Wednesday, Thursday and Friday, such as a lunch break <c>12:00–13:00</c>.</summary>
    /// <remarks>See <see cref="Break(IsoDayOfWeek, LocalTime, LocalTime)"/> for what a break cuts.</remarks>
    /// <param name="start">The local time the break starts, inclusive.</param>
    /// <param name="end">The local time the break ends, exclusive; <c>00:00</c> is <c>24:00</c>, and an end before <paramref name="start"/> is the next day's time.</param>
    /// <returns>This builder, to chain calls.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when <paramref name="end"/> equals <paramref name="start"/> (a break as long as the day).</exception>
    /// <exception cref="InvalidOperationException">Thrown when the builder has already built its calendar.</exception>
    public BusinessCalendarBuilder BreakWeekdays(LocalTime start, LocalTime end)
    {
        CheckNotBuilt();
        var range = CheckBreak(start, end);
        for (var day = IsoDayOfWeek.Monday; day <= IsoDayOfWeek.Friday; day++)
        {
            _weeklyBreaks[(int)day].Add(range);
        }

        return this;
    }

    /// <summary>Adds a break to one date, cut out of whatever ranges the date has (its own or its weekly ones, whose weekly breaks still apply).</summary>
    /// <remarks>See <see cref="Break(IsoDayOfWeek, LocalTime, LocalTime)"/> for what a break cuts. A break on a closed date changes nothing.</remarks>
    /// <param name="date">The local date the break belongs to.</param>
    /// <param name="start">The local time the break starts, inclusive.</param>
    /// <param name="end">The local time the break ends, exclusive; <c>00:00</c> is <c>24:00</c>, and an end before <paramref name="start"/> is the next day's time.</param>
    /// <returns>This builder, to chain calls.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when <paramref name="end"/> equals <paramref name="start"/> (a break as long as the day).</exception>
    /// <exception cref="InvalidOperationException">Thrown when the builder has already built its calendar.</exception>
    public BusinessCalendarBuilder BreakOn(LocalDate date, LocalTime start, LocalTime end)
    {
        CheckNotBuilt();
        var range = CheckBreak(start, end);
        if (!_datedBreaks.TryGetValue(date, out var breaks))
        {
            breaks = [];
            _datedBreaks[date] = breaks;
        }

        breaks.Add(range);
        return this;
    }

    /// <summary>Sets which override wins on a date both closed as a holiday and opened with its own ranges.</summary>
    /// <param name="precedence">The rule; without this call, <see cref="DatePrecedence.OpeningWins"/>.</param>
    /// <returns>This builder, to chain calls.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when <paramref name="precedence"/> is not a defined value.</exception>
    /// <exception cref="InvalidOperationException">Thrown when the builder has already built its calendar.</exception>
    public BusinessCalendarBuilder WithDatePrecedence(DatePrecedence precedence)
    {
        CheckNotBuilt();
        if (precedence is not (DatePrecedence.OpeningWins or DatePrecedence.HolidayWins))
        {
            throw new ArgumentOutOfRangeException(nameof(precedence), precedence, "The precedence must be OpeningWins or HolidayWins.");
        }

        _precedence = precedence;
        return this;
    }

    /// <summary>Builds the immutable calendar; the builder cannot be used afterwards.</summary>
    /// <returns>The calendar, safe to share between threads.</returns>
    /// <exception cref="InvalidOperationException">Thrown when the builder has already built its calendar.</exception>
    public BusinessCalendar Build()
    {
        CheckNotBuilt();
        _built = true;
        var weeklyRanges = new LocalRange[8][];
        for (var i = 0; i < _weekly.Length; i++)
        {
            weeklyRanges[i] = Sorted(_weekly[i]);
        }

        var breakRanges = new LocalRange[8][];
        for (var i = 0; i < _weeklyBreaks.Length; i++)
        {
            breakRanges[i] = Sorted(_weeklyBreaks[i]);
        }

        var openDates = _overrides.ToDictionary(o => o.Key, o => Sorted(o.Value));
        var breaks = _datedBreaks.ToDictionary(o => o.Key, o => Sorted(o.Value));
        return new BusinessCalendar(_name, _zone, new CalendarSchedule(weeklyRanges, breakRanges, openDates, [.. _closedDates], breaks, _precedence));
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

    private static LocalRange CheckBreak(LocalTime start, LocalTime end) =>
        start != end
            ? new LocalRange(start, end)
            : throw new ArgumentOutOfRangeException(nameof(end), end, string.Create(CultureInfo.InvariantCulture, $"The break {new LocalRange(start, end)} would last the whole day; a break must be shorter than a day (close the date instead)."));

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
                throw new CalendarConfigurationException(_name, string.Create(
                    CultureInfo.InvariantCulture,
                    $"The business calendar '{_name}' has overlapping ranges on {dayDescription}: {existing} and {range}."));
            }
        }
    }

    private void CheckNotBuilt()
    {
        if (_built)
        {
            throw new InvalidOperationException("This builder has already built its calendar; create a new builder with BusinessCalendar.CreateBuilder.");
        }
    }
}
