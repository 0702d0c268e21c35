using CustomerService.Core.Kpis;
using FsCheck.Xunit;
using NodaTime;

namespace CustomerService.Core.Tests.Kpis;

public sealed class QueueAccumulatorTests
{
    private static readonly Duration Y = Duration.FromSeconds(20);
    private static readonly Duration Short = Duration.FromSeconds(5);

    private static QueueCall[] WorkedExample()
    {
        var calls = new List<QueueCall>();
        calls.AddRange(Enumerable.Range(0, 72).Select(i => new QueueCall(Duration.FromSeconds(i % 21), QueueCallOutcome.Answered)));
        calls.AddRange(Enumerable.Range(0, 18).Select(i => new QueueCall(Duration.FromSeconds(21 + i), QueueCallOutcome.Answered)));
        calls.Add(new QueueCall(Duration.FromSeconds(2), QueueCallOutcome.Abandoned));
        calls.Add(new QueueCall(Duration.FromSeconds(4), QueueCallOutcome.Abandoned));
        calls.Add(new QueueCall(Duration.FromSeconds(10), QueueCallOutcome.Abandoned));
        calls.Add(new QueueCall(Duration.FromSeconds(20), QueueCallOutcome.Abandoned));
        calls.AddRange(Enumerable.Range(0, 6).Select(i => new QueueCall(Duration.FromSeconds(60 + i), QueueCallOutcome.Abandoned)));
        return [.. calls];
    }

    [Fact]
    public void ServiceLevel_WorkedExample_GivesEachAbandonVariant()
    {
        var queue = new QueueAccumulator(Y, Short);
        queue.AddRange(WorkedExample());

        Assert.Equal(100, queue.Offered);
        Assert.Equal(new KpiRate(72, 90), queue.ServiceLevel(AbandonHandling.Ignore));
        Assert.Equal(new KpiRate(72, 100), queue.ServiceLevel(AbandonHandling.CountAsMissed));
        Assert.Equal(new KpiRate(76, 100), queue.ServiceLevel(AbandonHandling.CountEarlyAsMet));
        Assert.Equal(new KpiRate(72, 98), queue.ServiceLevel(AbandonHandling.ExcludeShortAbandons));
        Assert.Equal(new KpiRate(10, 100), queue.AbandonmentRate());
        Assert.Equal(new KpiRate(8, 98), queue.AbandonmentRate(excludeShortAbandons: true));
    }

    [Fact]
    public void AverageSpeedOfAnswer_AnsweredOnly_IsTheirMeanWait()
    {
        var queue = new QueueAccumulator(Y, Short);
        queue.Add(new QueueCall(Duration.FromSeconds(10), QueueCallOutcome.Answered));
        queue.Add(new QueueCall(Duration.FromSeconds(30), QueueCallOutcome.Answered));
        queue.Add(new QueueCall(Duration.FromSeconds(300), QueueCallOutcome.Abandoned));
        Assert.Equal(Duration.FromSeconds(20), queue.AverageSpeedOfAnswer);
        Assert.Null(default(QueueAccumulator).AverageSpeedOfAnswer);
    }

    [Fact]
    public void Constructor_BadInputs_Throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new QueueAccumulator(Duration.FromSeconds(-1), Short));
        Assert.Throws<ArgumentOutOfRangeException>(() => new QueueAccumulator(Y, Duration.FromSeconds(-1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new QueueCall(Duration.FromSeconds(-1), QueueCallOutcome.Answered));
        Assert.Throws<ArgumentOutOfRangeException>(() => new QueueCall(Duration.Zero, (QueueCallOutcome)5));
        Assert.Throws<ArgumentOutOfRangeException>(() => new QueueAccumulator(Y, Short).ServiceLevel((AbandonHandling)9));
    }

    [Fact]
    public void Merge_DifferentThresholds_ThrowsAndChangesNothing()
    {
        var a = new QueueAccumulator(Y, Short);
        a.Add(default);
        Assert.Throws<ArgumentException>(() => a.Merge(new QueueAccumulator(Duration.FromSeconds(30), Short)));
        Assert.Equal(1, a.Offered);
    }

    [Property(Arbitrary = new[] { typeof(KpisArbitraries) })]
    public bool Merge_Meets_Specification(CallBatch batch)
    {
        var single = new QueueAccumulator(Y, Short);
        single.AddRange(batch.Calls);
        var left = new QueueAccumulator(Y, Short);
        left.AddRange(batch.Calls.AsSpan(0, batch.Split));
        var right = new QueueAccumulator(Y, Short);
        foreach (var c in batch.Calls.Skip(batch.Split))
        {
            right.Add(c);
        }

        left.Merge(right);
        long answeredWithin = batch.Calls.Count(c => c.Outcome == QueueCallOutcome.Answered && c.Wait <= Y);
        bool bounds = true;
        foreach (AbandonHandling h in Enum.GetValues<AbandonHandling>())
        {
            KpiRate r = single.ServiceLevel(h);
            bounds &= r.Numerator <= r.Denominator && r == left.ServiceLevel(h);
        }

        return bounds && single.AnsweredWithinThreshold == answeredWithin
            && left.AverageSpeedOfAnswer == single.AverageSpeedOfAnswer
            && left.AbandonmentRate(true) == single.AbandonmentRate(true);
    }

    [Fact]
    public void Merge_CountPastInt64MaxValue_ThrowsOverflowAndChangesNothing()
    {
        var acc = new QueueAccumulator(Duration.FromSeconds(20), Duration.FromSeconds(5));
        acc.Add(new QueueCall(Duration.FromSeconds(10), QueueCallOutcome.Answered));
        acc.Add(new QueueCall(Duration.FromSeconds(30), QueueCallOutcome.Abandoned));
        for (int i = 0; i < 61; i++)
        {
            acc.Merge(acc); // 2^62 offered
        }

        Assert.Throws<OverflowException>(() => acc.Merge(acc));
        Assert.Equal(1L << 62, acc.Offered);
        Assert.Equal(new KpiRate(1L << 61, 1L << 62), acc.AbandonmentRate());
        Assert.Equal(Duration.FromSeconds(10), acc.AverageSpeedOfAnswer);
    }
}
