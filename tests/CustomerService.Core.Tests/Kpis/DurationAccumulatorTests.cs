using CustomerService.Core.Kpis;
using FsCheck.Xunit;
using NodaTime;

namespace CustomerService.Core.Tests.Kpis;

public sealed class DurationAccumulatorTests
{
    // Reference implementations straight from the definitions, on a fully sorted copy.
    private static long NearestRank(long[] sorted, double p) =>
        sorted[Math.Max(1, (int)decimal.Ceiling((decimal)p * sorted.Length / 100)) - 1];

    private static long Linear(long[] sorted, double p)
    {
        double h = (sorted.Length - 1) * p / 100;
        int lo = (int)Math.Floor(h);
        int hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + (long)Math.Round((sorted[hi] - sorted[lo]) * (h - lo), MidpointRounding.AwayFromZero);
    }

    [Fact]
    public void Statistics_WorkedExample_MatchTheDocumentedValues()
    {
        var acc = new DurationAccumulator();
        acc.AddRange(new[] { Duration.FromMinutes(10), Duration.FromMinutes(20), Duration.FromMinutes(30), Duration.FromMinutes(40) });

        Assert.Equal(Duration.FromMinutes(25), acc.Mean);
        Assert.Equal(Duration.FromMinutes(20), acc.Median(PercentileMethod.NearestRank).Value);
        Assert.Equal(Duration.FromMinutes(25), acc.Median(PercentileMethod.Linear).Value);
        Assert.Equal(Duration.FromMinutes(40), acc.Percentile(90, PercentileMethod.NearestRank).Value);
        Assert.Equal(Duration.FromMinutes(37), acc.Percentile(90, PercentileMethod.Linear).Value);
        Assert.Equal(Duration.FromMinutes(10), acc.Minimum);
        Assert.Equal(Duration.FromMinutes(40), acc.Maximum);
        Assert.Equal(Duration.FromMinutes(100), acc.Total);
    }

    [Fact]
    public void Percentile_ExcelPercentileIncExample_Matches()
    {
        // Excel: PERCENTILE.INC({1,2,3,4}, 0.3) = 1.9
        var acc = new DurationAccumulator();
        foreach (int s in new[] { 1, 2, 3, 4 })
        {
            acc.Add(Duration.FromSeconds(s));
        }

        Assert.Equal(Duration.FromMilliseconds(1900), acc.Percentile(30, PercentileMethod.Linear).Value);
    }

    [Fact]
    public void Percentile_LargeSkewedSet_MatchesSortedReference()
    {
        var random = new Random(42);
        var values = new long[200_000];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = (long)(-Math.Log(1 - random.NextDouble()) * 300e9) + (i % 7 == 0 ? 5 : 0);
        }

        var acc = new DurationAccumulator(values.Length);
        acc.AddRange(values.Select(Duration.FromNanoseconds).ToArray());
        long[] sorted = [.. values.Order()];
        foreach (double p in new[] { 0, 1, 25, 50, 90, 99, 99.9, 100 })
        {
            Assert.Equal(Duration.FromNanoseconds(NearestRank(sorted, p)), acc.Percentile(p, PercentileMethod.NearestRank).Value);
            Assert.Equal(Duration.FromNanoseconds(Linear(sorted, p)), acc.Percentile(p, PercentileMethod.Linear).Value);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Percentile_ClusteredValuesWithOutliers_MatchesSortedReference(int seed)
    {
        // Nearly every value falls into one top-level bucket, so the select must recurse; duplicates abound.
        var random = new Random(seed);
        var values = new long[50_000];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = i % 1000 == 0 ? 1_000_000_000_000_000_000L + random.Next(1000) : 1_000_000_000_000L + random.Next(seed * 500);
        }

        var acc = new DurationAccumulator();
        acc.AddRange(values.Select(Duration.FromNanoseconds).ToArray());
        long[] sorted = [.. values.Order()];
        var results = new DurationPercentile[7];
        double[] percents = [0, 10, 50, 90, 99.9, 99.95, 100];
        Assert.True(acc.Percentiles(percents, PercentileMethod.Linear, results));
        for (int i = 0; i < percents.Length; i++)
        {
            Assert.Equal(Duration.FromNanoseconds(Linear(sorted, percents[i])), results[i].Value);
            Assert.Equal(Duration.FromNanoseconds(NearestRank(sorted, percents[i])), acc.Percentile(percents[i], PercentileMethod.NearestRank).Value);
        }
    }

