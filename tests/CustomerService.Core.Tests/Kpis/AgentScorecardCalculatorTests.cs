using System.Text;
using CustomerService.Core.Kpis;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NodaTime;

namespace CustomerService.Core.Tests.Kpis;

public sealed class AgentScorecardCalculatorTests
{
    private static AgentPeriodFigures Example() => new()
    {
        AgentId = "agent-17",
        CsatPercent = 90,
        ContactsHandled = 1200,
        AverageHandleTime = Duration.FromSeconds(330),
        ResolutionPercent = 90,
        FirstContactResolutionPercent = 70,
        ScheduledDays = 20,
        AttendedDays = 20,
        LateArrivals = 1,
        EarlyLeaves = 0,
        KnowledgeTestPercent = 85,
    };

    [Fact]
    public void Compute_WorkedExampleWithDefaults_MatchesTheDocumentedScores()
    {
        AgentScorecard card = new AgentScorecardCalculator(new ScorecardOptions()).Compute(Example());

        double efficiency = (100 + (100 * 300.0 / 330)) / 2;
        Assert.Equal(90, card.Quality);
        Assert.Equal(efficiency, card.Efficiency, 10);
        Assert.Equal(80, card.ProblemSolving);
        Assert.Equal(95, card.Attendance);
        Assert.Equal(85, card.Knowledge);
        Assert.Equal(((30 * 90) + (20 * efficiency) + (25 * 80) + (15 * 95) + (10 * 85)) / 100.0, card.Total, 10);
        Assert.Equal(88.84, Math.Round(card.Total, 2));
    }

