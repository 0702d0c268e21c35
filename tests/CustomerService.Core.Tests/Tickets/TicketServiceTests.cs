using CustomerService.Core.Storage;
using CustomerService.Core.Tickets;
using NodaTime;
using NodaTime.Testing;

namespace CustomerService.Core.Tests.Tickets;

public sealed class TicketServiceTests
{
    private static readonly Instant T0 = TicketArbitraries.Start;
    private readonly TestDesk _desk = new(T0, tickets: new TicketOptions { AutoCloseAfter = Duration.FromDays(4) });
    private readonly FakeClock _clock;
    private readonly IEntityStore<Ticket> _store;
    private readonly TicketService _service;

    public TicketServiceTests()
    {
        _clock = _desk.Clock;
        _store = _desk.TicketStore;
        _service = _desk.Tickets;
    }

    [Fact]
    public async Task ExecuteAsync_FullPath_SavesEachVersionStampedByTheClockAndPublishesEachTransition()
    {
        var id = new TicketId("T-100");
        await _service.OpenAsync(id, ContactChannel.Email, TicketCategory.OrderReturnExchange, TicketPriority.High, "mailbox");
        TicketCommand[] commands = [new TicketCommand.Assign("agent-1"), new TicketCommand.AgentReply(), new TicketCommand.WaitOnCustomer(), new TicketCommand.CustomerReply(), new TicketCommand.Solve("RETURN-LABEL-SENT") { FirstContact = false }, new TicketCommand.Close()];
        foreach (var command in commands)
        {
            _clock.AdvanceMinutes(7);
            var saved = await _service.ExecuteAsync(id, command, "agent-1");
            Assert.Same(saved, await _store.GetAsync(id.Value));
            Assert.Equal(_clock.GetCurrentInstant(), saved.History[^1].At);
        }

        var ticket = (await _service.FindAsync(id))!;
        Assert.Equal((TicketState.Closed, 6L), (ticket.State, ticket.Version));
        var events = await _desk.DeliverAsync();
        Assert.IsType<TicketOpened>(events[0]);
        var transitions = events.Skip(1).Cast<TicketTransitioned>().ToList();
        Assert.Equal(commands.Select(c => c.Trigger), transitions.Select(e => e.Transition.Trigger));
        Assert.Equal(ticket.History, transitions.Select(e => e.Transition));
        Assert.Equal(("agent-1", T0 + Duration.FromMinutes(42)), (transitions[^1].Actor, transitions[^1].OccurredAt));
        Assert.All(transitions, e => Assert.Empty(e.Ticket.History));
        Assert.Equal(events.Count, events.Select(e => e.Id).Distinct().Count());
        Assert.Equal("Ticket/T-100/1/0", events[0].Id);
    }

    [Fact]
    public async Task ExecuteAsync_TriggerNotPermitted_ThrowsAndSavesAndPublishesNothing()
    {
        var id = new TicketId("T-101");
        var opened = await _service.OpenAsync(id, ContactChannel.Chat, TicketCategory.Inquiry, TicketPriority.Low, "chat");
        var error = await Assert.ThrowsAsync<InvalidTransitionException<TicketState, TicketTrigger>>(() => _service.ExecuteAsync(id, new TicketCommand.Solve("X") { FirstContact = true }, "a"));
        Assert.Equal(TicketState.New, error.State);
        Assert.Same(opened, await _store.GetAsync(id.Value));
        Assert.Single(await _desk.DeliverAsync());
    }

    [Fact]
    public async Task ExecuteAsync_UnknownTicket_ThrowsEntityNotFound()
    {
        var error = await Assert.ThrowsAsync<EntityNotFoundException>(() => _service.ExecuteAsync(new TicketId("nope"), new TicketCommand.AgentReply(), "a"));
        Assert.Equal(("Ticket", "nope"), (error.EntityKind, error.Id));
    }

