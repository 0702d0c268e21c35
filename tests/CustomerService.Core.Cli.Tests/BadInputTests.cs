namespace CustomerService.Core.Cli.Tests;

/// <summary>Bad rows go to the errors file with row, line, column, value and reason; --strict stops; bad runs exit with their documented codes.</summary>
public sealed class BadInputTests : IDisposable
{
    private const string Input = """
        id,start,duration_min
        a,2025-01-02T09:00,60
        b,2025-13-02T09:00,60
        c,2025-01-02T09:00,-5
        "d,1",2025-01-02T09:00+09:00,PT1H30M
        e,2025-01-02T09:00
        f,1800-01-01T00:00,5
        g,2025-01-02 17:30,P1Y
        h,2025-01-03T17:30:00Z,1

        """;

    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private string[] Args(string input, string output, params string[] more) =>
        ["due", "--calendar", CliRunner.WorkloadCalendar, "--zone", "Asia/Shanghai", input, "-o", output, "--progress", "none", .. more];

    [Fact]
    public void Due_WithBadRows_ListsEachInTheErrorsFileAndAnswersTheRest()
    {
        var input = _directory.File("cases.csv");
        File.WriteAllText(input, Input);
        var output = _directory.File("due.csv");

        var run = CliRunner.Run(Args(input, output));

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("5 bad rows skipped", run.StandardError, StringComparison.Ordinal);
        Assert.Equal(
            [
                "id,due",
                "a,2025-01-02T10:00:00+08:00",
                // 09:00+09:00 is 08:00 in Shanghai: counting starts at 09:00, 90 minutes later is 10:30.
                "\"d,1\",2025-01-02T10:30:00+08:00",
                // 2025-01-03T17:30Z is 2025-01-04 01:30 in Shanghai, a Saturday: Monday 09:01.
                "h,2025-01-06T09:01:00+08:00",
            ],
            File.ReadAllLines(output));
        var errors = File.ReadAllLines(output + ".errors.csv");
        Assert.Equal("row,line,column,value,reason", errors[0]);
        Assert.Equal(6, errors.Length);
        AssertError(errors[1], "2,3,start,2025-13-02T09:00,", "month");
        AssertError(errors[2], "3,4,duration_min,-5,", "negative");
        AssertError(errors[3], "5,6,duration_min,,", "fewer columns");
        AssertError(errors[4], "6,7,start,1800-01-01T00:00,", "supported range");
        AssertError(errors[5], "7,8,duration_min,P1Y,", "years and months");
    }

    [Fact]
    public void Due_Strict_StopsAtTheFirstBadRow()
    {
        var input = _directory.File("cases.csv");
        File.WriteAllText(input, Input);
        var output = _directory.File("due.csv");

        var run = CliRunner.Run(Args(input, output, "--strict"));

        Assert.Equal(5, run.ExitCode);
        Assert.Contains("stopped at the bad row 2 (line 3), column 'start'", run.StandardError, StringComparison.Ordinal);
        Assert.Equal(["id,due", "a,2025-01-02T10:00:00+08:00"], File.ReadAllLines(output));
        var errors = File.ReadAllLines(output + ".errors.csv");
        Assert.Equal(2, errors.Length);
        AssertError(errors[1], "2,3,start,2025-13-02T09:00,", "month");
    }

    [Fact]
    public void Due_Strict_OnManyThreadsAndBatches_StopsAtTheSameRow()
    {
        // 20,000 good rows, one bad row deep in the fifth batch, more good rows after it.
        var input = _directory.File("many.csv");
        var lines = new List<string> { "id,start,duration_min" };
        for (var i = 0; i < 30_000; i++)
        {
            lines.Add(i == 17_000 ? $"{i},2025-01-02T09:00,abc" : $"{i},2025-01-02T09:00,{(i % 600) + 1}");
        }

        File.WriteAllLines(input, lines);
        var output = _directory.File("due.csv");

        var run = CliRunner.Run(Args(input, output, "--strict", "--threads", "3"));

        Assert.Equal(5, run.ExitCode);
        var written = File.ReadAllLines(output);
        Assert.Equal(17_001, written.Length);
        Assert.StartsWith("16999,", written[^1], StringComparison.Ordinal);
        var errors = File.ReadAllLines(output + ".errors.csv");
        AssertError(errors[1], "17001,17002,duration_min,abc,", "not an amount");
    }

