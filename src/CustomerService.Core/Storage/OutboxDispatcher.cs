using System.Diagnostics;
using System.Diagnostics.Metrics;
using NodaTime;

namespace CustomerService.Core.Storage;

/// <summary>
/// Delivers the outbox: hands each deliverable message's event to every event sink, marks it delivered when all of
/// them accepted it, and otherwise records the failure and retries it later with backoff. The host calls
/// <see cref="DispatchAsync"/> from a periodic job (the hosting package runs one).
/// </summary>
/// <remarks>
/// <para>Delivery is at least once: a process that stops between a sink's success and the delivered mark delivers the
/// message again, with the same <see cref="CustomerServiceEvent.Id"/>, so sinks deduplicate by it. When a sink fails,
/// the command that raised the event has already succeeded and is not affected; the message stays pending, and the
/// later messages of the same entity wait behind it so that each entity's events keep their order.</para>
/// <para>Sinks are called in the order given; a message is retried to all of them, so every sink must be idempotent.</para>
/// <para>On an <see cref="IClaimableOutboxStore"/> the dispatcher claims its batch with a lease
/// (<see cref="OutboxOptions.NodeId"/>, <see cref="OutboxOptions.LeaseDuration"/>) and settles each message under it, so
/// dispatchers on several nodes deliver one outbox without overlapping and each entity's events keep their order. A
/// lease that expired mid-batch stops the run (another node delivers the rest, again with the same ids).</para>
/// </remarks>
/// <threadsafety>This type is thread-safe when its store and sinks are; two concurrent runs may deliver a message twice (at least once).</threadsafety>
public sealed class OutboxDispatcher
{
    private const string OutboxKind = "Outbox";
    private readonly IOutboxStore _outbox;
    private readonly ICustomerServiceEventSink[] _sinks;
    private readonly OutboxOptions _options;
    private readonly CustomerServiceMetrics _metrics;

    /// <summary>Initializes a new instance of the <see cref="OutboxDispatcher"/> class.</summary>
    /// <param name="outbox">The outbox to deliver.</param>
    /// <param name="sinks">The event sinks every message goes to, in order.</param>
    /// <param name="options">The retry delays; <see langword="null"/> for the defaults.</param>
    /// <param name="meterFactory">Creates the meter; <see langword="null"/> uses a process-wide meter.</param>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="outbox"/> or <paramref name="sinks"/> is <see langword="null"/>, or <paramref name="sinks"/> holds <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">Thrown when <paramref name="options"/> is not valid.</exception>
    public OutboxDispatcher(IOutboxStore outbox, IEnumerable<ICustomerServiceEventSink> sinks, OutboxOptions? options = null, IMeterFactory? meterFactory = null)
        : this(outbox, sinks, options, meterFactory is null ? CustomerServiceMetrics.Shared : new CustomerServiceMetrics(meterFactory))
    {
    }

    internal OutboxDispatcher(IOutboxStore outbox, IEnumerable<ICustomerServiceEventSink> sinks, OutboxOptions? options, CustomerServiceMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(outbox);
        ArgumentNullException.ThrowIfNull(sinks);
        _sinks = [.. sinks];
        foreach (var sink in _sinks)
        {
            ArgumentNullException.ThrowIfNull(sink, nameof(sinks));
        }

        _outbox = outbox;
        _options = (options ?? new OutboxOptions()).Checked(nameof(options));
        _metrics = metrics;
    }

