using CustomerService.Core.Callbacks;
using CustomerService.Core.DependencyInjection;
using CustomerService.Core.Hosting;
using CustomerService.Core.Kpis;
using CustomerService.Core.Leads.Studio;
using CustomerService.Core.PostgreSql;
using CustomerService.Core.Sla;
using CustomerService.Core.Sqlite;
using CustomerService.Core.Tickets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using NodaTime;

namespace CustomerService.Core.Tests.Hosting;

public sealed class CustomerServiceCoreHostingExtensionsTests
{
    /// <summary>Every kind of bad setting at once: each must be reported, with its full key, in the one start-up message.</summary>
    private const string BadJson = """
        {
          "CustomerServiceCore": {
            "SlaPolicy": { },
            "Tickets": { "ReopenWindow": "7 days", "AutoClose": "3d" },
            "Callbacks": { "RetryIntervals": [ "30m", "soon" ], "ContactWindowOpens": "8am" },
            "DueWork": "5m",
            "Calendars": { "Desk": { "TimeZone": "Asia/Shanghai", "Weekdays": [ "13:00-08:00", "09:00-18:00+1" ], "Weekly": { "Satruday": [ "10:00-14:00" ] } } },
            "SlaPolicies": { "Standard": { "Calendar": "Desk", "Metrics": {
              "FirstResponse": { "Targets": { "Urgnet": "1h", "Default": "1d" } },
              "Resolution": { "Basis": "BusinesTime", "Targets": { "Default": "24h" } } } } },
            "Sla": { "TicketPolicy": "Standard", "TicketPolicies": { "Hihg": "Standard" } },
            "Studio": { "Playbook": { "Channel": "Fax" } },
            "Sqlite": { "ConnectionString": "Data Source=desk.db", "BusyTimout": "10s" },
            "HostedDueWork": { "BatchSize": 0, "SafetyPollInterval": "forever" }
          }
        }
        """;

    private static readonly string[] BadKeys =
    [
        "CustomerServiceCore:SlaPolicy: unknown key; did you mean 'SlaPolicies'?",
        "CustomerServiceCore:Tickets:ReopenWindow: '7 days' is not a duration",
        "CustomerServiceCore:Tickets:AutoClose: unknown key; did you mean 'AutoCloseAfter'?",
        "CustomerServiceCore:Callbacks:RetryIntervals:1: 'soon' is not a duration",
        "CustomerServiceCore:Callbacks:ContactWindowOpens: '8am' is not a time of day",
        "CustomerServiceCore:DueWork: is a section of settings, not a value",
        "CustomerServiceCore:Calendars:Desk:Weekdays:0: '13:00-08:00' ends before it starts",
        "CustomerServiceCore:Calendars:Desk:Weekdays:1: '09:00-18:00+1' has the next-day marker",
        "CustomerServiceCore:Calendars:Desk:Weekly:Satruday: 'Satruday' is not a day of the week; use Monday to Sunday; did you mean 'Saturday'?",
        "CustomerServiceCore:SlaPolicies:Standard:Metrics:FirstResponse:Targets:Urgnet: 'Urgnet' is not a ticket priority or Default; did you mean 'Urgent'?",
        "CustomerServiceCore:SlaPolicies:Standard:Metrics:FirstResponse:Targets:Default: '1d' counts days",
        "CustomerServiceCore:SlaPolicies:Standard:Metrics:Resolution:Basis: 'BusinesTime' is not a time basis",
        "CustomerServiceCore:Sla:TicketPolicies:Hihg: is not a ticket priority",
        "CustomerServiceCore:Studio:Playbook:Channel: 'Fax' is not one of",
        "CustomerServiceCore:Sqlite:BusyTimout: unknown key; did you mean 'BusyTimeout'?",
        "CustomerServiceCore:HostedDueWork:SafetyPollInterval: 'forever' is not a duration",
        "CustomerServiceCore:HostedDueWork:BatchSize: must be 1 to 10000",
    ];

