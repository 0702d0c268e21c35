using BenchmarkDotNet.Attributes;
using CustomerService.Core.Storage;
using CustomerService.Core.Tickets;
using NodaTime;

namespace CustomerService.Core.Benchmarks.Storage;

/// <summary>
/// The cost of the transactional outbox in the in-memory storage: one save of a ticket snapshot with no event (the
/// baseline), one event, and four events (a transition that also crosses three SLA thresholds).
/// </summary>
[MemoryDiagnoser]
public class OutboxBenchmarks
{
    private const int Saves = 1000;
    private static readonly Instant Now = Instant.FromUtc(2026, 3, 2, 1, 0);
    private Ticket _ticket = null!;
    private OutboxMessage[][] _none = null!;
    private OutboxMessage[][] _one = null!;
    private OutboxMessage[][] _four = null!;
    private InMemoryStorage _storage = null!;
    private IEntityStore<Ticket> _store = null!;
    private ConcurrencyToken _token;

    [GlobalSetup]
    public void Setup()
    {
        _ticket = Ticket.Create(new TicketId("T-bench"), ContactChannel.Phone, TicketCategory.Inquiry, TicketPriority.Normal, Now);
        var domainEvent = new TicketOpened(_ticket, "ivr");
        // Message ids are unique among the pending messages (the store refuses a repeated one), so every save of a run
        // has its own, made here and not measured.
        OutboxMessage Message(int save, int i) => new() { Id = $"Ticket/T-bench/{save}/{i}", EntityKind = "Ticket", EntityId = "T-bench", Event = domainEvent };
        _none = [.. Enumerable.Range(0, Saves).Select(_ => Array.Empty<OutboxMessage>())];
        _one = [.. Enumerable.Range(0, Saves).Select(save => new[] { Message(save, 0) })];
        _four = [.. Enumerable.Range(0, Saves).Select(save => Enumerable.Range(0, 4).Select(i => Message(save, i)).ToArray())];
    }

    [IterationSetup]
    public void FreshStorage()
    {
        _storage = new InMemoryStorage();
        _store = _storage.GetStore<Ticket>(TicketService.EntityKind);
        Complete(_store.SaveAsync(new EntityChange<Ticket>("T-bench", _ticket, null, ConcurrencyToken.Initial, 0, Now, DueWork.SlaChange, null)));
        _token = ConcurrencyToken.Initial;
    }

    /// <summary>Saves the snapshot with its due work and no event.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Saves)]
    public void Save_NoEvent() => SaveMany(_none);

    /// <summary>Saves the snapshot and appends one event to the outbox.</summary>
    [Benchmark(OperationsPerInvoke = Saves)]
    public void Save_OneEvent() => SaveMany(_one);

    /// <summary>Saves the snapshot and appends four events to the outbox.</summary>
    [Benchmark(OperationsPerInvoke = Saves)]
    public void Save_FourEvents() => SaveMany(_four);

    // The in-memory storage completes synchronously; anything else would be a bug worth seeing here.
    private static void Complete(ValueTask pending)
    {
        if (!pending.IsCompletedSuccessfully)
        {
            pending.AsTask().GetAwaiter().GetResult();
        }
    }

    private void SaveMany(OutboxMessage[][] messages)
    {
        for (var i = 0; i < Saves; i++)
        {
            var next = _token.Next();
            Complete(_store.SaveAsync(new EntityChange<Ticket>("T-bench", _ticket, _token, next, 0, Now + Duration.FromMinutes(i), DueWork.SlaChange, messages[i])));
            _token = next;
        }
    }
}
