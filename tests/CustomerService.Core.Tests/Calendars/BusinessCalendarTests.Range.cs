using CustomerService.Core.Calendars;
using NodaTime;

namespace CustomerService.Core.Tests.Calendars;

/// <summary>The whole supported range: before the Unix epoch, at both ends, and spans longer than an Int64 of nanoseconds holds.</summary>
public sealed partial class BusinessCalendarTests
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

    /// <summary>A Shanghai office whose every date of <paramref name="year"/> is a holiday: a whole year without open time.</summary>
    private static BusinessCalendar OfficeClosedThroughout(int year)
    {
        var builder = BusinessCalendar.CreateBuilder("Closed year", Shanghai)
            .OpenWeekdays(new LocalTime(9, 0), new LocalTime(12, 0))
            .OpenWeekdays(new LocalTime(13, 0), new LocalTime(18, 0));
        for (var date = new LocalDate(year, 1, 1); date.Year == year; date = date.PlusDays(1))
        {
            builder.Closed(date);
        }

        return builder.Build();
    }

    [Fact]
    public void IsOpen_CalendarWithoutOpenTimeBefore1970_IsFalse()
    {
        var calendar = BusinessCalendar.CreateBuilder("Closed desk", Shanghai).Build();
        Assert.False(calendar.IsOpen(Instant.FromUtc(1950, 6, 1, 3, 0)));
        Assert.False(calendar.IsOpen(MinSupported));
        Assert.Equal(Duration.Zero, calendar.BusinessTimeBetween(MinSupported, Instant.FromUtc(1969, 12, 31, 0, 0)));
    }

    [Fact]
    public void IsOpen_AfterTheLastOpeningOfASegmentBefore1970_IsFalse()
    {
        // 18:00 on a Friday to Monday 09:00 in Shanghai: the lookup passes the last interval of its segment.
        var calendar = Office();
        for (var instant = Local(1960, 1, 1, 0); instant < Local(1961, 6, 1, 0); instant += Duration.FromHours(5))
        {
            Assert.Equal(calendar.DayWalk.IsOpen(Ns(instant)), calendar.IsOpen(instant));
        }
    }

    [Fact]
    public void Add_AcrossAClosedYearBefore1970_CountsFromTheNextOpening()
    {
        var calendar = OfficeClosedThroughout(1950);
        var start = Local(1949, 12, 30, 17);
        Assert.Equal(Local(1951, 1, 1, 10), calendar.Add(start, Duration.FromHours(2)));
        Assert.Equal(Duration.FromHours(2), calendar.BusinessTimeBetween(start, Local(1951, 1, 1, 10)));
        Assert.Equal(start, calendar.Subtract(Local(1951, 1, 1, 10), Duration.FromHours(2)));
        Assert.Equal(Local(1951, 1, 1, 9), calendar.NextOpening(Local(1949, 12, 30, 18)));
        Assert.Empty(calendar.OpenIntervals(new Interval(Local(1950, 1, 1, 0), Local(1951, 1, 1, 0))));
    }

    [Fact]
    public void BusinessTimeBetween_WholeSupportedRangeOnAlwaysOpenCalendar_IsThreeHundredYears()
    {
        var calendar = AlwaysOpenUtc();
        var whole = MaxSupported - MinSupported;
        Assert.True(whole > Duration.FromNanoseconds(long.MaxValue), "the supported range is longer than an Int64 of nanoseconds");
        Assert.Equal(whole, calendar.BusinessTimeBetween(MinSupported, MaxSupported));
        Assert.Equal(-whole, calendar.BusinessTimeBetween(MaxSupported, MinSupported));

        var results = new Duration[2];
        calendar.BusinessTimeBetween([MinSupported, MaxSupported], [MaxSupported, MinSupported], results);
        Assert.Equal([whole, -whole], results);
    }

    [Fact]
    public void BusinessTimeBetween_WholeSupportedRangeOnOffice_IsTheSumOfItsCenturies()
    {
        var calendar = Office();
        var total = calendar.BusinessTimeBetween(MinSupported, MaxSupported);
        var bySteps = Duration.Zero;
        for (var year = 1900; year < 2200; year += 100)
        {
            bySteps += calendar.BusinessTimeBetween(Instant.FromUtc(year, 1, 1, 0, 0), Instant.FromUtc(year + 100, 1, 1, 0, 0));
        }

        Assert.Equal(bySteps, total);
        Assert.True(total > Duration.Zero);
    }

    [Fact]
    public void Add_MoreThan292YearsOnAlwaysOpenCalendar_IsPlainArithmetic()
    {
        var calendar = AlwaysOpenUtc();
        var whole = MaxSupported - MinSupported;
        var longSpan = Duration.FromDays(295 * 365);
        Assert.Equal(MinSupported + longSpan, calendar.Add(MinSupported, longSpan));
        Assert.Equal(MaxSupported, calendar.Add(MinSupported, whole));
        Assert.Equal(MinSupported, calendar.Subtract(MaxSupported, whole));
        Assert.Equal(MaxSupported - longSpan, calendar.Subtract(MaxSupported, longSpan));

        var due = new Instant[1];
        calendar.Add([MinSupported], [whole], due);
        Assert.Equal(MaxSupported, due[0]);
        calendar.Subtract([MaxSupported], [whole], due);
        Assert.Equal(MinSupported, due[0]);
    }

    [Fact]
    public void Add_ResultPastEitherEnd_ThrowsArgumentOutOfRangeNamingTheAmount()
    {
        var calendar = AlwaysOpenUtc();
        var whole = MaxSupported - MinSupported;
        Assert.Equal("businessTime", Assert.Throws<ArgumentOutOfRangeException>(() => calendar.Add(MinSupported + Duration.Epsilon, whole)).ParamName);
        Assert.Equal("businessTime", Assert.Throws<ArgumentOutOfRangeException>(() => calendar.Subtract(MaxSupported - Duration.Epsilon, whole)).ParamName);
        Assert.Equal("businessTime", Assert.Throws<ArgumentOutOfRangeException>(() => calendar.Add(MinSupported, whole + Duration.Epsilon)).ParamName);
        Assert.Equal("businessTime", Assert.Throws<ArgumentOutOfRangeException>(() => calendar.Add(MinSupported, Duration.MaxValue)).ParamName);
    }

    [Fact]
    public void Queries_AtTheFirstAndLastSupportedInstants_Answer()
    {
        var calendar = AlwaysOpenUtc();
        Assert.True(calendar.IsOpen(MinSupported));
        Assert.True(calendar.IsOpen(MaxSupported));
        Assert.Equal(MaxSupported, calendar.NextOpening(MaxSupported));
        Assert.Equal(MaxSupported, calendar.Add(MaxSupported, Duration.Zero));
        Assert.Equal(MinSupported, calendar.Subtract(MinSupported, Duration.Zero));

        var office = Office();
        Assert.Equal(office.DayWalk.IsOpen(Ns(MinSupported)), office.IsOpen(MinSupported));
        Assert.Equal(office.DayWalk.IsOpen(Ns(MaxSupported)), office.IsOpen(MaxSupported));
        Assert.Equal(Duration.FromHours(8), office.BusinessTimeBetween(Local(1900, 1, 1, 9), Local(1900, 1, 1, 18)));
        Assert.Equal("instant", Assert.Throws<ArgumentOutOfRangeException>(() => office.NextOpening(MaxSupported)).ParamName);
    }
}
