using System.Globalization;
using BenchmarkDotNet.Attributes;
using CustomerService.Core.Calendars;
using CustomerService.Core.Calendars.China;
using CustomerService.Core.Calendars.ICalendar;
using NodaTime;

namespace CustomerService.Core.Benchmarks.Calendars;

/// <summary>
/// Importing holiday .ics files onto a builder and building the calendar (issue 17: a 10-year holiday file ≤ 50 ms):
/// the mainland China 2025–2026 notices (13 holidays, 11 make-up days), the same table repeated over ten years
/// 2025–2034 (65 holidays, 55 make-up days), and a yearly RRULE expanded over 300 years. The weekly-hours calendar
/// alone is the baseline: building compiles the timeline, which every import also pays.
/// </summary>
[MemoryDiagnoser]
public class IcsImportBenchmarks
{
    private static readonly DateTimeZone Shanghai = DateTimeZoneProviders.Tzdb["Asia/Shanghai"];

    private string _china = null!;
    private string _tenYears = null!;
    private string _rrule = null!;
    private IcsImportOptions _options = null!;
    private IcsImportOptions _rruleOptions = null!;

    [GlobalSetup]
    public void Setup()
    {
        _china = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Calendars", "Data", "cn-holidays-2025-2026.ics"));
        var body = _china[(_china.IndexOf("BEGIN:VEVENT", StringComparison.Ordinal))..(_china.LastIndexOf("END:VCALENDAR", StringComparison.Ordinal))];
        var header = _china[.._china.IndexOf("BEGIN:VEVENT", StringComparison.Ordinal)];
        var years = string.Concat(Enumerable.Range(0, 5).Select(k => body
            .Replace("2026", (2026 + (2 * k)).ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("2025", (2025 + (2 * k)).ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)));
        _tenYears = header + years + "END:VCALENDAR\r\n";
        _rrule = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//bench//EN\r\nBEGIN:VEVENT\r\nUID:anniversary\r\nDTSTAMP:20250101T000000Z\r\n"
            + "DTSTART;VALUE=DATE:19000618\r\nRRULE:FREQ=YEARLY\r\nEXDATE;VALUE=DATE:20260618\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
        _options = new IcsImportOptions();
        _options.MakeUpDayHours.Add((new LocalTime(9, 0), new LocalTime(12, 0)));
        _options.MakeUpDayHours.Add((new LocalTime(13, 0), new LocalTime(18, 0)));
        _rruleOptions = new IcsImportOptions { Range = new DateInterval(new LocalDate(1900, 1, 1), new LocalDate(2199, 12, 31)) };
    }

    [Benchmark(Baseline = true)]
    public BusinessCalendar WeeklyHoursOnly() => Desk().Build();

    [Benchmark]
    public BusinessCalendar ImportChina2025To2026() => Desk().ImportIcs(_china, _options).Build();

    [Benchmark]
    public BusinessCalendar ImportTenYearHolidayFile() => Desk().ImportIcs(_tenYears, _options).Build();

    [Benchmark]
    public BusinessCalendar ImportYearlyRrule300Years() => Desk().ImportIcs(_rrule, _rruleOptions).Build();

    /// <summary>The opt-in China package's two years, make-up days included (issue 17, item 8).</summary>
    [Benchmark]
    public BusinessCalendar ChinaPackage2025And2026() => Desk()
        .AddMainlandChinaHolidays(2025, (new LocalTime(9, 0), new LocalTime(12, 0)), (new LocalTime(13, 0), new LocalTime(18, 0)))
        .AddMainlandChinaHolidays(2026, (new LocalTime(9, 0), new LocalTime(12, 0)), (new LocalTime(13, 0), new LocalTime(18, 0)))
        .Build();

    private static BusinessCalendarBuilder Desk() =>
        BusinessCalendar.CreateBuilder("Shanghai help desk", Shanghai)
            .OpenWeekdays(new LocalTime(9, 0), new LocalTime(12, 0))
            .OpenWeekdays(new LocalTime(13, 0), new LocalTime(18, 0));
}
