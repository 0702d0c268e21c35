using CustomerService.Core.Calendars;
using CustomerService.Core.Calendars.ICalendar;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NodaTime;
using Interval = NodaTime.Interval;

namespace CustomerService.Core.Tests.Calendars.ICalendar;

/// <summary>A random calendar without overnight ranges, its weekly hours alone, and a range of dates to export.</summary>
public sealed class ExportCase(string zoneId, (int Start, int End)[][] weekly, (LocalDate Date, (int Start, int End)[]? Ranges)[] overrides, DateInterval dates)
{
    public DateTimeZone Zone { get; } = DateTimeZoneProviders.Tzdb[zoneId];

    public DateInterval Dates => dates;

    public BusinessCalendarBuilder Weekly()
    {
        var builder = BusinessCalendar.CreateBuilder("Random desk", Zone);
        for (var day = 0; day < 7; day++)
        {
            foreach (var (start, end) in weekly[day])
            {
                builder.Open((IsoDayOfWeek)(day + 1), Time(start), Time(end));
            }
        }

        return builder;
    }

    public BusinessCalendar Calendar()
    {
        var builder = Weekly();
        foreach (var (date, ranges) in overrides)
        {
            if (ranges is null)
            {
                builder.Closed(date);
                continue;
            }

            foreach (var (start, end) in ranges)
            {
                builder.OpenOn(date, Time(start), Time(end));
            }
        }

        return builder.Build();
    }

    public override string ToString() =>
        $"{zoneId} {dates} weekly[{string.Join(" ", weekly.Select(d => "[" + string.Join(",", d) + "]"))}] overrides[{string.Join(" ", overrides.Select(o => $"{o.Date:uuuu-MM-dd}:{(o.Ranges is null ? "closed" : string.Join(",", o.Ranges))}"))}]";

    private static LocalTime Time(int minute) => LocalTime.FromMinutesSinceMidnight(minute);
}

public static class ExportArbitraries
{
    private static readonly string[] ZoneIds = ["UTC", "Asia/Shanghai", "America/New_York", "Europe/Berlin", "Australia/Lord_Howe", "America/Havana"];

    private static readonly LocalDate FirstDate = new(1900, 1, 2);
    private static readonly int Days = Period.Between(FirstDate, new LocalDate(2199, 8, 1), PeriodUnits.Days).Days;

    /// <summary>Zero to three disjoint ranges within one day (minutes 0..1439, end after start).</summary>
    private static Gen<(int Start, int End)[]> DayRanges() =>
        from count in Gen.Choose(0, 3)
        from points in Gen.ArrayOf(Gen.Choose(0, 1439), 2 * count)
        select Pair(points);

    private static (int Start, int End)[] Pair(int[] points)
    {
        var sorted = points.Distinct().Order().ToArray();
        var ranges = new List<(int, int)>();
        for (var i = 0; i + 1 < sorted.Length; i += 2)
        {
            ranges.Add((sorted[i], sorted[i + 1]));
        }

        return [.. ranges];
    }

    public static Arbitrary<ExportCase> Cases() =>
        (from zoneId in Gen.Elements(ZoneIds)
         from weekly in Gen.ArrayOf(DayRanges(), 7)
         from offset in Gen.OneOf(Gen.Choose(0, Days), Gen.Choose(0, 400), Gen.Choose(Days - 400, Days), Gen.Choose(45000, 46500))
         from length in Gen.Choose(0, 120)
         from overrideCount in Gen.Choose(0, 12)
         from overrides in Gen.ArrayOf(
             from day in Gen.Choose(-3, length + 3)
             from closed in Gen.Elements(true, false)
             from ranges in DayRanges()
             select (day, closed ? null : ranges),
             overrideCount)
         let first = FirstDate.PlusDays(offset)
         select new ExportCase(
             zoneId,
             weekly,
             [.. overrides
                 .Select(o => (Date: first.PlusDays(o.day), o.Item2))
                 .Where(o => o.Date >= FirstDate && o.Date <= new LocalDate(2199, 12, 30))
                 .DistinctBy(o => o.Date)],
             new DateInterval(first, first.PlusDays(length)))).ToArbitrary();
}

/// <summary>Exporting a calendar's closed days and overrides, and importing them back.</summary>
public sealed class IcsExportTests
{
    private static readonly Instant Stamp = Instant.FromUtc(2026, 12, 1, 12, 0);

