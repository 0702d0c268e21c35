using CustomerService.Core.Storage;
using CustomerService.Core.Tests.Tickets;
using CustomerService.Core.Tickets;

namespace CustomerService.Core.Tests.Conformance;

/// <summary>What the in-memory storage does beyond the conformance kit: refusing outbox message ids that would collide.</summary>
public sealed class InMemoryStorageTests
{
    private readonly InMemoryStorage _storage = new();

    private IEntityStore<Ticket> Store => _storage.GetStore<Ticket>(TicketService.EntityKind);

    private static OutboxMessage Message(string ticketId, string messageId, Ticket ticket) =>
        new() { Id = messageId, EntityKind = TicketService.EntityKind, EntityId = ticketId, Event = new TicketOpened(ticket, "desk") { Id = messageId } };

    [Fact]
    public async Task SaveAsync_MessageIdAlreadyPending_ThrowsAndWritesNothing()
    {
        var first = TicketArbitraries.NewTicket("T-1");
        await Store.SaveAsync(new EntityChange<Ticket>("T-1", first, null, ConcurrencyToken.Initial, 0, null, DueWork.None, [Message("T-1", "shared-id", first)]));
        var second = TicketArbitraries.NewTicket("T-2");

        var error = await Assert.ThrowsAsync<ArgumentException>(async () =>
            await Store.SaveAsync(new EntityChange<Ticket>("T-2", second, null, ConcurrencyToken.Initial, 0, TicketArbitraries.Start, DueWork.SlaChange, [Message("T-2", "own-id", second), Message("T-2", "shared-id", second)])));

        Assert.Equal("change", error.ParamName);
        Assert.Null(await Store.FindAsync("T-2"));
        Assert.Empty(await Store.ListDueAsync(TicketArbitraries.Start, 10));
        Assert.Equal(["shared-id"], (await _storage.ListDeliverableAsync(TicketArbitraries.Start, 10)).Select(m => m.Id));
    }

    [Fact]
    public async Task SaveAsync_MessageIdRepeatedInOneChange_ThrowsAndWritesNothing()
    {
        var ticket = TicketArbitraries.NewTicket("T-1");

        await Assert.ThrowsAsync<ArgumentException>(async () =>
            await Store.SaveAsync(new EntityChange<Ticket>("T-1", ticket, null, ConcurrencyToken.Initial, 0, null, DueWork.None, [Message("T-1", "m", ticket), Message("T-1", "m", ticket)])));

        Assert.Null(await Store.FindAsync("T-1"));
        Assert.Equal(0, await _storage.CountPendingAsync());
    }

    [Fact]
    public async Task SaveAsync_MessageIdOfADeliveredMessage_IsWrittenAgain()
    {
        var ticket = TicketArbitraries.NewTicket("T-1");
        await Store.SaveAsync(new EntityChange<Ticket>("T-1", ticket, null, ConcurrencyToken.Initial, 0, null, DueWork.None, [Message("T-1", "m", ticket)]));
        Assert.True(await _storage.MarkDeliveredAsync("m"));
        var next = ticket with { Tier = 2 };

        await Store.SaveAsync(new EntityChange<Ticket>("T-1", next, ConcurrencyToken.Initial, ConcurrencyToken.Initial.Next(), 0, null, DueWork.None, [Message("T-1", "m", next)]));

        Assert.Equal(next, (await Store.FindAsync("T-1"))!.Entity);
        Assert.Equal(1, await _storage.CountPendingAsync());
    }
}
