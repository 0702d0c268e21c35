using NodaTime;

namespace CustomerService.Core.Storage;

/// <summary>
/// The default storage: entities of every kind and the outbox kept in process memory behind one lock, so a save and its
/// outbox messages are atomic exactly as in a database transaction. Everything is lost when the process ends.
/// </summary>
/// <remarks>
/// Good for tests, samples and single-process tools. Snapshots are kept as the immutable objects they are (no copy, no
/// serialization); the due-work query uses a sorted index, so listing due entities costs O(log n) plus the rows returned.
/// </remarks>
/// <threadsafety>This type is thread-safe: every operation takes one lock, and snapshots are immutable.</threadsafety>
public sealed class InMemoryStorage : IOutboxStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, object> _stores = new(StringComparer.Ordinal);
    private readonly SortedDictionary<long, OutboxMessage> _pending = [];
    private readonly Dictionary<string, long> _pendingIds = new(StringComparer.Ordinal);
    private long _sequence;

    /// <summary>Gets the store of one kind of entity, creating it on first use.</summary>
    /// <typeparam name="TEntity">The snapshot type.</typeparam>
    /// <param name="entityKind">The kind's name, for example <c>Ticket</c>; one snapshot type per name.</param>
    /// <returns>The store; every call with the same name returns the same instance.</returns>
    /// <exception cref="ArgumentException">Thrown when <paramref name="entityKind"/> is empty, or was used before with another snapshot type.</exception>
    public IEntityStore<TEntity> GetStore<TEntity>(string entityKind)
        where TEntity : class
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(entityKind);
        lock (_gate)
        {
            if (!_stores.TryGetValue(entityKind, out var store))
            {
                store = new Store<TEntity>(this, entityKind);
                _stores.Add(entityKind, store);
            }

            return store as IEntityStore<TEntity>
                ?? throw new ArgumentException($"The entity kind '{entityKind}' is stored with another snapshot type.", nameof(entityKind));
        }
    }

    /// <inheritdoc/>
    public ValueTask<IReadOnlyList<OutboxMessage>> ListDeliverableAsync(Instant now, int maxCount, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxCount);
        cancellationToken.ThrowIfCancellationRequested();
        var result = new List<OutboxMessage>(Math.Min(maxCount, 64));
        lock (_gate)
        {
            HashSet<(string Kind, string Id)>? blocked = null;
            foreach (var message in _pending.Values)
            {
                if (result.Count == maxCount)
                {
                    break;
                }

                var entity = (message.EntityKind, message.EntityId);
                if (blocked is not null && blocked.Contains(entity))
                {
                    continue;
                }

                if (message.NextAttemptAt is { } next && next > now)
                {
                    (blocked ??= []).Add(entity);
                    continue;
                }

                result.Add(message);
            }
        }

        return new(result);
    }

    /// <inheritdoc/>
    public ValueTask<bool> MarkDeliveredAsync(string messageId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messageId);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            if (!_pendingIds.Remove(messageId, out var sequence))
            {
                return new(false);
            }

            _pending.Remove(sequence);
            return new(true);
        }
    }

    /// <inheritdoc/>
    public ValueTask<bool> MarkFailedAsync(string messageId, int attempts, Instant nextAttemptAt, string failure, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messageId);
        ArgumentNullException.ThrowIfNull(failure);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(attempts);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            if (!_pendingIds.TryGetValue(messageId, out var sequence))
            {
                return new(false);
            }

            _pending[sequence] = _pending[sequence] with { Attempts = attempts, NextAttemptAt = nextAttemptAt, LastError = failure };
            return new(true);
        }
    }

    /// <inheritdoc/>
    public ValueTask<long> CountPendingAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            return new(_pending.Count);
        }
    }

    /// <summary>One kind's rows and due index; every member runs under the storage's lock.</summary>
    private sealed class Store<TEntity>(InMemoryStorage storage, string kind) : IEntityStore<TEntity>
        where TEntity : class
    {
        private readonly Dictionary<string, StoredEntity<TEntity>> _rows = new(StringComparer.Ordinal);
        private readonly SortedSet<(Instant DueAt, string Id)> _due = new(DueOrder.Instance);

        public ValueTask<StoredEntity<TEntity>?> FindAsync(string id, CancellationToken cancellationToken = default)
        {
            ArgumentNullException.ThrowIfNull(id);
            cancellationToken.ThrowIfCancellationRequested();
            lock (storage._gate)
            {
                return new(_rows.GetValueOrDefault(id));
            }
        }

        public ValueTask SaveAsync(EntityChange<TEntity> change, CancellationToken cancellationToken = default)
        {
            ArgumentNullException.ThrowIfNull(change);
            cancellationToken.ThrowIfCancellationRequested();
            lock (storage._gate)
            {
                var stored = _rows.GetValueOrDefault(change.Id);
                if (stored?.Token != change.ExpectedToken)
                {
                    throw new ConcurrencyConflictException(kind, change.Id, change.ExpectedToken, stored?.Token);
                }

                if (stored?.NextDueAt is { } before)
                {
                    _due.Remove((before, change.Id));
                }

                _rows[change.Id] = new StoredEntity<TEntity>(change.Entity, change.Token) { NextDueAt = change.NextDueAt, Due = change.Due };
                if (change.NextDueAt is { } after)
                {
                    _due.Add((after, change.Id));
                }

                foreach (var message in change.Messages)
                {
                    var sequence = ++storage._sequence;
                    storage._pending.Add(sequence, message with { Sequence = sequence });
                    storage._pendingIds.Add(message.Id, sequence);
                }
            }

            return ValueTask.CompletedTask;
        }

        public ValueTask<IReadOnlyList<DueEntity>> ListDueAsync(Instant dueAtOrBefore, int maxCount, CancellationToken cancellationToken = default)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(maxCount);
            cancellationToken.ThrowIfCancellationRequested();
            var result = new List<DueEntity>();
            lock (storage._gate)
            {
                foreach (var (dueAt, id) in _due)
                {
                    if (result.Count == maxCount || dueAt > dueAtOrBefore)
                    {
                        break;
                    }

                    var row = _rows[id];
                    result.Add(new DueEntity(id, row.Token, dueAt, row.Due));
                }
            }

            return new(result);
        }

        public ValueTask<bool> DeferAsync(string id, ConcurrencyToken expectedToken, Instant nextDueAt, CancellationToken cancellationToken = default)
        {
            ArgumentNullException.ThrowIfNull(id);
            cancellationToken.ThrowIfCancellationRequested();
            lock (storage._gate)
            {
                if (!_rows.TryGetValue(id, out var stored) || stored.Token != expectedToken)
                {
                    return new(false);
                }

                if (stored.NextDueAt is { } before)
                {
                    _due.Remove((before, id));
                }

                _rows[id] = stored with { Token = expectedToken.Next(), NextDueAt = nextDueAt, Due = DueWork.Retry };
                _due.Add((nextDueAt, id));
                return new(true);
            }
        }
    }

    /// <summary>Orders the due index by instant, then by id (ordinal), as the contract's query does.</summary>
    private sealed class DueOrder : IComparer<(Instant DueAt, string Id)>
    {
        public static readonly DueOrder Instance = new();

        public int Compare((Instant DueAt, string Id) x, (Instant DueAt, string Id) y)
        {
            var byTime = x.DueAt.CompareTo(y.DueAt);
            return byTime != 0 ? byTime : string.CompareOrdinal(x.Id, y.Id);
        }
    }
}
