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

/// <summary>Properties of re-selection: it is driven only by the events, so it loses, adds or repeats no time.</summary>
public sealed class TicketSlaReselectionTests
{
    /// <summary>Business-time policies on one calendar, the same metrics, different targets.</summary>
    private static readonly SlaPolicy Normal = SlaPolicy.CreateBuilder("Normal", SlaTestData.ShanghaiDesk, "v1")
        .DefaultTarget(SlaMetric.FirstResponse, Duration.FromHours(8))
        .DefaultTarget(SlaMetric.Resolution, Duration.FromHours(40))
        .PauseWhen(SlaWaitReason.PendingOnCustomer, SlaMetric.FirstResponse, SlaMetric.Resolution)
        .Build();

    private static readonly SlaPolicy Fast = SlaPolicy.CreateBuilder("Fast", SlaTestData.ShanghaiDesk, "v1")
        .DefaultTarget(SlaMetric.FirstResponse, Duration.FromHours(1))
        .DefaultTarget(SlaMetric.Resolution, Duration.FromHours(4))
        .PauseWhen(SlaWaitReason.PendingOnCustomer, SlaMetric.FirstResponse, SlaMetric.Resolution)
        .Build();

    /// <summary>Urgent tickets run under Fast; every other one under Normal.</summary>
    private static SlaCatalog Catalog { get; } = new([], [Normal, Fast], "Normal", ticketPolicyByPriority: [new(SlaPriority.Urgent, "Fast")]);

    private static readonly TicketId Id = new("T-p");

    /// <summary>A ticket's life with a priority change: opened, assigned, optionally waiting on the customer, changed, evaluated.</summary>
    public sealed record Script(Instant Opened, int AssignAfterMinutes, int WaitAfterMinutes, int WaitMinutes, int ChangeAfterMinutes, int EvaluateAfterMinutes, TicketPriority From, TicketPriority To);

    public static class Arbitraries
    {
        // From 1900 to about 2190: every instant of the script, and every due instant, stays inside the supported range.
        private static readonly Instant Min = Instant.FromUtc(1900, 1, 2, 0, 0);
        private static readonly int Days = (int)(Instant.FromUtc(2190, 1, 1, 0, 0) - Min).TotalDays;

        public static Arbitrary<Script> Scripts() =>
            (from day in Gen.Choose(0, Days)
             from minute in Gen.Choose(0, 1439)
             from assign in Gen.Choose(0, 600)
             from waitAfter in Gen.Choose(0, 3_000)
             from wait in Gen.Choose(0, 3_000)
             from change in Gen.Choose(0, 6_000)
             from evaluate in Gen.Choose(0, 20_000)
             from first in Gen.Elements(TicketPriority.Low, TicketPriority.Normal, TicketPriority.High, TicketPriority.Urgent)
             from second in Gen.Elements(TicketPriority.Low, TicketPriority.Normal, TicketPriority.High, TicketPriority.Urgent)
             select new Script(Min + Duration.FromDays(day) + Duration.FromMinutes(minute), assign, waitAfter, wait, change, evaluate, first, second)).ToArbitrary();
    }

    /// <summary>Plays the script up to the change; the priorities are applied at the change in order.</summary>
    private static async Task<(Ticket Ticket, FakeClock Clock)> Play(Script script, params TicketCommand.UpdateFacts[] changes)
    {
        var clock = new FakeClock(script.Opened);
        var service = new TicketService(new InMemoryStorage().GetStore<Ticket>(TicketService.EntityKind), new TicketLifecycle(new TicketOptions()), clock, Catalog);
        await service.OpenAsync(Id, ContactChannel.Email, TicketCategory.Repair, script.From, "desk");
        clock.AdvanceMinutes(script.AssignAfterMinutes);
        await service.ExecuteAsync(Id, new TicketCommand.Assign("a"), "a");
        var waitEnds = int.MaxValue;
        if (script.WaitMinutes > 0)
        {
            clock.AdvanceMinutes(script.WaitAfterMinutes);
            await service.ExecuteAsync(Id, new TicketCommand.WaitOnCustomer(), "a");
            waitEnds = script.WaitMinutes;
        }

        // The change happens while waiting or after the customer answered, as the script says.
        if (waitEnds <= script.ChangeAfterMinutes)
        {
            clock.AdvanceMinutes(waitEnds);
            await service.ExecuteAsync(Id, new TicketCommand.CustomerReply(), "customer");
            clock.AdvanceMinutes(script.ChangeAfterMinutes - waitEnds);
        }
        else
        {
            clock.AdvanceMinutes(script.ChangeAfterMinutes);
        }

        var ticket = (await service.FindAsync(Id))!;
        foreach (var change in changes)
        {
            ticket = await service.ExecuteAsync(Id, change, "a");
        }

        return (ticket, clock);
    }

