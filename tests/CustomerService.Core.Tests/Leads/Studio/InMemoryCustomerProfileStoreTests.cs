using CustomerService.Core.Leads;
using CustomerService.Core.Leads.Studio;
using CustomerService.Core.Storage;
using NodaTime;

namespace CustomerService.Core.Tests.Leads.Studio;

public sealed class InMemoryCustomerProfileStoreTests
{
    private static readonly SegmentAssignment ToA = new("studio-abcd", "A", "WithinSixMonths", new LocalDate(2026, 11, 23), Instant.FromUtc(2026, 11, 23, 2, 0));

    [Fact]
    public async Task SaveAsync_NewThenUpdate_BumpsVersionAndAppendsHistory()
    {
        var store = new InMemoryCustomerProfileStore();
        var profile = CustomerProfileTests.Sample();

        var first = await store.SaveAsync(profile, null, ToA);
        var second = await store.SaveAsync(profile with { Segment = "D" }, 1, ToA with { Segment = "D", Reason = "playbook ended without a deal" });

        Assert.Equal((1L, 2L), (first, second));
        var stored = await store.FindAsync(profile.Id);
        Assert.Equal(("D", 2L), (stored!.Segment, stored.Version));
        Assert.Equal(["A", "D"], (await store.GetSegmentHistoryAsync(profile.Id)).Select(a => a.Segment));
    }

    [Fact]
    public async Task SaveAsync_StaleVersion_ThrowsAndWritesNothing()
    {
        var store = new InMemoryCustomerProfileStore();
        var profile = CustomerProfileTests.Sample();
        await store.SaveAsync(profile, null, ToA);
        await store.SaveAsync(profile, 1);

        var conflict = await Assert.ThrowsAsync<ConcurrencyConflictException>(async () => await store.SaveAsync(profile with { Segment = "B" }, 1, ToA with { Segment = "B" }));

        Assert.Equal(("CustomerProfile", profile.Id, (long?)1, (long?)2), (conflict.EntityKind, conflict.Id, conflict.ExpectedToken?.Value, conflict.ActualToken?.Value));
        Assert.Null((await store.FindAsync(profile.Id))!.Segment);
        Assert.Single(await store.GetSegmentHistoryAsync(profile.Id));
    }

    [Fact]
    public async Task SaveAsync_CreateTwice_Throws()
    {
        var store = new InMemoryCustomerProfileStore();
        await store.SaveAsync(new CustomerProfile("a"), null);

        var conflict = await Assert.ThrowsAsync<ConcurrencyConflictException>(async () => await store.SaveAsync(new CustomerProfile("a"), null));

        Assert.Equal(((long?)null, (long?)1), (conflict.ExpectedToken?.Value, conflict.ActualToken?.Value));
    }

    [Fact]
    public async Task SaveAsync_ConcurrentWriters_ExactlyOneWinsPerVersion()
    {
        var store = new InMemoryCustomerProfileStore();
        var profile = CustomerProfileTests.Sample();
        await store.SaveAsync(profile, null);

        var results = await Task.WhenAll(Enumerable.Range(0, 16).Select(i => Task.Run(async () =>
        {
            try
            {
                await store.SaveAsync(profile with { Store = "S" + i }, 1);
                return true;
            }
            catch (ConcurrencyConflictException)
            {
                return false;
            }
        })));

        Assert.Equal(1, results.Count(saved => saved));
        Assert.Equal(2, (await store.FindAsync(profile.Id))!.Version);
    }

    [Fact]
    public async Task ListAsync_ReturnsProfilesInIdOrder()
    {
        var store = new InMemoryCustomerProfileStore();
        await store.SaveAsync(new CustomerProfile("b"), null);
        await store.SaveAsync(new CustomerProfile("a"), null);

        var ids = new List<string>();
        await foreach (var p in store.ListAsync())
        {
            ids.Add(p.Id);
        }

        Assert.Equal(["a", "b"], ids);
    }

    [Fact]
    public async Task BadInput_Throws()
    {
        var store = new InMemoryCustomerProfileStore();
        await Assert.ThrowsAsync<ArgumentNullException>(async () => await store.SaveAsync(null!, null));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await store.SaveAsync(new CustomerProfile("a"), 0));
        await Assert.ThrowsAsync<ArgumentNullException>(async () => await store.FindAsync(null!));
        Assert.Empty(await store.GetSegmentHistoryAsync("unknown"));
    }
}
