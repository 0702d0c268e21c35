using System.Collections.Concurrent;
using CustomerService.Core.Storage;
using CustomerService.Core.Tickets;
using NodaTime;
using NodaTime.Testing;

namespace CustomerService.Core.Tests.Conformance;

/// <summary>The services' due work and the dispatcher on a claimable store: several nodes in one process share the work without doing any of it twice.</summary>
public sealed class DueWorkClaimTests
{
    private static readonly Instant Start = Instant.FromUtc(2026, 3, 2, 1, 0);
    private static readonly TicketLifecycle Lifecycle = new(new TicketOptions());

    [Fact]
    public async Task ProcessDueAsync_TwoNodesOnOneStorageAtOnce_ProcessEachDueTicketOnce()
    {
        var storage = new InMemoryStorage();
        var clock = new FakeClock(Start);
        await DispatchTicketsAsync(storage, clock, 300);
        clock.Advance(Duration.FromHours(2));
        var nodes = new[] { "node-a", "node-b" }.Select(id => Service(storage, clock, id)).ToList();
        var changed = new ConcurrentBag<string>();

        await Task.WhenAll(nodes.Select(node => Task.Run(async () =>
        {
            DueWorkReport<Ticket> report;
            do
            {
                report = await node.ProcessDueAsync(clock.GetCurrentInstant(), 7);
                Assert.Empty(report.Failures);
                foreach (var ticket in report.Changed)
                {
                    changed.Add(ticket.Id.Value);
                }
            }
            while (report.Listed > 0);
        })));

        Assert.Equal(300, changed.Count);
        Assert.Equal(300, changed.Distinct(StringComparer.Ordinal).Count());
        var events = (await storage.ListDeliverableAsync(clock.GetCurrentInstant(), int.MaxValue)).Select(m => m.Event).OfType<TicketHoldDeadlinePassed>().ToList();
        Assert.Equal(300, events.Count);
        Assert.Empty(await storage.GetStore<Ticket>(TicketService.EntityKind).ListDueAsync(clock.GetCurrentInstant(), 10));
    }

    [Fact]
    public async Task ProcessDueAsync_LeaseExpiredBeforeCompletion_RefusesEveryCompletionWritesNothingAndAnotherNodeTakesIt()
    {
        var clock = new FakeClock(Start);
        var storage = new InMemoryStorage(clock); // leases expire by the fake clock
        await DispatchTicketsAsync(storage, clock, 5);
        clock.Advance(Duration.FromHours(2));
        var slow = new ExpiringStore(storage.GetStore<Ticket>(TicketService.EntityKind), clock);
        var before = await storage.ListDeliverableAsync(clock.GetCurrentInstant(), int.MaxValue);

        var report = await new TicketService(slow, Lifecycle, clock, dueWork: new DueWorkOptions { NodeId = "slow", LeaseDuration = Duration.FromMinutes(1) }).ProcessDueAsync(clock.GetCurrentInstant());

        Assert.Equal((5, 0, 0), (report.Listed, report.Changed.Count, report.Failures.Count));
        Assert.Equal(before, await storage.ListDeliverableAsync(clock.GetCurrentInstant(), int.MaxValue));
        var taken = await Service(storage, clock, "healthy").ProcessDueAsync(clock.GetCurrentInstant());
        Assert.Equal((5, 5), (taken.Listed, taken.Changed.Count));
    }

    [Fact]
    public async Task ProcessDueAsync_BatchWithAnExpiredLeaseAConflictAndABadChange_CompletesTheOthersAndReportsOnlyTheBadOne()
    {
        var clock = new FakeClock(Start);
        var storage = new InMemoryStorage(clock); // leases expire by the fake clock
        await DispatchTicketsAsync(storage, clock, 6);
        clock.Advance(Duration.FromHours(2));
        var now = clock.GetCurrentInstant();
        var inner = (IClaimableEntityStore<Ticket>)storage.GetStore<Ticket>(TicketService.EntityKind);
        var desk = Service(storage, clock, "desk");
        var store = new MidBatchStore(inner, clock, async claimed =>
        {
            // T-001: a user's command after the batch was loaded, so its completion conflicts.
            await desk.ExecuteAsync(new TicketId("T-001"), new TicketCommand.ReturnFromHold(), "billing");

            // T-002: its completion would write an outbox message id that is pending already (a bad change).
            var pending = (await storage.ListDeliverableAsync(now, 1))[0];
            var taken = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"Ticket/T-002/{claimed["T-002"].Next().Value}/0");
            var other = Ticket.Create(new TicketId("X-1"), ContactChannel.Phone, TicketCategory.Repair, TicketPriority.Normal, Start);
            var message = pending with { Id = taken, EntityId = "X-1", Sequence = 0 };
            await inner.SaveAsync(new EntityChange<Ticket>("X-1", other, null, ConcurrencyToken.Initial, 0, null, DueWork.None, [message]));
        });
        var before = (await inner.FindAsync("T-000"))!;

