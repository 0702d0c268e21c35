using CustomerService.Core.Leads;
using CustomerService.Core.Leads.Studio;
using NodaTime;

namespace CustomerService.Core.Tests.Leads;

/// <summary>Every public entry point of the leads area rejects bad input with a documented type naming its own parameter.</summary>
public sealed class ExceptionContractTests
{
    private static readonly FactSchema Schema = FactSchema.CreateBuilder().AddCount("Orders").AddDate("LastVisit").AddEnum("Channel", "Store", "Online").Build();

    private static void AssertNames<T>(string parameter, Action action)
        where T : ArgumentException =>
        Assert.Equal(parameter, Assert.Throws<T>(action).ParamName);

    private static void AssertNames<T>(string parameter, Func<object?> create)
        where T : ArgumentException =>
        Assert.Equal(parameter, Assert.Throws<T>(create).ParamName);

    [Fact]
    public void Builder_RuleOfTheOtherMode_ThrowsArgumentExceptionNamingTheMismatchedArgument()
    {
        var scoring = SegmentationRuleSet.CreateBuilder("risk", Schema, DateTimeZone.Utc, RuleSetMode.Scoring);
        var firstMatch = SegmentationRuleSet.CreateBuilder("tiers", Schema, DateTimeZone.Utc);

        AssertNames<ArgumentException>("segment", () => scoring.AddRule("R", "X"));
        AssertNames<ArgumentException>("score", () => firstMatch.AddScoringRule("R", 1));
        AssertNames<ArgumentException>("minScore", () => firstMatch.AddBand(1, "X"));
    }

    [Fact]
    public void TodayAt_InstantWhoseLocalDateNodaTimeCannotHold_ThrowsNamingNow()
    {
        var rules = SegmentationRuleSet.CreateBuilder("east", Schema, DateTimeZoneProviders.Tzdb["Asia/Shanghai"]).AddRule("Any", "X").Otherwise("Y").Build();

        AssertNames<ArgumentOutOfRangeException>("now", () => rules.TodayAt(Instant.MaxValue));
        AssertNames<ArgumentOutOfRangeException>("now", () => rules.For(Instant.MaxValue));
        Assert.Equal(new LocalDate(9999, 12, 31), SegmentationRuleSet.CreateBuilder("utc", Schema, DateTimeZone.Utc).AddRule("Any", "X").Otherwise("Y").Build().TodayAt(Instant.MaxValue));
    }

    [Fact]
    public void For_ThresholdBeforeNodaTimesFirstDay_NamesTodayAndTheRealRange()
    {
        var rules = ChurnRisk.CreateRuleSet(DateTimeZone.Utc);

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => rules.For(LocalDate.MinIsoValue));

        Assert.Equal("today", error.ParamName);
        Assert.Contains("-9998-01-01 to 9999-12-31", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DateCondition_PeriodWithTimeUnits_ThrowsNamingOffset()
    {
        // NodaTime used to reject it only when the rule set was bound to a day, naming its own parameter 'period'.
        AssertNames<ArgumentException>("offset", () => RuleCondition.DateBefore("LastVisit", Period.FromHours(36)));
        AssertNames<ArgumentException>("offset", () => RuleCondition.DateOnOrAfter("LastVisit", Period.FromDays(1) + Period.FromMinutes(1)));
    }

    [Fact]
    public void In_NullOrBlankValue_ThrowsNamingValues()
    {
        AssertNames<ArgumentException>("values", () => RuleCondition.In("Channel", "Store", null!));
        AssertNames<ArgumentException>("values", () => RuleCondition.In("Channel", " "));
    }

    [Fact]
    public void FactSchema_NullNames_ThrowNamingOurParameters()
    {
        AssertNames<ArgumentNullException>("name", () => Schema.TryGetIndex(null!, out _));
        AssertNames<ArgumentNullException>("value", () => Schema.EnumValue("Channel", null!));
        AssertNames<ArgumentNullException>("fact", () => Schema.EnumValue(null!, "Store"));
    }

    [Fact]
    public void Catalog_RuleSetWithoutName_ThrowsNamingRuleSets()
    {
        var rules = ChurnRisk.CreateRuleSet(DateTimeZone.Utc);

        AssertNames<ArgumentException>("ruleSets", () => new SegmentationRuleSetCatalog([new KeyValuePair<string, SegmentationRuleSet>(null!, rules)]));
        AssertNames<ArgumentException>("ruleSets", () => new SegmentationRuleSetCatalog([new KeyValuePair<string, SegmentationRuleSet>(" ", rules)]));
    }

    [Fact]
    public void WriteFacts_BadCounts_NameOurParameterAndLeaveTheRowUntouched()
    {
        var row = ChurnRisk.Schema.CreateRow();
        AssertNames<ArgumentOutOfRangeException>("unresolvedComplaints", () => ChurnRisk.WriteFacts(-1, 0, 0, false, null, row));

        var rfmRow = RfmSegmentation.Schema.CreateRow();
        AssertNames<ArgumentOutOfRangeException>("score", () => RfmSegmentation.WriteFacts(new RfmScore(5, -1, 3), rfmRow));
        AssertNames<ArgumentOutOfRangeException>("score", () => RfmSegmentation.WriteFacts(new RfmScore(6, 1, 3), rfmRow));
        AssertNames<ArgumentOutOfRangeException>("score", () => RfmSegmentation.WriteFacts(default, rfmRow));
        Assert.All(rfmRow, v => Assert.True(v.IsMissing));
    }

    [Fact]
    public void RfmScore_NegativeOrNonFiniteInputs_ThrowNamingEachParameter()
    {
        var quintiles = RfmQuintiles.FromPopulation([1, 2, 3], [1, 2, 3], [10, 20, 30]);

        AssertNames<ArgumentOutOfRangeException>("recencyDays", () => quintiles.Score(-1, 1, 10));
        AssertNames<ArgumentOutOfRangeException>("frequency", () => quintiles.Score(1, -1, 10));
        AssertNames<ArgumentOutOfRangeException>("monetary", () => quintiles.Score(1, 1, double.NaN));
        AssertNames<ArgumentOutOfRangeException>("monetary", () => quintiles.Score(1, 1, double.PositiveInfinity));
    }

    [Fact]
    public void Ids_Empty_ThrowNamingTheConstructorParameter()
    {
        AssertNames<ArgumentException>("Id", () => new CustomerProfile(" "));
        AssertNames<ArgumentException>("CustomerId", () => VisitOutcome.FullPayment(" ", Instant.FromUtc(2026, 1, 1, 0, 0)));
        AssertNames<ArgumentException>("value", () => new CustomerProfile("c1") { Id = "" });
    }

    [Fact]
    public void FactValue_WrongKindRead_IsInvalidOperationAsDocumented()
    {
        // A read of the wrong kind is a question about the value's state, not a bad argument: like Nullable<T>.Value.
        Assert.Throws<InvalidOperationException>(() => FactValue.FromCount(1).Date);
        Assert.Throws<InvalidOperationException>(() => FactValue.Missing.Number);
        Assert.Throws<InvalidOperationException>(() => FactValue.FromDate(new LocalDate(2026, 1, 1)).Number);
    }
}
