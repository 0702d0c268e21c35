using System.Globalization;
using System.Text.RegularExpressions;
using CustomerService.Core.Calendars;
using NodaTime;
using NodaTime.Text;

namespace CustomerService.Core.Tests.Calendars;

/// <summary>
/// The mainland China public holidays and make-up working days (调休) of 2025 and 2026, read from the State Council
/// notices' table in <c>Data/cn-holidays.md</c>, and a help-desk calendar built from them.
/// </summary>
public static partial class MainlandChinaHolidays
{
    private static readonly Lazy<(IReadOnlyList<LocalDate> Off, IReadOnlyList<LocalDate> MakeUp)> Table = new(Read);

    /// <summary>Gets every date off (holidays, including the weekend days inside a holiday's range).</summary>
    public static IReadOnlyList<LocalDate> DaysOff => Table.Value.Off;

    /// <summary>Gets every make-up working day (a weekend day worked with normal hours).</summary>
    public static IReadOnlyList<LocalDate> MakeUpDays => Table.Value.MakeUp;

    public static DateTimeZone Shanghai => DateTimeZoneProviders.Tzdb["Asia/Shanghai"];

    /// <summary>Builds a Monday–Friday 09:00–12:00 and 13:00–18:00 desk with the holidays of the given years.</summary>
    public static BusinessCalendar BuildHelpDesk(string name = "Shanghai help desk", bool withMakeUpDays = true, params int[] years)
    {
        var builder = BusinessCalendar.CreateBuilder(name, Shanghai)
            .OpenWeekdays(new LocalTime(9, 0), new LocalTime(12, 0))
            .OpenWeekdays(new LocalTime(13, 0), new LocalTime(18, 0));
        foreach (var date in DaysOff.Where(d => years.Length == 0 || years.Contains(d.Year)))
        {
            builder.Closed(date);
        }

        if (withMakeUpDays)
        {
            foreach (var date in MakeUpDays.Where(d => years.Length == 0 || years.Contains(d.Year)))
            {
                builder.OpenOn(date, new LocalTime(9, 0), new LocalTime(12, 0))
                    .OpenOn(date, new LocalTime(13, 0), new LocalTime(18, 0));
            }
        }

        return builder.Build();
    }

    [GeneratedRegex(@"^\|[^|]+\|\s*(\d{4}-\d{2}-\d{2})(?:\s*…\s*(\d{4}-\d{2}-\d{2}))?\s*\|([^|]*)\|\s*$")]
    private static partial Regex RowPattern();

    [GeneratedRegex(@"\d{4}-\d{2}-\d{2}")]
    private static partial Regex DatePattern();

    private static (IReadOnlyList<LocalDate>, IReadOnlyList<LocalDate>) Read()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Calendars", "Data", "cn-holidays.md");
        var off = new List<LocalDate>();
        var makeUp = new List<LocalDate>();
        foreach (var line in File.ReadLines(path))
        {
            var match = RowPattern().Match(line);
            if (!match.Success)
            {
                continue;
            }

            var first = Parse(match.Groups[1].Value);
            var last = match.Groups[2].Success ? Parse(match.Groups[2].Value) : first;
            for (var date = first; date <= last; date = date.PlusDays(1))
            {
                off.Add(date);
            }

            makeUp.AddRange(DatePattern().Matches(match.Groups[3].Value).Select(m => Parse(m.Value)));
        }

        return (off, makeUp);
    }

    private static LocalDate Parse(string text) => LocalDatePattern.Iso.Parse(text).GetValueOrThrow();
}
