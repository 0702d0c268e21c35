using BenchmarkDotNet.Attributes;
using CustomerService.Core.Kpis;
using NodaTime;

namespace CustomerService.Core.Benchmarks.Kpis;

/// <summary>Exact median and p90 over 10,000,000 durations: radix select versus sorting a copy.</summary>
[MemoryDiagnoser]
public class PercentileBenchmarks
{
    private const int Records = 10_000_000;
    private static readonly double[] MedianAndP90 = [50, 90];
    private readonly DurationPercentile[] _results = new DurationPercentile[2];
    private DurationAccumulator _accumulator = new();
    private long[] _raw = [];
    private DurationSketch _sketch = new();

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(11);
        _raw = new long[Records];
        _accumulator = new DurationAccumulator(Records);
        _sketch = new DurationSketch();
        var chunk = new Duration[Records];
        for (int i = 0; i < Records; i++)
        {
            // Resolution-time-like: exponential with a 10-minute mean, millisecond resolution.
            long ms = (long)(-Math.Log(1 - random.NextDouble()) * 600_000);
            _raw[i] = ms * 1_000_000;
            chunk[i] = Duration.FromMilliseconds(ms);
        }

        _accumulator.AddRange(chunk);
        _sketch.AddRange(chunk);
    }

    [Benchmark(Baseline = true)]
    public long MedianP90_SortCopy()
    {
        long[] copy = (long[])_raw.Clone();
        Array.Sort(copy);
        return copy[(Records / 2) - 1] + copy[(int)Math.Ceiling(0.9 * Records) - 1];
    }

    [Benchmark]
    public Duration? MedianP90_RadixSelect()
    {
        _accumulator.Percentiles(MedianAndP90, PercentileMethod.NearestRank, _results);
        return _results[1].Value;
    }

    [Benchmark]
    public Duration? MedianP90_Linear()
    {
        _accumulator.Percentiles(MedianAndP90, PercentileMethod.Linear, _results);
        return _results[1].Value;
    }

    [Benchmark]
    public Duration? MedianP90_Sketch() => _sketch.Percentile(50, PercentileMethod.NearestRank).Value + _sketch.Percentile(90, PercentileMethod.NearestRank).Value;
}
