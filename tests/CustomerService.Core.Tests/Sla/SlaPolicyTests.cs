using CustomerService.Core.Sla;
using NodaTime;
using static CustomerService.Core.Tests.Sla.SlaTestData;

namespace CustomerService.Core.Tests.Sla;

public sealed class SlaPolicyTests
{
    [Fact]
    public void TryGetTarget_PriorityWithItsOwnTarget_PrefersItOverTheDefault()
    {
        Assert.True(Standard.TryGetTarget(SlaMetric.FirstResponse, SlaPriority.Urgent, out var urgent));
        Assert.True(Standard.TryGetTarget(SlaMetric.FirstResponse, SlaPriority.Low, out var low));
        Assert.True(Standard.TryGetTarget(SlaMetric.FirstResponse, new SlaPriority("urgent"), out var lowerCase));

        Assert.Equal(Duration.FromHours(2), urgent.Duration);
        Assert.Equal(SlaPriority.Urgent, urgent.Priority);
        Assert.Equal(Duration.FromHours(8), low.Duration);
        Assert.Null(low.Priority);
        Assert.Equal(Duration.FromHours(2), lowerCase.Duration);
    }

    [Fact]
    public void TryGetTarget_MetricWithoutTarget_ReturnsFalse()
    {
        Assert.False(Standard.TryGetTarget(SlaMetric.Acknowledgement, SlaPriority.Normal, out _));
        var error = Assert.Throws<ArgumentException>(() => Standard.StartClock("C-1/ack", SlaMetric.Acknowledgement, SlaPriority.Normal, Sh(2025, 3, 3, 9)));
        Assert.Contains("Acknowledgement", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PausesFor_ReflectsThePauseRules()
    {
        Assert.True(Standard.PausesFor(SlaMetric.Resolution, SlaWaitReason.DispatchedToDepartment));
        Assert.False(Standard.PausesFor(SlaMetric.FirstResponse, SlaWaitReason.DispatchedToDepartment));
        Assert.False(Standard.PausesFor(SlaMetric.PeriodicUpdate, SlaWaitReason.PendingOnCustomer));
    }

    [Fact]
    public void Build_Defaults_HaveTheDefaultWarningThresholds()
    {
        Assert.Equal([0.5, 0.75, 0.9], Standard.WarningThresholds.ToArray());
        Assert.Equal("Standard", Standard.Name);
        Assert.Same(ShanghaiDesk, Standard.Calendar);
        Assert.Equal("v1", Standard.CalendarVersion);
        Assert.Equal(5, Standard.Targets.Length);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-60)]
    public void Target_NotPositive_ThrowsArgumentOutOfRange(int minutes)
    {
        var builder = SlaPolicy.CreateBuilder("Bad", ShanghaiDesk);

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => builder.Target(SlaMetric.FirstResponse, SlaPriority.Normal, Duration.FromMinutes(minutes)));

        Assert.Equal("target", error.ParamName);
        Assert.Contains("must be positive", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Target_TooLongOrUndefinedMetric_ThrowsArgumentOutOfRange()
    {
        var builder = SlaPolicy.CreateBuilder("Bad", ShanghaiDesk);

        Assert.Throws<ArgumentOutOfRangeException>(() => builder.DefaultTarget(SlaMetric.Resolution, Duration.FromDays(40_000)));
        Assert.Throws<ArgumentOutOfRangeException>(() => builder.DefaultTarget((SlaMetric)42, Duration.FromHours(1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => builder.DefaultTarget(SlaMetric.Resolution, Duration.FromHours(1), (SlaTimeBasis)9));
    }

    [Fact]
    public void Target_TwiceForTheSameMetricAndPriority_Throws()
    {
        var builder = SlaPolicy.CreateBuilder("Dup", ShanghaiDesk).Target(SlaMetric.FirstResponse, SlaPriority.High, Duration.FromHours(1));

        Assert.Throws<ArgumentException>(() => builder.Target(SlaMetric.FirstResponse, SlaPriority.High, Duration.FromHours(2)));
        Assert.Throws<ArgumentException>(() => builder.Target(SlaMetric.FirstResponse, default, Duration.FromHours(2)));
    }

    [Theory]
    [InlineData(new[] { 0.0 })]
    [InlineData(new[] { 1.0 })]
    [InlineData(new[] { 0.5, 0.5 })]
    [InlineData(new[] { 0.9, 0.5 })]
    [InlineData(new[] { 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9 })]
    [InlineData(new[] { double.NaN })]
    public void WarningThresholds_Invalid_ThrowsArgumentException(double[] fractions)
    {
        var builder = SlaPolicy.CreateBuilder("Bad", ShanghaiDesk);

        var error = Assert.ThrowsAny<ArgumentException>(() => builder.WarningThresholds(fractions));

        Assert.Equal("fractions", error.ParamName);
    }

    [Fact]
    public void WarningThresholds_FractionOfATarget_IsRoundedUpToAWholeTick()
    {
        // 0.5 of 7 ticks is 3.5 ticks: the warning comes at 4 ticks, never before the exact half.
        var policy = SlaPolicy.CreateBuilder("Ticks", ShanghaiDesk)
            .DefaultTarget(SlaMetric.Resolution, Duration.FromTicks(7), SlaTimeBasis.CalendarTime)
            .WarningThresholds(0.5)
            .Build();
        var start = Instant.FromUtc(2025, 3, 3, 0, 0);
        var clock = policy.StartClock("R-1", SlaMetric.Resolution, SlaPriority.Normal, start);

        Assert.Equal(start + Duration.FromTicks(4), clock.Evaluate(start).NextChangeAt);
        Assert.Equal(0, clock.Evaluate(start + Duration.FromTicks(4) - Duration.Epsilon).ThresholdsCrossed);
        Assert.Equal(1, clock.Evaluate(start + Duration.FromTicks(4)).ThresholdsCrossed);
    }

    [Fact]
    public void WarningThresholds_None_WarnsNeverAndBreachesAtTheDue()
    {
        var policy = SlaPolicy.CreateBuilder("Quiet", ShanghaiDesk)
            .DefaultTarget(SlaMetric.Resolution, Duration.FromHours(1))
            .WarningThresholds()
            .Build();
        var clock = policy.StartClock("R-2", SlaMetric.Resolution, SlaPriority.Normal, Sh(2025, 3, 3, 9));

        var status = clock.Evaluate(Sh(2025, 3, 3, 9, 30));

        Assert.Equal(0, status.ThresholdCount);
        Assert.Equal(Sh(2025, 3, 3, 10), status.NextChangeAt);
    }

    [Fact]
    public void Build_Twice_ThrowsInvalidOperation()
    {
        var builder = SlaPolicy.CreateBuilder("Once", ShanghaiDesk).DefaultTarget(SlaMetric.Resolution, Duration.FromHours(1));
        builder.Build();

        Assert.Throws<InvalidOperationException>(() => builder.Build());
        Assert.Throws<InvalidOperationException>(() => builder.DefaultTarget(SlaMetric.FirstResponse, Duration.FromHours(1)));
    }

    [Fact]
    public void Build_WithoutTargets_ThrowsArgumentExceptionNamingTheTargets()
    {
        var error = Assert.Throws<ArgumentException>(() => SlaPolicy.CreateBuilder("Empty", ShanghaiDesk).Build());

        Assert.Equal("targets", error.ParamName);
        Assert.Contains("Empty", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CreateBuilder_BadArguments_Throw()
    {
        Assert.Throws<ArgumentNullException>(() => SlaPolicy.CreateBuilder(null!, ShanghaiDesk));
        Assert.Throws<ArgumentException>(() => SlaPolicy.CreateBuilder(" ", ShanghaiDesk));
        Assert.Throws<ArgumentNullException>(() => SlaPolicy.CreateBuilder("P", null!));
        Assert.Throws<ArgumentException>(() => SlaPolicy.CreateBuilder("P", ShanghaiDesk, string.Empty));
        Assert.Throws<ArgumentOutOfRangeException>(() => SlaPolicy.CreateBuilder("P", ShanghaiDesk).PauseWhen((SlaWaitReason)7, SlaMetric.Resolution));
    }

    [Fact]
    public void Builder_UnspecifiedEnumValues_ThrowArgumentOutOfRangeNamingTheParameter()
    {
        var builder = SlaPolicy.CreateBuilder("P", ShanghaiDesk);

        Assert.Equal("metric", Assert.Throws<ArgumentOutOfRangeException>(() => builder.DefaultTarget(default, Duration.FromHours(1))).ParamName);
        Assert.Equal("metric", Assert.Throws<ArgumentOutOfRangeException>(() => builder.Target(default, SlaPriority.Normal, Duration.FromHours(1))).ParamName);
        Assert.Equal("basis", Assert.Throws<ArgumentOutOfRangeException>(() => builder.DefaultTarget(SlaMetric.Resolution, Duration.FromHours(1), default)).ParamName);
        Assert.Equal("reason", Assert.Throws<ArgumentOutOfRangeException>(() => builder.PauseWhen(SlaWaitReason.None, SlaMetric.Resolution)).ParamName);
        Assert.Equal("metrics", Assert.Throws<ArgumentOutOfRangeException>(() => builder.PauseWhen(SlaWaitReason.PendingOnCustomer, default(SlaMetric))).ParamName);
    }

    [Fact]
    public void CreateClock_UnspecifiedMetric_ThrowsArgumentExceptionNamingTheMetric()
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => Standard.StartClock("C-2", default, SlaPriority.Normal, Sh(2025, 3, 3, 9)));

        Assert.Equal("metric", error.ParamName);
        Assert.False(Standard.PausesFor(default, SlaWaitReason.PendingOnCustomer));
        Assert.False(Standard.PausesFor(SlaMetric.Resolution, SlaWaitReason.None));
        Assert.False(Standard.PausesFor(SlaMetric.Resolution, (SlaWaitReason)33));
    }
}
