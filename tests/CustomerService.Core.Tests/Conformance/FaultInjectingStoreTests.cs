using CustomerService.Core.Storage;
using CustomerService.Core.Testing;
using CustomerService.Core.Tests.Tickets;
using CustomerService.Core.Tickets;
using NodaTime;

namespace CustomerService.Core.Tests.Conformance;

/// <summary>The kit's fault-injecting wrappers: each fault strikes when and how often it was told, and counters count every call.</summary>
public sealed class FaultInjectingStoreTests
{
    private static readonly Instant T0 = TicketArbitraries.Start;
    private readonly InMemoryStorage _memory = new();
    private readonly FaultInjectingStorage _storage;

    public FaultInjectingStoreTests() => _storage = FaultInjectingStorage.From(_memory);

    private FaultInjectingEntityStore<Ticket> Tickets => _storage.Tickets;

    private static EntityChange<Ticket> Creation(string id, int messages = 1)
    {
        var ticket = TicketArbitraries.NewTicket(id);
        return new EntityChange<Ticket>(id, ticket, null, ConcurrencyToken.Initial, 0, T0, DueWork.SlaChange, [.. Enumerable.Range(0, messages).Select(i =>
            new OutboxMessage { Id = $"Ticket/{id}/1/{i}", EntityKind = TicketService.EntityKind, EntityId = id, Event = new TicketOpened(ticket, "desk") { Id = $"Ticket/{id}/1/{i}" } })]);
    }

    [Fact]
    public async Task FailSaveCall_TheNthSave_FailsOnlyThatCallBeforeWriting()
    {
        Tickets.FailSaveCall(2);

        await Tickets.SaveAsync(Creation("T-1"));
        var error = await Assert.ThrowsAsync<InjectedFaultException>(async () => await Tickets.SaveAsync(Creation("T-2")));
        await Tickets.SaveAsync(Creation("T-3"));

        Assert.Equal((StoreOperation.Save, FaultTiming.BeforeCall, 2L), (error.Operation, error.Timing, error.CallNumber));
        Assert.Null(await Tickets.FindAsync("T-2"));
        Assert.NotNull(await Tickets.FindAsync("T-3"));
        Assert.Equal((3L, 1L), (Tickets.SaveCalls, Tickets.InjectedFaults));
        Assert.Equal("T-3", Tickets.LastSave!.Id);
    }

