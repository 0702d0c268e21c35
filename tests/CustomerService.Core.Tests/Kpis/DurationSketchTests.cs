using CustomerService.Core.Kpis;
using FsCheck.Xunit;
using NodaTime;

namespace CustomerService.Core.Tests.Kpis;

public sealed class DurationSketchTests
{
    [Fact]
    public void Percentile_LargeSet_IsWithinTheRelativeError()
    {
        var random = new Random(7);
        var values = Enumerable.Range(0, 100_000).Select(_ => (long)(random.NextDouble() * 3_600e9) + 1).ToArray();
        var sketch = new DurationSketch(0.01);
        sketch.AddRange(values.Select(Duration.FromNanoseconds).ToArray());
        long[] sorted = [.. values.Order()];
        foreach (double p in new[] { 1, 50, 90, 99 })
        {
            long exact = sorted[Math.Max(1, (int)decimal.Ceiling((decimal)p * sorted.Length / 100)) - 1];
            double estimate = sketch.Percentile(p, PercentileMethod.NearestRank).Value!.Value.TotalNanoseconds;
            Assert.InRange(Math.Abs(estimate - exact), 0, (0.01 * exact) + 1);
        }
    }

    [Fact]
    public void Constructor_AccuracyOutOfRange_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new DurationSketch(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new DurationSketch(0.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => new DurationSketch(double.NaN));
    }

    [Fact]
    public void Merge_DifferentAccuracy_Throws()
    {
        var a = new DurationSketch(0.01);
        Assert.Throws<ArgumentException>(() => a.Merge(new DurationSketch(0.02)));
    }

    [Fact]
    public void Add_Negative_ThrowsAndChangesNothing()
    {
        var sketch = new DurationSketch();
        Assert.Throws<ArgumentOutOfRangeException>(() => sketch.Add(Duration.FromTicks(-1)));
        Assert.Equal("records[2]", Assert.Throws<ArgumentOutOfRangeException>(() => sketch.AddRange([Duration.Zero, Duration.FromSeconds(1), Duration.MaxValue])).ParamName);
        Assert.Equal(0, sketch.Count);
        Assert.Null(sketch.Percentile(50, PercentileMethod.NearestRank).Value);
    }

    [Property(Arbitrary = new[] { typeof(KpisArbitraries) })]
    public bool Merge_Meets_Specification(DurationBatch batch)
    {
        Duration[] all = batch.Durations;
        var single = new DurationSketch();
        single.AddRange(all);
        var left = new DurationSketch();
        left.AddRange(all.AsSpan(0, batch.Split));
        var right = new DurationSketch();
        right.AddRange(all.AsSpan(batch.Split));
        left.Merge(right);
        if (all.Length == 0)
        {
            return left.Percentile(50, PercentileMethod.NearestRank).Value is null;
        }

        long[] sorted = [.. batch.Nanoseconds.Order()];
        bool ok = true;
        foreach (double p in new[] { 0, 50, 90, 100 })
        {
            long exact = sorted[Math.Max(1, (int)decimal.Ceiling((decimal)p * sorted.Length / 100)) - 1];
            double estimate = left.Percentile(p, PercentileMethod.NearestRank).Value!.Value.TotalNanoseconds;
            ok &= left.Percentile(p, PercentileMethod.NearestRank).Value == single.Percentile(p, PercentileMethod.NearestRank).Value;
            ok &= Math.Abs(estimate - exact) <= (0.01 * exact * (1 + 1e-9)) + 1;
        }

        return ok;
    }

    // Issue 16.4: reading a sketch or merging it into another changes nothing, also from two threads at once.
    [Fact]
    public void ReadsAndMerges_FromTwoThreadsAtOnce_ChangeNothing()
    {
        var random = new Random(6);
        var shard = new DurationSketch();
        shard.AddRange(Enumerable.Range(0, 5_000).Select(_ => Duration.FromMilliseconds(random.Next(0, 600_000))).ToArray());
        Duration? p90 = shard.Percentile(90, PercentileMethod.NearestRank).Value;
        var totals = new DurationSketch[2];
        var seen = new Duration?[2];
        Concurrently.Run(
            trials: 100,
            setup: _ => (totals[0], totals[1]) = (new DurationSketch(), new DurationSketch()),
            step: (_, thread) =>
            {
                seen[thread] = shard.Percentile(90, PercentileMethod.NearestRank).Value;
                totals[thread].Merge(shard);
            },
            check: _ =>
            {
                Assert.Equal([p90, p90], seen);
                Assert.Equal((5_000L, 5_000L, 5_000L), (shard.Count, totals[0].Count, totals[1].Count));
                Assert.Equal(p90, totals[0].Percentile(90, PercentileMethod.NearestRank).Value);
            });
    }
}
