using BenchmarkDotNet.Attributes;
using CustomerService.Core.Kpis;
using NodaTime;

namespace CustomerService.Core.Benchmarks.Kpis;

/// <summary>Erlang staffing for 1,000 half-hour intervals (about three weeks of a 24×7 centre).</summary>
[MemoryDiagnoser]
public class StaffingBenchmarks
{
    private const int Intervals = 1_000;
    private static readonly Duration HalfHour = Duration.FromMinutes(30);
    private static readonly Duration Twenty = Duration.FromSeconds(20);
    private double[] _calls = [];
    private Duration[] _aht = [];

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(12);
        _calls = new double[Intervals];
        _aht = new Duration[Intervals];
        for (int i = 0; i < Intervals; i++)
        {
            // A daily curve from a few calls at night to about 1,200 calls per half hour at peak.
            double hourOfDay = (i % 48) / 2.0;
            _calls[i] = Math.Round(20 + (1180 * Math.Pow(Math.Sin(Math.PI * hourOfDay / 24), 2)) * (0.8 + (0.4 * random.NextDouble())));
            _aht[i] = Duration.FromSeconds(random.Next(150, 420));
        }
    }

    [Benchmark]
    public int ErlangC_AgentsRequired_1000Intervals()
    {
        int total = 0;
        for (int i = 0; i < Intervals; i++)
        {
            total += ErlangC.AgentsRequired(_calls[i], HalfHour, _aht[i], 0.8, Twenty, maximumOccupancy: 0.9, shrinkage: 0.3).ScheduledAgents;
        }

        return total;
    }

    [Benchmark]
    public double ErlangA_Evaluate_48Intervals()
    {
        double total = 0;
        for (int i = 0; i < 48; i++)
        {
            StaffingResult staffed = ErlangC.AgentsRequired(_calls[i], HalfHour, _aht[i], 0.8, Twenty);
            total += ErlangA.Evaluate(_calls[i], HalfHour, _aht[i], Duration.FromMinutes(2), staffed.Agents, Twenty).ServiceLevel;
        }

        return total;
    }
}
