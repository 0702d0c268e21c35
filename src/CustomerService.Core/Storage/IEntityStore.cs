using NodaTime;

namespace CustomerService.Core.Storage;

/// <summary>
/// Keeps one kind of entity (tickets, complaints or callbacks) in the host's database: get by id, save with optimistic
/// concurrency on a <see cref="ConcurrencyToken"/>, and list the entities whose due work has come. It holds no business
/// rule: the domain decides what to save, what is due and when; the store persists and queries.
/// </summary>
/// <remarks>
/// <para>Contract (checked by the conformance kit, package <c>CustomerService.Core.Testing</c>):</para>
/// <list type="bullet">
/// <item><see cref="SaveAsync"/> writes an <see cref="EntityChange{TEntity}"/> atomically: the snapshot, its token and due
/// work, the history entries from <see cref="EntityChange{TEntity}.HistoryStart"/> and the outbox messages, all or
/// nothing. A creation (no expected token) succeeds only if the id is absent; an update only if the stored token equals
/// the expected one; otherwise it throws <see cref="ConcurrencyConflictException"/> and writes nothing. Replaying a save
/// that succeeded fails the same way, so history is appended exactly once.</item>
/// <item><see cref="FindAsync"/> returns the snapshot with its whole history in order, its token and due work; a loaded
/// snapshot equals the saved one. <see cref="FindManyAsync"/> answers the same for several ids at once (optional: the
/// default implementation calls <see cref="FindAsync"/> for each; a database adapter overrides it with one query).</item>
/// <item><see cref="ListDueAsync"/> returns the entities with <c>NextDueAt &lt;= dueAtOrBefore</c>, ordered by
/// <c>NextDueAt</c> then by id (ordinal), at most <c>maxCount</c>.</item>
/// <item><see cref="DeferAsync"/> changes only the due work and the token, guarded like a save (it pushes an entity whose
/// processing failed back, without loading its snapshot).</item>
/// <item>A cancelled token makes a call throw <see cref="OperationCanceledException"/> before anything is written.</item>
/// <item>A database the adapter cannot use (missing, locked, read-only, corrupt, unreachable) is reported as
/// <see cref="StorageException"/> naming it (never a password).</item>
/// </list>
/// </remarks>
/// <typeparam name="TEntity">The snapshot type: <c>Ticket</c>, <c>Complaint</c> or <c>Callback</c>.</typeparam>
/// <threadsafety>Implementations must be safe to call concurrently; the package calls them from any thread.</threadsafety>
public interface IEntityStore<TEntity>
    where TEntity : class
{
    /// <summary>Loads an entity.</summary>
    /// <param name="id">The entity's identifier.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The entity with its token and due work, or <see langword="null"/> when none is stored under <paramref name="id"/>.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="id"/> is <see langword="null"/>.</exception>
    /// <exception cref="OperationCanceledException">Thrown when <paramref name="cancellationToken"/> is cancelled.</exception>
    ValueTask<StoredEntity<TEntity>?> FindAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Loads several entities at once (a claimed batch of due work), each exactly as <see cref="FindAsync"/> would.</summary>
    /// <remarks>
    /// The default implementation calls <see cref="FindAsync"/> for each id in turn. A database adapter overrides it to read
    /// the batch in one query (one round trip, one consistent snapshot of the rows). When one entity cannot be loaded (a
    /// corrupt snapshot, a store error) the whole call throws; a caller that must isolate it loads the ids one by one.
    /// </remarks>
    /// <param name="ids">The entities' identifiers; an id may appear more than once.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>One slot per id, in the order of <paramref name="ids"/>: the entity with its token and due work, or <see langword="null"/> when none is stored under that id.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="ids"/> is or holds <see langword="null"/>.</exception>
    /// <exception cref="OperationCanceledException">Thrown when <paramref name="cancellationToken"/> is cancelled.</exception>
    ValueTask<IReadOnlyList<StoredEntity<TEntity>?>> FindManyAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken = default) =>
        EntityReads.FindOneByOneAsync(this, ids, cancellationToken);

    /// <summary>Writes a change atomically if the stored token is still the expected one.</summary>
    /// <param name="change">The change: snapshot, new history entries, token, due work and outbox messages.</param>
    /// <param name="cancellationToken">Cancels the operation (before anything is written).</param>
    /// <returns>A task that completes when the change is stored.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="change"/> is <see langword="null"/>.</exception>
    /// <exception cref="ConcurrencyConflictException">Thrown when the stored token is not the expected one (or, for a creation, the id exists); nothing was written.</exception>
    /// <exception cref="OperationCanceledException">Thrown when <paramref name="cancellationToken"/> is cancelled; nothing was written.</exception>
    ValueTask SaveAsync(EntityChange<TEntity> change, CancellationToken cancellationToken = default);

    /// <summary>Lists the entities whose next due instant is at or before an instant.</summary>
    /// <param name="dueAtOrBefore">The latest due instant to include.</param>
    /// <param name="maxCount">The most entities to return; not negative.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The due entities, earliest <c>NextDueAt</c> first, then by id (ordinal).</returns>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when <paramref name="maxCount"/> is negative.</exception>
    /// <exception cref="OperationCanceledException">Thrown when <paramref name="cancellationToken"/> is cancelled.</exception>
    ValueTask<IReadOnlyList<DueEntity>> ListDueAsync(Instant dueAtOrBefore, int maxCount, CancellationToken cancellationToken = default);

    /// <summary>Replaces only an entity's due work (and its token), if the stored token is still the expected one.</summary>
    /// <param name="id">The entity's identifier.</param>
    /// <param name="expectedToken">The token from the due-work query.</param>
    /// <param name="nextDueAt">The new next due instant.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns><see langword="true"/> when stored (with the token <c>expectedToken.Next()</c> and <see cref="DueWork.Retry"/>);
    /// <see langword="false"/> when the entity is gone or its token changed (nothing was written).</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="id"/> is <see langword="null"/>.</exception>
    /// <exception cref="OperationCanceledException">Thrown when <paramref name="cancellationToken"/> is cancelled.</exception>
    ValueTask<bool> DeferAsync(string id, ConcurrencyToken expectedToken, Instant nextDueAt, CancellationToken cancellationToken = default);
}

