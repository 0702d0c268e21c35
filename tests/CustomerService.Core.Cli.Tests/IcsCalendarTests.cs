using System.Globalization;
using System.Text;
using System.Text.Json;

namespace CustomerService.Core.Cli.Tests;

/// <summary>
/// <c>--ics</c>: the weekly hours from JSON and the holidays and make-up working days from an iCalendar file give the
/// same answers on the whole workload as the JSON calendar that lists them, and a bad file stops the run naming it.
/// </summary>
public sealed class IcsCalendarTests(WorkloadFixture workload) : IClassFixture<WorkloadFixture>
{
    [Fact]
    public void Due_WeeklyHoursFromJsonAndHolidaysFromIcs_MatchTheFullJsonCalendarOnEveryCase()
    {
        using var calendar = JsonDocument.Parse(File.ReadAllText(CliRunner.WorkloadCalendar));
        var root = calendar.RootElement;
        var holidays = root.GetProperty("holidays").EnumerateArray().Select(e => e.GetString()!).ToList();
        var makeUp = root.GetProperty("makeup_workdays").EnumerateArray().Select(e => e.GetString()!).ToList();
        Assert.NotEmpty(holidays);
        Assert.NotEmpty(makeUp);

        // The same weekly hours without any date of their own.
        var weekly = Path.Combine(workload.Directory, "weekly-only.json");
        File.WriteAllText(weekly, JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["name"] = "weekly only",
            ["weekdays_open"] = root.GetProperty("weekdays_open").EnumerateArray().Select(e => e.GetInt32()).ToArray(),
            ["intervals"] = root.GetProperty("intervals").EnumerateArray().Select(i => i.EnumerateArray().Select(t => t.GetString()).ToArray()).ToArray(),
            ["holidays"] = Array.Empty<string>(),
            ["makeup_workdays"] = Array.Empty<string>(),
        }));

        // The dates as a published holiday calendar would give them: all-day events, make-up days marked WORKDAY.
        var ics = new StringBuilder("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//cs-sla tests//EN\r\n");
        var n = 0;
        foreach (var (date, workday) in holidays.Select(d => (d, false)).Concat(makeUp.Select(d => (d, true))))
        {
            var day = DateOnly.ParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture);
            ics.Append(CultureInfo.InvariantCulture, $"BEGIN:VEVENT\r\nUID:d{n++}@tests\r\nDTSTAMP:20250101T000000Z\r\nDTSTART;VALUE=DATE:{day:yyyyMMdd}\r\nDTEND;VALUE=DATE:{day.AddDays(1):yyyyMMdd}\r\nSUMMARY:{(workday ? "Make-up working day" : "Holiday")}\r\n");
            if (workday)
            {
                ics.Append("CATEGORIES:WORKDAY\r\n");
            }

            ics.Append("END:VEVENT\r\n");
        }

        ics.Append("END:VCALENDAR\r\n");
        var icsPath = Path.Combine(workload.Directory, "holidays.ics");
        File.WriteAllText(icsPath, ics.ToString());

        var fromJson = Path.Combine(workload.Directory, "due-json.csv");
        var fromIcs = Path.Combine(workload.Directory, "due-ics.csv");
        var json = CliRunner.Run(["due", "--calendar", CliRunner.WorkloadCalendar, "--zone", "Asia/Shanghai", workload.Cases, "-o", fromJson, "--progress", "none"]);
        var withIcs = CliRunner.Run(["due", "--calendar", weekly, "--ics", icsPath, "--zone", "Asia/Shanghai", workload.Cases, "-o", fromIcs, "--progress", "none"]);

        Assert.True(json.ExitCode == 0, json.StandardError);
        Assert.True(withIcs.ExitCode == 0, withIcs.StandardError);
        var expected = File.ReadAllLines(fromJson);
        Assert.Equal(workload.Rows.Count + 1, expected.Length);
        Assert.Equal(expected, File.ReadAllLines(fromIcs));

        // Without the .ics the weekly-only calendar answers differently: the file's dates are what made them agree.
        var bare = Path.Combine(workload.Directory, "due-bare.csv");
        Assert.Equal(0, CliRunner.Run(["due", "--calendar", weekly, "--zone", "Asia/Shanghai", workload.Cases, "-o", bare, "--progress", "none"]).ExitCode);
        Assert.NotEqual(expected, File.ReadAllLines(bare));
    }

    [Fact]
    public void Due_ABrokenIcsFile_ExitsWithTheCalendarCodeNamingTheFileAndLine()
    {
        var icsPath = Path.Combine(workload.Directory, "broken.ics");
        File.WriteAllText(icsPath, "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:x@tests\r\nSUMMARY:no start\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n");

        var run = CliRunner.Run(["due", "--calendar", CliRunner.WorkloadCalendar, "--ics", icsPath, "--zone", "Asia/Shanghai", workload.Cases, "-o", Path.Combine(workload.Directory, "never.csv"), "--progress", "none"]);

        Assert.Equal(3, run.ExitCode);
        Assert.Contains("broken.ics", run.StandardError, StringComparison.Ordinal);
        Assert.Contains("DTSTART", run.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public void Due_AnIcsRangeThatIsNotTwoDates_IsAUsageError()
    {
        var run = CliRunner.Run(["due", "--calendar", CliRunner.WorkloadCalendar, "--ics", "x.ics", "--ics-range", "2025-12-31/2025-01-01", "--zone", "Asia/Shanghai", workload.Cases]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--ics-range", run.StandardError, StringComparison.Ordinal);
    }
}
