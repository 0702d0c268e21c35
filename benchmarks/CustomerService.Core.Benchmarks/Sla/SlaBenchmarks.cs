using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using CustomerService.Core.Calendars;
using CustomerService.Core.Sla;
using NodaTime;

namespace CustomerService.Core.Benchmarks.Sla;

/// <summary>
/// SLA clocks on a Shanghai desk (Monday to Friday 09:00–12:00, 13:00–18:00): evaluating one clock, against replaying its
/// events on every call; and scanning 1,000,000 running clocks, against evaluating each of them.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class SlaBenchmarks
{
    private const int Batch = 1024;
    private const int MonitorClocks = 1_000_000;

    private SlaPolicy _policy = null!;
    private SlaClock[] _running = null!;
    private SlaClock[] _fourPauses = null!;
    private SlaClock[] _paused = null!;
    private SlaClock[] _calendarTime = null!;
    private SlaClock[] _monitored = null!;
    private int[] _attention = null!;
    private Instant _now;

    [GlobalSetup]
    public void Setup()
    {
        var zone = DateTimeZoneProviders.Tzdb["Asia/Shanghai"];
        var calendar = BusinessCalendar.CreateBuilder("Shanghai desk", zone)
            .OpenWeekdays(new LocalTime(9, 0), new LocalTime(12, 0))
            .OpenWeekdays(new LocalTime(13, 0), new LocalTime(18, 0))
            .Build();
        _policy = SlaPolicy.CreateBuilder("Standard", calendar, "bench")
            .DefaultTarget(SlaMetric.Resolution, Duration.FromHours(4000))
            .DefaultTarget(SlaMetric.PeriodicUpdate, Duration.FromHours(20000), SlaTimeBasis.CalendarTime)
            .PauseWhen(SlaWaitReason.PendingOnCustomer, SlaMetric.Resolution, SlaMetric.PeriodicUpdate)
            .Build();

        // Starts spread over the first 300 days of 2025; every clock is evaluated at one instant after its last event.
        var random = new Random(20250303);
        var origin = Instant.FromUtc(2025, 1, 1, 0, 0);
        _now = Instant.FromUtc(2026, 1, 1, 0, 0);
        Instant Start() => origin + Duration.FromMinutes(random.Next(0, 300 * 1440));

        _running = new SlaClock[Batch];
        _fourPauses = new SlaClock[Batch];
        _paused = new SlaClock[Batch];
        _calendarTime = new SlaClock[Batch];
        for (var i = 0; i < Batch; i++)
        {
            _running[i] = _policy.StartClock("B-" + i, SlaMetric.Resolution, SlaPriority.Normal, Start());
            _fourPauses[i] = _policy.CreateClock("B-" + i, SlaMetric.Resolution, SlaPriority.Normal, WithPauses(Start(), 4, random));
            _paused[i] = _fourPauses[i].Append(SlaClockEvent.Paused(_fourPauses[i].LastEventAt + Duration.FromHours(3), SlaWaitReason.PendingOnCustomer));
            _calendarTime[i] = _policy.CreateClock("B-" + i, SlaMetric.PeriodicUpdate, SlaPriority.Normal, WithPauses(Start(), 4, random));
        }

        _monitored = new SlaClock[MonitorClocks];
        for (var i = 0; i < MonitorClocks; i++)
        {
            _monitored[i] = _policy.StartClock("M-" + i, SlaMetric.Resolution, SlaPriority.Normal, Start());
        }

        _attention = new int[MonitorClocks];
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Batch)]
    [BenchmarkCategory("Evaluate")]
    public Duration Evaluate_ReplayEventsFourPauses()
    {
        var total = Duration.Zero;
        foreach (var clock in _fourPauses)
        {
            total += Replay(clock, _now);
        }

        return total;
    }

    [Benchmark(OperationsPerInvoke = Batch)]
    [BenchmarkCategory("Evaluate")]
    public Duration Evaluate_RunningNoPause() => EvaluateAll(_running);

    [Benchmark(OperationsPerInvoke = Batch)]
    [BenchmarkCategory("Evaluate")]
    public Duration Evaluate_RunningFourPauses() => EvaluateAll(_fourPauses);

    [Benchmark(OperationsPerInvoke = Batch)]
    [BenchmarkCategory("Evaluate")]
    public Duration Evaluate_PausedAfterFourPauses() => EvaluateAll(_paused);

    [Benchmark(OperationsPerInvoke = Batch)]
    [BenchmarkCategory("Evaluate")]
    public Duration Evaluate_CalendarTimeFourPauses() => EvaluateAll(_calendarTime);

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("Monitor")]
    public int Monitor_EvaluateEachOfMillionRunning()
    {
        var count = 0;
        foreach (var clock in _monitored)
        {
            var status = clock.Evaluate(_now);
            if (status.ThresholdsCrossed > 0 || status.State == SlaClockState.Breached)
            {
                count++;
            }
        }

        return count;
    }

    [Benchmark]
    [BenchmarkCategory("Monitor")]
    public int Monitor_ScanMillionRunning() => SlaMonitor.Scan(_monitored, _now, _attention).Matched;

    private static SlaClockEvent[] WithPauses(Instant start, int pauses, Random random)
    {
        var events = new SlaClockEvent[1 + (2 * pauses)];
        events[0] = SlaClockEvent.Started(start);
        var at = start;
        for (var p = 0; p < pauses; p++)
        {
            at += Duration.FromMinutes(random.Next(30, 3000));
            events[1 + (2 * p)] = SlaClockEvent.Paused(at, SlaWaitReason.PendingOnCustomer);
            at += Duration.FromMinutes(random.Next(30, 3000));
            events[2 + (2 * p)] = SlaClockEvent.Resumed(at);
        }

        return events;
    }

    private Duration EvaluateAll(SlaClock[] clocks)
    {
        var total = Duration.Zero;
        foreach (var clock in clocks)
        {
            total += clock.Evaluate(_now).Elapsed;
        }

        return total;
    }

    /// <summary>What a clock without precomputation does: sum the business time of every running segment on each call.</summary>
    private Duration Replay(SlaClock clock, Instant now)
    {
        var calendar = _policy.Calendar;
        var elapsed = Duration.Zero;
        var since = default(Instant);
        var running = false;
        foreach (var e in clock.EventSpan)
        {
            switch (e.Kind)
            {
                case SlaClockEventKind.Started:
                case SlaClockEventKind.Resumed:
                    since = e.At;
                    running = true;
                    break;
                default:
                    if (running)
                    {
                        elapsed += calendar.BusinessTimeBetween(since, e.At);
                        running = false;
                    }

                    break;
            }
        }

        if (running)
        {
            elapsed += calendar.BusinessTimeBetween(since, now);
        }

        // A replaying clock also has to find its due instant.
        return running ? elapsed + (calendar.Add(since, clock.Target - elapsed) - now) : elapsed;
    }
}
