using CustomerService.Core.Leads;
using CustomerService.Core.Leads.Studio;
using NodaTime;
using NodaTime.Testing;

namespace CustomerService.Core.Tests.Leads.Studio;

public sealed partial class LeadSegmentationServiceTests
{
    // 16:30 UTC on 23 November: already the 24th in Shanghai.
    private static readonly FakeClock Clock = new(Instant.FromUtc(2026, 11, 23, 16, 30));

    private static async Task<InMemoryCustomerProfileStore> StoreWith(params CustomerProfile[] profiles)
    {
        var store = new InMemoryCustomerProfileStore();
        foreach (var profile in profiles)
        {
            await store.SaveAsync(profile, null);
        }

        return store;
    }

    [Fact]
    public async Task ResegmentAllAsync_ChangedSegments_AreSavedWithHistory()
    {
        var store = await StoreWith(
            new CustomerProfile("a") { HasPartner = true, WeddingDate = new LocalDate(2027, 5, 24) },
            new CustomerProfile("b") { HasPartner = false, Segment = StudioSegments.D });
        var service = LeadSegmentationService.ForStudio(store, OutreachPlannerTests.Shanghai, Clock);

        var result = await service.ResegmentAllAsync();

        Assert.Equal(new SegmentationRunResult(new LocalDate(2026, 11, 24), 2, 1, 0, 0), result);
        Assert.Equal(StudioSegments.A, (await store.FindAsync("a"))!.Segment);
        var entry = Assert.Single(await store.GetSegmentHistoryAsync("a"));
        Assert.Equal(("studio-abcd", "A", "WithinSixMonths", new LocalDate(2026, 11, 24)), (entry.RuleSet, entry.Segment, entry.Rule, entry.Today));
        Assert.Empty(await store.GetSegmentHistoryAsync("b"));
    }

    [Fact]
    public async Task ResegmentAllAsync_SecondRun_ChangesNothing()
    {
        var store = await StoreWith(new CustomerProfile("a") { HasPartner = true, WeddingDate = new LocalDate(2027, 1, 1) });
        var service = LeadSegmentationService.ForStudio(store, OutreachPlannerTests.Shanghai, Clock);
        await service.ResegmentAllAsync();

        var second = await service.ResegmentAllAsync();

        Assert.Equal(0, second.Changed);
        Assert.Single(await store.GetSegmentHistoryAsync("a"));
    }

    [Fact]
    public async Task ApplyAsync_FailedSecondCall_ReclassifiesToDWithReason()
    {
        var store = await StoreWith(new CustomerProfile("c") { HasPartner = true, WeddingDate = new LocalDate(2028, 6, 1), Segment = StudioSegments.C });
        var service = LeadSegmentationService.ForStudio(store, OutreachPlannerTests.Shanghai, Clock);
        var planner = new OutreachPlanner(StudioPlaybook.Default, OutreachPlannerTests.SendingHours);
        var plan = planner.Plan(new FollowUpCallOutcome("c", OutreachPlannerTests.Local(2026, 11, 24, 15, 20), 2, FollowUpCallResult.NotReturned));

        Assert.True(await service.ApplyAsync(plan, planner.Playbook.Name));
        Assert.False(await service.ApplyAsync(plan, planner.Playbook.Name));

        Assert.Equal(StudioSegments.D, (await store.FindAsync("c"))!.Segment);
        var entry = Assert.Single(await store.GetSegmentHistoryAsync("c"));
        Assert.Equal(("studio-follow-up", "no deal after both follow-up calls"), (entry.RuleSet, entry.Reason));
    }

    private static readonly OutreachPlanner Planner = new(StudioPlaybook.Default, OutreachPlannerTests.SendingHours);

    private static readonly Instant SecondCallEnded = OutreachPlannerTests.Local(2026, 11, 24, 15, 20);

    /// <summary>A C customer (wedding in June 2028) whom the playbook reclassified to D after the second call failed.</summary>
    private static async Task<(InMemoryCustomerProfileStore Store, LeadSegmentationService Service, FakeClock Clock)> ReclassifiedToD()
    {
        var store = await StoreWith(new CustomerProfile("c") { HasPartner = true, WeddingDate = new LocalDate(2028, 6, 1), Segment = StudioSegments.C });
        var clock = new FakeClock(Clock.GetCurrentInstant());
        var service = LeadSegmentationService.ForStudio(store, OutreachPlannerTests.Shanghai, clock);
        Assert.True(await service.ApplyAsync(Planner.Plan(new FollowUpCallOutcome("c", SecondCallEnded, 2, FollowUpCallResult.NotReturned)), Planner.Playbook.Name));
        return (store, service, clock);
    }

