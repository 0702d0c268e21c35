namespace CustomerService.Core.Storage;

/// <summary>What one due-work run of a service did (<c>ProcessDueAsync</c>).</summary>
/// <typeparam name="TEntity">The snapshot type.</typeparam>
/// <param name="Listed">How many due entities the store listed.</param>
/// <param name="Changed">The entities the run changed (closed, released, checked), at their new state.</param>
/// <param name="Failures">The entities whose processing failed: each was skipped, counted and pushed back by the failure backoff; the run went on.</param>
/// <threadsafety>This type is immutable when <typeparamref name="TEntity"/> is and may be shared freely between threads.</threadsafety>
public sealed record DueWorkReport<TEntity>(int Listed, IReadOnlyList<TEntity> Changed, IReadOnlyList<DueWorkFailure> Failures)
    where TEntity : class
{
    /// <summary>Gets how many due entities the store listed.</summary>
    public int Listed { get; } = Listed;

    /// <summary>Gets the entities the run changed (closed, released, checked), at their new state.</summary>
    public IReadOnlyList<TEntity> Changed { get; } = Changed;

    /// <summary>Gets the entities whose processing failed: each was skipped, counted and pushed back by the failure backoff; the run went on.</summary>
    public IReadOnlyList<DueWorkFailure> Failures { get; } = Failures;
}

/// <summary>An entity whose due work failed in a run.</summary>
/// <param name="EntityKind">The kind of entity.</param>
/// <param name="EntityId">Its identifier.</param>
/// <param name="Error">What failed (a corrupt snapshot, a store error, a policy that cannot be applied); for the host's log.</param>
/// <threadsafety>This type is immutable and may be shared freely between threads.</threadsafety>
public sealed record DueWorkFailure(string EntityKind, string EntityId, Exception Error)
{
    /// <summary>Gets the kind of entity.</summary>
    public string EntityKind { get; } = EntityKind;

    /// <summary>Gets its identifier.</summary>
    public string EntityId { get; } = EntityId;

    /// <summary>Gets what failed (a corrupt snapshot, a store error, a policy that cannot be applied); for the host's log.</summary>
    public Exception Error { get; } = Error;
}
