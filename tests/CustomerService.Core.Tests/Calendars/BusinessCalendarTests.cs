using CustomerService.Core.Calendars;
using NodaTime;

namespace CustomerService.Core.Tests.Calendars;

public sealed partial class BusinessCalendarTests
{
    private static readonly DateTimeZone Shanghai = DateTimeZoneProviders.Tzdb["Asia/Shanghai"];
    private static readonly DateTimeZone NewYork = DateTimeZoneProviders.Tzdb["America/New_York"];
    private static readonly DateTimeZone Berlin = DateTimeZoneProviders.Tzdb["Europe/Berlin"];

    private static BusinessCalendar Office(string name = "Shanghai office") =>
        BusinessCalendar.CreateBuilder(name, Shanghai)
            .OpenWeekdays(new LocalTime(9, 0), new LocalTime(12, 0))
            .OpenWeekdays(new LocalTime(13, 0), new LocalTime(18, 0))
            .Build();

    private static BusinessCalendar NightShift(DateTimeZone zone)
    {
        var builder = BusinessCalendar.CreateBuilder("Night shift", zone);
        for (var day = IsoDayOfWeek.Monday; day <= IsoDayOfWeek.Sunday; day++)
        {
            builder.Open(day, new LocalTime(22, 0), new LocalTime(6, 0));
        }

        return builder.Build();
    }

    private static Instant At(DateTimeZone zone, int year, int month, int day, int hour, int minute = 0) =>
        new LocalDateTime(year, month, day, hour, minute).InZoneStrictly(zone).ToInstant();

    private static Instant Local(int year, int month, int day, int hour, int minute = 0) => At(Shanghai, year, month, day, hour, minute);

    [Fact]
    public void Add_FourHoursFromMondayMorning_SkipsLunchBreak()
    {
        Assert.Equal(Local(2025, 3, 3, 15), Office().Add(Local(2025, 3, 3, 10), Duration.FromHours(4)));
    }

    [Fact]
    public void Add_LandingExactlyOnClosingTime_ReturnsClosingTime()
    {
        var calendar = Office();
        Assert.Equal(Local(2025, 3, 3, 18), calendar.Add(Local(2025, 3, 3, 14), Duration.FromHours(4)));
        Assert.Equal(Local(2025, 3, 3, 12), calendar.Add(Local(2025, 3, 3, 9), Duration.FromHours(3)));
    }

    [Fact]
    public void Add_StartOutsideOpenHours_BeginsCountingAtNextOpening()
    {
        var calendar = Office();
        Assert.Equal(Local(2025, 3, 10, 10), calendar.Add(Local(2025, 3, 8, 10), Duration.FromHours(1)));
        Assert.Equal(Local(2025, 3, 4, 9, 30), calendar.Add(Local(2025, 3, 3, 18), Duration.FromMinutes(30)));
    }

    [Fact]
    public void Add_ZeroBusinessTime_ReturnsStartEvenWhenClosed()
    {
        var saturday = Local(2025, 3, 8, 10);
        Assert.Equal(saturday, Office().Add(saturday, Duration.Zero));
    }

    [Fact]
    public void Subtract_FourHoursFromAfternoon_SkipsLunchBreak()
    {
        var calendar = Office();
        Assert.Equal(Local(2025, 3, 3, 10), calendar.Subtract(Local(2025, 3, 3, 15), Duration.FromHours(4)));
        Assert.Equal(Local(2025, 3, 7, 17), calendar.Subtract(Local(2025, 3, 10, 9), Duration.FromHours(1)));
    }

    [Fact]
    public void Subtract_LandingExactlyOnOpeningTime_ReturnsOpeningTime()
    {
        Assert.Equal(Local(2025, 3, 3, 13), Office().Subtract(Local(2025, 3, 3, 18), Duration.FromHours(5)));
    }

    [Fact]
    public void BusinessTimeBetween_OneWorkingWeek_IsFortyHours()
    {
        var calendar = Office();
        Assert.Equal(Duration.FromHours(40), calendar.BusinessTimeBetween(Local(2025, 3, 3, 0), Local(2025, 3, 10, 0)));
        Assert.Equal(Duration.FromHours(-40), calendar.BusinessTimeBetween(Local(2025, 3, 10, 0), Local(2025, 3, 3, 0)));
        Assert.Equal(Duration.FromMinutes(90), calendar.BusinessTimeBetween(Local(2025, 3, 3, 11, 30), Local(2025, 3, 3, 14)));
    }