    [Fact]
    public void Compute_OptionsBoundFromJson_UseTheConfiguredWeights()
    {
        const string json = """{ "Kpis": { "Scorecard": { "QualityWeight": 1, "EfficiencyWeight": 0, "ProblemSolvingWeight": 0, "AttendanceWeight": 0, "KnowledgeWeight": 1 } } }""";
        IConfiguration configuration = new ConfigurationBuilder().AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(json))).Build();
        var services = new ServiceCollection();
        services.AddOptions<ScorecardOptions>().Bind(configuration.GetSection(ScorecardOptions.SectionName));
        services.AddSingleton<IValidateOptions<ScorecardOptions>, ScorecardOptionsValidator>();
        using ServiceProvider provider = services.BuildServiceProvider();

        var calculator = new AgentScorecardCalculator(provider.GetRequiredService<IOptions<ScorecardOptions>>());
        Assert.Equal((90 + 85) / 2.0, calculator.Compute(Example()).Total, 10);
    }

    [Fact]
    public void Validator_SeveralBadKeys_ReportsEveryKey()
    {
        var options = new ScorecardOptions { QualityWeight = -1, KnowledgeWeight = double.NaN, TargetContactsPerDay = 0, LateArrivalPenalty = 101 };
        ValidateOptionsResult result = new ScorecardOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        string all = string.Join("\n", result.Failures!);
        Assert.Contains("Kpis:Scorecard:QualityWeight", all, StringComparison.Ordinal);
        Assert.Contains("Kpis:Scorecard:KnowledgeWeight", all, StringComparison.Ordinal);
        Assert.Contains("Kpis:Scorecard:TargetContactsPerDay", all, StringComparison.Ordinal);
        Assert.Contains("Kpis:Scorecard:LateArrivalPenalty", all, StringComparison.Ordinal);
        Assert.Throws<OptionsValidationException>(() => new AgentScorecardCalculator(options));
    }

    [Fact]
    public void Validator_AllWeightsZero_Fails()
    {
        var options = new ScorecardOptions { QualityWeight = 0, EfficiencyWeight = 0, ProblemSolvingWeight = 0, AttendanceWeight = 0, KnowledgeWeight = 0 };
        Assert.True(new ScorecardOptionsValidator().Validate(null, options).Failed);
        Assert.True(new ScorecardOptionsValidator().Validate(null, new ScorecardOptions()).Succeeded);
    }

    // Each figure checks its own range when it is set, naming itself (issue 16: the 11 positional arguments, several
    // of one type side by side, could be swapped without a compile error).
    [Fact]
    public void Figures_OutOfRange_ThrowNamingTheFigure()
    {
        Assert.Equal("CsatPercent", Assert.Throws<ArgumentOutOfRangeException>(() => Example() with { CsatPercent = 101 }).ParamName);
        Assert.Equal("KnowledgeTestPercent", Assert.Throws<ArgumentOutOfRangeException>(() => Example() with { KnowledgeTestPercent = double.NaN }).ParamName);
        Assert.Equal("ResolutionPercent", Assert.Throws<ArgumentOutOfRangeException>(() => Example() with { ResolutionPercent = -0.5 }).ParamName);
        Assert.Equal("FirstContactResolutionPercent", Assert.Throws<ArgumentOutOfRangeException>(() => Example() with { FirstContactResolutionPercent = double.PositiveInfinity }).ParamName);
        Assert.Equal("ScheduledDays", Assert.Throws<ArgumentOutOfRangeException>(() => Example() with { ScheduledDays = 0 }).ParamName);
        Assert.Equal("AttendedDays", Assert.Throws<ArgumentOutOfRangeException>(() => Example() with { AttendedDays = -1 }).ParamName);
        Assert.Equal("LateArrivals", Assert.Throws<ArgumentOutOfRangeException>(() => Example() with { LateArrivals = -1 }).ParamName);
        Assert.Equal("EarlyLeaves", Assert.Throws<ArgumentOutOfRangeException>(() => Example() with { EarlyLeaves = int.MinValue }).ParamName);
        Assert.Equal("ContactsHandled", Assert.Throws<ArgumentOutOfRangeException>(() => Example() with { ContactsHandled = -1 }).ParamName);
        Assert.Equal("AverageHandleTime", Assert.Throws<ArgumentOutOfRangeException>(() => Example() with { AverageHandleTime = Duration.FromSeconds(-1) }).ParamName);
        Assert.Equal("AgentId", Assert.Throws<ArgumentException>(() => Example() with { AgentId = " " }).ParamName);
        Assert.Equal("AgentId", Assert.Throws<ArgumentNullException>(() => Example() with { AgentId = null! }).ParamName);
    }

    [Fact]
    public void Compute_ContradictoryFigures_ThrowNamingTheFigures()
    {
        var calculator = new AgentScorecardCalculator(new ScorecardOptions());
        Assert.Equal("figures", Assert.Throws<ArgumentOutOfRangeException>(() => calculator.Compute(Example() with { AttendedDays = 21 })).ParamName);
        Assert.Equal("figures", Assert.Throws<ArgumentOutOfRangeException>(() => calculator.Compute(Example() with { AverageHandleTime = Duration.Zero })).ParamName);
        Assert.Equal("figures", Assert.Throws<ArgumentNullException>(() => calculator.Compute((AgentPeriodFigures)null!)).ParamName);
        Assert.Equal(0, calculator.Compute(Example() with { ContactsHandled = 0, AverageHandleTime = Duration.Zero }).Efficiency, 10);
    }

    [Fact]
    public void Compute_ExtremeFigures_StayWithinZeroToHundred()
    {
        var calculator = new AgentScorecardCalculator(new ScorecardOptions());
        AgentScorecard most = calculator.Compute(Example() with { ContactsHandled = int.MaxValue, AverageHandleTime = Duration.Epsilon, AttendedDays = 1, ScheduledDays = int.MaxValue, LateArrivals = int.MaxValue, EarlyLeaves = int.MaxValue });
        AgentScorecard slowest = calculator.Compute(Example() with { ContactsHandled = 1, AverageHandleTime = Duration.MaxValue });

        Assert.Equal(100, most.Efficiency);
        Assert.Equal(0, most.Attendance);
        Assert.InRange(most.Total, 0, 100);
        Assert.InRange(slowest.Efficiency, 0, 100);
        Assert.InRange(slowest.Total, 0, 100);
    }

    [Fact]
    public void Compute_ManyLateArrivals_ClampsAttendanceAtZero()
    {
        var calculator = new AgentScorecardCalculator(new ScorecardOptions());
        Assert.Equal(0, calculator.Compute(Example() with { LateArrivals = 40 }).Attendance);
    }
}
