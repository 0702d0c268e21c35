using CustomerService.Core.Callbacks;
using CustomerService.Core.Complaints;
using CustomerService.Core.Storage;
using CustomerService.Core.Tickets;

namespace CustomerService.Core.Testing;

/// <summary>
/// The three entity stores and the outbox of one database, each wrapped in a fault-injecting store: hand
/// <see cref="Tickets"/>, <see cref="Complaints"/>, <see cref="Callbacks"/> and <see cref="Outbox"/> to the services and the
/// <see cref="OutboxDispatcher"/> under test, then configure faults on them.
/// </summary>
/// <example>
/// <code language="csharp">
/// var storage = FaultInjectingStorage.From(new InMemoryStorage());
/// var tickets = new TicketService(storage.Tickets, new TicketLifecycle(new TicketOptions()), clock);
/// storage.Tickets.FailSave(FaultTiming.AfterCall); // the next save commits, then the caller sees an error
/// </code>
/// </example>
/// <threadsafety>This type is thread-safe when the wrapped stores are.</threadsafety>
public sealed class FaultInjectingStorage
{
    /// <summary>Initializes a new instance of the <see cref="FaultInjectingStorage"/> class.</summary>
    /// <param name="tickets">The ticket store to wrap.</param>
    /// <param name="complaints">The complaint store to wrap.</param>
    /// <param name="callbacks">The callback store to wrap.</param>
    /// <param name="outbox">The outbox of the same database, to wrap.</param>
    /// <exception cref="ArgumentNullException">Thrown when an argument is <see langword="null"/>.</exception>
    public FaultInjectingStorage(IEntityStore<Ticket> tickets, IEntityStore<Complaint> complaints, IEntityStore<Callback> callbacks, IOutboxStore outbox)
    {
        Tickets = new FaultInjectingEntityStore<Ticket>(tickets);
        Complaints = new FaultInjectingEntityStore<Complaint>(complaints);
        Callbacks = new FaultInjectingEntityStore<Callback>(callbacks);
        Outbox = new FaultInjectingOutboxStore(outbox);
    }

    /// <summary>Gets the wrapped ticket store.</summary>
    /// <value>The store to give the ticket service.</value>
    public FaultInjectingEntityStore<Ticket> Tickets { get; }

    /// <summary>Gets the wrapped complaint store.</summary>
    /// <value>The store to give the complaint service.</value>
    public FaultInjectingEntityStore<Complaint> Complaints { get; }

    /// <summary>Gets the wrapped callback store.</summary>
    /// <value>The store to give the callback service.</value>
    public FaultInjectingEntityStore<Callback> Callbacks { get; }

    /// <summary>Gets the wrapped outbox.</summary>
    /// <value>The outbox to give the <see cref="OutboxDispatcher"/>.</value>
    public FaultInjectingOutboxStore Outbox { get; }

    /// <summary>Wraps the stores and the outbox of a <see cref="ConformanceStorage"/>.</summary>
    /// <param name="storage">The storage to wrap.</param>
    /// <returns>The wrappers.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="storage"/> is <see langword="null"/>.</exception>
    public static FaultInjectingStorage From(ConformanceStorage storage)
    {
        ArgumentNullException.ThrowIfNull(storage);
        return new FaultInjectingStorage(storage.Tickets, storage.Complaints, storage.Callbacks, storage.Outbox);
    }

    /// <summary>Wraps the stores of an <see cref="InMemoryStorage"/> (under the services' entity kinds) and the storage itself as the outbox.</summary>
    /// <param name="storage">The storage to wrap.</param>
    /// <returns>The wrappers.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="storage"/> is <see langword="null"/>.</exception>
    public static FaultInjectingStorage From(InMemoryStorage storage) => From(ConformanceStorage.From(storage));

    /// <summary>Returns the wrappers as a <see cref="ConformanceStorage"/>, for example to run the conformance kit through them.</summary>
    /// <param name="dispose">Releases the wrapped database when a test ends, or <see langword="null"/>.</param>
    /// <returns>A storage whose stores are the wrappers.</returns>
    public ConformanceStorage ToConformanceStorage(Func<ValueTask>? dispose = null) => new(Tickets, Complaints, Callbacks, Outbox, dispose);

    /// <summary>Removes every configured fault of the four wrappers (the counters keep counting).</summary>
    public void ClearFaults()
    {
        Tickets.ClearFaults();
        Complaints.ClearFaults();
        Callbacks.ClearFaults();
        Outbox.ClearFaults();
    }
}