    [Fact]
    public async Task FailSave_AfterCall_WritesTheChangeThenThrows()
    {
        Tickets.FailSave(FaultTiming.AfterCall);
        var change = Creation("T-1", messages: 2);

        var error = await Assert.ThrowsAsync<InjectedFaultException>(async () => await Tickets.SaveAsync(change));

        Assert.Equal(FaultTiming.AfterCall, error.Timing);
        Assert.Equal(change.Entity, (await Tickets.Inner.FindAsync("T-1"))!.Entity);
        Assert.Equal(2, await _memory.CountPendingAsync());
        Assert.Same(change, Tickets.LastSave);
        Assert.Contains("acknowledgement was lost", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FailSave_ForOneIdAndTimes_StrikesOnlyThatEntityThatManyTimes()
    {
        Tickets.FailSave(times: 2, id: "T-2");

        await Tickets.SaveAsync(Creation("T-1"));
        await Assert.ThrowsAsync<InjectedFaultException>(async () => await Tickets.SaveAsync(Creation("T-2")));
        await Assert.ThrowsAsync<InjectedFaultException>(async () => await Tickets.SaveAsync(Creation("T-2")));
        await Tickets.SaveAsync(Creation("T-2"));

        Assert.NotNull(await Tickets.FindAsync("T-2"));
        Assert.Equal(2, Tickets.InjectedFaults);
    }

    [Fact]
    public async Task FailFind_CorruptIds_FailEveryReadOfThoseIdsUntilCleared()
    {
        await Tickets.SaveAsync(Creation("T-1"));
        await Tickets.SaveAsync(Creation("T-2"));
        Tickets.FailFind("T-2");

        Assert.NotNull(await Tickets.FindAsync("T-1"));
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(StoreOperation.Find, (await Assert.ThrowsAsync<InjectedFaultException>(async () => await Tickets.FindAsync("T-2"))).Operation);
        }

        Tickets.ClearFaults();
        Assert.NotNull(await Tickets.FindAsync("T-2"));
        Assert.Equal((5L, 3L), (Tickets.FindCalls, Tickets.InjectedFaults));
    }

    [Fact]
    public async Task FailListDueAndFailDefer_StrikeTheNextCalls()
    {
        await Tickets.SaveAsync(Creation("T-1"));
        Tickets.FailListDue().FailDefer(FaultTiming.AfterCall);

        await Assert.ThrowsAsync<InjectedFaultException>(async () => await Tickets.ListDueAsync(T0, 10));
        Assert.Single(await Tickets.ListDueAsync(T0, 10));
        var error = await Assert.ThrowsAsync<InjectedFaultException>(async () => await Tickets.DeferAsync("T-1", ConcurrencyToken.Initial, T0 + Duration.FromHours(1)));

        Assert.Equal((StoreOperation.Defer, FaultTiming.AfterCall), (error.Operation, error.Timing));
        Assert.Equal(T0 + Duration.FromHours(1), (await Tickets.FindAsync("T-1"))!.NextDueAt);
        Assert.Equal((2L, 1L), (Tickets.ListDueCalls, Tickets.DeferCalls));
    }

    [Fact]
    public async Task OutboxFaults_StrikeTheNextCallsAndCount()
    {
        await Tickets.SaveAsync(Creation("T-1", messages: 2));
        var outbox = _storage.Outbox;
        outbox.FailListDeliverable().FailCountPending().FailMarkDelivered(messageId: "Ticket/T-1/1/1").FailMarkFailed(FaultTiming.AfterCall);

        await Assert.ThrowsAsync<InjectedFaultException>(async () => await outbox.ListDeliverableAsync(T0, 10));
        await Assert.ThrowsAsync<InjectedFaultException>(async () => await outbox.CountPendingAsync());
        Assert.True(await outbox.MarkDeliveredAsync("Ticket/T-1/1/0"));
        await Assert.ThrowsAsync<InjectedFaultException>(async () => await outbox.MarkDeliveredAsync("Ticket/T-1/1/1"));
        await Assert.ThrowsAsync<InjectedFaultException>(async () => await outbox.MarkFailedAsync("Ticket/T-1/1/1", 1, T0, "IOException"));

        var pending = Assert.Single(await outbox.ListDeliverableAsync(LatestRetry, 10));
        Assert.Equal(("Ticket/T-1/1/1", 1), (pending.Id, pending.Attempts));
        Assert.Equal(1, await outbox.CountPendingAsync());
        Assert.Equal((2L, 2L, 1L, 2L, 4L), (outbox.ListDeliverableCalls, outbox.MarkDeliveredCalls, outbox.MarkFailedCalls, outbox.CountPendingCalls, outbox.InjectedFaults));
    }

    [Fact]
    public async Task ClearFaults_OnTheBundle_RemovesEveryConfiguredFault()
    {
        _storage.Tickets.FailSave(times: 5);
        _storage.Complaints.FailListDue();
        _storage.Callbacks.FailFind("CB-1");
        _storage.Outbox.FailCountPending();

        _storage.ClearFaults();

        await _storage.Tickets.SaveAsync(Creation("T-1"));
        Assert.Empty(await _storage.Complaints.ListDueAsync(T0, 10));
        Assert.Null(await _storage.Callbacks.FindAsync("CB-1"));
        Assert.Equal(1, await _storage.Outbox.CountPendingAsync());
    }

    [Fact]
    public void Configuration_BadArguments_ThrowArgumentExceptions()
    {
        Assert.Throws<ArgumentNullException>(() => new FaultInjectingEntityStore<Ticket>(null!));
        Assert.Throws<ArgumentNullException>(() => new FaultInjectingOutboxStore(null!));
        Assert.Throws<ArgumentNullException>(() => FaultInjectingStorage.From((InMemoryStorage)null!));
        Assert.Throws<ArgumentNullException>(() => ConformanceStorage.From(null!));
        Assert.Throws<ArgumentOutOfRangeException>(() => Tickets.FailSaveCall(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Tickets.FailSave(times: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Tickets.FailSave((FaultTiming)0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Tickets.FailDefer(times: -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Tickets.FailListDue(0));
        Assert.Throws<ArgumentNullException>(() => Tickets.FailFind(null!));
        Assert.Throws<ArgumentNullException>(() => Tickets.FailFind("T-1", null!));
        Assert.Throws<ArgumentOutOfRangeException>(() => _storage.Outbox.FailMarkDelivered(times: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => _storage.Outbox.FailListDeliverable(-2));
        Assert.Throws<ArgumentOutOfRangeException>(() => new InjectedFaultException(0, FaultTiming.BeforeCall, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new InjectedFaultException(StoreOperation.Find, (FaultTiming)3, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new InjectedFaultException(StoreOperation.Find, FaultTiming.BeforeCall, 0));
    }

    [Fact]
    public async Task ConformanceStorage_Dispose_RunsTheCallbackOnce()
    {
        var disposed = 0;
        var storage = new ConformanceStorage(Tickets, _storage.Complaints, _storage.Callbacks, _storage.Outbox, () =>
        {
            disposed++;
            return ValueTask.CompletedTask;
        });

        await storage.DisposeAsync();
        await storage.DisposeAsync();

        Assert.Equal(1, disposed);
        Assert.Throws<ArgumentNullException>(() => new ConformanceStorage(null!, _storage.Complaints, _storage.Callbacks, _storage.Outbox));
        Assert.Throws<ArgumentNullException>(() => new ConformanceStorage(Tickets, _storage.Complaints, _storage.Callbacks, null!));
    }

    private static Instant LatestRetry => T0 + Duration.FromDays(1);
}
