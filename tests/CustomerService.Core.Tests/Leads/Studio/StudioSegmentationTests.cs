using CustomerService.Core.Leads;
using CustomerService.Core.Leads.Studio;
using NodaTime;

namespace CustomerService.Core.Tests.Leads.Studio;

public sealed partial class StudioSegmentationTests
{
    private static readonly DateTimeZone Shanghai = DateTimeZoneProviders.Tzdb["Asia/Shanghai"];
    private static readonly SegmentationRuleSet Rules = StudioSegmentation.CreateRuleSet(Shanghai);

    private static string Segment(LocalDate today, LocalDate? wedding, bool? partner = true, bool? married = false, bool order = false)
    {
        var row = StudioSegmentation.Schema.CreateRow();
        StudioSegmentation.WriteFacts(wedding, partner, married, order, row);
        return Rules.For(today).Evaluate(row).Segment;
    }

    [Theory]
    [InlineData("2026-11-23", "2027-05-23", "A")] // exactly today + 6 months
    [InlineData("2026-11-23", "2027-05-24", "B")] // one day past
    [InlineData("2026-11-23", "2026-11-23", "A")] // wedding today
    [InlineData("2026-11-23", "2026-11-22", "D")] // wedding yesterday: married
    [InlineData("2026-11-23", "2027-11-23", "B")] // exactly a year
    [InlineData("2026-11-23", "2027-11-24", "C")] // just over a year: C starts where B ends
    [InlineData("2026-11-23", "2028-11-23", "C")] // two years
    [InlineData("2026-11-23", "2029-11-23", "C")] // exactly three years
    [InlineData("2026-11-23", "2029-11-24", "U")] // beyond three years
    public void Evaluate_WeddingDateBoundaries_GivesSeedMarks(string today, string wedding, string expected)
    {
        Assert.Equal(expected, Segment(Date(today), Date(wedding)));
    }

    [Theory]
    [InlineData("2026-08-31", "2027-02-28", "A")] // 31 Aug + 6 months clamps to 28 Feb
    [InlineData("2026-08-31", "2027-03-01", "B")]
    [InlineData("2027-08-31", "2028-02-29", "A")] // clamps to 29 Feb in a leap year
    [InlineData("2027-08-31", "2028-03-01", "B")]
    [InlineData("2028-02-29", "2029-02-28", "B")] // 29 Feb + 1 year = 28 Feb
    [InlineData("2028-02-29", "2029-03-01", "C")]
    [InlineData("2028-02-29", "2031-02-28", "C")] // + 3 years = 28 Feb 2031
    [InlineData("2028-02-29", "2031-03-01", "U")]
    public void Evaluate_MonthEndAndLeapDay_ClampsToLastDayOfMonth(string today, string wedding, string expected)
    {
        Assert.Equal(expected, Segment(Date(today), Date(wedding)));
    }

    [Fact]
    public void Evaluate_NoPartner_IsD()
    {
        Assert.Equal(StudioSegments.D, Segment(Date("2026-11-23"), null, partner: false));
    }

    [Fact]
    public void Evaluate_AlreadyMarried_IsDEvenWithFutureDate()
    {
        Assert.Equal(StudioSegments.D, Segment(Date("2026-11-23"), Date("2027-01-01"), married: true));
    }

    [Fact]
    public void Evaluate_UnknownWeddingDate_IsUnsorted()
    {
        Assert.Equal(StudioSegments.Unsorted, Segment(Date("2026-11-23"), null));
    }

    [Theory]
    [InlineData("2027-01-01", "A")]
    [InlineData("2027-08-01", "B")]
    [InlineData("2028-08-01", "B")]
    [InlineData("2035-08-01", "B")]
    [InlineData("2025-01-01", "D")]
    public void Evaluate_OrderCustomer_IsOnlyABOrD(string wedding, string expected)
    {
        Assert.Equal(expected, Segment(Date("2026-11-23"), Date(wedding), order: true));
    }

    [Fact]
    public void Evaluate_OrderCustomerWithoutDate_IsB()
    {
        Assert.Equal(StudioSegments.B, Segment(Date("2026-11-23"), null, order: true));
    }

    [Fact]
    public void For_Instant_CountsTodayInTheStudioZone()
    {
        // 16:30 UTC on 23 November is 00:30 on 24 November in Shanghai: the six months run from the 24th.
        var now = Instant.FromUtc(2026, 11, 23, 16, 30);
        var row = StudioSegmentation.Schema.CreateRow();
        StudioSegmentation.WriteFacts(Date("2027-05-24"), true, false, false, row);

        Assert.Equal(Date("2026-11-24"), Rules.TodayAt(now));
        Assert.Equal(StudioSegments.A, Rules.For(now).Evaluate(row).Segment);
        Assert.Equal(StudioSegments.B, StudioSegmentation.CreateRuleSet(DateTimeZone.Utc).For(now).Evaluate(row).Segment);
    }

    [Fact]
    public void Explain_WithinSixMonths_NamesRuleFactAndThreshold()
    {
        var row = StudioSegmentation.Schema.CreateRow();
        StudioSegmentation.WriteFacts(Date("2027-01-10"), true, false, false, row);

        var explanation = Rules.For(Date("2026-11-23")).Explain(row);

        var match = Assert.Single(explanation.Matches);
        Assert.Equal("WithinSixMonths", match.RuleName);
        var evidence = Assert.Single(match.Evidence);
        Assert.Equal("WeddingDate", evidence.Fact);
        Assert.Equal("2027-01-10", evidence.Value);
        Assert.Equal("2027-05-23", evidence.Threshold);
        Assert.Contains("WeddingDate <= today + P6M", explanation.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Explain_NoRuleMatched_SaysDefault()
    {
        var row = StudioSegmentation.Schema.CreateRow();
        StudioSegmentation.WriteFacts(null, true, false, false, row);

        var explanation = Rules.For(Date("2026-11-23")).Explain(row);

        Assert.Empty(explanation.Matches);
        Assert.True(explanation.Decision.IsDefault);
        Assert.Contains("default", explanation.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void WriteFacts_FromProfile_MatchesExplicitFacts()
    {
        var profile = new CustomerProfile("HT-1") { WeddingDate = Date("2027-02-01"), HasPartner = true, Married = false };
        var row = StudioSegmentation.Schema.CreateRow();
        StudioSegmentation.WriteFacts(profile, row);

        Assert.Equal(StudioSegments.A, Rules.For(Date("2026-11-23")).Evaluate(row).Segment);
    }

    [Fact]
    public void WriteFacts_ShortRow_Throws()
    {
        Assert.Throws<ArgumentException>(() => StudioSegmentation.WriteFacts(null, true, false, false, new FactValue[3]));
    }

    internal static LocalDate Date(string iso) => NodaTime.Text.LocalDatePattern.Iso.Parse(iso).Value;
}