    [Fact]
    public void IsOpen_RangeBoundaries_AreStartInclusiveEndExclusive()
    {
        var calendar = Office();
        Assert.True(calendar.IsOpen(Local(2025, 3, 3, 9)));
        Assert.True(calendar.IsOpen(Local(2025, 3, 3, 12) - Duration.Epsilon));
        Assert.False(calendar.IsOpen(Local(2025, 3, 3, 12)));
        Assert.False(calendar.IsOpen(Local(2025, 3, 3, 18)));
        Assert.False(calendar.IsOpen(Local(2025, 3, 3, 9) - Duration.Epsilon));
        Assert.False(calendar.IsOpen(Local(2025, 3, 8, 10)));
    }

    [Fact]
    public void NextOpening_FridayEvening_IsMondayMorning()
    {
        var calendar = Office();
        Assert.Equal(Local(2025, 3, 10, 9), calendar.NextOpening(Local(2025, 3, 7, 18)));
        Assert.Equal(Local(2025, 3, 7, 10), calendar.NextOpening(Local(2025, 3, 7, 10)));
    }

    [Fact]
    public void OpenIntervals_OneDay_ListsMorningAndAfternoon()
    {
        var intervals = Office().OpenIntervals(new Interval(Local(2025, 3, 3, 10), Local(2025, 3, 4, 0)));
        Assert.Equal(
            [new Interval(Local(2025, 3, 3, 10), Local(2025, 3, 3, 12)), new Interval(Local(2025, 3, 3, 13), Local(2025, 3, 3, 18))],
            intervals);
    }

    [Fact]
    public void BusinessTimeBetween_NewYorkNightShiftOnSpringForward_IsSevenHours()
    {
        var calendar = NightShift(NewYork);

        // Saturday 2025-03-08 22:00 EST (UTC-5) to Sunday 06:00 EDT (UTC-4): the skipped hour 02:00-03:00 is absent.
        var start = Instant.FromUtc(2025, 3, 9, 3, 0);
        var end = Instant.FromUtc(2025, 3, 9, 10, 0);
        Assert.Equal(start, At(NewYork, 2025, 3, 8, 22));
        Assert.Equal(Duration.FromHours(7), calendar.BusinessTimeBetween(start, end));
        Assert.Equal(end, calendar.Add(start, Duration.FromHours(7)));
        Assert.Equal(Instant.FromUtc(2025, 3, 10, 2, 1), calendar.Add(start, Duration.FromHours(7) + Duration.FromMinutes(1)));
    }

    [Fact]
    public void BusinessTimeBetween_NewYorkNightShiftOnFallBack_IsNineHours()
    {
        var calendar = NightShift(NewYork);

        // Saturday 2025-11-01 22:00 EDT (UTC-4) to Sunday 06:00 EST (UTC-5): 01:00-02:00 happens twice and is open twice.
        var start = Instant.FromUtc(2025, 11, 2, 2, 0);
        var end = Instant.FromUtc(2025, 11, 2, 11, 0);
        Assert.Equal(Duration.FromHours(9), calendar.BusinessTimeBetween(start, end));
        Assert.Equal(end, calendar.Add(start, Duration.FromHours(9)));
        Assert.True(calendar.IsOpen(Instant.FromUtc(2025, 11, 2, 5, 30)));
        Assert.True(calendar.IsOpen(Instant.FromUtc(2025, 11, 2, 6, 30)));
    }

