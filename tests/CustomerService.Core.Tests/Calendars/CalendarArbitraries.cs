using System.Globalization;
using System.Text;
using CustomerService.Core.Calendars;
using FsCheck;
using FsCheck.Fluent;
using NodaTime;

namespace CustomerService.Core.Tests.Calendars;

/// <summary>One open range as minutes after midnight; an end not after the start runs past midnight.</summary>
public sealed record RangeSpec(int StartMinute, int EndMinute)
{
    public LocalTime Start => LocalTime.FromMinutesSinceMidnight(StartMinute);

    public LocalTime End => LocalTime.FromMinutesSinceMidnight(EndMinute);

    public override string ToString() => $"{Start:HH:mm}-{End:HH:mm}";
}

/// <summary>
/// A random calendar's configuration; <see cref="Calendar"/> builds it once. Besides weekly ranges and date overrides it
/// may carry weekly and dated breaks and dates both closed and opened (settled by <see cref="Precedence"/>).
/// </summary>
public sealed class CalendarSpec(
    string zoneId,
    RangeSpec[][] weekly,
    (LocalDate Date, RangeSpec[]? Ranges)[] overrides,
    RangeSpec[][]? weeklyBreaks = null,
    (LocalDate Date, RangeSpec Break)[]? datedBreaks = null,
    LocalDate[]? alsoClosed = null,
    DatePrecedence precedence = DatePrecedence.OpeningWins)
{
    private const long MinuteNanoseconds = 60_000_000_000L;
    private const long DayNanoseconds = 1440 * MinuteNanoseconds;
    private readonly RangeSpec[][] weeklyBreaks = weeklyBreaks ?? [.. Enumerable.Range(0, 7).Select(_ => Array.Empty<RangeSpec>())];
    private readonly (LocalDate Date, RangeSpec Break)[] datedBreaks = datedBreaks ?? [];
    private readonly LocalDate[] alsoClosed = alsoClosed ?? [];
    private readonly Lazy<BusinessCalendar> calendar = new(() => BuildCalendar(zoneId, weekly, overrides, weeklyBreaks, datedBreaks, alsoClosed, precedence));

    public BusinessCalendar Calendar => calendar.Value;

    public DatePrecedence Precedence => precedence;

    public override string ToString()
    {
        var text = new StringBuilder(zoneId);
        for (var day = 0; day < 7; day++)
        {
            text.Append(CultureInfo.InvariantCulture, $" {(IsoDayOfWeek)(day + 1)}[{string.Join(",", weekly[day].AsEnumerable())}]");
            if (weeklyBreaks[day].Length != 0)
            {
                text.Append(CultureInfo.InvariantCulture, $"break[{string.Join(",", weeklyBreaks[day].AsEnumerable())}]");
            }
        }

        foreach (var (date, ranges) in overrides)
        {
            text.Append(CultureInfo.InvariantCulture, $" {date:uuuu-MM-dd}:{(ranges is null ? "closed" : string.Join(",", ranges.AsEnumerable()))}");
        }

        foreach (var (date, cut) in datedBreaks)
        {
            text.Append(CultureInfo.InvariantCulture, $" {date:uuuu-MM-dd}:break {cut}");
        }

        foreach (var date in alsoClosed)
        {
            text.Append(CultureInfo.InvariantCulture, $" {date:uuuu-MM-dd}:also closed");
        }

        return text.Append(CultureInfo.InvariantCulture, $" {precedence}").ToString();
    }

    /// <summary>
    /// Decides membership from the configuration itself, independently of the library's schedule: the instant's local
    /// time lies in a range of its date (or, past midnight, of the date before) and in none of that date's breaks.
    /// </summary>
    public bool ContainsBySpec(Instant instant)
    {
        var local = instant.InZone(DateTimeZoneProviders.Tzdb[zoneId]).LocalDateTime;
        var timeOfDay = local.TimeOfDay.NanosecondOfDay;
        return Covers(local.Date, timeOfDay) || Covers(local.Date.PlusDays(-1), timeOfDay + DayNanoseconds);

        bool Covers(LocalDate date, long sinceMidnight)
        {
            var (ranges, breaks) = DayOf(date);
            return ranges.Any(r => Start(r) <= sinceMidnight && sinceMidnight < End(r))
                && !breaks.Any(b => (Start(b) <= timeOfDay && timeOfDay < End(b)) || (Start(b) <= timeOfDay + DayNanoseconds && timeOfDay + DayNanoseconds < End(b)));
        }
    }

    private (RangeSpec[] Ranges, RangeSpec[] Breaks) DayOf(LocalDate date)
    {
        var dated = datedBreaks.Where(b => b.Date == date).Select(b => b.Break);
        foreach (var (overridden, ranges) in overrides)
        {
            if (overridden == date)
            {
                var closed = ranges is null || (alsoClosed.Contains(date) && precedence == DatePrecedence.HolidayWins);
                return (closed ? [] : ranges!, [.. dated]);
            }
        }

        var day = (int)date.DayOfWeek - 1;
        return (weekly[day], [.. weeklyBreaks[day].Concat(dated)]);
    }

    private static long Start(RangeSpec range) => range.StartMinute * MinuteNanoseconds;

    private static long End(RangeSpec range) => (range.EndMinute <= range.StartMinute ? range.EndMinute + 1440 : range.EndMinute) * MinuteNanoseconds;

    private static BusinessCalendar BuildCalendar(
        string zoneId,
        RangeSpec[][] weekly,
        (LocalDate Date, RangeSpec[]? Ranges)[] overrides,
        RangeSpec[][]? weeklyBreaks,
        (LocalDate Date, RangeSpec Break)[]? datedBreaks,
        LocalDate[]? alsoClosed,
        DatePrecedence precedence)
    {
        var builder = BusinessCalendar.CreateBuilder("Random calendar", DateTimeZoneProviders.Tzdb[zoneId]);
        if (precedence != DatePrecedence.OpeningWins)
        {
            builder.WithDatePrecedence(precedence);
        }

        // Closing a date before and after opening it must not matter.
        foreach (var date in (alsoClosed ?? []).Where((_, i) => i % 2 == 0))
        {
            builder.Closed(date);
        }

        for (var day = 0; day < 7; day++)
        {
            foreach (var range in weekly[day])
            {
                builder.Open((IsoDayOfWeek)(day + 1), range.Start, range.End);
            }

            foreach (var cut in weeklyBreaks?[day] ?? [])
            {
                builder.Break((IsoDayOfWeek)(day + 1), cut.Start, cut.End);
            }
        }

        foreach (var (date, ranges) in overrides)
        {
            if (ranges is null)
            {
                builder.Closed(date);
            }
            else
            {
                foreach (var range in ranges)
                {
                    builder.OpenOn(date, range.Start, range.End);
                }
            }
        }

        foreach (var date in (alsoClosed ?? []).Where((_, i) => i % 2 == 1))
        {
            builder.Closed(date);
        }

        foreach (var (date, cut) in datedBreaks ?? [])
        {
            builder.BreakOn(date, cut.Start, cut.End);
        }

        return builder.Build();
    }
}

