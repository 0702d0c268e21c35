using System.Collections.Concurrent;
using CustomerService.Core.Callbacks;
using CustomerService.Core.Complaints;
using CustomerService.Core.Sla;
using CustomerService.Core.Storage;
using CustomerService.Core.Testing;
using CustomerService.Core.Tests.Callbacks;
using CustomerService.Core.Tests.Tickets;
using CustomerService.Core.Tickets;
using NodaTime;
using NodaTime.Testing;

namespace CustomerService.Core.Tests.Conformance;

/// <summary>
/// The services and the outbox dispatcher over a store that fails at each step (through the kit's fault-injecting
/// wrappers): a failed command reports a typed error and leaves nothing partial, a lost acknowledgement never duplicates
/// history, events are never lost and keep their order, and one bad entity never stops a batch.
/// </summary>
public sealed class StorageFaultTests
{
    private static readonly Instant T0 = TicketArbitraries.Start;
    private static readonly Duration Backoff = Duration.FromMinutes(10);

    private readonly FakeClock _clock = new(T0);
    private readonly InMemoryStorage _memory = new();
    private readonly FaultInjectingStorage _storage;
    private readonly TicketService _tickets;
    private readonly ComplaintService _complaints;
    private readonly CallbackService _callbacks;
    private readonly RecordingEventSink _sink = new();
    private readonly FlakySink _flaky = new();
    private readonly OutboxDispatcher _dispatcher;

    public StorageFaultTests()
    {
        _storage = FaultInjectingStorage.From(_memory);
        var dueWork = new DueWorkOptions { FailureBackoff = Backoff };
        var sla = new SlaCatalog([], [TicketSlaTests.DeskPolicy()], "Desk");
        _tickets = new TicketService(_storage.Tickets, new TicketLifecycle(new TicketOptions()), _clock, sla, dueWork);
        _complaints = new ComplaintService(_storage.Complaints, new ComplaintLifecycle(), _clock, dueWork: dueWork);
        _callbacks = new CallbackService(_storage.Callbacks, new CallbackLifecycle(CallbackArbitraries.Policy, DateTimeZoneProviders.Tzdb), _clock, dueWork);
        _dispatcher = new OutboxDispatcher(_storage.Outbox, [_flaky, new DissatisfiedCallbackFollowUp(_complaints), _sink], new OutboxOptions { FirstRetryDelay = Duration.FromSeconds(5) });
    }

    public static TheoryData<string> Kinds => new() { TicketService.EntityKind, ComplaintService.EntityKind, CallbackService.EntityKind };

    private Instant Now => _clock.GetCurrentInstant();

    // ---- commands ------------------------------------------------------------------------------------------------

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task CreateAsync_SaveFailsBeforeTheWrite_ThrowsTypedAndNothingIsVisible(string kind)
    {
        _storage.Tickets.FailSave();
        _storage.Complaints.FailSave();
        _storage.Callbacks.FailSave();

        var error = await Assert.ThrowsAsync<InjectedFaultException>(() => CreateAsync(kind, "E-1"));

        Assert.Equal((StoreOperation.Save, FaultTiming.BeforeCall), (error.Operation, error.Timing));
        Assert.Null(await FindAsync(kind, "E-1"));
        Assert.Equal(0, await _memory.CountPendingAsync());

        // Nothing half-done blocks the retry.
        _storage.ClearFaults();
        await CreateAsync(kind, "E-1");
        Assert.NotNull(await FindAsync(kind, "E-1"));
        Assert.Equal(1, await _memory.CountPendingAsync());
    }

