using CustomerService.Core.Sla;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NodaTime;

namespace CustomerService.Core.Tests.Sla;

/// <summary>Properties of SLA clocks over random histories on the Shanghai desk.</summary>
public sealed partial class SlaClockTests
{
    [Property(Arbitrary = [typeof(SlaArbitraries)])]
    public void Evaluate_ElapsedNeverExceedsWallClockTime_Meets_Specification(ClockCase c)
    {
        var clock = c.Build();
        var status = clock.Evaluate(c.Now);

        Assert.True(status.Elapsed >= Duration.Zero);
        Assert.True(status.Elapsed <= c.Now - clock.StartedAt, $"elapsed {status.Elapsed} exceeds {c.Now - clock.StartedAt}");
    }

    [Property(Arbitrary = [typeof(SlaArbitraries)])]
    public void Evaluate_AgreesWithAReferenceReplay_Meets_Specification(ClockCase c)
    {
        var clock = c.Build();
        var status = clock.Evaluate(c.Now);
        var (elapsed, counting, stopped, cancelled) = Reference(clock, c.Now);

        Assert.Equal(elapsed, status.Elapsed);
        Assert.Equal(counting, status.IsCounting);
        var expected = cancelled ? SlaClockState.Cancelled
            : elapsed >= clock.Target ? SlaClockState.Breached
            : stopped ? SlaClockState.Met
            : counting ? SlaClockState.Running
            : SlaClockState.Paused;
        Assert.Equal(expected, status.State);
        Assert.Equal(clock.Target, status.Elapsed + status.Remaining - status.OverdueBy);

        // Each crossed threshold was crossed where the counted time first reached its fraction of the target.
        for (var i = 0; i < status.ThresholdsCrossed; i++)
        {
            var crossedAt = status.GetThresholdCrossedAt(i);
            Assert.True(crossedAt <= c.Now);
            Assert.True(Reference(clock, crossedAt).Elapsed >= clock.Target * clock.WarningThresholds[i]);
        }

        if (status.BreachedAt is { } breachedAt)
        {
            Assert.Equal(clock.Target, Reference(clock, breachedAt).Elapsed);
        }
    }

    [Property(Arbitrary = [typeof(SlaArbitraries)])]
    public void Evaluate_AtTheDueInstantBreachedAndOneTickBeforeRunning_Meets_Specification(ClockCase c)
    {
        var clock = c.Build();
        var due = clock.Evaluate(clock.LastEventAt).DueAt;
        if (due is null || clock.Evaluate(clock.LastEventAt).State != SlaClockState.Running)
        {
            return;
        }

        Assert.Equal(SlaClockState.Breached, clock.Evaluate(due.Value).State);
        Assert.Equal(due, clock.Evaluate(due.Value).BreachedAt);
        Assert.Equal(SlaClockState.Running, clock.Evaluate(due.Value - Duration.FromTicks(1)).State);
    }

    [Property(Arbitrary = [typeof(SlaArbitraries)])]
    public void Append_PauseAndResumeNeverMoveTheDueEarlier_Meets_Specification(ClockCase c, PositiveInt pauseAfter, PositiveInt pauseLength)
    {
        var clock = c.Build();
        var before = clock.Evaluate(clock.LastEventAt);
        var waiting = clock.Events.Count(e => e.Kind == SlaClockEventKind.Paused) > clock.Events.Count(e => e.Kind == SlaClockEventKind.Resumed);
        if (waiting || before.State != SlaClockState.Running || before.DueAt is not { } due)
        {
            return;
        }

        var pausedAt = clock.LastEventAt + Duration.FromMinutes(pauseAfter.Get % 3000);
        var resumedAt = pausedAt + Duration.FromMinutes(pauseLength.Get % 5000);
        var paused = clock.Append(SlaClockEvent.Paused(pausedAt, SlaWaitReason.PendingOnCustomer)).Append(SlaClockEvent.Resumed(resumedAt));

        var after = paused.Evaluate(resumedAt);
        if (after.DueAt is { } newDue)
        {
            Assert.True(newDue >= due, $"due moved from {due} to {newDue}");
        }
        else
        {
            // Nothing to compare only if it breached before the pause.
            Assert.Equal(SlaClockState.Breached, after.State);
        }
    }

    [Property(Arbitrary = [typeof(SlaArbitraries)])]
    public void Recompute_SameCalendar_IsTheIdentity_Meets_Specification(ClockCase c)
    {
        var clock = c.Build();
        var recomputed = clock.Recompute(SlaTestData.Standard);

        foreach (var now in new[] { clock.LastEventAt, c.Now, c.Now + Duration.FromDays(3) })
        {
            var a = clock.Evaluate(now);
            var b = recomputed.Evaluate(now);
            Assert.Equal(a.State, b.State);
            Assert.Equal(a.Elapsed, b.Elapsed);
            Assert.Equal(a.DueAt, b.DueAt);
            Assert.Equal(a.BreachedAt, b.BreachedAt);
            Assert.Equal(a.NextChangeAt, b.NextChangeAt);
            Assert.Equal(a.ThresholdsCrossed, b.ThresholdsCrossed);
        }

        Assert.Equal(clock.CalendarVersion, recomputed.CalendarVersion);
    }

