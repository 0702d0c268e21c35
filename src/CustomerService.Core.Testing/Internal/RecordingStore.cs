using CustomerService.Core.Storage;
using NodaTime;

namespace CustomerService.Core.Testing.Internal;

/// <summary>Forwards to a scratch store and keeps every change that was written, in order: the changes a service really makes.</summary>
internal sealed class RecordingStore<TEntity>(IEntityStore<TEntity> inner) : IEntityStore<TEntity>
    where TEntity : class
{
    public List<Change> Changes { get; } = [];

    public ValueTask<StoredEntity<TEntity>?> FindAsync(string id, CancellationToken cancellationToken = default) => inner.FindAsync(id, cancellationToken);

    public async ValueTask SaveAsync(EntityChange<TEntity> change, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        await inner.SaveAsync(change, cancellationToken).ConfigureAwait(false);
        lock (Changes)
        {
            Changes.Add(new Change(change.Id, change.Entity, change.ExpectedToken, change.HistoryStart, change.NextDueAt, change.Due, change.Messages));
        }
    }

    public ValueTask<IReadOnlyList<DueEntity>> ListDueAsync(Instant dueAtOrBefore, int maxCount, CancellationToken cancellationToken = default) =>
        inner.ListDueAsync(dueAtOrBefore, maxCount, cancellationToken);

    public ValueTask<bool> DeferAsync(string id, ConcurrencyToken expectedToken, Instant nextDueAt, CancellationToken cancellationToken = default) =>
        throw new InvalidOperationException("The kit's scripts never defer: a deferral would mean a script step failed.");
}
