using CustomerService.Core.Leads;
using CustomerService.Core.Routing;
using CustomerService.Core.Tickets;
using NodaTime;

namespace CustomerService.Core.Tests.Routing;

/// <summary>Classification and the dispatch table of the seed desk (docs/routing.md).</summary>
public sealed class RoutingTableTests : IDisposable
{
    private static readonly Instant Monday1030 = RoutingDesk.At(7, 10, 30);
    private readonly RoutingDesk _desk = new(Monday1030);

    private RoutingTable Table => _desk.Table;

    public void Dispose() => _desk.Dispose();

    [Fact]
    public void Classify_LoyalCustomersComplaint_TakesLoyalCareByItsRule()
    {
        var route = Table.Classify(RoutingDesk.Facts(Table, "Complaint", segment: "Loyal"), Monday1030, out var classification);

        Assert.Equal("Loyal care", route.Name);
        Assert.Equal("LoyalComplaint", Table.Classification.Rules[classification.RuleIndex].Name);
        Assert.Equal(TicketPriority.High, route.Priority);
        Assert.Equal("Complaints desk", route.Queue.Name);
    }

    [Fact]
    public void Classify_RegularComplaint_FallsToTheNextRule()
    {
        var route = Table.Classify(RoutingDesk.Facts(Table, "Complaint"), Monday1030, out var classification);

        Assert.Equal("Complaints", route.Name);
        Assert.Equal("Complaint", Table.Classification.Rules[classification.RuleIndex].Name);
    }

    [Fact]
    public void Classify_NoRuleMatches_TakesTheDefaultRoute()
    {
        var route = Table.Classify(RoutingDesk.Facts(Table, "Inquiry"), Monday1030, out var classification);

        Assert.Equal("General", route.Name);
        Assert.True(classification.IsDefault);
        Assert.Equal(-1, classification.RuleIndex);
    }

    [Fact]
    public void Classify_ShortFactsRow_ThrowsNamingTheRow()
    {
        var e = Assert.Throws<ArgumentException>(() => Table.Classify(new FactValue[2], Monday1030, out _));

        Assert.Equal("facts", e.ParamName);
    }

    [Fact]
    public void DispatchTable_CategoryRow_OverridesTheDepartmentsLimit()
    {
        var workshop = Table.Departments["Workshop"];

        Assert.Equal(Duration.FromHours(8), workshop.GetDispatch(TicketCategory.TechnicalSupport).TimeLimit);
        Assert.Equal(Duration.FromHours(16), workshop.GetDispatch(TicketCategory.Repair).TimeLimit);
        Assert.Equal("workshop-lead", workshop.GetDispatch(TicketCategory.Repair).EscalationContact);
        Assert.Equal(Enum.GetValues<TicketCategory>().Length, workshop.Table.Count);
    }

    [Fact]
    public void DispatchTable_RoutesOwnLimit_OverridesTheTable()
    {
        var refunds = Table.Routes.Single(r => r.Name == "Refunds");

        var terms = refunds.GetDispatch(TicketCategory.OrderReturnExchange)!.Value;

        Assert.Equal("Finance", terms.Department);
        Assert.Equal(Duration.FromHours(4), terms.TimeLimit);
        Assert.Equal("finance-lead", terms.EscalationContact);
    }

    [Fact]
    public void DispatchTable_RouteWithoutDepartment_HasNoDispatch()
    {
        Assert.Null(Table.Routes.Single(r => r.Name == "General").GetDispatch(TicketCategory.Inquiry));
    }

    [Fact]
    public void DispatchTable_UndefinedCategory_ThrowsNamingIt()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Table.Departments["Workshop"].GetDispatch(0));

        Assert.Equal("category", e.ParamName);
    }

    [Fact]
    public void DeadlineFrom_CountsTheLimitInTheDepartmentsOpenHours()
    {
        // Workshop: 08:30-12:00 and 13:00-17:30 on weekdays (8 h a day). From Monday 10:30, 16 h is 6 h on Monday
        // (10:30-12:00, 13:00-17:30), 8 h on Tuesday, and 2 h on Wednesday morning: Wednesday 10:30.
        var terms = Table.Departments["Workshop"].GetDispatch(TicketCategory.Repair);

        var deadline = terms.DeadlineFrom(Monday1030);

        Assert.Equal(RoutingDesk.At(9, 10, 30), deadline);
        Assert.Equal(terms.TimeLimit, terms.Calendar.BusinessTimeBetween(Monday1030, deadline));
    }

    [Fact]
    public void Explain_NamesTheRuleTheStrategyAndWhyThisAgent()
    {
        var statuses = new AgentStatus[Table.Agents.Count];
        _desk.Board.GetStatuses(Table, Monday1030, statuses);

        var explanation = Table.Explain(RoutingDesk.Facts(Table, "Complaint", segment: "Loyal"), Monday1030, statuses, new CustomerAffinity("zhang", null), 0);

        Assert.Equal(explanation.Decision, Table.Decide(RoutingDesk.Facts(Table, "Complaint", segment: "Loyal"), Monday1030, statuses, new CustomerAffinity("zhang", null), 0));
        Assert.Contains("by rule LoyalComplaint", explanation.Classification, StringComparison.Ordinal);
        Assert.Contains("SkillsMatch", explanation.Assignment[0], StringComparison.Ordinal);
        Assert.Contains("'zhang' not available (OffShift", explanation.Assignment[1], StringComparison.Ordinal);
        Assert.Contains("chose 'wang' by skills match", explanation.Assignment[^1], StringComparison.Ordinal);
        Assert.Contains("chose 'wang'", explanation.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_ShortStatuses_ThrowsNamingThem()
    {
        var e = Assert.Throws<ArgumentException>(() => Table.Decide(RoutingDesk.Facts(Table, "Inquiry"), Monday1030, new AgentStatus[1], default, 0));

        Assert.Equal("statuses", e.ParamName);
    }

    [Fact]
    public void Decide_AcrossDays_BindsTheRulesToEachDay()
    {
        var statuses = Enumerable.Repeat(new AgentStatus(AgentPresence.Available, 0), Table.Agents.Count).ToArray();
        var facts = RoutingDesk.Facts(Table, "Repair");

        var monday = Table.Decide(facts, Monday1030, statuses, default, 0);
        var nextYear = Table.Decide(facts, Monday1030 + Duration.FromDays(400), statuses, default, 0);

        Assert.Equal(monday, nextYear);
        Assert.Equal("Repairs", Table.Routes[monday.RouteIndex].Name);
    }
}
