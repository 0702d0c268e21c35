using CustomerService.Core.Calendars;
using FsCheck.Xunit;
using NodaTime;

namespace CustomerService.Core.Tests.Calendars;

/// <summary>Breaks, a holiday and an opening on one date, and 24:00 (issue 22).</summary>
public sealed partial class BusinessCalendarTests
{
    [Property(Arbitrary = [typeof(CalendarArbitraries)], MaxTest = 300)]
    public void Breaks_AndDatePrecedence_AgreeWithTheConfiguration_Meets_Specification(CalendarSpec spec, Instant t)
    {
        var calendar = spec.Calendar;
        Assert.Equal(spec.ContainsBySpec(t), calendar.IsOpen(t));
        Assert.Equal(spec.ContainsBySpec(t), OpenSet.ContainsByDefinition(calendar.Schedule, calendar.Zone, t));
    }

    private static BusinessCalendarBuilder OfficeHours(string name = "Office with lunch") =>
        BusinessCalendar.CreateBuilder(name, Shanghai).OpenWeekdays(new LocalTime(9, 0), new LocalTime(18, 0));

    [Fact]
    public void BreakWeekdays_LunchBreak_CutsTheRangeLikeTwoRanges()
    {
        var withBreak = OfficeHours().BreakWeekdays(new LocalTime(12, 0), new LocalTime(13, 0)).Build();
        var twoRanges = Office();
        var monday = Local(2025, 3, 3, 0);
        Assert.Equal(twoRanges.OpenIntervals(new Interval(monday, monday + Duration.FromDays(14))), withBreak.OpenIntervals(new Interval(monday, monday + Duration.FromDays(14))));
        Assert.Equal(Local(2025, 3, 3, 15), withBreak.Add(Local(2025, 3, 3, 10), Duration.FromHours(4)));
        Assert.Equal(Local(2025, 3, 3, 12), withBreak.NextClosing(Local(2025, 3, 3, 10)));
    }

    [Fact]
    public void Break_OutsideOpenHoursOrOnAClosedDate_IsHarmless()
    {
        var holiday = new LocalDate(2025, 10, 1);
        var calendar = OfficeHours()
            .BreakWeekdays(new LocalTime(19, 0), new LocalTime(20, 0))
            .Break(IsoDayOfWeek.Sunday, new LocalTime(12, 0), new LocalTime(13, 0))
            .Closed(holiday)
            .BreakOn(holiday, new LocalTime(10, 0), new LocalTime(11, 0))
            .Build();
        var plain = OfficeHours().Closed(holiday).Build();
        var from = Local(2025, 9, 1, 0);
        var window = new Interval(from, from + Duration.FromDays(60));
        Assert.Equal(plain.OpenIntervals(window), calendar.OpenIntervals(window));
    }

    [Fact]
    public void Break_OnANightShift_CutsTheNextMorningAndBreakOnCutsOneDate()
    {
        var calendar = BusinessCalendar.CreateBuilder("Nights", DateTimeZone.Utc)
            .Open(IsoDayOfWeek.Monday, new LocalTime(22, 0), new LocalTime(6, 0))
            .Break(IsoDayOfWeek.Monday, new LocalTime(2, 0), new LocalTime(3, 0))
            .OpenWeekdays(new LocalTime(9, 0), new LocalTime(17, 0))
            .BreakOn(new LocalDate(2025, 3, 5), new LocalTime(16, 0), LocalTime.Midnight)
            .Build();
        Assert.Equal(
            [
                new Interval(Instant.FromUtc(2025, 3, 3, 9, 0), Instant.FromUtc(2025, 3, 3, 17, 0)),
                new Interval(Instant.FromUtc(2025, 3, 3, 22, 0), Instant.FromUtc(2025, 3, 4, 2, 0)),
                new Interval(Instant.FromUtc(2025, 3, 4, 3, 0), Instant.FromUtc(2025, 3, 4, 6, 0)),
                new Interval(Instant.FromUtc(2025, 3, 4, 9, 0), Instant.FromUtc(2025, 3, 4, 17, 0)),
                new Interval(Instant.FromUtc(2025, 3, 5, 9, 0), Instant.FromUtc(2025, 3, 5, 16, 0)),
            ],
            calendar.OpenIntervals(new Interval(Instant.FromUtc(2025, 3, 3, 0, 0), Instant.FromUtc(2025, 3, 6, 0, 0))));
    }

