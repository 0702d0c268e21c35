using CustomerService.Core.Serialization;
using CustomerService.Core.Sla;
using CustomerService.Core.Storage;
using CustomerService.Core.Tests.Sla;
using CustomerService.Core.Tickets;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NodaTime;
using NodaTime.Testing;

namespace CustomerService.Core.Tests.Tickets;

/// <summary>Met clocks stay met: a re-selection never re-judges a cycle completed before it (issue 23).</summary>
public sealed class TicketSlaJudgementTests
{
    private static readonly SlaPolicy Normal = SlaPolicy.CreateBuilder("Normal", SlaTestData.ShanghaiDesk, "v1")
        .DefaultTarget(SlaMetric.FirstResponse, Duration.FromHours(8))
        .DefaultTarget(SlaMetric.NextResponse, Duration.FromHours(4))
        .DefaultTarget(SlaMetric.Resolution, Duration.FromHours(40))
        .PauseWhen(SlaWaitReason.PendingOnCustomer, SlaMetric.FirstResponse, SlaMetric.Resolution)
        .Build();

    private static readonly SlaPolicy Fast = SlaPolicy.CreateBuilder("Fast", SlaTestData.ShanghaiDesk, "v1")
        .DefaultTarget(SlaMetric.FirstResponse, Duration.FromHours(1))
        .DefaultTarget(SlaMetric.NextResponse, Duration.FromMinutes(30))
        .DefaultTarget(SlaMetric.Resolution, Duration.FromHours(4))
        .PauseWhen(SlaWaitReason.PendingOnCustomer, SlaMetric.FirstResponse, SlaMetric.Resolution)
        .Build();

    /// <summary>A policy without next-response target: a re-selection to it cancels the running next-response clock.</summary>
    private static readonly SlaPolicy Lean = SlaPolicy.CreateBuilder("Lean", SlaTestData.ShanghaiDesk, "v1")
        .DefaultTarget(SlaMetric.FirstResponse, Duration.FromHours(2))
        .DefaultTarget(SlaMetric.Resolution, Duration.FromHours(16))
        .Build();

    /// <summary>Urgent tickets run under Fast, Low ones under Lean, every other one under Normal (and High and Normal differ in nothing but the priority name).</summary>
    private static SlaCatalog Catalog { get; } = new(
        [], [Normal, Fast, Lean], "Normal", ticketPolicyByPriority: [new(SlaPriority.Urgent, "Fast"), new(SlaPriority.Low, "Lean")]);

    private static readonly TicketId Id = new("T-j");

    private static TicketService Service(FakeClock clock, InMemoryStorage? storage = null) =>
        new((storage ?? new InMemoryStorage()).GetStore<Ticket>(TicketService.EntityKind), new TicketLifecycle(new TicketOptions()), clock, Catalog);

    [Fact]
    public async Task ExecuteAsync_UpgradeAfterAnInTimeFirstResponse_KeepsItMet()
    {
        // Monday 09:00 under Normal (first response 8 business hours); answered at 12:30 (3 business hours: lunch does not count), upgraded at 13:30.
        var clock = new FakeClock(SlaTestData.Sh(2026, 3, 2, 9));
        var service = Service(clock);
        await service.OpenAsync(Id, ContactChannel.Email, TicketCategory.Repair, TicketPriority.Normal, "desk");
        await service.ExecuteAsync(Id, new TicketCommand.Assign("a"), "a");
        clock.Reset(SlaTestData.Sh(2026, 3, 2, 12, 30));
        await service.ExecuteAsync(Id, new TicketCommand.AgentReply(), "a");
        clock.Reset(SlaTestData.Sh(2026, 3, 2, 13, 30));
        var ticket = await service.ExecuteAsync(Id, new TicketCommand.UpdateFacts { Priority = TicketPriority.Urgent }, "a");

        var set = ticket.Sla!;
        Assert.Equal(("Fast", "Urgent"), (set.PolicyName, set.Priority));
        var firstResponse = set.Find(SlaMetric.FirstResponse)!;
        Assert.Equal([new SlaClockJudgement(1, "Normal", "Normal")], firstResponse.Judgements);
        Assert.Empty(set.Find(SlaMetric.Resolution)!.Judgements);

        // As judged: met under the 8-hour target it ran under; the resolution counts towards Fast's 4 hours.
        var at = SlaTestData.Sh(2026, 3, 2, 17);
        var clocks = set.CreateClocks(Catalog);
        var first = clocks.Single(c => c.Metric == SlaMetric.FirstResponse).Evaluate(at);
        Assert.Equal((SlaClockState.Met, Duration.FromHours(8), (Instant?)null), (first.State, first.Clock.Target, first.BreachedAt));
        Assert.Equal(Duration.FromHours(3), first.Elapsed); // 09:00–12:00; the answer came during lunch
        var resolution = clocks.Single(c => c.Metric == SlaMetric.Resolution).Evaluate(at);
        Assert.Equal(Duration.FromHours(4), resolution.Clock.Target);
        Assert.Equal(SlaTestData.Sh(2026, 3, 2, 14), resolution.BreachedAt);

        // The what-if view under Fast alone judges the old answer late: that is what the judgement prevents.
        var whatIf = set.CreateClocks(Fast).Single(c => c.Metric == SlaMetric.FirstResponse).Evaluate(at);
        Assert.Equal(SlaTestData.Sh(2026, 3, 2, 10), whatIf.BreachedAt);

        var outcome = Assert.Single(set.CompletedCycles(Catalog));
        Assert.True(outcome.IsMet);
        Assert.Equal((SlaMetric.FirstResponse, SlaPriority.Normal, SlaTestData.Sh(2026, 3, 2, 18)), (outcome.Metric, outcome.Priority, outcome.DueAt));
        Assert.False(Assert.Single(set.CompletedCycles(Fast)).IsMet);
    }

