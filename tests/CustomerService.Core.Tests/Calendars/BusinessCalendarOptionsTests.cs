using System.Text;
using CustomerService.Core.Calendars;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NodaTime;

namespace CustomerService.Core.Tests.Calendars;

public sealed class BusinessCalendarOptionsTests
{
    private const string ShanghaiJson = """
        {
          "Calendars": {
            "Shanghai": {
              "Name": "Shanghai help desk",
              "TimeZone": "Asia/Shanghai",
              "Weekdays": [ "09:00-12:00", "13:00-18:00" ],
              "Weekly": { "Saturday": [ "22:00-02:00+1" ] },
              "Holidays": [ "2025-10-01", "2025-10-02", "2025-10-03", "2025-10-06", "2025-10-07", "2025-10-08" ],
              "OpenDates": { "2025-10-11": [ "09:00-12:00", "13:00-18:00" ], "2025-09-30": [ "09:00-12:00" ] }
            }
          }
        }
        """;

    internal static IConfiguration Configuration(string json) =>
        new ConfigurationBuilder().AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(json))).Build();

    private static BusinessCalendarOptions Bind(string json, string name = "Shanghai")
    {
        var options = new BusinessCalendarOptions();
        Configuration(json).GetSection($"Calendars:{name}").Bind(options);
        return options;
    }

    [Fact]
    public void BuildCalendar_BoundFromJson_AnswersLikeTheBuilderCalendar()
    {
        var fromJson = Bind(ShanghaiJson).BuildCalendar();
        var zone = DateTimeZoneProviders.Tzdb["Asia/Shanghai"];
        var builder = BusinessCalendar.CreateBuilder("Shanghai help desk", zone)
            .OpenWeekdays(new LocalTime(9, 0), new LocalTime(12, 0))
            .OpenWeekdays(new LocalTime(13, 0), new LocalTime(18, 0))
            .Open(IsoDayOfWeek.Saturday, new LocalTime(22, 0), new LocalTime(2, 0))
            .OpenOn(new LocalDate(2025, 10, 11), new LocalTime(9, 0), new LocalTime(12, 0))
            .OpenOn(new LocalDate(2025, 10, 11), new LocalTime(13, 0), new LocalTime(18, 0))
            .OpenOn(new LocalDate(2025, 9, 30), new LocalTime(9, 0), new LocalTime(12, 0));
        foreach (var day in new[] { 1, 2, 3, 6, 7, 8 })
        {
            builder.Closed(new LocalDate(2025, 10, day));
        }

        var fromCode = builder.Build();
        Assert.Equal("Shanghai help desk", fromJson.Name);
        Assert.Same(zone, fromJson.Zone);
        for (var t = Instant.FromUtc(2025, 9, 25, 0, 0); t < Instant.FromUtc(2025, 10, 20, 0, 0); t += Duration.FromMinutes(97))
        {
            Assert.Equal(fromCode.IsOpen(t), fromJson.IsOpen(t));
            Assert.Equal(fromCode.Add(t, Duration.FromHours(5)), fromJson.Add(t, Duration.FromHours(5)));
            Assert.Equal(fromCode.BusinessTimeBetween(t, t + Duration.FromDays(3)), fromJson.BusinessTimeBetween(t, t + Duration.FromDays(3)));
        }
    }

    [Fact]
    public void BuildCalendar_InvalidOptions_ThrowsListingEveryKey()
    {
        var options = new BusinessCalendarOptions { Name = "Broken desk", TimeZone = "Asia/Shanghia" };
        options.Weekdays.Add("09:00-1200");
        options.Holidays.Add("2025-13-01");
        var exception = Assert.Throws<CalendarConfigurationException>(() => options.BuildCalendar());
        Assert.Equal("Broken desk", exception.CalendarName);
        Assert.Contains("TimeZone", exception.Message, StringComparison.Ordinal);
        Assert.Contains("Weekdays:0", exception.Message, StringComparison.Ordinal);
        Assert.Contains("Holidays:0", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ValidateOnStart_InvalidNamedOptions_FailsNamingTheKey()
    {
        const string json = """{ "Calendars": { "NewYork": { "Name": "NY nights", "TimeZone": "America/New_York", "Weekly": { "Friday": [ "22:00-06:00+1", "23:00-01:00+1" ] } } } }""";
        var services = new ServiceCollection();
        services.AddSingleton<IValidateOptions<BusinessCalendarOptions>, BusinessCalendarOptionsValidator>();
        services.AddOptions<BusinessCalendarOptions>("NewYork").Bind(Configuration(json).GetSection("Calendars:NewYork")).ValidateOnStart();
        using var provider = services.BuildServiceProvider();

        var exception = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptionsMonitor<BusinessCalendarOptions>>().Get("NewYork"));
        var failure = Assert.Single(exception.Failures);
        Assert.Contains("Weekly:Friday:1", failure, StringComparison.Ordinal);
        Assert.Contains("22:00-06:00", failure, StringComparison.Ordinal);
        Assert.Contains("23:00-01:00", failure, StringComparison.Ordinal);
        Assert.Contains("'NewYork'", failure, StringComparison.Ordinal);
    }
}
