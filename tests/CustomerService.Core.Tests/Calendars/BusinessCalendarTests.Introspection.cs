using System.Text.Json;
using CustomerService.Core.Calendars;
using FsCheck.Xunit;
using NodaTime;

namespace CustomerService.Core.Tests.Calendars;

/// <summary>Why closed, and the calendar → options → calendar round trip (issue 22).</summary>
public sealed partial class BusinessCalendarTests
{
    private static string Json(BusinessCalendarOptions options) => JsonSerializer.Serialize(options);

    [Property(Arbitrary = [typeof(CalendarArbitraries)], MaxTest = 100)]
    public void ToOptions_BuildsTheSameCalendar_Meets_Specification(CalendarSpec spec, InstantPair pair)
    {
        var calendar = spec.Calendar;
        var options = calendar.ToOptions();
        var rebuilt = options.BuildCalendar();
        Assert.Equal(Json(options), Json(rebuilt.ToOptions()));
        Assert.Equal(calendar.Zone, rebuilt.Zone);
        Assert.Equal(calendar.IsOpen(pair.A), rebuilt.IsOpen(pair.A));
        var (a, b) = pair.A <= pair.B ? (pair.A, pair.B) : (pair.B, pair.A);
        Assert.Equal(calendar.OpenIntervals(new Interval(a, b)), rebuilt.OpenIntervals(new Interval(a, b)));
        Assert.Equal(calendar.WhyClosed(pair.B), rebuilt.WhyClosed(pair.B));
    }

    [Property(Arbitrary = [typeof(CalendarArbitraries)], MaxTest = 300)]
    public void WhyClosed_ExplainsEveryClosedInstant_Meets_Specification(CalendarSpec spec, Instant t)
    {
        var calendar = spec.Calendar;
        var reason = calendar.WhyClosed(t);
        Assert.Equal(calendar.IsOpen(t), reason == ClosedReason.None);
        var options = calendar.ToOptions();
        var local = t.InZone(calendar.Zone).LocalDateTime;
        var dates = new[] { LocalRange.FormatDate(local.Date), LocalRange.FormatDate(local.Date.PlusDays(-1)) };

        // Each reason is the configuration's: take its cause away and the calendar is open (or, outside weekly hours, the weekly schedule alone is closed).
        switch (reason)
        {
            case ClosedReason.Break:
                options.Breaks.Clear();
                Assert.True(options.BuildCalendar().IsOpen(t));
                break;
            case ClosedReason.Holiday:
                Assert.Contains(options.Holidays, dates.Contains);
                break;
            case ClosedReason.DateOverride:
                Assert.Contains(options.OpenDates.Keys, dates.Contains);
                break;
        }

        if (reason is ClosedReason.DateOverride or ClosedReason.OutsideWeeklyHours)
        {
            // The weekly schedule alone (no overrides, no breaks) is open then exactly when a date override explains the closing.
            options.Breaks.Clear();
            options.Holidays.Clear();
            options.OpenDates.Clear();
            Assert.Equal(reason == ClosedReason.DateOverride, options.BuildCalendar().IsOpen(t));
        }
    }

    [Fact]
    public void WhyClosed_ShanghaiDesk_NamesEachReason()
    {
        var desk = BusinessCalendar.CreateBuilder("Shanghai help desk", Shanghai)
            .OpenWeekdays(new LocalTime(9, 0), new LocalTime(18, 0))
            .BreakWeekdays(new LocalTime(12, 0), new LocalTime(13, 0))
            .Closed(new LocalDate(2025, 10, 1))
            .OpenOn(new LocalDate(2025, 12, 31), new LocalTime(9, 0), new LocalTime(12, 0))
            .Build();
        Assert.Equal(ClosedReason.None, desk.WhyClosed(Local(2025, 9, 30, 10)));
        Assert.Equal(ClosedReason.Break, desk.WhyClosed(Local(2025, 9, 30, 12, 30)));
        Assert.Equal(ClosedReason.OutsideWeeklyHours, desk.WhyClosed(Local(2025, 9, 30, 19)));
        Assert.Equal(ClosedReason.Holiday, desk.WhyClosed(Local(2025, 10, 1, 10)));
        Assert.Equal(ClosedReason.DateOverride, desk.WhyClosed(Local(2025, 12, 31, 15)));
        Assert.Equal(ClosedReason.OutsideWeeklyHours, desk.WhyClosed(Local(2025, 10, 4, 10)));
        Assert.Equal("instant", Assert.Throws<ArgumentOutOfRangeException>(() => desk.WhyClosed(BusinessCalendar.MaxSupportedInstant + Duration.Epsilon)).ParamName);
    }

    [Fact]
    public void ToOptions_ShanghaiDesk_ListsTheConfigurationAsTheOptionsReadIt()
    {
        var desk = BusinessCalendar.CreateBuilder("Shanghai help desk", Shanghai)
            .OpenWeekdays(new LocalTime(9, 0), new LocalTime(18, 0))
            .BreakWeekdays(new LocalTime(12, 0), new LocalTime(13, 0))
            .Open(IsoDayOfWeek.Saturday, new LocalTime(22, 0), new LocalTime(6, 0))
            .Open(IsoDayOfWeek.Sunday, new LocalTime(20, 0), LocalTime.Midnight)
            .Closed(new LocalDate(2025, 10, 1))
            .OpenOn(new LocalDate(2025, 10, 11), new LocalTime(9, 0), new LocalTime(12, 0))
            .BreakOn(new LocalDate(2025, 10, 11), new LocalTime(10, 0), new LocalTime(10, 15, 30))
            .WithDatePrecedence(DatePrecedence.HolidayWins)
            .Build();
        var options = desk.ToOptions();
        Assert.Equal("Asia/Shanghai", options.TimeZone);
        Assert.Equal(["09:00-18:00"], options.Weekly["Monday"]);
        Assert.Equal(["22:00-06:00+1"], options.Weekly["Saturday"]);
        Assert.Equal(["20:00-24:00"], options.Weekly["Sunday"]);
        Assert.Equal(["12:00-13:00"], options.Breaks["Friday"]);
        Assert.Equal(["10:00-10:15:30"], options.Breaks["2025-10-11"]);
        Assert.Equal(["2025-10-01"], options.Holidays);
        Assert.Equal(["09:00-12:00"], options.OpenDates["2025-10-11"]);
        Assert.Equal(DatePrecedence.HolidayWins, options.DatePrecedence);
        Assert.Equal(Json(options), Json(options.BuildCalendar().ToOptions()));
    }
}
