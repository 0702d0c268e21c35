using BenchmarkDotNet.Attributes;
using CustomerService.Core.Kpis;
using NodaTime;

namespace CustomerService.Core.Benchmarks.Kpis;

/// <summary>Issue 19's KPI variants on their hot paths: percentiles by the Hyndman &amp; Fan methods (exact and sketch), CES on the effort scale, Erlang A figures and staffing search.</summary>
[MemoryDiagnoser]
public class KpiVariantsBenchmarks
{
    private const int Records = 1_000_000;
    private static readonly double[] Quartiles = [25, 50, 75, 90];
    private readonly DurationPercentile[] _results = new DurationPercentile[4];
    private DurationAccumulator _accumulator = new();
    private DurationSketch _sketch = new();
    private byte[] _effort = [];

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(19);
        var values = new Duration[Records];
        _effort = new byte[Records];
        for (int i = 0; i < Records; i++)
        {
            values[i] = Duration.FromMilliseconds((long)(-Math.Log(1 - random.NextDouble()) * 600_000));
            _effort[i] = (byte)random.Next(1, 6);
        }

        _accumulator = new DurationAccumulator(Records);
        _accumulator.AddRange(values);
        _sketch = new DurationSketch();
        _sketch.AddRange(values);
    }

    [Benchmark(Baseline = true)]
    public Duration? Quartiles_Linear()
    {
        _accumulator.Percentiles(Quartiles, PercentileMethod.Linear, _results);
        return _results[3].Value;
    }

    [Benchmark]
    public Duration? Quartiles_Weibull()
    {
        _accumulator.Percentiles(Quartiles, PercentileMethod.Weibull, _results);
        return _results[3].Value;
    }

    [Benchmark]
    public Duration? Quartiles_MedianUnbiased()
    {
        _accumulator.Percentiles(Quartiles, PercentileMethod.MedianUnbiased, _results);
        return _results[3].Value;
    }

    [Benchmark]
    public Duration? P90_Sketch_Weibull() => _sketch.Percentile(90, PercentileMethod.Weibull).Value;

    [Benchmark]
    public long Ces_Effort5_AddRange()
    {
        var acc = new CesAccumulator(CesScale.Effort5);
        acc.AddRange(_effort);
        return acc.Agree;
    }

    [Benchmark]
    public long Ces_Agreement7_AddRange()
    {
        var acc = default(CesAccumulator);
        acc.AddRange(_effort);
        return acc.Agree;
    }

    [Benchmark]
    public double ErlangA_Evaluate() =>
        ErlangA.Evaluate(100, Duration.FromMinutes(30), Duration.FromSeconds(180), Duration.FromSeconds(120), 12, Duration.FromSeconds(20)).ProbabilityOfWaitingLongerThan;

    [Benchmark]
    public int ErlangA_AgentsRequired_ServiceLevel() =>
        ErlangA.AgentsRequired(100, Duration.FromMinutes(30), Duration.FromSeconds(180), Duration.FromSeconds(120), StaffingTarget.ServiceLevel(0.8, Duration.FromSeconds(20)), 1, 0.3).Agents;

    [Benchmark]
    public int ErlangA_AgentsRequired_LargeCentre() =>
        ErlangA.AgentsRequired(5000, Duration.FromMinutes(30), Duration.FromSeconds(300), Duration.FromSeconds(180), StaffingTarget.AverageSpeedOfAnswer(Duration.FromSeconds(15)), 1, 0.3).Agents;

    [Benchmark]
    public int ErlangC_AgentsRequired_Asa() =>
        ErlangC.AgentsRequired(100, Duration.FromMinutes(30), Duration.FromSeconds(180), StaffingTarget.AverageSpeedOfAnswer(Duration.FromSeconds(15)), 1, 0.3).Agents;
}
