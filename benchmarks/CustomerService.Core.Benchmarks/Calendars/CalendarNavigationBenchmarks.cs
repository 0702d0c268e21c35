using BenchmarkDotNet.Attributes;
using CustomerService.Core.Calendars;
using NodaTime;

namespace CustomerService.Core.Benchmarks.Calendars;

/// <summary>
/// The conveniences of issue 22 on the Shanghai office calendar of the shared workload, reported per call or per interval
/// (OperationsPerInvoke): lazy enumeration of open intervals, the closing-side helpers and the date questions.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class CalendarNavigationBenchmarks
{
    private const int Intervals = 10_000;
    private const int Cases = 10_000;

    private BusinessCalendar calendar = null!;
    private Instant[] starts = null!;
    private LocalDate[] dates = null!;
    private LocalDate[] otherDates = null!;
    private int[] counts = null!;
    private Instant from;

    [GlobalSetup]
    public void Setup()
    {
        var workload = CalendarWorkload.Load();
        calendar = workload.Calendar;
        starts = workload.Starts[..Cases];
        from = starts.Min();
        var zone = calendar.Zone;
        dates = [.. starts.Select(s => s.InZone(zone).Date)];
        otherDates = [.. dates.Select((d, i) => d.PlusDays(i % 365))];
        counts = [.. Enumerable.Range(0, Cases).Select(i => 1 + (i % 20))];

        // Steady state: every segment and block of dates the benchmarks touch is compiled before measuring.
        EnumerateForward();
        EnumerateBackward();
        NextClosing();
        PreviousOpening();
        PreviousClosing();
        BusinessDaysBetween();
        AddBusinessDays();
        NextBusinessDay();
    }

    [Benchmark(OperationsPerInvoke = Intervals)]
    public long EnumerateForward()
    {
        long total = 0;
        var n = 0;
        foreach (var interval in calendar.OpenIntervalsAfter(from))
        {
            total += interval.End.ToUnixTimeTicks() - interval.Start.ToUnixTimeTicks();
            if (++n == Intervals)
            {
                break;
            }
        }

        return total;
    }

    [Benchmark(OperationsPerInvoke = Intervals)]
    public long EnumerateBackward()
    {
        long total = 0;
        var n = 0;
        foreach (var interval in calendar.OpenIntervalsBefore(from + Duration.FromDays(3650)))
        {
            total += interval.End.ToUnixTimeTicks() - interval.Start.ToUnixTimeTicks();
            if (++n == Intervals)
            {
                break;
            }
        }

        return total;
    }

    [Benchmark(OperationsPerInvoke = Cases)]
    public Instant NextClosing()
    {
        var last = default(Instant);
        foreach (var start in starts)
        {
            last = calendar.NextClosing(start);
        }

        return last;
    }

    [Benchmark(OperationsPerInvoke = Cases)]
    public Instant PreviousOpening()
    {
        var last = default(Instant);
        foreach (var start in starts)
        {
            last = calendar.PreviousOpening(start);
        }

        return last;
    }

    [Benchmark(OperationsPerInvoke = Cases)]
    public Instant PreviousClosing()
    {
        var last = default(Instant);
        foreach (var start in starts)
        {
            last = calendar.PreviousClosing(start);
        }

        return last;
    }

    [Benchmark(OperationsPerInvoke = Cases)]
    public int IsBusinessDay()
    {
        var count = 0;
        foreach (var date in dates)
        {
            count += calendar.IsBusinessDay(date) ? 1 : 0;
        }

        return count;
    }

    [Benchmark(OperationsPerInvoke = Cases)]
    public LocalDate NextBusinessDay()
    {
        var last = default(LocalDate);
        foreach (var date in dates)
        {
            last = calendar.NextBusinessDay(date);
        }

        return last;
    }

    [Benchmark(OperationsPerInvoke = Cases)]
    public int BusinessDaysBetween()
    {
        var total = 0;
        for (var i = 0; i < dates.Length; i++)
        {
            total += calendar.BusinessDaysBetween(dates[i], otherDates[i]);
        }

        return total;
    }

    [Benchmark(OperationsPerInvoke = Cases)]
    public LocalDate AddBusinessDays()
    {
        var last = default(LocalDate);
        for (var i = 0; i < dates.Length; i++)
        {
            last = calendar.AddBusinessDays(dates[i], counts[i]);
        }

        return last;
    }
}