        var report = await new TicketService(store, Lifecycle, clock, dueWork: new DueWorkOptions { NodeId = "node-a" }).ProcessDueAsync(now);

        Assert.Equal(6, report.Listed);
        Assert.Equal(["T-003", "T-004", "T-005"], report.Changed.Select(t => t.Id.Value));
        var failure = Assert.Single(report.Failures);
        Assert.Equal("T-002", failure.EntityId);
        Assert.IsAssignableFrom<ArgumentException>(failure.Error);
        Assert.Equal((1, 1), (store.FindManyCalls, store.CompleteCalls));

        // T-000's lease expired before the completion: nothing written since the claim, still due, and another node takes it.
        var expired = (await inner.FindAsync("T-000"))!;
        Assert.Equal((before.Entity, before.Token.Next(), before.NextDueAt), (expired.Entity, expired.Token, expired.NextDueAt));

        // T-001: the command won; T-002 was pushed back by the failure backoff.
        Assert.Null((await inner.FindAsync("T-001"))!.Entity.Hold);
        Assert.Equal((now + Duration.FromMinutes(5), DueWork.Retry), ((await inner.FindAsync("T-002"))!.NextDueAt, (await inner.FindAsync("T-002"))!.Due));
        var deadlines = (await storage.ListDeliverableAsync(now, int.MaxValue)).Select(m => m.Event).OfType<TicketHoldDeadlinePassed>().Select(e => e.TicketId.Value);
        Assert.Equal(["T-003", "T-004", "T-005"], deadlines.Order(StringComparer.Ordinal));

