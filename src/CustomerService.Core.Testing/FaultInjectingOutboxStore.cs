using CustomerService.Core.Storage;
using CustomerService.Core.Testing.Internal;
using NodaTime;

namespace CustomerService.Core.Testing;

/// <summary>
/// Wraps an outbox and makes chosen calls fail, so that a host can check its delivery paths: a dispatcher killed between
/// a sink's success and the delivered mark, an outbox query that is unavailable, a failure record that is lost. Without
/// faults it only forwards and counts.
/// </summary>
/// <remarks>
/// Faults throw <see cref="InjectedFaultException"/> with a <see cref="FaultTiming"/>: <see cref="FaultTiming.BeforeCall"/>
/// writes nothing; <see cref="FaultTiming.AfterCall"/> lets the wrapped outbox complete the call first. A fault strikes
/// the next matching calls and is then used up; faults are matched in the order they were added. Argument checks and
/// cancellation are left to the wrapped outbox.
/// </remarks>
/// <threadsafety>This type is thread-safe when the wrapped outbox is: configuration, counters and fault matching take one lock.</threadsafety>
public sealed class FaultInjectingOutboxStore : IOutboxStore
{
    private readonly FaultPlan _plan = new();

    /// <summary>Initializes a new instance of the <see cref="FaultInjectingOutboxStore"/> class.</summary>
    /// <param name="inner">The outbox that does the work.</param>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="inner"/> is <see langword="null"/>.</exception>
    public FaultInjectingOutboxStore(IOutboxStore inner)
    {
        Inner = inner ?? throw new ArgumentNullException(nameof(inner));
    }

    /// <summary>Gets the wrapped outbox.</summary>
    /// <value>The outbox every call that does not fail before it is forwarded to.</value>
    public IOutboxStore Inner { get; }

    /// <summary>Gets how many times <see cref="ListDeliverableAsync"/> was called.</summary>
    /// <value>The number of calls, failed ones included.</value>
    public long ListDeliverableCalls => _plan.Calls(StoreOperation.ListDeliverable);

    /// <summary>Gets how many times <see cref="MarkDeliveredAsync"/> was called.</summary>
    /// <value>The number of calls, failed ones included.</value>
    public long MarkDeliveredCalls => _plan.Calls(StoreOperation.MarkDelivered);

    /// <summary>Gets how many times <see cref="MarkFailedAsync"/> was called.</summary>
    /// <value>The number of calls, failed ones included.</value>
    public long MarkFailedCalls => _plan.Calls(StoreOperation.MarkFailed);

    /// <summary>Gets how many times <see cref="CountPendingAsync"/> was called.</summary>
    /// <value>The number of calls, failed ones included.</value>
    public long CountPendingCalls => _plan.Calls(StoreOperation.CountPending);

    /// <summary>Gets how many faults were injected so far.</summary>
    /// <value>The number of calls that threw <see cref="InjectedFaultException"/>.</value>
    public long InjectedFaults => _plan.Injected;

    /// <summary>Makes the next calls of <see cref="ListDeliverableAsync"/> fail: the outbox query is unavailable.</summary>
    /// <param name="times">How many calls fail; at least 1.</param>
    /// <returns>This wrapper, to chain configuration.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when <paramref name="times"/> is not positive.</exception>
    public FaultInjectingOutboxStore FailListDeliverable(int times = 1)
    {
        _plan.Add(StoreOperation.ListDeliverable, FaultTiming.BeforeCall, times);
        return this;
    }

    /// <summary>
    /// Makes the next calls of <see cref="MarkDeliveredAsync"/> fail (of one message, when <paramref name="messageId"/> is
    /// given). With <see cref="FaultTiming.BeforeCall"/> this is a dispatcher killed after every sink accepted the event
    /// but before the delivered mark was written: the message stays pending and is delivered again, with the same id.
    /// </summary>
    /// <param name="timing">Whether the delivered mark is written before the failure.</param>
    /// <param name="times">How many matching calls fail; at least 1.</param>
    /// <param name="messageId">The message whose mark fails, or <see langword="null"/> for any message.</param>
    /// <returns>This wrapper, to chain configuration.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when <paramref name="times"/> is not positive or <paramref name="timing"/> is not a defined value.</exception>
    public FaultInjectingOutboxStore FailMarkDelivered(FaultTiming timing = FaultTiming.BeforeCall, int times = 1, string? messageId = null)
    {
        _plan.Add(StoreOperation.MarkDelivered, timing, times, ids: messageId is null ? null : new HashSet<string>([messageId], StringComparer.Ordinal));
        return this;
    }

    /// <summary>Makes the next calls of <see cref="MarkFailedAsync"/> fail (of one message, when <paramref name="messageId"/> is given): a failed delivery whose record is lost.</summary>
    /// <param name="timing">Whether the failure record is written before the failure.</param>
    /// <param name="times">How many matching calls fail; at least 1.</param>
    /// <param name="messageId">The message whose failure record fails, or <see langword="null"/> for any message.</param>
    /// <returns>This wrapper, to chain configuration.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when <paramref name="times"/> is not positive or <paramref name="timing"/> is not a defined value.</exception>
    public FaultInjectingOutboxStore FailMarkFailed(FaultTiming timing = FaultTiming.BeforeCall, int times = 1, string? messageId = null)
    {
        _plan.Add(StoreOperation.MarkFailed, timing, times, ids: messageId is null ? null : new HashSet<string>([messageId], StringComparer.Ordinal));
        return this;
    }

    /// <summary>Makes the next calls of <see cref="CountPendingAsync"/> fail (a health check against a database that is down).</summary>
    /// <param name="times">How many calls fail; at least 1.</param>
    /// <returns>This wrapper, to chain configuration.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when <paramref name="times"/> is not positive.</exception>
    public FaultInjectingOutboxStore FailCountPending(int times = 1)
    {
        _plan.Add(StoreOperation.CountPending, FaultTiming.BeforeCall, times);
        return this;
    }

    /// <summary>Removes every configured fault (the counters keep counting).</summary>
    public void ClearFaults() => _plan.Clear();

    /// <inheritdoc/>
    public ValueTask<IReadOnlyList<OutboxMessage>> ListDeliverableAsync(Instant now, int maxCount, CancellationToken cancellationToken = default) =>
        _plan.RunAsync(StoreOperation.ListDeliverable, null, () => Inner.ListDeliverableAsync(now, maxCount, cancellationToken));

    /// <inheritdoc/>
    public ValueTask<bool> MarkDeliveredAsync(string messageId, CancellationToken cancellationToken = default) =>
        _plan.RunAsync(StoreOperation.MarkDelivered, messageId, () => Inner.MarkDeliveredAsync(messageId, cancellationToken));

    /// <inheritdoc/>
    public ValueTask<bool> MarkFailedAsync(string messageId, int attempts, Instant nextAttemptAt, string failure, CancellationToken cancellationToken = default) =>
        _plan.RunAsync(StoreOperation.MarkFailed, messageId, () => Inner.MarkFailedAsync(messageId, attempts, nextAttemptAt, failure, cancellationToken));

    /// <inheritdoc/>
    public ValueTask<long> CountPendingAsync(CancellationToken cancellationToken = default) =>
        _plan.RunAsync(StoreOperation.CountPending, null, () => Inner.CountPendingAsync(cancellationToken));
}
