using CustomerService.Core.Leads;
using NodaTime;

namespace CustomerService.Core.Tests.Leads;

public sealed class RfmSegmentationTests
{
    [Theory]
    [InlineData(5, 5, "Champions")]
    [InlineData(5, 4, "Champions")]
    [InlineData(4, 4, "Loyal")]
    [InlineData(3, 5, "Loyal")]
    [InlineData(2, 5, "Can't Lose Them")]
    [InlineData(1, 3, "At Risk")]
    [InlineData(2, 4, "At Risk")]
    [InlineData(1, 1, "Hibernating")]
    [InlineData(2, 2, "Hibernating")]
    [InlineData(3, 2, "About To Sleep")]
    [InlineData(3, 3, "Need Attention")]
    [InlineData(4, 2, "Potential Loyalists")]
    [InlineData(5, 3, "Potential Loyalists")]
    [InlineData(4, 1, "Promising")]
    [InlineData(5, 1, "New Customers")]
    public void RuleSet_Grid_GivesStandardNames(int recency, int frequency, string expected)
    {
        var row = RfmSegmentation.Schema.CreateRow();
        RfmSegmentation.WriteFacts(new RfmScore(recency, frequency, 3), row);

        var decision = RfmSegmentation.CreateRuleSet(DateTimeZone.Utc).For(new LocalDate(2026, 1, 1)).Evaluate(row);

        Assert.Equal(expected, decision.Segment);
        Assert.False(decision.IsDefault);
    }

    [Fact]
    public void RuleSet_EveryScorePair_MatchesExactlyOneGridRule()
    {
        var evaluator = RfmSegmentation.CreateRuleSet(DateTimeZone.Utc).For(new LocalDate(2026, 1, 1));
        var row = RfmSegmentation.Schema.CreateRow();
        for (var r = 1; r <= 5; r++)
        {
            for (var f = 1; f <= 5; f++)
            {
                RfmSegmentation.WriteFacts(new RfmScore(r, f, 1), row);
                var rules = evaluator.RuleSet.Rules.Count(rule => rule.Conditions.All(c => Holds(c, r, f)));
                Assert.Equal(1, rules);
                Assert.False(evaluator.Evaluate(row).IsDefault);
            }
        }
    }

    [Fact]
    public void RecencyDays_CountsCalendarDays()
    {
        Assert.Equal(31, RfmSegmentation.RecencyDays(new LocalDate(2026, 1, 1), new LocalDate(2026, 2, 1)));
        Assert.Equal(0, RfmSegmentation.RecencyDays(new LocalDate(2026, 3, 1), new LocalDate(2026, 2, 1)));
    }

    private static bool Holds(RuleCondition c, int r, int f)
    {
        var value = c.Fact == RfmSegmentation.RecencyScore ? r : f;
        return c.Operator switch
        {
            ConditionOperator.AtLeast => value >= c.Operand,
            ConditionOperator.AtMost => value <= c.Operand,
            _ => throw new InvalidOperationException(c.ToString()),
        };
    }

    [Fact]
    public void RecencyDays_DatesOfAnotherCalendar_CountAsIso()
    {
        var julianPurchase = new LocalDate(2026, 1, 1).WithCalendar(CalendarSystem.Julian);

        Assert.Equal(31, RfmSegmentation.RecencyDays(julianPurchase, new LocalDate(2026, 2, 1)));
    }
}
