using CustomerService.Core.Kpis;
using FsCheck.Xunit;
using Microsoft.Extensions.Options;
using NodaTime;

namespace CustomerService.Core.Tests.Kpis;

/// <summary>Issue 19, "KPIs": configurable scorecards built from accumulators, and "Empty data: every rate reports 'no data'".</summary>
public sealed class ConfigurableScorecardTests
{
    private static readonly LocalDate March1 = new(2026, 3, 2);

    private static CsatAccumulator Csat(int satisfied, int unsatisfied)
    {
        var csat = new CsatAccumulator(CsatScale.Default);
        csat.Add(5, satisfied);
        csat.Add(2, unsatisfied);
        return csat;
    }

    private static AhtAccumulator Aht(int contacts, int seconds)
    {
        var aht = default(AhtAccumulator);
        var records = Enumerable.Repeat(new HandledContact(Duration.FromSeconds(seconds), Duration.Zero, Duration.Zero), contacts).ToArray();
        aht.AddRange(records);
        return aht;
    }

    private static FcrAccumulator Fcr(int firstContact, int notResolved)
    {
        var fcr = new FcrAccumulator(Duration.FromDays(7));
        for (int i = 0; i < firstContact; i++)
        {
            fcr.Add(new ContactOutcome(resolved: true, transferred: false, timeToNextContact: null));
        }

        for (int i = 0; i < notResolved; i++)
        {
            fcr.Add(new ContactOutcome(resolved: false, transferred: false, timeToNextContact: null));
        }

        return fcr;
    }

    private static ResolutionAccumulator Resolution(int resolved, int open)
    {
        Instant start = Instant.FromUtc(2026, 3, 1, 0, 0);
        var acc = new ResolutionAccumulator(new Interval(start, start + Duration.FromDays(31)));
        for (int i = 0; i < resolved; i++)
        {
            acc.Add(new TicketOutcome(start + Duration.FromHours(1), start + Duration.FromHours(5), 0));
        }

        for (int i = 0; i < open; i++)
        {
            acc.Add(new TicketOutcome(start + Duration.FromHours(1), null, 0));
        }

        return acc;
    }

    private static AttendanceAccumulator Attendance(int scheduled, int absent, int late, int early)
    {
        var acc = default(AttendanceAccumulator);
        for (int d = 0; d < scheduled; d++)
        {
            bool attended = d >= absent;
            acc.Add(new AttendanceRecord(March1.PlusDays(d), attended, attended && d < absent + late, attended && d >= scheduled - early));
        }

        return acc;
    }

    private static KnowledgeTestAccumulator Tests(params int[] scores)
    {
        var acc = default(KnowledgeTestAccumulator);
        for (int i = 0; i < scores.Length; i++)
        {
            acc.Add(new KnowledgeTestResult(March1.PlusDays(7 * i), scores[i], 100));
        }

        return acc;
    }

    [Fact]
    public void Seed002Card_FromAccumulatorsAndRecords_MatchesTheFiguresCard()
    {
        // Seed 002 (电话客服), 四、绩效考核指标: "1、服务质量:主要通过客户满意度来衡量" · "2、工作效率:…每天接听的有效电话数量、
        // 平均每个电话的处理时长等" · "3、问题处理能力:根据问题的解决率、首次解决率等指标来评估" · "4、考勤情况:包括出勤天数、
        // 迟到早退次数等" · "5、业务知识掌握程度:通过定期的业务知识测试或考试".
        var calculator = new AgentScorecardCalculator(new ScorecardOptions());
        var kpis = new AgentPeriodKpis
        {
            AgentId = "agent-17",
            Csat = Csat(90, 10),                        // 90 %
            HandleTimes = Aht(1200, 330),               // 1,200 contacts, AHT 330 s
            Resolution = Resolution(90, 10),            // 90 %
            Fcr = Fcr(70, 30),                          // 70 %
            Attendance = Attendance(20, 0, 1, 0),       // 20 of 20 days, 1 late arrival
            KnowledgeTests = Tests(80, 90),             // (80 + 90) / 200 = 85 %
        };

        KpiScorecard card = calculator.Compute(kpis);
        AgentScorecard classic = calculator.Compute(new AgentPeriodFigures
        {
            AgentId = "agent-17", CsatPercent = 90, ContactsHandled = 1200, AverageHandleTime = Duration.FromSeconds(330),
            ResolutionPercent = 90, FirstContactResolutionPercent = 70, ScheduledDays = 20, AttendedDays = 20,
            LateArrivals = 1, EarlyLeaves = 0, KnowledgeTestPercent = 85,
        });

        Assert.Equal(classic.Total, card.Total!.Value, 9);
        Assert.Equal(88.84, card.Total!.Value, 2); // the worked example of docs/kpis.md
        Assert.Equal(
            new[] { ScorecardKpi.Csat, ScorecardKpi.ContactsPerDay, ScorecardKpi.AverageHandleTime, ScorecardKpi.ResolutionRate, ScorecardKpi.FirstContactResolution, ScorecardKpi.Attendance, ScorecardKpi.KnowledgeScore },
            card.Lines.Select(l => l.Kpi));
        Assert.Equal(60, card.Lines[1].Value);  // contacts per attended day
        Assert.Equal(95, card.Lines[5].Score);  // attendance: 100 − 1 × 5
    }

