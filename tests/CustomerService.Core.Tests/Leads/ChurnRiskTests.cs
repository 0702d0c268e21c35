using CustomerService.Core.Leads;
using NodaTime;

namespace CustomerService.Core.Tests.Leads;

public sealed class ChurnRiskTests
{
    private static readonly LocalDate Today = new(2026, 11, 23);
    private static readonly SegmentEvaluator Evaluator = ChurnRisk.CreateRuleSet(DateTimeZone.Utc).For(Today);

    private static SegmentDecision Evaluate(int complaints, int previous, int recent, bool left, LocalDate? lastContact)
    {
        var row = ChurnRisk.Schema.CreateRow();
        ChurnRisk.WriteFacts(complaints, previous, recent, left, lastContact, row);
        return Evaluator.Evaluate(row);
    }

    [Fact]
    public void Evaluate_HappyCustomer_IsLow()
    {
        var decision = Evaluate(0, 4, 4, false, Today.PlusDays(-3));
        Assert.Equal((ChurnRisk.Low, 0), (decision.Segment, decision.Score));
    }

    [Fact]
    public void Evaluate_UnresolvedComplaint_IsMedium()
    {
        Assert.Equal((ChurnRisk.Medium, 40), (Evaluate(1, 4, 4, false, Today).Segment, Evaluate(1, 4, 4, false, Today).Score));
    }

    [Fact]
    public void Evaluate_RepresentativeLeftAndFallingPurchases_IsMediumThenHighWithSilence()
    {
        Assert.Equal(50, Evaluate(0, 4, 2, true, Today).Score);
        Assert.Equal(ChurnRisk.Medium, Evaluate(0, 4, 2, true, Today).Segment);
        var silent = Evaluate(0, 4, 2, true, Today.PlusDays(-91));
        Assert.Equal((ChurnRisk.High, 80), (silent.Segment, silent.Score));
    }

    [Theory]
    [InlineData(-7, 0)] // exactly a week: weekly care kept
    [InlineData(-8, 10)]
    [InlineData(-90, 10)]
    [InlineData(-91, 30)]
    public void Evaluate_Silence_CountsFromToday(int days, int expectedScore)
    {
        Assert.Equal(expectedScore, Evaluate(0, 0, 0, false, Today.PlusDays(days)).Score);
    }

    [Fact]
    public void Evaluate_NoPreviousPurchases_IsNotFalling()
    {
        Assert.Equal(0, Evaluate(0, 0, 0, false, Today).Score);
    }

    [Fact]
    public void Explain_High_ListsEveryCause()
    {
        var row = ChurnRisk.Schema.CreateRow();
        ChurnRisk.WriteFacts(3, 6, 1, true, Today.PlusDays(-120), row);

        var explanation = Evaluator.Explain(row);

        Assert.Equal(ChurnRisk.High, explanation.Decision.Segment);
        Assert.Equal(["UnresolvedComplaint", "RepeatedComplaints", "FallingPurchases", "RepresentativeLeft", "NoWeeklyCare", "LongSilence"], explanation.Matches.Select(m => m.RuleName));
        Assert.Equal(140, explanation.Decision.Score);
        Assert.Contains("(score 140)", explanation.ToString(), StringComparison.Ordinal);
        Assert.Contains("by rule LongSilence (+20): LastContact < today + P-90D", explanation.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void WriteFacts_NegativeCounts_Throw()
    {
        var row = ChurnRisk.Schema.CreateRow();
        Assert.Throws<ArgumentOutOfRangeException>(() => ChurnRisk.WriteFacts(-1, 0, 0, false, null, row));
        Assert.Throws<ArgumentOutOfRangeException>(() => ChurnRisk.WriteFacts(0, -1, 0, false, null, row));
    }
}
