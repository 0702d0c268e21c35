using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace CustomerService.HelpDesk.Tests;

/// <summary>The desk's calendar, as appsettings.json configures it, against the State Council notices (shared/data/cn-holidays.md).</summary>
[Collection(HelpDeskAppDefinition.Name)]
public sealed class DeskCalendarTests(HelpDeskServer server)
{
    [Theory]
    [InlineData(2025, 18, 5)]
    [InlineData(2026, 19, 6)]
    public void Calendar_FromAppSettings_ClosesTheWeekdayHolidaysAndOpensTheMakeUpDays(int year, int weekdayHolidays, int makeUpDays)
    {
        var desk = server.Services.GetRequiredService<Desk>();
        var closedWeekdays = 0;
        var openWeekends = 0;
        for (var day = new LocalDate(year, 1, 1); day.Year == year; day = day.PlusDays(1))
        {
            var open = desk.Calendar.IsOpen(desk.Zone.AtStrictly(day.At(new LocalTime(10, 0))).ToInstant());
            var weekend = day.DayOfWeek is IsoDayOfWeek.Saturday or IsoDayOfWeek.Sunday;
            closedWeekdays += !weekend && !open ? 1 : 0;
            openWeekends += weekend && open ? 1 : 0;
        }

        Assert.Equal(weekdayHolidays, closedWeekdays);
        Assert.Equal(makeUpDays, openWeekends);
    }

    [Fact]
    public void Calendar_TicketOpenedOnTheLastAfternoonBeforeNationalDay_FallsDueAfterTheHoliday()
    {
        var desk = server.Services.GetRequiredService<Desk>();
        var opened = desk.Zone.AtStrictly(new LocalDateTime(2026, 9, 30, 16, 0)).ToInstant();

        var due = desk.Calendar.Add(opened, Duration.FromHours(4)).InZone(desk.Zone).LocalDateTime;

        Assert.Equal(new LocalDateTime(2026, 10, 8, 11, 0), due); // 2 h on 30 September, then 2 h on 8 October
    }
}
