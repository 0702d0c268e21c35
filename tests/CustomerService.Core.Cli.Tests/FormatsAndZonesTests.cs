using System.Globalization;

namespace CustomerService.Core.Cli.Tests;

/// <summary>Input and output forms (offsets, ISO durations, separators, UTC), calendars picked from an appsettings.json, and local times across DST changes checked against the BCL's own zone data.</summary>
public sealed class FormatsAndZonesTests : IDisposable
{
    private const string AppSettings = """
        {
          "CustomerServiceCore": {
            "Calendars": {
              "Shanghai": { "TimeZone": "Asia/Shanghai", "Weekdays": [ "09:00-12:00", "13:00-18:00" ] },
              "Always": { "TimeZone": "Europe/Berlin", "Weekdays": [ "00:00-24:00" ], "Weekly": { "Saturday": [ "00:00-24:00" ], "Sunday": [ "00:00-24:00" ] } }
            }
          }
        }
        """;

    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Due_WithIsoDurationsOffsetsAndASemicolon_WritesUtcAndKeepsTheSeparator()
    {
        var calendar = _directory.File("appsettings.json");
        File.WriteAllText(calendar, AppSettings);
        var input = _directory.File("cases.csv");
        File.WriteAllText(input, "ticket;opened;sla\nT-1;2025-01-06T17:30:00+08:00;PT1H\nT-2;2025-01-06T01:00:00Z;P1D\nT-3;2025-01-06 11:59:30;0.5\n");
        var output = _directory.File("due.csv");

        var run = CliRunner.Run(["due", "--calendar", calendar, "--calendar-name", "Shanghai", input, "-o", output, "--id-column", "ticket",
            "--start-column", "opened", "--amount-column", "sla", "--time-format", "utc", "--progress", "none"]);

        Assert.True(run.ExitCode == 0, run.StandardError);
        Assert.Equal(
            [
                "ticket;due",
                // Monday 17:30–18:00, then Tuesday 09:00–09:30 Shanghai (01:30Z).
                "T-1;2025-01-07T01:30:00Z",
                // 09:00 Shanghai, plus 24 business hours = three days of 8 hours: Wednesday 18:00 Shanghai.
                "T-2;2025-01-08T10:00:00Z",
                // Half a minute: 11:59:30 + 30 s = the 12:00 closing time.
                "T-3;2025-01-06T04:00:00Z",
            ],
            File.ReadAllLines(output));
    }

    [Fact]
    public void Elapsed_BackwardsAndInIsoOrSeconds_IsSignedAndExact()
    {
        var calendar = _directory.File("appsettings.json");
        File.WriteAllText(calendar, AppSettings);
        var input = _directory.File("spans.csv");
        File.WriteAllText(input, "start,end\n2025-01-06T09:00,2025-01-06T13:00:20\n2025-01-06T13:00:20,2025-01-06T09:00\n");

        var iso = CliRunner.Run(["elapsed", "--calendar", calendar, "--calendar-name", "Shanghai", input, "--duration-format", "iso", "--progress", "none"]);
        var seconds = CliRunner.Run(["elapsed", "--calendar", calendar, "--calendar-name", "Shanghai", input, "--duration-format", "seconds", "--progress", "none"]);
        var minutes = CliRunner.Run(["elapsed", "--calendar", calendar, "--calendar-name", "Shanghai", input, "--progress", "none"]);

        // No id column: rows are named by number. 09:00–12:00 and 13:00–13:00:20 are 3 h 20 s of business time.
        Assert.Equal("row,elapsed\n1,PT3H20S\n2,-PT3H20S\n", iso.StandardOutput);
        Assert.Equal("row,elapsed_s\n1,10820\n2,-10820\n", seconds.StandardOutput);
        Assert.Equal("row,elapsed_min\n1,180.333333333\n2,-180.333333333\n", minutes.StandardOutput);
    }

    [Fact]
    public void Due_WithSeveralCalendarsAndNoName_ExitsWithCode3AndListsThem()
    {
        var calendar = _directory.File("appsettings.json");
        File.WriteAllText(calendar, AppSettings);

        var run = CliRunner.Run(["due", "--calendar", calendar, "-"], input => input.Write("id,start,duration_min\n"u8));

        Assert.Equal(3, run.ExitCode);
        Assert.Contains("--calendar-name", run.StandardError, StringComparison.Ordinal);
        Assert.Contains("Shanghai, Always", run.StandardError, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Europe/Berlin", "Europe/Berlin")]
    [InlineData("Australia/Sydney", "Australia/Sydney")]
    [InlineData("America/New_York", "America/New_York")]
    public void Open_OnAnAlwaysOpenCalendar_MapsLocalTimesAcrossDstLikeTheBcl(string zone, string bclZone)
    {
        // Every 7 minutes over three years, through every spring-forward gap and fall-back overlap: a skipped local time
        // moves forward by the gap, a repeated one takes the earlier instant; the answer's local time and offset are the
        // BCL's for that instant.
        var calendar = _directory.File("appsettings.json");
        File.WriteAllText(calendar, AppSettings);
        var input = _directory.File("instants.csv");
        var locals = new List<DateTime>();
        for (var t = new DateTime(2024, 1, 1); t < new DateTime(2027, 1, 1); t = t.AddMinutes(7))
        {
            locals.Add(t);
        }

        // The gap and overlap minutes themselves, every minute of the days of change.
        var tz = TimeZoneInfo.FindSystemTimeZoneById(bclZone);
        for (var day = new DateTime(2024, 1, 1); day < new DateTime(2027, 1, 1); day = day.AddDays(1))
        {
            if (tz.GetUtcOffset(day) != tz.GetUtcOffset(day.AddDays(1)))
            {
                for (var m = 0; m < 2 * 24 * 60; m++)
                {
                    locals.Add(day.AddMinutes(m));
                }
            }
        }

        File.WriteAllLines(input, locals.Select(l => l.ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture)).Prepend("instant"));
        var output = _directory.File("open.csv");

        var run = CliRunner.Run(["open", "--calendar", calendar, "--calendar-name", "Always", "--zone", zone, input, "-o", output, "--progress", "none"]);

        Assert.True(run.ExitCode == 0, run.StandardError);
        var lines = File.ReadAllLines(output);
        Assert.Equal(locals.Count + 1, lines.Length);
        var mismatches = new List<string>();
        for (var i = 0; i < locals.Count; i++)
        {
            var local = locals[i];
            var utc = tz.IsInvalidTime(local)
                ? TimeZoneInfo.ConvertTimeToUtc(local.AddHours(1), tz)
                : tz.IsAmbiguousTime(local)
                    ? DateTime.SpecifyKind(local - tz.GetAmbiguousTimeOffsets(local).Max(), DateTimeKind.Utc)
                    : TimeZoneInfo.ConvertTimeToUtc(local, tz);
            var offset = tz.GetUtcOffset(utc);
            var expected = new DateTimeOffset(utc).ToOffset(offset);
            var text = expected.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture)
                + (offset == TimeSpan.Zero ? "Z" : expected.ToString("zzz", CultureInfo.InvariantCulture));
            var want = $"{i + 1},true,{text}";
            if (lines[i + 1] != want)
            {
                mismatches.Add($"{local:s}: {lines[i + 1]}, expected {want}");
            }
        }

        Assert.True(mismatches.Count == 0, $"{mismatches.Count} of {locals.Count} differ, e.g.\n" + string.Join("\n", mismatches.Take(10)));
    }
}