/// <summary>Two instants close to each other (a few years at most), for comparisons with the day-by-day oracle.</summary>
public sealed record InstantPair(Instant A, Instant B)
{
    public override string ToString() => $"{A} .. {B}";
}

/// <summary>The public calendar questions the extreme-value property asks.</summary>
public enum CalendarQuestion
{
    IsOpen,
    BusinessTimeBetween,
    Add,
    Subtract,
    NextOpening,
    OpenIntervals,
    AddBatch,
    SubtractBatch,
    BusinessTimeBetweenBatch,
    NextClosing,
    PreviousOpeningAndClosing,
    Enumeration,
    WhyClosed,
    DateQuestions,
}

/// <summary>One hostile question: a calendar of <see cref="ExtremeCalendars"/>, a question and its extreme arguments.</summary>
public sealed record ExtremeCalendarCase(int CalendarIndex, CalendarQuestion Question, Instant A, Instant B, Duration Amount)
{
    public BusinessCalendar Calendar => ExtremeCalendars.All[CalendarIndex].Calendar;

    public override string ToString() => $"{ExtremeCalendars.All[CalendarIndex].Calendar.Name}: {Question}({A}, {B}, {Amount})";
}

/// <summary>Calendars for the extreme-value property, built once so that their compiled timelines are shared.</summary>
public static class ExtremeCalendars
{
    public static readonly (BusinessCalendar Calendar, bool HasLongGaps)[] All =
    [
        (Build("Always open", "UTC", b =>
        {
            for (var day = IsoDayOfWeek.Monday; day <= IsoDayOfWeek.Sunday; day++)
            {
                b.Open(day, LocalTime.Midnight, LocalTime.Midnight);
            }
        }), false),
        (Build("Shanghai office", "Asia/Shanghai", b => b.OpenWeekdays(new LocalTime(9, 0), new LocalTime(12, 0)).OpenWeekdays(new LocalTime(13, 0), new LocalTime(18, 0))), false),
        (Build("Kiritimati nights", "Pacific/Kiritimati", b =>
        {
            for (var day = IsoDayOfWeek.Monday; day <= IsoDayOfWeek.Sunday; day++)
            {
                b.Open(day, new LocalTime(22, 0), new LocalTime(6, 0));
            }
        }), false),
        (Build("Closed desk", "America/New_York", _ => { }), true),

        // Open only on dates at and beyond the ends of the supported range and of ISO dates, through midnight.
        (Build("Edge dates", "Etc/GMT+12", b => b
            .OpenOn(LocalDate.MinIsoValue, LocalTime.Midnight, LocalTime.Midnight)
            .OpenOn(new LocalDate(1899, 12, 31), new LocalTime(22, 0), new LocalTime(6, 0))
            .OpenOn(new LocalDate(1969, 12, 31), new LocalTime(23, 0), new LocalTime(1, 0))
            .OpenOn(new LocalDate(2199, 12, 31), new LocalTime(22, 0), new LocalTime(6, 0))
            .OpenOn(LocalDate.MaxIsoValue, new LocalTime(22, 0), new LocalTime(6, 0))
            .Closed(new LocalDate(2200, 1, 1))), true),
    ];

