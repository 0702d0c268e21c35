using CustomerService.Core.Calendars;
using CustomerService.Core.Leads;
using CustomerService.Core.Routing;
using CustomerService.Core.Tickets;
using NodaTime;

namespace CustomerService.Core.Tests.Routing;

/// <summary>A one-route, one-queue table built in code: agents a00, a01, … with given capacities and skill levels.</summary>
internal static class SmallTable
{
    public static readonly Instant Now = Instant.FromUtc(2026, 12, 7, 2, 0);

    public static RoutingTable Create(RoutingStrategy strategy, bool sticky, IReadOnlyList<(int Capacity, int Chat, int Billing)> agents, int needChat = 0, int needBilling = 0)
    {
        var options = new RoutingOptions();
        var c = options.Classification;
        c.Name = "small";
        c.TimeZone = "Asia/Shanghai";
        c.DefaultSegment = "r";
        var fact = new FactOptions { Name = "Kind", Kind = FactKind.Enum };
        fact.Values.Add("a");
        fact.Values.Add("b");
        c.Facts.Add(fact);
        var rule = new RuleOptions { Name = "A", Segment = "r" };
        var condition = new ConditionOptions { Fact = "Kind", Operator = ConditionOperator.In };
        condition.Values.Add("a");
        rule.Conditions.Add(condition);
        c.Rules.Add(rule);

        var route = new RouteOptions { Queue = "q", Priority = TicketPriority.Normal };
        if (needChat > 0)
        {
            route.RequiredSkills["chat"] = needChat;
        }

        if (needBilling > 0)
        {
            route.RequiredSkills["billing"] = needBilling;
        }

        options.Routes["r"] = route;
        options.Queues["q"] = new QueueOptions { Strategy = strategy, Sticky = sticky };
        options.Queues["other"] = new QueueOptions { Strategy = RoutingStrategy.RoundRobin };
        for (var i = 0; i < agents.Count; i++)
        {
            var agent = new AgentOptions { Capacity = agents[i].Capacity };
            agent.Queues.Add("q");
            if (agents[i].Chat > 0)
            {
                agent.Skills["chat"] = agents[i].Chat;
            }

            if (agents[i].Billing > 0)
            {
                agent.Skills["billing"] = agents[i].Billing;
            }

            options.Agents[Id(i)] = agent;
        }

        // One agent outside the queue: never chosen by the strategy, nor as the last agent.
        var outsider = new AgentOptions { Capacity = 5 };
        outsider.Queues.Add("other");
        outsider.Skills["chat"] = 5;
        outsider.Skills["billing"] = 5;
        options.Agents["zz-outsider"] = outsider;
        return options.Build(new Dictionary<string, BusinessCalendar>(), DateTimeZoneProviders.Tzdb);
    }

    public static string Id(int i) => $"a{i:00}";

    public static FactValue[] Facts(RoutingTable table)
    {
        var row = table.Classification.Schema.CreateRow();
        row[0] = table.Classification.Schema.EnumValue("Kind", "a");
        return row;
    }

    public static AgentStatus[] AllAvailable(RoutingTable table) =>
        Enumerable.Repeat(new AgentStatus(AgentPresence.Available, 0), table.Agents.Count).ToArray();
}

/// <summary>The strategies and sticky assignment, case by case.</summary>
public sealed class AssignmentTests
{
    private static string Choose(RoutingTable table, AgentStatus[] statuses, CustomerAffinity affinity = default, long turn = 0) =>
        table.Decide(SmallTable.Facts(table), SmallTable.Now, statuses, affinity, turn) is { HasAgent: true } d ? table.Agents[d.AgentIndex].Id : "none";

    [Fact]
    public void RoundRobin_TakesTurnsAndSkipsUnavailableAgents()
    {
        var table = SmallTable.Create(RoutingStrategy.RoundRobin, sticky: false, [(2, 0, 0), (2, 0, 0), (2, 0, 0)]);
        var statuses = SmallTable.AllAvailable(table);

        Assert.Equal(["a00", "a01", "a02", "a00"], Enumerable.Range(0, 4).Select(t => Choose(table, statuses, turn: t)));

        statuses[table.IndexOfAgent("a01")] = new AgentStatus(AgentPresence.Away, 0);
        Assert.Equal(["a00", "a02", "a02", "a00"], Enumerable.Range(0, 4).Select(t => Choose(table, statuses, turn: t)));
    }

    [Fact]
    public void LeastOpenWork_TakesTheFewestOpenTickets_TiesToTheFirstId()
    {
        var table = SmallTable.Create(RoutingStrategy.LeastOpenWork, sticky: false, [(5, 0, 0), (5, 0, 0), (5, 0, 0)]);
        var statuses = SmallTable.AllAvailable(table);
        statuses[0] = new AgentStatus(AgentPresence.Available, 3);
        statuses[1] = new AgentStatus(AgentPresence.Available, 1);
        statuses[2] = new AgentStatus(AgentPresence.Available, 1);

        Assert.Equal("a01", Choose(table, statuses));
    }

    [Fact]
    public void LeastOpenWork_NeverExceedsCapacity()
    {
        var table = SmallTable.Create(RoutingStrategy.LeastOpenWork, sticky: false, [(1, 0, 0), (3, 0, 0)]);
        var statuses = SmallTable.AllAvailable(table);
        statuses[0] = new AgentStatus(AgentPresence.Available, 1);
        statuses[1] = new AgentStatus(AgentPresence.Available, 2);

        Assert.Equal("a01", Choose(table, statuses));
        statuses[1] = new AgentStatus(AgentPresence.Available, 3);
        var decision = table.Decide(SmallTable.Facts(table), SmallTable.Now, statuses, default, 0);
        Assert.Equal(AssignmentReason.NoAgentAvailable, decision.Reason);
        Assert.Equal(-1, decision.AgentIndex);
    }

