using CustomerService.Core.Leads.Studio;
using CustomerService.Core.Persistence;
using CustomerService.Core.Serialization;
using CustomerService.Core.Storage;
using CustomerService.Core.Tests.Leads.Studio;
using NodaTime;

namespace CustomerService.Core.Tests.Persistence;

/// <summary>How <see cref="DocumentCustomerProfileStore"/> maps profiles onto document rows, and what it does with rows it cannot read and stores that fail.</summary>
public sealed class DocumentStorageProfileTests
{
    private static readonly SegmentAssignment ToA = new("studio-abcd", "A", "WithinSixMonths", new LocalDate(2026, 11, 23), Instant.FromUtc(2026, 11, 23, 2, 0));

    private readonly InMemoryDocumentStore _documents = new();

    [Fact]
    public async Task SaveAsync_Profiles_AreRowsOfTheirKindWithTheVersionAsTokenAndAssignmentsAsHistoryRows()
    {
        var profiles = new DocumentCustomerProfileStore(_documents);
        var profile = CustomerProfileTests.Sample();

        await profiles.SaveAsync(profile, null, ToA);
        await profiles.SaveAsync(profile with { Segment = "A" }, 1);
        await profiles.SaveAsync(profile with { Segment = "D" }, 2, ToA with { Segment = "D" });

        var row = (await _documents.FindAsync(CustomerProfile.EntityKind, profile.Id, 0))!;
        Assert.Equal((new ConcurrencyToken(3), 2, (Instant?)null, DueWork.None), (row.Token, row.HistoryCount, row.NextDueAt, row.Due));
        Assert.Equal(profile with { Segment = "D", Version = 3 }, StudioJsonText.ReadProfile(row.Snapshot));
        Assert.Equal([ToA, ToA with { Segment = "D" }], row.History.Select(StudioJsonText.ReadAssignment));
        Assert.Equal(2, _documents.HistoryRowsWritten);
        Assert.Equal(0, await _documents.CountPendingAsync());
        Assert.Empty(await _documents.ListDueAsync(CustomerProfile.EntityKind, Instant.MaxValue, 10));
    }

    [Fact]
    public async Task GetSegmentHistoryAsync_Again_ReadsEveryHistoryRowInOrder()
    {
        var profiles = new DocumentCustomerProfileStore(_documents);
        await profiles.SaveAsync(new CustomerProfile("P-1"), null, ToA);
        await profiles.SaveAsync(new CustomerProfile("P-1"), 1, ToA with { Segment = "B" });
        Assert.Equal(2, (await profiles.GetSegmentHistoryAsync("P-1")).Count);
        var read = _documents.HistoryRowsRead;

        await profiles.SaveAsync(new CustomerProfile("P-1"), 2, ToA with { Segment = "C" });
        var history = await profiles.GetSegmentHistoryAsync("P-1");

        Assert.Equal(["A", "B", "C"], history.Select(a => a.Segment));
        Assert.Equal(read + 3, _documents.HistoryRowsRead);
        Assert.Empty((await _documents.FindAsync(CustomerProfile.EntityKind, "P-1", int.MaxValue))!.History);
    }

    [Fact]
    public async Task ListAsync_ManyProfiles_ReadsOnePagePerDocumentStoreCall()
    {
        var profiles = new DocumentCustomerProfileStore(_documents, 4);
        for (var i = 0; i < 10; i++)
        {
            await profiles.SaveAsync(new CustomerProfile($"P-{i:D2}"), null);
        }

        var ids = new List<string>();
        await foreach (var profile in profiles.ListAsync())
        {
            ids.Add(profile.Id);
        }

        Assert.Equal(Enumerable.Range(0, 10).Select(i => $"P-{i:D2}"), ids);
        Assert.Equal(3, _documents.ListCalls);
    }

