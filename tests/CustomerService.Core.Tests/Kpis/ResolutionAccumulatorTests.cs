using CustomerService.Core.Kpis;
using NodaTime;

namespace CustomerService.Core.Tests.Kpis;

public sealed class ResolutionAccumulatorTests
{
    private static readonly Instant March = Instant.FromUtc(2026, 3, 1, 0, 0);
    private static readonly Instant April = Instant.FromUtc(2026, 4, 1, 0, 0);

    [Fact]
    public void ResolutionRate_WorkedExample_FlowAndCohortDiffer()
    {
        var tickets = new List<TicketOutcome>();
        for (int i = 0; i < 100; i++)
        {
            Instant created = March + Duration.FromHours(i);
            Instant? resolved = i < 80 ? created + Duration.FromHours(2) : i < 90 ? April + Duration.FromDays(1) : null;
            tickets.Add(new TicketOutcome(created, resolved, reopenCount: i < 5 ? 1 : 0));
        }

        for (int i = 0; i < 15; i++)
        {
            tickets.Add(new TicketOutcome(March - Duration.FromDays(3), March + Duration.FromDays(2), 0));
        }

        var acc = new ResolutionAccumulator(new Interval(March, April));
        acc.AddRange(tickets.ToArray());

        Assert.Equal(new KpiRate(95, 100), acc.ResolutionRate(ResolutionRateMethod.Flow));
        Assert.Equal(new KpiRate(90, 100), acc.ResolutionRate(ResolutionRateMethod.Cohort));
        Assert.Equal(new KpiRate(5, 95), acc.ReopenRate);
    }

    [Fact]
    public void TicketOutcome_ResolvedBeforeCreated_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new TicketOutcome(April, March, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TicketOutcome(March, April, -1));
    }

    [Fact]
    public void Merge_DifferentPeriods_Throws()
    {
        var a = new ResolutionAccumulator(new Interval(March, April));
        Assert.Throws<ArgumentException>(() => a.Merge(new ResolutionAccumulator(new Interval(March, April + Duration.FromDays(1)))));
    }

    [Fact]
    public void Add_EndOfPeriod_IsExcluded()
    {
        var acc = new ResolutionAccumulator(new Interval(March, April));
        acc.Add(new TicketOutcome(April, April, 0));
        acc.Add(new TicketOutcome(March, March, 0));
        Assert.Equal(1, acc.CreatedInPeriod);
        Assert.Equal(1, acc.ResolvedInPeriod);
    }

    // Issue 24.6: an unbounded period threw an undocumented InvalidOperationException (Interval.Start of an open start).
    [Fact]
    public void AddRange_UnboundedPeriods_CountEverythingOnTheOpenSide()
    {
        TicketOutcome[] tickets =
        [
            new(Instant.MinValue, Instant.MinValue, 0),
            new(March, April, 1),
            new(April, null, 0),
            new(Instant.MaxValue, Instant.MaxValue, 2),
        ];
        var untilApril = new ResolutionAccumulator(new Interval(null, April));
        var fromApril = new ResolutionAccumulator(new Interval(April, null));
        var always = new ResolutionAccumulator(new Interval(null, null));
        untilApril.AddRange(tickets);
        fromApril.AddRange(tickets);
        always.AddRange(tickets);

        Assert.Equal((2L, 1L, 2L), (untilApril.CreatedInPeriod, untilApril.ResolvedInPeriod, untilApril.CohortResolved));
        Assert.Equal((2L, 2L, 1L), (fromApril.CreatedInPeriod, fromApril.ResolvedInPeriod, fromApril.CohortResolved));
        Assert.Equal(new KpiRate(2, 2), fromApril.ReopenRate);
        Assert.Equal((4L, 3L, 3L), (always.CreatedInPeriod, always.ResolvedInPeriod, always.CohortResolved));
        Assert.Equal(new Interval(null, April), untilApril.Period);
        Assert.Throws<ArgumentException>(() => untilApril.Merge(always));
    }

    [Fact]
    public void Merge_CountPastInt64MaxValue_ThrowsOverflowAndChangesNothing()
    {
        var acc = new ResolutionAccumulator(new Interval(March, April));
        acc.Add(new TicketOutcome(March, March, 1));
        for (int i = 0; i < 62; i++)
        {
            acc.Merge(acc);
        }

        Assert.Throws<OverflowException>(() => acc.Merge(acc));
        Assert.Equal((1L << 62, 1L << 62), (acc.CreatedInPeriod, acc.ResolvedInPeriod));
        Assert.Equal(new KpiRate(1L << 62, 1L << 62), acc.ReopenRate);
    }
}
