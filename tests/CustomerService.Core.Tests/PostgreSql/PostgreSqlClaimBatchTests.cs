using System.Globalization;
using CustomerService.Core.Persistence;
using CustomerService.Core.PostgreSql;
using CustomerService.Core.Storage;
using CustomerService.Core.Tickets;
using NodaTime;
using NodaTime.Testing;

namespace CustomerService.Core.Tests.PostgreSql;

/// <summary>
/// The PostgreSQL store's batched claim path beyond the kit: a claimed batch is loaded with one query and completed with
/// one statement, and a batch that goes wrong in part (a lease expired by the server's clock, a user's command, a bad
/// change) writes every other change and refuses only those.
/// </summary>
public sealed class PostgreSqlClaimBatchTests : IAsyncLifetime
{
    private static readonly Instant Start = Instant.FromUtc(2026, 3, 2, 1, 0);
    private static readonly TicketLifecycle Lifecycle = new(new TicketOptions());
    private readonly PostgreSqlTestSchema _schema = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _schema.DropAsync();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ProcessDueAsync_BatchWithAnExpiredLeaseAConflictAndABadChange_WritesTheOthersInOneCall(bool badChange)
    {
        await using var store = _schema.Open();
        var tickets = (IClaimableEntityStore<Ticket>)new DocumentStorage(store).Tickets;
        var clock = new FakeClock(Start);
        var desk = new TicketService(tickets, Lifecycle, clock, dueWork: new DueWorkOptions { NodeId = "desk" });
        for (var i = 0; i < 6; i++)
        {
            var id = new TicketId($"T-{i:D3}");
            await desk.OpenAsync(id, ContactChannel.Phone, TicketCategory.Repair, TicketPriority.Normal, "desk");
            await desk.ExecuteAsync(id, new TicketCommand.Assign("agent-1"), "agent-1");
            await desk.ExecuteAsync(id, new TicketCommand.Dispatch("billing", Duration.FromHours(1)), "agent-1");
        }

        clock.Advance(Duration.FromHours(2));
        var now = clock.GetCurrentInstant();
        var counting = new CountingStore(tickets, async claimed =>
        {
            // Between loading and completing: T-000's lease runs out by the server's clock, a user's command writes
            // T-001, and (in one case) a message with the id T-002's completion will write is already pending.
            await _schema.ExecuteAsync("UPDATE {s}.cs_entity SET lease_expires_at = clock_timestamp() - interval '1 second' WHERE id = 'T-000'");
            await desk.ExecuteAsync(new TicketId("T-001"), new TicketCommand.ReturnFromHold(), "billing");
            if (badChange)
            {
                var taken = string.Create(CultureInfo.InvariantCulture, $"Ticket/T-002/{claimed["T-002"].Next().Value}/0");
                await _schema.ExecuteAsync($"INSERT INTO {{s}}.cs_outbox (message_id, kind, entity_id, payload) VALUES ('{taken}', 'Ticket', 'X-1', '{{}}')");
            }
        });

        var report = await new TicketService(counting, Lifecycle, clock, dueWork: new DueWorkOptions { NodeId = "node-a" }).ProcessDueAsync(now);

        var written = badChange ? new[] { "T-003", "T-004", "T-005" } : ["T-002", "T-003", "T-004", "T-005"];
        Assert.Equal(6, report.Listed);
        Assert.Equal(written, report.Changed.Select(t => t.Id.Value));
        Assert.Equal((1, 1, 0, 0), (counting.FindManyCalls, counting.CompleteCalls, counting.FindCalls, counting.SaveCalls));
        Assert.Equal(written, await DeadlineEventsAsync(store, now));
        Assert.All(await tickets.FindManyAsync(written), t => Assert.True(t!.Entity.Hold!.Value.DeadlinePassed));
        Assert.Equal("T-000", (string?)await _schema.ScalarAsync("SELECT string_agg(id, ',') FROM {s}.cs_entity WHERE lease_owner IS NOT NULL"));
        if (badChange)
        {
            var failure = Assert.Single(report.Failures);
            Assert.Equal("T-002", failure.EntityId);
            Assert.IsAssignableFrom<ArgumentException>(failure.Error);
            var deferred = (await tickets.FindAsync("T-002"))!;
            Assert.Equal((now + Duration.FromMinutes(5), DueWork.Retry), (deferred.NextDueAt, deferred.Due));
            Assert.False(deferred.Entity.Hold!.Value.DeadlinePassed);
        }
        else
        {
            Assert.Empty(report.Failures);
        }

        // T-000: nothing written, still due and leased (expired) by node-a; T-001: the command won.
        var expired = (await tickets.FindAsync("T-000"))!;
        Assert.Equal((false, (Instant?)(Start + Duration.FromHours(1)), "node-a"), (expired.Entity.Hold!.Value.DeadlinePassed, expired.NextDueAt, (string?)await _schema.ScalarAsync("SELECT lease_owner FROM {s}.cs_entity WHERE id = 'T-000'")));
        Assert.Null((await tickets.FindAsync("T-001"))!.Entity.Hold);

        // Another node takes the expired one at once.
        var next = await new TicketService(tickets, Lifecycle, clock, dueWork: new DueWorkOptions { NodeId = "node-b" }).ProcessDueAsync(now);
        Assert.Equal(["T-000"], next.Changed.Select(t => t.Id.Value));
    }

