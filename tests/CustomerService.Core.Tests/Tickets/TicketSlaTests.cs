using System.Diagnostics.Metrics;
using CustomerService.Core.Sla;
using CustomerService.Core.Storage;
using CustomerService.Core.Tests.Sla;
using CustomerService.Core.Tickets;
using NodaTime;
using NodaTime.Testing;

namespace CustomerService.Core.Tests.Tickets;

/// <summary>How ticket transitions drive the SLA clocks through the ticket service.</summary>
public sealed class TicketSlaTests
{
    private static readonly Instant T0 = SlaTestData.Sh(2026, 3, 2, 9); // a Monday, 09:00 in Shanghai
    private readonly FakeClock _clock = new(T0);
    private readonly InMemoryStorage _storage = new();
    private IEntityStore<Ticket> Store => _storage.GetStore<Ticket>(TicketService.EntityKind);

    /// <summary>Calendar-time targets (plain wall-clock arithmetic) so expected values are independent of calendars.</summary>
    internal static SlaPolicy DeskPolicy(string name = "Desk", bool pauseResolutionOnDispatch = true)
    {
        var builder = SlaPolicy.CreateBuilder(name, SlaTestData.ShanghaiDesk, "v1")
            .DefaultTarget(SlaMetric.FirstResponse, Duration.FromHours(4), SlaTimeBasis.CalendarTime)
            .Target(SlaMetric.FirstResponse, SlaPriority.Urgent, Duration.FromHours(1), SlaTimeBasis.CalendarTime)
            .DefaultTarget(SlaMetric.NextResponse, Duration.FromHours(2), SlaTimeBasis.CalendarTime)
            .DefaultTarget(SlaMetric.Resolution, Duration.FromHours(24), SlaTimeBasis.CalendarTime)
            .PauseWhen(SlaWaitReason.PendingOnCustomer, SlaMetric.FirstResponse, SlaMetric.NextResponse, SlaMetric.Resolution);
        if (pauseResolutionOnDispatch)
        {
            builder.PauseWhen(SlaWaitReason.DispatchedToDepartment, SlaMetric.Resolution);
        }

        return builder.Build();
    }

    private TicketService Service(SlaPolicy policy, IMeterFactory? meters = null) =>
        new(Store, new TicketLifecycle(new TicketOptions()), _clock, new SlaCatalog([], [policy], policy.Name), meterFactory: meters);

    private static SlaStatus Status(Ticket ticket, SlaPolicy policy, SlaMetric metric, Instant at) =>
        ticket.Sla!.CreateClocks(policy).Single(c => c.Metric == metric).Evaluate(at);

    private async Task<Ticket> OpenAssigned(TicketService service, TicketPriority priority = TicketPriority.Normal)
    {
        await service.OpenAsync(new TicketId("T-1"), ContactChannel.Phone, TicketCategory.Repair, priority, "desk");
        return await service.ExecuteAsync(new TicketId("T-1"), new TicketCommand.Assign("agent-1"), "agent-1");
    }

    [Fact]
    public async Task OpenAsync_WithPolicy_StartsFirstResponseAndResolutionAtCreation()
    {
        var policy = DeskPolicy();
        var ticket = await Service(policy).OpenAsync(new TicketId("T-1"), ContactChannel.Phone, TicketCategory.Repair, TicketPriority.Urgent, "desk");

        Assert.Equal("Desk", ticket.Sla!.PolicyName);
        Assert.Equal("Urgent", ticket.Sla.Priority);
        Assert.Equal([SlaMetric.FirstResponse, SlaMetric.Resolution], ticket.Sla.Clocks.Select(c => c.Metric));
        Assert.Equal(T0 + Duration.FromHours(1), Status(ticket, policy, SlaMetric.FirstResponse, T0).DueAt);
        Assert.Equal(T0 + Duration.FromHours(24), Status(ticket, policy, SlaMetric.Resolution, T0).DueAt);
        Assert.Equal(T0 + Duration.FromMinutes(30), ticket.Sla.NextChangeAt); // the 50 % warning of the 1-hour first response
    }

