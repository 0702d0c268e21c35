using NodaTime;

namespace CustomerService.Core.Storage;

/// <summary>
/// The default storage: entities of every kind and the outbox kept in process memory behind one lock, so a save and its
/// outbox messages are atomic exactly as in a database transaction. Everything is lost when the process ends.
/// </summary>
/// <remarks>
/// Good for tests, samples and single-process tools. Snapshots are kept as the immutable objects they are (no copy, no
/// serialization); the due-work query uses a sorted index, so listing due entities costs O(log n) plus the rows returned.
/// A save whose outbox message id is already pending (or repeated in the change) throws <see cref="ArgumentException"/>
/// and writes nothing, as a database's unique key on the message id would.
/// <para>
/// It supports claims (its stores are <see cref="IClaimableEntityStore{TEntity}"/>, and it is an
/// <see cref="IClaimableOutboxStore"/>), so a single process runs due work and delivery through the same claim path as
/// several nodes on PostgreSQL. Leases expire by the storage's lease clock: a monotonic stopwatch by default, or the
/// <see cref="IClock"/> given to the constructor (a test's fake clock).
/// </para>
/// </remarks>
/// <threadsafety>This type is thread-safe: every operation takes one lock, and snapshots are immutable.</threadsafety>
public sealed class InMemoryStorage : IClaimableOutboxStore
{
    private const string OutboxKind = "Outbox";
    private readonly Lock _gate = new();
    private readonly Func<Instant> _leaseClock;
    private readonly Dictionary<long, Lease> _messageLeases = [];
    private readonly Dictionary<string, object> _stores = new(StringComparer.Ordinal);
    private readonly SortedDictionary<long, OutboxMessage> _pending = [];
    private readonly Dictionary<string, long> _pendingIds = new(StringComparer.Ordinal);
    private long _sequence;

