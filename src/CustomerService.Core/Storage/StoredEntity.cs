using NodaTime;

namespace CustomerService.Core.Storage;

/// <summary>An entity as a store holds it: the snapshot, its concurrency token and its due work.</summary>
/// <typeparam name="TEntity">The snapshot type (<c>Ticket</c>, <c>Complaint</c>, <c>Callback</c>).</typeparam>
/// <param name="Entity">The snapshot with its whole history, oldest entry first.</param>
/// <param name="Token">The token of the write that stored it; a save based on this load passes it as the expected token.</param>
/// <threadsafety>This type is immutable when <typeparamref name="TEntity"/> is (the library's snapshots are) and may be shared freely between threads.</threadsafety>
public sealed record StoredEntity<TEntity>(TEntity Entity, ConcurrencyToken Token)
    where TEntity : class
{
    /// <summary>Gets the earliest instant at which the domain must look at the entity again.</summary>
    /// <value>The instant the last write computed, or <see langword="null"/> when nothing is due.</value>
    public Instant? NextDueAt { get; init; }

    /// <summary>Gets what is due at <see cref="NextDueAt"/>.</summary>
    /// <value>The flags the last write computed; <see cref="DueWork.None"/> when nothing is due.</value>
    public DueWork Due { get; init; }
}

/// <summary>One row of a due-work query: an entity whose <c>NextDueAt</c> has come, without loading its snapshot.</summary>
/// <param name="Id">The entity's identifier.</param>
/// <param name="Token">The entity's stored token (a deferral after a failure is based on it).</param>
/// <param name="NextDueAt">The stored next due instant.</param>
/// <param name="Due">What is due.</param>
/// <threadsafety>This type is an immutable value type and may be shared freely between threads.</threadsafety>
public readonly record struct DueEntity(string Id, ConcurrencyToken Token, Instant NextDueAt, DueWork Due);
