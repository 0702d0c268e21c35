using NodaTime;

namespace CustomerService.Core;

/// <summary>A domain event published by the services after a change was saved (a ticket opened, a transition committed).</summary>
/// <param name="OccurredAt">The instant the change was committed.</param>
/// <param name="Actor">Who made the change (an agent id or a job name).</param>
/// <threadsafety>Events are immutable and may be shared freely between threads.</threadsafety>
public abstract record CustomerServiceEvent(Instant OccurredAt, string Actor);

/// <summary>Receives the domain events the services publish; the host plugs in its message bus, outbox or notifier.</summary>
/// <remarks>
/// Events are published after the store saved the change, in the order of the changes of one entity. A sink that
/// throws makes the service call throw, but the change stays saved: use an outbox when delivery must be guaranteed.
/// The default sink does nothing.
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