    private static IReadOnlyList<Interval> Open(BusinessCalendar calendar, DateInterval dates) =>
        calendar.OpenIntervals(new Interval(calendar.Zone.AtStartOfDay(dates.Start).ToInstant(), calendar.Zone.AtStartOfDay(dates.End.PlusDays(1)).ToInstant()));

    [Property(Arbitrary = [typeof(ExportArbitraries)], MaxTest = 200)]
    public void ImportOfExport_GivesTheSameOpenTimeOverTheRange_Meets_Specification(ExportCase spec)
    {
        var calendar = spec.Calendar();
        var ics = IcsExport.Export(calendar, spec.Weekly().Build(), spec.Dates, Stamp);
        var roundTrip = spec.Weekly().ImportIcs(ics, new IcsImportOptions()).Build();

        Assert.Equal(Open(calendar, spec.Dates), Open(roundTrip, spec.Dates));
    }

    /// <summary>
    /// A fall-back night (Havana turns its clocks back from 01:00 to 00:00, so 00:00–01:00 happens twice): an opening
    /// from 00:34 counts the repeated hour twice and comes back whole, and one ending at 01:00 ends at 01:00 on the
    /// summer clock, not at 00:00 (found by the property above: the export once wrote an event ending before it started).
    /// </summary>
    [Theory]
    [InlineData(34, 431)]
    [InlineData(34, 60)]
    [InlineData(0, 60)]
    [InlineData(10, 50)]
    public void FallBackNight_OpeningsOverTheRepeatedHour_ComeBackTheSame(int startMinute, int endMinute)
    {
        var zone = DateTimeZoneProviders.Tzdb["America/Havana"];
        var date = new LocalDate(2198, 11, 4);
        var midnight = zone.AtStartOfDay(date).ToInstant();
        Assert.True(zone.GetUtcOffset(midnight) > zone.GetUtcOffset(midnight + Duration.FromHours(3)), "the date is a fall-back night in the zone");
        var weekly = BusinessCalendar.CreateBuilder("Havana desk", zone).OpenWeekdays(new LocalTime(9, 0), new LocalTime(17, 0));
        var calendar = BusinessCalendar.CreateBuilder("Havana desk", zone)
            .OpenWeekdays(new LocalTime(9, 0), new LocalTime(17, 0))
            .OpenOn(date, LocalTime.Midnight.PlusMinutes(startMinute), LocalTime.Midnight.PlusMinutes(endMinute))
            .Build();
        var dates = new DateInterval(date.PlusDays(-1), date.PlusDays(1));

        var ics = IcsExport.Export(calendar, weekly.Build(), dates, Stamp);
        var roundTrip = BusinessCalendar.CreateBuilder("Havana desk", zone)
            .OpenWeekdays(new LocalTime(9, 0), new LocalTime(17, 0))
            .ImportIcs(ics, new IcsImportOptions())
            .Build();

        var expected = Open(calendar, dates);
        Assert.Equal(expected, Open(roundTrip, dates));
        var repeated = Duration.FromMinutes(Math.Max(0, Math.Min(endMinute, 60) - startMinute));
        var day = new Interval(midnight, zone.AtStartOfDay(date.PlusDays(1)).ToInstant());
        Assert.Equal(Duration.FromMinutes(endMinute - startMinute) + repeated, calendar.BusinessTimeBetween(day.Start, day.End));
    }

