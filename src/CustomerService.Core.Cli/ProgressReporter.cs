using System.Diagnostics;
using System.Globalization;
using Spectre.Console;

namespace CustomerService.Core.Cli;

/// <summary>
/// Progress on standard error while a run goes: a Spectre.Console bar on a terminal, a plain line every five seconds
/// when standard error is redirected (logs, CI), or nothing (<c>--progress none</c>).
/// </summary>
/// <remarks>Thread safety: <see cref="Run{T}"/> runs the work on the calling thread's behalf and reports from another.</remarks>
internal static class ProgressReporter
{
    private static readonly TimeSpan LineInterval = TimeSpan.FromSeconds(5);

    public static T Run<T>(CliOptions options, string title, Pipeline pipeline, Func<T> work)
    {
        var mode = options.Progress;
        if (mode == "auto")
        {
            mode = Console.IsErrorRedirected ? "lines" : "bar";
        }

        return mode switch
        {
            "bar" => Bar(title, pipeline, work),
            "lines" => Lines(title, pipeline, work),
            _ => work(),
        };
    }

    private static T Bar<T>(string title, Pipeline pipeline, Func<T> work)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        T result = default!;
        console.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
            .Start(context =>
            {
                var task = context.AddTask(Markup.Escape(title), maxValue: 1);
                var running = Task.Run(work);
                while (!running.Wait(200))
                {
                    Update(task, pipeline);
                }

                Update(task, pipeline);
                task.Value = task.MaxValue;
                task.StopTask();
                result = running.GetAwaiter().GetResult();
            });
        return result;
    }

    private static void Update(ProgressTask task, Pipeline pipeline)
    {
        var source = pipeline.Source;
        var rows = pipeline.RowsRead.ToString("N0", CultureInfo.InvariantCulture);
        if (source?.TotalLength is { } total && total > 0)
        {
            task.MaxValue = total;
            task.Value = Math.Min(total, source.BytesRead);
        }
        else
        {
            task.IsIndeterminate = true;
        }

        task.Description = Markup.Escape(rows + " rows");
    }

    private static T Lines<T>(string title, Pipeline pipeline, Func<T> work)
    {
        var clock = Stopwatch.StartNew();
        using var done = new ManualResetEventSlim(false);
        var reporter = new Thread(() =>
        {
            while (!done.Wait(LineInterval))
            {
                var source = pipeline.Source;
                var rows = pipeline.RowsRead;
                var share = source?.TotalLength is { } total && total > 0
                    ? string.Create(CultureInfo.InvariantCulture, $", {100.0 * source.BytesRead / total:F1} % of the input")
                    : string.Empty;
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"cs-sla {title}: {rows:N0} rows{share}, {rows / clock.Elapsed.TotalSeconds:N0} rows/s"));
            }
        })
        { IsBackground = true, Name = "cs-sla progress" };
        reporter.Start();
        try
        {
            return work();
        }
        finally
        {
            done.Set();
            reporter.Join();
        }
    }
}
