using NodaTime;

namespace CustomerService.Core.Storage;

/// <summary>
/// An entity store that several nodes (host processes on one database) can share: a node <em>claims</em> a batch of due
/// entities with a lease, so no other node processes them while the lease runs. An optional capability: the services
/// use it when their store implements it and the plain <see cref="IEntityStore{TEntity}.ListDueAsync"/> otherwise, so a
/// single-node adapter needs nothing of it.
/// </summary>
/// <remarks>
/// <para>Contract (checked by the conformance kit when its <c>SupportsClaims</c> is <see langword="true"/>):</para>
/// <list type="bullet">
/// <item><see cref="ClaimDueAsync"/> atomically takes up to <c>maxCount</c> entities with <c>NextDueAt &lt;= dueAtOrBefore</c>
/// that hold no unexpired lease, records the lease <c>(owner, expiresAt = the store's clock + leaseDuration)</c> on each,
/// replaces each one's token by <c>token.Next()</c> (a claim is a write), and returns them with their new tokens, earliest
/// <c>NextDueAt</c> first, then by id (ordinal). Concurrent claimers never receive the same entity; an entity claimed
/// by one owner is claimable again only once its lease has expired by the store's clock. Rows another claimer is
/// taking at that moment may be skipped (<c>SKIP LOCKED</c>), so a batch can be shorter than the due list.</item>
/// <item>Completing a claim is a normal <see cref="IEntityStore{TEntity}.SaveAsync"/> whose change carries
/// <see cref="EntityChange{TEntity}.ClaimOwner"/> and the claimed token: the store writes it only while the token matches
/// (otherwise <see cref="ConcurrencyConflictException"/>: someone wrote or reclaimed since) <em>and</em> the entity's lease
/// is the owner's and unexpired by the store's clock (otherwise <see cref="LeaseExpiredException"/>); either way nothing
/// is written.</item>
/// <item>Every write clears the lease: a save (with or without <c>ClaimOwner</c>) and a
/// <see cref="IEntityStore{TEntity}.DeferAsync"/>. A save without <c>ClaimOwner</c> (a user's command) is guarded by the
/// token alone, as on any store; a deferral too (it publishes nothing).</item>
/// <item><see cref="IEntityStore{TEntity}.ListDueAsync"/> is unchanged: it lists leased entities too.</item>
/// <item><see cref="CompleteClaimsAsync"/> completes a whole claimed batch at once: each change is written or refused
/// exactly as its own completing save would be, independently of the others, and its outcome is reported in its own
/// slot. Optional: the default implementation saves the changes one by one; a database adapter overrides it to write
/// the batch in one round trip and one commit.</item>
/// </list>
/// <para>
/// <b>Whose clock.</b> Which entities are due is decided by the caller's <c>dueAtOrBefore</c> (domain time, as for
/// <see cref="IEntityStore{TEntity}.ListDueAsync"/>); when a lease expires is decided by the store's own clock (the
/// database server's in PostgreSQL), both when claiming and when completing, so the clocks of the nodes, however far
/// apart, can never let two nodes hold one lease.
/// </para>
/// </remarks>
/// <typeparam name="TEntity">The snapshot type.</typeparam>
/// <threadsafety>Implementations must be safe to call concurrently, from one process or many.</threadsafety>
public interface IClaimableEntityStore<TEntity> : IEntityStore<TEntity>
    where TEntity : class
{
    /// <summary>Claims a batch of due entities for one owner, with a lease.</summary>
    /// <param name="dueAtOrBefore">The latest due instant to include (the caller's "now").</param>
    /// <param name="maxCount">The most entities to claim; not negative.</param>
    /// <param name="owner">The claiming node's identifier (for example <c>host-1/4242</c>); not empty, at most 200 characters.</param>
    /// <param name="leaseDuration">How long the lease runs, by the store's clock; positive.</param>
    /// <param name="cancellationToken">Cancels the operation (before anything is claimed).</param>
    /// <returns>The claimed entities with their new tokens, earliest <c>NextDueAt</c> first, then by id (ordinal).</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="owner"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">Thrown when <paramref name="owner"/> is empty or longer than 200 characters.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when <paramref name="maxCount"/> is negative or <paramref name="leaseDuration"/> is not positive.</exception>
    /// <exception cref="OperationCanceledException">Thrown when <paramref name="cancellationToken"/> is cancelled; nothing was claimed.</exception>
    ValueTask<IReadOnlyList<DueEntity>> ClaimDueAsync(Instant dueAtOrBefore, int maxCount, string owner, Duration leaseDuration, CancellationToken cancellationToken = default);

    /// <summary>Completes a batch of claims: writes each change as its own <see cref="IEntityStore{TEntity}.SaveAsync"/> would, each all or nothing and independently of the others.</summary>
    /// <remarks>
    /// <para>
    /// Every change must carry <see cref="EntityChange{TEntity}.ClaimOwner"/> and the claimed token as its expected token.
    /// Each is written only while its token matches and its lease is the owner's and unexpired by the store's clock; a
    /// change refused for its token, its lease or anything about it alone (an outbox message id already pending) writes
    /// nothing and is reported in its slot (<see cref="ClaimCompletion.NotSaved"/>), and the other changes are written.
    /// The due-work path uses this so that a claimed batch costs one call instead of one save per entity.
    /// </para>
    /// <para>
    /// The default implementation saves the changes one by one and reports each save's exception in its slot (a
    /// cancellation excepted). An adapter that overrides it may write the batch in one transaction; it may also throw for
    /// the whole batch when the database fails — then each change was written entirely or not at all (reload to know
    /// which), never in part.
    /// </para>
    /// </remarks>
    /// <param name="changes">The completions, at most one per entity, each with <see cref="EntityChange{TEntity}.ClaimOwner"/> set.</param>
    /// <param name="cancellationToken">Cancels the operation; cancelled before it starts, nothing is written. A cancellation once writing has begun may leave some changes written (each one whole).</param>
    /// <returns>One outcome per change, in the order of <paramref name="changes"/>.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="changes"/> is or holds <see langword="null"/>; nothing was written.</exception>
    /// <exception cref="ArgumentException">Thrown when a change has no <see cref="EntityChange{TEntity}.ClaimOwner"/>, or two changes are of one entity; nothing was written.</exception>
    /// <exception cref="OperationCanceledException">Thrown when <paramref name="cancellationToken"/> is cancelled.</exception>
    ValueTask<IReadOnlyList<ClaimCompletion>> CompleteClaimsAsync(IReadOnlyList<EntityChange<TEntity>> changes, CancellationToken cancellationToken = default) =>
        ClaimCompletions.SaveOneByOneAsync(this, changes, cancellationToken);

    /// <summary>Claims a batch of due entities exactly as <see cref="ClaimDueAsync"/> does, and loads each claimed entity.</summary>
    /// <remarks>
    /// <para>
    /// The claim is the same in every respect (which entities, the leases, the new tokens, the order, what concurrent
    /// claimers see). Each claimed entity comes with what <see cref="IEntityStore{TEntity}.FindAsync"/> would return for it
    /// (<see cref="ClaimedEntity{TEntity}.Stored"/>), or with the error loading it raised (<see cref="ClaimedEntity{TEntity}.LoadError"/>):
    /// one entity that cannot be loaded (a corrupt snapshot) never fails the claim or the others.
    /// </para>
    /// <para>
    /// The default implementation calls <see cref="ClaimDueAsync"/>, then <see cref="IEntityStore{TEntity}.FindManyAsync"/>
    /// (and, when that throws, <see cref="IEntityStore{TEntity}.FindAsync"/> per entity to keep each error with its entity);
    /// an entity written after the claim is then loaded as written. A database adapter overrides it to return the rows
    /// from the claim's own statement (one round trip, no second lookup); each entity's token is then the claim's.
    /// The due-work path of the services uses this member.
    /// </para>
    /// </remarks>
    /// <param name="dueAtOrBefore">The latest due instant to include (the caller's "now").</param>
    /// <param name="maxCount">The most entities to claim; not negative.</param>
    /// <param name="owner">The claiming node's identifier; not empty, at most 200 characters.</param>
    /// <param name="leaseDuration">How long the lease runs, by the store's clock; positive.</param>
    /// <param name="cancellationToken">Cancels the operation (before anything is claimed). A cancellation after the claim leaves the entities leased until their leases expire.</param>
    /// <returns>The claimed entities, in the order of <see cref="ClaimDueAsync"/>, each loaded or with its load error.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="owner"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">Thrown when <paramref name="owner"/> is empty or longer than 200 characters.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when <paramref name="maxCount"/> is negative or <paramref name="leaseDuration"/> is not positive.</exception>
    /// <exception cref="OperationCanceledException">Thrown when <paramref name="cancellationToken"/> is cancelled.</exception>
    ValueTask<IReadOnlyList<ClaimedEntity<TEntity>>> ClaimDueAndLoadAsync(Instant dueAtOrBefore, int maxCount, string owner, Duration leaseDuration, CancellationToken cancellationToken = default) =>
        ClaimLoads.ClaimThenFindAsync(this, dueAtOrBefore, maxCount, owner, leaseDuration, cancellationToken);
}