    private static TicketCommand.UpdateFacts To(TicketPriority priority) => new() { Priority = priority };

    /// <summary>What a status says, without the clock object it came from.</summary>
    private static IReadOnlyList<(SlaMetric Metric, SlaClockState State, bool IsCounting, Duration Elapsed, Instant? DueAt, Instant? BreachedAt, Instant? NextChangeAt, int Thresholds)> Statuses(Ticket ticket, Instant at) =>
        [.. ticket.Sla!.CreateClocks(Catalog.Policies[ticket.Sla.PolicyName]).Select(c => (c.Metric, Status: c.Evaluate(at)))
            .Select(p => (p.Metric, p.Status.State, p.Status.IsCounting, p.Status.Elapsed, p.Status.DueAt, p.Status.BreachedAt, p.Status.NextChangeAt, p.Status.ThresholdsCrossed))];

    [Property(Arbitrary = [typeof(Arbitraries)], MaxTest = 60)]
    public void Reselect_ToTheSamePolicyAndPriority_Meets_Specification(Script script)
    {
        var (before, clock) = Play(script).GetAwaiter().GetResult();
        var at = clock.GetCurrentInstant() + Duration.FromMinutes(script.EvaluateAfterMinutes);
        // A fact no rule reads changes: the selection is made again and gives the same policy and priority.
        var (after, _) = Play(script, new TicketCommand.UpdateFacts { Category = TicketCategory.Inquiry }).GetAwaiter().GetResult();

        // Only the history entry of the update is new: the clocks, their selection and their history are untouched.
        Assert.Equal(before.Sla!.Clocks.Select(c => c.Events), after.Sla!.Clocks.Select(c => c.Events));
        Assert.Equal((before.Sla.PolicyName, before.Sla.Priority, before.Sla.SelectedBy), (after.Sla.PolicyName, after.Sla.Priority, after.Sla.SelectedBy));
        Assert.Empty(after.Sla.Reselections);
        Assert.Equal(Statuses(before, at), Statuses(after, at));
    }

    [Property(Arbitrary = [typeof(Arbitraries)], MaxTest = 60)]
    public void Reselect_AToBToA_Meets_Specification(Script script)
    {
        var (never, clock) = Play(script).GetAwaiter().GetResult();
        var (back, _) = Play(script, To(script.To), To(script.From)).GetAwaiter().GetResult();
        var at = clock.GetCurrentInstant() + Duration.FromMinutes(script.EvaluateAfterMinutes);

        Assert.Equal(never.Sla!.Clocks.Select(c => c.Events), back.Sla!.Clocks.Select(c => c.Events));
        Assert.Equal(never.Sla.PolicyName, back.Sla.PolicyName);
        Assert.Equal(Statuses(never, at), Statuses(back, at));
    }