    [Fact]
    public async Task ExecuteAsync_UpgradeBetweenReplies_JudgesEachReplyUnderItsOwnTarget()
    {
        var clock = new FakeClock(SlaTestData.Sh(2026, 3, 2, 9));
        var service = Service(clock);
        await service.OpenAsync(Id, ContactChannel.Email, TicketCategory.Repair, TicketPriority.Normal, "desk");
        await service.ExecuteAsync(Id, new TicketCommand.Assign("a"), "a");
        await service.ExecuteAsync(Id, new TicketCommand.AgentReply(), "a");

        // First customer message at 09:30, answered at 11:30: two hours, within Normal's four.
        clock.Reset(SlaTestData.Sh(2026, 3, 2, 9, 30));
        await service.ExecuteAsync(Id, new TicketCommand.CustomerReply(), "customer");
        clock.Reset(SlaTestData.Sh(2026, 3, 2, 11, 30));
        await service.ExecuteAsync(Id, new TicketCommand.AgentReply(), "a");

        // Upgraded at 14:00; second message at 14:10, answered at 15:10: one hour, over Fast's thirty minutes.
        clock.Reset(SlaTestData.Sh(2026, 3, 2, 14));
        await service.ExecuteAsync(Id, new TicketCommand.UpdateFacts { Priority = TicketPriority.Urgent }, "a");
        clock.Reset(SlaTestData.Sh(2026, 3, 2, 14, 10));
        await service.ExecuteAsync(Id, new TicketCommand.CustomerReply(), "customer");
        clock.Reset(SlaTestData.Sh(2026, 3, 2, 15, 10));
        var ticket = await service.ExecuteAsync(Id, new TicketCommand.AgentReply(), "a");

        var replies = ticket.Sla!.CompletedCycles(Catalog).Where(o => o.Metric == SlaMetric.NextResponse).ToList();
        Assert.Equal(2, replies.Count);
        Assert.Equal((1, true, SlaPriority.Normal, SlaTestData.Sh(2026, 3, 2, 14, 30)), (replies[0].Cycle, replies[0].IsMet, replies[0].Priority, replies[0].DueAt));
        Assert.Equal((2, false, SlaPriority.Urgent, SlaTestData.Sh(2026, 3, 2, 14, 40)), (replies[1].Cycle, replies[1].IsMet, replies[1].Priority, replies[1].BreachedAt));
        Assert.Equal([new SlaClockJudgement(1, "Normal", "Normal")], ticket.Sla.Find(SlaMetric.NextResponse)!.Judgements);
    }

