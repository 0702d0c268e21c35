namespace CustomerService.Core.Testing;

/// <summary>The storage operations a fault can be injected into (<see cref="FaultInjectingEntityStore{TEntity}"/>, <see cref="FaultInjectingOutboxStore"/>).</summary>
/// <remarks>Values start at 1, so the default value is not an operation.</remarks>
/// <threadsafety>Enumeration values are immutable and may be shared freely between threads.</threadsafety>
public enum StoreOperation
{
    /// <summary><c>IEntityStore.FindAsync</c>.</summary>
    Find = 1,

    /// <summary><c>IEntityStore.SaveAsync</c>.</summary>
    Save = 2,

    /// <summary><c>IEntityStore.ListDueAsync</c>.</summary>
    ListDue = 3,

    /// <summary><c>IEntityStore.DeferAsync</c>.</summary>
    Defer = 4,

    /// <summary><c>IOutboxStore.ListDeliverableAsync</c>.</summary>
    ListDeliverable = 5,

    /// <summary><c>IOutboxStore.MarkDeliveredAsync</c>.</summary>
    MarkDelivered = 6,

    /// <summary><c>IOutboxStore.MarkFailedAsync</c>.</summary>
    MarkFailed = 7,

    /// <summary><c>IOutboxStore.CountPendingAsync</c>.</summary>
    CountPending = 8,
}

/// <summary>When an injected fault strikes, relative to the wrapped store's own work.</summary>
/// <remarks>Values start at 1, so the default value is not a timing.</remarks>
/// <threadsafety>Enumeration values are immutable and may be shared freely between threads.</threadsafety>
public enum FaultTiming
{
    /// <summary>
    /// The call fails before it reaches the wrapped store, so nothing is written: a lost connection, a timeout before the
    /// commit, a transaction that rolled back.
    /// </summary>
    BeforeCall = 1,

    /// <summary>
    /// The wrapped store completes the call (a write is committed), then the caller sees an error: a lost acknowledgement,
    /// a connection that dropped between the commit and its reply, a process killed right after the commit. Callers must
    /// not assume that a failed call wrote nothing.
    /// </summary>
    AfterCall = 2,
}
