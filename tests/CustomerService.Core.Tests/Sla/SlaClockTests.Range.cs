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
}