    [Fact]
    public void Percentile_AllEqual_IsThatValue()
    {
        var acc = new DurationAccumulator();
        acc.AddRange(Enumerable.Repeat(Duration.FromSeconds(42), 10_000).ToArray());
        Assert.Equal(Duration.FromSeconds(42), acc.Percentile(90, PercentileMethod.NearestRank).Value);
        Assert.Equal(Duration.FromSeconds(42), acc.Median(PercentileMethod.Linear).Value);
    }

    [Fact]
    public void Percentiles_SeveralAtOnce_EqualOneByOne()
    {
        var acc = new DurationAccumulator();
        for (int i = 0; i < 1000; i++)
        {
            acc.Add(Duration.FromSeconds((i * 37) % 1000));
        }

        var results = new DurationPercentile[3];
        Assert.True(acc.Percentiles(new double[] { 90, 50, 10 }, PercentileMethod.Linear, results));
        Assert.Equal(acc.Percentile(90, PercentileMethod.Linear).Value, results[0].Value);
        Assert.Equal(acc.Percentile(50, PercentileMethod.Linear).Value, results[1].Value);
        Assert.Equal(acc.Percentile(10, PercentileMethod.Linear).Value, results[2].Value);
    }

    [Fact]
    public void Percentile_NearestRankSeventyOfTen_IsTheSeventhValue()
    {
        // 0.7 × 10 is 7.000000000000001 in binary floating point; the rank must still be 7.
        var acc = new DurationAccumulator();
        for (int i = 1; i <= 10; i++)
        {
            acc.Add(Duration.FromSeconds(i));
        }

        Assert.Equal(Duration.FromSeconds(7), acc.Percentile(70, PercentileMethod.NearestRank).Value);
    }

    [Fact]
    public void Statistics_NoValues_AreNull()
    {
        var acc = new DurationAccumulator();
        Assert.Null(acc.Mean);
        Assert.Null(acc.Median(PercentileMethod.Linear).Value);
        Assert.Null(acc.Minimum);
        Assert.False(acc.Percentiles(new double[] { 50 }, PercentileMethod.NearestRank, new DurationPercentile[1]));
    }

