using CustomerService.Core.Leads;
using NodaTime;

namespace CustomerService.Core.Tests.Leads;

public sealed class InMemoryCustomerProfileStoreTests
{
    private static readonly SegmentAssignment ToA = new("studio-abcd", "A", "WithinSixMonths", new LocalDate(2026, 11, 23), Instant.FromUtc(2026, 11, 23, 2, 0));

    [Fact]
    public async Task SaveAsync_NewThenUpdate_BumpsVersionAndAppendsHistory()
    {
        var store = new InMemoryCustomerProfileStore();
        var profile = CustomerProfileTests.Sample();

        var first = await store.SaveAsync(profile, 0, ToA);
        var second = await store.SaveAsync(profile with { Segment = "D" }, 1, ToA with { Segment = "D", Reason = "playbook ended without a deal" });

        Assert.Equal(new ProfileSaveResult(true, 1), first);
        Assert.Equal(new ProfileSaveResult(true, 2), second);
        var stored = await store.FindAsync(profile.Id);
        Assert.Equal(("D", 2L), (stored!.Segment, stored.Version));
        Assert.Equal(["A", "D"], (await store.GetSegmentHistoryAsync(profile.Id)).Select(a => a.Segment));
    }

    [Fact]
    public async Task SaveAsync_StaleVersion_WritesNothing()
    {
        var store = new InMemoryCustomerProfileStore();
        var profile = CustomerProfileTests.Sample();
        await store.SaveAsync(profile, 0, ToA);

        var result = await store.SaveAsync(profile with { Segment = "B" }, 0, ToA with { Segment = "B" });

        Assert.Equal(new ProfileSaveResult(false, 1), result);
        Assert.Null((await store.FindAsync(profile.Id))!.Segment);
        Assert.Single(await store.GetSegmentHistoryAsync(profile.Id));
    }

    [Fact]
    public async Task SaveAsync_ConcurrentWriters_ExactlyOneWinsPerVersion()
    {
        var store = new InMemoryCustomerProfileStore();
        var profile = CustomerProfileTests.Sample();
        await store.SaveAsync(profile, 0);

        var results = await Task.WhenAll(Enumerable.Range(0, 16).Select(i => Task.Run(async () => await store.SaveAsync(profile with { Store = "S" + i }, 1))));

        Assert.Equal(1, results.Count(r => r.Saved));
        Assert.Equal(2, (await store.FindAsync(profile.Id))!.Version);
    }

    [Fact]
    public async Task ListAsync_ReturnsProfilesInIdOrder()
    {
        var store = new InMemoryCustomerProfileStore();
        await store.SaveAsync(new CustomerProfile("b"), 0);
        await store.SaveAsync(new CustomerProfile("a"), 0);

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
        await Assert.ThrowsAsync<ArgumentNullException>(async () => await store.SaveAsync(null!, 0));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await store.SaveAsync(new CustomerProfile("a"), -1));
        await Assert.ThrowsAsync<ArgumentNullException>(async () => await store.FindAsync(null!));
        Assert.Empty(await store.GetSegmentHistoryAsync("unknown"));
    }
}
