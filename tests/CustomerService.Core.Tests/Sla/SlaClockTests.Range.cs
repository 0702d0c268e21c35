using CustomerService.Core.Calendars;
using CustomerService.Core.Sla;
using FsCheck.Fluent;
using NodaTime;

namespace CustomerService.Core.Tests.Sla;

/// <summary>SLA clocks at the ends of the supported range and beyond it.</summary>
public sealed partial class SlaClockTests
{
    private static readonly Instant MinSupported = BusinessCalendar.MinSupportedInstant;
    private static readonly Instant MaxSupported = BusinessCalendar.MaxSupportedInstant;

    private static BusinessCalendar AlwaysOpenUtc()
    {
        var builder = BusinessCalendar.CreateBuilder("Always open", DateTimeZone.Utc);
        for (var day = IsoDayOfWeek.Monday; day <= IsoDayOfWeek.Sunday; day++)
        {
            builder.Open(day, LocalTime.Midnight, LocalTime.Midnight);
        }

        return builder.Build();
    }

    private static SlaPolicy LongTargets(BusinessCalendar calendar) => SlaPolicy.CreateBuilder("Long", calendar, "v1")
        .DefaultTarget(SlaMetric.Resolution, Duration.FromDays(36_500))
        .DefaultTarget(SlaMetric.PeriodicUpdate, Duration.FromDays(36_500), SlaTimeBasis.CalendarTime)
        .Build();

    [Fact]
    public void Evaluate_StartedIn1904AndEvaluatedIn2200_ReportsTheWholeSpanAsElapsed()
    {
        var policy = LongTargets(AlwaysOpenUtc());
        var started = Instant.FromUtc(1904, 1, 1, 0, 0);
        foreach (var metric in new[] { SlaMetric.Resolution, SlaMetric.PeriodicUpdate })
        {
            var clock = policy.StartClock("R-1/" + metric, metric, SlaPriority.Normal, started);

            var status = clock.Evaluate(MaxSupported);

            Assert.Equal(MaxSupported - started, status.Elapsed);
            Assert.Equal(SlaClockState.Breached, status.State);
            Assert.Equal(started + Duration.FromDays(36_500), status.BreachedAt);
            Assert.Equal(MaxSupported - started - Duration.FromDays(36_500), status.OverdueBy);
        }
    }

    [Fact]
    public void StartGenerator_CoversTheSupportedRangeAndLeavesRoomForTheHistory()
    {
        var starts = SlaArbitraries.StartGen().Sample(2000, 1);
        var endRegion = Duration.FromDays(Tests.Calendars.CalendarArbitraries.EndRegionDays);
        Assert.All(starts, s => Assert.InRange(s, MinSupported, MaxSupported - SlaArbitraries.EndMargin));
        Assert.Contains(MinSupported, starts);
        Assert.Contains(starts, s => s < NodaConstants.UnixEpoch && s > MinSupported + endRegion);
        Assert.Contains(starts, s => s > MaxSupported - endRegion);
    }

    [Fact]
    public void StartClock_LongCalendarTimeTargetNearInstantMaxValue_ThrowsArgumentOutOfRangeNamingTheClock()
    {
        var policy = LongTargets(SlaTestData.ShanghaiDesk);

        var error = Assert.Throws<ArgumentOutOfRangeException>(() =>
            policy.StartClock("R-2/periodic-update", SlaMetric.PeriodicUpdate, SlaPriority.Normal, Instant.MaxValue - Duration.FromDays(1)));

        Assert.Equal("startedAt", error.ParamName);
        Assert.Contains("R-2/periodic-update", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void StartClock_CalendarTimeDueAfterTheSupportedRange_ThrowsArgumentOutOfRange()
    {
        var policy = LongTargets(SlaTestData.ShanghaiDesk);
        var started = MaxSupported - Duration.FromDays(365);

        var error = Assert.Throws<ArgumentOutOfRangeException>(() =>
            policy.StartClock("R-3/periodic-update", SlaMetric.PeriodicUpdate, SlaPriority.Normal, started));

        Assert.Equal("startedAt", error.ParamName);
        Assert.Contains("R-3/periodic-update", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void StartClock_BusinessTimeDueAfterTheSupportedRange_ThrowsNamingTheStart()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() =>
            SlaTestData.Standard.StartClock("R-4/resolution", SlaMetric.Resolution, Normal, MaxSupported - Duration.FromHours(1)));

        Assert.Equal("startedAt", error.ParamName);
    }

    [Fact]
    public void Append_EventOutsideTheSupportedRange_ThrowsArgumentOutOfRangeNamingTheEvent()
    {
        var policy = LongTargets(SlaTestData.ShanghaiDesk);
        var clock = policy.StartClock("R-5/periodic-update", SlaMetric.PeriodicUpdate, SlaPriority.Normal, SlaTestData.Sh(2025, 3, 3, 9));

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => clock.Append(SlaClockEvent.Met(Instant.MaxValue)));

        Assert.Equal("clockEvent", error.ParamName);
        Assert.Contains("R-5/periodic-update", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CreateClock_EventBeforeTheSupportedRange_ThrowsArgumentOutOfRangeNamingTheEvents()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => SlaTestData.Standard.CreateClock(
            "R-6/periodic-update", SlaMetric.PeriodicUpdate, Normal, [SlaClockEvent.Started(Instant.FromUtc(1850, 1, 1, 0, 0))]));

        Assert.Equal("events", error.ParamName);
    }

    [Theory]
    [InlineData(SlaMetric.Resolution)]
    [InlineData(SlaMetric.PeriodicUpdate)]
    public void Evaluate_AfterTheSupportedRange_ThrowsArgumentOutOfRangeNamingNow(SlaMetric metric)
    {
        var clock = SlaTestData.Standard.StartClock("R-7/" + metric, metric, Normal, SlaTestData.Sh(2025, 3, 3, 9));

        Assert.Equal("now", Assert.Throws<ArgumentOutOfRangeException>(() => clock.Evaluate(MaxSupported + Duration.Epsilon)).ParamName);
        Assert.Equal("now", Assert.Throws<ArgumentOutOfRangeException>(() => clock.Evaluate(Instant.MaxValue)).ParamName);
        Assert.Equal(SlaClockState.Breached, clock.Evaluate(MaxSupported).State);
    }
}
