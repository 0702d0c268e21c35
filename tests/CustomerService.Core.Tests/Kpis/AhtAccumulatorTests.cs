using CustomerService.Core.Kpis;
using NodaTime;

namespace CustomerService.Core.Tests.Kpis;

public sealed class AhtAccumulatorTests
{
    [Fact]
    public void AverageHandleTime_WorkedExample_IsTalkPlusHoldPlusAcwOverCount()
    {
        var aht = default(AhtAccumulator);
        aht.Add(new HandledContact(Duration.FromSeconds(240), Duration.FromSeconds(30), Duration.FromSeconds(60)));
        aht.AddRange(new[] { new HandledContact(Duration.FromSeconds(180), Duration.Zero, Duration.FromSeconds(30)) });

        Assert.Equal(Duration.FromSeconds(270), aht.AverageHandleTime);
        Assert.Equal(Duration.FromSeconds(210), aht.AverageTalk);
        Assert.Equal(Duration.FromSeconds(15), aht.AverageHold);
        Assert.Equal(Duration.FromSeconds(45), aht.AverageAfterCallWork);
    }

    [Fact]
    public void AverageHandleTime_SumsBeyondSixtyFourBits_DoNotOverflow()
    {
        var big = new HandledContact(Duration.FromDays(36_500), Duration.FromDays(36_500), Duration.Zero);
        var aht = default(AhtAccumulator);
        for (int i = 0; i < 10; i++)
        {
            aht.AddRange(Enumerable.Repeat(big, 100).ToArray());
        }

        Assert.Equal(Duration.FromDays(73_000), aht.AverageHandleTime);
    }

    [Fact]
    public void HandledContact_NegativeComponent_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new HandledContact(Duration.FromSeconds(-1), Duration.Zero, Duration.Zero));
        Assert.Throws<ArgumentOutOfRangeException>(() => new HandledContact(Duration.Zero, Duration.FromSeconds(-1), Duration.Zero));
        Assert.Throws<ArgumentOutOfRangeException>(() => new HandledContact(Duration.Zero, Duration.Zero, Duration.FromSeconds(-1)));
    }

    [Fact]
    public void Merge_TwoShards_EqualsOnePass()
    {
        var contacts = Enumerable.Range(1, 9).Select(i => new HandledContact(Duration.FromSeconds(i * 11), Duration.FromSeconds(i), Duration.FromSeconds(7))).ToArray();
        var single = default(AhtAccumulator);
        single.AddRange(contacts);
        var a = default(AhtAccumulator);
        a.AddRange(contacts.AsSpan(0, 4));
        var b = default(AhtAccumulator);
        b.AddRange(contacts.AsSpan(4));
        a.Merge(b);
        Assert.Equal(single.AverageHandleTime, a.AverageHandleTime);
        Assert.Equal(single.Count, a.Count);
        Assert.Null(default(AhtAccumulator).AverageHandleTime);
    }

    // Issue 24.6: a contact whose components together pass Int64.MaxValue nanoseconds gave a negative AHT.
    [Fact]
    public void AverageHandleTime_ComponentsPastInt64MaxValue_IsExact()
    {
        var longest = Duration.FromNanoseconds(long.MaxValue);
        var aht = default(AhtAccumulator);
        aht.Add(new HandledContact(longest, longest, longest));
        aht.AddRange([new HandledContact(longest, longest, longest)]);

        var expected = Duration.FromNanoseconds(3 * (System.Numerics.BigInteger)long.MaxValue);
        Assert.Equal(expected, aht.AverageHandleTime);
        Assert.Equal(expected, new HandledContact(longest, longest, longest).HandleTime);
        Assert.Equal(longest, aht.AverageTalk);
    }

    [Fact]
    public void Merge_CountPastInt64MaxValue_ThrowsOverflowAndChangesNothing()
    {
        var aht = default(AhtAccumulator);
        aht.Add(new HandledContact(Duration.FromSeconds(300), Duration.Zero, Duration.FromSeconds(30)));
        for (int i = 0; i < 62; i++)
        {
            aht.Merge(aht);
        }

        Assert.Throws<OverflowException>(() => aht.Merge(aht));
        Assert.Equal(1L << 62, aht.Count);
        Assert.Equal(Duration.FromSeconds(330), aht.AverageHandleTime);
    }
}
