using NodaTime;

namespace CustomerService.Core.Storage;

/// <summary>
/// One atomic write of an entity: the new snapshot, the history entries it appends, its due work and the outgoing
/// messages, guarded by the token the writer loaded. A store writes all of it or nothing.
/// </summary>
/// <remarks>
/// <para>The services build changes; an adapter only persists them:</para>
/// <list type="number">
/// <item>Check the stored token: <see cref="ExpectedToken"/> <see langword="null"/> means nothing may be stored under
/// <see cref="Id"/> yet; otherwise the stored token must equal it. On a mismatch throw
/// <see cref="ConcurrencyConflictException"/> and write nothing.</item>
/// <item>Replace the snapshot, store <see cref="Token"/>, <see cref="NextDueAt"/> and <see cref="Due"/>, append the history
/// entries from index <see cref="HistoryStart"/> of the snapshot's history (the earlier ones are stored already and are
/// never rewritten), and append <see cref="Messages"/> to the outbox in their order — in one transaction.</item>
/// </list>
/// </remarks>
/// <typeparam name="TEntity">The snapshot type.</typeparam>
/// <threadsafety>This type is immutable when <typeparamref name="TEntity"/> is and may be shared freely between threads.</threadsafety>
public sealed class EntityChange<TEntity>
    where TEntity : class
{
    /// <summary>Initializes a new instance of the <see cref="EntityChange{TEntity}"/> class.</summary>
    /// <param name="id">The entity's identifier.</param>
    /// <param name="entity">The entity's new snapshot, with its whole history.</param>
    /// <param name="expectedToken">The token loaded before the change, or <see langword="null"/> to create the entity.</param>
    /// <param name="token">The token the write stores: <see cref="ConcurrencyToken.Initial"/> for a creation, otherwise <c>expectedToken.Next()</c>.</param>
    /// <param name="historyStart">How many of the snapshot's history entries are stored already (0 for a creation).</param>
    /// <param name="nextDueAt">The earliest instant the domain must look at the entity again, or <see langword="null"/>.</param>
    /// <param name="due">What is due at <paramref name="nextDueAt"/>; <see cref="DueWork.None"/> exactly when <paramref name="nextDueAt"/> is <see langword="null"/>.</param>
    /// <param name="messages">The outgoing messages, in the order they are to be delivered; <see langword="null"/> for none.</param>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="id"/> or <paramref name="entity"/> is <see langword="null"/>, or <paramref name="messages"/> holds <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">Thrown when the tokens do not follow each other, <paramref name="historyStart"/> is negative,
    /// <paramref name="due"/> does not match <paramref name="nextDueAt"/>, or a message belongs to another entity.</exception>
    public EntityChange(
        string id,
        TEntity entity,
        ConcurrencyToken? expectedToken,
        ConcurrencyToken token,
        int historyStart,
        Instant? nextDueAt,
        DueWork due,
        IReadOnlyList<OutboxMessage>? messages)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        ArgumentNullException.ThrowIfNull(entity);
        ArgumentOutOfRangeException.ThrowIfNegative(historyStart);
        if (token != (expectedToken is { } expected ? expected.Next() : ConcurrencyToken.Initial))
        {
            throw new ArgumentException("The token must be ConcurrencyToken.Initial for a creation and the expected token's Next() otherwise.", nameof(token));
        }

        if ((nextDueAt is null) != (due == DueWork.None))
        {
            throw new ArgumentException("Due must be None exactly when NextDueAt is null.", nameof(due));
        }

        messages ??= [];
        foreach (var message in messages)
        {
            ArgumentNullException.ThrowIfNull(message, nameof(messages));
            if (message.EntityId != id)
            {
                throw new ArgumentException("Every message must belong to the entity being saved.", nameof(messages));
            }
        }

        Id = id;
        Entity = entity;
        ExpectedToken = expectedToken;
        Token = token;
        HistoryStart = historyStart;
        NextDueAt = nextDueAt;
        Due = due;
        Messages = messages;
    }

    /// <summary>Gets the entity's identifier.</summary>
    /// <value>The identifier's text.</value>
    public string Id { get; }

    /// <summary>Gets the entity's new snapshot, with its whole history.</summary>
    /// <value>The snapshot to store.</value>
    public TEntity Entity { get; }

    /// <summary>Gets the token the writer loaded.</summary>
    /// <value>The expected stored token, or <see langword="null"/> when the entity must not exist yet.</value>
    public ConcurrencyToken? ExpectedToken { get; }

    /// <summary>Gets the token this write stores.</summary>
    /// <value>A token different from every earlier token of the entity.</value>
    public ConcurrencyToken Token { get; }

    /// <summary>Gets how many history entries of the snapshot are stored already; the entries from this index on are appended.</summary>
    /// <value>0 for a creation; the loaded snapshot's history count otherwise.</value>
    public int HistoryStart { get; }

    /// <summary>Gets the earliest instant at which the domain must look at the entity again.</summary>
    /// <value>The instant to store in the due-work index, or <see langword="null"/> when nothing is due.</value>
    public Instant? NextDueAt { get; }

    /// <summary>Gets what is due at <see cref="NextDueAt"/>.</summary>
    /// <value>The flags to store; <see cref="DueWork.None"/> when nothing is due.</value>
    public DueWork Due { get; }

    /// <summary>Gets the outgoing messages written with the change (the transactional outbox).</summary>
    /// <value>The messages in delivery order; possibly empty.</value>
    public IReadOnlyList<OutboxMessage> Messages { get; }

    /// <summary>Gets the node whose claim this change completes (the due-work path on an <see cref="IClaimableEntityStore{TEntity}"/>).</summary>
    /// <value>
    /// The default value is <see langword="null"/>: a plain save, guarded by the token alone. When set, a claimable store
    /// writes the change only while the entity's lease is this owner's and unexpired by the store's clock, and throws
    /// <see cref="LeaseExpiredException"/> otherwise; a store without claims ignores it. Must be 1 to 200 characters,
    /// and only on an update (a claim is made on a stored entity).
    /// </value>
    /// <exception cref="ArgumentException">Thrown when set to a blank or too long value, or on a creation.</exception>
    public string? ClaimOwner
    {
        get;
        init
        {
            if (value is not null)
            {
                ClaimArguments.CheckOwner(value);
                if (ExpectedToken is null)
                {
                    throw new ArgumentException("A creation cannot complete a claim.", nameof(ClaimOwner));
                }
            }

            field = value;
        }
    }
}
