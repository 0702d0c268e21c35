using CustomerService.Core.Sla;
using FsCheck.Xunit;
using NodaTime;
using static CustomerService.Core.Tests.Sla.SlaTestData;

namespace CustomerService.Core.Tests.Sla;

/// <summary>Issue 17, item 6: the projected due instant while paused and the wall-clock elapsed time beside the business elapsed time.</summary>
public sealed class SlaProjectedDueTests
{
    [Fact]
    public void ProjectedDueAt_PausedOvernight_IsTheDueOfAResumeNow()
    {
        // Resolution 24 business hours from Monday 09:00; paused Monday 15:00 (5 h counted, 19 h left).
        var clock = Standard.CreateClock("PD-1/resolution", SlaMetric.Resolution, SlaPriority.Normal,
        [
            SlaClockEvent.Started(Sh(2025, 3, 3, 9)),
            SlaClockEvent.Paused(Sh(2025, 3, 3, 15), SlaWaitReason.PendingOnCustomer),
        ]);

        // Asked on Tuesday 20:00 (closed): a resume now counts from Wednesday 09:00; 19 h = Wed 8 h, Thu 8 h, Fri 09:00–12:00.
        var status = clock.Evaluate(Sh(2025, 3, 4, 20));

        Assert.Equal(SlaClockState.Paused, status.State);
        Assert.Null(status.DueAt);
        Assert.Equal(Sh(2025, 3, 7, 12), status.ProjectedDueAt);
        Assert.Equal(Duration.FromHours(5), status.Elapsed);
        Assert.Equal(Duration.FromHours(6), status.WallClockElapsed);
    }

    [Fact]
    public void ProjectedDueAt_Running_IsTheDueInstant_AndMetOrCancelledIsNull()
    {
        var clock = Standard.StartClock("PD-2/resolution", SlaMetric.Resolution, SlaPriority.Normal, Sh(2025, 3, 3, 9));
        var running = clock.Evaluate(Sh(2025, 3, 3, 20));

        Assert.Equal(running.DueAt, running.ProjectedDueAt);
        Assert.Equal(Sh(2025, 3, 5, 18), running.ProjectedDueAt);
        Assert.Equal(Duration.FromHours(8), running.Elapsed);
        Assert.Equal(Duration.FromHours(11), running.WallClockElapsed);

        Assert.Null(clock.Append(SlaClockEvent.Met(Sh(2025, 3, 4, 9))).Evaluate(Sh(2025, 3, 4, 10)).ProjectedDueAt);
        Assert.Null(clock.Append(SlaClockEvent.Cancelled(Sh(2025, 3, 4, 9))).Evaluate(Sh(2025, 3, 4, 10)).ProjectedDueAt);
    }

    [Fact]
    public void ProjectedDueAt_BreachedBeforeThePause_IsTheBreachInstant()
    {
        // First response 8 business hours from Monday 09:00: due Monday 18:00; paused Tuesday 10:00, already breached.
        var clock = Standard.CreateClock("PD-3/first", SlaMetric.FirstResponse, SlaPriority.Normal,
        [
            SlaClockEvent.Started(Sh(2025, 3, 3, 9)),
            SlaClockEvent.Paused(Sh(2025, 3, 4, 10), SlaWaitReason.PendingOnCustomer),
        ]);
        var status = clock.Evaluate(Sh(2025, 3, 5, 9));

        Assert.Equal(SlaClockState.Breached, status.State);
        Assert.Equal(Sh(2025, 3, 3, 18), status.ProjectedDueAt);
        Assert.Equal(status.BreachedAt, status.ProjectedDueAt);
    }

    [Fact]
    public void WallClockElapsed_ExcludesPausesAndResetsWithTheCycle()
    {
        // Next response 4 h: started Monday 10:00, paused 11:00 (pending on customer), resumed 17:00, evaluated 20:00.
        var clock = Standard.CreateClock("PD-4/next", SlaMetric.NextResponse, SlaPriority.Normal,
        [
            SlaClockEvent.Started(Sh(2025, 3, 3, 10)),
            SlaClockEvent.Paused(Sh(2025, 3, 3, 11), SlaWaitReason.PendingOnCustomer),
            SlaClockEvent.Resumed(Sh(2025, 3, 3, 17)),
        ]);
        var status = clock.Evaluate(Sh(2025, 3, 3, 20));

        Assert.Equal(Duration.FromHours(2), status.Elapsed);
        Assert.Equal(Duration.FromHours(4), status.WallClockElapsed);

        var reset = clock.Append(SlaClockEvent.Met(Sh(2025, 3, 3, 21))).Append(SlaClockEvent.Reset(Sh(2025, 3, 3, 22)));
        Assert.Equal(Duration.FromHours(1), reset.Evaluate(Sh(2025, 3, 3, 23)).WallClockElapsed);
        Assert.Equal(Duration.Zero, reset.Evaluate(Sh(2025, 3, 3, 23)).Elapsed);
    }

