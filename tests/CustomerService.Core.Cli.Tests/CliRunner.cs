using System.Diagnostics;
using System.Globalization;
using System.Reflection;

namespace CustomerService.Core.Cli.Tests;

/// <summary>The result of one run of the tool.</summary>
public sealed record CliRun(int ExitCode, string StandardOutput, string StandardError, long PeakWorkingSetBytes);

/// <summary>
/// Runs the built cs-sla (<c>dotnet CustomerService.Core.Cli.dll …</c>, the tool's own build output) as a child process,
/// and samples its peak working set (VmHWM of /proc/PID/status, a high-water mark) while it runs.
/// </summary>
public static class CliRunner
{
    public static string ToolPath { get; } = Path.GetFullPath(
        typeof(CliRunner).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "CliToolPath").Value!);

    public static string RepositoryRoot { get; } = FindRoot();

    /// <summary>The workload folder kept in the repository (generator and calendar, copies of shared/data).</summary>
    public static string WorkloadDirectory => Path.Combine(RepositoryRoot, "benchmarks", "CustomerService.Core.Benchmarks", "Calendars", "Workload");

    public static string WorkloadCalendar => Path.Combine(WorkloadDirectory, "business-time-calendar.json");

    /// <summary>Runs the tool; <paramref name="feedInput"/>, when given, writes its standard input; <paramref name="readOutput"/>, when given, consumes its standard output as a stream.</summary>
    public static CliRun Run(IEnumerable<string> arguments, Action<Stream>? feedInput = null, Action<Stream>? readOutput = null, string? workingDirectory = null)
    {
        Assert.True(File.Exists(ToolPath), $"The tool is not built at {ToolPath}: build tests/CustomerService.Core.Cli.Tests first.");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Path.GetTempPath(),
        };
        start.ArgumentList.Add(ToolPath);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        long peak = 0;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                peak = Math.Max(peak, ReadPeak(process.Id));
                try
                {
                    await Task.Delay(25, sampling.Token);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        });
        var stderr = process.StandardError.ReadToEndAsync();
        var feeding = Task.Run(() =>
        {
            try
            {
                feedInput?.Invoke(process.StandardInput.BaseStream);
            }
            catch (IOException)
            {
                // The tool stopped reading (for example --strict stopped): nothing more to feed.
            }
            finally
            {
                try
                {
                    process.StandardInput.Close();
                }
                catch (Exception e) when (e is IOException or ObjectDisposedException)
                {
                    // The feeder closed the stream itself, or the tool has gone.
                }
            }
        });
        string stdout;
        if (readOutput is null)
        {
            stdout = process.StandardOutput.ReadToEnd();
        }
        else
        {
            readOutput(process.StandardOutput.BaseStream);
            stdout = string.Empty;
        }

        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(10)), "cs-sla did not finish within 10 minutes.");
        sampling.Cancel();
        sampler.Wait();
        feeding.Wait();
        return new CliRun(process.ExitCode, stdout, stderr.Result, peak);
    }

    private static long ReadPeak(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    var kb = line["VmHWM:".Length..].Trim().Split(' ')[0];
                    return long.Parse(kb, CultureInfo.InvariantCulture) * 1024;
                }
            }
        }
        catch (IOException)
        {
            // The process has exited between two samples.
        }

        return 0;
    }

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "CustomerService.Core.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (with CustomerService.Core.sln) was not found above the test's directory.");
    }
}

/// <summary>A temporary directory, deleted with everything in it.</summary>
public sealed class TempDirectory : IDisposable
{
    public TempDirectory() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "cs-sla-tests-" + Guid.NewGuid().ToString("N"));

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
