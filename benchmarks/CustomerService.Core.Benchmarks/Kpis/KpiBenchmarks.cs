using BenchmarkDotNet.Attributes;
using CustomerService.Core.Kpis;
using CustomerService.Core.Sla;
using NodaTime;

namespace CustomerService.Core.Benchmarks.Kpis;

/// <summary>Each KPI accumulator over 10,000,000 records from a span (one operation = the whole span).</summary>
[MemoryDiagnoser]
public class KpiBenchmarks
{
    public const int Records = 10_000_000;

    private byte[] _csat = [];
    private byte[] _nps = [];
    private byte[] _ces = [];
    private ContactOutcome[] _contacts = [];
    private QueueCall[] _calls = [];
    private HandledContact[] _handled = [];
    private TicketOutcome[] _tickets = [];
    private AgentTime[] _agentTimes = [];
    private RequestedCallback[] _callbacks = [];
    private SlaOutcome[] _sla = [];
    private Duration[] _durations = [];

    private static readonly Instant Start = Instant.FromUtc(2026, 3, 1, 0, 0);

    [GlobalSetup(Targets = [nameof(Csat_AddRange), nameof(Nps_AddRange), nameof(Ces_AddRange)])]
    public void SetupScores()
    {
        var random = new Random(1);
        _csat = Enumerable.Range(0, Records).Select(_ => (byte)random.Next(1, 6)).ToArray();
        _nps = Enumerable.Range(0, Records).Select(_ => (byte)random.Next(0, 11)).ToArray();
        _ces = Enumerable.Range(0, Records).Select(_ => (byte)random.Next(1, 8)).ToArray();
    }

    [GlobalSetup(Target = nameof(Fcr_AddRange))]
    public void SetupContacts()
    {
        var random = new Random(2);
        _contacts = new ContactOutcome[Records];
        for (int i = 0; i < Records; i++)
        {
            int r = random.Next(100);
            _contacts[i] = new ContactOutcome(r < 75, r >= 95, r % 3 == 0 ? Duration.FromHours(random.Next(0, 400)) : null);
        }
    }

    [GlobalSetup(Target = nameof(Queue_AddRange))]
    public void SetupCalls()
    {
        var random = new Random(3);
        _calls = new QueueCall[Records];
        for (int i = 0; i < Records; i++)
        {
            _calls[i] = new QueueCall(Duration.FromMilliseconds(random.Next(0, 120_000)), random.Next(10) == 0 ? QueueCallOutcome.Abandoned : QueueCallOutcome.Answered);
        }
    }

    [GlobalSetup(Target = nameof(Aht_AddRange))]
    public void SetupHandled()
    {
        var random = new Random(4);
        _handled = new HandledContact[Records];
        for (int i = 0; i < Records; i++)
        {
            _handled[i] = new HandledContact(Duration.FromSeconds(random.Next(30, 900)), Duration.FromSeconds(random.Next(0, 120)), Duration.FromSeconds(random.Next(0, 180)));
        }
    }

    [GlobalSetup(Target = nameof(Resolution_AddRange))]
    public void SetupTickets()
    {
        var random = new Random(5);
        _tickets = new TicketOutcome[Records];
        for (int i = 0; i < Records; i++)
        {
            Instant created = Start + Duration.FromSeconds(random.Next(-86_400 * 10, 86_400 * 31));
            Instant? resolved = random.Next(10) == 0 ? null : created + Duration.FromMinutes(random.Next(1, 20_000));
            _tickets[i] = new TicketOutcome(created, resolved, random.Next(20) == 0 ? 1 : 0);
        }
    }

    [GlobalSetup(Target = nameof(Occupancy_AddRange))]
    public void SetupAgentTimes()
    {
        var random = new Random(6);
        _agentTimes = new AgentTime[Records];
        for (int i = 0; i < Records; i++)
        {
            _agentTimes[i] = new AgentTime(Duration.FromMinutes(random.Next(200, 420)), Duration.FromMinutes(random.Next(0, 90)), Duration.FromHours(8));
        }
    }