/// <summary>
/// An outbox that several nodes can deliver at once: a node claims deliverable messages with a lease, whole entity
/// streams at a time, so each entity's events keep their order across nodes. An optional capability, used by the
/// <see cref="OutboxDispatcher"/> when the store implements it.
/// </summary>
/// <remarks>
/// <para>Contract (checked by the conformance kit when its <c>SupportsClaims</c> is <see langword="true"/>):</para>
/// <list type="bullet">
/// <item><see cref="ClaimDeliverableAsync"/> atomically takes up to <c>maxCount</c> pending messages in sequence order
/// that are deliverable at <c>now</c> (never tried, or their retry instant has come), hold no unexpired lease, and whose
/// entity has no earlier pending message that is backing off or leased (by anyone): a message is claimable only when
/// every earlier message of its entity is claimable with it. It leases them to the owner until the store's clock plus
/// <c>leaseDuration</c> and returns them. Concurrent claimers never receive the same message.</item>
/// <item><see cref="MarkClaimedDeliveredAsync"/> and
/// <see cref="MarkClaimedFailedAsync"/> settle a claimed message: they
/// write only while the message's lease is the owner's and unexpired by the store's clock, and otherwise throw
/// <see cref="LeaseExpiredException"/> (another node may be delivering it: the event is delivered at least once, with
/// the same id). A failure also releases the owner's leases on the entity's later messages, which wait behind it. The owner-less <see cref="IOutboxStore"/> methods keep working as before.</item>
/// </list>
/// </remarks>
/// <threadsafety>Implementations must be safe to call concurrently, from one process or many.</threadsafety>
public interface IClaimableOutboxStore : IOutboxStore
{
    /// <summary>Claims a batch of deliverable messages for one owner, with a lease.</summary>
    /// <param name="now">The current instant: a failed message is deliverable again once its next attempt is at or before it.</param>
    /// <param name="maxCount">The most messages to claim; not negative.</param>
    /// <param name="owner">The claiming node's identifier; not empty, at most 200 characters.</param>
    /// <param name="leaseDuration">How long the lease runs, by the store's clock; positive.</param>
    /// <param name="cancellationToken">Cancels the operation (before anything is claimed).</param>
    /// <returns>The claimed messages in sequence order.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="owner"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">Thrown when <paramref name="owner"/> is empty or longer than 200 characters.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when <paramref name="maxCount"/> is negative or <paramref name="leaseDuration"/> is not positive.</exception>
    /// <exception cref="OperationCanceledException">Thrown when <paramref name="cancellationToken"/> is cancelled; nothing was claimed.</exception>
    ValueTask<IReadOnlyList<OutboxMessage>> ClaimDeliverableAsync(Instant now, int maxCount, string owner, Duration leaseDuration, CancellationToken cancellationToken = default);

