using CustomerService.Core.Persistence;
using CustomerService.Core.PostgreSql;
using CustomerService.Core.Serialization;
using CustomerService.Core.Storage;
using CustomerService.Core.Tickets;
using NodaTime;
using NodaTime.Testing;

namespace CustomerService.Core.Tests.PostgreSql;

/// <summary>
/// The PostgreSQL claim that returns the claimed rows (<see cref="IClaimLoadingDocumentStore"/>) beyond the kit: the
/// services' due work then claims and loads a batch in one call with no batch read, histories appended by another node
/// are returned whole, a corrupt row fails only its entity, and a row whose history rows the statement cannot all see
/// is left due for the next claim.
/// </summary>
public sealed class PostgreSqlClaimAndLoadTests : IAsyncLifetime
{
    private static readonly Instant Start = Instant.FromUtc(2026, 3, 2, 1, 0);
    private static readonly TicketLifecycle Lifecycle = new(new TicketOptions());
    private static readonly Duration Lease = Duration.FromMinutes(5);
    private readonly PostgreSqlTestSchema _schema = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _schema.DropAsync();

    [Fact]
    public async Task ProcessDueAsync_OnPostgreSql_ClaimsAndLoadsInOneCallWithoutABatchRead()
    {
        await using var store = _schema.Open();
        var tickets = (IClaimableEntityStore<Ticket>)new DocumentStorage(store).Tickets;
        var clock = new FakeClock(Start);
        await OpenOnHoldAsync(new TicketService(tickets, Lifecycle, clock), 6);
        clock.Advance(Duration.FromHours(2));
        var counting = new CountingStore(tickets);

        var report = await new TicketService(counting, Lifecycle, clock, dueWork: new DueWorkOptions { NodeId = "node-a" }).ProcessDueAsync(clock.GetCurrentInstant());

        string[] all = ["T-001", "T-000", "T-002", "T-003", "T-004", "T-005"]; // by deadline (T-001's is a minute earlier), then id
        Assert.Equal((6, 0), (report.Listed, report.Failures.Count));
        Assert.Equal(all, report.Changed.Select(t => t.Id.Value));
        Assert.Equal((1, 0, 0, 0, 1, 0), (counting.ClaimAndLoadCalls, counting.ClaimCalls, counting.FindManyCalls, counting.FindCalls, counting.CompleteCalls, counting.SaveCalls));
        Assert.All(await tickets.FindManyAsync(all), t => Assert.True(t!.Entity.Hold!.Value.DeadlinePassed));
        Assert.Equal(0L, await _schema.ScalarAsync("SELECT count(*) FROM {s}.cs_entity WHERE lease_owner IS NOT NULL"));
        Assert.Equal(6L, await _schema.ScalarAsync("SELECT count(*) FROM {s}.cs_outbox WHERE payload LIKE '%TicketHoldDeadlinePassed%'"));
    }

    [Fact]
    public async Task ClaimDueAndLoadAsync_HistoryAppendedByAnotherNodeAfterThisOneCachedIt_LoadsTheWholeHistory()
    {
        await using var storeA = _schema.Open();
        await using var storeB = _schema.Open();
        var nodeA = (IClaimableEntityStore<Ticket>)new DocumentStorage(storeA).Tickets;
        var nodeB = new DocumentStorage(storeB).Tickets;
        var clock = new FakeClock(Start);
        var deskB = new TicketService(nodeB, Lifecycle, clock);
        await OpenOnHoldAsync(deskB, 2);
        var cached = (await nodeA.FindAsync("T-000"))!;
        Assert.Equal(2, cached.Entity.History.Count);

        // Node B appends two entries to T-000 (back from hold, on hold again) after node A cached its history.
        clock.Advance(Duration.FromMinutes(1));
        await deskB.ExecuteAsync(new TicketId("T-000"), new TicketCommand.ReturnFromHold(), "billing");
        await deskB.ExecuteAsync(new TicketId("T-000"), new TicketCommand.Dispatch("billing", Duration.FromMinutes(30)), "agent-1");
        clock.Advance(Duration.FromHours(2));

        var claimed = await nodeA.ClaimDueAndLoadAsync(clock.GetCurrentInstant(), 10, "node-a", Lease);

        // T-000's new deadline (31 minutes after the start) comes before T-001's (59 minutes).
        Assert.Equal(["T-000", "T-001"], claimed.Select(c => c.Due.Id));
        await using var storeC = _schema.Open();
        var fresh = new DocumentStorage(storeC).Tickets;
        foreach (var c in claimed)
        {
            Assert.Null(c.LoadError);
            Assert.Equal(await fresh.FindAsync(c.Due.Id), c.Stored);
            Assert.Equal(c.Due.Token, c.Stored!.Token);
        }

        Assert.Equal(4, claimed[0].Stored!.Entity.History.Count);
        Assert.Equal(cached.Entity.History, claimed[0].Stored!.Entity.History.Take(2));
    }

