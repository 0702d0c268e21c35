using System.Globalization;

namespace CustomerService.Core.Storage;

/// <summary>The shared core of the in-memory stores: one lock, a dictionary of immutable snapshots.</summary>
internal sealed class InMemoryStore<TId, TEntity>(string entityType, string paramName, Func<TEntity, TId> idOf, Func<TEntity, long> versionOf, Func<TEntity, int> historyCountOf)
    where TId : notnull
    where TEntity : class
{
    private readonly Lock _gate = new();
    private readonly Dictionary<TId, TEntity> _entities = [];

    public TEntity? Find(TId id)
    {
        lock (_gate)
        {
            return _entities.GetValueOrDefault(id);
        }
    }

    public void Save(TEntity entity, long? expectedVersion)
    {
        ArgumentNullException.ThrowIfNull(entity);
        var version = versionOf(entity);
        if (version != historyCountOf(entity))
        {
            throw new ArgumentException(string.Format(CultureInfo.InvariantCulture, "The {0}'s version ({1}) must equal its history count ({2}).", entityType, version, historyCountOf(entity)), paramName);
        }

        if (expectedVersion is { } expected && version <= expected)
        {
            throw new ArgumentException(string.Format(CultureInfo.InvariantCulture, "The {0}'s version ({1}) must be after the expected version ({2}).", entityType, version, expected), nameof(expectedVersion));
        }

        var id = idOf(entity);
        lock (_gate)
        {
            long? actual = _entities.TryGetValue(id, out var stored) ? versionOf(stored) : null;
            if (actual != expectedVersion)
            {
                throw new ConcurrencyConflictException(entityType, id.ToString()!, expectedVersion, actual);
            }

            _entities[id] = entity;
        }
    }

    /// <summary>Replaces the stored entity by one at the same version (only its SLA check changed); false when the version moved on.</summary>
    public bool ReplaceSameVersion(TEntity entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        var id = idOf(entity);
        lock (_gate)
        {
            if (!_entities.TryGetValue(id, out var stored) || versionOf(stored) != versionOf(entity))
            {
                return false;
            }

            _entities[id] = entity;
            return true;
        }
    }

    /// <summary>The store interfaces' find: honours cancellation, then reads the snapshot.</summary>
    public ValueTask<TEntity?> FindAsync(TId id, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return new(Find(id));
    }

    /// <summary>The store interfaces' save: honours cancellation, then saves against the expected version.</summary>
    public ValueTask SaveAsync(TEntity entity, long? expectedVersion, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Save(entity, expectedVersion);
        return ValueTask.CompletedTask;
    }

    /// <summary>The store interfaces' SLA-check save: honours cancellation, then replaces the snapshot at the same version.</summary>
    public ValueTask<bool> SaveSlaCheckAsync(TEntity entity, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return new(ReplaceSameVersion(entity));
    }

    /// <summary>The store interfaces' queries: the matching snapshots, ordered, at most <paramref name="maxCount"/>.</summary>
    public ValueTask<IReadOnlyList<TEntity>> ListAsync<TKey>(Func<TEntity, bool> filter, Func<TEntity, TKey> orderBy, int maxCount) =>
        new(List(filter, orderBy, maxCount));

    public IReadOnlyList<TEntity> List<TKey>(Func<TEntity, bool> filter, Func<TEntity, TKey> orderBy, int maxCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxCount);
        TEntity[] all;
        lock (_gate)
        {
            all = [.. _entities.Values];
        }

        return [.. all.Where(filter).OrderBy(orderBy).Take(maxCount)];
    }
}
