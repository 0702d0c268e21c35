using CustomerService.Core.Kpis;

namespace CustomerService.Core.Tests.Kpis;

public sealed class RetentionTests
{
    [Fact]
    public void Rates_WorkedExample_Match()
    {
        Assert.Equal(new KpiRate(50, 1000), Retention.ChurnRate(1000, 50));
        Assert.Equal(new KpiRate(950, 1000), Retention.RetentionRate(1000, 1030, 80));
        Assert.Equal(Math.Pow(0.95, 12), Retention.AnnualisedRetention(0.95, 12), 15);
        Assert.Equal(1 - Math.Pow(0.95, 12), Retention.AnnualisedChurn(0.05, 12), 15);
        Assert.Equal(0.2153, Math.Round(Retention.AnnualisedChurn(0.02, 12), 4));
    }

    [Fact]
    public void Rates_InconsistentCounts_Throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Retention.ChurnRate(10, 11));
        Assert.Throws<ArgumentOutOfRangeException>(() => Retention.ChurnRate(-1, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Retention.RetentionRate(10, 30, 5));
        Assert.Throws<ArgumentOutOfRangeException>(() => Retention.RetentionRate(10, 5, 6));
        Assert.Throws<ArgumentOutOfRangeException>(() => Retention.AnnualisedChurn(double.NaN, 12));
        Assert.Throws<ArgumentOutOfRangeException>(() => Retention.AnnualisedRetention(1.5, 12));
        Assert.Throws<ArgumentOutOfRangeException>(() => Retention.AnnualisedRetention(0.9, 0));
    }
}
