using CustomerService.Core.Sla;
using CustomerService.Core.Tests.Tickets;
using CustomerService.Core.Tickets;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NodaTime;

namespace CustomerService.Core.Tests.Sla;

/// <summary>
/// The incremental paths of the SLA clocks give exactly what a full rebuild gives: a clock extended event by event or from
/// any prefix, a record's clock sharing its events, and a ticket's clocks carried from transition to transition (as in
/// memory, with the clocks built to observe them extended) against the same clocks reloaded at every step (as from a store).
/// </summary>
public sealed class SlaIncrementalTests
{
    /// <summary>The standard policy with warnings at fractions and before due, delivered at the next opening.</summary>
    private static readonly SlaPolicy Warned = SlaTestData.StandardBuilder(SlaTestData.ShanghaiDesk, "v1")
        .WarningThresholds(0.5, 0.75)
        .WarningsBeforeDue(Duration.FromHours(1))
        .DeliverWarningsAtNextOpening()
        .Build();

    private static readonly SlaCatalog[] Catalogs =
    [
        new([], [SlaTestData.Standard], SlaTestData.Standard.Name),
        new([], [Warned], Warned.Name),
    ];

    private static readonly TicketLifecycle Lifecycle = new(new TicketOptions());

    [Property(Arbitrary = [typeof(SlaArbitraries)])]
    public void Append_OneEventAtATime_EqualsAFullBuild_Meets_Specification(ClockCase c)
    {
        var full = c.Build();
        var clock = SlaTestData.Standard.CreateClock(full.Id, c.Metric, c.Priority, c.Events.AsSpan(0, 1));
        foreach (var e in c.Events.AsSpan(1))
        {
            clock = clock.Append(e);
        }

        AssertSameClock(full, clock, c.Now);
    }

    [Property(Arbitrary = [typeof(SlaArbitraries)])]
    public void Extend_FromAnyPrefix_EqualsAFullBuild_Meets_Specification(ClockCase c, NonNegativeInt split)
    {
        var full = c.Build();
        var prefix = 1 + (split.Get % c.Events.Length);
        var start = SlaTestData.Standard.CreateClock(full.Id, c.Metric, c.Priority, c.Events.AsSpan(0, prefix));

        var extended = start.Extend([.. c.Events], "events");

        AssertSameClock(full, extended, c.Now);
        Assert.Equal(c.Events.Take(prefix), start.Events.ToArray());
    }

    [Property(Arbitrary = [typeof(SlaArbitraries)])]
    public void CreateClock_FromARecord_EqualsAClockOfItsEvents_Meets_Specification(ClockCase c)
    {
        // The record's clock shares the record's events instead of copying them: same clock, record unchanged.
        var record = new SlaClockRecord(c.Metric + "-1", c.Metric, c.Events);
        var fresh = new SlaClockRecord(c.Metric + "-1", c.Metric, c.Events);

        var clock = record.CreateClock(SlaTestData.Standard, c.Priority);

        AssertSameClock(SlaTestData.Standard.CreateClock(record.ClockId, c.Metric, c.Priority, c.Events), clock, c.Now);
        Assert.Equal(fresh, record);
        Assert.Equal(fresh.GetHashCode(), record.GetHashCode());
        Assert.Equal(c.Events, record.Events);

        // Another calendar, another spelling of the priority: built for what is asked.
        var edited = SlaTestData.StandardBuilder(SlaTestData.NewYorkNights, "v2").Build();
        Assert.Equal("v2", record.CreateClock(edited, c.Priority).CalendarVersion);
        var lower = new SlaPriority(c.Priority.Name.ToLowerInvariant());
        Assert.Equal(lower.Name, record.CreateClock(SlaTestData.Standard, lower).Priority.Name);
    }

