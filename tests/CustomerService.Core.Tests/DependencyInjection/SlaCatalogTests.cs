using System.Text;
using CustomerService.Core.DependencyInjection;
using CustomerService.Core.Sla;
using CustomerService.Core.Tests.Sla;
using CustomerService.Core.Tickets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NodaTime;
using NodaTime.Testing;

namespace CustomerService.Core.Tests.DependencyInjection;

/// <summary>Named calendars and SLA policies bound from configuration into the <see cref="SlaCatalog"/> the services use.</summary>
public sealed class SlaCatalogTests
{
    private const string Json = """
        { "CustomerServiceCore": {
            "Calendars": {
              "Shanghai": { "TimeZone": "Asia/Shanghai", "Weekdays": [ "09:00-12:00", "13:00-18:00" ] },
              "AllDay": { "TimeZone": "Etc/UTC", "Weekdays": [ "00:00-24:00" ], "Weekly": { "Saturday": [ "00:00-24:00" ], "Sunday": [ "00:00-24:00" ] } }
            },
            "SlaPolicies": {
              "Standard": {
                "Calendar": "Shanghai",
                "Metrics": {
                  "FirstResponse": { "Targets": { "Urgent": "2h", "Default": "8h" }, "PauseWhen": [ "PendingOnCustomer" ] },
                  "Resolution": { "Targets": { "Default": "24h" }, "PauseWhen": [ "PendingOnCustomer", "DispatchedToDepartment" ] }
                }
              },
              "Premium": { "Calendar": "AllDay", "Metrics": { "FirstResponse": { "Targets": { "Default": "30m" } } } },
              "Complaints": { "Calendar": "Shanghai", "Metrics": { "Acknowledgement": { "Targets": { "Default": "8h" } }, "FinalResponse": { "Targets": { "Default": "120h" } } } }
            },
            "Sla": { "TicketPolicy": "Standard", "TicketPolicies": { "Urgent": "Premium" }, "ComplaintPolicy": "Complaints" } } }
        """;

