namespace CustomerService.Core.Cli.Tests;

/// <summary><c>compare</c> on crafted rows, one disagreement per cause, on a Berlin calendar with DST, a holiday, a make-up Sunday and a night range.</summary>
public sealed class CompareTests : IDisposable
{
    // Mon–Fri 09:00–12:00 and 13:00–18:00; Wednesdays also 22:00–02:00 the next morning; closed on Friday 2025-12-26;
    // open on Sunday 2025-11-30 09:00–12:00. Europe/Berlin springs forward on Sunday 2025-03-30.
    private const string Calendar = """
        {
          "Name": "Berlin desk",
          "TimeZone": "Europe/Berlin",
          "Weekdays": [ "09:00-12:00", "13:00-18:00" ],
          "Weekly": { "Wednesday": [ "22:00-02:00+1" ] },
          "Holidays": [ "2025-12-26" ],
          "OpenDates": { "2025-11-30": [ "09:00-12:00" ] }
        }
        """;

    // id, start, amount, the other system's due time.
    private const string Rows = """
        id,start,duration_min,expected
        agree-1,2025-01-06T09:00,30,2025-01-06T09:30
        agree-2,2025-01-06T11:00,120,2025-01-06T14:00:00+01:00
        closing,2025-01-06T11:00,60,2025-01-06T13:00
        dst,2025-03-28T17:00,120,2025-03-31T10:00:00+01:00
        holiday,2025-12-25T17:00,120,2025-12-26T10:00
        make-up,2025-11-29T12:00,60,2025-12-01T10:00
        overnight,2025-01-08T17:00,120,2025-01-09T10:00
        other,2025-01-06T09:00,60,2025-01-06T10:30

        """;

    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Compare_CraftedDisagreements_AreGroupedByCause()
    {
        var calendar = _directory.File("berlin.json");
        File.WriteAllText(calendar, Calendar);
        var input = _directory.File("theirs.csv");
        File.WriteAllText(input, Rows);
        var output = _directory.File("disagreements.csv");

        var run = CliRunner.Run(["compare", "--calendar", calendar, input, "-o", output, "--progress", "none"]);

        Assert.True(run.ExitCode == 6, run.StandardOutput + run.StandardError);
        Assert.Contains("compared 8 rows (due): 2 agree (25.00 %), 6 disagree", run.StandardOutput, StringComparison.Ordinal);
        foreach (var cause in new[] { "closing time vs next opening", "DST day", "holiday", "make-up day", "overnight range", "other" })
        {
            Assert.Matches($@"\n  {cause} +1  +16\.67 %", run.StandardOutput);
        }

        var lines = File.ReadAllLines(output);
        Assert.Equal("id,start,ours,theirs,business_time_between_min,cause", lines[0]);
        Assert.Equal(
            [
                // Ours is the closing time 12:00, theirs the next opening: no business time between.
                "closing,2025-01-06T11:00:00+01:00,2025-01-06T12:00:00+01:00,2025-01-06T13:00:00+01:00,0,closing time vs next opening",
                // Friday 17–18, then Monday 09–10 in summer time; theirs read the old offset: an hour later.
                "dst,2025-03-28T17:00:00+01:00,2025-03-31T10:00:00+02:00,2025-03-31T11:00:00+02:00,60,DST day",
                // Thursday 17–18, the Friday holiday and the weekend closed: Monday 09–10; theirs counted the holiday.
                "holiday,2025-12-25T17:00:00+01:00,2025-12-29T10:00:00+01:00,2025-12-26T10:00:00+01:00,-60,holiday",
                // The make-up Sunday 09–10; theirs waited for Monday (Sunday 10–12 and Monday 09–10 between).
                "make-up,2025-11-29T12:00:00+01:00,2025-11-30T10:00:00+01:00,2025-12-01T10:00:00+01:00,180,make-up day",
                // Wednesday 17–18 and 22–23; theirs ignored the night range.
                "overnight,2025-01-08T17:00:00+01:00,2025-01-08T23:00:00+01:00,2025-01-09T10:00:00+01:00,240,overnight range",
                "other,2025-01-06T09:00:00+01:00,2025-01-06T10:00:00+01:00,2025-01-06T10:30:00+01:00,30,other",
            ],
            lines[1..]);
    }

    [Fact]
    public void Compare_WithATolerance_AgreesWithinIt()
    {
        var calendar = _directory.File("berlin.json");
        File.WriteAllText(calendar, Calendar);
        var input = _directory.File("theirs.csv");
        File.WriteAllText(input, Rows);
        var output = _directory.File("disagreements.csv");

        var run = CliRunner.Run(["compare", "--calendar", calendar, input, "-o", output, "--tolerance", "PT30M", "--progress", "none"]);

        // closing (0 between) and other (30 minutes) now agree; the four others differ by an hour or more.
        Assert.Equal(6, run.ExitCode);
        Assert.Contains("compared 8 rows (due): 4 agree (50.00 %), 4 disagree", run.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(5, File.ReadAllLines(output).Length);
    }

    [Fact]
    public void CompareElapsed_CraftedRows_ReportTheDifference()
    {
        var calendar = _directory.File("berlin.json");
        File.WriteAllText(calendar, Calendar);
        var input = _directory.File("elapsed.csv");
        File.WriteAllText(input, "id,start,end,expected\nsame,2025-01-06T09:00,2025-01-06T14:00,240\nholiday,2025-12-25T17:00,2025-12-29T10:00,PT10H\n");
        var output = _directory.File("disagreements.csv");

        var run = CliRunner.Run(["compare", "--of", "elapsed", "--calendar", calendar, input, "-o", output, "--progress", "none"]);

        Assert.Equal(6, run.ExitCode);
        Assert.Equal(
            [
                "id,start,end,ours,theirs,difference_min,cause",
                // Thursday 17–18 and Monday 09–10: 120 minutes; theirs also counted Friday's 480.
                "holiday,2025-12-25T17:00:00+01:00,2025-12-29T10:00:00+01:00,120,600,480,holiday",
            ],
            File.ReadAllLines(output));
    }
}
