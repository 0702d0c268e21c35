using System.Collections.Concurrent;

namespace CustomerService.Core.Tests;

/// <summary>Keeps every published event, in order.</summary>
public sealed class RecordingEventSink : ICustomerServiceEventSink
{
    private readonly ConcurrentQueue<CustomerServiceEvent> _events = new();

    public IReadOnlyList<CustomerServiceEvent> Events => [.. _events];

    public ValueTask PublishAsync(CustomerServiceEvent domainEvent, CancellationToken cancellationToken = default)
    {
        _events.Enqueue(domainEvent);
        return ValueTask.CompletedTask;
    }
}
