using BenchmarkDotNet.Attributes;
using CustomerService.Core.Calendars;
using CustomerService.Core.Serialization;
using CustomerService.Core.Sla;
using CustomerService.Core.Storage;
using CustomerService.Core.Tickets;
using NodaTime;

namespace CustomerService.Core.Benchmarks.Storage;

/// <summary>
/// The JSON a document store moves per ticket transition: the history-less ticket snapshot with its SLA clocks (written
/// by every save, read by every load), one history entry, and the transitioned event of the outbox. The ticket is the
/// one the SQLite and PostgreSQL benchmarks write: opened, assigned and replied to under a four-clock SLA policy.
/// </summary>
[MemoryDiagnoser]
public class SnapshotJsonBenchmarks
{
    private static readonly Instant Now = Instant.FromUtc(2026, 3, 2, 1, 0);
    private Ticket _snapshot = null!;
    private TransitionRecord<TicketState, TicketTrigger> _entry;
    private CustomerServiceEvent _event = null!;
    private string _snapshotJson = null!;
    private string _entryJson = null!;
    private string _eventJson = null!;

    [GlobalSetup]
    public void Setup()
    {
        var calendar = BusinessCalendar.CreateBuilder("Shanghai desk", DateTimeZoneProviders.Tzdb["Asia/Shanghai"])
            .OpenWeekdays(new LocalTime(9, 0), new LocalTime(12, 0))
            .OpenWeekdays(new LocalTime(13, 0), new LocalTime(18, 0))
            .Build();
        var policy = SlaPolicy.CreateBuilder("Standard", calendar, "v1")
            .DefaultTarget(SlaMetric.FirstResponse, Duration.FromHours(8))
            .DefaultTarget(SlaMetric.NextResponse, Duration.FromHours(4))
            .DefaultTarget(SlaMetric.PeriodicUpdate, Duration.FromHours(24), SlaTimeBasis.CalendarTime)
            .DefaultTarget(SlaMetric.Resolution, Duration.FromHours(24))
            .PauseWhen(SlaWaitReason.PendingOnCustomer, SlaMetric.FirstResponse, SlaMetric.NextResponse, SlaMetric.Resolution)
            .Build();
        var sla = new SlaCatalog([new("Shanghai desk", calendar)], [policy], policy.Name);
        var storage = new InMemoryStorage();
        var service = new TicketService(storage.GetStore<Ticket>(TicketService.EntityKind), new TicketLifecycle(new TicketOptions()), new SteppingClock(), sla);
        var id = new TicketId("T-000042");
        Wait(service.OpenAsync(id, ContactChannel.Email, TicketCategory.TechnicalSupport, TicketPriority.High, "portal"));
        Wait(service.ExecuteAsync(id, new TicketCommand.Assign("agent-7"), "agent-7"));
        var ticket = Wait(service.ExecuteAsync(id, new TicketCommand.AgentReply(), "agent-7"));
        _snapshot = ticket with { History = [] };
        _entry = ticket.History[^1];
        _event = new TicketTransitioned(_snapshot, _entry) { Id = "Ticket/T-000042/3/0" };
        _snapshotJson = CustomerServiceJson.Serialize(_snapshot);
        _entryJson = CustomerServiceJson.Serialize(_entry);
        _eventJson = CustomerServiceJson.Serialize(_event);
    }

    /// <summary>Writes the snapshot (what every save writes).</summary>
    [Benchmark(Baseline = true)]
    public string Serialize_Snapshot() => CustomerServiceJson.Serialize(_snapshot);

    /// <summary>Reads the snapshot (what every load reads).</summary>
    [Benchmark]
    public Ticket Deserialize_Snapshot() => CustomerServiceJson.Deserialize<Ticket>(_snapshotJson);

    /// <summary>Writes one history entry.</summary>
    [Benchmark]
    public string Serialize_HistoryEntry() => CustomerServiceJson.Serialize(_entry);

    /// <summary>Reads one history entry.</summary>
    [Benchmark]
    public TransitionRecord<TicketState, TicketTrigger> Deserialize_HistoryEntry() => CustomerServiceJson.Deserialize<TransitionRecord<TicketState, TicketTrigger>>(_entryJson);

    /// <summary>Writes the transitioned event (the outbox row: the snapshot again, plus the transition).</summary>
    [Benchmark]
    public string Serialize_Event() => CustomerServiceJson.Serialize(_event);

    /// <summary>Reads the transitioned event (what the dispatcher reads).</summary>
    [Benchmark]
    public CustomerServiceEvent Deserialize_Event() => CustomerServiceJson.Deserialize<CustomerServiceEvent>(_eventJson);

    private static T Wait<T>(Task<T> task) => task.GetAwaiter().GetResult();

    private sealed class SteppingClock : IClock
    {
        private Instant _now = Now;

        public Instant GetCurrentInstant()
        {
            _now += Duration.FromMinutes(20);
            return _now;
        }
    }
}
