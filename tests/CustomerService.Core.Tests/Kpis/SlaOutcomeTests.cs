using CustomerService.Core.Kpis;
using CustomerService.Core.Sla;
using static CustomerService.Core.Tests.Sla.SlaTestData;

namespace CustomerService.Core.Tests.Kpis;

/// <summary>Feeding SLA compliance from SLA clocks (Shanghai desk, first response 8 business hours for normal tickets).</summary>
public sealed class SlaOutcomeTests
{
    [Fact]
    public void TryFromStatus_MetBeforeDue_IsMet()
    {
        var clock = Standard.CreateClock("T-1/first-response", SlaMetric.FirstResponse, SlaPriority.Normal,
            [SlaClockEvent.Started(Sh(2025, 3, 3, 10)), SlaClockEvent.Met(Sh(2025, 3, 3, 11))]);

        Assert.True(SlaOutcome.TryFromStatus(clock.Evaluate(Sh(2025, 3, 5, 9)), out var outcome));
        Assert.Equal(new SlaOutcome(SlaMetric.FirstResponse, SlaPriority.Normal, met: true), outcome);
    }

    [Fact]
    public void TryFromStatus_StillRunningPastDue_IsBreached()
    {
        // 8 business hours from Monday 10:00 are due Tuesday 10:00.
        var clock = Standard.StartClock("T-2/first-response", SlaMetric.FirstResponse, SlaPriority.Normal, Sh(2025, 3, 3, 10));

        Assert.True(SlaOutcome.TryFromStatus(clock.Evaluate(Sh(2025, 3, 4, 10)), out var outcome));
        Assert.False(outcome.Met);
        Assert.False(SlaOutcome.TryFromStatus(clock.Evaluate(Sh(2025, 3, 4, 9, 59)), out _));
    }

    [Fact]
    public void TryFromStatus_CancelledOrDefault_HasNoOutcome()
    {
        var clock = Standard.CreateClock("T-3/resolution", SlaMetric.Resolution, SlaPriority.High,
            [SlaClockEvent.Started(Sh(2025, 3, 3, 10)), SlaClockEvent.Cancelled(Sh(2025, 3, 3, 10, 5))]);

        Assert.False(SlaOutcome.TryFromStatus(clock.Evaluate(Sh(2025, 3, 20, 10)), out var outcome));
        Assert.Equal(default, outcome);
        Assert.False(SlaOutcome.TryFromStatus(default, out _));
    }

    [Fact]
    public void Accumulator_FedFromClocks_CountsMetAndBreachedOnly()
    {
        var at = Sh(2025, 3, 10, 9);
        SlaClock[] clocks =
        [
            Standard.CreateClock("a", SlaMetric.FirstResponse, SlaPriority.Urgent, [SlaClockEvent.Started(Sh(2025, 3, 3, 10)), SlaClockEvent.Met(Sh(2025, 3, 3, 10, 30))]),
            Standard.StartClock("b", SlaMetric.FirstResponse, SlaPriority.Urgent, Sh(2025, 3, 3, 10)),
            Standard.StartClock("c", SlaMetric.FirstResponse, SlaPriority.Urgent, Sh(2025, 3, 10, 8)),
        ];
        var accumulator = new SlaComplianceAccumulator();
        foreach (var clock in clocks)
        {
            if (SlaOutcome.TryFromStatus(clock.Evaluate(at), out var outcome))
            {
                accumulator.Add(outcome);
            }
        }

        Assert.Equal(new KpiRate(1, 2), accumulator.Compliance(SlaMetric.FirstResponse, SlaPriority.Urgent));
    }
}
