using CustomerService.Core.Leads;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NodaTime;

namespace CustomerService.Core.Tests.Leads;

public sealed class SegmentationRuleSetTests
{
    private static readonly FactSchema Schema = FactSchema.CreateBuilder()
        .AddCount("Orders").AddNumber("Spend").AddFlag("Vip").AddEnum("Channel", "Store", "Online", "Phone").AddDate("LastVisit").Build();

    private static readonly LocalDate Today = new(2026, 11, 23);

    private static FactValue[] Row(int? orders = null, double? spend = null, bool? vip = null, string? channel = null, LocalDate? lastVisit = null)
    {
        var row = Schema.CreateRow();
        row[0] = orders is { } o ? FactValue.FromCount(o) : FactValue.Missing;
        row[1] = spend is { } s ? FactValue.FromNumber(s) : FactValue.Missing;
        row[2] = vip is { } v ? FactValue.FromFlag(v) : FactValue.Missing;
        row[3] = channel is null ? FactValue.Missing : Schema.EnumValue("Channel", channel);
        row[4] = FactValue.FromDate(lastVisit);
        return row;
    }

    private static SegmentationRuleSet FirstMatch() =>
        SegmentationRuleSet.CreateBuilder("tiers", Schema, DateTimeZone.Utc)
            .AddRule("Vip", "Gold", RuleCondition.IsTrue("Vip"))
            .AddRule("BigSpender", "Silver", RuleCondition.AtLeast("Spend", 10_000), RuleCondition.GreaterThan("Orders", 2))
            .AddRule("Online", "Web", RuleCondition.In("Channel", "Online"))
            .AddRule("Lapsed", "Lapsed", RuleCondition.DateBefore("LastVisit", Period.FromDays(-90)))
            .AddRule("NoData", "Unknown", RuleCondition.IsMissing("Orders"))
            .Otherwise("Bronze")
            .Build();

    [Fact]
    public void Evaluate_FirstMatch_TakesFirstMatchingRuleInOrder()
    {
        var evaluator = FirstMatch().For(Today);

        Assert.Equal("Gold", evaluator.Evaluate(Row(orders: 5, spend: 20_000, vip: true)).Segment);
        Assert.Equal("Silver", evaluator.Evaluate(Row(orders: 3, spend: 10_000, vip: false)).Segment);
        Assert.Equal("Bronze", evaluator.Evaluate(Row(orders: 2, spend: 10_000, vip: false)).Segment);
        Assert.Equal("Web", evaluator.Evaluate(Row(orders: 1, channel: "Online")).Segment);
        Assert.Equal("Bronze", evaluator.Evaluate(Row(orders: 1, channel: "Phone")).Segment);
        Assert.Equal("Unknown", evaluator.Evaluate(Row()).Segment);
    }

    [Fact]
    public void Evaluate_DateRelativeToToday_IsStrictWhereAsked()
    {
        var evaluator = FirstMatch().For(Today);

        Assert.Equal("Lapsed", evaluator.Evaluate(Row(orders: 1, lastVisit: new LocalDate(2026, 8, 24))).Segment);
        Assert.Equal("Bronze", evaluator.Evaluate(Row(orders: 1, lastVisit: new LocalDate(2026, 8, 25))).Segment); // exactly 90 days ago
    }

    [Fact]
    public void Evaluate_MissingFact_MakesEveryConditionButIsMissingFalse()
    {
        var evaluator = FirstMatch().For(Today);
        var decision = evaluator.Evaluate(Row(orders: 0));

        Assert.Equal("Bronze", decision.Segment);
        Assert.True(decision.IsDefault);
        Assert.Equal(-1, decision.RuleIndex);
    }

    [Fact]
    public void Evaluate_ValueOfWrongKind_IsReadAsMissing()
    {
        var row = Row(orders: 5, spend: 20_000);
        row[2] = FactValue.FromCount(1); // a count where a flag is declared

        Assert.Equal("Silver", FirstMatch().For(Today).Evaluate(row).Segment);
    }