    private static BusinessCalendar Build(string name, string zoneId, Action<BusinessCalendarBuilder> configure)
    {
        var builder = BusinessCalendar.CreateBuilder(name, DateTimeZoneProviders.Tzdb[zoneId]);
        configure(builder);
        return builder.Build();
    }
}

/// <summary>
/// Generators of calendars, instants and amounts of business time for the calendar properties, over the whole supported
/// range: instants and override dates cluster in regions where bugs hide (the first and last supported days, the years
/// around the Unix epoch, the boundaries of the compiled timeline's segments, a recent window) and also spread uniformly.
/// </summary>
public static class CalendarArbitraries
{
    /// <summary>The generated instants lie within the supported range, both ends included.</summary>
    public static readonly Instant RangeStart = BusinessCalendar.MinSupportedInstant;

    public static readonly Instant RangeEnd = BusinessCalendar.MaxSupportedInstant;

    /// <summary>A recent window that business hosts use most: [2024-01-01, 2027-01-01) UTC.</summary>
    public static readonly Instant WindowStart = Instant.FromUtc(2024, 1, 1, 0, 0);

    public static readonly Instant WindowEnd = Instant.FromUtc(2027, 1, 1, 0, 0);

    /// <summary>The years around the Unix epoch, where signed nanosecond arithmetic changes sign.</summary>
    public static readonly Instant EpochRegionStart = Instant.FromUtc(1968, 1, 1, 0, 0);

    public static readonly Instant EpochRegionEnd = Instant.FromUtc(1972, 1, 1, 0, 0);

    /// <summary>The length, in days, of the regions at the first and last supported days.</summary>
    public const int EndRegionDays = 400;

    // Zones with ordinary DST, half-hour DST (Lord Howe), DST at midnight (Havana), several changes a year
    // (Casablanca), an unusual offset (Chatham), none (Shanghai, UTC).
    private static readonly string[] ZoneIds =
    [
        "UTC", "Asia/Shanghai", "America/New_York", "Europe/Berlin", "Australia/Lord_Howe", "America/Havana",
        "Africa/Casablanca", "Pacific/Chatham",
    ];

    private const long NanosecondsPerMinute = 60_000_000_000L;

    /// <summary>Every boundary between two segments of the compiled timeline, within the supported range.</summary>
    public static readonly Instant[] SegmentBoundaries = [.. Enumerable.Range(1, (int)((RangeEnd - RangeStart).BclCompatibleTicks / ((1L << CompiledTimeline.SegmentShift) / 100)))
        .Select(k => RangeStart + (Duration.FromNanoseconds(1L << CompiledTimeline.SegmentShift) * k))
        .Where(b => b < RangeEnd)];

