using CustomerService.Core.Storage;
using CustomerService.Core.Tickets;
using NodaTime;

namespace CustomerService.Core.Tests.Tickets;

/// <summary>Lets every participant load the entity before any of them goes on, so that their saves race on one token.</summary>
internal sealed class LoadBarrierStore(IEntityStore<Ticket> inner, int participants) : IEntityStore<Ticket>, IDisposable
{
    private readonly Barrier _barrier = new(participants);

    public void Dispose() => _barrier.Dispose();

    public async ValueTask<StoredEntity<Ticket>?> FindAsync(string id, CancellationToken cancellationToken = default)
    {
        var found = await inner.FindAsync(id, cancellationToken);
        await Task.Run(() => _barrier.SignalAndWait(TimeSpan.FromSeconds(20)), cancellationToken);
        return found;
    }

    public ValueTask SaveAsync(EntityChange<Ticket> change, CancellationToken cancellationToken = default) => inner.SaveAsync(change, cancellationToken);

    public ValueTask<IReadOnlyList<DueEntity>> ListDueAsync(Instant dueAtOrBefore, int maxCount, CancellationToken cancellationToken = default) =>
        inner.ListDueAsync(dueAtOrBefore, maxCount, cancellationToken);

    public ValueTask<bool> DeferAsync(string id, ConcurrencyToken expectedToken, Instant nextDueAt, CancellationToken cancellationToken = default) =>
        inner.DeferAsync(id, expectedToken, nextDueAt, cancellationToken);
}
