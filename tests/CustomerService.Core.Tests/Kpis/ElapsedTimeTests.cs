using CustomerService.Core.Calendars;
using CustomerService.Core.Kpis;
using NodaTime;

namespace CustomerService.Core.Tests.Kpis;

public sealed class ElapsedTimeTests
{
    [Fact]
    public void Calendar_EndAfterStart_IsTheDifference()
    {
        var start = Instant.FromUtc(2026, 3, 1, 9, 0);
        Assert.Equal(Duration.FromMinutes(95), ElapsedTime.Calendar(start, start + Duration.FromMinutes(95)));
        Assert.Equal(Duration.Zero, ElapsedTime.Calendar(start, start));
    }

    [Fact]
    public void Calendar_EndBeforeStart_Throws()
    {
        var start = Instant.FromUtc(2026, 3, 1, 9, 0);
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => ElapsedTime.Calendar(start, start - Duration.FromSeconds(1)));
        Assert.Equal("to", ex.ParamName);
    }

    [Fact]
    public void Business_FridayEveningToMondayMorning_CountsOnlyOpenHours()
    {
        var zone = DateTimeZoneProviders.Tzdb["Asia/Shanghai"];
        BusinessCalendar calendar = BusinessCalendar.CreateBuilder("support", zone).OpenWeekdays(new LocalTime(9, 0), new LocalTime(18, 0)).Build();
        Instant friday = new LocalDateTime(2026, 3, 6, 17, 30).InZoneStrictly(zone).ToInstant();
        Instant monday = new LocalDateTime(2026, 3, 9, 9, 30).InZoneStrictly(zone).ToInstant();

        Assert.Equal(Duration.FromHours(64), ElapsedTime.Calendar(friday, monday));
        Assert.Equal(Duration.FromHours(1), ElapsedTime.Business(calendar, friday, monday));
        Assert.Throws<ArgumentOutOfRangeException>(() => ElapsedTime.Business(calendar, monday, friday));
        Assert.Throws<ArgumentNullException>(() => ElapsedTime.Business(null!, friday, monday));
    }
}