    [Theory]
    [InlineData("Ticket", StoreOperation.Find)]
    [InlineData("Ticket", StoreOperation.Save)]
    [InlineData("Complaint", StoreOperation.Find)]
    [InlineData("Complaint", StoreOperation.Save)]
    [InlineData("Callback", StoreOperation.Find)]
    [InlineData("Callback", StoreOperation.Save)]
    public async Task ExecuteAsync_StoreFailsAtAStepBeforeTheWrite_ThrowsTypedAndNothingPartialIsVisible(string kind, StoreOperation step)
    {
        await CreateAsync(kind, "E-1");
        var before = await FindAsync(kind, "E-1");
        var outbox = await _memory.ListDeliverableAsync(Now, 100);
        Fail(kind, step, FaultTiming.BeforeCall, "E-1");

        var error = await Assert.ThrowsAsync<InjectedFaultException>(() => FirstCommandAsync(kind, "E-1"));

        Assert.Equal(step, error.Operation);
        Assert.Equal(before, await FindAsync(kind, "E-1"));
        Assert.Equal(outbox, await _memory.ListDeliverableAsync(Now, 100));

        _storage.ClearFaults();
        await FirstCommandAsync(kind, "E-1");
        Assert.Equal(before!.Token.Next(), (await FindAsync(kind, "E-1"))!.Token);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task ExecuteAsync_SaveAcknowledgementLost_ChangeIsWholeAndAReplayConflictsWithoutDuplicatingHistory(string kind)
    {
        await CreateAsync(kind, "E-1");
        var before = (await FindAsync(kind, "E-1"))!;
        Fail(kind, StoreOperation.Save, FaultTiming.AfterCall, "E-1");

        var error = await Assert.ThrowsAsync<InjectedFaultException>(() => FirstCommandAsync(kind, "E-1"));

        // The caller saw an error, but the write committed whole: snapshot, one more history entry, token, event.
        Assert.Equal(FaultTiming.AfterCall, error.Timing);
        var after = (await FindAsync(kind, "E-1"))!;
        Assert.Equal(before.Token.Next(), after.Token);
        Assert.Equal(HistoryCount(before) + 1, HistoryCount(after));
        Assert.Equal(2, await _memory.CountPendingAsync());

        // A retry of that save (same id, same expected token) conflicts and appends nothing.
        await Assert.ThrowsAsync<ConcurrencyConflictException>(ReplayLastSaveAsync(kind));
        Assert.Equal(after, await FindAsync(kind, "E-1"));
        Assert.Equal(2, await _memory.CountPendingAsync());

        // A retry of the command sees the new state: its trigger is no longer permitted, and nothing is appended.
        await Assert.ThrowsAnyAsync<InvalidTransitionException>(() => FirstCommandAsync(kind, "E-1"));
        Assert.Equal(after, await FindAsync(kind, "E-1"));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task CreateAsync_AcknowledgementLost_RetryConflictsAndOneCreationEventIsPending(string kind)
    {
        _storage.Tickets.FailSave(FaultTiming.AfterCall);
        _storage.Complaints.FailSave(FaultTiming.AfterCall);
        _storage.Callbacks.FailSave(FaultTiming.AfterCall);
        await Assert.ThrowsAsync<InjectedFaultException>(() => CreateAsync(kind, "E-1"));
        _storage.ClearFaults();

        var conflict = await Assert.ThrowsAsync<ConcurrencyConflictException>(() => CreateAsync(kind, "E-1"));

        Assert.Equal((kind, "E-1"), (conflict.EntityKind, conflict.Id));
        Assert.Equal(ConcurrencyToken.Initial, (await FindAsync(kind, "E-1"))!.Token);
        Assert.Single(await _memory.ListDeliverableAsync(Now, 100));
    }

    [Fact]
    public async Task ExecuteAsync_ClockBehindTheLastChange_RecordsAtTheLastInstantAndDueWorkStillSucceeds()
    {
        var id = new TicketId("T-1");
        await _tickets.OpenAsync(id, ContactChannel.Phone, TicketCategory.Repair, TicketPriority.Normal, "desk");
        _clock.AdvanceMinutes(30);
        var assigned = await _tickets.ExecuteAsync(id, new TicketCommand.Assign("agent-1"), "agent-1");

        // A second server whose clock is 90 s behind handles the next command.
        var skewed = Now - Duration.FromSeconds(90);
        _clock.Reset(skewed);
        var replied = await _tickets.ExecuteAsync(id, new TicketCommand.AgentReply(), "agent-1");

        var entry = replied.History[^1];
        Assert.Equal(assigned.History[^1].At, entry.At);
        Assert.Equal(skewed, entry.RequestedAt);
        Assert.Equal(assigned.UpdatedAt, replied.UpdatedAt);

        // The entity is not poisoned: later due work loads it, checks it and saves it.
        var later = T0 + Duration.FromHours(20);
        var report = await _tickets.ProcessDueAsync(later);
        Assert.Empty(report.Failures);
        Assert.Equal([id], report.Changed.Select(t => t.Id));
        var stored = (await _memory.GetStore<Ticket>(TicketService.EntityKind).FindAsync("T-1"))!;
        Assert.True(stored.NextDueAt is null || stored.NextDueAt > later);

        // Even due work asked for with an instant behind the last change is clamped, not rejected.
        var again = await _tickets.ProcessDueAsync(stored.NextDueAt ?? later);
        Assert.Empty(again.Failures);
    }

    // ---- due work ------------------------------------------------------------------------------------------------

    [Fact]
    public async Task ProcessDueAsync_OneCorruptSnapshot_FinishesTheBatchReportsItAndPushesItBack()
    {
        var dueAt = await ThreeSolvedTicketsAsync();
        _storage.Tickets.FailFind("T-2");
        var now = dueAt + Duration.FromMinutes(1);

        var report = await _tickets.ProcessDueAsync(now);

        Assert.Equal(3, report.Listed);
        Assert.Equal([new TicketId("T-1"), new TicketId("T-3")], report.Changed.Select(t => t.Id));
        Assert.All(report.Changed, t => Assert.Equal(TicketState.Closed, t.State));
        var failure = Assert.Single(report.Failures);
        Assert.Equal((TicketService.EntityKind, "T-2"), (failure.EntityKind, failure.EntityId));
        Assert.Equal(StoreOperation.Find, Assert.IsType<InjectedFaultException>(failure.Error).Operation);

        // Pushed back by the failure backoff, so it does not block the queue.
        var pushed = (await _storage.Tickets.Inner.FindAsync("T-2"))!;
        Assert.Equal((now + Backoff, DueWork.Retry), (pushed.NextDueAt, pushed.Due));
        Assert.Equal(TicketState.Solved, pushed.Entity.State);
        Assert.Equal(0, (await _tickets.ProcessDueAsync(now)).Listed);

        // Once readable again, it is processed when its backoff has passed.
        _storage.Tickets.ClearFaults();
        var retry = await _tickets.ProcessDueAsync(now + Backoff);
        Assert.Equal([new TicketId("T-2")], retry.Changed.Select(t => t.Id));
        Assert.Equal(TicketState.Closed, (await _storage.Tickets.Inner.FindAsync("T-2"))!.Entity.State);
    }

    [Theory]
    [InlineData(FaultTiming.BeforeCall)]
    [InlineData(FaultTiming.AfterCall)]
    public async Task ProcessDueAsync_SaveOfOneEntityFails_ReportsItAndProcessesTheOthers(FaultTiming timing)
    {
        var dueAt = await ThreeSolvedTicketsAsync();
        _storage.Tickets.FailSave(timing, id: "T-2");
        var now = dueAt + Duration.FromMinutes(1);

        var report = await _tickets.ProcessDueAsync(now);

        Assert.Equal([new TicketId("T-1"), new TicketId("T-3")], report.Changed.Select(t => t.Id));
        Assert.Equal("T-2", Assert.Single(report.Failures).EntityId);
        var stored = (await _storage.Tickets.Inner.FindAsync("T-2"))!;
        if (timing == FaultTiming.BeforeCall)
        {
            // Nothing was written: the entity is pushed back and closed on a later run.
            Assert.Equal((TicketState.Solved, now + Backoff, DueWork.Retry), (stored.Entity.State, stored.NextDueAt, stored.Due));
            Assert.Equal([new TicketId("T-2")], (await _tickets.ProcessDueAsync(now + Backoff)).Changed.Select(t => t.Id));
        }
        else
        {
            // The close committed (its acknowledgement was lost): the deferral, based on the old token, writes nothing.
            Assert.Equal((TicketState.Closed, (Instant?)null), (stored.Entity.State, stored.NextDueAt));
            Assert.Equal(0, (await _tickets.ProcessDueAsync(now + Backoff)).Listed);
        }

        // Closed exactly once either way.
        Assert.Single((await _storage.Tickets.Inner.FindAsync("T-2"))!.Entity.History, h => h.Trigger == TicketTrigger.AutoClose);
    }

    [Fact]
    public async Task ProcessDueAsync_DueListUnavailable_ThrowsTypedAndWritesNothing()
    {
        var dueAt = await ThreeSolvedTicketsAsync();
        var before = await _storage.Tickets.Inner.ListDueAsync(dueAt, 10);
        _storage.Tickets.FailListDue();

        var error = await Assert.ThrowsAsync<InjectedFaultException>(() => _tickets.ProcessDueAsync(dueAt));

        Assert.Equal(StoreOperation.ListDue, error.Operation);
        Assert.Equal(before, await _storage.Tickets.Inner.ListDueAsync(dueAt, 10));
        Assert.Equal(3, (await _tickets.ProcessDueAsync(dueAt)).Changed.Count);
    }

    // ---- outbox delivery -----------------------------------------------------------------------------------------

    [Fact]
    public async Task DispatchAsync_SinkThrows_EventStaysPendingItsEntitysLaterEventsWaitAndItIsDeliveredLaterWithTheSameId()
    {
        await _tickets.OpenAsync(new TicketId("T-1"), ContactChannel.Phone, TicketCategory.Repair, TicketPriority.Normal, "desk");
        await _tickets.ExecuteAsync(new TicketId("T-1"), new TicketCommand.Assign("agent-1"), "agent-1");
        await _tickets.OpenAsync(new TicketId("T-2"), ContactChannel.Email, TicketCategory.Inquiry, TicketPriority.Low, "mail");
        _flaky.FailTimes("Ticket/T-1/1/0", 2);

        var first = await _dispatcher.DispatchAsync(Now);

        Assert.Equal(1, first.Delivered);
        Assert.Equal(("Ticket/T-1/1/0", 1), (Assert.Single(first.Failures).MessageId, first.Failures[0].Attempts));
        Assert.Equal(["Ticket/T-2/1/0"], _sink.Events.Select(e => e.Id));
        Assert.Equal(2, await _memory.CountPendingAsync());
        Assert.Empty(await _memory.ListDeliverableAsync(Now, 10)); // T-1's event waits for its retry, its later event behind it

        // Still failing at the retry instant: the backoff doubles, nothing is delivered out of order.
        _clock.AdvanceSeconds(5);
        Assert.Equal(0, (await _dispatcher.DispatchAsync(Now)).Delivered);
        _clock.AdvanceSeconds(10);
        var last = await _dispatcher.DispatchAsync(Now);

        Assert.Equal(2, last.Delivered);
        Assert.Equal(["Ticket/T-2/1/0", "Ticket/T-1/1/0", "Ticket/T-1/2/0"], _sink.Events.Select(e => e.Id));
        Assert.Equal(3, _flaky.Calls("Ticket/T-1/1/0"));
        Assert.Equal(0, await _memory.CountPendingAsync());
    }

    [Fact]
    public async Task DispatchAsync_KilledAfterTheSinksBeforeTheDeliveredMark_RedeliversWithTheSameId()
    {
        await _tickets.OpenAsync(new TicketId("T-1"), ContactChannel.Phone, TicketCategory.Repair, TicketPriority.Normal, "desk");
        await _tickets.ExecuteAsync(new TicketId("T-1"), new TicketCommand.Assign("agent-1"), "agent-1");
        _storage.Outbox.FailMarkDelivered(messageId: "Ticket/T-1/1/0");

        var error = await Assert.ThrowsAsync<InjectedFaultException>(() => _dispatcher.DispatchAsync(Now));

        Assert.Equal(StoreOperation.MarkDelivered, error.Operation);
        Assert.Equal(["Ticket/T-1/1/0"], _sink.Events.Select(e => e.Id));
        Assert.Equal(2, await _memory.CountPendingAsync());

        // The next run (a restarted dispatcher) delivers it again, with the same id, then the entity's next event.
        var report = await _dispatcher.DispatchAsync(Now);
        Assert.Equal(2, report.Delivered);
        Assert.Equal(["Ticket/T-1/1/0", "Ticket/T-1/1/0", "Ticket/T-1/2/0"], _sink.Events.Select(e => e.Id));
        Assert.Equal(_sink.Events[0], _sink.Events[1]);
        Assert.Equal(0, await _memory.CountPendingAsync());
    }

    [Fact]
    public async Task DispatchAsync_DeliveredMarkCommittedButItsAcknowledgementLost_DoesNotRedeliver()
    {
        await _tickets.OpenAsync(new TicketId("T-1"), ContactChannel.Phone, TicketCategory.Repair, TicketPriority.Normal, "desk");
        _storage.Outbox.FailMarkDelivered(FaultTiming.AfterCall);

        await Assert.ThrowsAsync<InjectedFaultException>(() => _dispatcher.DispatchAsync(Now));

        Assert.Equal(0, (await _dispatcher.DispatchAsync(Now)).Delivered);
        Assert.Single(_sink.Events);
        Assert.Equal((1, 2), (_storage.Outbox.MarkDeliveredCalls, _storage.Outbox.ListDeliverableCalls));
    }

    [Fact]
    public async Task DispatchAsync_FailureRecordLost_RetriesTheMessageOnTheNextRun()
    {
        await _tickets.OpenAsync(new TicketId("T-1"), ContactChannel.Phone, TicketCategory.Repair, TicketPriority.Normal, "desk");
        _flaky.FailTimes("Ticket/T-1/1/0", 1);
        _storage.Outbox.FailMarkFailed();

        await Assert.ThrowsAsync<InjectedFaultException>(() => _dispatcher.DispatchAsync(Now));

        // No failure was recorded, so the message is deliverable at once, and delivered with the same id.
        var message = Assert.Single(await _memory.ListDeliverableAsync(Now, 10));
        Assert.Equal((0, (Instant?)null), (message.Attempts, message.NextAttemptAt));
        Assert.Equal(1, (await _dispatcher.DispatchAsync(Now)).Delivered);
        Assert.Equal(["Ticket/T-1/1/0"], _sink.Events.Select(e => e.Id));
    }

    [Fact]
    public async Task DispatchAsync_OutboxUnavailable_ThrowsTypedAndDeliversNothing()
    {
        await _tickets.OpenAsync(new TicketId("T-1"), ContactChannel.Phone, TicketCategory.Repair, TicketPriority.Normal, "desk");
        _storage.Outbox.FailListDeliverable();

        Assert.Equal(StoreOperation.ListDeliverable, (await Assert.ThrowsAsync<InjectedFaultException>(() => _dispatcher.DispatchAsync(Now))).Operation);

        Assert.Empty(_sink.Events);
        Assert.Equal(1, (await _dispatcher.DispatchAsync(Now)).Delivered);
    }

    [Theory]
    [InlineData(FaultTiming.BeforeCall)]
    [InlineData(FaultTiming.AfterCall)]
    public async Task DispatchAsync_FollowUpComplaintSaveFails_OpensTheComplaintExactlyOnce(FaultTiming timing)
    {
        var id = new CallbackId("CB-1");
        await _callbacks.RequestAsync(id, new CallbackDetails(CallbackPurpose.SatisfactionCheck, CallbackArbitraries.Shanghai) { TicketId = new TicketId("T-9") }, "desk");
        await _callbacks.ExecuteAsync(id, new CallbackCommand.Schedule(Now, Now + Duration.FromHours(1)), "agent-1");
        await _callbacks.ProcessDueAsync(Now);
        await _callbacks.ExecuteAsync(id, new CallbackCommand.StartAttempt(), "dialler");
        await _callbacks.ExecuteAsync(id, new CallbackCommand.Reach(), "dialler");
        await _callbacks.ExecuteAsync(id, new CallbackCommand.Complete(CallbackOutcome.Dissatisfied, new ComplaintId("C-9")), "agent-1");
        _storage.Complaints.FailSave(timing, id: "C-9");

        var first = await _dispatcher.DispatchAsync(Now, 1000);

        // The follow-up failed inside the dispatcher: the callback's event stays pending for a retry.
        var failure = Assert.Single(first.Failures);
        Assert.IsType<InjectedFaultException>(failure.Error);
        Assert.Equal(timing == FaultTiming.AfterCall, await _memory.GetStore<Complaint>(ComplaintService.EntityKind).FindAsync("C-9") is not null);

        _clock.AdvanceSeconds(5);
        while ((await _dispatcher.DispatchAsync(Now, 1000)).Delivered > 0)
        {
        }

        var complaint = (await _memory.GetStore<Complaint>(ComplaintService.EntityKind).FindAsync("C-9"))!;
        Assert.Equal(ConcurrencyToken.Initial, complaint.Token);
        Assert.Single(_sink.Events.OfType<ComplaintReceived>());
        Assert.Single(_sink.Events, e => e.Id == failure.MessageId);
        Assert.Equal(0, await _memory.CountPendingAsync());
    }

    // ---- helpers -------------------------------------------------------------------------------------------------

    /// <summary>Three solved tickets whose automatic closing falls due at the returned instant.</summary>
    private async Task<Instant> ThreeSolvedTicketsAsync()
    {
        foreach (var id in new[] { "T-1", "T-2", "T-3" })
        {
            await _tickets.OpenAsync(new TicketId(id), ContactChannel.Phone, TicketCategory.Repair, TicketPriority.Normal, "desk");
            await _tickets.ExecuteAsync(new TicketId(id), new TicketCommand.Assign("agent-1"), "agent-1");
            await _tickets.ExecuteAsync(new TicketId(id), new TicketCommand.AgentReply(), "agent-1");
            await _tickets.ExecuteAsync(new TicketId(id), new TicketCommand.Solve("FIXED"), "agent-1");
        }

        // Let the SLA checks of the first day happen, so that only the automatic closings remain due.
        var dueAt = Now + new TicketOptions().AutoCloseAfter;
        await _tickets.ProcessDueAsync(dueAt - Duration.FromSeconds(1), 100);
        Assert.Equal(["T-1", "T-2", "T-3"], (await _storage.Tickets.Inner.ListDueAsync(dueAt, 10)).Select(d => d.Id));
        return dueAt;
    }

    private Task CreateAsync(string kind, string id) => kind switch
    {
        TicketService.EntityKind => _tickets.OpenAsync(new TicketId(id), ContactChannel.Phone, TicketCategory.Repair, TicketPriority.Normal, "desk"),
        ComplaintService.EntityKind => _complaints.ReceiveAsync(new ComplaintId(id), new ComplaintOrigin(ContactChannel.Phone), "desk"),
        _ => _callbacks.RequestAsync(new CallbackId(id), new CallbackDetails(CallbackPurpose.SatisfactionCheck, CallbackArbitraries.Shanghai), "desk"),
    };

    /// <summary>The first command of each lifecycle: permitted once, from the created state only.</summary>
    private Task FirstCommandAsync(string kind, string id) => kind switch
    {
        TicketService.EntityKind => _tickets.ExecuteAsync(new TicketId(id), new TicketCommand.Assign("agent-1"), "agent-1"),
        ComplaintService.EntityKind => _complaints.ExecuteAsync(new ComplaintId(id), new ComplaintCommand.Acknowledge(Now + Duration.FromDays(10)), "agent-1"),
        _ => _callbacks.ExecuteAsync(new CallbackId(id), new CallbackCommand.Schedule(Now + Duration.FromHours(1), Now + Duration.FromHours(2)), "agent-1"),
    };

    private async Task<StoredEntity<object>?> FindAsync(string kind, string id) => kind switch
    {
        TicketService.EntityKind => Box(await _memory.GetStore<Ticket>(kind).FindAsync(id)),
        ComplaintService.EntityKind => Box(await _memory.GetStore<Complaint>(kind).FindAsync(id)),
        _ => Box(await _memory.GetStore<Callback>(kind).FindAsync(id)),
    };

    private static StoredEntity<object>? Box<T>(StoredEntity<T>? stored)
        where T : class => stored is null ? null : new StoredEntity<object>(stored.Entity, stored.Token) { NextDueAt = stored.NextDueAt, Due = stored.Due };

    private static int HistoryCount(StoredEntity<object> stored) => stored.Entity switch
    {
        Ticket t => t.History.Count,
        Complaint c => c.History.Count,
        Callback c => c.History.Count,
        _ => throw new ArgumentException("Unknown entity.", nameof(stored)),
    };

    private void Fail(string kind, StoreOperation step, FaultTiming timing, string id)
    {
        switch (kind, step)
        {
            case (TicketService.EntityKind, StoreOperation.Find): _storage.Tickets.FailFind(id); break;
            case (TicketService.EntityKind, _): _storage.Tickets.FailSave(timing, id: id); break;
            case (ComplaintService.EntityKind, StoreOperation.Find): _storage.Complaints.FailFind(id); break;
            case (ComplaintService.EntityKind, _): _storage.Complaints.FailSave(timing, id: id); break;
            case (_, StoreOperation.Find): _storage.Callbacks.FailFind(id); break;
            default: _storage.Callbacks.FailSave(timing, id: id); break;
        }
    }

    private Func<Task> ReplayLastSaveAsync(string kind) => kind switch
    {
        TicketService.EntityKind => async () => await _storage.Tickets.Inner.SaveAsync(_storage.Tickets.LastSave!),
        ComplaintService.EntityKind => async () => await _storage.Complaints.Inner.SaveAsync(_storage.Complaints.LastSave!),
        _ => async () => await _storage.Callbacks.Inner.SaveAsync(_storage.Callbacks.LastSave!),
    };

    /// <summary>A sink that fails a chosen event a number of times (a message bus that is down), counting calls per event id.</summary>
    private sealed class FlakySink : ICustomerServiceEventSink
    {
        private readonly ConcurrentDictionary<string, int> _failures = new(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, int> _calls = new(StringComparer.Ordinal);

        public void FailTimes(string eventId, int times) => _failures[eventId] = times;

        public int Calls(string eventId) => _calls.GetValueOrDefault(eventId);

        public ValueTask PublishAsync(CustomerServiceEvent domainEvent, CancellationToken cancellationToken = default)
        {
            _calls.AddOrUpdate(domainEvent.Id, 1, (_, n) => n + 1);
            if (_failures.TryGetValue(domainEvent.Id, out var left) && left > 0)
            {
                _failures[domainEvent.Id] = left - 1;
                throw new HttpRequestException("The message bus is unavailable.");
            }

            return ValueTask.CompletedTask;
        }
    }
}