    [Fact]
    public void Due_WithBadRowsOnThreeThreads_ListsThemInInputOrder()
    {
        var bad = new HashSet<int> { 0, 4_095, 4_096, 17_000, 29_999 };
        var input = _directory.File("many.csv");
        var lines = new List<string> { "id,start,duration_min" };
        for (var i = 0; i < 30_000; i++)
        {
            lines.Add(bad.Contains(i) ? $"{i},2025-02-30T09:00,5" : $"{i},2025-01-02T09:00,{(i % 600) + 1}");
        }

        File.WriteAllLines(input, lines);
        var output = _directory.File("due.csv");

        var run = CliRunner.Run(Args(input, output, "--threads", "3"));

        Assert.Equal(1, run.ExitCode);
        var written = File.ReadAllLines(output);
        Assert.Equal(30_000 - bad.Count + 1, written.Length);
        Assert.Equal(
            Enumerable.Range(0, 30_000).Where(i => !bad.Contains(i)).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            written.Skip(1).Select(l => l.Split(',')[0]));
        Assert.Equal(
            bad.Order().Select(i => $"{i + 1},{i + 2},start,2025-02-30T09:00,day out of range for its month"),
            File.ReadAllLines(output + ".errors.csv").Skip(1));
    }

    [Fact]
    public void Due_WithoutTheAmountColumn_ExitsWithCode4AndNamesTheColumn()
    {
        var input = _directory.File("cases.csv");
        File.WriteAllText(input, "id,start,minutes\n1,2025-01-02T09:00,60\n");

        var run = CliRunner.Run(Args(input, _directory.File("due.csv")));

        Assert.Equal(4, run.ExitCode);
        Assert.Contains("no column 'duration_min'", run.StandardError, StringComparison.Ordinal);
        Assert.Contains("--amount-column", run.StandardError, StringComparison.Ordinal);

        var renamed = CliRunner.Run(Args(input, _directory.File("due.csv"), "--amount-column", "minutes"));

        Assert.Equal(0, renamed.ExitCode);
        Assert.Equal(["id,due", "1,2025-01-02T10:00:00+08:00"], File.ReadAllLines(_directory.File("due.csv")));
    }

    [Fact]
    public void Due_WithAMissingInput_ExitsWithCode4()
    {
        var run = CliRunner.Run(Args(_directory.File("nothing-here.csv"), _directory.File("due.csv")));

        Assert.Equal(4, run.ExitCode);
        Assert.Contains("nothing-here.csv", run.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public void Due_WithAnInvalidCalendar_ExitsWithCode3AndNamesTheKey()
    {
        var calendar = _directory.File("calendar.json");
        File.WriteAllText(calendar, """{ "Name": "Desk", "TimeZone": "Asia/Shanghai", "Weekdays": [ "13:00-08:00" ] }""");

        var run = CliRunner.Run(["due", "--calendar", calendar, "-", "--progress", "none"], input => input.Write("id,start,duration_min\n"u8));

        Assert.Equal(3, run.ExitCode);
        Assert.Contains("Weekdays:0", run.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public void Due_WithAnUnknownZone_ExitsWithCode3()
    {
        var run = CliRunner.Run(["due", "--calendar", CliRunner.WorkloadCalendar, "--zone", "Mars/Olympus", "-"], input => input.Write("id,start,duration_min\n"u8));

        Assert.Equal(3, run.ExitCode);
        Assert.Contains("Mars/Olympus", run.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public void Due_WithAnIcsCalendar_ExitsWithCode3AndSaysJsonOnly()
    {
        var run = CliRunner.Run(["due", "--calendar", _directory.File("desk.ics"), "-"]);

        Assert.Equal(3, run.ExitCode);
        Assert.Contains("iCalendar", run.StandardError, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("due", "--calendar", "x.json", "--threads", "0")]
    [InlineData("due", "--calendar", "x.json", "--no-such-option")]
    [InlineData("due")]
    [InlineData("sideways", "--calendar", "x.json")]
    public void Run_WithABadCommandLine_ExitsWithCode2(params string[] arguments)
    {
        var run = CliRunner.Run(arguments);

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("cs-sla: ", run.StandardError, StringComparison.Ordinal);
    }

    private static void AssertError(string line, string start, string reason)
    {
        Assert.StartsWith(start, line, StringComparison.Ordinal);
        Assert.Contains(reason, line[start.Length..], StringComparison.Ordinal);
    }
}