        var next = await Service(storage, clock, "node-b").ProcessDueAsync(now);
        Assert.Equal(["T-000"], next.Changed.Select(t => t.Id.Value));
    }

    [Fact]
    public async Task ProcessDueAsync_ClaimedTicketChangedByACommand_CommandWinsOnTheClaimedTokenAndNothingStaysDue()
    {
        var clock = new FakeClock(Start);
        var storage = new InMemoryStorage(clock);
        await DispatchTicketsAsync(storage, clock, 1);
        clock.Advance(Duration.FromHours(2));
        var store = (IClaimableEntityStore<Ticket>)storage.GetStore<Ticket>(TicketService.EntityKind);
        var claimed = Assert.Single(await store.ClaimDueAsync(clock.GetCurrentInstant(), 10, "node-a", Duration.FromMinutes(5)));

        // A user's command between the claim and its completion: based on the claimed token, it clears the lease.
        var stored = (await store.FindAsync(claimed.Id))!;
        Assert.Equal(claimed.Token, stored.Token);
        var service = Service(storage, clock, "node-b");
        await service.ExecuteAsync(new TicketId(claimed.Id), new TicketCommand.ReturnFromHold(), "billing");

        Assert.Equal(0, (await service.ProcessDueAsync(clock.GetCurrentInstant())).Listed);
        Assert.False((await service.FindAsync(new TicketId(claimed.Id)))!.Hold is { DeadlinePassed: true });
    }

    [Fact]
    public async Task DispatchAsync_TwoDispatchersAtOnce_DeliverEachEventOnceInEntityOrder()
    {
        var storage = new InMemoryStorage();
        var clock = new FakeClock(Start);
        await DispatchTicketsAsync(storage, clock, 60);
        var sink = new RecordingEventSink();
        var dispatchers = new[] { "node-a", "node-b" }.Select(id => new OutboxDispatcher(storage, [sink], new OutboxOptions { NodeId = id })).ToList();

        await Task.WhenAll(dispatchers.Select(dispatcher => Task.Run(async () =>
        {
            while ((await dispatcher.DispatchAsync(clock.GetCurrentInstant(), 5)).Delivered > 0)
            {
            }
        })));

        Assert.Equal(0, await storage.CountPendingAsync());
        Assert.Equal(180, sink.Events.Count);
        Assert.Equal(180, sink.Events.Select(e => e.Id).Distinct(StringComparer.Ordinal).Count());
        foreach (var ticket in sink.Events.GroupBy(e => e.Id.Split('/')[1]))
        {
            Assert.Equal(ticket.Select(e => e.Id).Order(StringComparer.Ordinal), ticket.Select(e => e.Id));
        }
    }

    [Fact]
    public void Options_BlankNodeIdOrLeaseOutOfRange_ThrowNamingTheSetting()
    {
        var store = new InMemoryStorage().GetStore<Ticket>(TicketService.EntityKind);
        var clock = new FakeClock(Start);

        Assert.Contains("NodeId", Assert.Throws<ArgumentException>(() => new TicketService(store, Lifecycle, clock, dueWork: new DueWorkOptions { NodeId = " " })).Message, StringComparison.Ordinal);
        Assert.Contains("NodeId", Assert.Throws<ArgumentException>(() => new TicketService(store, Lifecycle, clock, dueWork: new DueWorkOptions { NodeId = new string('n', 201) })).Message, StringComparison.Ordinal);
        Assert.Contains("LeaseDuration", Assert.Throws<ArgumentException>(() => new TicketService(store, Lifecycle, clock, dueWork: new DueWorkOptions { LeaseDuration = Duration.FromMilliseconds(999) })).Message, StringComparison.Ordinal);
        Assert.Contains("LeaseDuration", Assert.Throws<ArgumentException>(() => new OutboxDispatcher(new InMemoryStorage(), [], new OutboxOptions { LeaseDuration = Duration.FromDays(2) })).Message, StringComparison.Ordinal);
        Assert.Contains("NodeId", Assert.Throws<ArgumentException>(() => new OutboxDispatcher(new InMemoryStorage(), [], new OutboxOptions { NodeId = "" })).Message, StringComparison.Ordinal);
        Assert.Matches("^.+/[0-9]+$", new DueWorkOptions().NodeId);
    }

    [Fact]
    public void EntityChange_ClaimOwnerOnACreationOrBlank_Throws()
    {
        var ticket = Ticket.Create(new TicketId("T-1"), ContactChannel.Phone, TicketCategory.Repair, TicketPriority.Normal, Start);
        Assert.Throws<ArgumentException>(() => new EntityChange<Ticket>("T-1", ticket, null, ConcurrencyToken.Initial, 0, null, DueWork.None, null) { ClaimOwner = "node-a" });
        Assert.Throws<ArgumentException>(() => new EntityChange<Ticket>("T-1", ticket, ConcurrencyToken.Initial, ConcurrencyToken.Initial.Next(), 0, null, DueWork.None, null) { ClaimOwner = " " });
        Assert.Equal("node-a", new EntityChange<Ticket>("T-1", ticket, ConcurrencyToken.Initial, ConcurrencyToken.Initial.Next(), 0, null, DueWork.None, null) { ClaimOwner = "node-a" }.ClaimOwner);
    }

    private static TicketService Service(InMemoryStorage storage, IClock clock, string node) =>
        new(storage.GetStore<Ticket>(TicketService.EntityKind), Lifecycle, clock, dueWork: new DueWorkOptions { NodeId = node });

    /// <summary>Opens, assigns and dispatches tickets with a one-hour limit (three events each).</summary>
    private static async Task DispatchTicketsAsync(InMemoryStorage storage, IClock clock, int count)
    {
        var service = Service(storage, clock, "desk");
        for (var i = 0; i < count; i++)
        {
            var id = new TicketId($"T-{i:D3}");
            await service.OpenAsync(id, ContactChannel.Phone, TicketCategory.Repair, TicketPriority.Normal, "desk");
            await service.ExecuteAsync(id, new TicketCommand.Assign("agent-1"), "agent-1");
            await service.ExecuteAsync(id, new TicketCommand.Dispatch("billing", Duration.FromHours(1)), "agent-1");
        }
    }

    /// <summary>
    /// A node whose batch goes wrong in part: it claims its first entity with a one-second lease (the rest with the
    /// node's lease), and between loading the batch and completing it runs <c>meanwhile</c> and lets that lease expire.
    /// The batch members are the store's own (here the default implementations of the interface).
    /// </summary>
    private sealed class MidBatchStore(IClaimableEntityStore<Ticket> inner, FakeClock clock, Func<IReadOnlyDictionary<string, ConcurrencyToken>, Task> meanwhile) : IClaimableEntityStore<Ticket>
    {
        private readonly Dictionary<string, ConcurrencyToken> _claimed = new(StringComparer.Ordinal);

        public int FindManyCalls { get; private set; }

        public int CompleteCalls { get; private set; }

        public async ValueTask<IReadOnlyList<DueEntity>> ClaimDueAsync(Instant dueAtOrBefore, int maxCount, string owner, Duration leaseDuration, CancellationToken cancellationToken = default)
        {
            var claimed = new List<DueEntity>(await inner.ClaimDueAsync(dueAtOrBefore, Math.Min(1, maxCount), owner, Duration.FromSeconds(1), cancellationToken));
            claimed.AddRange(await inner.ClaimDueAsync(dueAtOrBefore, maxCount - claimed.Count, owner, leaseDuration, cancellationToken));
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
            clock.Advance(Duration.FromSeconds(2));
            return await inner.CompleteClaimsAsync(changes, cancellationToken);
        }

        public ValueTask<StoredEntity<Ticket>?> FindAsync(string id, CancellationToken cancellationToken = default) => throw new InvalidOperationException("The claim path loads its batch with FindManyAsync.");

        public ValueTask SaveAsync(EntityChange<Ticket> change, CancellationToken cancellationToken = default) => throw new InvalidOperationException("The claim path completes its batch with CompleteClaimsAsync.");

        public ValueTask<IReadOnlyList<DueEntity>> ListDueAsync(Instant dueAtOrBefore, int maxCount, CancellationToken cancellationToken = default) => inner.ListDueAsync(dueAtOrBefore, maxCount, cancellationToken);

        public ValueTask<bool> DeferAsync(string id, ConcurrencyToken expectedToken, Instant nextDueAt, CancellationToken cancellationToken = default) => inner.DeferAsync(id, expectedToken, nextDueAt, cancellationToken);
    }

    /// <summary>A node so slow that its leases expire (by the fake clock) right after it claims.</summary>
    private sealed class ExpiringStore(IEntityStore<Ticket> inner, FakeClock clock) : IClaimableEntityStore<Ticket>
    {
        private readonly IClaimableEntityStore<Ticket> _inner = (IClaimableEntityStore<Ticket>)inner;

        public async ValueTask<IReadOnlyList<DueEntity>> ClaimDueAsync(Instant dueAtOrBefore, int maxCount, string owner, Duration leaseDuration, CancellationToken cancellationToken = default)
        {
            var claimed = await _inner.ClaimDueAsync(dueAtOrBefore, maxCount, owner, leaseDuration, cancellationToken);
            clock.Advance(leaseDuration);
            return claimed;
        }

        public ValueTask<StoredEntity<Ticket>?> FindAsync(string id, CancellationToken cancellationToken = default) => _inner.FindAsync(id, cancellationToken);

        public ValueTask SaveAsync(EntityChange<Ticket> change, CancellationToken cancellationToken = default) => _inner.SaveAsync(change, cancellationToken);

        public ValueTask<IReadOnlyList<DueEntity>> ListDueAsync(Instant dueAtOrBefore, int maxCount, CancellationToken cancellationToken = default) => _inner.ListDueAsync(dueAtOrBefore, maxCount, cancellationToken);

        public ValueTask<bool> DeferAsync(string id, ConcurrencyToken expectedToken, Instant nextDueAt, CancellationToken cancellationToken = default) => _inner.DeferAsync(id, expectedToken, nextDueAt, cancellationToken);
    }
}
