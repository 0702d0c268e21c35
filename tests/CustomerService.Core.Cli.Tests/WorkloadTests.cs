using System.Globalization;

namespace CustomerService.Core.Cli.Tests;

/// <summary>
/// The built tool on the shared 100,000-case workload (local times read in Asia/Shanghai, which keeps +08:00 over
/// 2025–2027), every answer compared with <see cref="NaiveOffice"/>'s independent day walk.
/// </summary>
public sealed class WorkloadTests(WorkloadFixture workload) : IClassFixture<WorkloadFixture>
{
    private static readonly TimeSpan Shanghai = TimeSpan.FromHours(8);

    private static string[] Args(string command, string input, string output, params string[] more) =>
        [command, "--calendar", CliRunner.WorkloadCalendar, "--zone", "Asia/Shanghai", input, "-o", output, "--progress", "none", .. more];

    [Fact]
    public void Due_OnTheWorkload_MatchesAnIndependentDayWalk()
    {
        var output = Path.Combine(workload.Directory, "due.csv");
        var run = CliRunner.Run(Args("due", workload.Cases, output, "--threads", "1"));

        Assert.True(run.ExitCode == 0, run.StandardError);
        var lines = File.ReadAllLines(output);
        Assert.Equal("id,due", lines[0]);
        Assert.Equal(workload.Rows.Count + 1, lines.Length);
        var mismatches = new List<string>();
        for (var i = 0; i < workload.Rows.Count; i++)
        {
            var row = workload.Rows[i];
            var fields = lines[i + 1].Split(',');
            var due = DateTimeOffset.Parse(fields[1], CultureInfo.InvariantCulture);
            var expected = workload.Office.Due(NaiveOffice.Local(row[1]), long.Parse(row[2], CultureInfo.InvariantCulture));
            if (fields[0] != row[0] || due.Offset != Shanghai || due.DateTime != expected)
            {
                mismatches.Add($"{string.Join(',', row)} → {lines[i + 1]}, expected {expected:s}+08:00");
            }
        }

        Assert.True(mismatches.Count == 0, $"{mismatches.Count} of {workload.Rows.Count} due times differ, e.g.\n" + string.Join("\n", mismatches.Take(10)));
    }

    [Fact]
    public void Elapsed_OnTheWorkload_MatchesAnIndependentDayWalk()
    {
        var output = Path.Combine(workload.Directory, "elapsed.csv");
        var run = CliRunner.Run(Args("elapsed", workload.Cases, output, "--threads", "1"));

        Assert.True(run.ExitCode == 0, run.StandardError);
        var lines = File.ReadAllLines(output);
        Assert.Equal("id,elapsed_min", lines[0]);
        Assert.Equal(workload.Rows.Count + 1, lines.Length);
        var mismatches = new List<string>();
        for (var i = 0; i < workload.Rows.Count; i++)
        {
            var row = workload.Rows[i];
            var fields = lines[i + 1].Split(',');
            var expected = workload.Office.Elapsed(NaiveOffice.Local(row[1]), NaiveOffice.Local(row[3]));
            if (fields[0] != row[0] || double.Parse(fields[1], CultureInfo.InvariantCulture) != expected)
            {
                mismatches.Add($"{string.Join(',', row)} → {lines[i + 1]}, expected {expected}");
            }
        }

        Assert.True(mismatches.Count == 0, $"{mismatches.Count} of {workload.Rows.Count} elapsed times differ, e.g.\n" + string.Join("\n", mismatches.Take(10)));
    }