/// <summary>
/// The outbox: domain events written with the changes that raised them, waiting for delivery. The services append to it
/// through <see cref="IEntityStore{TEntity}.SaveAsync"/> (same transaction); the <see cref="OutboxDispatcher"/> reads
/// and settles it through this interface.
/// </summary>
/// <remarks>
/// <para>Contract (checked by the conformance kit):</para>
/// <list type="bullet">
/// <item><see cref="ListDeliverableAsync"/> returns pending messages in <see cref="OutboxMessage.Sequence"/> order, at
/// most <c>maxCount</c>, leaving out every message whose entity has an earlier pending message that is not deliverable
/// yet (a failed one whose <see cref="OutboxMessage.NextAttemptAt"/> is after <c>now</c>, and that message itself): the
/// messages of one entity are delivered in the order they were written.</item>
/// <item><see cref="MarkDeliveredAsync"/> removes a message from the pending ones (an adapter may delete it or keep it as
/// delivered); <see cref="MarkFailedAsync"/> records a failed attempt and when to try again.</item>
/// </list>
/// </remarks>
/// <threadsafety>Implementations must be safe to call concurrently; the package calls them from any thread.</threadsafety>
public interface IOutboxStore
{
    /// <summary>Lists the messages that may be delivered now.</summary>
    /// <param name="now">The current instant: a failed message is deliverable again once its next attempt is at or before it.</param>
    /// <param name="maxCount">The most messages to return; not negative.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>Deliverable messages in sequence order.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when <paramref name="maxCount"/> is negative.</exception>
    /// <exception cref="OperationCanceledException">Thrown when <paramref name="cancellationToken"/> is cancelled.</exception>
    ValueTask<IReadOnlyList<OutboxMessage>> ListDeliverableAsync(Instant now, int maxCount, CancellationToken cancellationToken = default);

    /// <summary>Marks a message delivered: it is never listed again.</summary>
    /// <param name="messageId">The message's identifier.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns><see langword="true"/> when the message was pending; <see langword="false"/> when it was unknown or delivered already.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="messageId"/> is <see langword="null"/>.</exception>
    /// <exception cref="OperationCanceledException">Thrown when <paramref name="cancellationToken"/> is cancelled.</exception>
    ValueTask<bool> MarkDeliveredAsync(string messageId, CancellationToken cancellationToken = default);

    /// <summary>Records a failed delivery: the message stays pending until <paramref name="nextAttemptAt"/>.</summary>
    /// <param name="messageId">The message's identifier.</param>
    /// <param name="attempts">How many deliveries have failed now (the stored count plus one).</param>
    /// <param name="nextAttemptAt">The earliest instant of the next attempt.</param>
    /// <param name="failure">A short description of the failure (an exception type name; never customer data).</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns><see langword="true"/> when the message was pending; <see langword="false"/> when it was unknown or delivered already.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="messageId"/> or <paramref name="failure"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when <paramref name="attempts"/> is not positive.</exception>
    /// <exception cref="OperationCanceledException">Thrown when <paramref name="cancellationToken"/> is cancelled.</exception>
    ValueTask<bool> MarkFailedAsync(string messageId, int attempts, Instant nextAttemptAt, string failure, CancellationToken cancellationToken = default);

    /// <summary>Counts the pending messages (for dashboards and health checks).</summary>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The number of messages not delivered yet.</returns>
    /// <exception cref="OperationCanceledException">Thrown when <paramref name="cancellationToken"/> is cancelled.</exception>
    ValueTask<long> CountPendingAsync(CancellationToken cancellationToken = default);
}

/// <summary>The default batch read: one <see cref="IEntityStore{TEntity}.FindAsync"/> per id.</summary>
internal static class EntityReads
{
    public static void Check(IReadOnlyList<string> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        foreach (var id in ids)
        {
            ArgumentNullException.ThrowIfNull(id, nameof(ids));
        }
    }

    public static async ValueTask<IReadOnlyList<StoredEntity<TEntity>?>> FindOneByOneAsync<TEntity>(IEntityStore<TEntity> store, IReadOnlyList<string> ids, CancellationToken cancellationToken)
        where TEntity : class
    {
        Check(ids);
        cancellationToken.ThrowIfCancellationRequested();
        var found = new StoredEntity<TEntity>?[ids.Count];
        for (var i = 0; i < found.Length; i++)
        {
            found[i] = await store.FindAsync(ids[i], cancellationToken).ConfigureAwait(false);
        }

        return found;
    }
}
