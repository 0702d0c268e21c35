using CustomerService.Core.Sla;
using FsCheck.Xunit;
using NodaTime;
using static CustomerService.Core.Tests.Sla.SlaTestData;

namespace CustomerService.Core.Tests.Sla;

public sealed class SlaMonitorTests
{
    private static readonly SlaPriority Normal = SlaPriority.Normal;

    // Monday 2025-03-03 at 15:00 on the Shanghai desk.
    private static readonly Instant Now = Sh(2025, 3, 3, 15);

    private static SlaClock[] Clocks() =>
    [
        // 0: urgent first response from 09:00, due 11:00: breached and running.
        Standard.StartClock("M-0", SlaMetric.FirstResponse, SlaPriority.Urgent, Sh(2025, 3, 3, 9)),

        // 1: first response from 13:00 (8 h): 2 h counted, no warning; next change at 50 % = 17:00.
        Standard.StartClock("M-1", SlaMetric.FirstResponse, Normal, Sh(2025, 3, 3, 13)),

        // 2: first response from 09:00 (8 h): 5 h counted, 50 % crossed at 14:00; next change at 75 % = 16:00.
        Standard.StartClock("M-2", SlaMetric.FirstResponse, Normal, Sh(2025, 3, 3, 9)),

        // 3: met late: needs no attention.
        Standard.StartClock("M-3", SlaMetric.FirstResponse, SlaPriority.Urgent, Sh(2025, 3, 3, 9)).Append(SlaClockEvent.Met(Sh(2025, 3, 3, 12))),

        // 4: paused after its 50 % warning: still needs attention, changes nothing until resumed.
        Standard.StartClock("M-4", SlaMetric.FirstResponse, Normal, Sh(2025, 3, 3, 9)).Append(SlaClockEvent.Paused(Sh(2025, 3, 3, 14, 30), SlaWaitReason.PendingOnCustomer)),

        // 5: cancelled after its breach: needs no attention.
        Standard.StartClock("M-5", SlaMetric.FirstResponse, SlaPriority.Urgent, Sh(2025, 3, 3, 9)).Append(SlaClockEvent.Cancelled(Sh(2025, 3, 3, 14))),

        // 6: started after the scan instant: skipped.
        Standard.StartClock("M-6", SlaMetric.FirstResponse, SlaPriority.Urgent, Sh(2025, 3, 3, 16)),
    ];

    [Fact]
    public void Scan_MixedClocks_ReturnsTheActiveOnesNeedingAttentionAndTheEarliestChange()
    {
        var attention = new int[10];

        var result = SlaMonitor.Scan(Clocks(), Now, attention);

        Assert.Equal(7, result.Scanned);
        Assert.Equal(3, result.Matched);
        Assert.Equal(3, result.Written);
        Assert.Equal(1, result.Breached);
        Assert.False(result.IsTruncated);
        Assert.Equal([0, 2, 4], attention[..result.Written]);
        Assert.Equal(Sh(2025, 3, 3, 16), result.NextChangeAt);
    }

    [Fact]
    public void Scan_BufferTooSmall_CountsEverythingAndWritesWhatFits()
    {
        var attention = new int[1];

        var result = SlaMonitor.Scan(Clocks(), Now, attention);

        Assert.Equal(3, result.Matched);
        Assert.Equal(1, result.Written);
        Assert.True(result.IsTruncated);
        Assert.Equal(0, attention[0]);
    }

    [Fact]
    public void Scan_AgreesWithEvaluatingEachClock()
    {
        var clocks = Clocks();
        var attention = new int[clocks.Length];
        foreach (var now in new[] { Sh(2025, 3, 3, 12), Now, Sh(2025, 3, 3, 18), Sh(2025, 3, 5, 9) })
        {
            var result = SlaMonitor.Scan(clocks, now, attention);

            var expected = new List<int>();
            Instant? next = null;
            for (var i = 0; i < clocks.Length; i++)
            {
                if (now < clocks[i].StartedAt)
                {
                    continue;
                }

                var status = clocks[i].Evaluate(now);
                if (status.NextChangeAt is { } change && (next is null || change < next))
                {
                    next = change;
                }

                if (status.State is SlaClockState.Running or SlaClockState.Paused or SlaClockState.Breached
                    && !status.Clock.Events.Any(e => e.Kind is SlaClockEventKind.Met or SlaClockEventKind.Cancelled && e.At <= now)
                    && (status.ThresholdsCrossed > 0 || status.State == SlaClockState.Breached))
                {
                    expected.Add(i);
                }
            }

            Assert.Equal(expected, attention[..result.Written]);
            Assert.Equal(next, result.NextChangeAt);
        }
    }

    [Property(Arbitrary = [typeof(SlaArbitraries)], MaxTest = 50)]
    public void Scan_AgreesWithEvaluate_Meets_Specification(ClockCase[] cases, int pick)
    {
        var clocks = cases.Select(c => c.Build()).ToArray();
        var now = cases.Length == 0 ? Now : cases[(int)((uint)pick % (uint)cases.Length)].Now;
        var attention = new int[clocks.Length];

        var result = SlaMonitor.Scan(clocks, now, attention);

        var expected = new List<int>();
        var breached = 0;
        Instant? next = null;
        for (var i = 0; i < clocks.Length; i++)
        {
            if (now < clocks[i].StartedAt)
            {
                continue;
            }

            var status = clocks[i].Evaluate(now);
            if (status.NextChangeAt is { } change && (next is null || change < next))
            {
                next = change;
            }

            // Active: neither cancelled nor met in the current cycle (a Reset after Met starts a new, active cycle).
            var lastStop = clocks[i].Events.LastOrDefault(e => e.At <= now && e.Kind is SlaClockEventKind.Met or SlaClockEventKind.Reset or SlaClockEventKind.Cancelled);
            var active = lastStop.Kind is not (SlaClockEventKind.Met or SlaClockEventKind.Cancelled);
            if (active && (status.ThresholdsCrossed > 0 || status.BreachedAt is not null))
            {
                expected.Add(i);
                breached += status.BreachedAt is null ? 0 : 1;
            }
        }

        Assert.Equal(expected, attention[..result.Written]);
        Assert.Equal(breached, result.Breached);
        Assert.Equal(next, result.NextChangeAt);
    }

    [Fact]
    public void Scan_NoClocks_ReturnsNothing()
    {
        var result = SlaMonitor.Scan([], Now, []);

        Assert.Equal(default, result);
        Assert.Null(result.NextChangeAt);
    }

    [Fact]
    public void Scan_NullClock_ThrowsNamingTheIndex()
    {
        SlaClock[] clocks = [Clocks()[0], null!];

        var error = Assert.Throws<ArgumentException>(() => SlaMonitor.Scan(clocks, Now, new int[2]));

        Assert.Equal("clocks", error.ParamName);
        Assert.Contains("index 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Scan_ManyRunningClocks_AllocatesNothing()
    {
        var clocks = Enumerable.Range(0, 1000)
            .Select(i => Standard.StartClock("M-" + i, SlaMetric.Resolution, Normal, Sh(2025, 3, 3, 9) + Duration.FromMinutes(i)))
            .ToArray();
        var attention = new int[clocks.Length];
        for (var i = 0; i < 5; i++)
        {
            SlaMonitor.Scan(clocks, Now, attention);
        }

        var later = Sh(2025, 3, 4, 15);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var result = SlaMonitor.Scan(clocks, later, attention);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.Equal(1000, result.Scanned);
    }
}
