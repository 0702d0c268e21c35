using CustomerService.Core.Callbacks;
using CustomerService.Core.Complaints;
using CustomerService.Core.Sla;
using CustomerService.Core.Storage;
using CustomerService.Core.Tests.Callbacks;
using CustomerService.Core.Tickets;
using NodaTime;
using NodaTime.Testing;

namespace CustomerService.Core.Tests;

/// <summary>
/// A help desk as a test sees it: one in-memory storage with the three stores and the outbox, the three services on a
/// fake clock, and a dispatcher that delivers the outbox to the complaint follow-up and to a recording sink.
/// </summary>
public sealed class TestDesk
{
    public TestDesk(Instant start, SlaCatalog? sla = null, TicketOptions? tickets = null, CallbackRetryPolicy? callbacks = null, InMemoryStorage? storage = null)
    {
        Clock = new FakeClock(start);
        Storage = storage ?? new InMemoryStorage();
        Tickets = new TicketService(TicketStore, new TicketLifecycle(tickets ?? new TicketOptions()), Clock, sla);
        Complaints = new ComplaintService(ComplaintStore, new ComplaintLifecycle(), Clock, sla);
        Callbacks = new CallbackService(CallbackStore, new CallbackLifecycle(callbacks ?? CallbackArbitraries.Policy, DateTimeZoneProviders.Tzdb), Clock);
        Dispatcher = new OutboxDispatcher(Storage, [new DissatisfiedCallbackFollowUp(Complaints), Sink]);
    }

    public FakeClock Clock { get; }

    public InMemoryStorage Storage { get; }

    public IEntityStore<Ticket> TicketStore => Storage.GetStore<Ticket>(TicketService.EntityKind);

    public IEntityStore<Complaint> ComplaintStore => Storage.GetStore<Complaint>(ComplaintService.EntityKind);

    public IEntityStore<Callback> CallbackStore => Storage.GetStore<Callback>(CallbackService.EntityKind);

    public TicketService Tickets { get; }

    public ComplaintService Complaints { get; }

    public CallbackService Callbacks { get; }

    public RecordingEventSink Sink { get; } = new();

    public OutboxDispatcher Dispatcher { get; }

    public Instant Now => Clock.GetCurrentInstant();

    /// <summary>Delivers the whole outbox at the clock's instant and returns every event delivered so far, in order.</summary>
    public async Task<IReadOnlyList<CustomerServiceEvent>> DeliverAsync()
    {
        while ((await Dispatcher.DispatchAsync(Now, 1000)).Delivered > 0)
        {
        }

        return Sink.Events;
    }
}

/// <summary>Shorthands for reading snapshots in assertions.</summary>
public static class EntityStoreExtensions
{
    public static async Task<T?> GetAsync<T>(this IEntityStore<T> store, string id)
        where T : class => (await store.FindAsync(id))?.Entity;
}
