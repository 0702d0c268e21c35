using BenchmarkDotNet.Attributes;
using CustomerService.Core.Calendars;
using CustomerService.Core.Sla;
using NodaTime;

namespace CustomerService.Core.Benchmarks.Sla;

/// <summary>
/// Issue 17, items 5 and 6: evaluating a clock and reading the new status fields (wall-clock elapsed, projected due, warnings
/// before due) against reading only the fields that existed before, on the Shanghai desk, for running and paused clocks of a
/// policy with three fractional thresholds and two warnings before due. All must stay at 0 B per call.
/// </summary>
[MemoryDiagnoser]
public class SlaStatusFieldsBenchmarks
{
    private const int Batch = 1024;

    private SlaClock[] _running = null!;
    private SlaClock[] _paused = null!;
    private Instant _now;

    [GlobalSetup]
    public void Setup()
    {
        var zone = DateTimeZoneProviders.Tzdb["Asia/Shanghai"];
        var calendar = BusinessCalendar.CreateBuilder("Shanghai desk", zone)
            .OpenWeekdays(new LocalTime(9, 0), new LocalTime(12, 0))
            .OpenWeekdays(new LocalTime(13, 0), new LocalTime(18, 0))
            .Build();
        var policy = SlaPolicy.CreateBuilder("Standard", calendar, "bench")
            .DefaultTarget(SlaMetric.Resolution, Duration.FromHours(4000))
            .WarningsBeforeDue(Duration.FromHours(8), Duration.FromHours(1))
            .DeliverWarningsAtNextOpening()
            .PauseWhen(SlaWaitReason.PendingOnCustomer, SlaMetric.Resolution)
            .Build();

        var random = new Random(20250303);
        var origin = Instant.FromUtc(2025, 1, 1, 0, 0);
        _now = Instant.FromUtc(2026, 1, 1, 0, 0);
        _running = new SlaClock[Batch];
        _paused = new SlaClock[Batch];
        for (var i = 0; i < Batch; i++)
        {
            var start = origin + Duration.FromMinutes(random.Next(0, 300 * 1440));
            _running[i] = policy.StartClock("B-" + i, SlaMetric.Resolution, SlaPriority.Normal, start);
            _paused[i] = _running[i].Append(SlaClockEvent.Paused(start + Duration.FromMinutes(random.Next(30, 3000)), SlaWaitReason.PendingOnCustomer));
        }
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Batch)]
    public long Running_EarlierFields() => EarlierFields(_running);

    [Benchmark(OperationsPerInvoke = Batch)]
    public long Running_WithNewFields() => NewFields(_running);

    [Benchmark(OperationsPerInvoke = Batch)]
    public long Paused_EarlierFields() => EarlierFields(_paused);

    [Benchmark(OperationsPerInvoke = Batch)]
    public long Paused_WithNewFields() => NewFields(_paused);

    private long EarlierFields(SlaClock[] clocks)
    {
        long total = 0;
        foreach (var clock in clocks)
        {
            var status = clock.Evaluate(_now);
            total += status.Elapsed.BclCompatibleTicks + status.ThresholdsCrossed + (status.DueAt?.ToUnixTimeTicks() ?? 0) + (status.NextChangeAt?.ToUnixTimeTicks() ?? 0);
        }

        return total;
    }

    private long NewFields(SlaClock[] clocks)
    {
        long total = 0;
        foreach (var clock in clocks)
        {
            var status = clock.Evaluate(_now);
            total += status.Elapsed.BclCompatibleTicks + status.ThresholdsCrossed + (status.DueAt?.ToUnixTimeTicks() ?? 0) + (status.NextChangeAt?.ToUnixTimeTicks() ?? 0)
                + status.WallClockElapsed.BclCompatibleTicks + (status.ProjectedDueAt?.ToUnixTimeTicks() ?? 0) + status.WarningsBeforeDuePassed;
        }

        return total;
    }
}