    [Fact]
    public async Task OpenAsync_WithoutPolicy_KeepsNoClocks()
    {
        var service = new TicketService(Store, new TicketLifecycle(new TicketOptions()), _clock);
        var ticket = await service.OpenAsync(new TicketId("T-1"), ContactChannel.Phone, TicketCategory.Repair, TicketPriority.Urgent, "desk");
        Assert.Null(ticket.Sla);
    }

    [Fact]
    public async Task ExecuteAsync_AgentReply_MeetsFirstResponse()
    {
        var policy = DeskPolicy();
        var service = Service(policy);
        await OpenAssigned(service);
        _clock.AdvanceMinutes(90);
        var ticket = await service.ExecuteAsync(new TicketId("T-1"), new TicketCommand.AgentReply(), "agent-1");

        var status = Status(ticket, policy, SlaMetric.FirstResponse, _clock.GetCurrentInstant() + Duration.FromHours(10));
        Assert.Equal(SlaClockState.Met, status.State);
        Assert.Equal(Duration.FromMinutes(90), status.Elapsed);
        Assert.Same(ticket, await Store.GetAsync("T-1"));
    }

    [Fact]
    public async Task ExecuteAsync_WaitOnCustomer_PausesResolutionUntilTheCustomerReplies()
    {
        var policy = DeskPolicy();
        var service = Service(policy);
        await OpenAssigned(service);
        _clock.AdvanceHours(1);
        await service.ExecuteAsync(new TicketId("T-1"), new TicketCommand.WaitOnCustomer(), "agent-1");
        _clock.AdvanceHours(5);
        var pending = (await Store.GetAsync("T-1"))!;
        Assert.Equal(SlaClockState.Paused, Status(pending, policy, SlaMetric.Resolution, _clock.GetCurrentInstant()).State);

        var ticket = await service.ExecuteAsync(new TicketId("T-1"), new TicketCommand.CustomerReply(), "customer");
        var status = Status(ticket, policy, SlaMetric.Resolution, _clock.GetCurrentInstant());
        Assert.Equal(SlaClockState.Running, status.State);
        Assert.Equal(Duration.FromHours(1), status.Elapsed);
        Assert.Equal(T0 + Duration.FromHours(24 + 5), status.DueAt);
    }

    [Theory]
    [InlineData(true, 0)]
    [InlineData(false, 3)]
    public async Task ExecuteAsync_Dispatch_PausesResolutionOnlyWhenThePolicySays(bool pauses, int countedHours)
    {
        var policy = DeskPolicy(pauseResolutionOnDispatch: pauses);
        var service = Service(policy);
        await OpenAssigned(service);
        await service.ExecuteAsync(new TicketId("T-1"), new TicketCommand.Dispatch("Logistics", Duration.FromHours(2)), "agent-1");
        _clock.AdvanceHours(3);
        var ticket = await service.ExecuteAsync(new TicketId("T-1"), new TicketCommand.ReturnFromHold(), "logistics");

        Assert.Equal(Duration.FromHours(countedHours), Status(ticket, policy, SlaMetric.Resolution, _clock.GetCurrentInstant()).Elapsed);
        // The first response never pauses for a dispatch in either policy.
        Assert.Equal(Duration.FromHours(3), Status(ticket, policy, SlaMetric.FirstResponse, _clock.GetCurrentInstant()).Elapsed);
    }

