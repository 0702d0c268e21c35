using CustomerService.Core.Calendars;
using NodaTime;

namespace CustomerService.Core.Tests.Calendars;

/// <summary>Official holiday schedules, half days, the search horizon, the supported range and the batch forms.</summary>
public sealed partial class BusinessCalendarTests
{
    private static readonly Lazy<BusinessCalendar> ChinaDesk = new(() => MainlandChinaHolidays.BuildHelpDesk(years: [2025, 2026]));

    [Fact]
    public void Add_AcrossNationalDay2025_CountsTheMakeUpSaturday()
    {
        var opened = Local(2025, 9, 30, 16);
        Assert.Equal(Local(2025, 10, 11, 16), ChinaDesk.Value.Add(opened, Duration.FromHours(24)));
        var withoutMakeUpDays = MainlandChinaHolidays.BuildHelpDesk("No make-up days", withMakeUpDays: false, 2025);
        Assert.Equal(Local(2025, 10, 13, 16), withoutMakeUpDays.Add(opened, Duration.FromHours(24)));
    }

    [Theory]
    [InlineData(2025, 1, 26, true)] // Sunday, make-up day before Spring Festival
    [InlineData(2025, 1, 28, false)]
    [InlineData(2025, 2, 4, false)]
    [InlineData(2025, 2, 8, true)] // Saturday, make-up day
    [InlineData(2025, 4, 27, true)]
    [InlineData(2025, 5, 5, false)]
    [InlineData(2025, 9, 28, true)]
    [InlineData(2025, 10, 8, false)]
    [InlineData(2025, 10, 9, true)]
    [InlineData(2026, 1, 2, false)]
    [InlineData(2026, 1, 4, true)] // Sunday, make-up day after New Year
    [InlineData(2026, 2, 14, true)]
    [InlineData(2026, 2, 23, false)]
    [InlineData(2026, 2, 28, true)]
    [InlineData(2026, 5, 9, true)]
    [InlineData(2026, 9, 20, true)]
    [InlineData(2026, 9, 25, false)]
    [InlineData(2026, 10, 10, true)]
    public void IsOpen_MainlandChinaSchedule_FollowsHolidaysAndMakeUpDays(int year, int month, int day, bool open)
    {
        var date = new LocalDate(year, month, day);
        var midnight = date.AtStartOfDayInZone(Shanghai).ToInstant();
        var nextMidnight = date.PlusDays(1).AtStartOfDayInZone(Shanghai).ToInstant();
        Assert.Equal(open, ChinaDesk.Value.IsOpen(Local(year, month, day, 10)));
        Assert.Equal(open ? Duration.FromHours(8) : Duration.Zero, ChinaDesk.Value.BusinessTimeBetween(midnight, nextMidnight));
    }

    [Fact]
    public void Add_HalfDayBeforeNewYear_ContinuesOnTheNextWorkingDay()
    {
        var calendar = BusinessCalendar.CreateBuilder("Half days", Shanghai)
            .OpenWeekdays(new LocalTime(9, 0), new LocalTime(17, 0))
            .OpenOn(new LocalDate(2025, 12, 31), new LocalTime(9, 0), new LocalTime(12, 0))
            .Closed(new LocalDate(2026, 1, 1))
            .Build();
        Assert.Equal(Duration.FromHours(3), calendar.BusinessTimeBetween(Local(2025, 12, 31, 0), Local(2026, 1, 1, 0)));
        Assert.Equal(Local(2026, 1, 2, 10), calendar.Add(Local(2025, 12, 31, 11), Duration.FromHours(2)));
        Assert.Equal(Local(2025, 12, 31, 11), calendar.Subtract(Local(2026, 1, 2, 10), Duration.FromHours(2)));
    }

    [Fact]
    public void OpenIntervals_NightShiftEndingAtMidnightBesideWholeDay_ComeBackAsOneInterval()
    {
        var calendar = BusinessCalendar.CreateBuilder("Touching", Shanghai)
            .Open(IsoDayOfWeek.Monday, new LocalTime(18, 0), LocalTime.Midnight)
            .Open(IsoDayOfWeek.Tuesday, LocalTime.Midnight, new LocalTime(6, 0))
            .Build();
        Assert.Equal([new Interval(Local(2025, 3, 3, 18), Local(2025, 3, 4, 6))], calendar.OpenIntervals(new Interval(Local(2025, 3, 3, 0), Local(2025, 3, 5, 0))));
    }