    /// <summary>Initializes a new instance of the <see cref="InMemoryStorage"/> class whose leases expire by a monotonic stopwatch.</summary>
    public InMemoryStorage()
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        _leaseClock = () => NodaConstants.UnixEpoch + Duration.FromTimeSpan(System.Diagnostics.Stopwatch.GetElapsedTime(started));
    }

    /// <summary>Initializes a new instance of the <see cref="InMemoryStorage"/> class whose leases expire by <paramref name="leaseClock"/>.</summary>
    /// <param name="leaseClock">The clock lease expiry is decided by (the host's clock; a fake clock in tests).</param>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="leaseClock"/> is <see langword="null"/>.</exception>
    public InMemoryStorage(IClock leaseClock)
    {
        ArgumentNullException.ThrowIfNull(leaseClock);
        _leaseClock = leaseClock.GetCurrentInstant;
    }

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
            _messageLeases.Remove(sequence);
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
            _messageLeases.Remove(sequence);
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

    /// <inheritdoc/>
    public ValueTask<IReadOnlyList<OutboxMessage>> ClaimDeliverableAsync(Instant now, int maxCount, string owner, Duration leaseDuration, CancellationToken cancellationToken = default)
    {
        ClaimArguments.Check(maxCount, owner, leaseDuration);
        cancellationToken.ThrowIfCancellationRequested();
        var result = new List<OutboxMessage>(Math.Min(maxCount, 64));
        lock (_gate)
        {
            var leaseNow = _leaseClock();
            var lease = new Lease(owner, leaseNow + leaseDuration);
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

                // Backing off, or leased by anyone: it and its entity's later messages wait.
                if ((message.NextAttemptAt is { } next && next > now) || (_messageLeases.TryGetValue(message.Sequence, out var held) && held.ExpiresAt > leaseNow))
                {
                    (blocked ??= []).Add(entity);
                    continue;
                }

                _messageLeases[message.Sequence] = lease;
                result.Add(message);
            }
        }

        return new(result);
    }

    /// <inheritdoc/>
    public ValueTask<bool> MarkClaimedDeliveredAsync(string messageId, string owner, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messageId);
        ArgumentNullException.ThrowIfNull(owner);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            if (!_pendingIds.TryGetValue(messageId, out var sequence))
            {
                return new(false);
            }

            CheckMessageLease(messageId, sequence, owner);
            _pendingIds.Remove(messageId);
            _pending.Remove(sequence);
            _messageLeases.Remove(sequence);
            return new(true);
        }
    }

    /// <inheritdoc/>
    public ValueTask<bool> MarkClaimedFailedAsync(string messageId, string owner, int attempts, Instant nextAttemptAt, string failure, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messageId);
        ArgumentNullException.ThrowIfNull(owner);
        ArgumentNullException.ThrowIfNull(failure);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(attempts);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            if (!_pendingIds.TryGetValue(messageId, out var sequence))
            {
                return new(false);
            }

            CheckMessageLease(messageId, sequence, owner);
            var message = _pending[sequence] with { Attempts = attempts, NextAttemptAt = nextAttemptAt, LastError = failure };
            _pending[sequence] = message;

            // The entity's later messages wait behind this one: release the owner's leases on them.
            foreach (var other in _pending.Values)
            {
                if (other.Sequence >= sequence && other.EntityKind == message.EntityKind && other.EntityId == message.EntityId
                    && _messageLeases.TryGetValue(other.Sequence, out var held) && held.Owner == owner)
                {
                    _messageLeases.Remove(other.Sequence);
                }
            }

            return new(true);
        }
    }

    /// <summary>Throws unless the pending message is leased to <paramref name="owner"/> and the lease runs; under the lock.</summary>
    private void CheckMessageLease(string messageId, long sequence, string owner)
    {
        if (!_messageLeases.TryGetValue(sequence, out var lease) || lease.Owner != owner || lease.ExpiresAt <= _leaseClock())
        {
            throw new LeaseExpiredException(OutboxKind, messageId, owner);
        }
    }

    /// <summary>Tells whether a message id is already pending or appears twice in <paramref name="messages"/>; runs under the lock.</summary>
    private bool HasRepeatedMessageId(IReadOnlyList<OutboxMessage> messages)
    {
        for (var i = 0; i < messages.Count; i++)
        {
            var id = messages[i].Id;
            var repeated = _pendingIds.ContainsKey(id);
            for (var j = 0; j < i && !repeated; j++)
            {
                repeated = string.Equals(messages[j].Id, id, StringComparison.Ordinal);
            }

            if (repeated)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>One kind's rows and due index; every member runs under the storage's lock.</summary>
    private sealed class Store<TEntity>(InMemoryStorage storage, string kind) : IClaimableEntityStore<TEntity>
        where TEntity : class
    {
        private readonly Dictionary<string, StoredEntity<TEntity>> _rows = new(StringComparer.Ordinal);
        private readonly SortedSet<(Instant DueAt, string Id)> _due = new(DueOrder.Instance);
        private readonly Dictionary<string, Lease> _leases = new(StringComparer.Ordinal);

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

                if (change.ClaimOwner is { } owner
                    && (!_leases.TryGetValue(change.Id, out var lease) || lease.Owner != owner || lease.ExpiresAt <= storage._leaseClock()))
                {
                    throw new LeaseExpiredException(kind, change.Id, owner);
                }

                // Checked before anything is written, as a database's unique key on the message id would: all or nothing.
                if (storage.HasRepeatedMessageId(change.Messages))
                {
                    throw new ArgumentException("Every outbox message id must be unique among the pending messages; nothing was written.", nameof(change));
                }

                // The due index changes only when the instant does (most saves keep it).
                var moved = stored?.NextDueAt != change.NextDueAt;
                if (moved && stored?.NextDueAt is { } before)
                {
                    _due.Remove((before, change.Id));
                }

                _rows[change.Id] = new StoredEntity<TEntity>(change.Entity, change.Token) { NextDueAt = change.NextDueAt, Due = change.Due };
                _leases.Remove(change.Id);
                if (moved && change.NextDueAt is { } after)
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
                _leases.Remove(id);
                return new(true);
            }
        }

        public ValueTask<IReadOnlyList<DueEntity>> ClaimDueAsync(Instant dueAtOrBefore, int maxCount, string owner, Duration leaseDuration, CancellationToken cancellationToken = default)
        {
            ClaimArguments.Check(maxCount, owner, leaseDuration);
            cancellationToken.ThrowIfCancellationRequested();
            var result = new List<DueEntity>();
            lock (storage._gate)
            {
                var leaseNow = storage._leaseClock();
                var lease = new Lease(owner, leaseNow + leaseDuration);
                foreach (var (dueAt, id) in _due)
                {
                    if (result.Count == maxCount || dueAt > dueAtOrBefore)
                    {
                        break;
                    }

                    if (_leases.TryGetValue(id, out var held) && held.ExpiresAt > leaseNow)
                    {
                        continue;
                    }

                    result.Add(new DueEntity(id, _rows[id].Token.Next(), dueAt, _rows[id].Due));
                }

                // A claim is a write: each claimed entity's token is replaced (the due index is unchanged).
                foreach (var claimed in result)
                {
                    _rows[claimed.Id] = _rows[claimed.Id] with { Token = claimed.Token };
                    _leases[claimed.Id] = lease;
                }
            }

            return new(result);
        }
    }

    /// <summary>A lease on a claimed entity or message: who holds it, and until when by the lease clock.</summary>
    private readonly record struct Lease(string Owner, Instant ExpiresAt);

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