    private static ServiceProvider Provider(string json, IClock? clock = null)
    {
        var configuration = new ConfigurationBuilder().AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(json))).Build();
        var services = new ServiceCollection();
        if (clock is not null)
        {
            services.AddSingleton(clock);
        }

        services.AddOptions<CustomerServiceCoreOptions>().Bind(configuration.GetSection(CustomerServiceCoreOptions.SectionName));
        return services.AddCustomerServiceCore().Services.BuildServiceProvider();
    }

    [Fact]
    public void AddCustomerServiceCore_BoundFromJson_BuildsNamedCalendarsAndPolicies()
    {
        using var provider = Provider(Json);
        provider.ValidateCustomerServiceCoreOptions();
        var catalog = provider.GetRequiredService<SlaCatalog>();

        Assert.Equal(["AllDay", "Shanghai"], catalog.Calendars.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["Complaints", "Premium", "Standard"], catalog.Policies.Keys.Order(StringComparer.Ordinal));
        Assert.True(catalog.TryGetCalendar("Shanghai", out var shanghai));
        Assert.False(shanghai.IsOpen(SlaTestData.Sh(2026, 3, 2, 12, 30)));
        Assert.True(shanghai.IsOpen(SlaTestData.Sh(2026, 3, 2, 13, 30)));
        Assert.Equal("Premium", catalog.GetTicketPolicy(SlaPriority.Urgent)!.Name);
        Assert.Equal("Standard", catalog.GetTicketPolicy(SlaPriority.Low)!.Name);
        Assert.Equal("Complaints", catalog.GetComplaintPolicy()!.Name);
        Assert.True(catalog.Policies["Standard"].PausesFor(SlaMetric.Resolution, SlaWaitReason.DispatchedToDepartment));
        Assert.False(catalog.Policies["Standard"].PausesFor(SlaMetric.FirstResponse, SlaWaitReason.DispatchedToDepartment));
    }

    [Fact]
    public async Task AddCustomerServiceCore_BoundFromJson_TicketServiceStartsClocksUnderThePriorityPolicy()
    {
        var opened = SlaTestData.Sh(2026, 3, 2, 17); // Monday 17:00, one business hour before closing
        using var provider = Provider(Json, new FakeClock(opened));
        var service = provider.GetRequiredService<ITicketService>();

        var normal = await service.OpenAsync(new TicketId("T-1"), ContactChannel.Phone, TicketCategory.Repair, TicketPriority.Normal, "desk");
        var urgent = await service.OpenAsync(new TicketId("T-2"), ContactChannel.Phone, TicketCategory.Repair, TicketPriority.Urgent, "desk");

        var catalog = provider.GetRequiredService<SlaCatalog>();
        var firstResponse = normal.Sla!.CreateClocks(catalog.Policies["Standard"]).Single(c => c.Metric == SlaMetric.FirstResponse);
        Assert.Equal(SlaTestData.Sh(2026, 3, 3, 17), firstResponse.Evaluate(opened).DueAt); // 1 h Monday, 3 h Tuesday morning, 4 h after lunch
        Assert.Equal("Premium", urgent.Sla!.PolicyName);
        Assert.Equal(opened + Duration.FromMinutes(30), urgent.Sla.CreateClocks(catalog.Policies["Premium"]).Single().Evaluate(opened).DueAt);
    }

    [Fact]
    public void ValidateCustomerServiceCoreOptions_BadCalendarsAndPolicies_NamesEveryBadKey()
    {
        const string Bad = """
            { "CustomerServiceCore": {
                "Calendars": { "Shanghai": { "TimeZone": "Asia/Nowhere", "Weekdays": [ "09:00-18:00" ] } },
                "SlaPolicies": {
                  "Standard": { "Calendar": "Beijing", "Metrics": { "FirstResponse": { "Targets": { "Urgent": "-2h" } } } }
                },
                "Sla": { "TicketPolicy": "Gold", "TicketPolicies": { "Critical": "Standard" } } } }
            """;
        using var provider = Provider(Bad);

        var error = Assert.Throws<OptionsValidationException>(provider.ValidateCustomerServiceCoreOptions);

        Assert.Contains(error.Failures, f => f.StartsWith("CustomerServiceCore:Calendars:Shanghai:TimeZone", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.StartsWith("CustomerServiceCore:SlaPolicies:Standard:Calendar", StringComparison.Ordinal) && f.Contains("Beijing", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.StartsWith("CustomerServiceCore:SlaPolicies:Standard:Metrics:FirstResponse:Targets:Urgent", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.StartsWith("CustomerServiceCore:Sla:TicketPolicy", StringComparison.Ordinal) && f.Contains("Gold", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.StartsWith("CustomerServiceCore:Sla:TicketPolicies:Critical", StringComparison.Ordinal));
    }

    [Fact]
    public void AddCustomerServiceCore_BadPolicyReference_FailsStartUpValidation()
    {
        using var provider = new ServiceCollection().AddCustomerServiceCore(o => o.Sla.ComplaintPolicy = "Missing").Services.BuildServiceProvider();
        var error = Assert.Throws<OptionsValidationException>(provider.GetRequiredService<IStartupValidator>().Validate);
        Assert.Contains("CustomerServiceCore:Sla:ComplaintPolicy", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_UnknownSelectedPolicy_ThrowsNamingIt()
    {
        var error = Assert.Throws<ArgumentException>(() => new SlaCatalog([], [SlaTestData.Standard], ticketPolicy: "Gold"));
        Assert.Equal("ticketPolicy", error.ParamName);
        Assert.Contains("Gold", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_DuplicatePolicyNames_Throws()
    {
        var error = Assert.Throws<ArgumentException>(() => new SlaCatalog([], [SlaTestData.Standard, SlaTestData.Standard]));
        Assert.Equal("policies", error.ParamName);
    }

    [Fact]
    public void AddCustomerServiceCore_HostRegisteredCatalog_WinsOverTheOptions()
    {
        var own = new SlaCatalog([], [SlaTestData.Standard], ticketPolicy: "Standard");
        using var provider = new ServiceCollection().AddSingleton(own).AddCustomerServiceCore().Services.BuildServiceProvider();
        Assert.Same(own, provider.GetRequiredService<SlaCatalog>());
    }
}
