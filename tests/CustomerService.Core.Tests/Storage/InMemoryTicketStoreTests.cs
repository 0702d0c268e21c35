using CustomerService.Core.Sla;
using CustomerService.Core.Storage;
using CustomerService.Core.Tests.Tickets;
using CustomerService.Core.Tickets;
using NodaTime;

namespace CustomerService.Core.Tests.Storage;

public sealed class InMemoryTicketStoreTests
{
    private static readonly Instant T0 = TicketArbitraries.Start;
    private readonly TicketLifecycle _lifecycle = new(new TicketOptions());
    private readonly InMemoryTicketStore _store = new();

    [Fact]
    public async Task SaveAsync_NewThenNextVersion_FindReturnsTheLatest()
    {
        var ticket = TicketArbitraries.NewTicket();
        await _store.SaveAsync(ticket, null);
        var assigned = _lifecycle.Apply(ticket, new TicketCommand.Assign("a"), "a", T0);
        await _store.SaveAsync(assigned, 0);

        var found = await _store.FindAsync(ticket.Id);
        Assert.Same(assigned, found);
        Assert.Null(await _store.FindAsync(new TicketId("absent")));
    }

    [Fact]
    public async Task SaveAsync_StaleVersion_ThrowsWithBothVersionsAndWritesNothing()
    {
        var ticket = TicketArbitraries.NewTicket();
        await _store.SaveAsync(ticket, null);
        var first = _lifecycle.Apply(ticket, new TicketCommand.Assign("a"), "a", T0);
        var second = _lifecycle.Apply(ticket, new TicketCommand.Cancel(TicketCancelReason.Spam), "b", T0);
        await _store.SaveAsync(first, 0);

        var error = await Assert.ThrowsAsync<ConcurrencyConflictException>(async () => await _store.SaveAsync(_lifecycle.Apply(first, new TicketCommand.AgentReply(), "a", T0), 0));
        Assert.Equal(("Ticket", "T-1", (long?)0, (long?)1), (error.EntityType, error.Id, error.ExpectedVersion, error.ActualVersion));
        await Assert.ThrowsAsync<ConcurrencyConflictException>(async () => await _store.SaveAsync(second, 0));
        Assert.Same(first, await _store.FindAsync(ticket.Id));
    }

    [Fact]
    public async Task SaveAsync_CreateTwice_ThrowsConflictNamingNoExpectedVersion()
    {
        await _store.SaveAsync(TicketArbitraries.NewTicket(), null);
        var error = await Assert.ThrowsAsync<ConcurrencyConflictException>(async () => await _store.SaveAsync(TicketArbitraries.NewTicket(), null));
        Assert.Null(error.ExpectedVersion);
        Assert.Equal(0, error.ActualVersion);
        Assert.DoesNotContain("agent", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SaveAsync_UpdateOfAMissingTicket_ThrowsConflictWithNoActualVersion()
    {
        var ticket = _lifecycle.Apply(TicketArbitraries.NewTicket(), new TicketCommand.Assign("a"), "a", T0);
        var error = await Assert.ThrowsAsync<ConcurrencyConflictException>(async () => await _store.SaveAsync(ticket, 0));
        Assert.Null(error.ActualVersion);
    }

    [Fact]
    public async Task SaveAsync_VersionNotHistoryCountOrNotAfterExpected_ThrowsArgumentException()
    {
        var ticket = TicketArbitraries.NewTicket();
        Assert.Equal("ticket", (await Assert.ThrowsAsync<ArgumentException>(async () => await _store.SaveAsync(ticket with { Version = 2 }, null))).ParamName);
        Assert.Equal("expectedVersion", (await Assert.ThrowsAsync<ArgumentException>(async () => await _store.SaveAsync(ticket, 0))).ParamName);
        Assert.Null(await _store.FindAsync(ticket.Id));
    }

    [Fact]
    public async Task ListSolvedBeforeAsync_MixedTickets_ReturnsSolvedOnesUpToTheInstantOldestFirst()
    {
        async Task<Ticket> Save(string id, Instant? solvedAt)
        {
            var ticket = _lifecycle.Apply(TicketArbitraries.NewTicket(id), new TicketCommand.Assign("a"), "a", T0);
            if (solvedAt is { } at)
            {
                ticket = _lifecycle.Apply(ticket, new TicketCommand.Solve("FIXED", false), "a", at);
            }

            await _store.SaveAsync(ticket, null);
            return ticket;
        }

        var late = await Save("late", T0 + Duration.FromDays(2));
        var early = await Save("early", T0 + Duration.FromDays(1));
        await Save("open", null);
        await Save("future", T0 + Duration.FromDays(9));

        var due = await _store.ListSolvedBeforeAsync(T0 + Duration.FromDays(2), 10);
        Assert.Equal([early.Id, late.Id], due.Select(t => t.Id));
        Assert.Single(await _store.ListSolvedBeforeAsync(T0 + Duration.FromDays(2), 1));
    }

    private static Ticket WithNextChange(string id, Instant? next) =>
        Ticket.Create(new TicketId(id), ContactChannel.Email, TicketCategory.Inquiry, TicketPriority.Normal, T0) with
        {
            Sla = new SlaClockSet { PolicyName = "Desk", Priority = "Normal", CheckedAt = T0, NextChangeAt = next },
        };

    [Fact]
    public async Task ListSlaDueAsync_MixedNextChanges_ReturnsDueOnesEarliestFirstUpToMax()
    {
        await _store.SaveAsync(WithNextChange("T-late", T0 + Duration.FromHours(3)), null);
        await _store.SaveAsync(WithNextChange("T-early", T0 + Duration.FromHours(1)), null);
        await _store.SaveAsync(WithNextChange("T-mid", T0 + Duration.FromHours(2)), null);
        await _store.SaveAsync(WithNextChange("T-none", null), null);
        await _store.SaveAsync(TicketArbitraries.NewTicket(), null);

        var due = await _store.ListSlaDueAsync(T0 + Duration.FromHours(2), 10);
        var first = await _store.ListSlaDueAsync(T0 + Duration.FromHours(5), 1);

        Assert.Equal(["T-early", "T-mid"], due.Select(t => t.Id.Value));
        Assert.Equal(["T-early"], first.Select(t => t.Id.Value));
    }

    [Fact]
    public async Task SaveSlaCheckAsync_SameVersion_ReplacesAndStaleOrMissing_WritesNothing()
    {
        var ticket = WithNextChange("T-1", T0 + Duration.FromHours(1));
        await _store.SaveAsync(ticket, null);
        var checkedTicket = ticket with { Sla = ticket.Sla! with { CheckedAt = T0 + Duration.FromHours(1), NextChangeAt = null } };

        Assert.True(await _store.SaveSlaCheckAsync(checkedTicket));
        Assert.Same(checkedTicket, await _store.FindAsync(ticket.Id));

        var assigned = _lifecycle.Apply(checkedTicket, new TicketCommand.Assign("a"), "a", T0);
        await _store.SaveAsync(assigned, 0);
        Assert.False(await _store.SaveSlaCheckAsync(checkedTicket));
        Assert.Same(assigned, await _store.FindAsync(ticket.Id));
        Assert.False(await _store.SaveSlaCheckAsync(WithNextChange("T-absent", null)));
        Assert.Null(await _store.FindAsync(new TicketId("T-absent")));
    }
}
