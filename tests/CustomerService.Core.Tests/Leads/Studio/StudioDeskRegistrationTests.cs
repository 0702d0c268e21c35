using System.Text;
using CustomerService.Core.Calendars;
using CustomerService.Core.DependencyInjection;
using CustomerService.Core.Hosting;
using CustomerService.Core.Leads.Studio;
using CustomerService.Core.Persistence;
using CustomerService.Core.Sla;
using CustomerService.Core.Tests.Persistence;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NodaTime;

namespace CustomerService.Core.Tests.Leads.Studio;

/// <summary>The studio desk's package: its section <c>CustomerServiceCore:Studio</c>, checked with the rest, and the services built from it.</summary>
public sealed class StudioDeskRegistrationTests
{
    private const string Json = """
        { "CustomerServiceCore": {
            "Calendars": { "Shanghai": { "TimeZone": "Asia/Shanghai", "Weekdays": [ "09:00-12:00", "13:00-18:00" ] } },
            "Studio": {
              "SendingHours": "Shanghai",
              "Playbook": { "Name": "spring", "ApologyDelayMinutes": 20, "AfternoonStart": "14:00", "Templates": { "NoDealApology": "apology.spring" } }
            } } }
        """;

    private static IConfiguration Configuration(string json) =>
        new ConfigurationBuilder().AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(json))).Build();

    private static ServiceProvider Provider(string json, Action<IServiceCollection>? host = null, Action<StudioDeskOptions>? configure = null)
    {
        var services = new ServiceCollection();
        host?.Invoke(services);
        services.AddCustomerServiceCore(Configuration(json)).AddStudioDesk(configure);
        return services.BuildServiceProvider();
    }

    [Fact]
    public void AddStudioDesk_BoundFromSettings_ResolvesPlaybookInMemoryProfilesAndPlanner()
    {
        using var provider = Provider(Json);
        provider.ValidateCustomerServiceCoreOptions();

        var desk = provider.GetRequiredService<IOptions<StudioDeskOptions>>().Value;
        Assert.Equal("Shanghai", desk.SendingHours);
        Assert.Equal("apology.spring", desk.Playbook.Templates.NoDealApology);

        var playbook = provider.GetRequiredService<StudioPlaybook>();
        Assert.Equal("spring", playbook.Name);
        Assert.Equal(Duration.FromMinutes(20), playbook.ApologyDelay);
        Assert.Equal(new LocalTime(14, 0), playbook.AfternoonStart);

        Assert.IsType<InMemoryCustomerProfileStore>(provider.GetRequiredService<ICustomerProfileStore>());
        Assert.Same(provider.GetRequiredService<ICustomerProfileStore>(), provider.GetRequiredService<ICustomerProfileStore>());

        var planner = provider.GetRequiredService<OutreachPlanner>();
        Assert.Same(playbook, planner.Playbook);
        Assert.True(provider.GetRequiredService<SlaCatalog>().TryGetCalendar("Shanghai", out var shanghai));
        Assert.Same(shanghai, planner.SendingHours);
    }

    [Fact]
    public void AddStudioDesk_Defaults_ResolveTheDefaultPlaybookButNoPlanner()
    {
        using var provider = Provider("{}");
        provider.ValidateCustomerServiceCoreOptions();

        Assert.Equal(StudioPlaybook.Default.Name, provider.GetRequiredService<StudioPlaybook>().Name);
        Assert.Equal(StudioPlaybook.Default.ApologyDelay, provider.GetRequiredService<StudioPlaybook>().ApologyDelay);
        var error = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<OutreachPlanner>());
        Assert.Contains("CustomerServiceCore:Studio:SendingHours", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddStudioDesk_CodeSettings_AreAppliedAfterTheBoundOnes()
    {
        using var provider = Provider(Json, configure: o => o.Playbook.Name = "code");

        Assert.Equal("code", provider.GetRequiredService<StudioPlaybook>().Name);
        Assert.Equal(Duration.FromMinutes(20), provider.GetRequiredService<StudioPlaybook>().ApologyDelay);
    }

    [Fact]
    public void AddStudioDesk_HostRegistrations_WinOverTheDefaults()
    {
        var store = new InMemoryCustomerProfileStore();
        var playbook = StudioPlaybook.Create(new StudioPlaybookOptions { Name = "host" });
        var calendar = BusinessCalendar.CreateBuilder("host-hours", DateTimeZone.Utc).OpenWeekdays(new LocalTime(9, 0), new LocalTime(17, 0)).Build();
        var planner = new OutreachPlanner(playbook, calendar);
        using var provider = Provider(Json, services => services
            .AddSingleton<ICustomerProfileStore>(store)
            .AddSingleton(playbook)
            .AddSingleton(planner));

        Assert.Same(store, provider.GetRequiredService<ICustomerProfileStore>());
        Assert.Same(playbook, provider.GetRequiredService<StudioPlaybook>());
        Assert.Same(planner, provider.GetRequiredService<OutreachPlanner>());
    }

    [Fact]
    public void ValidateCustomerServiceCoreOptions_BadStudioSettings_ThrowsNamingEveryFullKeyWithTheCoreOnes()
    {
        const string bad = """
            { "CustomerServiceCore": {
                "Kpis": { "Scorecard": { "QualityWeight": -1 } },
                "Studio": {
                  "SendingHours": "Nowhere",
                  "Playbook": { "ApologyDelayMinutes": 45, "AfternoonStart": "25:00" }
                } } }
            """;
        using var provider = Provider(bad);

        var error = Assert.Throws<OptionsValidationException>(provider.ValidateCustomerServiceCoreOptions);

        string[] keys =
        [
            "CustomerServiceCore:Kpis:Scorecard:QualityWeight",
            "CustomerServiceCore:Studio:SendingHours",
            "CustomerServiceCore:Studio:Playbook:ApologyDelayMinutes",
            "CustomerServiceCore:Studio:Playbook:AfternoonStart",
        ];
        Assert.All(keys, key => Assert.Contains(error.Failures, f => f.StartsWith(key, StringComparison.Ordinal)));
        Assert.All(error.Failures, f => Assert.StartsWith("CustomerServiceCore:", f, StringComparison.Ordinal));
    }

    [Fact]
    public void ValidateCustomerServiceCoreOptions_AMisspeltStudioKey_IsAnErrorNamingIt()
    {
        using var provider = Provider("""{ "CustomerServiceCore": { "Studio": { "Playbok": { "ApologyDelayMinutes": 10 } } } }""");

        var error = Assert.Throws<OptionsValidationException>(provider.ValidateCustomerServiceCoreOptions);
        Assert.Contains(error.Failures, f => f.Contains("CustomerServiceCore:Studio:Playbok", StringComparison.Ordinal));
    }

    [Fact]
    public void ValidateCustomerServiceCoreOptions_TheOldLeadsPlaybookKey_IsAnUnknownKeyNotSilentlyIgnored()
    {
        using var provider = Provider("""{ "CustomerServiceCore": { "Leads": { "Playbook": { "ApologyDelayMinutes": 10 } } } }""");

        var error = Assert.Throws<OptionsValidationException>(provider.ValidateCustomerServiceCoreOptions);
        Assert.Contains(error.Failures, f => f.Contains("CustomerServiceCore:Leads:Playbook", StringComparison.Ordinal));
    }

    [Fact]
    public void AddStudioDesk_CalledTwice_RegistersOnce()
    {
        var services = new ServiceCollection();
        services.AddCustomerServiceCore().AddStudioDesk(o => o.Playbook.Name = "first").AddStudioDesk();

        Assert.Single(services, d => d.ServiceType == typeof(StudioPlaybook));
        Assert.Single(services, d => d.ServiceType == typeof(ICustomerProfileStore));
        Assert.Single(services, d => d.ServiceType == typeof(OutreachPlanner));
        using var provider = services.BuildServiceProvider();
        Assert.Equal("first", provider.GetRequiredService<StudioPlaybook>().Name);
    }

    [Fact]
    public async Task AddStudioDesk_WithDocumentStorage_KeepsProfilesInTheSameDocumentStore()
    {
        var documents = new InMemoryDocumentStore();
        var services = new ServiceCollection();
        services.AddCustomerServiceCore().AddDocumentStorage(_ => documents).AddStudioDesk();
        await using var provider = services.BuildServiceProvider();

        var profiles = provider.GetRequiredService<ICustomerProfileStore>();
        Assert.IsType<DocumentCustomerProfileStore>(profiles);
        await profiles.SaveAsync(new CustomerProfile("P-1") { Segment = StudioSegments.A }, null, new SegmentAssignment("studio", StudioSegments.A, "A", new LocalDate(2026, 12, 1), Instant.FromUtc(2026, 12, 1, 8, 0)));
        var row = await documents.FindAsync(CustomerProfile.EntityKind, "P-1", 0);
        Assert.NotNull(row);
        Assert.Equal(1, row.HistoryCount);
    }

    [Fact]
    public void AddSettingsCheck_NoCheck_ThrowsNamingIt()
    {
        Assert.Equal("check", Assert.Throws<ArgumentNullException>(() => new ServiceCollection().AddCustomerServiceCore().AddSettingsCheck<StudioDeskOptions>(null!)).ParamName);
    }

    [Fact]
    public void AddStudioDesk_NullBuilder_ThrowsNamingIt()
    {
        Assert.Equal("builder", Assert.Throws<ArgumentNullException>(() => StudioDeskBuilderExtensions.AddStudioDesk(null!)).ParamName);
    }
}