    [Property(Arbitrary = [typeof(Arbitraries)], MaxTest = 60)]
    public void Reselect_ElapsedBusinessTime_Meets_Specification(Script script)
    {
        var (unchanged, clock) = Play(script).GetAwaiter().GetResult();
        var change = clock.GetCurrentInstant();
        var (changed, _) = Play(script, To(script.To)).GetAwaiter().GetResult();
        var at = change + Duration.FromMinutes(script.EvaluateAfterMinutes);

        var before = Statuses(unchanged, change);
        var after = Statuses(changed, at);
        var counting = Statuses(unchanged, at);
        for (var i = 0; i < before.Count; i++)
        {
            // The elapsed time at the change is kept exactly, and after it only the open time of the calendar is added
            // (none while paused): not lost, not counted twice — the same as if the ticket had kept its policy.
            Assert.Equal(counting[i].Elapsed, after[i].Elapsed);
            var added = before[i].IsCounting ? SlaTestData.ShanghaiDesk.BusinessTimeBetween(change, at) : Duration.Zero;
            Assert.Equal(before[i].Elapsed + added, after[i].Elapsed);
        }
    }

    [Fact]
    public async Task ExecuteAsync_EightThreadsReselectingAndTransitioning_NeverBothWin()
    {
        const int Threads = 8;
        const int OperationsPerThread = 2_000;
        var storage = new InMemoryStorage();
        var store = storage.GetStore<Ticket>(TicketService.EntityKind);
        var service = new TicketService(store, new TicketLifecycle(new TicketOptions()), new FakeClock(SlaTestData.Sh(2026, 3, 2, 9)), Catalog);
        await service.OpenAsync(Id, ContactChannel.Phone, TicketCategory.TechnicalSupport, TicketPriority.Normal, "ivr");
        await service.ExecuteAsync(Id, new TicketCommand.Assign("agent-0"), "agent-0");

        var commits = new int[Threads];
        var conflicts = new int[Threads];
        var others = new int[Threads];
        using var start = new Barrier(Threads);
        var workers = Enumerable.Range(0, Threads).Select(n => Task.Factory.StartNew(
            () =>
            {
                start.SignalAndWait();
                for (var i = 0; i < OperationsPerThread; i++)
                {
                    // Even threads re-select (to Urgent or back, by turns; the actor says which); odd threads make an ordinary transition.
                    var urgent = i % 2 == 0;
                    var actor = n % 2 == 1 ? "agent-" + n : "agent-" + n + (urgent ? "-Urgent" : "-Normal");
                    TicketCommand command = n % 2 == 1
                        ? new TicketCommand.CustomerReply()
                        : new TicketCommand.UpdateFacts { Priority = urgent ? TicketPriority.Urgent : TicketPriority.Normal };
                    try
                    {
                        service.ExecuteAsync(Id, command, actor).GetAwaiter().GetResult();
                        commits[n]++;
                    }
                    catch (ConcurrencyConflictException)
                    {
                        conflicts[n]++;
                    }
                    catch (Exception)
                    {
                        others[n]++;
                    }
                }
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default)).ToArray();
        await Task.WhenAll(workers);

        var ticket = (await store.GetAsync(Id.Value))!;
        Assert.Equal(0, others.Sum());
        Assert.Equal(Threads * OperationsPerThread, commits.Sum() + conflicts.Sum());
        Assert.Equal(commits.Sum() + 1, ticket.History.Count);
        Assert.Equal(ticket.History.Count, ticket.Version);

        // Replay the committed history: each committed update that changed the priority re-selected exactly once.
        var priority = "Normal";
        var expected = new List<(string From, string To)>();
        foreach (var entry in ticket.History.Where(h => h.Trigger == TicketTrigger.UpdateFacts))
        {
            var target = entry.Actor.EndsWith("-Urgent", StringComparison.Ordinal) ? "Urgent" : "Normal";
            if (target != priority)
            {
                expected.Add((priority, target));
                priority = target;
            }
        }

        Assert.Equal(expected, ticket.Sla!.Reselections.Select(r => (r.FromPriority!, r.ToPriority)));
        Assert.Equal(priority, ticket.Priority.ToString());
        Assert.Equal(priority == "Urgent" ? "Fast" : "Normal", ticket.Sla.PolicyName);

        // One event per committed transition, one per re-selection (the clock does not move, so no milestone), plus the opening and the assignment.
        Assert.Equal(2 + commits.Sum() + ticket.Sla.Reselections.Count, await storage.CountPendingAsync());
    }
}
