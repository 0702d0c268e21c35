using System.Diagnostics;

namespace CustomerService.Core.Cli.Tests;

/// <summary>The shared 100,000-case workload, generated once into a temporary directory by its fixed-seed script.</summary>
public sealed class WorkloadFixture : IDisposable
{
    private readonly TempDirectory _directory = new();

    public WorkloadFixture()
    {
        Cases = _directory.File("cases.csv");
        var start = new ProcessStartInfo("python3") { WorkingDirectory = CliRunner.WorkloadDirectory, RedirectStandardError = true };
        start.ArgumentList.Add("gen_business_time_cases.py");
        start.ArgumentList.Add(Cases);
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0 || !File.Exists(Cases))
        {
            throw new InvalidOperationException("python3 gen_business_time_cases.py failed: " + error);
        }

        Rows = [.. File.ReadLines(Cases).Skip(1).Select(l => l.Split(','))];
        Office = new NaiveOffice(CliRunner.WorkloadCalendar);
    }

    public string Cases { get; }

    /// <summary>Gets the cases as fields: id, start, duration_min, end.</summary>
    public IReadOnlyList<string[]> Rows { get; }

    public NaiveOffice Office { get; }

    public string Directory => _directory.Path;

    public void Dispose() => _directory.Dispose();
}
