using CustomerService.Core.Kpis;
using NodaTime;

namespace CustomerService.Core.Tests.Kpis;

public sealed class OccupancyAccumulatorTests
{
    [Fact]
    public void Ratios_WorkedExample_HaveExplicitNumeratorAndDenominator()
    {
        var acc = default(OccupancyAccumulator);
        acc.Add(new AgentTime(Duration.FromHours(6), Duration.FromMinutes(90), Duration.FromHours(8)));

        Assert.Equal(new TimeRatio(Duration.FromHours(6), Duration.FromMinutes(450)), acc.Occupancy);
        Assert.Equal(80, acc.Occupancy.Percent!.Value, 10);
        Assert.Equal(75, acc.Utilisation.Percent!.Value, 10);
        Assert.Equal(93.75, acc.LoggedInUtilisation.Percent!.Value, 10);
    }

    [Fact]
    public void Merge_TwoAgents_SumsTimesNotRatios()
    {
        var a = default(OccupancyAccumulator);
        a.AddRange(new[] { new AgentTime(Duration.FromHours(1), Duration.FromHours(1), Duration.FromHours(2)) });
        var b = default(OccupancyAccumulator);
        b.Add(new AgentTime(Duration.FromHours(6), Duration.Zero, Duration.FromHours(8)));
        a.Merge(b);
        Assert.Equal(new TimeRatio(Duration.FromHours(7), Duration.FromHours(8)), a.Occupancy);
        Assert.Null(default(OccupancyAccumulator).Occupancy.Value);
    }

    [Fact]
    public void AgentTime_Negative_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new AgentTime(Duration.FromHours(-1), Duration.Zero, Duration.Zero));
    }

    // Totals past Duration.MaxValue (about 45,964 years) cannot be reported as durations: refused when added.
    [Fact]
    public void AddRange_TotalsPastDurationMaxValue_ThrowOverflowAndAddNothing()
    {
        var longest = Duration.FromNanoseconds(long.MaxValue); // about 292 years
        var acc = default(OccupancyAccumulator);
        acc.AddRange(Enumerable.Repeat(new AgentTime(longest, Duration.Zero, longest), 157).ToArray());
        TimeRatio before = acc.Utilisation;

        Assert.Throws<OverflowException>(() => acc.AddRange(Enumerable.Repeat(new AgentTime(Duration.Zero, Duration.Zero, longest), 10).ToArray()));
        Assert.Throws<OverflowException>(() => acc.Merge(acc));
        Assert.Equal(before, acc.Utilisation);
        Assert.Equal(Duration.FromNanoseconds(157 * (System.Numerics.BigInteger)long.MaxValue), acc.Utilisation.Denominator);
        Assert.Equal(1, acc.Utilisation.Value);
    }
}
