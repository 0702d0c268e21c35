using NodaTime;

namespace CustomerService.Core.Storage;

/// <summary>
/// A domain event waiting in the outbox: written in the same atomic save as the change that raised it, delivered
/// afterwards by the <see cref="OutboxDispatcher"/>, at least once, in the order the entity's changes were written.
/// </summary>
/// <remarks>
/// <see cref="Id"/> is stable across retries and equal to the event's <see cref="CustomerServiceEvent.Id"/>: consumers
/// deduplicate by it. <see cref="Sequence"/> is assigned by the store when the message is written (increasing in
/// writing order across the whole outbox); <see cref="Attempts"/>, <see cref="NextAttemptAt"/> and <see cref="LastError"/>
/// are kept by the store from <see cref="IOutboxStore.MarkFailedAsync"/>.
/// </remarks>
/// <threadsafety>This type is immutable and may be shared freely between threads.</threadsafety>
public sealed record OutboxMessage
{
    /// <summary>Gets the message's identifier (the event's <see cref="CustomerServiceEvent.Id"/>).</summary>
    /// <value>For example <c>Ticket/T-1001/7/0</c>: entity kind, identifier, the token of the write and the event's index in it.</value>
    public required string Id { get; init; }

    /// <summary>Gets the kind of entity whose change raised the event.</summary>
    /// <value><c>Ticket</c>, <c>Complaint</c> or <c>Callback</c>.</value>
    public required string EntityKind { get; init; }

    /// <summary>Gets the identifier of the entity whose change raised the event.</summary>
    /// <value>The entity's identifier; messages of one entity are delivered in <see cref="Sequence"/> order.</value>
    public required string EntityId { get; init; }

    /// <summary>Gets the event.</summary>
    /// <value>The domain event to deliver.</value>
    public required CustomerServiceEvent Event { get; init; }

    /// <summary>Gets the message's place in the outbox.</summary>
    /// <value>Assigned by the store when the message is written: increasing in writing order; 0 before it is stored.</value>
    public long Sequence { get; init; }

    /// <summary>Gets how many deliveries of the message failed so far.</summary>
    /// <value>The default value is 0.</value>
    public int Attempts { get; init; }

    /// <summary>Gets the earliest instant of the next delivery attempt after a failure.</summary>
    /// <value><see langword="null"/> for a message never tried (deliverable at once); otherwise the retry instant.</value>
    public Instant? NextAttemptAt { get; init; }

    /// <summary>Gets a short description of the last delivery failure (the exception's type name).</summary>
    /// <value>The description, or <see langword="null"/> when no delivery failed.</value>
    public string? LastError { get; init; }
}