    [Fact]
    public async Task ExecuteAsync_Dispatch_RecordsTheDispatchDueInstantInBusinessTime()
    {
        var policy = DeskPolicy();
        var service = Service(policy);
        await OpenAssigned(service);
        _clock.Reset(SlaTestData.Sh(2026, 3, 2, 17)); // Monday 17:00; the desk closes at 18:00
        var ticket = await service.ExecuteAsync(new TicketId("T-1"), new TicketCommand.Dispatch("Logistics", Duration.FromHours(2)), "agent-1");
        Assert.Equal(SlaTestData.Sh(2026, 3, 3, 10), ticket.Hold!.Value.Deadline); // one hour on Monday, one on Tuesday from 09:00
        Assert.Equal(SlaTimeBasis.BusinessTime, ticket.Hold.Value.DeadlineBasis);
        var stored = (await Store.FindAsync("T-1"))!;
        Assert.Null(ticket.Sla!.NextChangeAt); // every first-response milestone has passed; resolution is paused by the dispatch
        Assert.Equal((ticket.Hold.Value.Deadline, DueWork.HoldDeadline), (stored.NextDueAt, stored.Due));

        ticket = await service.ExecuteAsync(new TicketId("T-1"), new TicketCommand.ReturnFromHold(), "logistics");
        Assert.Null(ticket.Hold);
    }

    [Fact]
    public async Task ExecuteAsync_DispatchUntil_KeepsTheGivenDeadlineEvenWhenTheDeskIsClosedThen()
    {
        var policy = DeskPolicy();
        var service = Service(policy);
        await OpenAssigned(service);
        _clock.Reset(SlaTestData.Sh(2026, 3, 2, 17)); // Monday 17:00; the desk closes at 18:00
        var deadline = SlaTestData.Sh(2026, 3, 2, 21); // the workshop's own hours run later
        var ticket = await service.ExecuteAsync(new TicketId("T-1"), new TicketCommand.DispatchUntil("Workshop", deadline), "agent-1");

        Assert.Equal(new TicketHold(TicketHoldKind.Department, "Workshop", deadline) { DeadlineBasis = SlaTimeBasis.CalendarTime }, ticket.Hold);
        var stored = (await Store.FindAsync("T-1"))!;
        Assert.Equal((deadline, DueWork.HoldDeadline), (stored.NextDueAt, stored.Due));
        Assert.Equal(TicketTrigger.Dispatch, ticket.History[^1].Trigger);
        Assert.Equal("Workshop", ticket.History[^1].Reason);
    }

    [Fact]
    public async Task ExecuteAsync_CustomerReplyAfterAgentReply_StartsANewNextResponseCycle()
    {
        var policy = DeskPolicy();
        var service = Service(policy);
        await OpenAssigned(service);
        var id = new TicketId("T-1");
        await service.ExecuteAsync(id, new TicketCommand.CustomerReply(), "customer");
        _clock.AdvanceMinutes(30);
        await service.ExecuteAsync(id, new TicketCommand.AgentReply(), "agent-1");
        _clock.AdvanceMinutes(30);
        var ticket = await service.ExecuteAsync(id, new TicketCommand.CustomerReply(), "customer");

        var reply = Status(ticket, policy, SlaMetric.NextResponse, _clock.GetCurrentInstant());
        Assert.Equal((2, SlaClockState.Running), (reply.Clock.Cycle, reply.State));
        Assert.Equal(_clock.GetCurrentInstant() + Duration.FromHours(2), reply.DueAt);
    }