    /// <summary>
    /// New York's fall-back night (01:00–02:00 happens twice): the summer part of the opening from 01:30 ends at the
    /// change, where the winter part of the opening until 01:09 begins, so the timeline holds one interval from 01:30
    /// (summer) to 01:09 (winter); it is written as the two wall-clock openings it is made of (found by the property).
    /// </summary>
    [Fact]
    public void FallBackNight_IntervalThroughTheChange_IsWrittenAsItsWallClockOpenings()
    {
        var zone = DateTimeZoneProviders.Tzdb["America/New_York"];
        var date = new LocalDate(2140, 11, 6);
        var weekly = BusinessCalendar.CreateBuilder("New York desk", zone).OpenWeekdays(new LocalTime(9, 0), new LocalTime(17, 0));
        var calendar = BusinessCalendar.CreateBuilder("New York desk", zone)
            .OpenWeekdays(new LocalTime(9, 0), new LocalTime(17, 0))
            .OpenOn(date, new LocalTime(0, 47), new LocalTime(1, 9))
            .OpenOn(date, new LocalTime(1, 30), new LocalTime(13, 57))
            .Build();
        var dates = new DateInterval(date, date);
        var open = Open(calendar, dates);
        Assert.Contains(open, i => i.Start.InZone(zone).LocalDateTime.TimeOfDay == new LocalTime(1, 30) && i.End.InZone(zone).LocalDateTime.TimeOfDay == new LocalTime(1, 9));

        var ics = IcsExport.Export(calendar, weekly.Build(), dates, Stamp);
        var roundTrip = BusinessCalendar.CreateBuilder("New York desk", zone)
            .OpenWeekdays(new LocalTime(9, 0), new LocalTime(17, 0))
            .ImportIcs(ics, new IcsImportOptions())
            .Build();

        Assert.Equal(open, Open(roundTrip, dates));
        Assert.Contains("DTSTART:21401106T004700", ics, StringComparison.Ordinal);
        Assert.Contains("DTEND:21401106T010900", ics, StringComparison.Ordinal);
        Assert.Contains("DTSTART:21401106T013000", ics, StringComparison.Ordinal);
        Assert.Contains("DTEND:21401106T135700", ics, StringComparison.Ordinal);
    }

    [Fact]
    public void ChinaCalendar_ExportsItsHolidaysAsMergedAllDayEventsAndMakeUpDaysAsOpenings()
    {
        var calendar = MainlandChinaHolidays.BuildHelpDesk(years: [2025]);
        var weekly = BusinessCalendar.CreateBuilder("weekly", MainlandChinaHolidays.Shanghai)
            .OpenWeekdays(new LocalTime(9, 0), new LocalTime(12, 0))
            .OpenWeekdays(new LocalTime(13, 0), new LocalTime(18, 0))
            .Build();
        var ics = IcsExport.Export(calendar, weekly, new DateInterval(new LocalDate(2025, 1, 1), new LocalDate(2025, 12, 31)), Stamp);
        var lines = ics.Split("\r\n");

        // 春节 2025-01-28 .. 2025-02-04 runs Tuesday to Tuesday: one event, DTEND exclusive.
        Assert.Contains("DTSTART;VALUE=DATE:20250128", lines);
        Assert.Contains("DTEND;VALUE=DATE:20250205", lines);
        // The make-up Sunday 2025-01-26 opens with the desk's two ranges.
        Assert.Contains("DTSTART:20250126T090000", lines);
        Assert.Contains("DTEND:20250126T120000", lines);
        Assert.Contains("DTSTART:20250126T130000", lines);
        Assert.Contains("X-WR-TIMEZONE:Asia/Shanghai", lines);
        Assert.Contains("DTSTAMP:20261201T120000Z", lines);
        // Holidays are all-day events; the only timed events are the 5 make-up days of 2025, two ranges each.
        Assert.Equal(5 * 2, lines.Count(l => l.StartsWith("DTSTART:", StringComparison.Ordinal)));
        Assert.True(lines.All(l => System.Text.Encoding.UTF8.GetByteCount(l) <= 75));
    }

    [Fact]
    public void Export_RejectsCalendarsOfDifferentZonesAndDatesOutsideTheSupportedRange()
    {
        var shanghai = MainlandChinaHolidays.BuildHelpDesk(years: [2025]);
        var utc = BusinessCalendar.CreateBuilder("utc", DateTimeZone.Utc).OpenWeekdays(new LocalTime(9, 0), new LocalTime(18, 0)).Build();
        var dates = new DateInterval(new LocalDate(2025, 1, 1), new LocalDate(2025, 1, 31));

        var zones = Assert.Throws<ArgumentException>(() => IcsExport.Export(shanghai, utc, dates, Stamp));
        Assert.Contains("UTC", zones.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => IcsExport.Export(utc, utc, new DateInterval(new LocalDate(1899, 12, 31), new LocalDate(1900, 1, 5)), Stamp));
        Assert.Throws<ArgumentOutOfRangeException>(() => IcsExport.Export(utc, utc, new DateInterval(new LocalDate(2199, 12, 1), new LocalDate(2200, 1, 1)), Stamp));
    }
}
