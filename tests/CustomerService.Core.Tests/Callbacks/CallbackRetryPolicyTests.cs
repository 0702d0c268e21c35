using CustomerService.Core.Calendars;
using CustomerService.Core.Callbacks;
using NodaTime;

namespace CustomerService.Core.Tests.Callbacks;

public sealed class CallbackRetryPolicyTests
{
    private static readonly DateTimeZone Shanghai = CallbackArbitraries.Shanghai;

    private static Instant At(int day, int hour, int minute = 0) => new LocalDateTime(2026, 3, day, hour, minute).InZoneStrictly(Shanghai).ToInstant();

    [Fact]
    public void NextAttemptAt_MoreAttemptsThanIntervals_RepeatsTheLastInterval()
    {
        var policy = new CallbackRetryPolicy(5, [Duration.FromMinutes(10), Duration.FromHours(1)], CallbackRetryPolicy.Anytime);
        Assert.Equal(At(2, 10, 10), policy.NextAttemptAt(At(2, 10), 1, Shanghai));
        Assert.Equal(At(2, 11), policy.NextAttemptAt(At(2, 10), 2, Shanghai));
        Assert.Equal(At(2, 11), policy.NextAttemptAt(At(2, 10), 4, Shanghai));
    }

    [Theory]
    [InlineData(2, 7, 59, 2, 8, 0)]
    [InlineData(2, 8, 0, 2, 8, 0)]
    [InlineData(2, 20, 59, 2, 20, 59)]
    [InlineData(2, 21, 0, 3, 8, 0)]
    [InlineData(2, 23, 30, 3, 8, 0)]
    public void DailyLocalHours_Candidate_MovesIntoTheWindow(int day, int hour, int minute, int expectedDay, int expectedHour, int expectedMinute)
    {
        var window = CallbackRetryPolicy.DailyLocalHours(new LocalTime(8, 0), new LocalTime(21, 0));
        Assert.Equal(At(expectedDay, expectedHour, expectedMinute), window(At(day, hour, minute), Shanghai));
    }

    [Fact]
    public void DailyLocalHours_ContactInAnotherZone_UsesTheContactsLocalHours()
    {
        var window = CallbackRetryPolicy.DailyLocalHours(new LocalTime(8, 0), new LocalTime(21, 0));
        var london = DateTimeZoneProviders.Tzdb["Europe/London"];
        var candidate = At(2, 10); // 02:00 in London
        Assert.Equal(new LocalDateTime(2026, 3, 2, 8, 0), window(candidate, london).InZone(london).LocalDateTime);
    }

    [Fact]
    public void BusinessCalendarWindow_HolidayNextDay_SkipsToTheNextOpening()
    {
        var calendar = BusinessCalendar.CreateBuilder("callable-hours", Shanghai)
            .Open(IsoDayOfWeek.Monday, new LocalTime(8, 0), new LocalTime(21, 0))
            .Open(IsoDayOfWeek.Tuesday, new LocalTime(8, 0), new LocalTime(21, 0))
            .Open(IsoDayOfWeek.Wednesday, new LocalTime(8, 0), new LocalTime(21, 0))
            .Closed(new LocalDate(2026, 3, 3))
            .Build();
        var policy = new CallbackRetryPolicy(3, [Duration.FromHours(2)], CallbackRetryPolicy.BusinessCalendarWindow(calendar));

        Assert.Equal(At(2, 12), policy.NextAttemptAt(At(2, 10), 1, Shanghai));
        Assert.Equal(At(4, 8), policy.NextAttemptAt(At(2, 20), 1, Shanghai));
    }

    [Fact]
    public void BusinessCalendarWindow_PerZoneSelector_AsksForTheContactsZone()
    {
        var asked = new List<string>();
        var calendar = BusinessCalendar.CreateBuilder("always", DateTimeZone.Utc).OpenWeekdays(new LocalTime(0, 0), new LocalTime(0, 0)).Build();
        var window = CallbackRetryPolicy.BusinessCalendarWindow(zone =>
        {
            asked.Add(zone.Id);
            return calendar;
        });
        Assert.Equal(At(2, 10), window(At(2, 10), Shanghai));
        Assert.Equal(["Asia/Shanghai"], asked);
    }

    [Fact]
    public void Constructor_InvalidSettings_ThrowsNamingTheParameter()
    {
        Assert.Equal("maxAttempts", Assert.Throws<ArgumentOutOfRangeException>(() => new CallbackRetryPolicy(0, [Duration.FromHours(1)], CallbackRetryPolicy.Anytime)).ParamName);
        Assert.Equal("retryIntervals", Assert.Throws<ArgumentException>(() => new CallbackRetryPolicy(1, [], CallbackRetryPolicy.Anytime)).ParamName);
        Assert.Equal("retryIntervals", Assert.Throws<ArgumentException>(() => new CallbackRetryPolicy(1, [Duration.Zero], CallbackRetryPolicy.Anytime)).ParamName);
        Assert.Equal("closes", Assert.Throws<ArgumentException>(() => CallbackRetryPolicy.DailyLocalHours(new LocalTime(21, 0), new LocalTime(8, 0))).ParamName);
    }
}