    [Fact]
    public async Task ProcessDueAsync_OneCorruptSnapshotInTheClaimedBatch_FailsOnlyThatTicket()
    {
        await using var store = _schema.Open();
        var tickets = (IClaimableEntityStore<Ticket>)new DocumentStorage(store).Tickets;
        var clock = new FakeClock(Start);
        await OpenOnHoldAsync(new TicketService(tickets, Lifecycle, clock), 4);
        await _schema.ExecuteAsync("UPDATE {s}.cs_entity SET snapshot = '{\"schemaVersion\": 1, \"id\": ' WHERE id = 'T-002'");
        clock.Advance(Duration.FromHours(2));
        var now = clock.GetCurrentInstant();

        // A fresh storage (nothing cached), so the corrupt text is parsed.
        await using var other = _schema.Open();
        var report = await new TicketService(new DocumentStorage(other).Tickets, Lifecycle, clock, dueWork: new DueWorkOptions { NodeId = "node-a" }).ProcessDueAsync(now);

        Assert.Equal(4, report.Listed);
        Assert.Equal(["T-001", "T-000", "T-003"], report.Changed.Select(t => t.Id.Value));
        var failure = Assert.Single(report.Failures);
        Assert.Equal("T-002", failure.EntityId);
        Assert.IsType<SnapshotFormatException>(failure.Error);
        var deferred = (PostgreSqlDocumentStore.ToNanoseconds(now + new DueWorkOptions().FailureBackoff), (int)DueWork.Retry);
        Assert.Equal(deferred, ((long)(await _schema.ScalarAsync("SELECT next_due_at FROM {s}.cs_entity WHERE id = 'T-002'"))!, (int)(await _schema.ScalarAsync("SELECT due FROM {s}.cs_entity WHERE id = 'T-002'"))!));
    }

    [Fact]
    public async Task ClaimAndLoadDueAsync_RowWithHistoryRowsTheStatementCannotSee_IsLeftDueAndUnleased()
    {
        await using var store = _schema.Open();
        var clock = new FakeClock(Start);
        await OpenOnHoldAsync(new TicketService(new DocumentStorage(store).Tickets, Lifecycle, clock), 3);

        // As if T-001 had been written after the statement's snapshot: its row counts a history row the statement does not see.
        await _schema.ExecuteAsync("UPDATE {s}.cs_entity SET history_count = history_count + 1 WHERE id = 'T-001'");
        var tokenBefore = (long)(await _schema.ScalarAsync("SELECT token FROM {s}.cs_entity WHERE id = 'T-001'"))!;
        var now = Start + Duration.FromHours(2);

        var rows = await store.ClaimAndLoadDueAsync(TicketService.EntityKind, now, 10, "node-a", Lease);

        Assert.Equal(["T-000", "T-002"], rows.Select(r => r.Id));
        Assert.All(rows, r => Assert.Equal((2, 2), (r.HistoryCount, r.History.Count)));
        Assert.Equal((tokenBefore, (object)DBNull.Value), ((long)(await _schema.ScalarAsync("SELECT token FROM {s}.cs_entity WHERE id = 'T-001'"))!, await _schema.ScalarAsync("SELECT lease_owner FROM {s}.cs_entity WHERE id = 'T-001'")));
        Assert.Equal(["T-001"], (await store.ListDueAsync(TicketService.EntityKind, now, 10)).Where(d => d.Id == "T-001").Select(d => d.Id));
        Assert.Empty(await store.ClaimAndLoadDueAsync(TicketService.EntityKind, now, 10, "node-b", Lease));
    }