    public static Arbitrary<CalendarSpec> Calendars() => CalendarGen().ToArbitrary();

    public static Arbitrary<Instant> Instants() => InstantGen().ToArbitrary();

    public static Arbitrary<Duration> Durations() => DurationGen().ToArbitrary();

    public static Arbitrary<InstantPair> InstantPairs() => InstantPairGen().ToArbitrary();

    public static Arbitrary<LocalDate> Dates() => DateGen().ToArbitrary();

    /// <summary>Dates over the whole supported range of dates (1900-01-01 to 2199-12-31), clustered like the override dates.</summary>
    public static Gen<LocalDate> DateGen() =>
        Gen.Frequency(
            (8, OverrideDateGen()),
            (1, Gen.Elements(new LocalDate(1900, 1, 1), new LocalDate(2199, 12, 31), new LocalDate(1970, 1, 1))))
        .Select(d => d < new LocalDate(1900, 1, 1) ? new LocalDate(1900, 1, 1) : d > new LocalDate(2199, 12, 31) ? new LocalDate(2199, 12, 31) : d);

    public static Arbitrary<ExtremeCalendarCase> ExtremeCases() =>
        (from calendar in Gen.Choose(0, ExtremeCalendars.All.Length - 1)
         from question in Gen.Elements(Enum.GetValues<CalendarQuestion>())
         from a in ExtremeInstantGen()
         from b in ExtremeInstantGen()
         from amount in ExtremeDurationGen()
         select new ExtremeCalendarCase(calendar, question, a, b, amount)).ToArbitrary();

    public static Gen<RangeSpec[]> DayRanges() =>
        from count in Gen.Frequency((3, Gen.Constant(0)), (4, Gen.Constant(1)), (3, Gen.Constant(2)), (1, Gen.Constant(3)))
        from points in Gen.ArrayOf(Gen.Choose(0, 1439), 2 * count)
        from overnight in Gen.Elements(false, false, true)
        from overnightEnd in Gen.Choose(0, 1439)
        select MakeRanges(points, overnight, overnightEnd);

    public static Gen<CalendarSpec> CalendarGen() => Gen.Elements(ZoneIds).SelectMany(CalendarGenIn);

    /// <summary>Random calendars in one zone (the versions of a versioned calendar share their zone).</summary>
    public static Gen<CalendarSpec> CalendarGenIn(string zoneId) =>
        from sparse in Gen.Frequency((9, Gen.Constant(false)), (1, Gen.Constant(true)))
        from weekly in Gen.ArrayOf(DayRanges(), 7)
        from overrideCount in Gen.Choose(0, 20)
        from overrides in Gen.ArrayOf(OverrideGen(), overrideCount)
        from weeklyBreaks in Gen.ArrayOf(Gen.Frequency((3, Gen.Constant(Array.Empty<RangeSpec>())), (1, BreakGen().Select(b => new[] { b }))), 7)
        from datedBreakCount in Gen.Frequency((2, Gen.Constant(0)), (1, Gen.Choose(1, 6)))
        from datedBreaks in Gen.ArrayOf(from date in OverrideDateGen() from cut in BreakGen() select (date, cut), datedBreakCount)
        from conflicts in Gen.Choose(0, 3)
        from precedence in Gen.Elements(DatePrecedence.OpeningWins, DatePrecedence.HolidayWins)
        let distinct = Distinct(overrides)
        select new CalendarSpec(
            zoneId,
            sparse ? [.. weekly.Select(_ => Array.Empty<RangeSpec>())] : weekly,
            distinct,
            weeklyBreaks,
            datedBreaks,
            [.. distinct.Where(o => o.Ranges is not null).Take(conflicts).Select(o => o.Date)],
            precedence);

    /// <summary>A break of under a day: an end before its start is the next day's time, an end of 00:00 is 24:00.</summary>
    public static Gen<RangeSpec> BreakGen() =>
        from start in Gen.Choose(0, 1439)
        from length in Gen.Frequency((4, Gen.Choose(5, 120)), (1, Gen.Choose(1, 1439)))
        select new RangeSpec(start, (start + length) % 1440);

