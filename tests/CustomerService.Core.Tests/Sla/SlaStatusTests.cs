using CustomerService.Core.Sla;
using static CustomerService.Core.Tests.Sla.SlaTestData;

namespace CustomerService.Core.Tests.Sla;

public sealed class SlaStatusTests
{
    [Fact]
    public void GetThresholdCrossedAt_NotYetCrossed_ThrowsNamingTheClock()
    {
        var status = Standard.StartClock("S-1/resolution", SlaMetric.Resolution, SlaPriority.Normal, Sh(2025, 3, 3, 9)).Evaluate(Sh(2025, 3, 3, 10));

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => status.GetThresholdCrossedAt(0));

        Assert.Equal("index", error.ParamName);
        Assert.Contains("S-1/resolution", error.Message, StringComparison.Ordinal);
        Assert.False(status.TryGetThresholdCrossedAt(0, out _));
        Assert.False(status.TryGetThresholdCrossedAt(-1, out _));
        Assert.Null(status.HighestThresholdCrossed);
    }

    [Fact]
    public void TryGetThresholdCrossedAt_Crossed_ReturnsTheInstant()
    {
        // Resolution: 24 business hours; 50 % = 12 h = Monday (8 h) and Tuesday 09:00–12:00, 13:00–14:00.
        var status = Standard.StartClock("S-2/resolution", SlaMetric.Resolution, SlaPriority.Normal, Sh(2025, 3, 3, 9)).Evaluate(Sh(2025, 3, 4, 15));

        Assert.True(status.TryGetThresholdCrossedAt(0, out var crossedAt));
        Assert.Equal(Sh(2025, 3, 4, 14), crossedAt);
        Assert.Equal(1, status.ThresholdsCrossed);
        Assert.Equal(3, status.ThresholdCount);
    }

    [Fact]
    public void Default_HasNoClock()
    {
        var status = default(SlaStatus);

        Assert.Throws<InvalidOperationException>(() => status.Clock);
        Assert.Equal("SlaStatus (default)", status.ToString());
    }

    [Fact]
    public void Equals_SameClockAndInstant_AreEqual()
    {
        var clock = Standard.StartClock("S-3/resolution", SlaMetric.Resolution, SlaPriority.Normal, Sh(2025, 3, 3, 9));

        Assert.Equal(clock.Evaluate(Sh(2025, 3, 3, 10)), clock.Evaluate(Sh(2025, 3, 3, 10)));
        Assert.True(clock.Evaluate(Sh(2025, 3, 3, 10)) != clock.Evaluate(Sh(2025, 3, 3, 11)));
        Assert.Contains("S-3/resolution", clock.Evaluate(Sh(2025, 3, 3, 10)).ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Equals_EvaluatedTwiceAtAPastInstant_AreEqualAndReferToTheOriginalClock()
    {
        var clock = Standard.CreateClock("S-4/resolution", SlaMetric.Resolution, SlaPriority.Normal,
        [
            SlaClockEvent.Started(Sh(2025, 3, 3, 9)),
            SlaClockEvent.Paused(Sh(2025, 3, 4, 15), SlaWaitReason.PendingOnCustomer),
            SlaClockEvent.Resumed(Sh(2025, 3, 5, 9)),
        ]);
        var past = Sh(2025, 3, 4, 14, 30);

        var first = clock.Evaluate(past);
        var second = clock.Evaluate(past);

        Assert.True(first == second);
        Assert.True(first.Equals((object)second));
        Assert.Equal(first.GetHashCode(), second.GetHashCode());
        Assert.Same(clock, first.Clock);
        Assert.Equal(Sh(2025, 3, 4, 14), first.GetThresholdCrossedAt(0));
        Assert.Equal(Sh(2025, 3, 5, 18), first.DueAt);
        Assert.Equal(first.NextChangeAt, second.NextChangeAt);
        Assert.Equal(Sh(2025, 3, 5, 11), first.NextChangeAt);
    }
}
