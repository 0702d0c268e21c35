using CustomerService.Core.Sla;
using System.Text;
using CustomerService.Core.Calendars;
using CustomerService.Core.DependencyInjection;
using CustomerService.Core.Kpis;
using CustomerService.Core.Leads;
using CustomerService.Core.Leads.Studio;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NodaTime;

namespace CustomerService.Core.Tests.DependencyInjection;

/// <summary>The KPI and lead settings bound under <c>CustomerServiceCore</c> and the services built from them.</summary>
public sealed class LeadAndKpiRegistrationTests
{
    private const string Json = """
        { "CustomerServiceCore": {
            "Calendars": { "Shanghai": { "TimeZone": "Asia/Shanghai", "Weekdays": [ "09:00-12:00", "13:00-18:00" ] } },
            "Kpis": { "Scorecard": { "QualityWeight": 1, "EfficiencyWeight": 0, "ProblemSolvingWeight": 0, "AttendanceWeight": 0, "KnowledgeWeight": 0, "TargetContactsPerDay": 40 } },
            "Leads": {
              "SendingHours": "Shanghai",
              "Playbook": { "Name": "spring", "ApologyDelayMinutes": 20, "AfternoonStart": "14:00", "Templates": { "NoDealApology": "apology.spring" } },
              "RuleSets": {
                "vip": {
                  "TimeZone": "Asia/Shanghai", "DefaultSegment": "Other",
                  "Facts": [ { "Name": "Spend", "Kind": "Number" } ],
                  "Rules": [ { "Name": "Big", "Segment": "Vip", "Conditions": [ { "Fact": "Spend", "Operator": "AtLeast", "Value": 1000 } ] } ]
                }
              }
            } } }
        """;