    /// <summary>Instants over the whole supported range, clustered where bugs hide; both ends themselves included.</summary>
    public static Gen<Instant> InstantGen()
    {
        var fraction = Gen.Frequency((3, Gen.Constant(0L)), (1, Gen.Choose(0, int.MaxValue).Select(n => n % NanosecondsPerMinute)));
        Gen<Instant> Between(Instant start, Instant end) =>
            from minute in Gen.Choose(0, (int)((end - start).TotalMinutes) - 1)
            from nanoseconds in fraction
            select start + Duration.FromMinutes(minute) + Duration.FromNanoseconds(nanoseconds);

        var wholeRange =
            from day in Gen.Choose(0, (int)(RangeEnd - RangeStart).TotalDays - 1)
            from minute in Gen.Choose(0, 1439)
            from nanoseconds in fraction
            select RangeStart + Duration.FromDays(day) + Duration.FromMinutes(minute) + Duration.FromNanoseconds(nanoseconds);

        // Near the boundaries of the compiled timeline's segments, where intervals are cut in two.
        var nearBoundary =
            from boundary in Gen.Elements(SegmentBoundaries)
            from minutes in Gen.Choose(-3 * 1440, 3 * 1440)
            from exact in Gen.Elements(true, false)
            select exact ? boundary : boundary + Duration.FromMinutes(minutes);

        var lastDays =
            from minute in Gen.Choose(0, EndRegionDays * 1440)
            from nanoseconds in fraction
            select RangeEnd - Duration.FromMinutes(minute) - Duration.FromNanoseconds(minute == 0 ? 0 : nanoseconds);

        return Gen.Frequency(
            (6, Between(WindowStart, WindowEnd)),
            (2, Between(EpochRegionStart, EpochRegionEnd)),
            (2, Between(RangeStart, RangeStart + Duration.FromDays(EndRegionDays))),
            (2, lastDays),
            (1, Gen.Elements(RangeStart, RangeEnd, NodaConstants.UnixEpoch)),
            (2, nearBoundary),
            (2, wholeRange));
    }

    /// <summary>Two instants at most a few years apart, in either order, anywhere in the supported range.</summary>
    public static Gen<InstantPair> InstantPairGen() =>
        from a in InstantGen()
        from minutes in Gen.Frequency(
            (1, Gen.Constant(0)),
            (4, Gen.Choose(-2000 * 60, 2000 * 60)),
            (1, Gen.Choose(-3 * 365 * 1440, 3 * 365 * 1440)))
        from nanoseconds in Gen.Choose(0, int.MaxValue)
        let b = a + Duration.FromMinutes(minutes) + Duration.FromNanoseconds(minutes == 0 ? 0 : nanoseconds)
        select new InstantPair(a, b < RangeStart ? RangeStart : b > RangeEnd ? RangeEnd : b);

    /// <summary>Amounts of business time from zero to beyond the supported range's length (which calls must reject).</summary>
    public static Gen<Duration> DurationGen() =>
        Gen.Frequency(
            (1, Gen.Constant(Duration.Zero)),
            (4, Gen.Choose(1, 600).Select(m => Duration.FromMinutes(m))),
            (3, Gen.Choose(1, 100 * 60).Select(m => Duration.FromMinutes(m))),
            (2, Gen.Choose(1, 2000 * 60).Select(m => Duration.FromMinutes(m))),
            (1, Gen.Choose(1, int.MaxValue).Select(n => Duration.FromNanoseconds(n))),
            (1, Gen.Choose(1, 120_000).Select(d => Duration.FromDays(d))));

