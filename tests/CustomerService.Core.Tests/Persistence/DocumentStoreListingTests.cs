using CustomerService.Core.Persistence;
using CustomerService.Core.Storage;
using NodaTime;

namespace CustomerService.Core.Tests.Persistence;

/// <summary>
/// The listing of <see cref="IDocumentStore.ListAsync"/>, checked on every document store of the repository: rows of one
/// kind in ordinal id order, without history rows, in keyset pages after a given id.
/// </summary>
public abstract class DocumentStoreListingTests
{
    private const string Kind = "CustomerProfile";

    /// <summary>Ids whose ordinal order differs from a case-insensitive, numeric or culture-aware one (all below U+FFFF).</summary>
    private static readonly string[] Ids = ["b", "a9", "A", "_", "a10", "a", "B", "é", "z", "Z", "客户", "a-1"];

    private static readonly Instant Due = Instant.FromUtc(2026, 11, 23, 2, 0) + Duration.FromNanoseconds(1);

    /// <summary>Gets the store under test: fresh and empty for each test.</summary>
    protected abstract IDocumentStore Store { get; }

    [Fact]
    public async Task ListAsync_RowsOfSeveralKinds_ListsOneKindInOrdinalIdOrderWithoutHistory()
    {
        await SeedAsync();

        var listed = await Store.ListAsync(Kind, null, 100);

        Assert.Equal(Ids.Order(StringComparer.Ordinal), listed.Select(r => r.Id));
        Assert.All(listed, r => Assert.Equal(Kind, r.EntityKind));
        Assert.All(listed, r => Assert.Empty(r.History));
        var a10 = listed.Single(r => r.Id == "a10");
        Assert.Equal((new ConcurrencyToken(2), "{\"v\":\"a10/2\"}", 3, (Instant?)Due, DueWork.SlaChange), (a10.Token, a10.Snapshot, a10.HistoryCount, a10.NextDueAt, a10.Due));
        var b = listed.Single(r => r.Id == "b");
        Assert.Equal((ConcurrencyToken.Initial, "{\"v\":\"b/1\"}", 0, (Instant?)null, DueWork.None), (b.Token, b.Snapshot, b.HistoryCount, b.NextDueAt, b.Due));
        Assert.Equal(["a", "b"], (await Store.ListAsync("Ticket", null, 100)).Select(r => r.Id));
        Assert.Empty(await Store.ListAsync("Complaint", null, 100));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(5)]
    [InlineData(12)]
    [InlineData(13)]
    public async Task ListAsync_PagedAfterTheLastId_ListsEveryRowOnce(int pageSize)
    {
        await SeedAsync();
        var listed = new List<string>();
        string? after = null;
        var calls = 0;
        while (true)
        {
            var page = await Store.ListAsync(Kind, after, pageSize);
            calls++;
            Assert.True(page.Count <= pageSize);
            listed.AddRange(page.Select(r => r.Id));
            if (page.Count < pageSize)
            {
                break;
            }

            after = page[^1].Id;
        }

        Assert.Equal(Ids.Order(StringComparer.Ordinal), listed);
        Assert.Equal((Ids.Length / pageSize) + 1, calls);
    }

    [Fact]
    public async Task ListAsync_AfterAnIdNotStored_StartsAtItsOrdinalPlace()
    {
        await SeedAsync();

        Assert.Equal(["a9", "b", "z", "é", "客户"], (await Store.ListAsync(Kind, "a5", 100)).Select(r => r.Id));
        Assert.Equal(["A", "B"], (await Store.ListAsync(Kind, "", 2)).Select(r => r.Id));
        Assert.Equal(["客户"], (await Store.ListAsync(Kind, "é", 100)).Select(r => r.Id));
        Assert.Empty(await Store.ListAsync(Kind, "客户", 100));
        Assert.Empty(await Store.ListAsync(Kind, "\uFFEE", 100));
    }

    [Fact]
    public async Task ListAsync_MaxCountZeroOrMaxValue_ReturnsNothingOrEverything()
    {
        await SeedAsync();

        Assert.Empty(await Store.ListAsync(Kind, null, 0));
        Assert.Empty(await Store.ListAsync(Kind, "a", 0));
        Assert.Equal(Ids.Length, (await Store.ListAsync(Kind, null, int.MaxValue)).Count);
    }

    [Fact]
    public async Task ListAsync_BadArguments_ThrowNamingTheParameter()
    {
        Assert.Equal("entityKind", (await Assert.ThrowsAsync<ArgumentNullException>(async () => await Store.ListAsync(null!, null, 1))).ParamName);
        Assert.Equal("maxCount", (await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await Store.ListAsync(Kind, null, -1))).ParamName);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await Store.ListAsync(Kind, null, 1, cancelled.Token));
    }

    [Fact]
    public async Task FindAsync_HistoryFromMaxValue_ReturnsTheRowWithoutHistory()
    {
        await SeedAsync();

        var row = (await Store.FindAsync(Kind, "a10", int.MaxValue))!;

        Assert.Equal((3, 0, "{\"v\":\"a10/2\"}"), (row.HistoryCount, row.History.Count, row.Snapshot));
        Assert.Equal(["h0", "h1", "h2"], (await Store.FindAsync(Kind, "a10", 0))!.History);
    }

    /// <summary>Every id of <see cref="Ids"/> as a profile row (some with history and due work, "a10" updated), and two tickets.</summary>
    private async Task SeedAsync()
    {
        foreach (var id in Ids)
        {
            var due = id.StartsWith('a') ? Due : (Instant?)null;
            var history = id.Length > 2 ? new[] { "h0", "h1" } : [];
            await Store.SaveAsync(new DocumentChange(Kind, id, null, ConcurrencyToken.Initial, $"{{\"v\":\"{id}/1\"}}", 0, history, due, due is null ? DueWork.None : DueWork.SlaChange, []));
        }

        await Store.SaveAsync(new DocumentChange(Kind, "a10", ConcurrencyToken.Initial, new ConcurrencyToken(2), "{\"v\":\"a10/2\"}", 2, ["h2"], Due, DueWork.SlaChange, []));
        foreach (var id in new[] { "b", "a" })
        {
            await Store.SaveAsync(new DocumentChange("Ticket", id, null, ConcurrencyToken.Initial, "{}", 0, [], null, DueWork.None, []));
        }
    }
}

/// <summary>The reference document store lists as the contract says.</summary>
public sealed class InMemoryDocumentStoreListingTests : DocumentStoreListingTests
{
    protected override IDocumentStore Store { get; } = new InMemoryDocumentStore();
}
