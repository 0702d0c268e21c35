namespace CustomerService.Core.Storage;

/// <summary>What became of one change of <see cref="IClaimableEntityStore{TEntity}.CompleteClaimsAsync"/>.</summary>
/// <threadsafety>Enumeration values are immutable and may be shared freely between threads.</threadsafety>
public enum ClaimCompletionStatus
{
    /// <summary>The change was written, and the lease cleared.</summary>
    Saved = 0,

    /// <summary>The stored token was not the expected one (the entity was written or claimed again since); nothing was written.</summary>
    Conflict = 1,

    /// <summary>The token matched, but the entity's lease was not the owner's or had expired by the store's clock; nothing was written.</summary>
    LeaseExpired = 2,

    /// <summary>The store refused the change for another reason (a bad change, such as an outbox message id already pending, or a store error); nothing was written.</summary>
    Failed = 3,
}

/// <summary>
/// The outcome of one change of a batch of claim completions: saved, or exactly the error a
/// <see cref="IEntityStore{TEntity}.SaveAsync"/> of that change alone would have thrown.
/// </summary>
/// <remarks>
/// A batch reports each change in its own slot, so one refused change (a conflict, an expired lease, a bad change) never
/// hides the outcome of the others. <see cref="Status"/> follows from the error's type:
/// <see cref="ConcurrencyConflictException"/> is <see cref="ClaimCompletionStatus.Conflict"/>,
/// <see cref="LeaseExpiredException"/> is <see cref="ClaimCompletionStatus.LeaseExpired"/>, anything else
/// <see cref="ClaimCompletionStatus.Failed"/>.
/// </remarks>
/// <threadsafety>This type is immutable and may be shared freely between threads.</threadsafety>
public sealed class ClaimCompletion
{
    private ClaimCompletion(ClaimCompletionStatus status, Exception? error)
    {
        Status = status;
        Error = error;
    }

    /// <summary>Gets the outcome of a change that was written.</summary>
    /// <value>A shared instance whose <see cref="Status"/> is <see cref="ClaimCompletionStatus.Saved"/> and <see cref="Error"/> is <see langword="null"/>.</value>
    public static ClaimCompletion Saved { get; } = new(ClaimCompletionStatus.Saved, null);

    /// <summary>Gets what became of the change.</summary>
    /// <value><see cref="ClaimCompletionStatus.Saved"/>, or why nothing was written.</value>
    public ClaimCompletionStatus Status { get; }

    /// <summary>Gets the error that kept the change from being written.</summary>
    /// <value><see langword="null"/> when the change was saved; otherwise the <see cref="ConcurrencyConflictException"/>, <see cref="LeaseExpiredException"/> or other exception a save of that change alone would have thrown.</value>
    public Exception? Error { get; }

    /// <summary>Creates the outcome of a change that was not written.</summary>
    /// <param name="error">Why: what a <see cref="IEntityStore{TEntity}.SaveAsync"/> of the change alone would have thrown.</param>
    /// <returns>The outcome, with the <see cref="Status"/> the error's type gives.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="error"/> is <see langword="null"/>.</exception>
    public static ClaimCompletion NotSaved(Exception error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var status = error switch
        {
            ConcurrencyConflictException => ClaimCompletionStatus.Conflict,
            LeaseExpiredException => ClaimCompletionStatus.LeaseExpired,
            _ => ClaimCompletionStatus.Failed,
        };
        return new ClaimCompletion(status, error);
    }

    /// <summary>Returns the status, and the error's type when there is one (never its message).</summary>
    /// <returns>For example <c>Saved</c> or <c>Conflict (ConcurrencyConflictException)</c>.</returns>
    public override string ToString() => Error is null ? Status.ToString() : $"{Status} ({Error.GetType().Name})";
}