    [Fact]
    public void DatePrecedence_HolidayAndOpeningOnOneDate_FollowTheCalendarsRuleInEitherOrder()
    {
        var date = new LocalDate(2025, 10, 1);
        BusinessCalendar Build(DatePrecedence? precedence, bool closeFirst)
        {
            var builder = OfficeHours();
            if (precedence is { } p)
            {
                builder.WithDatePrecedence(p);
            }

            if (closeFirst)
            {
                builder.Closed(date).Closed(date);
            }

            builder.OpenOn(date, new LocalTime(10, 0), new LocalTime(14, 0));
            return (closeFirst ? builder : builder.Closed(date).Closed(date)).Build();
        }

        var ten = Local(2025, 10, 1, 11);
        foreach (var closeFirst in new[] { true, false })
        {
            Assert.True(Build(null, closeFirst).IsOpen(ten));
            Assert.True(Build(DatePrecedence.OpeningWins, closeFirst).IsOpen(ten));
            Assert.False(Build(DatePrecedence.HolidayWins, closeFirst).IsOpen(ten));
            Assert.False(Build(DatePrecedence.HolidayWins, closeFirst).IsBusinessDay(date));
            Assert.Equal(Duration.FromHours(4), Build(DatePrecedence.OpeningWins, closeFirst).OpenIntervals(date).Single().Duration);
        }
    }

    [Fact]
    public void Closed_Twice_IsTheSameAsOnce()
    {
        var date = new LocalDate(2025, 10, 1);
        var once = OfficeHours().Closed(date).Build();
        var twice = OfficeHours().Closed(date).Closed(date).Build();
        var window = new Interval(Local(2025, 9, 29, 0), Local(2025, 10, 6, 0));
        Assert.Equal(once.OpenIntervals(window), twice.OpenIntervals(window));
        Assert.False(twice.IsBusinessDay(date));
    }

    [Fact]
    public void RangeEnd_Midnight_Is2400InTheBuilderAndInConfiguration()
    {
        var built = BusinessCalendar.CreateBuilder("Evenings", DateTimeZone.Utc).Open(IsoDayOfWeek.Monday, new LocalTime(18, 0), LocalTime.Midnight).Build();
        var options = new BusinessCalendarOptions { Name = "Evenings", TimeZone = "UTC" };
        options.Weekly["Monday"] = ["18:00-24:00"];
        options.Breaks["Monday"] = ["23:00-24:00"];
        var configured = options.BuildCalendar();
        var monday = new LocalDate(2025, 3, 3);
        Assert.Equal([new Interval(Instant.FromUtc(2025, 3, 3, 18, 0), Instant.FromUtc(2025, 3, 4, 0, 0))], built.OpenIntervals(monday));
        Assert.Equal([new Interval(Instant.FromUtc(2025, 3, 3, 18, 0), Instant.FromUtc(2025, 3, 3, 23, 0))], configured.OpenIntervals(monday));
    }

