using BenchmarkDotNet.Attributes;
using CustomerService.Core.Benchmarks.Calendars;
using CustomerService.Core.Cli;

namespace CustomerService.Core.Benchmarks.Cli;

/// <summary>
/// cs-sla's whole pipeline on one thread, CSV in → CSV out, over the 100,000 workload cases held in memory: Sep reads
/// the bytes, the rows are parsed, answered by the calendar and formatted, and the output CSV is written to a
/// memory stream. Reported per row (OperationsPerInvoke); 1,000 ns per row is 1,000,000 rows/s.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class CliPipelineBenchmarks : IDisposable
{
    private const int Rows = 100_000;

    private byte[] _input = null!;
    private MemoryStream _output = null!;
    private CalendarFile _calendar = null!;
    private CliOptions _due = null!;
    private CliOptions _elapsed = null!;
    private string _errors = null!;

    [GlobalSetup]
    public void Setup()
    {
        var directory = CalendarWorkload.Directory;
        var cases = Path.Combine(directory, "cases.csv");
        if (!File.Exists(cases))
        {
            throw new FileNotFoundException($"Generate the workload first: python3 gen_business_time_cases.py cases.csv (in {directory}).", cases);
        }

        _input = File.ReadAllBytes(cases);
        var calendarPath = Path.Combine(directory, "business-time-calendar.json");
        _calendar = CalendarFile.Load(calendarPath, "Asia/Shanghai", null);
        _errors = Path.Combine(Path.GetTempPath(), $"cs-sla-bench-{Environment.ProcessId}.errors.csv");
        _due = CliOptions.Parse(["due", "--calendar", calendarPath, "--threads", "1", "--errors", _errors]);
        _elapsed = CliOptions.Parse(["elapsed", "--calendar", calendarPath, "--threads", "1", "--errors", _errors]);
        _output = new MemoryStream(8 << 20);

        // The workload's rows, exactly: a bad row would make the figures meaningless.
        if (Run(_due).Rows != Rows || Run(_elapsed).Rows != Rows)
        {
            throw new InvalidOperationException($"Expected {Rows} good rows.");
        }
    }

    [GlobalCleanup]
    public void Dispose()
    {
        _output?.Dispose();
        GC.SuppressFinalize(this);
    }

    [Benchmark(OperationsPerInvoke = Rows)]
    public long Due_CsvInCsvOut_OneThread() => Run(_due).Rows;

    [Benchmark(OperationsPerInvoke = Rows)]
    public long Elapsed_CsvInCsvOut_OneThread() => Run(_elapsed).Rows;

    private RunResult Run(CliOptions options)
    {
        _output.SetLength(0);
        using var input = new MemoryStream(_input, writable: false);
        using var errors = new ErrorSink(_errors);
        var result = new Pipeline(options, _calendar).Run(input, _output, errors);
        return result.BadRows == 0 ? result : throw new InvalidOperationException($"{result.BadRows} bad rows: see {_errors}.");
    }
}