    [Fact]
    public void Evaluate_Scoring_SumsMatchedRulesAndPicksHighestBand()
    {
        var rules = SegmentationRuleSet.CreateBuilder("risk", Schema, DateTimeZone.Utc, RuleSetMode.Scoring)
            .AddScoringRule("FewOrders", 10, RuleCondition.AtMost("Orders", 1))
            .AddScoringRule("LowSpend", 20, RuleCondition.LessThan("Spend", 100))
            .AddScoringRule("NotVip", 5, RuleCondition.IsFalse("Vip"))
            .AddBand(30, "High")
            .AddBand(15, "Medium")
            .Otherwise("Low")
            .Build();
        var evaluator = rules.For(Today);

        var high = evaluator.Evaluate(Row(orders: 1, spend: 50, vip: false));
        Assert.Equal(("High", 35, 0b111UL), (high.Segment, high.Score, high.MatchedRules));
        var medium = evaluator.Evaluate(Row(orders: 1, spend: 500, vip: false));
        Assert.Equal(("Medium", 15, 0b101UL), (medium.Segment, medium.Score, medium.MatchedRules));
        var low = evaluator.Evaluate(Row(orders: 4, spend: 500, vip: true));
        Assert.Equal(("Low", 0), (low.Segment, low.Score));

        var explanation = evaluator.Explain(Row(orders: 1, spend: 500, vip: false));
        Assert.Equal(["FewOrders", "NotVip"], explanation.Matches.Select(m => m.RuleName));
    }

    private static SegmentationRuleSet Risk() =>
        SegmentationRuleSet.CreateBuilder("risk", Schema, DateTimeZone.Utc, RuleSetMode.Scoring)
            .AddScoringRule("FewOrders", 10, RuleCondition.AtMost("Orders", 1))
            .AddScoringRule("LowSpend", 20, RuleCondition.LessThan("Spend", 100))
            .AddBand(30, "High")
            .AddBand(15, "Medium")
            .Otherwise("Low")
            .Build();

