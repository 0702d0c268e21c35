using CustomerService.Core.Kpis;

namespace CustomerService.Core.Tests.Kpis;

public sealed class KpiRateTests
{
    [Fact]
    public void Value_NumeratorOverDenominator_IsTheFraction()
    {
        var rate = new KpiRate(74, 107);
        Assert.Equal(74.0 / 107.0, rate.Value!.Value, 15);
        Assert.Equal(7400.0 / 107.0, rate.Percent!.Value, 12);
        Assert.Equal("74 / 107 (69.16 %)", rate.ToString());
    }

    [Fact]
    public void Value_ZeroDenominator_IsNoData()
    {
        Assert.Null(default(KpiRate).Value);
        Assert.Null(new KpiRate(0, 0).Percent);
        Assert.False(new KpiRate(0, 0).HasValue);
    }

    [Theory]
    [InlineData(-1, 3)]
    [InlineData(1, -3)]
    public void Constructor_NegativeCount_Throws(long numerator, long denominator)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new KpiRate(numerator, denominator));
    }
}