    [Fact]
    public async Task FindAsync_CorruptRow_ThrowsSnapshotFormatNamingTheIdButNoPersonalData()
    {
        var profiles = new DocumentCustomerProfileStore(_documents);
        var profile = CustomerProfileTests.Sample();
        await profiles.SaveAsync(profile, null);
        var snapshot = (await _documents.FindAsync(CustomerProfile.EntityKind, profile.Id, 0))!.Snapshot;
        _documents.Corrupt(CustomerProfile.EntityKind, profile.Id, snapshot.Replace("\"Married\":false,", string.Empty, StringComparison.Ordinal));

        var error = await Assert.ThrowsAsync<SnapshotFormatException>(async () => await profiles.FindAsync(profile.Id));

        Assert.Contains("Married", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(profile.Phone!, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(profile.Name!, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FindAsync_SnapshotOfAnotherVersionOrProfile_ThrowsSnapshotFormat()
    {
        var profiles = new DocumentCustomerProfileStore(_documents);
        await profiles.SaveAsync(new CustomerProfile("P-1"), null);
        await profiles.SaveAsync(new CustomerProfile("P-2"), null);

        _documents.Corrupt(CustomerProfile.EntityKind, "P-1", StudioJsonText.Write(new CustomerProfile("P-1") { Version = 5 }));
        _documents.Corrupt(CustomerProfile.EntityKind, "P-2", StudioJsonText.Write(new CustomerProfile("P-3") { Version = 1 }));

        Assert.Contains("'P-1'", (await Assert.ThrowsAsync<SnapshotFormatException>(async () => await profiles.FindAsync("P-1"))).Message, StringComparison.Ordinal);
        Assert.Contains("'P-2'", (await Assert.ThrowsAsync<SnapshotFormatException>(async () => await profiles.FindAsync("P-2"))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListAsync_CorruptRows_ListsEveryOtherProfileThenThrowsNamingThem()
    {
        var profiles = new DocumentCustomerProfileStore(_documents, 3);
        for (var i = 0; i < 8; i++)
        {
            await profiles.SaveAsync(new CustomerProfile($"P-{i}") { Phone = "13912345678" }, null);
        }

        _documents.Corrupt(CustomerProfile.EntityKind, "P-2", "{\"schemaVersion\":9,\"data\":{}}");
        _documents.Corrupt(CustomerProfile.EntityKind, "P-6", "not json 13912345678");

        var listed = new List<string>();
        var error = await Assert.ThrowsAsync<SnapshotFormatException>(async () =>
        {
            await foreach (var profile in profiles.ListAsync())
            {
                listed.Add(profile.Id);
            }
        });

        Assert.Equal(["P-0", "P-1", "P-3", "P-4", "P-5", "P-7"], listed);
        Assert.Contains("2 CustomerProfile rows", error.Message, StringComparison.Ordinal);
        Assert.Contains("'P-2', 'P-6'", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("13912345678", error.Message, StringComparison.Ordinal);
        Assert.Equal(9, error.SchemaVersion);
        Assert.IsType<SnapshotFormatException>(error.InnerException);
    }

    [Fact]
    public async Task SaveAsync_DocumentStoreFails_ThrowsItsErrorAndChangesNothing()
    {
        var faulty = new FaultyDocumentStore(_documents);
        var profiles = new DocumentCustomerProfileStore(faulty);
        await profiles.SaveAsync(new CustomerProfile("P-1") { Segment = "A" }, null, ToA);

        faulty.FailSaves = true;
        await Assert.ThrowsAsync<IOException>(async () => await profiles.SaveAsync(new CustomerProfile("P-1") { Segment = "B" }, 1, ToA with { Segment = "B" }));
        await Assert.ThrowsAsync<IOException>(async () => await profiles.SaveAsync(new CustomerProfile("P-2"), null, ToA));
        faulty.FailSaves = false;

        Assert.Equal(new CustomerProfile("P-1") { Segment = "A", Version = 1 }, await profiles.FindAsync("P-1"));
        Assert.Equal([ToA], await profiles.GetSegmentHistoryAsync("P-1"));
        Assert.Null(await profiles.FindAsync("P-2"));
        Assert.Equal(2, await profiles.SaveAsync(new CustomerProfile("P-1") { Segment = "B" }, 1, ToA with { Segment = "B" }));
    }

    [Fact]
    public async Task ListAsync_DocumentStoreIgnoringAfterId_ThrowsInsteadOfLoopingForever()
    {
        var faulty = new FaultyDocumentStore(_documents) { IgnoreAfterId = true };
        var profiles = new DocumentCustomerProfileStore(faulty, 2);
        for (var i = 0; i < 3; i++)
        {
            await profiles.SaveAsync(new CustomerProfile($"P-{i}"), null);
        }

        var listed = new List<string>();
        var error = await Assert.ThrowsAsync<InvalidOperationException>(async () =>
        {
            await foreach (var profile in profiles.ListAsync())
            {
                listed.Add(profile.Id);
            }
        });

        Assert.Equal(["P-0", "P-1"], listed);
        Assert.Contains("afterId", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_ProfilePageSizeNotPositive_Throws() =>
        Assert.Equal("pageSize", Assert.Throws<ArgumentOutOfRangeException>(() => new DocumentCustomerProfileStore(_documents, pageSize: 0)).ParamName);

    /// <summary>A document store that fails its saves (before writing) or ignores the listing's cursor, on demand.</summary>
    private sealed class FaultyDocumentStore(IDocumentStore inner) : IDocumentStore
    {
        public bool FailSaves { get; set; }

        public bool IgnoreAfterId { get; init; }

        public ValueTask<DocumentRecord?> FindAsync(string entityKind, string id, int historyFrom, CancellationToken cancellationToken = default) =>
            inner.FindAsync(entityKind, id, historyFrom, cancellationToken);

        public ValueTask SaveAsync(DocumentChange change, CancellationToken cancellationToken = default) =>
            FailSaves ? throw new IOException("The connection broke.") : inner.SaveAsync(change, cancellationToken);

        public ValueTask<IReadOnlyList<DocumentRecord>> ListAsync(string entityKind, string? afterId, int maxCount, CancellationToken cancellationToken = default) =>
            inner.ListAsync(entityKind, IgnoreAfterId ? null : afterId, maxCount, cancellationToken);

        public ValueTask<IReadOnlyList<DueEntity>> ListDueAsync(string entityKind, Instant dueAtOrBefore, int maxCount, CancellationToken cancellationToken = default) =>
            inner.ListDueAsync(entityKind, dueAtOrBefore, maxCount, cancellationToken);

        public ValueTask<bool> DeferAsync(string entityKind, string id, ConcurrencyToken expectedToken, Instant nextDueAt, CancellationToken cancellationToken = default) =>
            inner.DeferAsync(entityKind, id, expectedToken, nextDueAt, cancellationToken);

        public ValueTask<IReadOnlyList<OutboxRecord>> ListDeliverableAsync(Instant now, int maxCount, CancellationToken cancellationToken = default) =>
            inner.ListDeliverableAsync(now, maxCount, cancellationToken);

        public ValueTask<bool> MarkDeliveredAsync(string messageId, CancellationToken cancellationToken = default) =>
            inner.MarkDeliveredAsync(messageId, cancellationToken);

        public ValueTask<bool> MarkFailedAsync(string messageId, int attempts, Instant nextAttemptAt, string failure, CancellationToken cancellationToken = default) =>
            inner.MarkFailedAsync(messageId, attempts, nextAttemptAt, failure, cancellationToken);

        public ValueTask<long> CountPendingAsync(CancellationToken cancellationToken = default) => inner.CountPendingAsync(cancellationToken);
    }
}
