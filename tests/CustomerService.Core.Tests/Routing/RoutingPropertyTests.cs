using CustomerService.Core.Routing;
using CustomerService.Core.Storage;
using CustomerService.Core.Tickets;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NodaTime;
using NodaTime.Testing;

namespace CustomerService.Core.Tests.Routing;

/// <summary>A random queue: agents with capacities and skills, a route's required levels, statuses, affinity and turn.</summary>
public sealed record RoutingCase(
    RoutingStrategy Strategy,
    bool Sticky,
    (int Capacity, int Chat, int Billing)[] Agents,
    int NeedChat,
    int NeedBilling,
    (int Presence, int OpenWork)[] Statuses,
    string? Dedicated,
    string? Last,
    long Turn)
{
    public RoutingTable Table() => SmallTable.Create(Strategy, Sticky, Agents, NeedChat, NeedBilling);

    public AgentStatus[] StatusesFor(RoutingTable table)
    {
        var statuses = new AgentStatus[table.Agents.Count];
        for (var i = 0; i < statuses.Length; i++)
        {
            var (presence, open) = Statuses[i % Statuses.Length];
            statuses[i] = new AgentStatus((AgentPresence)presence, open);
        }

        return statuses;
    }

    public CustomerAffinity Affinity => new(Dedicated, Last);

    public override string ToString() =>
        $"{Strategy} sticky={Sticky} agents=[{string.Join(" ", Agents)}] need=({NeedChat},{NeedBilling}) statuses=[{string.Join(" ", Statuses)}] dedicated={Dedicated} last={Last} turn={Turn}";
}

/// <summary>FsCheck generators for routing.</summary>
public static class RoutingArbitraries
{
    public static Arbitrary<RoutingCase> Cases()
    {
        var agent = from capacity in Gen.Choose(1, 3)
                    from chat in Gen.Choose(0, 5)
                    from billing in Gen.Choose(0, 5)
                    select (capacity, chat, billing);
        var status = from presence in Gen.Choose(0, 3)
                     from open in Gen.Choose(0, 4)
                     select (presence, open);
        var id = Gen.Frequency(
            (2, Gen.Constant<string?>(null)),
            (6, Gen.Choose(0, 30).Select(i => (string?)SmallTable.Id(i))),
            (1, Gen.Constant<string?>("zz-outsider")),
            (1, Gen.Constant<string?>("not-on-roster")));
        return (from strategy in Gen.Elements(RoutingStrategy.RoundRobin, RoutingStrategy.LeastOpenWork, RoutingStrategy.SkillsMatch)
                from sticky in Gen.Elements(true, false)
                from count in Gen.Choose(1, 30)
                from agents in Gen.ArrayOf(agent, count)
                from needChat in Gen.Choose(0, 5)
                from needBilling in Gen.Choose(0, 3)
                from statuses in Gen.ArrayOf(status, count + 1)
                from dedicated in id
                from last in id
                from turn in Gen.Choose(0, int.MaxValue).Select(t => (long)t * 3)
                select new RoutingCase(strategy, sticky, agents, needChat, needBilling, statuses, dedicated, last, turn)).ToArbitrary();
    }
}

/// <summary>The invariants of issue 20 as properties.</summary>
public sealed class RoutingPropertyTests
{
    [Property(Arbitrary = [typeof(RoutingArbitraries)], MaxTest = 300)]
    public void Decide_SameInputsAndAvailability_Meets_Specification(RoutingCase c)
    {
        // Deterministic: the same facts, statuses, affinity and turn give the same decision, from the same table or a
        // table built again from the same options; the explanation agrees.
        var table = c.Table();
        var statuses = c.StatusesFor(table);
        var first = table.Decide(SmallTable.Facts(table), SmallTable.Now, statuses, c.Affinity, c.Turn);

        Assert.Equal(first, table.Decide(SmallTable.Facts(table), SmallTable.Now, c.StatusesFor(table), c.Affinity, c.Turn));
        Assert.Equal(first, c.Table().Decide(SmallTable.Facts(table), SmallTable.Now, statuses, c.Affinity, c.Turn));
        Assert.Equal(first, table.Explain(SmallTable.Facts(table), SmallTable.Now, statuses, c.Affinity, c.Turn).Decision);
    }