    [Fact]
    public void Breaks_BadInput_ThrowTypedErrorsNamingTheValue()
    {
        var builder = OfficeHours();
        var whole = Assert.Throws<ArgumentOutOfRangeException>(() => builder.BreakWeekdays(new LocalTime(12, 0), new LocalTime(12, 0)));
        Assert.Equal("end", whole.ParamName);
        Assert.Equal(new LocalTime(12, 0), whole.ActualValue);
        Assert.Contains("12:00-12:00", whole.Message, StringComparison.Ordinal);
        Assert.Equal("end", Assert.Throws<ArgumentOutOfRangeException>(() => builder.BreakOn(new LocalDate(2025, 1, 1), LocalTime.Midnight, LocalTime.Midnight)).ParamName);
        Assert.Equal("day", Assert.Throws<ArgumentOutOfRangeException>(() => builder.Break(IsoDayOfWeek.None, new LocalTime(12, 0), new LocalTime(13, 0))).ParamName);
        Assert.Equal("precedence", Assert.Throws<ArgumentOutOfRangeException>(() => builder.WithDatePrecedence((DatePrecedence)7)).ParamName);
        // Zero is no precedence (finding 8: a missing value never reads as a business value).
        Assert.Equal("precedence", Assert.Throws<ArgumentOutOfRangeException>(() => builder.WithDatePrecedence(default)).ParamName);
        Assert.Equal(DatePrecedence.OpeningWins, new BusinessCalendarOptions().DatePrecedence);

        // Nothing changed: the builder still builds the plain office.
        var window = new Interval(Local(2025, 3, 3, 0), Local(2025, 3, 10, 0));
        Assert.Equal(OfficeHours().Build().OpenIntervals(window), builder.Build().OpenIntervals(window));
        Assert.Throws<InvalidOperationException>(() => builder.BreakWeekdays(new LocalTime(12, 0), new LocalTime(13, 0)));

        var options = new BusinessCalendarOptions { Name = "Bad breaks", TimeZone = "Asia/Shanghai", DatePrecedence = (DatePrecedence)5 };
        options.Weekdays.Add("09:00-18:00");
        options.Breaks["Weekdays"] = ["12:00-12:00+1", "09:00-10:00+1", "12:00-13:00"];
        options.Breaks["Funday"] = ["12:00-13:00"];
        options.Breaks["2025-10-01"] = null!;
        var error = Assert.Throws<CalendarConfigurationException>(() => options.BuildCalendar());
        Assert.Contains("Breaks:Weekdays:0: the break '12:00-12:00+1' would last the whole day", error.Message, StringComparison.Ordinal);
        Assert.Contains("Breaks:Weekdays:1:", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Breaks:Weekdays:2", error.Message, StringComparison.Ordinal);
        Assert.Contains("Breaks:Funday: 'Funday' is neither", error.Message, StringComparison.Ordinal);
        Assert.Contains("Breaks:2025-10-01: the key needs a list", error.Message, StringComparison.Ordinal);
        Assert.Contains("DatePrecedence: '5'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_HolidayAlsoInOpenDates_FollowsDatePrecedence()
    {
        BusinessCalendar Build(DatePrecedence precedence)
        {
            var options = new BusinessCalendarOptions { Name = "Merged lists", TimeZone = "Asia/Shanghai", DatePrecedence = precedence };
            options.Weekdays.Add("09:00-18:00");
            options.Breaks["Weekdays"] = ["12:00-13:00"];
            options.Holidays.Add("2025-10-01");
            options.OpenDates["2025-10-01"] = ["10:00-14:00"];
            return options.BuildCalendar();
        }

        Assert.True(Build(DatePrecedence.OpeningWins).IsOpen(Local(2025, 10, 1, 12, 30)));
        Assert.False(Build(DatePrecedence.HolidayWins).IsBusinessDay(new LocalDate(2025, 10, 1)));
        Assert.False(Build(DatePrecedence.OpeningWins).IsOpen(Local(2025, 10, 2, 12, 30)));
    }
}

/// <summary>The C# example of docs/calendars.md "Breaks", as written there.</summary>
public sealed class CalendarBreaksDocumentationTests
{
    [Fact]
    public void BreaksExample_OfCalendarsMd_AnswersAsTheDocsSay()
    {
        var shanghai = DateTimeZoneProviders.Tzdb["Asia/Shanghai"];
        var desk = BusinessCalendar.CreateBuilder("Shanghai help desk", shanghai)
            .OpenWeekdays(new LocalTime(9, 0), new LocalTime(18, 0))
            .BreakWeekdays(new LocalTime(12, 0), new LocalTime(13, 0))          // every Monday–Friday
            .Break(IsoDayOfWeek.Saturday, new LocalTime(12, 0), new LocalTime(12, 30))
            .BreakOn(new LocalDate(2025, 12, 24), new LocalTime(15, 0), LocalTime.Midnight)   // one date, 15:00–24:00
            .Build();
        Instant At(int month, int day, int hour) => new LocalDateTime(2025, month, day, hour, 0).InZoneStrictly(shanghai).ToInstant();

        Assert.Equal(At(3, 3, 15), desk.Add(At(3, 3, 10), Duration.FromHours(4)));
        Assert.Equal(At(3, 3, 12), desk.NextClosing(At(3, 3, 10)));
        Assert.Equal(At(12, 24, 15), desk.NextClosing(At(12, 24, 14)));
        Assert.Equal(ClosedReason.Break, desk.WhyClosed(At(12, 24, 16)));
        Assert.Equal(ClosedReason.OutsideWeeklyHours, desk.WhyClosed(At(3, 8, 12)));
        var options = desk.ToOptions();
        Assert.Equal(["12:00-12:30"], options.Breaks["Saturday"]);
        Assert.Equal(["15:00-24:00"], options.Breaks["2025-12-24"]);
    }
}