    [Fact]
    public void Seed004Card_CsatNpsCesFcrArt_IsExpressible()
    {
        // Seed 004 (客户服务职责), 10. 跟踪客户服务 KPI 和指标: "CSAT 分数 – 跟踪客户满意度" · "净推荐值 (NPS)" ·
        // "Customer Effort Score (CES) – 评估组织服务体验的难易程度" · "首次联系解决方案 (FCR)" · "平均解决时间 (ART)".
        var options = new ScorecardOptions();
        options.Components.Add(new ScorecardComponentOptions { Kpi = ScorecardKpi.Csat, Weight = 30, Target = 85 });
        options.Components.Add(new ScorecardComponentOptions { Kpi = ScorecardKpi.Nps, Weight = 20, Target = 50 });
        options.Components.Add(new ScorecardComponentOptions { Kpi = ScorecardKpi.Ces, Weight = 10, Target = 2, Direction = KpiDirection.LowerIsBetter });
        options.Components.Add(new ScorecardComponentOptions { Kpi = ScorecardKpi.FirstContactResolution, Weight = 20, Target = 75 });
        options.Components.Add(new ScorecardComponentOptions { Kpi = ScorecardKpi.AverageResolutionTime, Weight = 20, Target = 4 * 3600, Direction = KpiDirection.LowerIsBetter });
        var calculator = new AgentScorecardCalculator(options);

        var nps = default(NpsAccumulator);
        nps.Add(10, 60);
        nps.Add(8, 20);
        nps.Add(3, 20);                                  // NPS = 60 − 20 = 40 → 40 / 50 = 80
        var ces = new CesAccumulator(CesScale.Effort5);  // the original 1–5 effort scale, lower is easier
        ces.AddRange(new[] { 1, 2, 2, 3, 2 });                   // mean 2.0 → target 2 met → 100
        var art = new DurationAccumulator();
        art.AddRange([Duration.FromHours(4), Duration.FromHours(6)]); // ART 5 h → 4 / 5 = 80
        var kpis = new AgentPeriodKpis { AgentId = "agent-4", Csat = Csat(90, 10), Nps = nps, Ces = ces, Fcr = Fcr(60, 40), ResolutionTimes = art };

        KpiScorecard card = calculator.Compute(kpis);

        // CSAT 90 ≥ 85 → 100; FCR 60 / 75 → 80. Total (30·100 + 20·80 + 10·100 + 20·80 + 20·80) / 100 = 88.
        Assert.Equal(new double[] { 100, 80, 100, 80, 80 }, card.Lines.Select(l => Math.Round(l.Score!.Value, 9)));
        Assert.Equal(88, card.Total!.Value, 9);
        Assert.Equal(5 * 3600, card.Lines[4].Value);
    }