    [Fact]
    public void Open_OnTheWorkloadStarts_MatchesAnIndependentDayWalk()
    {
        var output = Path.Combine(workload.Directory, "open.csv");
        var run = CliRunner.Run(Args("open", workload.Cases, output, "--instant-column", "start", "--time-format", "local", "--threads", "1"));

        Assert.True(run.ExitCode == 0, run.StandardError);
        var lines = File.ReadAllLines(output);
        Assert.Equal("id,open,next_opening", lines[0]);
        var mismatches = new List<string>();
        for (var i = 0; i < workload.Rows.Count; i++)
        {
            var at = NaiveOffice.Local(workload.Rows[i][1]);
            var expected = $"{workload.Rows[i][0]},{(workload.Office.IsOpen(at) ? "true" : "false")},{workload.Office.NextOpening(at):yyyy-MM-dd'T'HH:mm:ss}";
            if (lines[i + 1] != expected)
            {
                mismatches.Add($"{lines[i + 1]}, expected {expected}");
            }
        }

        Assert.True(mismatches.Count == 0, $"{mismatches.Count} answers differ, e.g.\n" + string.Join("\n", mismatches.Take(10)));
        Assert.Contains(lines, l => l.Contains(",true,", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains(",false,", StringComparison.Ordinal));
    }

    [Fact]
    public void Due_OnTwoThreads_WritesTheSameFileAsOnOne()
    {
        var one = Path.Combine(workload.Directory, "due-one.csv");
        var two = Path.Combine(workload.Directory, "due-two.csv");

        var first = CliRunner.Run(Args("due", workload.Cases, one, "--threads", "1"));
        var second = CliRunner.Run(Args("due", workload.Cases, two, "--threads", "2"));

        Assert.Equal(0, first.ExitCode);
        Assert.Equal(0, second.ExitCode);
        Assert.Equal(File.ReadAllBytes(one), File.ReadAllBytes(two));
    }

    [Fact]
    public void Compare_OfTheIndependentAnswers_AgreesOnEveryRow()
    {
        // The other system here is the independent day walk: every one of its answers must agree with the tool's.
        var input = Path.Combine(workload.Directory, "theirs.csv");
        var lines = new List<string> { "id,start,duration_min,expected" };
        lines.AddRange(workload.Rows.Select(r =>
            $"{r[0]},{r[1]},{r[2]},{workload.Office.Due(NaiveOffice.Local(r[1]), long.Parse(r[2], CultureInfo.InvariantCulture)):yyyy-MM-dd'T'HH:mm}"));
        File.WriteAllLines(input, lines);
        var output = Path.Combine(workload.Directory, "disagreements.csv");

        var run = CliRunner.Run(Args("compare", input, output));

        Assert.True(run.ExitCode == 0, run.StandardOutput + run.StandardError);
        Assert.Contains($"compared {workload.Rows.Count:N0} rows (due): {workload.Rows.Count:N0} agree (100.00 %), 0 disagree", run.StandardOutput, StringComparison.Ordinal);
        Assert.Single(File.ReadAllLines(output));
    }

    [Fact]
    public void Bench_OnTheWorkload_PrintsNanosecondsPerRowNextToTheReference()
    {
        var run = CliRunner.Run(["bench", "--calendar", CliRunner.WorkloadCalendar, "--zone", "Asia/Shanghai", workload.Cases, "--bench-rows", "5000", "--bench-seconds", "0.05"]);

        Assert.True(run.ExitCode == 0, run.StandardError);
        Assert.Contains("5,000 rows", run.StandardOutput, StringComparison.Ordinal);
        foreach (var question in new[] { "Add ", "BusinessTimeBetween ", "Add (span form)", "BusinessTimeBetween (span form)" })
        {
            var line = run.StandardOutput.Split('\n').First(l => l.StartsWith(question, StringComparison.Ordinal));
            var numbers = line[34..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            Assert.True(double.Parse(numbers[0], NumberStyles.Number, CultureInfo.InvariantCulture) > 0, line);
            Assert.True(double.Parse(numbers[2], NumberStyles.Number, CultureInfo.InvariantCulture) > 0, line);
        }

        Assert.Contains("library's internal day-by-day walk", run.StandardOutput, StringComparison.Ordinal);
    }
}