    [Fact]
    public void Add_OpenTimeWithinTheHorizon_IsFoundAndBeyondItThrows()
    {
        var calendar = BusinessCalendar.CreateBuilder("One day only", Shanghai)
            .OpenOn(new LocalDate(2025, 1, 6), new LocalTime(9, 0), new LocalTime(17, 0))
            .Build();
        Assert.Equal(Local(2025, 1, 6, 10), calendar.Add(Local(2016, 1, 1, 0), Duration.FromHours(1)));
        Assert.Equal(Local(2025, 1, 6, 9), calendar.NextOpening(Local(2020, 1, 1, 0)));
        Assert.Equal(Local(2025, 1, 6, 16), calendar.Subtract(Local(2034, 1, 1, 0), Duration.FromHours(1)));
        Assert.Throws<CalendarConfigurationException>(() => calendar.Add(Local(2025, 1, 7, 0), Duration.FromHours(1)));
        Assert.Throws<CalendarConfigurationException>(() => calendar.Add(Local(2025, 1, 6, 16), Duration.FromHours(2)));
        Assert.Throws<CalendarConfigurationException>(() => calendar.NextOpening(Local(2014, 1, 1, 0)));
        Assert.Throws<CalendarConfigurationException>(() => calendar.Subtract(Local(2036, 1, 1, 0), Duration.FromHours(1)));
    }

    [Fact]
    public void Questions_CalendarWithoutOpenTime_ThrowPromptlyNamingTheCalendar()
    {
        var calendar = BusinessCalendar.CreateBuilder("Never open", NewYork).Build();
        var start = Instant.FromUtc(2030, 6, 1, 0, 0);
        Assert.Equal("Never open", Assert.Throws<CalendarConfigurationException>(() => calendar.Subtract(start, Duration.FromMinutes(1))).CalendarName);
        Assert.Equal("Never open", Assert.Throws<CalendarConfigurationException>(() => calendar.NextOpening(start)).CalendarName);
        Assert.Equal(Duration.Zero, calendar.BusinessTimeBetween(start, start + Duration.FromDays(3000)));
        Assert.False(calendar.IsOpen(start));
    }

    [Fact]
    public void Add_ResultBeyondTheSupportedRange_ThrowsArgumentOutOfRange()
    {
        var calendar = BusinessCalendar.CreateBuilder("Always", DateTimeZone.Utc).Open(IsoDayOfWeek.Monday, LocalTime.Midnight, LocalTime.Midnight).Build();
        var late = BusinessCalendar.MaxSupportedInstant - Duration.FromDays(10);
        Assert.Throws<ArgumentOutOfRangeException>(() => calendar.Add(late, Duration.FromDays(5)));
        Assert.Throws<ArgumentOutOfRangeException>(() => calendar.Subtract(BusinessCalendar.MinSupportedInstant + Duration.FromDays(10), Duration.FromDays(5)));
        Assert.Throws<ArgumentOutOfRangeException>(() => calendar.Add(Instant.MaxValue, Duration.Zero));
        Assert.Throws<ArgumentOutOfRangeException>(() => calendar.BusinessTimeBetween(Instant.MinValue, late));
        Assert.Throws<ArgumentOutOfRangeException>(() => calendar.Add(late, Duration.MaxValue));
        Assert.Throws<ArgumentException>(() => calendar.OpenIntervals(new Interval(null, late)));
    }

    [Fact]
    public void AddBatch_BadInput_ThrowsAndLeavesResultsUnchanged()
    {
        var calendar = Office();
        Instant[] starts = [Local(2025, 3, 3, 10), Local(2025, 3, 3, 11)];
        var results = new Instant[2];
        Assert.Throws<ArgumentOutOfRangeException>(() => calendar.Add(starts, [Duration.FromHours(1), Duration.FromHours(-1)], results));
        Assert.Equal(new Instant[2], results);
        Assert.Throws<ArgumentException>(() => calendar.Add(starts, [Duration.FromHours(1)], results));
        Assert.Throws<ArgumentException>(() => calendar.BusinessTimeBetween(starts, starts, new Duration[1]));
        calendar.Add(starts, [Duration.FromHours(1), Duration.FromHours(2)], results);
        Assert.Equal([Local(2025, 3, 3, 11), Local(2025, 3, 3, 14)], results);
    }

    [Fact]
    public void Add_ManyThreadsOnAFreshCalendar_AgreeWithOneThread()
    {
        var starts = Enumerable.Range(0, 2000).Select(i => Instant.FromUtc(1990, 1, 1, 0, 0) + Duration.FromHours(i * 131L)).ToArray();
        var expected = starts.Select(s => ChinaDesk.Value.Add(s, Duration.FromHours(30))).ToArray();
        var fresh = MainlandChinaHolidays.BuildHelpDesk(years: [2025, 2026]);
        var actual = new Instant[starts.Length];
        Parallel.For(0, starts.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i => actual[i] = fresh.Add(starts[i], Duration.FromHours(30)));
        Assert.Equal(expected, actual);
    }
}