    [Fact]
    public void Card_ComponentWithoutData_HasNoScore_AndTotalIsOverTheRest()
    {
        var options = new ScorecardOptions();
        options.Components.Add(new ScorecardComponentOptions { Kpi = ScorecardKpi.Csat, Weight = 50, Target = 100 });
        options.Components.Add(new ScorecardComponentOptions { Kpi = ScorecardKpi.Nps, Weight = 50, Target = 50 });
        var calculator = new AgentScorecardCalculator(options);

        KpiScorecard card = calculator.Compute(new AgentPeriodKpis { AgentId = "a", Csat = Csat(9, 1) });
        Assert.False(card.Lines[1].HasValue);
        Assert.Null(card.Lines[1].Value);
        Assert.Equal(90, card.Total!.Value, 9);

        KpiScorecard empty = calculator.Compute(new AgentPeriodKpis { AgentId = "a" });
        Assert.False(empty.HasValue);
        Assert.Null(empty.Total);
        Assert.Equal("a: no data (Csat no data, Nps no data)", empty.ToString());
    }

    [Fact]
    public void Options_BadComponents_ListEveryErrorWithItsKey()
    {
        var options = new ScorecardOptions();
        options.Components.Add(new ScorecardComponentOptions { Kpi = (ScorecardKpi)99, Weight = -1, Target = 0, Direction = (KpiDirection)7 });
        var e = Assert.Throws<OptionsValidationException>(() => new AgentScorecardCalculator(options));
        Assert.Contains(e.Failures, f => f.StartsWith("Kpis:Scorecard:Components:0:Kpi is 99", StringComparison.Ordinal));
        Assert.Contains(e.Failures, f => f.StartsWith("Kpis:Scorecard:Components:0:Weight is -1", StringComparison.Ordinal));
        Assert.Contains(e.Failures, f => f.StartsWith("Kpis:Scorecard:Components:0:Target is 0", StringComparison.Ordinal));
        Assert.Contains(e.Failures, f => f.StartsWith("Kpis:Scorecard:Components:0:Direction is 7", StringComparison.Ordinal));
        Assert.Contains(e.Failures, f => f.StartsWith("Kpis:Scorecard:Components: the weights sum to 0", StringComparison.Ordinal));
    }

    [Fact]
    public void Options_CopiedAtConstruction()
    {
        var options = new ScorecardOptions();
        options.Components.Add(new ScorecardComponentOptions { Kpi = ScorecardKpi.Csat, Weight = 1, Target = 100 });
        var calculator = new AgentScorecardCalculator(options);
        options.Components[0].Target = 50;
        Assert.Equal(90, calculator.Compute(new AgentPeriodKpis { AgentId = "a", Csat = Csat(9, 1) }).Total!.Value, 9);
    }
}

/// <summary>Issue 19, "Empty data: every rate reports 'no data' in a dashboard-friendly way (a documented null/HasValue), not NaN %".</summary>
public sealed class NoDataTests
{
    [Fact]
    public void EveryEmptyRateAndMean_IsNoData_NeverNaN()
    {
        KpiRate none = default;
        Assert.False(none.HasValue);
        Assert.Null(none.Value);
        Assert.Null(none.Percent);
        Assert.Equal("0 / 0 (no data)", none.ToString());

        Assert.Null(new CsatAccumulator(CsatScale.Default).Percent);
        Assert.Null(new CsatAccumulator(CsatScale.Default).Mean);
        Assert.Null(default(NpsAccumulator).Score);
        Assert.Null(default(CesAccumulator).Mean);
        Assert.Null(default(CesAccumulator).EaseIndex);
        Assert.False(default(CesAccumulator).AgreeRate.HasValue);
        Assert.False(new FcrAccumulator(Duration.FromDays(7)).FirstContactResolution().HasValue);
        Assert.False(new QueueAccumulator(Duration.FromSeconds(20), Duration.FromSeconds(5)).ServiceLevel(AbandonHandling.Ignore).HasValue);
        Assert.False(default(AttendanceAccumulator).AttendanceRate.HasValue);
        Assert.False(default(KnowledgeTestAccumulator).Score.HasValue);
        TimeRatio ratio = default;
        Assert.False(ratio.HasValue);
        Assert.Null(ratio.Percent);
        Assert.False(new SlaComplianceAccumulator().OverallCompliance.HasValue);
    }

    [Fact]
    public void RateWithData_HasValue()
    {
        var rate = new KpiRate(74, 107);
        Assert.True(rate.HasValue);
        Assert.Equal(74.0 / 107, rate.Value);
        Assert.Equal("74 / 107 (69.16 %)", rate.ToString());
    }
}
