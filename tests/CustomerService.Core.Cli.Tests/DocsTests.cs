using System.Globalization;
using System.Text.RegularExpressions;

namespace CustomerService.Core.Cli.Tests;

/// <summary>docs/cli.md's worked example is real: its calendar, its outputs and its comparison are the tool's.</summary>
public sealed partial class DocsTests(WorkloadFixture workload) : IClassFixture<WorkloadFixture>
{
    private static readonly string Page = File.ReadAllText(Path.Combine(CliRunner.RepositoryRoot, "docs", "cli.md"));

    [Fact]
    public void WorkedExample_DueLines_AreTheToolsOutput()
    {
        var output = Path.Combine(workload.Directory, "docs-due.csv");

        var run = CliRunner.Run(["due", "--calendar", CliRunner.WorkloadCalendar, "--zone", "Asia/Shanghai", workload.Cases, "-o", output, "--progress", "none"]);

        Assert.Equal(0, run.ExitCode);
        var lines = File.ReadLines(output).Take(3).ToList();
        Assert.Equal("id,due", lines[0]);
        foreach (var line in lines.Skip(1))
        {
            Assert.Contains(line, Page, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void WorkedExample_Comparison_IsTheToolsSummary()
    {
        // The page's "Weekends only" calendar (its one JSON block) stands for the other system.
        var calendar = Path.Combine(workload.Directory, "weekends-only.json");
        File.WriteAllText(calendar, JsonBlock().Match(Page).Groups[1].Value);
        var theirsDue = Path.Combine(workload.Directory, "theirs-due.csv");
        var made = CliRunner.Run(["due", "--calendar", calendar, workload.Cases, "-o", theirsDue, "--progress", "none"]);
        Assert.Equal(0, made.ExitCode);
        var theirs = Path.Combine(workload.Directory, "docs-theirs.csv");
        File.WriteAllLines(theirs, File.ReadLines(theirsDue).Skip(1).Zip(workload.Rows)
            .Select(p => string.Join(',', p.Second[0], p.Second[1], p.Second[2], p.First.Split(',')[1]))
            .Prepend("id,start,duration_min,expected"));
        var disagreements = Path.Combine(workload.Directory, "docs-disagreements.csv");

        var run = CliRunner.Run(["compare", "--calendar", CliRunner.WorkloadCalendar, "--zone", "Asia/Shanghai", theirs, "-o", disagreements, "--progress", "none"]);

        Assert.Equal(6, run.ExitCode);
        var summary = run.StandardOutput.Replace(disagreements, "disagreements.csv", StringComparison.Ordinal).TrimEnd();
        Assert.Contains(summary, Page, StringComparison.Ordinal);
        var shown = File.ReadLines(disagreements).Take(3).ToList();
        foreach (var line in shown)
        {
            Assert.Contains(line + "\n", Page, StringComparison.Ordinal);
        }

        Assert.Equal(5_864 + 1_421, File.ReadLines(disagreements).Count() - 1);
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"{workload.Rows.Count:N0} rows"), summary, StringComparison.Ordinal);
    }

    [GeneratedRegex("```json\\s*\\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex JsonBlock();
}
