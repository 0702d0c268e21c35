using CustomerService.Core.Calendars;
using CustomerService.Core.Sla;
using NodaTime;

namespace CustomerService.Core.Tests;

/// <summary>The README's quick start, statement for statement, with the results its comments promise.</summary>
public sealed class ReadmeQuickStartTests
{
    [Fact]
    public void QuickStart_GivesTheResultsTheReadmeShows()
    {
        var builder = BusinessCalendar.CreateBuilder("Shanghai help desk", DateTimeZoneProviders.Tzdb["Asia/Shanghai"])
            .OpenWeekdays(new LocalTime(9, 0), new LocalTime(12, 0))
            .OpenWeekdays(new LocalTime(13, 0), new LocalTime(18, 0))
            .OpenOn(new LocalDate(2025, 10, 11), new LocalTime(9, 0), new LocalTime(12, 0))
            .OpenOn(new LocalDate(2025, 10, 11), new LocalTime(13, 0), new LocalTime(18, 0));
        for (var day = new LocalDate(2025, 10, 1); day <= new LocalDate(2025, 10, 8); day = day.PlusDays(1))
        {
            builder.Closed(day);
        }

        var desk = builder.Build();
        var opened = Instant.FromUtc(2025, 9, 30, 8, 0);
        Assert.Equal(Instant.FromUtc(2025, 10, 9, 3, 0), desk.Add(opened, Duration.FromHours(4)));
        Assert.True(desk.IsOpen(Instant.FromUtc(2025, 10, 11, 2, 0)));

        var policy = SlaPolicy.CreateBuilder("Standard", desk)
            .Target(SlaMetric.FirstResponse, SlaPriority.Urgent, Duration.FromHours(2))
            .DefaultTarget(SlaMetric.Resolution, Duration.FromHours(24))
            .Build();
        var clock = policy.StartClock("T-1001/resolution", SlaMetric.Resolution, SlaPriority.Normal, opened);
        var status = clock.Evaluate(Instant.FromUtc(2025, 10, 10, 4, 30));

        Assert.Equal(SlaClockState.Running, status.State);
        Assert.Equal(Duration.FromHours(13), status.Elapsed);
        Assert.Equal(Instant.FromUtc(2025, 10, 11, 8, 0), status.DueAt);
    }
}