    /// <summary>
    /// Instants a hostile caller would try: both ends of the supported range and one nanosecond beyond them,
    /// <see cref="Instant.MinValue"/> and <see cref="Instant.MaxValue"/>, anywhere in NodaTime's whole range, and the
    /// ordinary regions of <see cref="InstantGen"/>.
    /// </summary>
    public static Gen<Instant> ExtremeInstantGen()
    {
        var epsilon = Duration.Epsilon;
        var nodaDays = (int)(Instant.MaxValue - Instant.MinValue).TotalDays;
        var anywhere =
            from day in Gen.Choose(0, nodaDays - 2)
            from nanosecond in Gen.Choose(0, int.MaxValue)
            select Instant.MinValue + Duration.FromDays(day) + Duration.FromNanoseconds(nanosecond * 40_000L);
        var justBeyond =
            from nanoseconds in Gen.Choose(1, int.MaxValue)
            from days in Gen.Frequency((3, Gen.Constant(0)), (1, Gen.Choose(0, 200 * 365)))
            from after in Gen.Elements(true, false)
            let beyond = Duration.FromDays(days) + Duration.FromNanoseconds(nanoseconds)
            select after ? RangeEnd + beyond : RangeStart - beyond;
        return Gen.Frequency(
            (3, Gen.Elements(
                Instant.MinValue, Instant.MaxValue, RangeStart, RangeEnd, RangeStart - epsilon, RangeEnd + epsilon,
                RangeStart + epsilon, RangeEnd - epsilon, NodaConstants.UnixEpoch, NodaConstants.UnixEpoch - epsilon)),
            (2, justBeyond),
            (1, anywhere),
            (4, InstantGen()));
    }

    /// <summary>
    /// Amounts a hostile caller would try: zero, one nanosecond, negative ones, <see cref="Duration.MinValue"/> and
    /// <see cref="Duration.MaxValue"/>, the supported range's length and one nanosecond either side, what an Int64 of
    /// nanoseconds holds, huge numbers of days, and the ordinary amounts of <see cref="DurationGen"/>.
    /// </summary>
    public static Gen<Duration> ExtremeDurationGen()
    {
        var range = RangeEnd - RangeStart;
        var huge = Gen.Choose(-(1 << 24), (1 << 24) - 1).Select(d => Duration.FromDays(d));
        return Gen.Frequency(
            (3, Gen.Elements(
                Duration.Zero, Duration.Epsilon, -Duration.Epsilon, Duration.MinValue, Duration.MaxValue, range,
                range + Duration.Epsilon, range - Duration.Epsilon, Duration.FromNanoseconds(long.MaxValue),
                Duration.FromNanoseconds(long.MinValue), Duration.FromDays(36_500), -Duration.FromHours(1))),
            (2, huge),
            (4, DurationGen()));
    }

    /// <summary>Override dates, in the same regions as the instants so that both meet.</summary>
    private static Gen<LocalDate> OverrideDateGen()
    {
        Gen<LocalDate> Days(LocalDate first, int count) => Gen.Choose(0, count - 1).Select(first.PlusDays);
        var firstDate = RangeStart.InUtc().Date.PlusDays(-1);
        var lastDate = RangeEnd.InUtc().Date;
        return Gen.Frequency(
            (6, Days(WindowStart.InUtc().Date, 3 * 366)),
            (2, Days(EpochRegionStart.InUtc().Date, 4 * 366)),
            (2, Days(firstDate, EndRegionDays + 2)),
            (2, Days(lastDate.PlusDays(-EndRegionDays), EndRegionDays + 2)),
            (2, from boundary in Gen.Elements(SegmentBoundaries)
                from day in Gen.Choose(-3, 3)
                select boundary.InUtc().Date.PlusDays(day)),
            (1, Days(firstDate, Period.Between(firstDate, lastDate, PeriodUnits.Days).Days + 2)));
    }

    private static Gen<(LocalDate Date, RangeSpec[]? Ranges)> OverrideGen() =>
        from date in OverrideDateGen()
        from closed in Gen.Elements(true, false)
        from ranges in DayRanges().Where(r => r.Length != 0)
        select (date, closed ? null : ranges);

    private static (LocalDate Date, RangeSpec[]? Ranges)[] Distinct((LocalDate Date, RangeSpec[]? Ranges)[] overrides) =>
        [.. overrides.DistinctBy(o => o.Date)];

    private static RangeSpec[] MakeRanges(int[] points, bool overnight, int overnightEnd)
    {
        var sorted = points.Distinct().Order().ToArray();
        var ranges = new List<RangeSpec>();
        for (var i = 0; i + 1 < sorted.Length; i += 2)
        {
            ranges.Add(new RangeSpec(sorted[i], sorted[i + 1]));
        }

        if (overnight && ranges.Count != 0)
        {
            // The last range runs past midnight: it ends at or before its start, next day.
            var last = ranges[^1];
            ranges[^1] = new RangeSpec(last.StartMinute, overnightEnd % (last.StartMinute + 1));
        }

        return [.. ranges];
    }
}