    [Property(Arbitrary = [typeof(TicketArbitraries)], MaxTest = 150)]
    public void Transition_CarriedClocks_EqualClocksReloadedAtEveryStep_Meets_Specification(TicketScript script, bool warned, PositiveInt evaluateEvery)
    {
        var catalog = Catalogs[warned ? 1 : 0];
        var now = TicketArbitraries.Start;
        var carried = TicketSla.Open(TicketArbitraries.NewTicket(), catalog).Ticket;
        var reloaded = carried with { Sla = Reload(carried.Sla) };
        var step = 0;
        foreach (var s in script.Steps)
        {
            now += Duration.FromMinutes(s.MinutesLater);
            step++;
            if (step % (1 + (evaluateEvery.Get % 4)) == 0)
            {
                // A due-work evaluation between transitions, as the periodic job runs it.
                var a = TicketSla.Evaluate(carried, catalog, now);
                var b = TicketSla.Evaluate(reloaded, catalog, now);
                Assert.Equal(a?.Ticket.Sla, b?.Ticket.Sla);
                Assert.Equal(a?.Crossings ?? [], b?.Crossings ?? []);
                carried = a?.Ticket ?? carried;
                reloaded = b is { } r ? r.Ticket with { Sla = Reload(r.Ticket.Sla) } : reloaded;
            }

            if (!Lifecycle.CanFire(carried, s.Trigger, now))
            {
                continue;
            }

            var command = TicketArbitraries.CommandFor(s.Trigger);
            var (nextCarried, carriedCrossings) = TicketSla.Transition(carried, Lifecycle.Apply(carried, command, "a", now), command, catalog, now);
            var (nextReloaded, reloadedCrossings) = TicketSla.Transition(reloaded, Lifecycle.Apply(reloaded, command, "a", now), command, catalog, now);

            Assert.Equal(nextReloaded.Sla, nextCarried.Sla);
            Assert.Equal(reloadedCrossings, carriedCrossings);
            carried = nextCarried;
            reloaded = nextReloaded with { Sla = Reload(nextReloaded.Sla) };
        }

        // What readers build from the carried records is what they build from reloaded ones.
        if (carried.Sla is { } set && catalog.TryGetPolicy(set.PolicyName, out var policy))
        {
            var at = now + Duration.FromHours(3);
            Assert.Equal(
                Reload(set)!.CreateClocks(policy).Select(k => Describe(k, at)),
                set.CreateClocks(policy).Select(k => Describe(k, at)));
            Assert.Equal(Reload(set)!.CompletedCycles(policy), set.CompletedCycles(policy));
            Assert.Equal(Reload(set)!.CompletedCycles(catalog), set.CompletedCycles(catalog));
            Assert.Equal(Reload(set)!.CreateClocks(catalog).Select(k => Describe(k, at)), set.CreateClocks(catalog).Select(k => Describe(k, at)));
        }
    }

    /// <summary>The set as a store gives it back: equal records (every stored member copied) that remember no clock.</summary>
    private static SlaClockSet? Reload(SlaClockSet? set) =>
        set is null ? null : set with { Clocks = [.. set.Clocks.Select(r => new SlaClockRecord(r.ClockId, r.Metric, [.. r.Events]) { NextChangeAt = r.NextChangeAt, Judgements = [.. r.Judgements] })] };

    private static void AssertSameClock(SlaClock expected, SlaClock actual, Instant now)
    {
        Assert.Equal(expected.Events.ToArray(), actual.Events.ToArray());
        Assert.Equal((expected.StartedAt, expected.LastEventAt, expected.Cycle, expected.BreachedCycles, expected.CompletedCycleCount), (actual.StartedAt, actual.LastEventAt, actual.Cycle, actual.BreachedCycles, actual.CompletedCycleCount));
        Assert.Equal(Describe(expected, now), Describe(actual, now));
        Assert.Equal(Describe(expected, expected.LastEventAt), Describe(actual, actual.LastEventAt));
        Assert.Equal(Describe(expected, expected.StartedAt), Describe(actual, actual.StartedAt));
        Assert.Equal(expected.CompletedCycles.ToList(), actual.CompletedCycles.ToList());
        Assert.Equal(Classify(expected, now), Classify(actual, now));
        Assert.Equal(Classify(expected, expected.LastEventAt), Classify(actual, actual.LastEventAt));
    }

    private static (int Reached, bool Active, Instant Next, bool HasNext) Classify(SlaClock clock, Instant at)
    {
        var reached = clock.Classify(at, out var active, out var next, out var hasNext);
        return (reached, active, next, hasNext);
    }

    private static string Describe(SlaClock clock, Instant at)
    {
        var s = clock.Evaluate(at);
        var crossed = string.Join(",", Enumerable.Range(0, s.ThresholdsCrossed).Select(s.GetThresholdCrossedAt));
        return $"{clock.Id} {s.State} {s.Elapsed} {s.WallClockElapsed} {s.DueAt} {s.BreachedAt} {s.NextChangeAt} {s.ProjectedDueAt} {crossed} {s.Remaining} {s.OverdueBy}";
    }
}
