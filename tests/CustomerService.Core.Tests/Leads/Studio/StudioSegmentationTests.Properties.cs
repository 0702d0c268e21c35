using CustomerService.Core.Leads;
using CustomerService.Core.Leads.Studio;
using FsCheck.Xunit;
using NodaTime;

namespace CustomerService.Core.Tests.Leads.Studio;

public sealed partial class StudioSegmentationTests
{

    private static readonly string[] Marks = [StudioSegments.A, StudioSegments.B, StudioSegments.C, StudioSegments.D, StudioSegments.Unsorted];

    private static SegmentDecision Decide(StudioCase c)
    {
        var row = StudioSegmentation.Schema.CreateRow();
        StudioSegmentation.WriteFacts(c.Wedding, c.Partner, c.Married, c.Order, row);
        return Rules.For(c.Today).Evaluate(row);
    }

    [Property(Arbitrary = [typeof(LeadsArbitraries)], MaxTest = 500)]
    public bool Evaluate_IsTotalAndDeterministic_Meets_Specification(StudioCase c)
    {
        var first = Decide(c);
        var second = Decide(c);
        return Marks.Contains(first.Segment) && first == second;
    }

    [Property(Arbitrary = [typeof(LeadsArbitraries)], MaxTest = 500)]
    public bool Evaluate_OrderCustomers_AreOnlyABOrD_Meets_Specification(StudioCase c)
    {
        var segment = Decide(c with { Order = true }).Segment;
        return segment is StudioSegments.A or StudioSegments.B or StudioSegments.D;
    }

    [Property(Arbitrary = [typeof(LeadsArbitraries)], MaxTest = 500)]
    public bool Evaluate_MatchesSeedDefinitionByMonthArithmetic_Meets_Specification(StudioCase c)
    {
        // Independent statement of the seed's marks, with the documented clamping of month arithmetic.
        string expected;
        if (c.Partner == false || c.Married == true || (c.Wedding is { } past && past < c.Today))
        {
            expected = StudioSegments.D;
        }
        else if (c.Wedding is { } w && w <= c.Today.PlusMonths(6))
        {
            expected = StudioSegments.A;
        }
        else if (c.Wedding is { } w1 && w1 <= c.Today.PlusYears(1))
        {
            expected = StudioSegments.B;
        }
        else if (c.Order)
        {
            expected = StudioSegments.B;
        }
        else if (c.Wedding is { } w3 && w3 <= c.Today.PlusYears(3))
        {
            expected = StudioSegments.C;
        }
        else
        {
            expected = StudioSegments.Unsorted;
        }

        return Decide(c).Segment == expected;
    }
}
