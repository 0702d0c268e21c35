using CustomerService.Core.Storage;
using CustomerService.Core.Tickets;
using NodaTime;
using NodaTime.Testing;

namespace CustomerService.Core.Tests.Conformance;

/// <summary>
/// <see cref="IClaimableEntityStore{TEntity}.ClaimDueAndLoadAsync"/>'s default implementation (claim, then one batch read,
/// one read per entity when the batch read fails) and <see cref="ClaimedEntity{TEntity}"/>'s argument checks.
/// </summary>
public sealed class ClaimDueAndLoadTests
{
    private static readonly Instant Start = Instant.FromUtc(2026, 3, 2, 1, 0);
    private static readonly TicketLifecycle Lifecycle = new(new TicketOptions());

    [Fact]
    public void ClaimedEntity_NoIdOrNoError_ThrowsNamingTheArgument()
    {
        var due = new DueEntity("T-1", ConcurrencyToken.Initial, Start, DueWork.HoldDeadline);

        Assert.Equal("due", Assert.Throws<ArgumentNullException>(() => new ClaimedEntity<Ticket>(default, (StoredEntity<Ticket>?)null)).ParamName);
        Assert.Equal("due", Assert.Throws<ArgumentNullException>(() => new ClaimedEntity<Ticket>(default, new InvalidOperationException())).ParamName);
        Assert.Equal("loadError", Assert.Throws<ArgumentNullException>(() => new ClaimedEntity<Ticket>(due, (Exception)null!)).ParamName);
        var gone = new ClaimedEntity<Ticket>(due, (StoredEntity<Ticket>?)null);
        Assert.Equal((due, null, null), (gone.Due, gone.Stored, gone.LoadError));
    }

    [Fact]
    public async Task ClaimDueAndLoadAsync_DefaultWithOneTicketThatCannotBeLoaded_KeepsTheErrorWithThatTicketAndLoadsTheOthers()
    {
        var clock = new FakeClock(Start);
        var storage = new InMemoryStorage();
        var inner = (IClaimableEntityStore<Ticket>)storage.GetStore<Ticket>(TicketService.EntityKind);
        await DispatchTicketsAsync(new TicketService(inner, Lifecycle, clock), 4);
        clock.Advance(Duration.FromHours(2));
        var store = new OneUnreadableStore(inner, "T-002");

        var claimed = await ((IClaimableEntityStore<Ticket>)store).ClaimDueAndLoadAsync(clock.GetCurrentInstant(), 10, "node-a", Duration.FromMinutes(5));

        Assert.Equal(["T-000", "T-001", "T-002", "T-003"], claimed.Select(c => c.Due.Id));
        Assert.IsType<InvalidDataException>(claimed[2].LoadError);
        Assert.Null(claimed[2].Stored);
        foreach (var c in claimed.Where(c => c.Due.Id != "T-002"))
        {
            Assert.Null(c.LoadError);
            Assert.Equal(await inner.FindAsync(c.Due.Id), c.Stored);
            Assert.Equal(c.Due.Token, c.Stored!.Token);
        }

        // The claim holds for all four, the unreadable one included.
        Assert.Empty(await inner.ClaimDueAsync(clock.GetCurrentInstant(), 10, "node-b", Duration.FromMinutes(5)));
    }

    [Fact]
    public async Task ProcessDueAsync_OneTicketThatCannotBeLoaded_FailsOnlyThatTicket()
    {
        var clock = new FakeClock(Start);
        var storage = new InMemoryStorage();
        var inner = (IClaimableEntityStore<Ticket>)storage.GetStore<Ticket>(TicketService.EntityKind);
        await DispatchTicketsAsync(new TicketService(inner, Lifecycle, clock), 4);
        clock.Advance(Duration.FromHours(2));

        var report = await new TicketService(new OneUnreadableStore(inner, "T-001"), Lifecycle, clock, dueWork: new DueWorkOptions { NodeId = "node-a" }).ProcessDueAsync(clock.GetCurrentInstant());

        Assert.Equal(4, report.Listed);
        Assert.Equal(["T-000", "T-002", "T-003"], report.Changed.Select(t => t.Id.Value));
        var failure = Assert.Single(report.Failures);
        Assert.Equal("T-001", failure.EntityId);
        Assert.IsType<InvalidDataException>(failure.Error);
        var deferred = (await inner.FindAsync("T-001"))!;
        Assert.Equal((clock.GetCurrentInstant() + new DueWorkOptions().FailureBackoff, DueWork.Retry), (deferred.NextDueAt!.Value, deferred.Due));
    }

    private static async Task DispatchTicketsAsync(TicketService service, int count)
    {
        for (var i = 0; i < count; i++)
        {
            var id = new TicketId($"T-{i:D3}");
            await service.OpenAsync(id, ContactChannel.Phone, TicketCategory.Repair, TicketPriority.Normal, "desk");
            await service.ExecuteAsync(id, new TicketCommand.Assign("agent-1"), "agent-1");
            await service.ExecuteAsync(id, new TicketCommand.Dispatch("billing", Duration.FromHours(1)), "agent-1");
        }
    }

    /// <summary>A claimable store with only the required members (so the batch members run their defaults) whose reads of one id fail.</summary>
    private sealed class OneUnreadableStore(IClaimableEntityStore<Ticket> inner, string unreadable) : IClaimableEntityStore<Ticket>
    {
        public ValueTask<IReadOnlyList<DueEntity>> ClaimDueAsync(Instant dueAtOrBefore, int maxCount, string owner, Duration leaseDuration, CancellationToken cancellationToken = default) =>
            inner.ClaimDueAsync(dueAtOrBefore, maxCount, owner, leaseDuration, cancellationToken);

        public ValueTask<StoredEntity<Ticket>?> FindAsync(string id, CancellationToken cancellationToken = default) =>
            id == unreadable ? throw new InvalidDataException($"'{id}' cannot be read.") : inner.FindAsync(id, cancellationToken);

        public ValueTask SaveAsync(EntityChange<Ticket> change, CancellationToken cancellationToken = default) => inner.SaveAsync(change, cancellationToken);

        public ValueTask<IReadOnlyList<DueEntity>> ListDueAsync(Instant dueAtOrBefore, int maxCount, CancellationToken cancellationToken = default) => inner.ListDueAsync(dueAtOrBefore, maxCount, cancellationToken);

        public ValueTask<bool> DeferAsync(string id, ConcurrencyToken expectedToken, Instant nextDueAt, CancellationToken cancellationToken = default) => inner.DeferAsync(id, expectedToken, nextDueAt, cancellationToken);
    }
}
