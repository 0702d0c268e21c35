using CustomerService.Core.Kpis;

namespace CustomerService.Core.Tests.Kpis;

public sealed class ShrinkageTests
{
    [Theory]
    [InlineData(21, 0.30, 30)]
    [InlineData(14, 0.30, 20)]
    [InlineData(7, 0.30, 10)]
    [InlineData(22, 0.30, 32)]
    [InlineData(10, 0.0, 10)]
    [InlineData(0, 0.5, 0)]
    [InlineData(9, 0.10, 10)]
    [InlineData(3, 0.25, 4)]
    public void ScheduledAgents_ExactQuotients_AreNotRoundedUp(int agents, double shrinkage, int expected)
    {
        Assert.Equal(expected, Shrinkage.ScheduledAgents(agents, shrinkage));
    }

    [Fact]
    public void ScheduledAgents_TwentyOneAtThirtyPercent_BeatsNaiveFloatingPoint()
    {
        // The naive computation is off by one; the library's is not.
        Assert.Equal(31, (int)Math.Ceiling(21 / (1 - 0.30)));
        Assert.Equal(30, Shrinkage.ScheduledAgents(21, 0.30));
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.0)]
    [InlineData(double.NaN)]
    public void ScheduledAgents_ShrinkageOutOfRange_Throws(double shrinkage)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => Shrinkage.ScheduledAgents(10, shrinkage));
        Assert.Contains("[0, 1)", ex.Message, StringComparison.Ordinal);
    }
}
