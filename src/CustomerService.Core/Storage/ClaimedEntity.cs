namespace CustomerService.Core.Storage;

/// <summary>
/// One entity of a batch claimed and loaded at once (<see cref="IClaimableEntityStore{TEntity}.ClaimDueAndLoadAsync"/>):
/// the claim, and the entity as loaded, or why it could not be loaded.
/// </summary>
/// <typeparam name="TEntity">The snapshot type.</typeparam>
/// <threadsafety>This type is immutable when <typeparamref name="TEntity"/> is (the library's snapshots are) and may be shared freely between threads.</threadsafety>
public sealed class ClaimedEntity<TEntity>
    where TEntity : class
{
    /// <summary>Initializes a new instance of the <see cref="ClaimedEntity{TEntity}"/> class for an entity that was loaded (or is gone).</summary>
    /// <param name="due">The claim: the entity's id, its new token, its next due instant and due work.</param>
    /// <param name="stored">The entity as loaded, or <see langword="null"/> when none is stored under the id any more.</param>
    /// <exception cref="ArgumentException">Thrown when <paramref name="due"/> has no id.</exception>
    public ClaimedEntity(DueEntity due, StoredEntity<TEntity>? stored)
    {
        ArgumentNullException.ThrowIfNull(due.Id, nameof(due));
        Due = due;
        Stored = stored;
    }

    /// <summary>Initializes a new instance of the <see cref="ClaimedEntity{TEntity}"/> class for an entity that was claimed but could not be loaded.</summary>
    /// <param name="due">The claim.</param>
    /// <param name="loadError">Why the entity could not be loaded (a corrupt snapshot, a store error): what <see cref="IEntityStore{TEntity}.FindAsync"/> of it would throw.</param>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="loadError"/> is <see langword="null"/>, or <paramref name="due"/> has no id.</exception>
    public ClaimedEntity(DueEntity due, Exception loadError)
    {
        ArgumentNullException.ThrowIfNull(due.Id, nameof(due));
        ArgumentNullException.ThrowIfNull(loadError);
        Due = due;
        LoadError = loadError;
    }

    /// <summary>Gets the claim.</summary>
    /// <value>As <see cref="IClaimableEntityStore{TEntity}.ClaimDueAsync"/> returns it: the id, the token the claim stored, the next due instant and the due work.</value>
    public DueEntity Due { get; }

    /// <summary>Gets the entity as loaded.</summary>
    /// <value>
    /// The entity with its whole history, token and due work; <see langword="null"/> when it could not be loaded
    /// (<see cref="LoadError"/>) or is not stored any more. Loaded in the claim's own statement, its token is the claim's;
    /// loaded after the claim (the default implementation), it may be a later write's (a user's command since the claim).
    /// </value>
    public StoredEntity<TEntity>? Stored { get; }

    /// <summary>Gets why the entity could not be loaded.</summary>
    /// <value><see langword="null"/> when it was loaded (or is gone); otherwise the error, which concerns this entity alone.</value>
    public Exception? LoadError { get; }
}
