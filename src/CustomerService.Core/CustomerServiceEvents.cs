using NodaTime;

namespace CustomerService.Core;

/// <summary>
/// A domain event: written to the outbox in the same atomic save as the change that raised it (a ticket opened, a
/// transition committed, an SLA threshold reached), and delivered afterwards to the event sinks, at least once.
/// </summary>
/// <remarks>
/// <see cref="Id"/> is stable across deliveries (the entity kind, its identifier, the concurrency token of the write and
/// the event's index in it): consumers deduplicate by it. Events carry identifiers, states and codes, never customer
/// personal data; an event that carries an entity's snapshot carries it without its history (the history stays in the
/// store; the event carries the transition it is about).
/// </remarks>
/// <param name="OccurredAt">The instant the change was recorded (for an SLA event, the instant the threshold was reached).</param>
/// <param name="Actor">Who made the change (an agent id or a job name).</param>
/// <threadsafety>Events are immutable and may be shared freely between threads.</threadsafety>
public abstract record CustomerServiceEvent(Instant OccurredAt, string Actor)
{
    /// <summary>Gets the event's identifier, stable across deliveries.</summary>
    /// <value>For example <c>Ticket/T-1001/7/0</c>; the empty string until the service that raised it stamped it.</value>
    public string Id { get; init; } = string.Empty;
}

/// <summary>Receives the domain events the <c>OutboxDispatcher</c> delivers; the host plugs in its message bus or notifier.</summary>
/// <remarks>
/// Events arrive after the change that raised them was saved, at least once (the same event may arrive again with the
/// same <see cref="CustomerServiceEvent.Id"/> after a crash or a failure of another sink: deduplicate by it), and in the
/// order the changes of one entity were written. Throwing leaves the event pending: it is retried later with backoff,
/// and the entity's later events wait behind it. The default sink does nothing.
/// </remarks>
/// <threadsafety>Implementations must be safe to call concurrently; the package calls them from any thread.</threadsafety>
public interface ICustomerServiceEventSink
{
    /// <summary>Publishes one event.</summary>
    /// <param name="domainEvent">The event.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task that completes when the event was handed over.</returns>
    ValueTask PublishAsync(CustomerServiceEvent domainEvent, CancellationToken cancellationToken = default);
}

/// <summary>The default event sink: drops every event.</summary>
internal sealed class NullCustomerServiceEventSink : ICustomerServiceEventSink
{
    public static readonly NullCustomerServiceEventSink Instance = new();

    public ValueTask PublishAsync(CustomerServiceEvent domainEvent, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;
}
