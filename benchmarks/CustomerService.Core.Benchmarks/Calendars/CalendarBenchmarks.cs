using BenchmarkDotNet.Attributes;
using CustomerService.Core.Calendars;
using NodaTime;

namespace CustomerService.Core.Benchmarks.Calendars;

/// <summary>
/// Business-time questions on the Shanghai office calendar over the shared 100,000-case workload, reported per call
/// (OperationsPerInvoke). The baseline is the day-by-day reference implementation, run on the first 1,000 cases.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class CalendarBenchmarks
{
    private const int Cases = 100_000;
    private const int NaiveCases = 1_000;

    private BusinessCalendar calendar = null!;
    private Instant[] starts = null!;
    private Duration[] amounts = null!;
    private Duration[] yearAmounts = null!;
    private Instant[] ends = null!;
    private Instant[] dueResults = null!;
    private Duration[] elapsedResults = null!;
    private long[] startNanoseconds = null!;
    private ulong[] amountNanoseconds = null!;

    [GlobalSetup]
    public void Setup()
    {
        var workload = CalendarWorkload.Load();
        calendar = workload.Calendar;
        starts = workload.Starts;
        amounts = workload.Amounts;
        ends = workload.Ends;
        if (starts.Length != Cases)
        {
            throw new InvalidOperationException($"Expected {Cases} cases, found {starts.Length}.");
        }

        // Ten times the workload's amounts: up to 2,000 business hours, about one year of this office's open time.
        yearAmounts = [.. amounts.Select(a => a * 10)];
        dueResults = new Instant[Cases];
        elapsedResults = new Duration[Cases];
        startNanoseconds = [.. starts.Select(s => (s - NodaConstants.UnixEpoch).ToInt64Nanoseconds())];
        amountNanoseconds = [.. amounts.Select(a => (ulong)a.ToInt64Nanoseconds())];

        // Steady state: every segment the workload touches is compiled before measuring.
        calendar.Add(starts, amounts, dueResults);
        calendar.Add(starts, yearAmounts, dueResults);
        calendar.Subtract(ends, yearAmounts, dueResults);
        calendar.Subtract(ends, amounts, dueResults);
        calendar.BusinessTimeBetween(starts, ends, elapsedResults);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = NaiveCases, Description = "Add_NaiveDayByDay")]
    public long Add_NaiveDayByDay()
    {
        var walk = calendar.DayWalk;
        long checksum = 0;
        for (var i = 0; i < NaiveCases; i++)
        {
            checksum += walk.Add(startNanoseconds[i], amountNanoseconds[i], "amount");
        }

        return checksum;
    }

    [Benchmark(OperationsPerInvoke = Cases)]
    public Instant Add_Workload()
    {
        var last = default(Instant);
        var s = starts;
        var a = amounts;
        for (var i = 0; i < s.Length; i++)
        {
            last = calendar.Add(s[i], a[i]);
        }

        return last;
    }

    [Benchmark(OperationsPerInvoke = Cases)]
    public Instant Add_AmountsUpToOneYear()
    {
        var last = default(Instant);
        var s = starts;
        var a = yearAmounts;
        for (var i = 0; i < s.Length; i++)
        {
            last = calendar.Add(s[i], a[i]);
        }

        return last;
    }

    [Benchmark(OperationsPerInvoke = Cases)]
    public Instant Subtract_Workload()
    {
        var last = default(Instant);
        var e = ends;
        var a = amounts;
        for (var i = 0; i < e.Length; i++)
        {
            last = calendar.Subtract(e[i], a[i]);
        }

        return last;
    }

    [Benchmark(OperationsPerInvoke = Cases)]
    public Duration BusinessTimeBetween_Workload()
    {
        var total = Duration.Zero;
        var s = starts;
        var e = ends;
        for (var i = 0; i < s.Length; i++)
        {
            total += calendar.BusinessTimeBetween(s[i], e[i]);
        }

        return total;
    }

    [Benchmark(OperationsPerInvoke = Cases)]
    public int IsOpen_Workload()
    {
        var open = 0;
        var s = starts;
        for (var i = 0; i < s.Length; i++)
        {
            open += calendar.IsOpen(s[i]) ? 1 : 0;
        }

        return open;
    }

    [Benchmark(OperationsPerInvoke = Cases)]
    public Instant AddBatch_Workload()
    {
        calendar.Add(starts, amounts, dueResults);
        return dueResults[^1];
    }

    [Benchmark(OperationsPerInvoke = Cases)]
    public Instant SubtractBatch_Workload()
    {
        calendar.Subtract(ends, amounts, dueResults);
        return dueResults[^1];
    }

    [Benchmark(OperationsPerInvoke = Cases)]
    public Duration BusinessTimeBetweenBatch_Workload()
    {
        calendar.BusinessTimeBetween(starts, ends, elapsedResults);
        return elapsedResults[^1];
    }
}
