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

/// <summary>A random calendar's configuration; <see cref="Calendar"/> builds it once.</summary>
public sealed class CalendarSpec(string zoneId, RangeSpec[][] weekly, (LocalDate Date, RangeSpec[]? Ranges)[] overrides)
{
    private readonly Lazy<BusinessCalendar> calendar = new(() => Build(zoneId, weekly, overrides));

    public BusinessCalendar Calendar => calendar.Value;

    public override string ToString()
    {
        var text = new StringBuilder(zoneId);
        for (var day = 0; day < 7; day++)
        {
            text.Append(CultureInfo.InvariantCulture, $" {(IsoDayOfWeek)(day + 1)}[{string.Join(",", weekly[day].AsEnumerable())}]");
        }

        foreach (var (date, ranges) in overrides)
        {
            text.Append(CultureInfo.InvariantCulture, $" {date:uuuu-MM-dd}:{(ranges is null ? "closed" : string.Join(",", ranges.AsEnumerable()))}");
        }

        return text.ToString();
    }

    private static BusinessCalendar Build(string zoneId, RangeSpec[][] weekly, (LocalDate Date, RangeSpec[]? Ranges)[] overrides)
    {
        var builder = BusinessCalendar.CreateBuilder("Random calendar", DateTimeZoneProviders.Tzdb[zoneId]);
        for (var day = 0; day < 7; day++)
        {
            foreach (var range in weekly[day])
            {
                builder.Open((IsoDayOfWeek)(day + 1), range.Start, range.End);
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

        return builder.Build();
    }
}

/// <summary>Generators of calendars, instants and amounts of business time for the calendar properties.</summary>
public static class CalendarArbitraries
{
    /// <summary>The generated instants lie within [2024-01-01, 2027-01-01) UTC.</summary>
    public static readonly Instant WindowStart = Instant.FromUtc(2024, 1, 1, 0, 0);

    public static readonly Instant WindowEnd = Instant.FromUtc(2027, 1, 1, 0, 0);

    // Zones with ordinary DST, half-hour DST (Lord Howe), DST at midnight (Havana), several changes a year
    // (Casablanca), an unusual offset (Chatham), none (Shanghai, UTC).
    private static readonly string[] ZoneIds =
    [
        "UTC", "Asia/Shanghai", "America/New_York", "Europe/Berlin", "Australia/Lord_Howe", "America/Havana",
        "Africa/Casablanca", "Pacific/Chatham",
    ];

    private const long NanosecondsPerMinute = 60_000_000_000L;

    public static Arbitrary<CalendarSpec> Calendars() => CalendarGen().ToArbitrary();

    public static Arbitrary<Instant> Instants() => InstantGen().ToArbitrary();

    public static Arbitrary<Duration> Durations() => DurationGen().ToArbitrary();

    public static Gen<RangeSpec[]> DayRanges() =>
        from count in Gen.Frequency((3, Gen.Constant(0)), (4, Gen.Constant(1)), (3, Gen.Constant(2)), (1, Gen.Constant(3)))
        from points in Gen.ArrayOf(Gen.Choose(0, 1439), 2 * count)
        from overnight in Gen.Elements(false, false, true)
        from overnightEnd in Gen.Choose(0, 1439)
        select MakeRanges(points, overnight, overnightEnd);

    public static Gen<CalendarSpec> CalendarGen() =>
        from zoneId in Gen.Elements(ZoneIds)
        from sparse in Gen.Frequency((9, Gen.Constant(false)), (1, Gen.Constant(true)))
        from weekly in Gen.ArrayOf(DayRanges(), 7)
        from overrideCount in Gen.Choose(0, 20)
        from overrides in Gen.ArrayOf(OverrideGen(), overrideCount)
        select new CalendarSpec(zoneId, sparse ? [.. weekly.Select(_ => Array.Empty<RangeSpec>())] : weekly, Distinct(overrides));

    public static Gen<Instant> InstantGen()
    {
        var windowMinutes = (int)((WindowEnd - WindowStart).TotalMinutes);
        var uniform =
            from minute in Gen.Choose(0, windowMinutes - 1)
            from nanoseconds in Gen.Frequency((3, Gen.Constant(0)), (1, Gen.Choose(0, int.MaxValue)))
            select WindowStart + Duration.FromMinutes(minute) + Duration.FromNanoseconds(nanoseconds % NanosecondsPerMinute);

        // Near the boundaries of the compiled timeline's segments, where intervals are cut in two.
        var segmentLength = 1L << CompiledTimeline.SegmentShift;
        var boundaries = Enumerable.Range(0, 400)
            .Select(k => BusinessCalendar.MinSupportedInstant + Duration.FromNanoseconds(k * segmentLength))
            .Where(b => b > WindowStart + Duration.FromDays(3) && b < WindowEnd - Duration.FromDays(3))
            .ToArray();
        var nearBoundary =
            from boundary in Gen.Elements(boundaries)
            from minutes in Gen.Choose(-3 * 1440, 3 * 1440)
            from exact in Gen.Elements(true, false)
            select exact ? boundary : boundary + Duration.FromMinutes(minutes);

        return Gen.Frequency((5, uniform), (1, nearBoundary));
    }

    public static Gen<Duration> DurationGen() =>
        Gen.Frequency(
            (1, Gen.Constant(Duration.Zero)),
            (4, Gen.Choose(1, 600).Select(m => Duration.FromMinutes(m))),
            (3, Gen.Choose(1, 100 * 60).Select(m => Duration.FromMinutes(m))),
            (2, Gen.Choose(1, 2000 * 60).Select(m => Duration.FromMinutes(m))),
            (1, Gen.Choose(1, int.MaxValue).Select(n => Duration.FromNanoseconds(n))));

    private static Gen<(LocalDate Date, RangeSpec[]? Ranges)> OverrideGen() =>
        from day in Gen.Choose(0, 3 * 366)
        from closed in Gen.Elements(true, false)
        from ranges in DayRanges().Where(r => r.Length != 0)
        select (new LocalDate(2024, 1, 1).PlusDays(day), closed ? null : ranges);

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