    [GlobalSetup(Target = nameof(Callback_AddRange))]
    public void SetupCallbacks()
    {
        var random = new Random(7);
        _callbacks = new RequestedCallback[Records];
        for (int i = 0; i < Records; i++)
        {
            int r = random.Next(100);
            _callbacks[i] = new RequestedCallback(r < 75, r < 15);
        }
    }

    [GlobalSetup(Target = nameof(SlaCompliance_AddRange))]
    public void SetupSla()
    {
        var random = new Random(8);
        SlaMetric[] metrics = [SlaMetric.FirstResponse, SlaMetric.NextResponse, SlaMetric.Resolution];
        SlaPriority[] priorities = [SlaPriority.Urgent, SlaPriority.High, SlaPriority.Normal, SlaPriority.Low];
        _sla = new SlaOutcome[Records];
        for (int i = 0; i < Records; i++)
        {
            _sla[i] = new SlaOutcome(metrics[random.Next(3)], priorities[random.Next(4)], random.Next(10) != 0);
        }
    }

    [GlobalSetup(Targets = [nameof(Durations_AddRange), nameof(Sketch_AddRange)])]
    public void SetupDurations()
    {
        var random = new Random(9);
        _durations = new Duration[Records];
        for (int i = 0; i < Records; i++)
        {
            _durations[i] = Duration.FromNanoseconds((long)(-Math.Log(1 - random.NextDouble()) * 600e9));
        }
    }

    [Benchmark]
    public long Csat_AddRange()
    {
        var acc = new CsatAccumulator(CsatScale.Default);
        acc.AddRange(_csat);
        return acc.Satisfied;
    }

    [Benchmark]
    public long Nps_AddRange()
    {
        var acc = default(NpsAccumulator);
        acc.AddRange(_nps);
        return acc.Promoters;
    }

    [Benchmark]
    public long Ces_AddRange()
    {
        var acc = default(CesAccumulator);
        acc.AddRange(_ces);
        return acc.Agree;
    }

    [Benchmark]
    public long Fcr_AddRange()
    {
        var acc = new FcrAccumulator(Duration.FromDays(7));
        acc.AddRange(_contacts);
        return acc.FirstContactResolved;
    }

    [Benchmark]
    public long Queue_AddRange()
    {
        var acc = new QueueAccumulator(Duration.FromSeconds(20), Duration.FromSeconds(5));
        acc.AddRange(_calls);
        return acc.AnsweredWithinThreshold;
    }

    [Benchmark]
    public long Aht_AddRange()
    {
        var acc = default(AhtAccumulator);
        acc.AddRange(_handled);
        return acc.Count;
    }

    [Benchmark]
    public long Resolution_AddRange()
    {
        var acc = new ResolutionAccumulator(new Interval(Start, Start + Duration.FromDays(31)));
        acc.AddRange(_tickets);
        return acc.CohortResolved;
    }

    [Benchmark]
    public double? Occupancy_AddRange()
    {
        var acc = default(OccupancyAccumulator);
        acc.AddRange(_agentTimes);
        return acc.Occupancy.Value;
    }

    [Benchmark]
    public long Callback_AddRange()
    {
        var acc = default(CallbackAccumulator);
        acc.AddRange(_callbacks);
        return acc.Converted;
    }

    [Benchmark]
    public long SlaCompliance_AddRange()
    {
        var acc = new SlaComplianceAccumulator();
        acc.AddRange(_sla);
        return acc.Count;
    }

    [Benchmark]
    public long Durations_AddRange()
    {
        var acc = new DurationAccumulator(Records);
        acc.AddRange(_durations);
        return acc.Count;
    }

    [Benchmark]
    public long Sketch_AddRange()
    {
        var acc = new DurationSketch();
        acc.AddRange(_durations);
        return acc.Count;
    }
}