    [Fact]
    public async Task ResegmentAllAsync_DayAfterThePlaybookReclassifiedToD_KeepsD()
    {
        var (store, service, clock) = await ReclassifiedToD();

        clock.AdvanceDays(1);
        var result = await service.ResegmentAllAsync();

        Assert.Equal((1, 0, 0, 1), (result.Profiles, result.Changed, result.Conflicts, result.Held));
        var profile = (await store.FindAsync("c"))!;
        Assert.Equal(StudioSegments.D, profile.Segment);
        Assert.Equal(new Reclassification(StudioSegments.D, "no deal after both follow-up calls", SecondCallEnded), profile.Reclassification);
        Assert.Single(await store.GetSegmentHistoryAsync("c"));
    }

    [Fact]
    public async Task ReclassifyAsync_DeskReclassification_SticksThroughResegmentation()
    {
        var store = await StoreWith(new CustomerProfile("a") { HasPartner = true, WeddingDate = new LocalDate(2027, 1, 1) });
        var service = LeadSegmentationService.ForStudio(store, OutreachPlannerTests.Shanghai, Clock);
        var decided = Clock.GetCurrentInstant();

        Assert.True(await service.ReclassifyAsync("a", new Reclassification(StudioSegments.D, "asked not to be contacted", decided), "desk"));
        await service.ResegmentAllAsync();

        Assert.Equal(StudioSegments.D, (await store.FindAsync("a"))!.Segment);
        var entry = Assert.Single(await store.GetSegmentHistoryAsync("a"));
        Assert.Equal(("desk", "D", "asked not to be contacted"), (entry.RuleSet, entry.Segment, entry.Reason));
    }

    [Fact]
    public async Task ReclassifyAsync_ProfileTheRulesAlreadyPutInD_IsHeldThere()
    {
        // Married: the rules say D today; the playbook's D must still stick if the facts change later.
        var store = await StoreWith(new CustomerProfile("m") { HasPartner = true, Married = true, Segment = StudioSegments.D });
        var service = LeadSegmentationService.ForStudio(store, OutreachPlannerTests.Shanghai, Clock);

        Assert.True(await service.ApplyAsync(Planner.Plan(new FollowUpCallOutcome("m", SecondCallEnded, 2, FollowUpCallResult.NotReached)), Planner.Playbook.Name));
        var stored = (await store.FindAsync("m"))!;
        await store.SaveAsync(stored with { Married = false, WeddingDate = new LocalDate(2027, 1, 1) }, stored.Version);
        await service.ResegmentAllAsync();

        Assert.Equal(StudioSegments.D, (await store.FindAsync("m"))!.Segment);
    }

    [Theory]
    [InlineData("visit")]
    [InlineData("appointment")]
    [InlineData("returned-call")]
    public async Task ApplyAsync_CustomerComesBackAfterTheReclassification_LiftsItAndTheRulesDecide(string comeback)
    {
        var (store, service, clock) = await ReclassifiedToD();
        clock.AdvanceDays(3);
        var at = SecondCallEnded + Duration.FromDays(3);
        LeadEvent e = comeback switch
        {
            "visit" => VisitOutcome.NoDeal("c", at, intentToReturn: false),
            "appointment" => new AppointmentBooked("c", at, AppointmentKind.Shooting, at + Duration.FromDays(10)),
            _ => new FollowUpCallOutcome("c", at, 1, FollowUpCallResult.Returned),
        };

        Assert.True(await service.ApplyAsync(Planner.Plan(e), Planner.Playbook.Name));

        var profile = (await store.FindAsync("c"))!;
        Assert.Null(profile.Reclassification);
        Assert.Equal(StudioSegments.C, profile.Segment);
        var lifted = (await store.GetSegmentHistoryAsync("c"))[^1];
        Assert.Equal(("studio-abcd", "C", "WithinThreeYears"), (lifted.RuleSet, lifted.Segment, lifted.Rule));
        Assert.StartsWith("reclassification lifted", lifted.Reason, StringComparison.Ordinal);

        clock.AdvanceDays(1);
        Assert.Equal(0, (await service.ResegmentAllAsync()).Held);
    }

    [Fact]
    public async Task ApplyAsync_EventsThatDoNotBringTheCustomerBack_LiftNothing()
    {
        var (store, service, _) = await ReclassifiedToD();
        var later = SecondCallEnded + Duration.FromDays(2);
        LeadEvent[] events =
        [
            VisitOutcome.FullPayment("c", SecondCallEnded - Duration.FromHours(1)), // before the reclassification
            new WeddingDateSet("c", later, new LocalDate(2028, 6, 1)),
            new BirthdayKnown("c", later, new LocalDate(1998, 4, 17)),
            new FestivalComing("c", later, "mid-autumn", new LocalDate(2027, 9, 15)),
            new FollowUpCallOutcome("c", later, 1, FollowUpCallResult.NotReturned),
        ];

        foreach (var e in events)
        {
            Assert.False(await service.ApplyAsync(Planner.Plan(e), Planner.Playbook.Name));
        }

        Assert.Equal(StudioSegments.D, (await store.FindAsync("c"))!.Segment);
        Assert.Single(await store.GetSegmentHistoryAsync("c"));
    }