    [Fact]
    public async Task ExecuteAsync_ReselectionToAPolicyWithoutTheMetric_KeepsItsCompletedCyclesInReports()
    {
        var clock = new FakeClock(SlaTestData.Sh(2026, 3, 2, 9));
        var service = Service(clock);
        await service.OpenAsync(Id, ContactChannel.Email, TicketCategory.Repair, TicketPriority.Normal, "desk");
        await service.ExecuteAsync(Id, new TicketCommand.Assign("a"), "a");
        await service.ExecuteAsync(Id, new TicketCommand.AgentReply(), "a");
        clock.Reset(SlaTestData.Sh(2026, 3, 2, 10));
        await service.ExecuteAsync(Id, new TicketCommand.CustomerReply(), "customer");
        clock.Reset(SlaTestData.Sh(2026, 3, 2, 11));
        await service.ExecuteAsync(Id, new TicketCommand.AgentReply(), "a");
        clock.Reset(SlaTestData.Sh(2026, 3, 2, 11, 30));
        await service.ExecuteAsync(Id, new TicketCommand.CustomerReply(), "customer");

        // Downgraded to Low (Lean, no next-response target): the running reply clock is cancelled, the answered reply stays met.
        clock.Reset(SlaTestData.Sh(2026, 3, 2, 14));
        var ticket = await service.ExecuteAsync(Id, new TicketCommand.UpdateFacts { Priority = TicketPriority.Low }, "a");

        var set = ticket.Sla!;
        Assert.Equal("Lean", set.PolicyName);
        Assert.Equal(SlaClockEventKind.Cancelled, set.Find(SlaMetric.NextResponse)!.Events[^1].Kind);
        var reply = Assert.Single(set.CompletedCycles(Catalog), o => o.Metric == SlaMetric.NextResponse);
        Assert.Equal((true, SlaPriority.Normal, Duration.FromHours(1)), (reply.IsMet, reply.Priority, reply.Elapsed));
        Assert.DoesNotContain(set.CompletedCycles(Lean), o => o.Metric == SlaMetric.NextResponse);
        Assert.DoesNotContain(set.CreateClocks(Catalog), c => c.Metric == SlaMetric.NextResponse);
    }

    [Fact]
    public async Task CompletedCycles_JudgementWhosePolicyIsGoneOrDamaged_FallsBackToTheCurrentPolicy()
    {
        var clock = new FakeClock(SlaTestData.Sh(2026, 3, 2, 9));
        var service = Service(clock);
        await service.OpenAsync(Id, ContactChannel.Email, TicketCategory.Repair, TicketPriority.Normal, "desk");
        await service.ExecuteAsync(Id, new TicketCommand.Assign("a"), "a");
        clock.Reset(SlaTestData.Sh(2026, 3, 2, 12, 30));
        await service.ExecuteAsync(Id, new TicketCommand.AgentReply(), "a");
        clock.Reset(SlaTestData.Sh(2026, 3, 2, 13, 30));
        var set = (await service.ExecuteAsync(Id, new TicketCommand.UpdateFacts { Priority = TicketPriority.Urgent }, "a")).Sla!;

        // A catalog without Normal: the first response, met under Normal, is judged under Fast (late after its 1 hour).
        var withoutNormal = new SlaCatalog([], [Fast], "Fast");
        var gone = Assert.Single(set.CompletedCycles(withoutNormal));
        Assert.Equal((false, SlaPriority.Urgent), (gone.IsMet, gone.Priority));
        var late = set.CreateClocks(withoutNormal).Single(c => c.Metric == SlaMetric.FirstResponse).Evaluate(clock.GetCurrentInstant());
        Assert.Equal((SlaClockState.Breached, (Instant?)SlaTestData.Sh(2026, 3, 2, 10)), (late.State, late.BreachedAt));

        // A judgement with no names (damaged data) does the same instead of throwing.
        var record = set.Find(SlaMetric.FirstResponse)!;
        var damaged = set with { Clocks = [.. set.Clocks.Select(r => r == record ? r with { Judgements = [new SlaClockJudgement(1, null!, null!)] } : r)] };
        Assert.False(Assert.Single(damaged.CompletedCycles(Catalog)).IsMet);
        Assert.Throws<ArgumentNullException>(() => set.CompletedCycles((SlaCatalog)null!));
        Assert.Throws<ArgumentNullException>(() => set.CreateClocks((SlaCatalog)null!));
    }

    [Fact]
    public async Task Serialize_Judgements_RoundTripEqualAndAbsentWhenNone()
    {
        var clock = new FakeClock(SlaTestData.Sh(2026, 3, 2, 9));
        var service = Service(clock);
        await service.OpenAsync(Id, ContactChannel.Email, TicketCategory.Repair, TicketPriority.Normal, "desk");
        await service.ExecuteAsync(Id, new TicketCommand.Assign("a"), "a");
        var unjudged = await service.ExecuteAsync(Id, new TicketCommand.AgentReply(), "a");
        clock.Reset(SlaTestData.Sh(2026, 3, 2, 13, 30));
        var judged = await service.ExecuteAsync(Id, new TicketCommand.UpdateFacts { Priority = TicketPriority.Urgent }, "a");

        var text = CustomerServiceJson.Serialize(judged);
        Assert.Equal(judged, CustomerServiceJson.Deserialize<Ticket>(text));
        Assert.Contains("\"Judgements\"", text, StringComparison.Ordinal);

        // Data that uses no judgement is written exactly as before the member existed.
        Assert.DoesNotContain("Judgements", CustomerServiceJson.Serialize(unjudged), StringComparison.Ordinal);
    }