    /// <summary>Marks a claimed message delivered, if the owner's lease on it still runs.</summary>
    /// <param name="messageId">The message's identifier.</param>
    /// <param name="owner">The owner that claimed it.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns><see langword="true"/> when it was pending and is now delivered; <see langword="false"/> when it was unknown or delivered already.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="messageId"/> or <paramref name="owner"/> is <see langword="null"/>.</exception>
    /// <exception cref="LeaseExpiredException">Thrown when the message is pending but not leased to <paramref name="owner"/> any more; nothing was written.</exception>
    /// <exception cref="OperationCanceledException">Thrown when <paramref name="cancellationToken"/> is cancelled.</exception>
    ValueTask<bool> MarkClaimedDeliveredAsync(string messageId, string owner, CancellationToken cancellationToken = default);

    /// <summary>Records a failed delivery of a claimed message and releases the owner's leases on it and its entity's later messages, if the owner's lease on it still runs.</summary>
    /// <param name="messageId">The message's identifier.</param>
    /// <param name="owner">The owner that claimed it.</param>
    /// <param name="attempts">How many deliveries have failed now (the stored count plus one).</param>
    /// <param name="nextAttemptAt">The earliest instant of the next attempt.</param>
    /// <param name="failure">A short description of the failure (an exception type name; never customer data).</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns><see langword="true"/> when it was pending; <see langword="false"/> when it was unknown or delivered already.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="messageId"/>, <paramref name="owner"/> or <paramref name="failure"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when <paramref name="attempts"/> is not positive.</exception>
    /// <exception cref="LeaseExpiredException">Thrown when the message is pending but not leased to <paramref name="owner"/> any more; nothing was written.</exception>
    /// <exception cref="OperationCanceledException">Thrown when <paramref name="cancellationToken"/> is cancelled.</exception>
    ValueTask<bool> MarkClaimedFailedAsync(string messageId, string owner, int attempts, Instant nextAttemptAt, string failure, CancellationToken cancellationToken = default);
}

/// <summary>Argument checks shared by the claim implementations.</summary>
internal static class ClaimArguments
{
    public const int MaxOwnerLength = 200;