    [Property(Arbitrary = [typeof(SlaArbitraries)])]
    public void CompletedCycles_CountTheMetEventsAndTheResetsBeforeAnyMet_Meets_Specification(ClockCase c)
    {
        var clock = c.Build();
        var expected = 0;
        var metInCycle = false;
        foreach (var e in clock.Events)
        {
            if (e.Kind == SlaClockEventKind.Met || (e.Kind == SlaClockEventKind.Reset && !metInCycle))
            {
                expected++;
            }

            metInCycle = e.Kind == SlaClockEventKind.Met || (metInCycle && e.Kind != SlaClockEventKind.Reset);
        }

        var outcomes = clock.CompletedCycles.ToArray();
        Assert.Equal(expected, clock.CompletedCycleCount);
        Assert.Equal(expected, outcomes.Length);
        Assert.Equal(outcomes.Length, outcomes.Select(o => o.Cycle).Distinct().Count());
        Assert.True(outcomes.Select(o => o.Cycle).SequenceEqual(outcomes.Select(o => o.Cycle).Order()));
        Assert.All(outcomes, o => Assert.True(o.StartedAt <= o.StoppedAt && o.Cycle >= 1 && o.Cycle <= clock.Cycle));
        Assert.Equal(clock.Events.Count(e => e.Kind == SlaClockEventKind.Met), outcomes.Count(o => o.StoppedBy == SlaClockEventKind.Met));
    }

    [Property(Arbitrary = [typeof(SlaArbitraries)])]
    public void CompletedCycles_EachAgreesWithASingleCycleClock_Meets_Specification(ClockCase c)
    {
        var clock = c.Build();
        var events = clock.Events;
        var outcomes = clock.CompletedCycles.ToArray();
        var next = 0;
        var waitingFor = (SlaWaitReason?)null;
        var cycleStart = -1;
        var waitingAtCycleStart = (SlaWaitReason?)null;
        var metInCycle = false;
        for (var i = 0; i < events.Length; i++)
        {
            var e = events[i];
            var stops = e.Kind == SlaClockEventKind.Met || (e.Kind == SlaClockEventKind.Reset && !metInCycle);
            if (stops)
            {
                // The cycle alone: started (and waiting, if the case was), its own pauses and resumes, answered at the stop.
                List<SlaClockEvent> single = [SlaClockEvent.Started(events[cycleStart].At)];
                if (waitingAtCycleStart is { } reason)
                {
                    single.Add(SlaClockEvent.Paused(events[cycleStart].At, reason));
                }

                single.AddRange(events.Skip(cycleStart + 1).Take(i - cycleStart - 1));
                var open = SlaTestData.Standard.CreateClock("single", clock.Metric, clock.Priority, [.. single]).Evaluate(e.At);
                single.Add(SlaClockEvent.Met(e.At));
                var answered = SlaTestData.Standard.CreateClock("single", clock.Metric, clock.Priority, [.. single]).Evaluate(e.At);

                var outcome = outcomes[next++];
                Assert.Equal((events[cycleStart].At, e.At, e.Kind), (outcome.StartedAt, outcome.StoppedAt, outcome.StoppedBy));
                Assert.Equal(answered.State == SlaClockState.Met, outcome.IsMet);
                Assert.Equal(answered.BreachedAt, outcome.BreachedAt);
                Assert.Equal(answered.Elapsed, outcome.Elapsed);
                Assert.Equal(open.BreachedAt ?? open.DueAt, outcome.DueAt);
            }

            switch (e.Kind)
            {
                case SlaClockEventKind.Started or SlaClockEventKind.Reset:
                    cycleStart = i;
                    waitingAtCycleStart = waitingFor;
                    metInCycle = false;
                    break;
                case SlaClockEventKind.Met:
                    metInCycle = true;
                    break;
                case SlaClockEventKind.Paused:
                    waitingFor = e.Reason;
                    break;
                case SlaClockEventKind.Resumed:
                    waitingFor = null;
                    break;
            }
        }

        Assert.Equal(outcomes.Length, next);
    }

    /// <summary>A straightforward replay of the events up to an instant: the counted time of the current cycle, summed segment by segment.</summary>
    private static (Duration Elapsed, bool Counting, bool Stopped, bool Cancelled) Reference(SlaClock clock, Instant now)
    {
        var policy = SlaTestData.Standard;
        var calendar = policy.Calendar;
        Duration Measure(Instant a, Instant b) => clock.Basis == SlaTimeBasis.CalendarTime ? b - a : calendar.BusinessTimeBetween(a, b);

        var elapsed = Duration.Zero;
        var counting = false;
        var waiting = false;
        var pausing = false;
        var stopped = false;
        var cancelled = false;
        var since = Instant.MinValue;
        foreach (var e in clock.Events)
        {
            if (e.At > now)
            {
                break;
            }

            if (counting && e.Kind is SlaClockEventKind.Paused or SlaClockEventKind.Met or SlaClockEventKind.Reset or SlaClockEventKind.Cancelled)
            {
                if (e.Kind != SlaClockEventKind.Paused || policy.PausesFor(clock.Metric, e.Reason))
                {
                    elapsed += Measure(since, e.At);
                    counting = false;
                }
            }

            switch (e.Kind)
            {
                case SlaClockEventKind.Started:
                case SlaClockEventKind.Reset:
                    elapsed = Duration.Zero;
                    stopped = false;
                    counting = !pausing;
                    since = e.At;
                    break;
                case SlaClockEventKind.Paused:
                    waiting = true;
                    pausing = policy.PausesFor(clock.Metric, e.Reason);
                    if (!pausing)
                    {
                        break;
                    }

                    break;
                case SlaClockEventKind.Resumed:
                    waiting = false;
                    pausing = false;
                    if (!stopped && !counting)
                    {
                        counting = true;
                        since = e.At;
                    }

                    break;
                case SlaClockEventKind.Met:
                    stopped = true;
                    break;
                case SlaClockEventKind.Cancelled:
                    cancelled = true;
                    break;
            }
        }

        _ = waiting;
        if (counting)
        {
            elapsed += Measure(since, now);
        }

        return (elapsed, counting, stopped, cancelled);
    }
}