    [Fact]
    public void AddRange_NegativeDuration_ThrowsNamingIndexAndChangesNothing()
    {
        var acc = new DurationAccumulator();
        acc.Add(Duration.FromSeconds(1));
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => acc.AddRange(new[] { Duration.FromSeconds(2), Duration.FromSeconds(-2) }));
        Assert.Equal("records[1]", ex.ParamName);
        Assert.Contains("position 1", ex.Message, StringComparison.Ordinal);
        Assert.Equal(1, acc.Count);
        Assert.Equal(Duration.FromSeconds(1), acc.Total);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(100.5)]
    [InlineData(double.NaN)]
    public void Percentile_OutsideZeroToHundred_Throws(double p)
    {
        var acc = new DurationAccumulator();
        acc.Add(Duration.FromSeconds(1));
        Assert.Equal("percent", Assert.Throws<ArgumentOutOfRangeException>(() => acc.Percentile(p, PercentileMethod.Linear).Value).ParamName);
        Assert.Equal("percents[1]", Assert.Throws<ArgumentOutOfRangeException>(() => acc.Percentiles([50, p], PercentileMethod.Linear, new DurationPercentile[2])).ParamName);
    }

    // The sum is kept in 128 bits, so the mean stays exact; only the total itself may be longer than a Duration can be.
    [Fact]
    public void Total_PastDurationMaxValue_ThrowsOverflowWhileTheMeanStaysExact()
    {
        var longest = Duration.FromNanoseconds(long.MaxValue);
        var acc = new DurationAccumulator();
        acc.AddRange(Enumerable.Repeat(longest, 200).ToArray());

        Assert.Throws<OverflowException>(() => acc.Total);
        Assert.Equal(longest, acc.Mean);
        Assert.Equal(longest, acc.Median(PercentileMethod.Linear).Value);
        Assert.Equal("record", Assert.Throws<ArgumentOutOfRangeException>(() => acc.Add(longest + Duration.Epsilon)).ParamName);
        Assert.Equal(200, acc.Count);
    }

    [Property(Arbitrary = new[] { typeof(KpisArbitraries) })]
    public bool Merge_Meets_Specification(DurationBatch batch)
    {
        Duration[] all = batch.Durations;
        var single = new DurationAccumulator();
        single.AddRange(all);
        var left = new DurationAccumulator();
        left.AddRange(all.AsSpan(0, batch.Split));
        var right = new DurationAccumulator();
        foreach (var d in all.Skip(batch.Split))
        {
            right.Add(d);
        }

        right.Merge(left); // other order on purpose: the result must not depend on it
        if (all.Length == 0)
        {
            return right.Median(PercentileMethod.Linear).Value is null && single.Mean is null;
        }

        long[] sorted = [.. batch.Nanoseconds.Order()];
        bool exact = true;
        foreach (double p in new[] { 0, 10, 50, 90, 100 })
        {
            exact &= single.Percentile(p, PercentileMethod.NearestRank).Value == Duration.FromNanoseconds(NearestRank(sorted, p));
            exact &= single.Percentile(p, PercentileMethod.Linear).Value == Duration.FromNanoseconds(Linear(sorted, p));
            exact &= right.Percentile(p, PercentileMethod.Linear).Value == single.Percentile(p, PercentileMethod.Linear).Value;
        }

        Duration median = single.Median(PercentileMethod.Linear).Value!.Value;
        return exact && right.Mean == single.Mean && right.Total == single.Total
            && median >= single.Minimum && median <= single.Maximum;
    }

    // Issue 16.4 asked to check every accumulator for reads or merges that change state: two threads reading the
    // percentiles of one accumulator and merging it into their own totals at once must see exactly the sequential answer.
    [Fact]
    public void ReadsAndMerges_FromTwoThreadsAtOnce_ChangeNothing()
    {
        var random = new Random(5);
        Duration[] values = Enumerable.Range(0, 5_000).Select(_ => Duration.FromMilliseconds(random.Next(0, 600_000))).ToArray();
        var shard = new DurationAccumulator();
        shard.AddRange(values);
        Duration?[] expected = [shard.Percentile(50, PercentileMethod.Linear).Value, shard.Percentile(90, PercentileMethod.NearestRank).Value];
        var totals = new DurationAccumulator[2];
        var seen = new Duration?[2][];
        Concurrently.Run(
            trials: 100,
            setup: _ => (totals[0], totals[1]) = (new DurationAccumulator(), new DurationAccumulator()),
            step: (_, thread) =>
            {
                seen[thread] = [shard.Percentile(50, PercentileMethod.Linear).Value, shard.Percentile(90, PercentileMethod.NearestRank).Value];
                totals[thread].Merge(shard);
            },
            check: _ =>
            {
                Assert.Equal(expected, seen[0]);
                Assert.Equal(expected, seen[1]);
                Assert.Equal(values.Length, totals[0].Count);
                Assert.Equal(shard.Total, totals[1].Total);
                Assert.Equal(expected[0], totals[1].Median(PercentileMethod.Linear).Value);
            });
    }
}