    [Fact]
    public void Evaluate_ScoringTotalBelowEveryBand_IsDefault()
    {
        var evaluator = Risk().For(Today);

        var below = evaluator.Evaluate(Row(orders: 1, spend: 500)); // FewOrders matched: 10, below the lowest band (15)
        var none = evaluator.Evaluate(Row(orders: 4, spend: 500));
        var banded = evaluator.Evaluate(Row(orders: 1, spend: 50));

        Assert.Equal(("Low", 10, 0b01UL, true), (below.Segment, below.Score, below.MatchedRules, below.IsDefault));
        Assert.Equal(("Low", 0, true), (none.Segment, none.Score, none.IsDefault));
        Assert.Equal(("High", 30, false), (banded.Segment, banded.Score, banded.IsDefault));
        Assert.Contains("below every band: default segment", evaluator.Explain(Row(orders: 1, spend: 500)).ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_FirstMatchRuleMatched_IsNotDefault()
    {
        var decision = FirstMatch().For(Today).Evaluate(Row(orders: 5, vip: true));

        Assert.Equal(("Gold", 0, false), (decision.Segment, decision.RuleIndex, decision.IsDefault));
    }

    [Fact]
    public void EvaluateMany_Rows_GivesSameAsOneByOne()
    {
        var evaluator = FirstMatch().For(Today);
        var rows = Row(orders: 5, vip: true).Concat(Row(orders: 1, channel: "Online")).Concat(Row()).ToArray();
        var decisions = new SegmentDecision[3];

        evaluator.EvaluateMany(rows, decisions);

        Assert.Equal(["Gold", "Web", "Unknown"], decisions.Select(d => d.Segment));
    }

    [Fact]
    public void EvaluateMany_RaggedRows_Throws()
    {
        var evaluator = FirstMatch().For(Today);
        Assert.Throws<ArgumentException>(() => evaluator.EvaluateMany(new FactValue[7], new SegmentDecision[2]));
        Assert.Throws<ArgumentException>(() => evaluator.EvaluateMany(new FactValue[10], new SegmentDecision[1]));
    }

    [Fact]
    public void Evaluate_ShortRow_ThrowsNamingTheRuleSet()
    {
        var error = Assert.Throws<ArgumentException>(() => FirstMatch().For(Today).Evaluate(new FactValue[2]));
        Assert.Contains("tiers", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddRule_UnknownFact_ThrowsNamingRuleAndFact()
    {
        var builder = SegmentationRuleSet.CreateBuilder("tiers", Schema, DateTimeZone.Utc);
        var error = Assert.Throws<ArgumentException>(() => builder.AddRule("Broken", "X", RuleCondition.IsTrue("Vipp")));
        Assert.Contains("Broken", error.Message, StringComparison.Ordinal);
        Assert.Contains("Vipp", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddRule_OperatorDoesNotFitKind_Throws()
    {
        var builder = SegmentationRuleSet.CreateBuilder("tiers", Schema, DateTimeZone.Utc);
        Assert.Throws<ArgumentException>(() => builder.AddRule("R", "X", RuleCondition.AtLeast("Vip", 1)));
        Assert.Throws<ArgumentException>(() => builder.AddRule("R", "X", RuleCondition.DateBefore("Orders", Period.Zero)));
        Assert.Throws<ArgumentException>(() => builder.AddRule("R", "X", RuleCondition.In("Channel", "Fax")));
    }

    [Fact]
    public void AddRule_DuplicateName_Throws()
    {
        var builder = SegmentationRuleSet.CreateBuilder("tiers", Schema, DateTimeZone.Utc).AddRule("R", "X");
        Assert.Throws<ArgumentException>(() => builder.AddRule("R", "Y"));
    }

    [Fact]
    public void Build_WithoutDefault_Throws()
    {
        var builder = SegmentationRuleSet.CreateBuilder("tiers", Schema, DateTimeZone.Utc).AddRule("R", "X");
        var error = Assert.Throws<ArgumentException>(() => builder.Build());
        Assert.Contains("default segment", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_NoRules_ThrowsArgumentExceptionNamingTheRuleSet()
    {
        var builder = SegmentationRuleSet.CreateBuilder("tiers", Schema, DateTimeZone.Utc).Otherwise("X");

        var error = Assert.Throws<ArgumentException>(() => builder.Build());

        Assert.Contains("'tiers' has no rules", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_ScoringWithoutBands_ThrowsArgumentException()
    {
        var builder = SegmentationRuleSet.CreateBuilder("risk", Schema, DateTimeZone.Utc, RuleSetMode.Scoring)
            .AddScoringRule("FewOrders", 10, RuleCondition.AtMost("Orders", 1))
            .Otherwise("Low");

        var error = Assert.Throws<ArgumentException>(() => builder.Build());

        Assert.Contains("'risk' has no score bands", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_Twice_Throws()
    {
        var builder = SegmentationRuleSet.CreateBuilder("tiers", Schema, DateTimeZone.Utc).AddRule("Any", "X").Otherwise("X");
        builder.Build();
        Assert.Throws<InvalidOperationException>(() => builder.Build());
        Assert.Throws<InvalidOperationException>(() => builder.AddRule("R", "X"));
    }

    [Fact]
    public void AddScoringRule_OnFirstMatchSet_Throws()
    {
        var builder = SegmentationRuleSet.CreateBuilder("tiers", Schema, DateTimeZone.Utc);
        Assert.Throws<ArgumentException>(() => builder.AddScoringRule("R", 1));
        Assert.Throws<ArgumentException>(() => builder.AddBand(1, "X"));
    }

    [Fact]
    public void AddScoringRule_MoreThan64_Throws()
    {
        var builder = SegmentationRuleSet.CreateBuilder("big", Schema, DateTimeZone.Utc, RuleSetMode.Scoring);
        for (var i = 0; i < 64; i++)
        {
            builder.AddScoringRule("R" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), 1);
        }

        Assert.Throws<ArgumentException>(() => builder.AddScoringRule("R64", 1));
    }

    [Fact]
    public void AddScoringRule_ScoreThatCouldOverflowTheTotal_ThrowsNamingScore()
    {
        // 64 rules of int.MaxValue used to wrap the total to a negative score and the lowest band.
        var builder = SegmentationRuleSet.CreateBuilder("big", Schema, DateTimeZone.Utc, RuleSetMode.Scoring);

        Assert.Equal("score", Assert.Throws<ArgumentOutOfRangeException>(() => builder.AddScoringRule("Huge", int.MaxValue)).ParamName);
        Assert.Equal("score", Assert.Throws<ArgumentOutOfRangeException>(() => builder.AddScoringRule("Tiny", int.MinValue)).ParamName);

        builder.AddScoringRule("A", SegmentationRuleSet.MaxRuleScore).AddScoringRule("B", SegmentationRuleSet.MaxRuleScore).AddBand(0, "High").Otherwise("Low");
        var decision = builder.Build().For(Today).Evaluate(Row());
        Assert.Equal(("High", 2 * SegmentationRuleSet.MaxRuleScore), (decision.Segment, decision.Score));
    }

    [Fact]
    public void Explain_EnumOrdinalTheSchemaDoesNotDeclare_DescribesItWithoutThrowing()
    {
        var row = Row(orders: 1);
        row[3] = FactValue.FromEnumOrdinal(40); // Channel declares three names

        var rules = SegmentationRuleSet.CreateBuilder("channels", Schema, DateTimeZone.Utc)
            .AddRule("AnyChannel", "Known", RuleCondition.IsPresent("Channel")).Otherwise("Unknown").Build();
        var explanation = rules.For(Today).Explain(row);

        Assert.Equal("Known", explanation.Decision.Segment);
        Assert.Contains("Channel = #40 (undeclared)", explanation.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void For_ThresholdOutOfRange_Throws()
    {
        var rules = SegmentationRuleSet.CreateBuilder("far", Schema, DateTimeZone.Utc)
            .AddRule("Far", "X", RuleCondition.DateBefore("LastVisit", Period.FromYears(5))).Otherwise("Y").Build();
        Assert.Throws<ArgumentOutOfRangeException>(() => rules.For(new LocalDate(9998, 1, 1)));
    }

    [Fact]
    public void Segments_ListsEveryPossibleSegment()
    {
        Assert.Equal(["Gold", "Silver", "Web", "Lapsed", "Unknown", "Bronze"], FirstMatch().Segments);
    }

    [Property(MaxTest = 300)]
    public Property Evaluate_AnyRowOnBuiltInSets_GivesOneOfTheirSegments_Meets_Specification() =>
        Prop.ForAll(Rows().ToArbitrary(), row =>
        {
            var today = new LocalDate(2026, 11, 23);
            return new[] { RfmSegmentation.CreateRuleSet(DateTimeZone.Utc), ChurnRisk.CreateRuleSet(DateTimeZone.Utc) }
                .All(rules =>
                {
                    var decision = rules.For(today).Evaluate(row.AsSpan(0, rules.Schema.Count));
                    return rules.Segments.Contains(decision.Segment) && decision == rules.For(today).Evaluate(row.AsSpan(0, rules.Schema.Count));
                });
        });

    private static Gen<FactValue[]> Rows()
    {
        var value = Gen.OneOf(
            Gen.Constant(FactValue.Missing),
            Gen.Choose(0, 7).Select(FactValue.FromCount),
            Gen.Choose(-5, 50).Select(n => FactValue.FromNumber(n / 10.0)),
            Gen.Elements(true, false).Select(FactValue.FromFlag),
            LeadsArbitraries.Dates(2020, 2030).Select(FactValue.FromDate));
        return value.ArrayOf(4);
    }
}