    [Property(Arbitrary = [typeof(RoutingArbitraries)], MaxTest = 300)]
    public void Decide_UnavailableAgent_Meets_Specification(RoutingCase c)
    {
        // An agent who is away, off shift, unreported or at capacity is never chosen; the strategy only chooses members
        // of the queue with the required levels; and when nobody is eligible the decision says so.
        var table = c.Table();
        var statuses = c.StatusesFor(table);
        var decision = table.Decide(SmallTable.Facts(table), SmallTable.Now, statuses, c.Affinity, c.Turn);
        var eligible = Enumerable.Range(0, table.Agents.Count).Where(i => table.IsEligible(0, i, statuses[i])).ToList();

        Assert.Equal(eligible.Count, decision.EligibleAgents);
        if (decision.HasAgent)
        {
            var agent = table.Agents[decision.AgentIndex];
            Assert.True(statuses[agent.Index].CanTake(agent.Capacity), $"chose {agent.Id} with {statuses[agent.Index]}");
            Assert.True(decision.Reason == AssignmentReason.DedicatedAgent || eligible.Contains(agent.Index), $"{decision.Reason} chose {agent.Id}, not eligible");
        }
        else
        {
            Assert.Equal(AssignmentReason.NoAgentAvailable, decision.Reason);
            Assert.Empty(eligible);
        }
    }

    [Property(Arbitrary = [typeof(RoutingArbitraries)], MaxTest = 300)]
    public void Decide_Sticky_Meets_Specification(RoutingCase c)
    {
        // Sticky assignment wins exactly when the queue is sticky and the dedicated CSR is available.
        var table = c.Table();
        var statuses = c.StatusesFor(table);
        var decision = table.Decide(SmallTable.Facts(table), SmallTable.Now, statuses, c.Affinity, c.Turn);
        var dedicated = table.IndexOfAgent(c.Dedicated);
        var available = dedicated >= 0 && statuses[dedicated].CanTake(table.Agents[dedicated].Capacity);

        Assert.Equal(c.Sticky && available, decision.Reason == AssignmentReason.DedicatedAgent);
        if (decision.Reason == AssignmentReason.DedicatedAgent)
        {
            Assert.Equal(dedicated, decision.AgentIndex);
        }
    }

    [Property(Arbitrary = [typeof(RoutingArbitraries)], MaxTest = 25)]
    public void RouteConcurrently_EightRoutings_Meets_Specification(RoutingCase c)
    {
        // Eight routings at once, each opening and routing several tickets through the in-memory store: no agent ever
        // holds more tickets than their capacity, every assigned ticket is counted on the board, and a ticket is queued
        // only when the queue had no room.
        var table = c.Table();
        var board = new AgentBoard(table);
        var statuses = c.StatusesFor(table);
        for (var i = 0; i < table.Agents.Count; i++)
        {
            if (statuses[i].Presence != 0)
            {
                board.SetPresence(table.Agents[i].Id, statuses[i].Presence);
            }
        }

        var storage = new InMemoryStorage();
        var clock = new FakeClock(SmallTable.Now);
        var tickets = new TicketService(storage.GetStore<Ticket>(TicketService.EntityKind), new TicketLifecycle(new TicketOptions()), clock);
        var service = new RoutingService(table, tickets, board, clock);
        var facts = SmallTable.Facts(table);

        var results = Task.WhenAll(Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
        {
            var mine = new List<RoutingResult>();
            for (var k = 0; k < 6; k++)
            {
                mine.Add(await service.OpenAsync(new TicketId($"t{w}-{k}"), ContactChannel.Phone, TicketCategory.Inquiry, facts, c.Affinity));
            }

            return mine;
        }))).GetAwaiter().GetResult().SelectMany(r => r).ToList();

        var held = results.Where(r => r.Ticket.AssigneeId is not null).GroupBy(r => r.Ticket.AssigneeId!).ToDictionary(g => g.Key, g => g.Count());
        foreach (var agent in table.Agents)
        {
            var count = held.GetValueOrDefault(agent.Id);
            Assert.True(count <= agent.Capacity, $"{agent.Id} holds {count} tickets, capacity {agent.Capacity}");
            Assert.Equal(count, board.GetOpenWork(agent.Id));
        }

        Assert.All(results, r => Assert.Equal(r.Ticket.AssigneeId is null, r.Action == RoutingAction.Queued));
        if (results.Any(r => r.Action == RoutingAction.Queued))
        {
            var after = new AgentStatus[table.Agents.Count];
            board.GetStatuses(table, SmallTable.Now, after);
            Assert.Equal(-1, table.Decide(facts, SmallTable.Now, after, c.Affinity, 0).AgentIndex);
        }
    }
}