    [Fact]
    public async Task CompleteClaimsAsync_ChangeTheSchemaCannotHoldOrTwoChangesWritingOneMessageId_RefusesOnlyThoseChanges()
    {
        await using var store = _schema.Open();
        var tickets = (IClaimableEntityStore<Ticket>)new DocumentStorage(store).Tickets;
        var clock = new FakeClock(Start);
        var desk = new TicketService(tickets, Lifecycle, clock);
        for (var i = 0; i < 4; i++)
        {
            var id = new TicketId($"T-{i}");
            await desk.OpenAsync(id, ContactChannel.Phone, TicketCategory.Repair, TicketPriority.Normal, "desk");
            await desk.ExecuteAsync(id, new TicketCommand.Assign("agent-1"), "agent-1");
            await desk.ExecuteAsync(id, new TicketCommand.Dispatch("billing", Duration.FromHours(1)), "agent-1");
        }

        var claimed = await tickets.ClaimDueAsync(Start + Duration.FromHours(2), 10, "node-a", Duration.FromMinutes(5));
        var loaded = await tickets.FindManyAsync([.. claimed.Select(c => c.Id)]);
        EntityChange<Ticket> Completion(int i, Instant? nextDueAt, string messageId) =>
            new(claimed[i].Id, loaded[i]!.Entity, claimed[i].Token, claimed[i].Token.Next(), loaded[i]!.Entity.History.Count, nextDueAt, nextDueAt is null ? DueWork.None : DueWork.SlaChange, [Message(claimed[i].Id, messageId)])
            {
                ClaimOwner = "node-a",
            };

        // T-1's due instant is past what the schema stores (2262); T-2 and T-3 both write the message id "dup".
        var outcomes = await tickets.CompleteClaimsAsync(
        [
            Completion(0, null, "m-0"),
            Completion(1, Instant.FromUtc(2300, 1, 1, 0, 0), "m-1"),
            Completion(2, null, "dup"),
            Completion(3, Start + Duration.FromDays(1), "dup"),
        ]);

        Assert.Equal([ClaimCompletionStatus.Saved, ClaimCompletionStatus.Failed, ClaimCompletionStatus.Saved, ClaimCompletionStatus.Failed], outcomes.Select(o => o.Status));
        Assert.IsType<ArgumentOutOfRangeException>(outcomes[1].Error);
        Assert.IsAssignableFrom<ArgumentException>(outcomes[3].Error);
        Assert.Equal(["m-0", "dup"], (await store.ListDeliverableAsync(Start, 100)).Where(m => m.Id is "m-0" or "m-1" or "dup").Select(m => m.Id));
        Assert.Equal((claimed[1].Token, claimed[3].Token), ((await tickets.FindAsync("T-1"))!.Token, (await tickets.FindAsync("T-3"))!.Token));
        Assert.Equal((claimed[0].Token.Next(), claimed[2].Token.Next()), ((await tickets.FindAsync("T-0"))!.Token, (await tickets.FindAsync("T-2"))!.Token));
    }

    private static OutboxMessage Message(string ticketId, string messageId) => new()
    {
        Id = messageId,
        EntityKind = TicketService.EntityKind,
        EntityId = ticketId,
        Event = new TicketHoldDeadlinePassed(new TicketId(ticketId), "billing", Start) with { Id = messageId },
    };

    private static async Task<string[]> DeadlineEventsAsync(PostgreSqlDocumentStore store, Instant now)
    {
        var rows = await store.ListDeliverableAsync(now, 10_000);
        return [.. rows.Where(r => r.Payload.Contains(nameof(TicketHoldDeadlinePassed), StringComparison.Ordinal)).Select(r => r.EntityId).Order(StringComparer.Ordinal)];
    }

    /// <summary>Counts the store calls of the claim path, and runs <c>meanwhile</c> between loading the batch and completing it.</summary>
    private sealed class CountingStore(IClaimableEntityStore<Ticket> inner, Func<IReadOnlyDictionary<string, ConcurrencyToken>, Task> meanwhile) : IClaimableEntityStore<Ticket>
    {
        private readonly Dictionary<string, ConcurrencyToken> _claimed = new(StringComparer.Ordinal);

        public int FindCalls { get; private set; }

        public int FindManyCalls { get; private set; }

        public int SaveCalls { get; private set; }

        public int CompleteCalls { get; private set; }

        public async ValueTask<IReadOnlyList<DueEntity>> ClaimDueAsync(Instant dueAtOrBefore, int maxCount, string owner, Duration leaseDuration, CancellationToken cancellationToken = default)
        {
            var claimed = await inner.ClaimDueAsync(dueAtOrBefore, maxCount, owner, leaseDuration, cancellationToken);
            foreach (var entry in claimed)
            {
                _claimed[entry.Id] = entry.Token;
            }

            return claimed;
        }

        public ValueTask<IReadOnlyList<StoredEntity<Ticket>?>> FindManyAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken = default)
        {
            FindManyCalls++;
            return inner.FindManyAsync(ids, cancellationToken);
        }

        public async ValueTask<IReadOnlyList<ClaimCompletion>> CompleteClaimsAsync(IReadOnlyList<EntityChange<Ticket>> changes, CancellationToken cancellationToken = default)
        {
            CompleteCalls++;
            await meanwhile(_claimed);
            return await inner.CompleteClaimsAsync(changes, cancellationToken);
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
