using CustomerService.Core.Leads;
using CustomerService.Core.Leads.Studio;
using NodaTime;
using NodaTime.Testing;

namespace CustomerService.Core.Tests.Leads.Studio;

public sealed class LeadSegmentationServiceTests
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

        Assert.Equal(new SegmentationRunResult(new LocalDate(2026, 11, 24), 2, 1, 0), result);
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
            throw new CustomerService.Core.Storage.ConcurrencyConflictException("CustomerProfile", profile.Id, expectedVersion, (expectedVersion ?? 0) + 1);

        public ValueTask<IReadOnlyList<SegmentAssignment>> GetSegmentHistoryAsync(string customerId, CancellationToken cancellationToken = default) => inner.GetSegmentHistoryAsync(customerId, cancellationToken);

        public IAsyncEnumerable<CustomerProfile> ListAsync(CancellationToken cancellationToken = default) => inner.ListAsync(cancellationToken);
    }
}
