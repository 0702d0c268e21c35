using CustomerService.Core.Calendars;
using NodaTime;

namespace CustomerService.Core.Tests.Calendars;

public sealed class BusinessCalendarBuilderTests
{
    private static readonly DateTimeZone Shanghai = DateTimeZoneProviders.Tzdb["Asia/Shanghai"];

    private static Instant Local(int month, int day, int hour, int minute = 0) =>
        new LocalDateTime(2025, month, day, hour, minute).InZoneStrictly(Shanghai).ToInstant();

    [Fact]
    public void Open_OverlappingRangeOnSameDay_ThrowsNamingDayAndBothRanges()
    {
        var builder = BusinessCalendar.CreateBuilder("Desk", Shanghai).Open(IsoDayOfWeek.Tuesday, new LocalTime(9, 0), new LocalTime(12, 0));
        var exception = Assert.Throws<CalendarConfigurationException>(() => builder.Open(IsoDayOfWeek.Tuesday, new LocalTime(11, 30), new LocalTime(13, 0)));
        Assert.Equal("Desk", exception.CalendarName);
        Assert.Contains("Tuesday", exception.Message, StringComparison.Ordinal);
        Assert.Contains("09:00-12:00", exception.Message, StringComparison.Ordinal);
        Assert.Contains("11:30-13:00", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OpenWeekdays_OverlapOnOneDay_LeavesEveryDayUnchanged()
    {
        var builder = BusinessCalendar.CreateBuilder("Desk", Shanghai).Open(IsoDayOfWeek.Thursday, new LocalTime(8, 0), new LocalTime(10, 0));
        Assert.Throws<CalendarConfigurationException>(() => builder.OpenWeekdays(new LocalTime(9, 0), new LocalTime(17, 0)));
        var calendar = builder.Build();
        Assert.False(calendar.IsOpen(Local(3, 3, 12)));
        Assert.True(calendar.IsOpen(Local(3, 6, 9)));
    }

    [Fact]
    public void OpenOn_OverlappingRangesOnOneDate_ThrowsNamingTheDate()
    {
        var date = new LocalDate(2025, 10, 11);
        var builder = BusinessCalendar.CreateBuilder("Desk", Shanghai).OpenOn(date, new LocalTime(22, 0), new LocalTime(2, 0));
        var exception = Assert.Throws<CalendarConfigurationException>(() => builder.OpenOn(date, new LocalTime(23, 0), new LocalTime(23, 30)));
        Assert.Contains("2025-10-11", exception.Message, StringComparison.Ordinal);
        Assert.Contains("22:00-02:00", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OpenOn_SameDayRangesOnEitherSideOfAnOvernightRange_AreAccepted()
    {
        // 05:00-08:00 is this date's morning; 22:00-06:00 runs into the next date's morning: no overlap.
        var calendar = BusinessCalendar.CreateBuilder("Desk", Shanghai)
            .Open(IsoDayOfWeek.Monday, new LocalTime(22, 0), new LocalTime(6, 0))
            .Open(IsoDayOfWeek.Monday, new LocalTime(5, 0), new LocalTime(8, 0))
            .Build();
        Assert.Equal(Duration.FromHours(11), calendar.BusinessTimeBetween(Local(3, 3, 0), Local(3, 5, 0)));
    }

    [Fact]
    public void OpenOn_SeveralCalls_AddSeveralRangesThatReplaceTheWeek()
    {
        var saturday = new LocalDate(2025, 10, 11);
        var calendar = BusinessCalendar.CreateBuilder("Desk", Shanghai)
            .OpenWeekdays(new LocalTime(9, 0), new LocalTime(18, 0))
            .OpenOn(saturday, new LocalTime(9, 0), new LocalTime(12, 0))
            .OpenOn(saturday, new LocalTime(13, 0), new LocalTime(15, 0))
            .OpenOn(new LocalDate(2025, 10, 10), new LocalTime(9, 0), new LocalTime(12, 0))
            .Build();
        Assert.Equal(Duration.FromHours(5), calendar.BusinessTimeBetween(Local(10, 11, 0), Local(10, 12, 0)));
        Assert.Equal(Duration.FromHours(3), calendar.BusinessTimeBetween(Local(10, 10, 0), Local(10, 11, 0)));
        Assert.False(calendar.IsOpen(Local(10, 10, 14)));
    }

    [Fact]
    public void Closed_DateWithOpenRanges_FollowsTheDatePrecedenceInsteadOfThrowing()
    {
        // Issue 22: merging a holiday list with a shift list used to throw here; the calendar's precedence settles it.
        var date = new LocalDate(2025, 10, 1);
        var opened = BusinessCalendar.CreateBuilder("Desk", Shanghai).OpenOn(date, new LocalTime(9, 0), new LocalTime(12, 0)).Closed(date).Build();
        var closed = BusinessCalendar.CreateBuilder("Desk", Shanghai).WithDatePrecedence(DatePrecedence.HolidayWins).Closed(date).OpenOn(date, new LocalTime(9, 0), new LocalTime(12, 0)).Build();
        Assert.True(opened.IsOpen(Local(10, 1, 10)));
        Assert.False(closed.IsOpen(Local(10, 1, 10)));
    }

    [Fact]
    public void Open_MidnightToMidnight_IsAWholeDay()
    {
        var calendar = BusinessCalendar.CreateBuilder("Desk", Shanghai).Open(IsoDayOfWeek.Wednesday, LocalTime.Midnight, LocalTime.Midnight).Build();
        Assert.Equal(Duration.FromHours(24), calendar.BusinessTimeBetween(Local(3, 3, 0), Local(3, 10, 0)));
        Assert.Equal([new Interval(Local(3, 5, 0), Local(3, 6, 0))], calendar.OpenIntervals(new Interval(Local(3, 3, 0), Local(3, 10, 0))));
    }

    [Fact]
    public void Build_CalledTwice_Throws()
    {
        var builder = BusinessCalendar.CreateBuilder("Desk", Shanghai);
        builder.Build();
        Assert.Throws<InvalidOperationException>(() => builder.Build());
        Assert.Throws<InvalidOperationException>(() => builder.OpenWeekdays(new LocalTime(9, 0), new LocalTime(17, 0)));
    }

    [Fact]
    public void CreateBuilder_BadArguments_Throw()
    {
        Assert.Throws<ArgumentNullException>(() => BusinessCalendar.CreateBuilder(null!, Shanghai));
        Assert.Throws<ArgumentException>(() => BusinessCalendar.CreateBuilder(" ", Shanghai));
        Assert.Throws<ArgumentNullException>(() => BusinessCalendar.CreateBuilder("Desk", null!));
        var exception = Assert.Throws<ArgumentOutOfRangeException>(() => BusinessCalendar.CreateBuilder("Desk", Shanghai).Open(IsoDayOfWeek.None, new LocalTime(9, 0), new LocalTime(17, 0)));
        Assert.Equal("day", exception.ParamName);
    }
}