    [Fact]
    public async Task ClaimAndLoadDueAsync_BadArguments_ThrowBeforeAnythingIsClaimed()
    {
        await using var store = _schema.Open();
        var clock = new FakeClock(Start);
        await OpenOnHoldAsync(new TicketService(new DocumentStorage(store).Tickets, Lifecycle, clock), 1);
        var now = Start + Duration.FromHours(2);

        await Assert.ThrowsAsync<ArgumentNullException>(async () => await store.ClaimAndLoadDueAsync(null!, now, 1, "node-a", Lease));
        await Assert.ThrowsAsync<ArgumentNullException>(async () => await store.ClaimAndLoadDueAsync(TicketService.EntityKind, now, 1, null!, Lease));
        await Assert.ThrowsAsync<ArgumentException>(async () => await store.ClaimAndLoadDueAsync(TicketService.EntityKind, now, 1, new string('n', 201), Lease));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await store.ClaimAndLoadDueAsync(TicketService.EntityKind, now, -1, "node-a", Lease));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await store.ClaimAndLoadDueAsync(TicketService.EntityKind, now, 1, "node-a", Duration.Zero));

        Assert.Equal(["T-000"], (await store.ClaimAndLoadDueAsync(TicketService.EntityKind, now, 1, "node-a", Lease)).Select(r => r.Id));
    }

    /// <summary>Opens tickets T-000… on hold, their dispatch deadlines 1 hour after <see cref="Start"/> (T-001 one minute earlier than the others).</summary>
    private static async Task OpenOnHoldAsync(TicketService desk, int count)
    {
        for (var i = 0; i < count; i++)
        {
            var id = new TicketId($"T-{i:D3}");
            await desk.OpenAsync(id, ContactChannel.Phone, TicketCategory.Repair, TicketPriority.Normal, "desk");
            await desk.ExecuteAsync(id, new TicketCommand.Assign("agent-1"), "agent-1");
            await desk.ExecuteAsync(id, new TicketCommand.Dispatch("billing", Duration.FromHours(1) - (i == 1 ? Duration.FromMinutes(1) : Duration.Zero)), "agent-1");
        }
    }

    /// <summary>Counts the store calls of the claim path.</summary>
    private sealed class CountingStore(IClaimableEntityStore<Ticket> inner) : IClaimableEntityStore<Ticket>
    {
        public int ClaimAndLoadCalls { get; private set; }

        public int ClaimCalls { get; private set; }

        public int FindCalls { get; private set; }

        public int FindManyCalls { get; private set; }

        public int SaveCalls { get; private set; }

        public int CompleteCalls { get; private set; }

        public ValueTask<IReadOnlyList<ClaimedEntity<Ticket>>> ClaimDueAndLoadAsync(Instant dueAtOrBefore, int maxCount, string owner, Duration leaseDuration, CancellationToken cancellationToken = default)
        {
            ClaimAndLoadCalls++;
            return inner.ClaimDueAndLoadAsync(dueAtOrBefore, maxCount, owner, leaseDuration, cancellationToken);
        }

        public ValueTask<IReadOnlyList<DueEntity>> ClaimDueAsync(Instant dueAtOrBefore, int maxCount, string owner, Duration leaseDuration, CancellationToken cancellationToken = default)
        {
            ClaimCalls++;
            return inner.ClaimDueAsync(dueAtOrBefore, maxCount, owner, leaseDuration, cancellationToken);
        }

        public ValueTask<IReadOnlyList<StoredEntity<Ticket>?>> FindManyAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken = default)
        {
            FindManyCalls++;
            return inner.FindManyAsync(ids, cancellationToken);
        }

        public ValueTask<IReadOnlyList<ClaimCompletion>> CompleteClaimsAsync(IReadOnlyList<EntityChange<Ticket>> changes, CancellationToken cancellationToken = default)
        {
            CompleteCalls++;
            return inner.CompleteClaimsAsync(changes, cancellationToken);
        }

        public ValueTask<StoredEntity<Ticket>?> FindAsync(string id, CancellationToken cancellationToken = default)
        {
            FindCalls++;
            return inner.FindAsync(id, cancellationToken);
        }

        public ValueTask SaveAsync(EntityChange<Ticket> change, CancellationToken cancellationToken = default)
        {
            SaveCalls++;
            return inner.SaveAsync(change, cancellationToken);
        }

        public ValueTask<IReadOnlyList<DueEntity>> ListDueAsync(Instant dueAtOrBefore, int maxCount, CancellationToken cancellationToken = default) => inner.ListDueAsync(dueAtOrBefore, maxCount, cancellationToken);

        public ValueTask<bool> DeferAsync(string id, ConcurrencyToken expectedToken, Instant nextDueAt, CancellationToken cancellationToken = default) => inner.DeferAsync(id, expectedToken, nextDueAt, cancellationToken);
    }
}
