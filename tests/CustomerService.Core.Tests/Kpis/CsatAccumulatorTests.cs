using CustomerService.Core.Kpis;
using FsCheck.Xunit;

namespace CustomerService.Core.Tests.Kpis;

public sealed class CsatAccumulatorTests
{
    [Fact]
    public void Percent_PublishedCounts_Is6916()
    {
        // Counts 5:42, 4:32, 3:10, 2:9, 1:14 -> (42 + 32) / 107.
        var csat = new CsatAccumulator(CsatScale.Default);
        csat.Add(5, 42);
        csat.Add(4, 32);
        csat.Add(3, 10);
        csat.Add(2, 9);
        csat.Add(1, 14);

        Assert.Equal(new KpiRate(74, 107), csat.SatisfiedRate);
        Assert.Equal(69.16, Math.Round(csat.Percent!.Value, 2));
        Assert.Equal(((5 * 42) + (4 * 32) + (3 * 10) + (2 * 9) + 14) / 107.0, csat.Mean!.Value, 12);
    }

    [Fact]
    public void AddRange_SameScoresAsCounts_GivesSameResult()
    {
        var bytes = Enumerable.Repeat((byte)5, 42).Concat(Enumerable.Repeat((byte)4, 32)).Concat(Enumerable.Repeat((byte)3, 10))
            .Concat(Enumerable.Repeat((byte)2, 9)).Concat(Enumerable.Repeat((byte)1, 14)).ToArray();
        var fromBytes = default(CsatAccumulator);
        fromBytes.AddRange(bytes);
        var fromInts = default(CsatAccumulator);
        fromInts.AddRange(bytes.Select(b => (int)b).ToArray());

        Assert.Equal(74, fromBytes.Satisfied);
        Assert.Equal(107, fromBytes.Count);
        Assert.Equal(fromBytes.SatisfiedRate, fromInts.SatisfiedRate);
        Assert.Equal(fromBytes.ScoreSum, fromInts.ScoreSum);
    }

    [Fact]
    public void AddRange_ScoreOutsideScale_ThrowsNamingIndexAndRangeAndChangesNothing()
    {
        var csat = default(CsatAccumulator);
        csat.Add(5);
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => csat.AddRange(new byte[] { 4, 5, 6 }));

        Assert.Equal("scores[2]", ex.ParamName);
        Assert.Contains("position 2", ex.Message, StringComparison.Ordinal);
        Assert.Contains("1 to 5", ex.Message, StringComparison.Ordinal);
        Assert.Equal(1, csat.Count);
        Assert.Equal(1, csat.Satisfied);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(6)]
    [InlineData(-3)]
    public void Add_ScoreOutsideScale_Throws(int score)
    {
        var csat = default(CsatAccumulator);
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => csat.Add(score));
        Assert.Contains("position 0", ex.Message, StringComparison.Ordinal);
        Assert.Equal(0, csat.Count);
    }

    [Fact]
    public void Add_TenPointScaleSatisfiedFromEight_CountsEightToTen()
    {
        var csat = new CsatAccumulator(new CsatScale(1, 10, 8));
        csat.AddRange(new[] { 1, 7, 8, 9, 10 });
        Assert.Equal(new KpiRate(3, 5), csat.SatisfiedRate);
    }

    [Fact]
    public void Merge_DifferentScales_ThrowsAndChangesNothing()
    {
        var a = new CsatAccumulator(CsatScale.Default);
        a.Add(4);
        var b = new CsatAccumulator(new CsatScale(1, 5, 5));
        b.Add(5);
        Assert.Throws<ArgumentException>(() => a.Merge(b));
        Assert.Equal(1, a.Count);
    }

    [Theory]
    [InlineData(-1, 5, 4)]
    [InlineData(3, 3, 3)]
    [InlineData(1, 5, 6)]
    [InlineData(1, 256, 4)]
    public void CsatScale_InvalidBounds_Throws(int min, int max, int from)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new CsatScale(min, max, from));
    }

    [Fact]
    public void CsatScale_Default_IsOneToFiveFromFour()
    {
        Assert.Equal(new CsatScale(1, 5, 4), default(CsatScale));
        Assert.Equal((1, 5, 4), (CsatScale.Default.Minimum, CsatScale.Default.Maximum, CsatScale.Default.SatisfiedFrom));
    }

    [Property(Arbitrary = new[] { typeof(KpisArbitraries) })]
    public bool Merge_Meets_Specification(ScoreBatch batch)
    {
        var scale = new CsatScale(0, 10, 7);
        var single = new CsatAccumulator(scale);
        single.AddRange(batch.Scores);
        var left = new CsatAccumulator(scale);
        left.AddRange(batch.Scores.AsSpan(0, batch.Split));
        var right = new CsatAccumulator(scale);
        foreach (byte s in batch.Scores.AsSpan(batch.Split))
        {
            right.Add(s);
        }

        left.Merge(right);
        var reversed = new CsatAccumulator(scale);
        reversed.AddRange(batch.Scores.Reverse().ToArray());
        int expectedSatisfied = batch.Scores.Count(s => s >= 7);
        return left.SatisfiedRate == single.SatisfiedRate && left.ScoreSum == single.ScoreSum
            && reversed.SatisfiedRate == single.SatisfiedRate
            && single.Satisfied == expectedSatisfied
            && (single.Count == 0 || (single.Percent >= 0 && single.Percent <= 100 && single.Mean >= 0 && single.Mean <= 10));
    }

    // Issue 24.6: counts added with large count arguments wrapped silently (a negative count, a rate over 100 %).
    [Fact]
    public void Add_CountsPastInt64MaxValue_ThrowOverflowAndChangeNothing()
    {
        var csat = default(CsatAccumulator);
        csat.Add(1, long.MaxValue);
        Assert.Equal(long.MaxValue, csat.Count);

        Assert.Throws<OverflowException>(() => csat.Add(1, 1));
        Assert.Throws<OverflowException>(() => csat.Add(5));
        Assert.Throws<OverflowException>(() => csat.AddRange(new byte[] { 4 }));
        Assert.Throws<OverflowException>(() => csat.Merge(csat));
        Assert.Equal((long.MaxValue, long.MaxValue, 0L), (csat.Count, csat.ScoreSum, csat.Satisfied));
        Assert.Equal(0, csat.Percent);
    }

    [Fact]
    public void Add_ScoreSumPastInt64MaxValue_ThrowsOverflowAndChangesNothing()
    {
        var csat = default(CsatAccumulator);
        csat.Add(4, 7);

        Assert.Throws<OverflowException>(() => csat.Add(5, long.MaxValue / 4));
        Assert.Equal((7L, 28L, 7L), (csat.Count, csat.ScoreSum, csat.Satisfied));
        Assert.Equal(new KpiRate(7, 7), csat.SatisfiedRate);
    }
}