    [Fact]
    public async Task AddCustomerServiceCore_EveryKindOfBadSetting_FailsStartUpWithOneMessageListingEachKey()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddJsonStreamText(BadJson);
        builder.Services.AddCustomerServiceCore(builder.Configuration).AddSqliteStorage(_ => { }).AddHostedDueWork().AddStudioDesk();
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.All(BadKeys, key => Assert.Contains(key, error.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void ValidateCustomerServiceCoreOptions_WithoutGenericHost_ReportsTheSameProblemsInOneException()
    {
        var services = new ServiceCollection();
        services.AddCustomerServiceCore(HostTestKit.Configuration(BadJson)).AddSqliteStorage(_ => { }).AddHostedDueWork().AddStudioDesk();
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(provider.ValidateCustomerServiceCoreOptions);

        Assert.All(BadKeys, key => Assert.Contains(error.Failures, f => f.StartsWith(key, StringComparison.Ordinal)));
    }

    [Fact]
    public void AddCustomerServiceCore_SettingsOfEveryArea_AreBoundInTheOneDurationSyntax()
    {
        const string json = """
            {
              "CustomerServiceCore": {
                "Tickets": { "ReopenWindow": "1d 12h", "AutoCloseAfter": "PT72H" },
                "Callbacks": { "MaxAttempts": 5, "RetryIntervals": [ "30m", "0:02:00:00" ], "ContactWindowOpens": "09:00", "ContactWindowCloses": "20:30" },
                "DueWork": { "FailureBackoff": "00:10:00" },
                "Outbox": { "FirstRetryDelay": "2s", "MaxRetryDelay": "1h" },
                "Kpis": { "Scorecard": { "QualityWeight": 40 } },
                "Studio": { "Playbook": { "ApologyDelayMinutes": 15 } },
                "Sqlite": { "ConnectionString": "Data Source=bound.db", "BusyTimeout": "10s" },
                "HostedDueWork": { "BatchSize": 50, "SafetyPollInterval": "1m" }
              }
            }
            """;
        var services = new ServiceCollection();
        services.AddCustomerServiceCore(HostTestKit.Configuration(json)).AddSqliteStorage(_ => { }).AddHostedDueWork().AddStudioDesk();
        using var provider = services.BuildServiceProvider();
        provider.ValidateCustomerServiceCoreOptions();

        var options = provider.GetRequiredService<IOptions<CustomerServiceCoreOptions>>().Value;
        Assert.Equal(Duration.FromHours(36), options.Tickets.ReopenWindow);
        Assert.Equal(Duration.FromHours(72), options.Tickets.AutoCloseAfter);
        Assert.Equal(5, options.Callbacks.MaxAttempts);
        Assert.Equal([Duration.FromMinutes(30), Duration.FromHours(2)], options.Callbacks.RetryIntervals);
        Assert.Equal(new LocalTime(20, 30), options.Callbacks.ContactWindowCloses);
        Assert.Equal(Duration.FromMinutes(10), options.DueWork.FailureBackoff);
        Assert.Equal(Duration.FromHours(1), options.Outbox.MaxRetryDelay);
        Assert.Equal(40, options.Kpis.Scorecard.QualityWeight);
        Assert.Equal(15, provider.GetRequiredService<IOptions<StudioDeskOptions>>().Value.Playbook.ApologyDelayMinutes);
        Assert.Equal(Duration.FromSeconds(10), provider.GetRequiredService<IOptions<SqliteStorageOptions>>().Value.BusyTimeout);
        Assert.Equal("Data Source=bound.db", provider.GetRequiredService<IOptions<SqliteStorageOptions>>().Value.ConnectionString);
        Assert.Equal(50, provider.GetRequiredService<IOptions<HostedDueWorkOptions>>().Value.BatchSize);
    }

    [Fact]
    public void AddPostgreSqlStorage_ItsSection_IsBoundAndCheckedWithTheRest()
    {
        const string json = """
            {
              "CustomerServiceCore": {
                "PostgreSql": { "ConnectionString": "Host=db;Database=desk", "Schema": "desk", "MaxRetries": 5, "FirstRetryDelay": "250ms" },
                "DueWork": { "NodeId": "web-1", "LeaseDuration": "2m" },
                "Outbox": { "NodeId": "web-1" }
              }
            }
            """;
        var services = new ServiceCollection();
        services.AddCustomerServiceCore(HostTestKit.Configuration(json)).AddPostgreSqlStorage(_ => { });
        using var provider = services.BuildServiceProvider();
        provider.ValidateCustomerServiceCoreOptions();

        var options = provider.GetRequiredService<IOptions<PostgreSqlStorageOptions>>().Value;
        var core = provider.GetRequiredService<IOptions<CustomerServiceCoreOptions>>().Value;
        Assert.Equal(("Host=db;Database=desk", "desk", 5, Duration.FromMilliseconds(250)), (options.ConnectionString, options.Schema, options.MaxRetries, options.FirstRetryDelay));
        Assert.Equal(("web-1", Duration.FromMinutes(2), "web-1"), (core.DueWork.NodeId, core.DueWork.LeaseDuration, core.Outbox.NodeId));
    }

    [Fact]
    public void AddPostgreSqlStorage_BadSettingsInItsSection_AreReportedWithTheirKeys()
    {
        const string json = """
            { "CustomerServiceCore": { "PostgreSql": { "ConnectionString": "Host=db", "Shema": "desk", "MaxRetries": -1, "FirstRetryDelay": "soon" } } }
            """;
        var services = new ServiceCollection();
        services.AddCustomerServiceCore(HostTestKit.Configuration(json)).AddPostgreSqlStorage(_ => { });
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(provider.ValidateCustomerServiceCoreOptions);

        Assert.Contains(error.Failures, f => f.StartsWith("CustomerServiceCore:PostgreSql:Shema: unknown key; did you mean 'Schema'?", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.StartsWith("CustomerServiceCore:PostgreSql:FirstRetryDelay: 'soon' is not a duration", StringComparison.Ordinal));
    }

    [Fact]
    public void AddCustomerServiceCore_CodeAfterBinding_WinsOverTheSection()
    {
        var services = new ServiceCollection();
        services.AddCustomerServiceCore(
            HostTestKit.Configuration("""{ "CustomerServiceCore": { "Tickets": { "ReopenWindow": "3d" } } }"""),
            o => o.Tickets.AutoCloseAfter = Duration.FromDays(2));
        using var provider = services.BuildServiceProvider();

        var tickets = provider.GetRequiredService<IOptions<CustomerServiceCoreOptions>>().Value.Tickets;

        Assert.Equal((Duration.FromDays(3), Duration.FromDays(2)), (tickets.ReopenWindow, tickets.AutoCloseAfter));
    }

    [Fact]
    public void AddCustomerServiceCore_TheSectionItself_IsBoundLikeTheRoot()
    {
        var configuration = HostTestKit.Configuration(HostTestKit.DeskJson);
        var services = new ServiceCollection();
        services.AddCustomerServiceCore(configuration.GetSection(CustomerServiceCoreOptions.SectionName)).AddHostedDueWork();
        using var provider = services.BuildServiceProvider();

        var catalog = provider.GetRequiredService<SlaCatalog>();

        Assert.True(catalog.TryGetPolicy("Standard", out _));
    }

    [Fact]
    public void AddCustomerServiceCore_OvernightRangeWithMarker_BuildsTheNightShift()
    {
        const string json = """{ "CustomerServiceCore": { "Calendars": { "Night": { "TimeZone": "UTC", "Weekdays": [ "22:00-06:00+1", "18:00-22:00" ] } } } }""";
        var services = new ServiceCollection();
        services.AddCustomerServiceCore(HostTestKit.Configuration(json));
        using var provider = services.BuildServiceProvider();

        Assert.True(provider.GetRequiredService<SlaCatalog>().TryGetCalendar("Night", out var night));
        Assert.True(night.IsOpen(Instant.FromUtc(2026, 3, 3, 5, 59)));   // Tuesday 05:59, from Monday's shift
        Assert.False(night.IsOpen(Instant.FromUtc(2026, 3, 3, 6, 0)));
        Assert.True(night.IsOpen(Instant.FromUtc(2026, 3, 3, 18, 0)));
    }

    [Fact]
    public void AddCustomerServiceCore_BusinessTargetInCalendarTime_AcceptsDays()
    {
        const string json = """
            { "CustomerServiceCore": {
                "Calendars": { "Desk": { "TimeZone": "UTC", "Weekdays": [ "09:00-17:00" ] } },
                "SlaPolicies": { "Standard": { "Calendar": "Desk", "Metrics": { "PeriodicUpdate": { "Basis": "CalendarTime", "Targets": { "Default": "1d" } } } } } } }
            """;
        var services = new ServiceCollection();
        services.AddCustomerServiceCore(HostTestKit.Configuration(json));
        using var provider = services.BuildServiceProvider();

        provider.ValidateCustomerServiceCoreOptions();

        Assert.True(provider.GetRequiredService<SlaCatalog>().TryGetPolicy("Standard", out _));
    }

    [Fact]
    public void AddCustomerServiceCore_WithoutConfiguration_IgnoresNothingItWasNotGiven()
    {
        var services = new ServiceCollection();
        services.AddCustomerServiceCore();
        using var provider = services.BuildServiceProvider();

        provider.ValidateCustomerServiceCoreOptions();

        Assert.Equal(Duration.FromDays(7), provider.GetRequiredService<IOptions<CustomerServiceCoreOptions>>().Value.Tickets.ReopenWindow);
    }
}

internal static class ConfigurationTestExtensions
{
    public static void AddJsonStreamText(this Microsoft.Extensions.Configuration.IConfigurationBuilder builder, string json) =>
        Microsoft.Extensions.Configuration.JsonConfigurationExtensions.AddJsonStream(builder, new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json)));
}
