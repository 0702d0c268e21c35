using CustomerService.Core.Calendars;
using NodaTime;

namespace CustomerService.Core.Tests.Calendars;

public sealed class BusinessCalendarOptionsValidatorTests
{
    private static BusinessCalendarOptions Valid()
    {
        var options = new BusinessCalendarOptions { Name = "Desk", TimeZone = "Europe/Berlin" };
        options.Weekdays.Add("09:00-17:00");
        return options;
    }

    private static IReadOnlyList<string> Errors(BusinessCalendarOptions options)
    {
        var result = new BusinessCalendarOptionsValidator().Validate(null, options);
        return result.Failed ? [.. result.Failures!] : [];
    }

    [Fact]
    public void Validate_ValidOptions_Succeeds()
    {
        var options = Valid();
        options.Weekly["saturday"] = ["10:00-14:00", "22:00-24:00"];
        options.Holidays.Add("2025-12-25");
        options.OpenDates["2025-12-24"] = ["09:00-12:00"];
        Assert.True(new BusinessCalendarOptionsValidator().Validate(null, options).Succeeded);
    }

    [Fact]
    public void Validate_UnknownTimeZone_NamesTheKeyAndId()
    {
        var options = Valid();
        options.TimeZone = "Europe/Berlim";
        var error = Assert.Single(Errors(options));
        Assert.StartsWith("TimeZone:", error, StringComparison.Ordinal);
        Assert.Contains("Europe/Berlim", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_MissingNameAndZone_ReportsBoth()
    {
        var errors = Errors(new BusinessCalendarOptions());
        Assert.Equal(2, errors.Count);
        Assert.Contains(errors, e => e.StartsWith("Name:", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("TimeZone:", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("9-12")]
    [InlineData("09:00")]
    [InlineData("09:00-12:00-13:00")]
    [InlineData("25:00-26:00")]
    [InlineData("")]
    public void Validate_MalformedRange_NamesTheKey(string range)
    {
        var options = Valid();
        options.Weekly["Monday"] = ["07:00-08:00", range];
        var error = Assert.Single(Errors(options));
        Assert.StartsWith("Weekly:Monday:1:", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_OverlappingRanges_NamesTheDayAndBothRanges()
    {
        var options = Valid();
        options.Weekly["Wednesday"] = ["16:00-18:00"];
        var error = Assert.Single(Errors(options));
        Assert.Contains("Weekly:Wednesday:0", error, StringComparison.Ordinal);
        Assert.Contains("Wednesday", error, StringComparison.Ordinal);
        Assert.Contains("16:00-18:00", error, StringComparison.Ordinal);
        Assert.Contains("09:00-17:00", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_UnknownDayAndBadDates_ReportsEveryErrorAtOnce()
    {
        var options = Valid();
        options.Weekly["Mondy"] = ["09:00-10:00"];
        options.Weekly["8"] = ["09:00-10:00"];
        options.Weekly["Monday,Tuesday"] = ["09:00-10:00"];
        options.Holidays.Add("2025-02-30");
        options.OpenDates["tomorrow"] = ["09:00-10:00"];
        options.Holidays.Add("2025-10-01");
        options.OpenDates["2025-10-01"] = ["09:00-10:00"];
        var errors = Errors(options);
        Assert.Equal(5, errors.Count);
        Assert.Contains(errors, e => e.StartsWith("Weekly:Monday,Tuesday:", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Weekly:Mondy:", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Weekly:8:", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Holidays:0:", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("OpenDates:tomorrow:", StringComparison.Ordinal));
        Assert.DoesNotContain(errors, e => e.StartsWith("OpenDates:2025-10-01:", StringComparison.Ordinal)); // settled by DatePrecedence (issue 22)
    }

    [Fact]
    public void Validate_NamedInstance_PrefixesTheName()
    {
        var options = Valid();
        options.TimeZone = "Nowhere/Special";
        var result = new BusinessCalendarOptionsValidator(DateTimeZoneProviders.Tzdb).Validate("Berlin", options);
        Assert.StartsWith("BusinessCalendarOptions 'Berlin': TimeZone:", Assert.Single(result.Failures!), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_NullListsAndEntries_NameTheirKeysInsteadOfThrowing()
    {
        var options = Valid();
        options.Weekly["Monday"] = null!;
        options.OpenDates["2025-10-11"] = null!;
        options.Holidays.Add(null!);
        options.Weekdays.Add(null!);

        var errors = Errors(options);

        Assert.Contains(errors, e => e.StartsWith("Weekly:Monday:", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("OpenDates:2025-10-11:", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Holidays:0:", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Weekdays:1:", StringComparison.Ordinal));
        Assert.Throws<CalendarConfigurationException>(options.BuildCalendar);
    }
}