    /// <summary>One step of a ticket's life: what happens, after how many minutes.</summary>
    public sealed record Move(int Kind, int AfterMinutes, TicketPriority Priority);

    /// <summary>A ticket's life: when it opens, at which priority, and its steps.</summary>
    public sealed record Life(Instant Opened, TicketPriority Priority, Move[] Steps);

    public static class Arbitraries
    {
        // From 1900 to about 2190: the whole supported range, with room for every due instant.
        private static readonly Instant Min = Instant.FromUtc(1900, 1, 2, 0, 0);
        private static readonly int Days = (int)(Instant.FromUtc(2190, 1, 1, 0, 0) - Min).TotalDays;

        private static readonly Gen<TicketPriority> Priorities = Gen.Elements(TicketPriority.Low, TicketPriority.Normal, TicketPriority.High, TicketPriority.Urgent);

        public static Arbitrary<Life> Lives() =>
            (from day in Gen.Choose(0, Days)
             from minute in Gen.Choose(0, 1439)
             from priority in Priorities
             from steps in Gen.ArrayOf(
                 from kind in Gen.Choose(0, 6)
                 from after in Gen.Frequency((3, Gen.Choose(0, 240)), (1, Gen.Choose(0, 6_000)))
                 from to in Priorities
                 select new Move(kind, after, to))
             select new Life(Min + Duration.FromDays(day) + Duration.FromMinutes(minute), priority, steps.Take(30).ToArray())).ToArbitrary();
    }

    private static TicketCommand Command(Move step) => step.Kind switch
    {
        0 or 1 => new TicketCommand.AgentReply(),
        2 => new TicketCommand.CustomerReply(),
        3 => new TicketCommand.UpdateFacts { Priority = step.Priority },
        4 => new TicketCommand.WaitOnCustomer(),
        5 => new TicketCommand.Solve("fixed"),
        _ => new TicketCommand.Reopen(),
    };

    /// <summary>
    /// The invariant behind "met clocks stay met": once a cycle has an outcome, no later step changes it — not a re-selection
    /// to other targets, not a change back, not a reopening. Any script of replies, waits, solutions, reopenings and priority
    /// changes, over 1900–2190.
    /// </summary>
    [Property(Arbitrary = [typeof(Arbitraries)], MaxTest = 80)]
    public void CompletedCycles_OnceReported_NeverChange(Life life)
    {
        var clock = new FakeClock(life.Opened);
        var service = Service(clock);
        service.OpenAsync(Id, ContactChannel.Email, TicketCategory.Repair, life.Priority, "desk").GetAwaiter().GetResult();
        var ticket = service.ExecuteAsync(Id, new TicketCommand.Assign("a"), "a").GetAwaiter().GetResult();
        var reported = new Dictionary<(string ClockId, int Cycle), SlaCycleOutcome>();
        foreach (var step in life.Steps)
        {
            clock.AdvanceMinutes(step.AfterMinutes);
            try
            {
                ticket = service.ExecuteAsync(Id, Command(step), "a").GetAwaiter().GetResult();
            }
            catch (InvalidTransitionException)
            {
                // Not allowed in the ticket's state: nothing changed.
            }

            var outcomes = ticket.Sla!.CompletedCycles(Catalog);
            foreach (var earlier in reported)
            {
                Assert.Contains(earlier.Value, outcomes);
            }

            foreach (var outcome in outcomes)
            {
                reported.TryAdd((outcome.ClockId, outcome.Cycle), outcome);
            }
        }

        // Every cycle completed under the current policy and priority is judged as the current policy alone judges it.
        var set = ticket.Sla!;
        var current = Catalog.Policies[set.PolicyName];
        var unjudged = set.CompletedCycles(current).Where(o => set.Clocks.Single(r => r.ClockId == o.ClockId).JudgementOf(o.Cycle) is null);
        Assert.All(unjudged, o => Assert.Contains(o, set.CompletedCycles(Catalog)));
    }
}
