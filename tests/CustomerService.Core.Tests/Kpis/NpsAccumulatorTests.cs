using CustomerService.Core.Kpis;
using FsCheck.Xunit;

namespace CustomerService.Core.Tests.Kpis;

public sealed class NpsAccumulatorTests
{
    [Fact]
    public void Score_SeventyTwentyTen_IsSixty()
    {
        var nps = default(NpsAccumulator);
        nps.Add(10, 40);
        nps.Add(9, 30);
        nps.Add(8, 12);
        nps.Add(7, 8);
        nps.Add(6, 6);
        nps.Add(0, 4);

        Assert.Equal(70, nps.Promoters);
        Assert.Equal(20, nps.Passives);
        Assert.Equal(10, nps.Detractors);
        Assert.Equal(60, nps.Score!.Value, 12);
    }

    [Fact]
    public void AddRange_EveryAnswer_ClassifiesByTheStandardBands()
    {
        var nps = default(NpsAccumulator);
        nps.AddRange(new byte[] { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 });
        Assert.Equal((2L, 2L, 7L), (nps.Promoters, nps.Passives, nps.Detractors));
        Assert.Equal(100.0 * (2 - 7) / 11, nps.Score!.Value, 12);
        Assert.Equal(new KpiRate(2, 11), nps.PromoterRate);
        Assert.Equal(new KpiRate(7, 11), nps.DetractorRate);
    }

    [Fact]
    public void AddRange_AnswerEleven_ThrowsNamingIndexAndChangesNothing()
    {
        var nps = default(NpsAccumulator);
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => nps.AddRange(new byte[] { 10, 9, 11 }));
        Assert.Contains("position 2", ex.Message, StringComparison.Ordinal);
        Assert.Contains("0 to 10", ex.Message, StringComparison.Ordinal);
        Assert.Equal(0, nps.Count);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(11)]
    public void Add_OutsideZeroToTen_Throws(int score)
    {
        var nps = default(NpsAccumulator);
        Assert.Throws<ArgumentOutOfRangeException>(() => nps.Add(score));
        Assert.Throws<ArgumentOutOfRangeException>(() => nps.AddRange(new[] { 5, score }));
        Assert.Equal(0, nps.Count);
    }

    [Fact]
    public void Score_NoAnswers_IsNoData()
    {
        Assert.Null(default(NpsAccumulator).Score);
    }

    [Property(Arbitrary = new[] { typeof(KpisArbitraries) })]
    public bool Merge_Meets_Specification(ScoreBatch batch)
    {
        var single = default(NpsAccumulator);
        single.AddRange(batch.Scores);
        var left = default(NpsAccumulator);
        left.AddRange(batch.Scores.AsSpan(0, batch.Split));
        var right = default(NpsAccumulator);
        right.AddRange(batch.Scores.Select(b => (int)b).Skip(batch.Split).ToArray());
        left.Merge(right);
        var shuffled = default(NpsAccumulator);
        shuffled.AddRange(batch.Scores.OrderBy(b => (b * 7919) % 13).ToArray());
        long promoters = batch.Scores.Count(s => s >= 9);
        long detractors = batch.Scores.Count(s => s <= 6);
        return left.Promoters == single.Promoters && left.Detractors == single.Detractors && left.Passives == single.Passives
            && shuffled.Score.Equals(single.Score)
            && single.Promoters == promoters && single.Detractors == detractors
            && (single.Count == 0 || (single.Score >= -100 && single.Score <= 100));
    }

    // Issue 24.6: promoters + detractors past Int64.MaxValue gave a negative count and a score below −100.
    [Fact]
    public void Add_CountsPastInt64MaxValue_ThrowOverflowAndChangeNothing()
    {
        var nps = default(NpsAccumulator);
        nps.Add(10, long.MaxValue - 1);

        Assert.Throws<OverflowException>(() => nps.Add(0, 2));
        Assert.Throws<OverflowException>(() => nps.AddRange(new byte[] { 0, 0 }));
        nps.Add(0);
        Assert.Throws<OverflowException>(() => nps.Add(3));
        Assert.Throws<OverflowException>(() => nps.Merge(nps));
        Assert.Equal((long.MaxValue - 1, 0L, 1L), (nps.Promoters, nps.Passives, nps.Detractors));
        Assert.Equal(long.MaxValue, nps.Count);
        Assert.InRange(nps.Score!.Value, -100, 100);
        Assert.Equal(new KpiRate(1, long.MaxValue), nps.DetractorRate);
    }
}