    private static IConfiguration Configuration(string json) =>
        new ConfigurationBuilder().AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(json))).Build();

    private static ServiceProvider Provider(string json, Action<IServiceCollection>? host = null)
    {
        var services = new ServiceCollection();
        host?.Invoke(services);
        services.AddOptions<CustomerServiceCoreOptions>().Bind(Configuration(json).GetSection(CustomerServiceCoreOptions.SectionName));
        return services.AddCustomerServiceCore().Services.BuildServiceProvider();
    }

    private static AgentPeriodFigures Figures() =>
        new()
        {
            AgentId = "agent-1", CsatPercent = 90, ContactsHandled = 1200, AverageHandleTime = Duration.FromSeconds(330), ResolutionPercent = 90,
            FirstContactResolutionPercent = 70, ScheduledDays = 20, AttendedDays = 20, LateArrivals = 1, EarlyLeaves = 0, KnowledgeTestPercent = 85,
        };

    [Fact]
    public void AddCustomerServiceCore_BoundFromJson_BindsKpiAndLeadSections()
    {
        using var provider = Provider(Json);
        provider.ValidateCustomerServiceCoreOptions();
        var settings = provider.GetRequiredService<IOptions<CustomerServiceCoreOptions>>().Value;

        Assert.Equal(40, settings.Kpis.Scorecard.TargetContactsPerDay);
        Assert.Equal(0, settings.Kpis.Scorecard.KnowledgeWeight);
        Assert.Equal("Shanghai", settings.Leads.SendingHours);
        Assert.Equal(20, settings.Leads.Playbook.ApologyDelayMinutes);
        Assert.Equal("apology.spring", settings.Leads.Playbook.Templates.NoDealApology);
        Assert.Equal("vip", settings.Leads.RuleSets["vip"].Name);
        Assert.Equal(ConditionOperator.AtLeast, settings.Leads.RuleSets["vip"].Rules[0].Conditions[0].Operator);
    }

    [Fact]
    public void AddCustomerServiceCore_BoundFromJson_ResolvesCalculatorPlaybookRuleSetsStoreAndPlanner()
    {
        using var provider = Provider(Json);
        provider.ValidateCustomerServiceCoreOptions();

        // Only the quality weight is positive, so the total is the quality component (the CSAT).
        var scorecard = provider.GetRequiredService<AgentScorecardCalculator>().Compute(Figures());
        Assert.Equal(scorecard.Quality, scorecard.Total, 9);
        Assert.NotEqual(new AgentScorecardCalculator(new ScorecardOptions()).Compute(Figures()).Total, scorecard.Total, 9);

        var playbook = provider.GetRequiredService<StudioPlaybook>();
        Assert.Equal("spring", playbook.Name);
        Assert.Equal(Duration.FromMinutes(20), playbook.ApologyDelay);
        Assert.Equal(new LocalTime(14, 0), playbook.AfternoonStart);

        var ruleSets = provider.GetRequiredService<SegmentationRuleSetCatalog>();
        Assert.True(ruleSets.TryGetRuleSet("vip", out var vip));
        Assert.Equal("vip", vip.Name);
        Assert.Equal(DateTimeZoneProviders.Tzdb["Asia/Shanghai"], vip.Zone);
        Assert.False(ruleSets.TryGetRuleSet("missing", out _));

        Assert.IsType<InMemoryCustomerProfileStore>(provider.GetRequiredService<ICustomerProfileStore>());
        Assert.Same(provider.GetRequiredService<ICustomerProfileStore>(), provider.GetRequiredService<ICustomerProfileStore>());

        var planner = provider.GetRequiredService<OutreachPlanner>();
        Assert.Same(playbook, planner.Playbook);
        Assert.True(provider.GetRequiredService<SlaCatalog>().TryGetCalendar("Shanghai", out var shanghai));
        Assert.Same(shanghai, planner.SendingHours);
    }

    [Fact]
    public void AddCustomerServiceCore_Defaults_ResolveDefaultCalculatorAndPlaybookButNoPlanner()
    {
        using var provider = new ServiceCollection().AddCustomerServiceCore().Services.BuildServiceProvider();
        provider.ValidateCustomerServiceCoreOptions();

        Assert.Equal(
            new AgentScorecardCalculator(new ScorecardOptions()).Compute(Figures()),
            provider.GetRequiredService<AgentScorecardCalculator>().Compute(Figures()));
        Assert.Equal(StudioPlaybook.Default.Name, provider.GetRequiredService<StudioPlaybook>().Name);
        Assert.Equal(StudioPlaybook.Default.ApologyDelay, provider.GetRequiredService<StudioPlaybook>().ApologyDelay);
        Assert.Empty(provider.GetRequiredService<SegmentationRuleSetCatalog>().RuleSets);

        var error = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<OutreachPlanner>());
        Assert.Contains("CustomerServiceCore:Leads:SendingHours", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddCustomerServiceCore_HostRegistrations_WinOverTheDefaults()
    {
        var store = new InMemoryCustomerProfileStore();
        var calculator = new AgentScorecardCalculator(new ScorecardOptions { QualityWeight = 5 });
        var playbook = StudioPlaybook.Create(new StudioPlaybookOptions { Name = "host" });
        var calendar = BusinessCalendar.CreateBuilder("host-hours", DateTimeZone.Utc).OpenWeekdays(new LocalTime(9, 0), new LocalTime(17, 0)).Build();
        var planner = new OutreachPlanner(playbook, calendar);
        var ruleSets = new SegmentationRuleSetCatalog([]);
        using var provider = Provider(Json, services => services
            .AddSingleton<ICustomerProfileStore>(store)
            .AddSingleton(calculator)
            .AddSingleton(playbook)
            .AddSingleton(planner)
            .AddSingleton(ruleSets));

        Assert.Same(store, provider.GetRequiredService<ICustomerProfileStore>());
        Assert.Same(calculator, provider.GetRequiredService<AgentScorecardCalculator>());
        Assert.Same(playbook, provider.GetRequiredService<StudioPlaybook>());
        Assert.Same(planner, provider.GetRequiredService<OutreachPlanner>());
        Assert.Same(ruleSets, provider.GetRequiredService<SegmentationRuleSetCatalog>());
    }

    [Fact]
    public void ValidateCustomerServiceCoreOptions_BadKpiAndLeadSettings_ThrowsNamingEveryFullKey()
    {
        const string bad = """
            { "CustomerServiceCore": {
                "Kpis": { "Scorecard": { "QualityWeight": -1, "TargetHandleTimeSeconds": 0 } },
                "Leads": {
                  "SendingHours": "Nowhere",
                  "Playbook": { "ApologyDelayMinutes": 45, "AfternoonStart": "25:00" },
                  "RuleSets": { "vip": { "Name": "other", "TimeZone": "Mars/Olympus", "DefaultSegment": "Other" } }
                } } }
            """;
        using var provider = Provider(bad);

        var error = Assert.Throws<OptionsValidationException>(provider.ValidateCustomerServiceCoreOptions);

        string[] keys =
        [
            "CustomerServiceCore:Kpis:Scorecard:QualityWeight",
            "CustomerServiceCore:Kpis:Scorecard:TargetHandleTimeSeconds",
            "CustomerServiceCore:Leads:SendingHours",
            "CustomerServiceCore:Leads:Playbook:ApologyDelayMinutes",
            "CustomerServiceCore:Leads:Playbook:AfternoonStart",
            "CustomerServiceCore:Leads:RuleSets:vip:Name",
            "CustomerServiceCore:Leads:RuleSets:vip:TimeZone",
        ];
        foreach (var key in keys)
        {
            Assert.Contains(error.Failures, f => f.StartsWith(key, StringComparison.Ordinal));
        }

        Assert.All(error.Failures, f => Assert.StartsWith("CustomerServiceCore:", f, StringComparison.Ordinal));
    }

    [Fact]
    public void AddCustomerServiceCore_BadLeadSettings_FailStartUpValidation()
    {
        using var provider = Provider("""{ "CustomerServiceCore": { "Leads": { "Playbook": { "DepositThresholdPercent": 0 } } } }""");
        var validator = provider.GetRequiredService<IStartupValidator>();

        var error = Assert.Throws<OptionsValidationException>(validator.Validate);
        Assert.Contains(error.Failures, f => f.StartsWith("CustomerServiceCore:Leads:Playbook:DepositThresholdPercent", StringComparison.Ordinal));
    }

    [Fact]
    public void AddCustomerServiceCore_CalledTwice_RegistersLeadAndKpiServicesOnce()
    {
        var services = new ServiceCollection();
        services.AddCustomerServiceCore(o => o.Leads.Playbook.Name = "first");
        services.AddCustomerServiceCore(o => o.Kpis.Scorecard.TargetContactsPerDay = 45);

        Assert.Single(services, d => d.ServiceType == typeof(AgentScorecardCalculator));
        Assert.Single(services, d => d.ServiceType == typeof(StudioPlaybook));
        Assert.Single(services, d => d.ServiceType == typeof(ICustomerProfileStore));
        Assert.Single(services, d => d.ServiceType == typeof(SegmentationRuleSetCatalog));
        Assert.Single(services, d => d.ServiceType == typeof(OutreachPlanner));
        using var provider = services.BuildServiceProvider();
        Assert.Equal("first", provider.GetRequiredService<StudioPlaybook>().Name);
        Assert.Equal(45, provider.GetRequiredService<IOptions<CustomerServiceCoreOptions>>().Value.Kpis.Scorecard.TargetContactsPerDay);
    }
}