    [Fact]
    public void ProjectedDueAt_DefaultStatus_Throws()
    {
        Assert.Throws<InvalidOperationException>(() => default(SlaStatus).ProjectedDueAt);
        Assert.Equal(Duration.Zero, default(SlaStatus).WallClockElapsed);
    }

    [Property(Arbitrary = [typeof(SlaArbitraries)])]
    public void ProjectedDueAt_WhilePaused_EqualsTheDueAfterAResumeNow_Meets_Specification(ClockCase c)
    {
        var clock = c.Build();
        var status = clock.Evaluate(c.Now);
        if (status.IsCounting)
        {
            Assert.Equal(status.DueAt, status.ProjectedDueAt);
            return;
        }

        if (status.State == SlaClockState.Cancelled || IsMetInCycle(clock))
        {
            Assert.Null(status.ProjectedDueAt);
            return;
        }

        var resumed = clock.Append(SlaClockEvent.Resumed(c.Now)).Evaluate(c.Now);
        Assert.Equal(resumed.DueAt ?? resumed.BreachedAt, status.ProjectedDueAt);
    }

    [Property(Arbitrary = [typeof(SlaArbitraries)])]
    public void WallClockElapsed_IsTheWallLengthOfTheCountedSegments_Meets_Specification(ClockCase c)
    {
        var clock = c.Build();
        var status = clock.Evaluate(c.Now);

        Assert.Equal(ReferenceWallElapsed(clock, c.Now), status.WallClockElapsed);
        Assert.True(status.WallClockElapsed >= status.Elapsed, $"wall {status.WallClockElapsed} < business {status.Elapsed}");
        if (clock.Basis == SlaTimeBasis.CalendarTime)
        {
            Assert.Equal(status.Elapsed, status.WallClockElapsed);
        }

        // Evaluating in the past answers the same as the clock of the events up to then.
        var earlier = clock.StartedAt + ((c.Now - clock.StartedAt) / 2);
        Assert.Equal(ReferenceWallElapsed(clock, earlier), clock.Evaluate(earlier).WallClockElapsed);
    }

    private static bool IsMetInCycle(SlaClock clock) =>
        clock.Events.LastOrDefault(e => e.Kind is SlaClockEventKind.Met or SlaClockEventKind.Reset or SlaClockEventKind.Started).Kind == SlaClockEventKind.Met;

    /// <summary>The wall-clock length of the counted segments of the current cycle at <paramref name="now"/>, by a plain walk over the events.</summary>
    private static Duration ReferenceWallElapsed(SlaClock clock, Instant now)
    {
        var policy = Standard;
        var total = Duration.Zero;
        var counting = false;
        var pausing = false;
        var met = false;
        var since = Instant.MinValue;
        foreach (var e in clock.Events)
        {
            if (e.At > now)
            {
                break;
            }

            if (counting && (e.Kind is SlaClockEventKind.Met or SlaClockEventKind.Reset or SlaClockEventKind.Cancelled
                || (e.Kind == SlaClockEventKind.Paused && policy.PausesFor(clock.Metric, e.Reason))))
            {
                total += e.At - since;
                counting = false;
            }

            switch (e.Kind)
            {
                case SlaClockEventKind.Started or SlaClockEventKind.Reset:
                    total = Duration.Zero;
                    met = false;
                    counting = !pausing;
                    since = e.At;
                    break;
                case SlaClockEventKind.Met:
                    met = true;
                    break;
                case SlaClockEventKind.Paused:
                    pausing = policy.PausesFor(clock.Metric, e.Reason);
                    break;
                case SlaClockEventKind.Resumed:
                    if (!met && !counting)
                    {
                        counting = true;
                        since = e.At;
                    }

                    pausing = false;
                    break;
            }
        }

        return counting ? total + (now - since) : total;
    }
}