    [Fact]
    public async Task ExecuteAsync_SolveThenReopen_StartsAFreshResolutionClockAndKeepsTheFirst()
    {
        var policy = DeskPolicy();
        var service = Service(policy);
        await OpenAssigned(service);
        var id = new TicketId("T-1");
        _clock.AdvanceHours(2);
        await service.ExecuteAsync(id, new TicketCommand.Solve("FIXED") { FirstContact = true }, "agent-1");
        _clock.AdvanceHours(1);
        var ticket = await service.ExecuteAsync(id, new TicketCommand.Reopen(), "customer");

        var resolutions = ticket.Sla!.Clocks.Where(c => c.Metric == SlaMetric.Resolution).ToList();
        Assert.Equal(2, resolutions.Count);
        Assert.Equal(SlaClockState.Met, resolutions[0].CreateClock(policy, SlaPriority.Normal).Evaluate(_clock.GetCurrentInstant()).State);
        Assert.Equal(_clock.GetCurrentInstant() + Duration.FromHours(24), Status(ticket, policy, SlaMetric.Resolution, _clock.GetCurrentInstant()).DueAt);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ExecuteAsync_CancelOrMerge_CancelsEveryOpenClock(bool cancel)
    {
        var policy = DeskPolicy();
        var service = Service(policy);
        await service.OpenAsync(new TicketId("T-2"), ContactChannel.Email, TicketCategory.Inquiry, TicketPriority.Low, "mailbox");
        await OpenAssigned(service);
        _clock.AdvanceMinutes(5);
        TicketCommand command = cancel ? new TicketCommand.Cancel(TicketCancelReason.Spam) : new TicketCommand.Merge(new TicketId("T-2"));
        var ticket = await service.ExecuteAsync(new TicketId("T-1"), command, "agent-1");

        Assert.All(ticket.Sla!.CreateClocks(policy), c => Assert.Equal(SlaClockState.Cancelled, c.Evaluate(_clock.GetCurrentInstant()).State));
        Assert.Null(ticket.Sla.NextChangeAt);
    }

    [Fact]
    public async Task ExecuteAsync_EditedPolicyWithTheSameName_RecomputesStoredClocks()
    {
        var service = Service(DeskPolicy());
        var ticket = await OpenAssigned(service);
        var longer = SlaPolicy.CreateBuilder("Desk", SlaTestData.ShanghaiDesk, "v2")
            .DefaultTarget(SlaMetric.FirstResponse, Duration.FromHours(8), SlaTimeBasis.CalendarTime)
            .DefaultTarget(SlaMetric.Resolution, Duration.FromHours(48), SlaTimeBasis.CalendarTime)
            .Build();

        var clocks = ticket.Sla!.CreateClocks(longer);
        Assert.Equal(T0 + Duration.FromHours(48), clocks.Single(c => c.Metric == SlaMetric.Resolution).Evaluate(T0).DueAt);
        Assert.All(clocks, c => Assert.Equal("v2", c.CalendarVersion));
    }

    [Fact]
    public async Task EvaluateSlaAsync_CountsEachWarningAndBreachOnceWithMetricAndPriorityTags()
    {
        using var meters = new TestMeterFactory();
        var measurements = new List<(string Instrument, string Metric, string Priority)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Scope == meters && instrument.Name.StartsWith("customer_service.sla.", StringComparison.Ordinal))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            var t = tags.ToArray().ToDictionary(k => k.Key, k => (string)k.Value!);
            Assert.Equal(2, t.Count);
            measurements.Add((instrument.Name, t[CustomerServiceTelemetry.SlaMetricTag], t[CustomerServiceTelemetry.SlaPriorityTag]));
        });
        listener.Start();

        var policy = DeskPolicy();
        var service = Service(policy, meters);
        await OpenAssigned(service, TicketPriority.Urgent); // first response due in 1 h: warnings at 30, 45, 54 min

        _clock.AdvanceMinutes(50);
        var first = await service.ProcessDueAsync(_clock.GetCurrentInstant());
        Assert.Single(first.Changed);
        Assert.Equal(2, measurements.Count(m => m.Instrument == CustomerServiceTelemetry.SlaWarningsInstrument));

        Assert.Empty((await service.ProcessDueAsync(_clock.GetCurrentInstant())).Changed); // nothing new: the ticket is not due again yet
        _clock.AdvanceMinutes(20);
        await service.ProcessDueAsync(_clock.GetCurrentInstant());
        await service.ProcessDueAsync(_clock.GetCurrentInstant());

        Assert.Equal(3, measurements.Count(m => m.Instrument == CustomerServiceTelemetry.SlaWarningsInstrument));
        Assert.Equal([(CustomerServiceTelemetry.SlaBreachesInstrument, "FirstResponse", "Urgent")], measurements.Where(m => m.Instrument == CustomerServiceTelemetry.SlaBreachesInstrument));
        Assert.All(measurements, m => Assert.Equal(("FirstResponse", "Urgent"), (m.Metric, m.Priority)));

        // A transition counts what it observes too, and only what was not counted yet: the resolution's 50 % at 12 h.
        _clock.AdvanceHours(12);
        await service.ExecuteAsync(new TicketId("T-1"), new TicketCommand.AgentReply(), "agent-1");
        Assert.Equal(("customer_service.sla.warnings", "Resolution", "Urgent"), measurements[^1]);
        Assert.Equal(5, measurements.Count);
    }

    [Fact]
    public async Task ProcessDueAsync_TwoEvaluatorsOfOneTicket_CountAndPublishEachCrossingOnce()
    {
        var policy = DeskPolicy();
        await OpenAssigned(Service(policy), TicketPriority.Urgent);
        _clock.AdvanceMinutes(50); // the 50 % and 75 % warnings of the 1-hour first response have passed
        var before = (await Store.FindAsync("T-1"))!;

        // Both evaluators list and load the ticket at the same token before either saves; the store lets one win.
        using var gated = new LoadBarrierStore(Store, participants: 2);
        var catalog = new SlaCatalog([], [policy], policy.Name);
        var first = new TicketService(gated, new TicketLifecycle(new TicketOptions()), _clock, catalog);
        var second = new TicketService(gated, new TicketLifecycle(new TicketOptions()), _clock, catalog);
        var reports = await Task.WhenAll(
            Task.Run(() => first.ProcessDueAsync(_clock.GetCurrentInstant())),
            Task.Run(() => second.ProcessDueAsync(_clock.GetCurrentInstant())));

        Assert.Equal([1, 1], reports.Select(r => r.Listed));
        Assert.Equal(1, reports.Sum(r => r.Changed.Count));
        Assert.All(reports, r => Assert.Empty(r.Failures));
        var milestones = (await _storage.ListDeliverableAsync(_clock.GetCurrentInstant(), 100)).Select(m => m.Event).OfType<SlaMilestoneReached>().ToList();
        Assert.Equal([0.5, 0.75], milestones.Select(m => m.Fraction));
        Assert.All(milestones, m => Assert.Equal(("T-1", SlaMetric.FirstResponse, "Urgent", false), (m.EntityId, m.Metric, m.Priority, m.IsBreach)));
        var after = (await Store.FindAsync("T-1"))!;
        Assert.Equal(before.Token.Next(), after.Token);
        Assert.Equal(before.Entity.Version, after.Entity.Version); // an SLA check adds no history
    }

    [Fact]
    public async Task ProcessDueAsync_AnEvaluatorWithAnOlderNow_NeverMovesTheCheckBackwards()
    {
        var policy = DeskPolicy();
        var service = Service(policy);
        await OpenAssigned(service, TicketPriority.Urgent);
        _clock.AdvanceMinutes(50);
        await service.ProcessDueAsync(_clock.GetCurrentInstant());
        var checkedAt = (await Store.GetAsync("T-1"))!.Sla!.CheckedAt;

        // A second server whose clock is 10 minutes behind finds nothing due and writes nothing.
        var before = (await Store.FindAsync("T-1"))!.Token;
        Assert.Equal(0, (await service.ProcessDueAsync(_clock.GetCurrentInstant() - Duration.FromMinutes(10))).Listed);
        Assert.Equal(before, (await Store.FindAsync("T-1"))!.Token);
        Assert.Equal(checkedAt, (await Store.GetAsync("T-1"))!.Sla!.CheckedAt);
    }

    [Fact]
    public async Task ExecuteAsync_PolicyNoLongerInTheCatalog_KeepsTheStoredClocksAsTheyWere()
    {
        var policy = DeskPolicy();
        var ticket = await OpenAssigned(Service(policy));
        var withoutPolicy = new TicketService(Store, new TicketLifecycle(new TicketOptions()), _clock, new SlaCatalog([], [DeskPolicy("Other")], "Other"));
        _clock.AdvanceMinutes(10);

        var replied = await withoutPolicy.ExecuteAsync(ticket.Id, new TicketCommand.AgentReply(), "agent-1");

        Assert.Same(ticket.Sla, replied.Sla);
        Assert.Equal(2L, replied.Version);
    }

    [Fact]
    public async Task CompletedCycles_ThreeRepliesTwoOfThemLate_CountOneMetAndTwoBreached()
    {
        var policy = DeskPolicy(); // next response: 2 h in calendar time
        var service = Service(policy);
        await OpenAssigned(service);
        var id = new TicketId("T-1");
        Ticket ticket = null!;
        foreach (var waitedHours in new[] { 1, 3, 5 })
        {
            await service.ExecuteAsync(id, new TicketCommand.CustomerReply(), "customer");
            _clock.AdvanceHours(waitedHours);
            ticket = await service.ExecuteAsync(id, new TicketCommand.AgentReply(), "agent-1");
            _clock.AdvanceMinutes(10);
        }

        var replies = ticket.Sla!.CompletedCycles(policy).Where(c => c.Metric == SlaMetric.NextResponse).ToList();
        Assert.Equal([1, 2, 3], replies.Select(c => c.Cycle));
        Assert.Equal([true, false, false], replies.Select(c => c.IsMet));
        Assert.Single(replies.Select(c => c.ClockId).Distinct());

        var compliance = new CustomerService.Core.Kpis.SlaComplianceAccumulator();
        foreach (var cycle in ticket.Sla.CompletedCycles(policy))
        {
            compliance.Add(CustomerService.Core.Kpis.SlaOutcome.FromCycle(cycle));
        }

        Assert.Equal((1L, 3L), (compliance.Compliance(SlaMetric.NextResponse).Numerator, compliance.Compliance(SlaMetric.NextResponse).Denominator));
    }

    [Fact]
    public async Task CompletedCycles_ReopenedTicket_ReportsBothResolutionsUnderDistinctClockIds()
    {
        var policy = DeskPolicy(); // resolution: 24 h in calendar time
        var service = Service(policy);
        await OpenAssigned(service);
        var id = new TicketId("T-1");
        _clock.AdvanceHours(30);
        await service.ExecuteAsync(id, new TicketCommand.Solve("FIXED"), "agent-1");
        _clock.AdvanceHours(1);
        await service.ExecuteAsync(id, new TicketCommand.Reopen(), "customer");
        _clock.AdvanceHours(2);
        var ticket = await service.ExecuteAsync(id, new TicketCommand.Solve("FIXED-AGAIN"), "agent-1");

        var resolutions = ticket.Sla!.CompletedCycles(policy).Where(c => c.Metric == SlaMetric.Resolution).ToList();

        Assert.Equal(["T-1:Resolution", "T-1:Resolution:2"], resolutions.Select(c => c.ClockId));
        Assert.Equal([false, true], resolutions.Select(c => c.IsMet)); // the first solve was 30 h after opening; the second, 2 h after the reopen
        Assert.Equal(2, ticket.Sla.Clocks.Select(c => c.ClockId).Where(c => c.StartsWith("T-1:Resolution", StringComparison.Ordinal)).Distinct().Count());
    }

    private sealed class TestMeterFactory : IMeterFactory
    {
        private readonly List<Meter> _meters = [];

        public Meter Create(MeterOptions options)
        {
            var meter = new Meter(options.Name, options.Version, options.Tags, this);
            _meters.Add(meter);
            return meter;
        }

        public void Dispose() => _meters.ForEach(m => m.Dispose());
    }
}
