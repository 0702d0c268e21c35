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
        Assert.Equal("vip", settings.Leads.RuleSets["vip"].Name);
        Assert.Equal(ConditionOperator.AtLeast, settings.Leads.RuleSets["vip"].Rules[0].Conditions[0].Operator);
    }

    [Fact]
    public void AddCustomerServiceCore_BoundFromJson_ResolvesCalculatorAndRuleSets()
    {
        using var provider = Provider(Json);
        provider.ValidateCustomerServiceCoreOptions();

        // Only the quality weight is positive, so the total is the quality component (the CSAT).
        var scorecard = provider.GetRequiredService<AgentScorecardCalculator>().Compute(Figures());
        Assert.Equal(scorecard.Quality, scorecard.Total, 9);
        Assert.NotEqual(new AgentScorecardCalculator(new ScorecardOptions()).Compute(Figures()).Total, scorecard.Total, 9);

        var ruleSets = provider.GetRequiredService<SegmentationRuleSetCatalog>();
        Assert.True(ruleSets.TryGetRuleSet("vip", out var vip));
        Assert.Equal("vip", vip.Name);
        Assert.Equal(DateTimeZoneProviders.Tzdb["Asia/Shanghai"], vip.Zone);
        Assert.False(ruleSets.TryGetRuleSet("missing", out _));

        // The studio desk is a package of its own: without it, nothing of it is registered.
        Assert.Null(provider.GetService<ICustomerProfileStore>());
        Assert.Null(provider.GetService<StudioPlaybook>());
    }

    [Fact]
    public void AddCustomerServiceCore_Defaults_ResolveDefaultCalculatorAndNoRuleSets()
    {
        using var provider = new ServiceCollection().AddCustomerServiceCore().Services.BuildServiceProvider();
        provider.ValidateCustomerServiceCoreOptions();

        Assert.Equal(
            new AgentScorecardCalculator(new ScorecardOptions()).Compute(Figures()),
            provider.GetRequiredService<AgentScorecardCalculator>().Compute(Figures()));
        Assert.Empty(provider.GetRequiredService<SegmentationRuleSetCatalog>().RuleSets);
    }

    [Fact]
    public void AddCustomerServiceCore_HostRegistrations_WinOverTheDefaults()
    {
        var calculator = new AgentScorecardCalculator(new ScorecardOptions { QualityWeight = 5 });
        var ruleSets = new SegmentationRuleSetCatalog([]);
        using var provider = Provider(Json, services => services
            .AddSingleton(calculator)
            .AddSingleton(ruleSets));

        Assert.Same(calculator, provider.GetRequiredService<AgentScorecardCalculator>());
        Assert.Same(ruleSets, provider.GetRequiredService<SegmentationRuleSetCatalog>());
    }

    [Fact]
    public void ValidateCustomerServiceCoreOptions_BadKpiAndLeadSettings_ThrowsNamingEveryFullKey()
    {
        const string bad = """
            { "CustomerServiceCore": {
                "Kpis": { "Scorecard": { "QualityWeight": -1, "TargetHandleTimeSeconds": 0 } },
                "Leads": {
                  "RuleSets": { "vip": { "Name": "other", "TimeZone": "Mars/Olympus", "DefaultSegment": "Other" } }
                } } }
            """;
        using var provider = Provider(bad);

        var error = Assert.Throws<OptionsValidationException>(provider.ValidateCustomerServiceCoreOptions);

        string[] keys =
        [
            "CustomerServiceCore:Kpis:Scorecard:QualityWeight",
            "CustomerServiceCore:Kpis:Scorecard:TargetHandleTimeSeconds",
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
        using var provider = Provider("""{ "CustomerServiceCore": { "Leads": { "RuleSets": { "vip": { "TimeZone": "Mars/Olympus", "DefaultSegment": "Other" } } } } }""");
        var validator = provider.GetRequiredService<IStartupValidator>();

        var error = Assert.Throws<OptionsValidationException>(validator.Validate);
        Assert.Contains(error.Failures, f => f.StartsWith("CustomerServiceCore:Leads:RuleSets:vip:TimeZone", StringComparison.Ordinal));
    }

    [Fact]
    public void AddCustomerServiceCore_CalledTwice_RegistersLeadAndKpiServicesOnce()
    {
        var services = new ServiceCollection();
        services.AddCustomerServiceCore(o => o.Kpis.Scorecard.QualityWeight = 35);
        services.AddCustomerServiceCore(o => o.Kpis.Scorecard.TargetContactsPerDay = 45);

        Assert.Single(services, d => d.ServiceType == typeof(AgentScorecardCalculator));
        Assert.Single(services, d => d.ServiceType == typeof(SegmentationRuleSetCatalog));
        using var provider = services.BuildServiceProvider();
        Assert.Equal(35, provider.GetRequiredService<IOptions<CustomerServiceCoreOptions>>().Value.Kpis.Scorecard.QualityWeight);
        Assert.Equal(45, provider.GetRequiredService<IOptions<CustomerServiceCoreOptions>>().Value.Kpis.Scorecard.TargetContactsPerDay);
    }
}