    [Fact]
    public void BusinessTimeBetween_BerlinWholeDaysAcrossDstChanges_Are23And25Hours()
    {
        var calendar = BusinessCalendar.CreateBuilder("Berlin 24h", Berlin)
            .OpenOn(new LocalDate(2025, 3, 30), LocalTime.Midnight, LocalTime.Midnight)
            .OpenOn(new LocalDate(2025, 10, 26), LocalTime.Midnight, LocalTime.Midnight)
            .Build();
        var march = new Interval(Instant.FromUtc(2025, 3, 29, 0, 0), Instant.FromUtc(2025, 4, 1, 0, 0));
        var october = new Interval(Instant.FromUtc(2025, 10, 25, 0, 0), Instant.FromUtc(2025, 10, 28, 0, 0));
        Assert.Equal(Duration.FromHours(23), calendar.BusinessTimeBetween(march.Start, march.End));
        Assert.Equal(Duration.FromHours(25), calendar.BusinessTimeBetween(october.Start, october.End));

        // 2025-03-30 00:00 CET is 2025-03-29T23:00Z; 2025-10-26 00:00 CEST is 2025-10-25T22:00Z.
        Assert.Equal([new Interval(Instant.FromUtc(2025, 3, 29, 23, 0), Instant.FromUtc(2025, 3, 30, 22, 0))], calendar.OpenIntervals(march));
        Assert.Equal([new Interval(Instant.FromUtc(2025, 10, 25, 22, 0), Instant.FromUtc(2025, 10, 26, 23, 0))], calendar.OpenIntervals(october));
    }

    [Fact]
    public void IsOpen_OvernightRangeBeforeHoliday_RunsIntoTheHoliday()
    {
        var friday = new LocalDate(2025, 3, 7);
        var calendar = BusinessCalendar.CreateBuilder("Night desk", Shanghai)
            .Open(IsoDayOfWeek.Friday, new LocalTime(22, 0), new LocalTime(6, 0))
            .Open(IsoDayOfWeek.Saturday, new LocalTime(22, 0), new LocalTime(6, 0))
            .Closed(friday.PlusDays(1))
            .Build();
        Assert.True(calendar.IsOpen(Local(2025, 3, 8, 5)));
        Assert.False(calendar.IsOpen(Local(2025, 3, 8, 23)));
        Assert.Equal(Duration.FromHours(8), calendar.BusinessTimeBetween(Local(2025, 3, 7, 0), Local(2025, 3, 10, 0)));
    }

    [Fact]
    public void Add_NegativeBusinessTime_ThrowsArgumentOutOfRange()
    {
        var exception = Assert.Throws<ArgumentOutOfRangeException>(() => Office().Add(Local(2025, 3, 3, 10), Duration.FromMinutes(-1)));
        Assert.Equal("businessTime", exception.ParamName);
    }

    [Fact]
    public void Add_CalendarWithoutOpenTime_ThrowsNamingTheCalendar()
    {
        var calendar = BusinessCalendar.CreateBuilder("Closed desk", Shanghai).Build();
        var exception = Assert.Throws<CalendarConfigurationException>(() => calendar.Add(Local(2025, 3, 3, 10), Duration.FromHours(1)));
        Assert.Equal("Closed desk", exception.CalendarName);
        Assert.Contains("'Closed desk'", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void IsOpen_InstantOutsideSupportedRange_ThrowsArgumentOutOfRange()
    {
        var exception = Assert.Throws<ArgumentOutOfRangeException>(() => Office().IsOpen(Instant.FromUtc(1850, 1, 1, 0, 0)));
        Assert.Equal("instant", exception.ParamName);
    }

    [Fact]
    public void NetWorkingDays_MainlandChina2025And2026_MatchTheStatedCounts()
    {
        foreach (var (year, weekdayHolidays, makeUpDays) in new[] { (2025, 18, 5), (2026, 19, 6) })
        {
            Assert.Equal(weekdayHolidays, MainlandChinaHolidays.DaysOff.Count(d => d.Year == year && d.DayOfWeek <= IsoDayOfWeek.Friday));
            Assert.Equal(makeUpDays, MainlandChinaHolidays.MakeUpDays.Count(d => d.Year == year && d.DayOfWeek > IsoDayOfWeek.Friday));
            var calendar = MainlandChinaHolidays.BuildHelpDesk(years: year);
            var weekdays = 0;
            for (var date = new LocalDate(year, 1, 1); date.Year == year; date = date.PlusDays(1))
            {
                weekdays += date.DayOfWeek <= IsoDayOfWeek.Friday ? 1 : 0;
            }

            var open = calendar.BusinessTimeBetween(Local(year, 1, 1, 0), Local(year + 1, 1, 1, 0));
            Assert.Equal(Duration.FromHours(8 * (weekdays - 13)), open);
        }
    }
}