    [Fact]
    public void SkillsMatch_TakesTheHighestLevels_AndNeverAnUnderqualifiedAgent()
    {
        var table = SmallTable.Create(RoutingStrategy.SkillsMatch, sticky: false, [(5, 5, 1), (5, 3, 3), (5, 4, 2)], needChat: 2, needBilling: 2);
        var statuses = SmallTable.AllAvailable(table);

        // a00 lacks billing 2; a01 has 3 + 3 = 6, a02 has 4 + 2 = 6: the tie goes to fewer open tickets, then the id.
        Assert.Equal("a01", Choose(table, statuses));
        statuses[1] = new AgentStatus(AgentPresence.Available, 2);
        Assert.Equal("a02", Choose(table, statuses));
        statuses[2] = new AgentStatus(AgentPresence.OffShift, 0);
        Assert.Equal("a01", Choose(table, statuses));
    }

    [Fact]
    public void Sticky_DedicatedFirst_ThenLastAgent_ThenStrategy()
    {
        var table = SmallTable.Create(RoutingStrategy.LeastOpenWork, sticky: true, [(2, 0, 0), (2, 0, 0), (2, 0, 0)]);
        var statuses = SmallTable.AllAvailable(table);
        statuses[2] = new AgentStatus(AgentPresence.Available, 1);
        var affinity = new CustomerAffinity("a02", "a01");

        Assert.Equal("a02", Choose(table, statuses, affinity));
        statuses[2] = new AgentStatus(AgentPresence.Available, 2);
        Assert.Equal("a01", Choose(table, statuses, affinity));
        statuses[1] = new AgentStatus(AgentPresence.Away, 0);
        Assert.Equal("a00", Choose(table, statuses, affinity));
    }

    [Fact]
    public void Sticky_DedicatedCsrOutsideTheQueue_StillServesTheirCustomer_ButALastAgentOutsideDoesNot()
    {
        var table = SmallTable.Create(RoutingStrategy.LeastOpenWork, sticky: true, [(2, 0, 0)]);
        var statuses = SmallTable.AllAvailable(table);

        Assert.Equal("zz-outsider", Choose(table, statuses, new CustomerAffinity("zz-outsider", null)));
        Assert.Equal("a00", Choose(table, statuses, new CustomerAffinity(null, "zz-outsider")));
        Assert.Equal("a00", Choose(table, statuses, new CustomerAffinity("not-on-roster", "nobody")));
    }

    [Fact]
    public void NotSticky_IgnoresTheDedicatedCsr()
    {
        var table = SmallTable.Create(RoutingStrategy.LeastOpenWork, sticky: false, [(2, 0, 0), (2, 0, 0)]);
        var statuses = SmallTable.AllAvailable(table);

        Assert.Equal("a00", Choose(table, statuses, new CustomerAffinity("a01", "a01")));
    }

    [Fact]
    public void UnreportedStatus_IsNeverChosen()
    {
        var table = SmallTable.Create(RoutingStrategy.RoundRobin, sticky: true, [(2, 0, 0), (2, 0, 0)]);
        var statuses = new AgentStatus[table.Agents.Count];

        var decision = table.Decide(SmallTable.Facts(table), SmallTable.Now, statuses, new CustomerAffinity("a00", "a01"), 0);

        Assert.Equal(AssignmentReason.NoAgentAvailable, decision.Reason);
        Assert.False(decision.HasAgent);
        Assert.Equal(0, decision.EligibleAgents);
    }

    [Fact]
    public void AgentBoard_ShiftCalendarAndPresence_DecideTheStatus()
    {
        using var desk = new RoutingDesk(RoutingDesk.At(7, 10));
        var statuses = new AgentStatus[desk.Table.Agents.Count];

        desk.Board.SetPresence("li", AgentPresence.Away);
        desk.Board.SetOpenWork("wang", 2);
        desk.Board.GetStatuses(desk.Table, RoutingDesk.At(7, 10), statuses);

        Assert.Equal(new AgentStatus(AgentPresence.Away, 0), statuses[desk.Table.IndexOfAgent("li")]);
        Assert.Equal(new AgentStatus(AgentPresence.Available, 2), statuses[desk.Table.IndexOfAgent("wang")]);
        Assert.Equal(AgentPresence.OffShift, statuses[desk.Table.IndexOfAgent("zhang")].Presence);
        Assert.Throws<ArgumentException>(() => desk.Board.SetPresence("nobody", AgentPresence.Away));
        Assert.Throws<ArgumentOutOfRangeException>(() => desk.Board.SetPresence("li", 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => desk.Board.SetOpenWork("li", -1));
        Assert.Equal(AgentPresence.Away, (AgentPresence)statuses[desk.Table.IndexOfAgent("li")].Presence);
    }

    [Fact]
    public void AgentBoard_ClaimsWithinCapacity_AndReleases()
    {
        using var desk = new RoutingDesk(RoutingDesk.At(7, 10));
        var wang = desk.Table.Agents[desk.Table.IndexOfAgent("wang")];

        var claims = Enumerable.Range(0, 5).Select(_ => desk.Board.TryClaim(wang, RoutingDesk.At(7, 10))).ToList();

        Assert.Equal([true, true, true, false, false], claims);
        Assert.Equal(3, desk.Board.GetOpenWork("wang"));
        desk.Board.Release(wang);
        Assert.Equal(2, desk.Board.GetOpenWork("wang"));
        Assert.False(desk.Board.TryClaim(wang, RoutingDesk.At(7, 15)));
    }
}
