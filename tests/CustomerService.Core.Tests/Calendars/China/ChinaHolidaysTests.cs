using CustomerService.Core.Calendars;
using CustomerService.Core.Calendars.China;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.Scripting;
using NodaTime;
using Interval = NodaTime.Interval;

namespace CustomerService.Core.Tests.Calendars.China;

/// <summary>The shipped mainland China schedules equal the State Council notices' table, with make-up days opt-in.</summary>
public sealed class ChinaHolidaysTests
{
    private static readonly (LocalTime Start, LocalTime End) Morning = (new LocalTime(9, 0), new LocalTime(12, 0));
    private static readonly (LocalTime Start, LocalTime End) Afternoon = (new LocalTime(13, 0), new LocalTime(18, 0));

    private static BusinessCalendarBuilder Desk() =>
        BusinessCalendar.CreateBuilder("Shanghai help desk", MainlandChinaHolidays.Shanghai)
            .OpenWeekdays(Morning.Start, Morning.End)
            .OpenWeekdays(Afternoon.Start, Afternoon.End);

    private static Interval AroundYear(int year) => new(Instant.FromUtc(year - 1, 12, 1, 0, 0), Instant.FromUtc(year + 1, 2, 1, 0, 0));

    [Fact]
    public void Years_AreTheShippedNotices()
    {
        Assert.Equal([2025, 2026], ChinaHolidays.Years);
        foreach (var year in ChinaHolidays.Years)
        {
            Assert.Contains($"Mainland China holidays {year}", ChinaHolidays.GetIcs(year), StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(2025)]
    [InlineData(2026)]
    public void WithMakeUpHours_TheYearEqualsTheNoticesTable(int year)
    {
        var shipped = Desk().AddMainlandChinaHolidays(year, Morning, Afternoon).Build();
        var table = MainlandChinaHolidays.BuildHelpDesk(years: [year]);
        Assert.Equal(table.OpenIntervals(AroundYear(year)), shipped.OpenIntervals(AroundYear(year)));
    }

    [Theory]
    [InlineData(2025)]
    [InlineData(2026)]
    public void WithoutMakeUpHours_MakeUpDaysStayClosed(int year)
    {
        var shipped = Desk().AddMainlandChinaHolidays(year).Build();
        var table = MainlandChinaHolidays.BuildHelpDesk(withMakeUpDays: false, years: [year]);
        Assert.Equal(table.OpenIntervals(AroundYear(year)), shipped.OpenIntervals(AroundYear(year)));
        Assert.All(MainlandChinaHolidays.MakeUpDays.Where(d => d.Year == year), d => Assert.False(shipped.IsBusinessDay(d)));
    }

    [Theory]
    [InlineData(2025, 18, 5)]
    [InlineData(2026, 19, 6)]
    public void BusinessDays_MatchTheNoticesCounts(int year, int weekdayHolidays, int makeUpDays)
    {
        // The counts stated beside the notices (cn-holidays.md): weekday holidays lost, make-up days gained.
        var (first, next) = (new LocalDate(year, 1, 1), new LocalDate(year + 1, 1, 1));
        var weekly = Desk().Build();
        var withMakeUp = Desk().AddMainlandChinaHolidays(year, Morning, Afternoon).Build();
        var holidaysOnly = Desk().AddMainlandChinaHolidays(year).Build();
        var weekdays = weekly.BusinessDaysBetween(first, next);
        Assert.Equal(weekdays - weekdayHolidays, holidaysOnly.BusinessDaysBetween(first, next));
        Assert.Equal(weekdays - weekdayHolidays + makeUpDays, withMakeUp.BusinessDaysBetween(first, next));
    }

    [Fact]
    public void UnshippedYear_IsRejectedNamingTheShippedYears_AndTheBuilderIsUnchanged()
    {
        var builder = Desk();
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => builder.AddMainlandChinaHolidays(2027, Morning));
        Assert.Equal("year", error.ParamName);
        Assert.Contains("2025, 2026", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => ChinaHolidays.GetIcs(1999));
        Assert.Throws<ArgumentNullException>(() => ChinaHolidays.AddMainlandChinaHolidays(null!, 2026));
        var all = AroundYear(2027);
        Assert.Equal(Desk().Build().OpenIntervals(all), builder.Build().OpenIntervals(all));
    }

    [Fact]
    public void OverlappingMakeUpHours_AreRejected()
    {
        Assert.Throws<ArgumentException>(() => Desk().AddMainlandChinaHolidays(2026, (new LocalTime(9, 0), new LocalTime(13, 0)), (new LocalTime(12, 0), new LocalTime(18, 0))));
    }

    [Fact]
    public async Task PackageReadmeSnippet_RunsAsWritten_AndBuildsTheTableDesk()
    {
        var snippet = RepositoryFiles.CodeBlocks(RepositoryFiles.Read("src", "CustomerService.Core.Calendars.China", "README.md"), "csharp").Single();
        var options = ScriptOptions.Default
            .AddReferences(typeof(BusinessCalendar).Assembly, typeof(ChinaHolidays).Assembly, typeof(Instant).Assembly)
            .AddImports("System", "NodaTime", "CustomerService.Core.Calendars", "CustomerService.Core.Calendars.China");
        var state = await CSharpScript.RunAsync(snippet, options);
        var desk = (BusinessCalendar)state.GetVariable("desk").Value;
        var all = new Interval(Instant.FromUtc(2024, 12, 1, 0, 0), Instant.FromUtc(2027, 2, 1, 0, 0));
        Assert.Equal(MainlandChinaHolidays.BuildHelpDesk(years: [2025, 2026]).OpenIntervals(all), desk.OpenIntervals(all));
    }

    [Fact]
    public async Task CalendarsPageSnippet_RunsAsWritten_WithMakeUpDaysOptIn()
    {
        var snippet = RepositoryFiles.CodeBlocks(RepositoryFiles.Read("docs", "calendars.md"), "csharp").Single(c => c.Contains(".AddMainlandChinaHolidays(", StringComparison.Ordinal));
        var options = ScriptOptions.Default
            .AddReferences(typeof(BusinessCalendar).Assembly, typeof(ChinaHolidays).Assembly, typeof(Instant).Assembly)
            .AddImports("System", "NodaTime", "CustomerService.Core.Calendars", "CustomerService.Core.Calendars.China");
        var state = await CSharpScript.RunAsync(snippet, options);
        var desk = (BusinessCalendar)state.GetVariable("desk").Value;
        var withMakeUpDays = (BusinessCalendar)state.GetVariable("withMakeUpDays").Value;
        foreach (var date in MainlandChinaHolidays.MakeUpDays.Where(d => d.Year == 2026))
        {
            Assert.False(desk.IsBusinessDay(date));
            Assert.True(withMakeUpDays.IsBusinessDay(date));
        }

        Assert.All(MainlandChinaHolidays.DaysOff.Where(d => d.Year == 2026), d => Assert.False(withMakeUpDays.IsBusinessDay(d)));
    }
}