    /// <summary>Delivers the messages deliverable at <paramref name="now"/>, at most <paramref name="maxCount"/>.</summary>
    /// <param name="now">The current instant (retry instants are computed from it).</param>
    /// <param name="maxCount">The most messages to take in this call; not negative.</param>
    /// <param name="cancellationToken">Cancels the run; messages not settled yet stay pending.</param>
    /// <returns>What was delivered and what failed.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when <paramref name="maxCount"/> is negative.</exception>
    /// <exception cref="OperationCanceledException">Thrown when <paramref name="cancellationToken"/> is cancelled.</exception>
    public async Task<OutboxDispatchReport> DispatchAsync(Instant now, int maxCount = 100, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxCount);
        using var activity = CustomerServiceMetrics.StartCommand("Outbox", "Dispatch", null);
        var started = Stopwatch.GetTimestamp();
        var claims = _outbox as IClaimableOutboxStore;
        var owner = _options.NodeId;
        var messages = claims is not null
            ? await claims.ClaimDeliverableAsync(now, maxCount, owner, _options.LeaseDuration, cancellationToken).ConfigureAwait(false)
            : await _outbox.ListDeliverableAsync(now, maxCount, cancellationToken).ConfigureAwait(false);
        var delivered = 0;
        List<OutboxDeliveryFailure>? failures = null;
        HashSet<(string Kind, string Id)>? held = null;
        foreach (var message in messages)
        {
            var entity = (message.EntityKind, message.EntityId);
            if (held is not null && held.Contains(entity))
            {
                continue; // An earlier message of this entity failed in this run: keep the entity's order.
            }

            try
            {
                foreach (var sink in _sinks)
                {
                    await sink.PublishAsync(message.Event, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (Exception e) when (!(e is OperationCanceledException && cancellationToken.IsCancellationRequested))
            {
                var attempts = message.Attempts + 1;
                var retryAt = now + _options.RetryDelay(attempts);
                try
                {
                    _ = claims is not null
                        ? await claims.MarkClaimedFailedAsync(message.Id, owner, attempts, retryAt, e.GetType().Name, cancellationToken).ConfigureAwait(false)
                        : await _outbox.MarkFailedAsync(message.Id, attempts, retryAt, e.GetType().Name, cancellationToken).ConfigureAwait(false);
                }
                catch (LeaseExpiredException)
                {
                    _metrics.LeaseLost(OutboxKind);
                    break;
                }

                _metrics.OutboxFailure(message.EntityKind);
                _metrics.OutboxRetry(retryAt);
                if (_metrics.Logger.IsEnabled(Microsoft.Extensions.Logging.LogLevel.Warning))
                {
                    CustomerServiceLog.OutboxDeliveryFailed(_metrics.Logger, message.Id, message.EntityKind, message.EntityId, e.GetType().Name, attempts, retryAt, e);
                }

                (held ??= []).Add(entity);
                (failures ??= []).Add(new OutboxDeliveryFailure(message.Id, message.EntityKind, message.EntityId, attempts, retryAt, e));
                continue;
            }

            try
            {
                _ = claims is not null
                    ? await claims.MarkClaimedDeliveredAsync(message.Id, owner, cancellationToken).ConfigureAwait(false)
                    : await _outbox.MarkDeliveredAsync(message.Id, cancellationToken).ConfigureAwait(false);
            }
            catch (LeaseExpiredException)
            {
                // The batch's leases expired together: another node delivers the rest (same ids; sinks deduplicate).
                _metrics.LeaseLost(OutboxKind);
                break;
            }

            _metrics.OutboxDelivered(message.EntityKind);
            delivered++;
        }

        var failed = failures?.Count ?? 0;
        if (_metrics.Logger.IsEnabled(Microsoft.Extensions.Logging.LogLevel.Debug))
        {
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            CustomerServiceLog.OutboxBatch(_metrics.Logger, now, messages.Count, delivered, failed, elapsed);
        }

        activity?.SetTag(CustomerServiceTelemetry.BatchListedTag, messages.Count);
        activity?.SetTag(CustomerServiceTelemetry.BatchDoneTag, delivered);
        activity?.SetTag(CustomerServiceTelemetry.BatchFailedTag, failed);
        return new OutboxDispatchReport(delivered, failures ?? (IReadOnlyList<OutboxDeliveryFailure>)[]);
    }
}

/// <summary>What one <see cref="OutboxDispatcher.DispatchAsync"/> run did.</summary>
/// <param name="Delivered">How many messages every sink accepted.</param>
/// <param name="Failures">The messages a sink refused; each stays pending until its retry instant.</param>
/// <threadsafety>This type is immutable and may be shared freely between threads.</threadsafety>
public sealed record OutboxDispatchReport(int Delivered, IReadOnlyList<OutboxDeliveryFailure> Failures);

/// <summary>A failed delivery of one outbox message.</summary>
/// <param name="MessageId">The message's (and event's) identifier.</param>
/// <param name="EntityKind">The kind of entity that raised it.</param>
/// <param name="EntityId">The entity's identifier.</param>
/// <param name="Attempts">How many deliveries of the message have failed now.</param>
/// <param name="RetryAt">When it is tried again.</param>
/// <param name="Error">What the sink threw (for the host's log; its message is the sink's own text).</param>
/// <threadsafety>This type is immutable and may be shared freely between threads.</threadsafety>
public sealed record OutboxDeliveryFailure(string MessageId, string EntityKind, string EntityId, int Attempts, Instant RetryAt, Exception Error)
{
    /// <summary>Gets the message's (and event's) identifier.</summary>
    public string MessageId { get; } = MessageId;

    /// <summary>Gets the kind of entity that raised it.</summary>
    public string EntityKind { get; } = EntityKind;

    /// <summary>Gets the entity's identifier.</summary>
    public string EntityId { get; } = EntityId;

    /// <summary>Gets how many deliveries of the message have failed now.</summary>
    public int Attempts { get; } = Attempts;

    /// <summary>Gets when it is tried again.</summary>
    public Instant RetryAt { get; } = RetryAt;

    /// <summary>Gets what the sink threw (for the host's log; its message is the sink's own text).</summary>
    public Exception Error { get; } = Error;
}