    public static void Check(int maxCount, string owner, Duration leaseDuration)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxCount);
        CheckOwner(owner);
        if (leaseDuration <= Duration.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(leaseDuration), leaseDuration, "The lease duration must be positive.");
        }
    }

    /// <summary>Checks a batch of claim completions: no null, every change completes a claim, one change per entity.</summary>
    public static void CheckCompletions<TChange>(IReadOnlyList<TChange> changes, Func<TChange, string> idOf, Func<TChange, string?> ownerOf, Func<TChange, bool> isUpdate)
        where TChange : class
    {
        ArgumentNullException.ThrowIfNull(changes);
        var ids = new HashSet<string>(changes.Count, StringComparer.Ordinal);
        foreach (var change in changes)
        {
            ArgumentNullException.ThrowIfNull(change, nameof(changes));
            if (ownerOf(change) is not { } owner || !isUpdate(change))
            {
                throw new ArgumentException("Every completion must name its ClaimOwner and expect the claimed token.", nameof(changes));
            }

            CheckOwner(owner);
            if (!ids.Add(idOf(change)))
            {
                throw new ArgumentException("A batch of completions may hold one change per entity.", nameof(changes));
            }
        }
    }

    public static void CheckOwner(string owner)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(owner);
        if (owner.Length > MaxOwnerLength)
        {
            throw new ArgumentException($"The owner must be at most {MaxOwnerLength} characters.", nameof(owner));
        }
    }
}

/// <summary>The default completion of a claimed batch: one save per change, each outcome in its slot.</summary>
internal static class ClaimCompletions
{
    public static void Check<TEntity>(IReadOnlyList<EntityChange<TEntity>> changes)
        where TEntity : class =>
        ClaimArguments.CheckCompletions(changes, static c => c.Id, static c => c.ClaimOwner, static c => c.ExpectedToken is not null);

    public static async ValueTask<IReadOnlyList<ClaimCompletion>> SaveOneByOneAsync<TEntity>(IEntityStore<TEntity> store, IReadOnlyList<EntityChange<TEntity>> changes, CancellationToken cancellationToken)
        where TEntity : class
    {
        Check(changes);
        cancellationToken.ThrowIfCancellationRequested();
        var outcomes = new ClaimCompletion[changes.Count];
        for (var i = 0; i < changes.Count; i++)
        {
            outcomes[i] = await SaveOneAsync(store.SaveAsync, changes[i], cancellationToken).ConfigureAwait(false);
        }

        return outcomes;
    }

    /// <summary>Saves one change and reports what became of it; only a cancellation of the whole batch escapes.</summary>
    public static async ValueTask<ClaimCompletion> SaveOneAsync<TChange>(Func<TChange, CancellationToken, ValueTask> save, TChange change, CancellationToken cancellationToken)
    {
        try
        {
            await save(change, cancellationToken).ConfigureAwait(false);
            return ClaimCompletion.Saved;
        }
        catch (Exception e) when (!(e is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            return ClaimCompletion.NotSaved(e);
        }
    }
}

/// <summary>The default claim-and-load: the claim, then one batch read (one read per entity when the batch read fails, so that each error stays with its entity).</summary>
internal static class ClaimLoads
{
    public static async ValueTask<IReadOnlyList<ClaimedEntity<TEntity>>> ClaimThenFindAsync<TEntity>(IClaimableEntityStore<TEntity> store, Instant dueAtOrBefore, int maxCount, string owner, Duration leaseDuration, CancellationToken cancellationToken)
        where TEntity : class
    {
        ClaimArguments.Check(maxCount, owner, leaseDuration);
        var due = await store.ClaimDueAsync(dueAtOrBefore, maxCount, owner, leaseDuration, cancellationToken).ConfigureAwait(false);
        var claimed = new ClaimedEntity<TEntity>[due.Count];
        if (due.Count == 0)
        {
            return claimed;
        }

        var ids = new string[due.Count];
        for (var i = 0; i < ids.Length; i++)
        {
            ids[i] = due[i].Id;
        }

        try
        {
            var found = await store.FindManyAsync(ids, cancellationToken).ConfigureAwait(false);
            if (found.Count == ids.Length)
            {
                for (var i = 0; i < ids.Length; i++)
                {
                    claimed[i] = new ClaimedEntity<TEntity>(due[i], found[i]);
                }

                return claimed;
            }
        }
        catch (Exception e) when (!(e is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            // One entity that cannot be loaded fails the batch read: isolate it below.
        }

        for (var i = 0; i < ids.Length; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                claimed[i] = new ClaimedEntity<TEntity>(due[i], await store.FindAsync(ids[i], cancellationToken).ConfigureAwait(false));
            }
            catch (Exception e) when (!(e is OperationCanceledException && cancellationToken.IsCancellationRequested))
            {
                claimed[i] = new ClaimedEntity<TEntity>(due[i], e);
            }
        }

        return claimed;
    }
}