    [Fact]
    public async Task LiftReclassificationAsync_Desk_LiftsAndTheRulesDecide()
    {
        var (store, service, _) = await ReclassifiedToD();

        Assert.True(await service.LiftReclassificationAsync("c", "manager approved a surprise package"));
        Assert.False(await service.LiftReclassificationAsync("c", "again"));
        Assert.False(await service.LiftReclassificationAsync("nobody", "x"));

        var profile = (await store.FindAsync("c"))!;
        Assert.Equal((StudioSegments.C, (Reclassification?)null), (profile.Segment, profile.Reclassification));
        Assert.Equal("manager approved a surprise package", (await store.GetSegmentHistoryAsync("c"))[^1].Reason);
    }

    [Fact]
    public async Task ReclassifyAsync_BadArguments_NameTheirParameter()
    {
        var service = LeadSegmentationService.ForStudio(await StoreWith(), OutreachPlannerTests.Shanghai, Clock);
        var ok = new Reclassification(StudioSegments.D, "reason", Clock.GetCurrentInstant());

        Assert.Equal("reclassification", (await Assert.ThrowsAsync<ArgumentException>(() => service.ReclassifyAsync("c", ok with { Reason = " " }, "desk"))).ParamName);
        Assert.Equal("reclassification", (await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => service.ReclassifyAsync("c", ok with { At = Instant.MaxValue }, "desk"))).ParamName);
        Assert.Equal("recordedBy", (await Assert.ThrowsAsync<ArgumentException>(() => service.ReclassifyAsync("c", ok, ""))).ParamName);
        Assert.Equal("customerId", (await Assert.ThrowsAsync<ArgumentNullException>(() => service.ReclassifyAsync(null!, ok, "desk"))).ParamName);
    }

    [Fact]
    public async Task ResegmentAllAsync_ClockPastTheDatesTheRulesHold_ThrowsInvalidOperation()
    {
        var service = LeadSegmentationService.ForStudio(await StoreWith(), OutreachPlannerTests.Shanghai, new FakeClock(Instant.MaxValue - Duration.FromDays(400)));

        await Assert.ThrowsAsync<InvalidOperationException>(() => service.ResegmentAllAsync());
    }

    [Fact]
    public async Task ApplyAsync_PlanWithoutReclassificationOrUnknownCustomer_DoesNothing()
    {
        var store = await StoreWith();
        var service = LeadSegmentationService.ForStudio(store, OutreachPlannerTests.Shanghai, Clock);
        var planner = new OutreachPlanner(StudioPlaybook.Default, OutreachPlannerTests.SendingHours);

        Assert.False(await service.ApplyAsync(planner.Plan(VisitOutcome.FullPayment("x", Clock.GetCurrentInstant())), "p"));
        Assert.False(await service.ApplyAsync(planner.Plan(new FollowUpCallOutcome("x", Clock.GetCurrentInstant(), 2, FollowUpCallResult.NotReached)), "p"));
        await Assert.ThrowsAsync<ArgumentNullException>(() => service.ApplyAsync(null!, "p"));
    }

    [Fact]
    public async Task ResegmentAllAsync_ConcurrentWriter_IsCountedNotOverwritten()
    {
        var inner = await StoreWith(new CustomerProfile("a") { HasPartner = true, WeddingDate = new LocalDate(2027, 1, 1) });
        var service = LeadSegmentationService.ForStudio(new AlwaysConflictingStore(inner), OutreachPlannerTests.Shanghai, Clock);

        var result = await service.ResegmentAllAsync();

        Assert.Equal((1, 0, 1), (result.Profiles, result.Changed, result.Conflicts));
        Assert.Null((await inner.FindAsync("a"))!.Segment);
    }

    /// <summary>A store where someone else always saved first.</summary>
    private sealed class AlwaysConflictingStore(ICustomerProfileStore inner) : ICustomerProfileStore
    {
        public ValueTask<CustomerProfile?> FindAsync(string customerId, CancellationToken cancellationToken = default) => inner.FindAsync(customerId, cancellationToken);

        public ValueTask<long> SaveAsync(CustomerProfile profile, long? expectedVersion, SegmentAssignment? assignment = null, CancellationToken cancellationToken = default) =>
            throw new CustomerService.Core.Storage.ConcurrencyConflictException("CustomerProfile", profile.Id, expectedVersion is { } e ? new(e) : null, new((expectedVersion ?? 0) + 1));

        public ValueTask<IReadOnlyList<SegmentAssignment>> GetSegmentHistoryAsync(string customerId, CancellationToken cancellationToken = default) => inner.GetSegmentHistoryAsync(customerId, cancellationToken);

        public IAsyncEnumerable<CustomerProfile> ListAsync(CancellationToken cancellationToken = default) => inner.ListAsync(cancellationToken);
    }
}
