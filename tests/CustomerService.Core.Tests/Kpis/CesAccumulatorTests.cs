using CustomerService.Core.Kpis;

namespace CustomerService.Core.Tests.Kpis;

public sealed class CesAccumulatorTests
{
    [Fact]
    public void MeanAndAgree_WorkedExample_Match()
    {
        var ces = default(CesAccumulator);
        ces.AddRange(new byte[] { 7, 6, 5, 4, 2 });
        Assert.Equal(4.8, ces.Mean!.Value, 12);
        Assert.Equal(new KpiRate(3, 5), ces.AgreeRate);
        Assert.Equal(new KpiRate(1, 5), ces.DisagreeRate);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(8)]
    public void Add_OutsideOneToSeven_ThrowsAndChangesNothing(int score)
    {
        var ces = default(CesAccumulator);
        ces.Add(4);
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => ces.Add(score));
        Assert.Contains("position 1", ex.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => ces.AddRange(new[] { (byte)3, (byte)score }));
        Assert.Equal(1, ces.Count);
        Assert.Equal(4, ces.ScoreSum);
    }

    [Fact]
    public void Merge_TwoShards_EqualsOnePass()
    {
        byte[] all = [1, 2, 3, 4, 5, 6, 7, 7, 7];
        var single = default(CesAccumulator);
        single.AddRange(all);
        var a = default(CesAccumulator);
        a.AddRange(all.AsSpan(0, 4));
        var b = default(CesAccumulator);
        b.AddRange(all.AsSpan(4));
        a.Merge(b);
        Assert.Equal((single.Count, single.ScoreSum, single.Agree, single.Disagree), (a.Count, a.ScoreSum, a.Agree, a.Disagree));
    }

    [Fact]
    public void Merge_CountPastInt64MaxValue_ThrowsOverflowAndChangesNothing()
    {
        var ces = default(CesAccumulator);
        ces.Add(1);
        for (int i = 0; i < 62; i++)
        {
            ces.Merge(ces); // 2^62 answers of 1
        }

        Assert.Throws<OverflowException>(() => ces.Merge(ces));
        Assert.Equal((1L << 62, 1L << 62), (ces.Count, ces.ScoreSum));
    }

    [Fact]
    public void AddRangeOrMerge_CountOrSumPastInt64MaxValue_ThrowsOverflowAndChangesNothing()
    {
        var ces = default(CesAccumulator);
        ces.Add(7);
        for (int i = 0; i < 60; i++)
        {
            ces.Merge(ces); // 2^60 answers of 7: the sum 7 × 2^60 still fits, 7 × 2^61 does not
        }

        Assert.Throws<OverflowException>(() => ces.Merge(ces));
        Assert.Equal((1L << 60, 7L << 60, 1L << 60), (ces.Count, ces.ScoreSum, ces.Agree));
        Assert.Equal(7, ces.Mean);

        // Int64.MaxValue answers of 1 (2^0 + … + 2^62, merged by doubling): one more answer is one too many.
        var full = default(CesAccumulator);
        var power = default(CesAccumulator);
        power.Add(1);
        for (int bit = 0; bit < 63; bit++)
        {
            full.Merge(power);
            if (bit < 62)
            {
                power.Merge(power);
            }
        }

        Assert.Throws<OverflowException>(() => full.AddRange(new byte[] { 1 }));
        Assert.Throws<OverflowException>(() => full.Add(1));
        Assert.Equal((long.MaxValue, long.MaxValue), (full.Count, full.ScoreSum));
    }
}
