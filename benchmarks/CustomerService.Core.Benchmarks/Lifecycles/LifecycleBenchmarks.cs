using BenchmarkDotNet.Attributes;
using CustomerService.Core;
using CustomerService.Core.Calendars;
using CustomerService.Core.Sla;
using CustomerService.Core.Storage;
using CustomerService.Core.Tickets;
using NodaTime;

namespace CustomerService.Core.Benchmarks.Lifecycles;

/// <summary>
/// Ticket transitions: the definition alone (a Stateless machine configured per transition, the baseline, versus
/// the pooled machines the lifecycles use), and a ticket's full path through the service and the in-memory store.
/// </summary>
[MemoryDiagnoser]
public class LifecycleBenchmarks
{
    private static readonly Instant Now = Instant.FromUtc(2026, 3, 2, 1, 0);
    private static readonly TicketCommand Wait = new TicketCommand.WaitOnCustomer();
    private static readonly TicketCommand[] FullPath =
    [
        new TicketCommand.Assign("agent-7"),
        new TicketCommand.AgentReply(),
        new TicketCommand.WaitOnCustomer(),
        new TicketCommand.CustomerReply(),
        new TicketCommand.Solve("ANSWERED"),
        new TicketCommand.Close(),
    ];

    private readonly TicketId _id = new("T-bench");
    private TicketLifecycle _perTransition = null!;
    private TicketLifecycle _pooled = null!;
    private Ticket _open = null!;
    private SlaCatalog _sla = null!;

    [GlobalSetup]
    public void Setup()
    {
        _perTransition = new TicketLifecycle(new TicketOptions(), poolMachines: false);
        _pooled = new TicketLifecycle(new TicketOptions());
        var calendar = BusinessCalendar.CreateBuilder("Shanghai desk", DateTimeZoneProviders.Tzdb["Asia/Shanghai"])
            .OpenWeekdays(new LocalTime(9, 0), new LocalTime(12, 0))
            .OpenWeekdays(new LocalTime(13, 0), new LocalTime(18, 0))
            .Build();
        var policy = SlaPolicy.CreateBuilder("Standard", calendar, "v1")
            .Target(SlaMetric.FirstResponse, SlaPriority.Urgent, Duration.FromHours(2))
            .DefaultTarget(SlaMetric.FirstResponse, Duration.FromHours(8))
            .DefaultTarget(SlaMetric.NextResponse, Duration.FromHours(4))
            .DefaultTarget(SlaMetric.PeriodicUpdate, Duration.FromHours(24), SlaTimeBasis.CalendarTime)
            .DefaultTarget(SlaMetric.Resolution, Duration.FromHours(24))
            .PauseWhen(SlaWaitReason.PendingOnCustomer, SlaMetric.FirstResponse, SlaMetric.NextResponse, SlaMetric.Resolution)
            .PauseWhen(SlaWaitReason.DispatchedToDepartment, SlaMetric.Resolution)
            .Build();
        _sla = new SlaCatalog([new("Shanghai desk", calendar)], [policy], policy.Name);
        _open = _pooled.Apply(Ticket.Create(_id, ContactChannel.Phone, TicketCategory.Inquiry, TicketPriority.Normal, Now), new TicketCommand.Assign("agent-7"), "agent-7", Now);
    }

    /// <summary>Decides one transition (Open → Pending) on a machine configured for it.</summary>
    [Benchmark(Baseline = true)]
    public TicketState Decide_MachinePerTransition() => _perTransition.Decide(_open, TicketTrigger.WaitOnCustomer, Now);

    /// <summary>Decides one transition (Open → Pending) on a pooled, already configured machine.</summary>
    [Benchmark]
    public TicketState Decide_PooledMachine() => _pooled.Decide(_open, TicketTrigger.WaitOnCustomer, Now);

    /// <summary>Applies one transition: decide, record the data, append the history entry, next version.</summary>
    [Benchmark]
    public Ticket Apply_PooledMachine() => _pooled.Apply(_open, Wait, "agent-7", Now);

    /// <summary>Open → assign → reply → wait → customer reply → solve → close through the service and a fresh in-memory store.</summary>
    [Benchmark]
    public async Task<Ticket> FullPath_ServiceAndInMemoryStore()
    {
        var service = new TicketService(new InMemoryStorage().GetStore<Ticket>(TicketService.EntityKind), _pooled, new FixedClock());
        var ticket = await service.OpenAsync(_id, ContactChannel.Phone, TicketCategory.Inquiry, TicketPriority.Normal, "ivr");
        foreach (var command in FullPath)
        {
            ticket = await service.ExecuteAsync(_id, command, "agent-7");
        }

        return ticket;
    }

    /// <summary>
    /// The same path with SLA clocks (first response, next response, periodic update, resolution on a business calendar):
    /// every transition rebuilds, updates and re-evaluates the ticket's clocks; 20 minutes pass between steps.
    /// </summary>
    [Benchmark]
    public async Task<Ticket> FullPath_ServiceAndInMemoryStore_WithSla()
    {
        var clock = new SteppingClock();
        var service = new TicketService(new InMemoryStorage().GetStore<Ticket>(TicketService.EntityKind), _pooled, clock, _sla);
        var ticket = await service.OpenAsync(_id, ContactChannel.Phone, TicketCategory.Inquiry, TicketPriority.Normal, "ivr");
        foreach (var command in FullPath)
        {
            ticket = await service.ExecuteAsync(_id, command, "agent-7");
        }

        return ticket;
    }

    private sealed class SteppingClock : IClock
    {
        private Instant _now = Now;

        public Instant GetCurrentInstant()
        {
            _now += Duration.FromMinutes(20);
            return _now;
        }
    }

    private sealed class FixedClock : IClock
    {
        public Instant GetCurrentInstant() => Now;
    }
}
