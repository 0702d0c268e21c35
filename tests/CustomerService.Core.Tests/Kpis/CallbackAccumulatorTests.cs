using CustomerService.Core.Kpis;

namespace CustomerService.Core.Tests.Kpis;

public sealed class CallbackAccumulatorTests
{
    [Fact]
    public void Rates_WorkedExample_Match()
    {
        var outcomes = Enumerable.Repeat(new RequestedCallback(true, true), 30)
            .Concat(Enumerable.Repeat(new RequestedCallback(true, false), 120))
            .Concat(Enumerable.Repeat(new RequestedCallback(false, false), 50)).ToArray();
        var acc = default(CallbackAccumulator);
        acc.AddRange(outcomes.AsSpan(0, 100));
        var other = default(CallbackAccumulator);
        other.AddRange(outcomes.AsSpan(100));
        acc.Merge(other);

        Assert.Equal(new KpiRate(150, 200), acc.ContactRate);
        Assert.Equal(new KpiRate(30, 150), acc.ConversionRate);
        Assert.Equal(new KpiRate(30, 200), acc.ConversionRateOfRequests);
    }

    [Fact]
    public void RequestedCallback_ConvertedWithoutReaching_Throws()
    {
        Assert.Throws<ArgumentException>(() => new RequestedCallback(reached: false, converted: true));
    }

    [Fact]
    public void Merge_CountPastInt64MaxValue_ThrowsOverflowAndChangesNothing()
    {
        var acc = default(CallbackAccumulator);
        acc.Add(new RequestedCallback(true, false));
        for (int i = 0; i < 62; i++)
        {
            acc.Merge(acc);
        }

        Assert.Throws<OverflowException>(() => acc.Merge(acc));
        Assert.Equal(new KpiRate(1L << 62, 1L << 62), acc.ContactRate);
    }
}