    [Fact]
    public async Task OpenAsync_ExistingId_ThrowsConflict()
    {
        await _service.OpenAsync(new TicketId("T-1"), ContactChannel.Sms, TicketCategory.Repair, TicketPriority.Urgent, "sms");
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => _service.OpenAsync(new TicketId("T-1"), ContactChannel.Sms, TicketCategory.Repair, TicketPriority.Urgent, "sms"));
    }

    [Fact]
    public async Task GetPermittedTriggersAsync_OpenTicket_ListsWhatTheLifecyclePermits()
    {
        var id = new TicketId("T-102");
        await _service.OpenAsync(id, ContactChannel.Phone, TicketCategory.Inquiry, TicketPriority.Normal, "ivr");
        Assert.Equal([TicketTrigger.Assign, TicketTrigger.Merge, TicketTrigger.Cancel, TicketTrigger.UpdateFacts], await _service.GetPermittedTriggersAsync(id));
    }

    [Fact]
    public async Task AutoCloseDueAsync_SolvedTickets_ClosesOnlyThoseSolvedLongEnoughAgo()
    {
        async Task<TicketId> Solved(string name)
        {
            var id = new TicketId(name);
            await _service.OpenAsync(id, ContactChannel.WebForm, TicketCategory.Suggestion, TicketPriority.Low, "web");
            await _service.ExecuteAsync(id, new TicketCommand.Assign("a"), "a");
            await _service.ExecuteAsync(id, new TicketCommand.Solve("THANKED") { FirstContact = true }, "a");
            return id;
        }

        var old = await Solved("old");
        _clock.Advance(Duration.FromDays(2));
        var recent = await Solved("recent");

        var report = await _service.ProcessDueAsync(T0 + Duration.FromDays(4));
        var closed = report.Changed;

        Assert.Equal([old], closed.Select(t => t.Id));
        Assert.Equal((TicketState.Closed, TicketTrigger.AutoClose, "due-work"), (closed[0].State, closed[0].History[^1].Trigger, closed[0].History[^1].Actor));
        Assert.Equal(TicketState.Solved, (await _store.GetAsync(recent.Value))!.State);
        Assert.Equal(T0 + Duration.FromDays(6), (await _store.FindAsync(recent.Value))!.NextDueAt);
        Assert.Empty(report.Failures);

        // A second run at the same instant finds nothing due and publishes nothing more.
        var events = (await _desk.DeliverAsync()).Count;
        Assert.Empty((await _service.ProcessDueAsync(T0 + Duration.FromDays(4))).Changed);
        Assert.Equal(events, (await _desk.DeliverAsync()).Count);
    }

    [Fact]
    public async Task ExecuteAsync_MergeIntoATicketInProgress_RecordsTheSurvivor()
    {
        var duplicate = new TicketId("T-dup");
        var survivor = new TicketId("T-survivor");
        await _service.OpenAsync(duplicate, ContactChannel.Social, TicketCategory.Inquiry, TicketPriority.Normal, "social");
        await _service.OpenAsync(survivor, ContactChannel.Phone, TicketCategory.Inquiry, TicketPriority.Normal, "ivr");
        var merged = await _service.ExecuteAsync(duplicate, new TicketCommand.Merge(survivor), "a");
        Assert.Equal((TicketState.Merged, survivor), (merged.State, merged.MergedInto!.Value));
    }

    [Fact]
    public async Task ExecuteAsync_MergeIntoAMissingOrFinishedTicket_ThrowsAndChangesNothing()
    {
        var duplicate = new TicketId("T-dup");
        var opened = await _service.OpenAsync(duplicate, ContactChannel.Social, TicketCategory.Inquiry, TicketPriority.Normal, "social");
        var missing = await Assert.ThrowsAsync<EntityNotFoundException>(() => _service.ExecuteAsync(duplicate, new TicketCommand.Merge(new TicketId("T-missing")), "a"));
        Assert.Equal("T-missing", missing.Id);

        var cancelled = new TicketId("T-cancelled");
        await _service.OpenAsync(cancelled, ContactChannel.Sms, TicketCategory.Inquiry, TicketPriority.Low, "sms");
        await _service.ExecuteAsync(cancelled, new TicketCommand.Cancel(TicketCancelReason.Spam), "a");
        var finished = await Assert.ThrowsAsync<ArgumentException>(() => _service.ExecuteAsync(duplicate, new TicketCommand.Merge(cancelled), "a"));
        Assert.Contains("Into", finished.Message, StringComparison.Ordinal);
        Assert.Same(opened, await _store.GetAsync(duplicate.Value));
    }
}
