using CustomerService.Core.Sla;
using NodaTime;
using static CustomerService.Core.Tests.Sla.SlaTestData;

namespace CustomerService.Core.Tests.Sla;

/// <summary>The outcomes of completed cycles on the Shanghai desk (Monday to Friday 09:00–12:00, 13:00–18:00); 2025-03-03 is a Monday.</summary>
public sealed class SlaCycleOutcomeTests
{
    [Fact]
    public void CompletedCycles_ThreeRepliesTwoLate_GiveThreeOutcomesTwoBreached()
    {
        // Next response, 4 business hours: answered in 1 h; answered the next morning; answered exactly at the due.
        var clock = Standard.CreateClock("T-1:NextResponse", SlaMetric.NextResponse, SlaPriority.Normal,
        [
            SlaClockEvent.Started(Sh(2025, 3, 3, 9)),
            SlaClockEvent.Met(Sh(2025, 3, 3, 10)),
            SlaClockEvent.Reset(Sh(2025, 3, 3, 11)),
            SlaClockEvent.Met(Sh(2025, 3, 4, 10)),
            SlaClockEvent.Reset(Sh(2025, 3, 4, 11)),
            SlaClockEvent.Met(Sh(2025, 3, 4, 16)),
        ]);

        var outcomes = new List<SlaCycleOutcome>();
        foreach (var outcome in clock.CompletedCycles)
        {
            outcomes.Add(outcome);
        }

        Assert.Equal(3, clock.CompletedCycleCount);
        Assert.Equal(3, clock.CompletedCycles.Count);
        Assert.Equal([1, 2, 3], outcomes.Select(o => o.Cycle));
        Assert.All(outcomes, o => Assert.Equal(("T-1:NextResponse", SlaMetric.NextResponse, SlaPriority.Normal, SlaClockEventKind.Met), (o.ClockId, o.Metric, o.Priority, o.StoppedBy)));
        Assert.Equal([true, false, false], outcomes.Select(o => o.IsMet));

        Assert.Equal((Sh(2025, 3, 3, 9), Sh(2025, 3, 3, 10), Duration.FromHours(1)), (outcomes[0].StartedAt, outcomes[0].StoppedAt, outcomes[0].Elapsed));
        Assert.Equal(Sh(2025, 3, 3, 14), outcomes[0].DueAt);
        Assert.Null(outcomes[0].BreachedAt);

        // Monday 11:00–12:00 and 13:00–16:00 reach the 4 hours; answered Tuesday 10:00 after 7 business hours.
        Assert.Equal((Sh(2025, 3, 3, 16), Sh(2025, 3, 3, 16), Duration.FromHours(7)), (outcomes[1].DueAt, outcomes[1].BreachedAt, outcomes[1].Elapsed));

        // A reply exactly at the due instant is late, as Evaluate says.
        Assert.Equal((Sh(2025, 3, 4, 16), Sh(2025, 3, 4, 16), Duration.FromHours(4)), (outcomes[2].DueAt, outcomes[2].BreachedAt, outcomes[2].Elapsed));
        Assert.Equal(SlaClockState.Breached, clock.Evaluate(Sh(2025, 3, 4, 16)).State);
        Assert.Equal(3, outcomes.Select(o => (o.ClockId, o.Cycle)).Distinct().Count());
    }

    [Fact]
    public void CompletedCycles_PeriodicUpdatesByReset_CountEachUpdate()
    {
        // Periodic update, 24 hours of calendar time: an update after 11 h, one after 37 h (late), then solved.
        var clock = Standard.CreateClock("T-2:PeriodicUpdate", SlaMetric.PeriodicUpdate, SlaPriority.Normal,
        [
            SlaClockEvent.Started(Sh(2025, 3, 3, 9)),
            SlaClockEvent.Reset(Sh(2025, 3, 3, 20)),
            SlaClockEvent.Reset(Sh(2025, 3, 5, 9)),
            SlaClockEvent.Met(Sh(2025, 3, 5, 10)),
        ]);

        var outcomes = clock.CompletedCycles.ToArray();

        Assert.Equal([SlaClockEventKind.Reset, SlaClockEventKind.Reset, SlaClockEventKind.Met], outcomes.Select(o => o.StoppedBy));
        Assert.Equal([true, false, true], outcomes.Select(o => o.IsMet));
        Assert.Equal(Sh(2025, 3, 4, 20), outcomes[1].BreachedAt);
        Assert.Equal(Duration.FromHours(37), outcomes[1].Elapsed);
        Assert.Equal(Sh(2025, 3, 6, 9), outcomes[2].DueAt);
        Assert.Equal(1, clock.BreachedCycles);
    }

    [Fact]
    public void CompletedCycles_RunningPausedOrCancelledCycles_AreNotCompleted()
    {
        var running = Standard.StartClock("T-3:Resolution", SlaMetric.Resolution, SlaPriority.Normal, Sh(2025, 3, 3, 9));
        var cancelled = running.Append(SlaClockEvent.Cancelled(Sh(2025, 3, 3, 10)));
        var metWhilePaused = running
            .Append(SlaClockEvent.Paused(Sh(2025, 3, 3, 10), SlaWaitReason.PendingOnCustomer))
            .Append(SlaClockEvent.Met(Sh(2025, 3, 3, 11)));

        Assert.Empty(running.CompletedCycles);
        Assert.Empty(cancelled.CompletedCycles);
        Assert.True(default(SlaCycleOutcomeCollection).Count == 0);
        Assert.Empty(default(SlaCycleOutcomeCollection));
        var only = Assert.Single(metWhilePaused.CompletedCycles);
        Assert.True(only.IsMet);
        Assert.Null(only.DueAt);
        Assert.Equal(Duration.FromHours(1), only.Elapsed);
        Assert.Contains("T-3:Resolution #1 Met", only.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void CompletedCycles_Enumerating_AllocatesNothing()
    {
        var clock = Standard.CreateClock("T-4:NextResponse", SlaMetric.NextResponse, SlaPriority.Normal,
        [
            SlaClockEvent.Started(Sh(2025, 3, 3, 9)),
            SlaClockEvent.Met(Sh(2025, 3, 3, 10)),
            SlaClockEvent.Reset(Sh(2025, 3, 3, 11)),
            SlaClockEvent.Met(Sh(2025, 3, 4, 10)),
        ]);
        static int Breaches(SlaClock clock)
        {
            var breaches = 0;
            foreach (var outcome in clock.CompletedCycles)
            {
                breaches += outcome.IsMet ? 0 : 1;
            }

            return breaches;
        }

        Assert.Equal(1, Breaches(clock));
        var before = GC.GetAllocatedBytesForCurrentThread();
        var breaches = Breaches(clock);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(1, breaches);
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void Enumerator_Reset_StartsAgainFromTheFirstCycle()
    {
        var clock = Standard.CreateClock("T-5:NextResponse", SlaMetric.NextResponse, SlaPriority.Normal,
            [SlaClockEvent.Started(Sh(2025, 3, 3, 9)), SlaClockEvent.Met(Sh(2025, 3, 3, 10))]);
        var enumerator = clock.CompletedCycles.GetEnumerator();

        Assert.True(enumerator.MoveNext());
        Assert.False(enumerator.MoveNext());
        enumerator.Reset();
        Assert.True(enumerator.MoveNext());
        Assert.Equal(1, enumerator.Current.Cycle);
        enumerator.Dispose();
    }
}
