using CustomerService.Core.Storage;
using CustomerService.Core.Testing.Internal;
using NodaTime;

namespace CustomerService.Core.Testing;

/// <summary>
/// Wraps an entity store and makes chosen calls fail, so that a host (or this library's own tests) can check what its
/// code does when the database fails at each step: before a write, after a write whose acknowledgement was lost, on a
/// snapshot that cannot be read, on a due-work query. Without faults it only forwards and counts.
/// </summary>
/// <remarks>
/// <para>Faults throw <see cref="InjectedFaultException"/>. Each is one of two <see cref="FaultTiming"/>s:</para>
/// <list type="bullet">
/// <item><see cref="FaultTiming.BeforeCall"/>: the wrapped store is not called, so nothing is written (a lost connection, a rolled-back transaction).</item>
/// <item><see cref="FaultTiming.AfterCall"/>: the wrapped store completes the call, then the caller sees the failure (a committed write whose acknowledgement was lost).</item>
/// </list>
/// <para>
/// A fault configured for a number of calls (<c>times</c>) strikes the next matching calls and is then used up; faults are
/// matched in the order they were added. Argument checks and cancellation are left to the wrapped store, which keeps the
/// wrapper conformant when no fault is configured (it passes the conformance kit).
/// </para>
/// </remarks>
/// <typeparam name="TEntity">The snapshot type.</typeparam>
/// <threadsafety>This type is thread-safe when the wrapped store is: configuration, counters and fault matching take one lock.</threadsafety>
public sealed class FaultInjectingEntityStore<TEntity> : IEntityStore<TEntity>
    where TEntity : class
{
    private readonly FaultPlan _plan = new();
    private EntityChange<TEntity>? _lastSave;

    /// <summary>Initializes a new instance of the <see cref="FaultInjectingEntityStore{TEntity}"/> class.</summary>
    /// <param name="inner">The store that does the work.</param>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="inner"/> is <see langword="null"/>.</exception>
    public FaultInjectingEntityStore(IEntityStore<TEntity> inner)
    {
        Inner = inner ?? throw new ArgumentNullException(nameof(inner));
    }

    /// <summary>Gets the wrapped store.</summary>
    /// <value>The store every call that does not fail before it is forwarded to; use it to look at the data without faults or counting.</value>
    public IEntityStore<TEntity> Inner { get; }

    /// <summary>Gets how many times <see cref="FindAsync"/> was called.</summary>
    /// <value>The number of calls, failed ones included.</value>
    public long FindCalls => _plan.Calls(StoreOperation.Find);

    /// <summary>Gets how many times <see cref="SaveAsync"/> was called.</summary>
    /// <value>The number of calls, failed ones included.</value>
    public long SaveCalls => _plan.Calls(StoreOperation.Save);

    /// <summary>Gets how many times <see cref="ListDueAsync"/> was called.</summary>
    /// <value>The number of calls, failed ones included.</value>
    public long ListDueCalls => _plan.Calls(StoreOperation.ListDue);

    /// <summary>Gets how many times <see cref="DeferAsync"/> was called.</summary>
    /// <value>The number of calls, failed ones included.</value>
    public long DeferCalls => _plan.Calls(StoreOperation.Defer);

    /// <summary>Gets how many faults were injected so far.</summary>
    /// <value>The number of calls that threw <see cref="InjectedFaultException"/>.</value>
    public long InjectedFaults => _plan.Injected;

    /// <summary>Gets the last change passed to <see cref="SaveAsync"/>, whether it was written or not.</summary>
    /// <value>The change, or <see langword="null"/> before the first save. Replaying it after a lost acknowledgement shows that a retry conflicts instead of appending twice.</value>
    public EntityChange<TEntity>? LastSave => Volatile.Read(ref _lastSave);

    /// <summary>Makes one particular call of <see cref="SaveAsync"/> fail: "the Nth save".</summary>
    /// <param name="callNumber">The 1-based number of the call among all calls of the wrapper (<see cref="SaveCalls"/> + 1 is the next one).</param>
    /// <param name="timing">Whether the change is written before the failure.</param>
    /// <returns>This wrapper, to chain configuration.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when <paramref name="callNumber"/> is not positive or <paramref name="timing"/> is not a defined value.</exception>
    public FaultInjectingEntityStore<TEntity> FailSaveCall(long callNumber, FaultTiming timing = FaultTiming.BeforeCall)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(callNumber);
        _plan.Add(StoreOperation.Save, timing, 1, callNumber);
        return this;
    }

    /// <summary>Makes the next calls of <see cref="SaveAsync"/> fail (of one entity, when <paramref name="id"/> is given).</summary>
    /// <param name="timing">Whether each change is written before the failure: <see cref="FaultTiming.BeforeCall"/> for a failed transaction, <see cref="FaultTiming.AfterCall"/> for a lost acknowledgement.</param>
    /// <param name="times">How many matching calls fail; at least 1.</param>
    /// <param name="id">The entity whose saves fail, or <see langword="null"/> for any entity.</param>
    /// <returns>This wrapper, to chain configuration.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when <paramref name="times"/> is not positive or <paramref name="timing"/> is not a defined value.</exception>
    public FaultInjectingEntityStore<TEntity> FailSave(FaultTiming timing = FaultTiming.BeforeCall, int times = 1, string? id = null)
    {
        _plan.Add(StoreOperation.Save, timing, times, ids: id is null ? null : new HashSet<string>([id], StringComparer.Ordinal));
        return this;
    }

    /// <summary>Makes every <see cref="FindAsync"/> of the given entities fail, until <see cref="ClearFaults"/>: a corrupt snapshot that cannot be read.</summary>
    /// <param name="ids">The entities whose snapshots cannot be read.</param>
    /// <returns>This wrapper, to chain configuration.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="ids"/> is <see langword="null"/> or holds <see langword="null"/>.</exception>
    public FaultInjectingEntityStore<TEntity> FailFind(params string[] ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var set = new HashSet<string>(StringComparer.Ordinal);
        foreach (var id in ids)
        {
            set.Add(id ?? throw new ArgumentNullException(nameof(ids)));
        }

        _plan.Add(StoreOperation.Find, FaultTiming.BeforeCall, null, ids: set);
        return this;
    }

    /// <summary>Makes the next calls of <see cref="ListDueAsync"/> fail: the due-work query itself is unavailable.</summary>
    /// <param name="times">How many calls fail; at least 1.</param>
    /// <returns>This wrapper, to chain configuration.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when <paramref name="times"/> is not positive.</exception>
    public FaultInjectingEntityStore<TEntity> FailListDue(int times = 1)
    {
        _plan.Add(StoreOperation.ListDue, FaultTiming.BeforeCall, times);
        return this;
    }

    /// <summary>Makes the next calls of <see cref="DeferAsync"/> fail (of one entity, when <paramref name="id"/> is given).</summary>
    /// <param name="timing">Whether each deferral is written before the failure.</param>
    /// <param name="times">How many matching calls fail; at least 1.</param>
    /// <param name="id">The entity whose deferrals fail, or <see langword="null"/> for any entity.</param>
    /// <returns>This wrapper, to chain configuration.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when <paramref name="times"/> is not positive or <paramref name="timing"/> is not a defined value.</exception>
    public FaultInjectingEntityStore<TEntity> FailDefer(FaultTiming timing = FaultTiming.BeforeCall, int times = 1, string? id = null)
    {
        _plan.Add(StoreOperation.Defer, timing, times, ids: id is null ? null : new HashSet<string>([id], StringComparer.Ordinal));
        return this;
    }

    /// <summary>Removes every configured fault (the counters keep counting).</summary>
    public void ClearFaults() => _plan.Clear();

    /// <inheritdoc/>
    public ValueTask<StoredEntity<TEntity>?> FindAsync(string id, CancellationToken cancellationToken = default) =>
        _plan.RunAsync(StoreOperation.Find, id, () => Inner.FindAsync(id, cancellationToken));

    /// <inheritdoc/>
    public async ValueTask SaveAsync(EntityChange<TEntity> change, CancellationToken cancellationToken = default)
    {
        if (change is not null)
        {
            Volatile.Write(ref _lastSave, change);
        }

        await _plan.RunAsync(StoreOperation.Save, change?.Id, async () =>
        {
            await Inner.SaveAsync(change!, cancellationToken).ConfigureAwait(false);
            return true;
        }).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public ValueTask<IReadOnlyList<DueEntity>> ListDueAsync(Instant dueAtOrBefore, int maxCount, CancellationToken cancellationToken = default) =>
        _plan.RunAsync(StoreOperation.ListDue, null, () => Inner.ListDueAsync(dueAtOrBefore, maxCount, cancellationToken));

    /// <inheritdoc/>
    public ValueTask<bool> DeferAsync(string id, ConcurrencyToken expectedToken, Instant nextDueAt, CancellationToken cancellationToken = default) =>
        _plan.RunAsync(StoreOperation.Defer, id, () => Inner.DeferAsync(id, expectedToken, nextDueAt, cancellationToken));
}
