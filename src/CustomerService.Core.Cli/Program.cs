using System.Diagnostics;
using System.Globalization;

namespace CustomerService.Core.Cli;

/// <summary>The entry point of cs-sla: parses the command line, loads the calendar, runs the command.</summary>
internal static class Program
{
    public static int Main(string[] args)
    {
        try
        {
            return Run(args, Console.Out, Console.Error);
        }
        catch (CliException e)
        {
            (e.ExitCode == ExitCodes.Success ? Console.Out : Console.Error).WriteLine(e.ExitCode == ExitCodes.Success ? e.Message : "cs-sla: " + e.Message);
            return e.ExitCode;
        }
        catch (IOException e)
        {
            Console.Error.WriteLine("cs-sla: input or output failed: " + e.Message);
            return ExitCodes.Input;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Console.Error.WriteLine("cs-sla: unexpected failure (please report it): " + e);
            return ExitCodes.Internal;
        }
    }

    private static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var options = CliOptions.Parse(args);
        var calendar = CalendarFile.Load(options.CalendarPath, options.Zone, options.CalendarName, options.IcsPath, options.IcsRange);
        var clock = Stopwatch.StartNew();
        using var input = OpenInput(options.Input);
        if (options.Command == Command.Bench)
        {
            return Bench.Run(options, calendar, input, stdout);
        }

        using var output = OpenOutput(options.Output);
        RunResult result;
        var pipeline = new Pipeline(options, calendar);
        using (var errors = new ErrorSink(options.Errors!))
        {
            result = ProgressReporter.Run(options, options.Command.ToString().ToLowerInvariant(), pipeline, () => pipeline.Run(input, output, errors));
            output.Flush();
            var c = CultureInfo.InvariantCulture;
            if (result.Stopped && errors.First is { } stop)
            {
                stderr.WriteLine(string.Create(c, $"cs-sla: stopped at the bad row {stop.Row} (line {stop.Line}), column '{stop.Column}': {stop.Reason} (--strict; the output holds the {result.Rows:N0} rows before it; see {errors.Path})"));
            }
            else if (result.BadRows > 0 && errors.First is { } first)
            {
                stderr.WriteLine(string.Create(c, $"cs-sla: {result.BadRows:N0} bad rows skipped, listed in {errors.Path} (the first: row {first.Row}, column '{first.Column}': {first.Reason})"));
            }
        }

        var seconds = clock.Elapsed.TotalSeconds;
        if (options.Command == Command.Compare && !result.Stopped)
        {
            WriteSummary(options, result, options.Output == "-" ? stderr : stdout);
        }

        if (options.Stats)
        {
            using var self = Process.GetCurrentProcess();
            stderr.WriteLine(string.Create(CultureInfo.InvariantCulture, $"cs-sla stats: {result.Rows:N0} rows, {result.BadRows:N0} bad, {seconds:F3} s, {result.Rows / Math.Max(seconds, 1e-9):N0} rows/s, peak working set {self.PeakWorkingSet64 / (1024.0 * 1024):F1} MiB, {options.Threads} threads"));
        }

        if (result.Stopped)
        {
            return ExitCodes.StrictStop;
        }

        if (result.BadRows > 0)
        {
            return ExitCodes.BadRows;
        }

        var disagreements = result.Tally.Take(CompareCauses.Count).Sum();
        return options.Command == Command.Compare && disagreements > 0 ? ExitCodes.Disagreements : ExitCodes.Success;
    }

    private static void WriteSummary(CliOptions options, RunResult result, TextWriter writer)
    {
        var c = CultureInfo.InvariantCulture;
        var compared = result.Tally[CompareCauses.Compared];
        var disagree = result.Tally.Take(CompareCauses.Count).Sum();
        var agree = compared - disagree;
        var share = compared == 0 ? 0 : 100.0 * agree / compared;
        writer.WriteLine(string.Create(c, $"compared {compared:N0} rows ({options.Of.ToString().ToLowerInvariant()}): {agree:N0} agree ({share:F2} %), {disagree:N0} disagree"));
        if (disagree > 0)
        {
            writer.WriteLine("disagreements by cause:");
            for (var i = 0; i < CompareCauses.Count; i++)
            {
                writer.WriteLine(string.Create(c, $"  {CompareCauses.Names[i],-30} {result.Tally[i],12:N0}  {100.0 * result.Tally[i] / disagree,6:F2} %"));
            }

            writer.WriteLine(options.Output == "-" ? "the disagreeing rows are on standard output" : "the disagreeing rows are in " + options.Output);
        }

        if (result.BadRows > 0)
        {
            writer.WriteLine(string.Create(c, $"{result.BadRows:N0} rows could not be compared (see {options.Errors})"));
        }
    }

    private static Stream OpenInput(string path)
    {
        if (path == "-")
        {
            return Console.OpenStandardInput(1 << 16);
        }

        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException(ExitCodes.Input, $"Cannot read the input '{path}': {e.Message}");
        }
    }

    private static Stream OpenOutput(string path)
    {
        if (path == "-")
        {
            return new BufferedStream(Console.OpenStandardOutput(), 1 << 16);
        }

        try
        {
            return new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, 1 << 16);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException(ExitCodes.Input, $"Cannot write the output '{path}': {e.Message}");
        }
    }
}
