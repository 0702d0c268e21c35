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
}
