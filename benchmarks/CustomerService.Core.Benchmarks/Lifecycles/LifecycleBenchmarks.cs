using BenchmarkDotNet.Attributes;
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
        new TicketCommand.Solve("ANSWERED", FirstContact: false),
        new TicketCommand.Close(),
    ];

    private readonly TicketId _id = new("T-bench");
    private TicketLifecycle _perTransition = null!;
    private TicketLifecycle _pooled = null!;
    private Ticket _open = null!;

    [GlobalSetup]
    public void Setup()
    {
        _perTransition = new TicketLifecycle(new TicketOptions(), poolMachines: false);
        _pooled = new TicketLifecycle(new TicketOptions());
        _open = _pooled.Apply(Ticket.Create(_id, TicketChannel.Phone, TicketCategory.Inquiry, TicketPriority.Normal, Now), new TicketCommand.Assign("agent-7"), "agent-7", Now);
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
        var service = new TicketService(new InMemoryTicketStore(), _pooled, new FixedClock());
        var ticket = await service.OpenAsync(_id, TicketChannel.Phone, TicketCategory.Inquiry, TicketPriority.Normal, "ivr");
        foreach (var command in FullPath)
        {
            ticket = await service.ExecuteAsync(_id, command, "agent-7");
        }

        return ticket;
    }

    private sealed class FixedClock : IClock
    {
        public Instant GetCurrentInstant() => Now;
    }
}
