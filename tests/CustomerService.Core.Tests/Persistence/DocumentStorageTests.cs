using CustomerService.Core.Persistence;
using CustomerService.Core.Serialization;
using CustomerService.Core.Sla;
using CustomerService.Core.Storage;
using CustomerService.Core.Tests.Serialization;
using CustomerService.Core.Tests.Sla;
using CustomerService.Core.Tests.Tickets;
using CustomerService.Core.Tickets;
using NodaTime;
using NodaTime.Testing;
using FsCheck.Xunit;

namespace CustomerService.Core.Tests.Persistence;

public sealed class DocumentStorageTests
{
    private static readonly Instant T0 = SlaTestData.Sh(2026, 3, 2, 9);
    private readonly InMemoryDocumentStore _documents = new();
    private readonly DocumentStorage _storage;
    private readonly FakeClock _clock = new(T0);
    private readonly TicketService _tickets;

    public DocumentStorageTests()
    {
        _storage = new DocumentStorage(_documents);
        _tickets = new TicketService(_storage.Tickets, new TicketLifecycle(new TicketOptions()), _clock, new SlaCatalog([], [TicketSlaTests.DeskPolicy()], "Desk"));
    }

    [Fact]
    public async Task Tickets_ThroughTheService_ReloadEqualAndAppendOneHistoryRowPerTransition()
    {
        var id = new TicketId("T-1");
        await _tickets.OpenAsync(id, ContactChannel.Phone, TicketCategory.Repair, TicketPriority.High, "desk");
        Ticket saved = null!;
        foreach (var command in new TicketCommand[] { new TicketCommand.Assign("a"), new TicketCommand.AgentReply(), new TicketCommand.WaitOnCustomer(), new TicketCommand.CustomerReply() })
        {
            _clock.AdvanceMinutes(10);
            saved = await _tickets.ExecuteAsync(id, command, "a");
        }

        var loaded = (await _storage.Tickets.FindAsync("T-1"))!;

        Assert.Equal(saved, loaded.Entity);
        Assert.Equal(4, _documents.HistoryRowsWritten);
        Assert.Equal(new ConcurrencyToken(5), loaded.Token);
        Assert.Equal(saved.Sla!.NextChangeAt, loaded.NextDueAt);
        Assert.Equal(5, await _storage.CountPendingAsync());
        var events = await _storage.ListDeliverableAsync(_clock.GetCurrentInstant(), 10);
        Assert.Equal(["Ticket/T-1/1/0", "Ticket/T-1/2/0", "Ticket/T-1/3/0", "Ticket/T-1/4/0", "Ticket/T-1/5/0"], events.Select(e => e.Id));
        Assert.Equal(saved.History[^1], Assert.IsType<TicketTransitioned>(events[^1].Event).Transition);
    }

    [Fact]
    public async Task FindAsync_CorruptSnapshot_ThrowsSnapshotFormatAndDueWorkIsolatesIt()
    {
        foreach (var name in new[] { "T-1", "T-2" })
        {
            await _tickets.OpenAsync(new TicketId(name), ContactChannel.Phone, TicketCategory.Repair, TicketPriority.Urgent, "desk");
        }

        _documents.Corrupt("Ticket", "T-1", "{\"schemaVersion\":1,\"data\":{\"Id\":\"T-1\"}}");
        await Assert.ThrowsAsync<SnapshotFormatException>(async () => await _storage.Tickets.FindAsync("T-1"));

        _clock.AdvanceHours(2);
        var report = await _tickets.ProcessDueAsync(_clock.GetCurrentInstant());

        Assert.Equal(["T-2"], report.Changed.Select(t => t.Id.Value));
        var failure = Assert.Single(report.Failures);
        Assert.Equal(("Ticket", "T-1"), (failure.EntityKind, failure.EntityId));
        Assert.IsType<SnapshotFormatException>(failure.Error);
        var due = await _storage.Tickets.ListDueAsync(_clock.GetCurrentInstant() + Duration.FromMinutes(5), 10);
        Assert.Contains(due, d => d.Id == "T-1" && d.Due == DueWork.Retry && d.NextDueAt == _clock.GetCurrentInstant() + Duration.FromMinutes(5));
    }

    [Fact]
    public async Task ListDeliverableAsync_UnreadablePayload_IsHeldBackWithItsEntityWhileOthersGoOn()
    {
        await _tickets.OpenAsync(new TicketId("T-1"), ContactChannel.Phone, TicketCategory.Repair, TicketPriority.Low, "desk");
        await _tickets.OpenAsync(new TicketId("T-2"), ContactChannel.Phone, TicketCategory.Repair, TicketPriority.Low, "desk");
        await _tickets.ExecuteAsync(new TicketId("T-1"), new TicketCommand.Assign("a"), "a");
        _documents.CorruptMessage("Ticket/T-1/1/0", "{\"schemaVersion\":9,\"data\":{}}");

        var deliverable = await _storage.ListDeliverableAsync(_clock.GetCurrentInstant(), 10);

        Assert.Equal(["Ticket/T-2/1/0"], deliverable.Select(m => m.Id));
        Assert.Equal(3, await _storage.CountPendingAsync());
        Assert.Equal(["Ticket/T-2/1/0"], (await _storage.ListDeliverableAsync(_clock.GetCurrentInstant(), 10)).Select(m => m.Id));
    }

