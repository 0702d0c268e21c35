using CustomerService.Core.Kpis;

namespace CustomerService.Core.Tests.Kpis;

public sealed class KpiRateTests
{
    [Fact]
    public void Value_NumeratorOverDenominator_IsTheFraction()
    {
        var rate = new KpiRate(74, 107);
        Assert.Equal(74.0 / 107.0, rate.Value, 15);
        Assert.Equal(7400.0 / 107.0, rate.Percent, 12);
        Assert.Equal("74 / 107 (69.16 %)", rate.ToString());
    }

    [Fact]
    public void Value_ZeroDenominator_IsNaN()
    {
        Assert.True(double.IsNaN(default(KpiRate).Value));
        Assert.True(double.IsNaN(new KpiRate(0, 0).Percent));
    }

    [Theory]
    [InlineData(-1, 3)]
    [InlineData(1, -3)]
    public void Constructor_NegativeCount_Throws(long numerator, long denominator)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new KpiRate(numerator, denominator));
    }
}