    [Fact]
    public async Task SaveAsync_ReplayOfASucceededSave_ConflictsAndAppendsNothing()
    {
        var ticket = await CustomerServiceJsonTests.BusyTicketAsync();
        var change = new EntityChange<Ticket>("T-9", ticket, null, ConcurrencyToken.Initial, 0, null, DueWork.None, null);
        await _storage.Tickets.SaveAsync(change);
        await Assert.ThrowsAsync<ConcurrencyConflictException>(async () => await _storage.Tickets.SaveAsync(change));

        Assert.Equal(ticket.History.Count, _documents.HistoryRowsWritten);
        Assert.Equal(ticket, (await _storage.Tickets.FindAsync("T-9"))!.Entity);
    }
    [Fact]
    public async Task FindAsync_AfterItsOwnSave_ReadsNoHistoryRowAndParsesNoSnapshot()
    {
        var id = new TicketId("T-1");
        await _tickets.OpenAsync(id, ContactChannel.Phone, TicketCategory.Repair, TicketPriority.High, "desk");
        _clock.AdvanceMinutes(10);
        var saved = await _tickets.ExecuteAsync(id, new TicketCommand.Assign("a"), "a");
        var read = _documents.HistoryRowsRead;

        var loaded = (await _storage.Tickets.FindAsync("T-1"))!;

        // The row's text is the text this storage wrote, so the entity it wrote is the parse of it.
        Assert.Same(saved, loaded.Entity);
        Assert.Equal(read, _documents.HistoryRowsRead);
        Assert.Equal(saved, (await new DocumentStorage(_documents, historyCacheSize: 0).Tickets.FindAsync("T-1"))!.Entity);
    }

    [Fact]
    public async Task FindAsync_RowWrittenByAnotherStorage_IsReadAndParsedNotServedFromTheCache()
    {
        var id = new TicketId("T-1");
        await _tickets.OpenAsync(id, ContactChannel.Phone, TicketCategory.Repair, TicketPriority.High, "desk");
        var other = new TicketService(new DocumentStorage(_documents).Tickets, new TicketLifecycle(new TicketOptions()), _clock, new SlaCatalog([], [TicketSlaTests.DeskPolicy()], "Desk"));
        _clock.AdvanceMinutes(10);
        var changedElsewhere = await other.ExecuteAsync(id, new TicketCommand.Assign("b"), "b");

        var loaded = (await _storage.Tickets.FindAsync("T-1"))!;

        Assert.Equal(changedElsewhere, loaded.Entity);
        Assert.Equal("b", loaded.Entity.AssigneeId);
        Assert.Equal(new ConcurrencyToken(2), loaded.Token);
    }

    [Fact]
    public async Task FindAsync_RowRewrittenWithTheSameTokenAndHistory_IsParsedFromItsText()
    {
        // A restored or hand-edited row keeps its token; the cache is keyed by the text, so the edit is seen.
        var id = new TicketId("T-1");
        await _tickets.OpenAsync(id, ContactChannel.Phone, TicketCategory.Repair, TicketPriority.High, "desk");
        var stored = (await _storage.Tickets.FindAsync("T-1"))!;
        _documents.Corrupt("Ticket", "T-1", CustomerServiceJson.Serialize(stored.Entity with { History = [], AssigneeId = "edited" }));

        var loaded = (await _storage.Tickets.FindAsync("T-1"))!;

        Assert.Equal("edited", loaded.Entity.AssigneeId);
        Assert.Equal(stored.Token, loaded.Token);
    }

    [Property(Arbitrary = [typeof(TicketArbitraries)], MaxTest = 60)]
    public void FindAsync_AfterAnyScript_EqualsALoadWithoutCache(TicketScript script)
    {
        var documents = new InMemoryDocumentStore();
        var storage = new DocumentStorage(documents);
        var uncached = new DocumentStorage(documents, historyCacheSize: 0);
        var clock = new FakeClock(T0);
        var service = new TicketService(storage.Tickets, new TicketLifecycle(new TicketOptions()), clock, new SlaCatalog([], [TicketSlaTests.DeskPolicy()], "Desk"));
        var id = new TicketId("T-1");
        service.OpenAsync(id, ContactChannel.Phone, TicketCategory.Repair, TicketPriority.High, "desk").GetAwaiter().GetResult();
        service.OpenAsync(new TicketId("T-other"), ContactChannel.Phone, TicketCategory.Repair, TicketPriority.High, "desk").GetAwaiter().GetResult(); // a merge target
        foreach (var step in script.Steps)
        {
            clock.Advance(Duration.FromMinutes(step.MinutesLater));
            try
            {
                service.ExecuteAsync(id, TicketArbitraries.CommandFor(step.Trigger), "a").GetAwaiter().GetResult();
            }
            catch (InvalidTransitionException<TicketState, TicketTrigger>)
            {
                // Not allowed in this state: nothing written.
            }

            var cached = storage.Tickets.FindAsync("T-1").AsTask().GetAwaiter().GetResult()!;
            var parsed = uncached.Tickets.FindAsync("T-1").AsTask().GetAwaiter().GetResult()!;
            Assert.Equal(parsed.Entity, cached.Entity);
            Assert.Equal(parsed.Token, cached.Token);
            Assert.Equal(parsed.NextDueAt, cached.NextDueAt);
        }
    }
}
