using System.Globalization;
using BenchmarkDotNet.Attributes;
using CustomerService.Core.Calendars;
using CustomerService.Core.Leads;
using CustomerService.Core.Routing;
using CustomerService.Core.Tickets;
using NodaTime;

namespace CustomerService.Core.Benchmarks.Routing;

/// <summary>
/// One routing decision with 50 first-match classification rules and 500 agents in the queue (issue 20: ≤ 5 µs,
/// allocation-free in steady state). The contact matches no rule, so all 50 are tried before the default route; every
/// agent of the queue is examined (skills, presence, capacity).
/// </summary>
[MemoryDiagnoser]
public class RoutingBenchmarks
{
    private const int Rules = 50;
    private const int Agents = 500;
    private static readonly Instant Now = Instant.FromUtc(2026, 12, 7, 2, 30);

    private RoutingTable _leastOpenWork = null!;
    private RoutingTable _skillsMatch = null!;
    private RoutingTable _roundRobin = null!;
    private FactValue[] _facts = null!;
    private AgentStatus[] _statuses = null!;
    private CustomerAffinity _dedicated;
    private long _turn;

    [GlobalSetup]
    public void Setup()
    {
        _leastOpenWork = Table(RoutingStrategy.LeastOpenWork);
        _skillsMatch = Table(RoutingStrategy.SkillsMatch);
        _roundRobin = Table(RoutingStrategy.RoundRobin);
        var schema = _leastOpenWork.Classification.Schema;
        _facts = schema.CreateRow();
        _facts[schema.IndexOf("Product")] = schema.EnumValue("Product", "p9");
        _facts[schema.IndexOf("Language")] = schema.EnumValue("Language", "zh");
        _facts[schema.IndexOf("Hour")] = FactValue.FromCount(10);
        _facts[schema.IndexOf("Vip")] = FactValue.FromFlag(false);
        var random = new Random(20261207);
        _statuses = new AgentStatus[Agents];
        for (var i = 0; i < Agents; i++)
        {
            var presence = random.Next(10) switch { 0 => AgentPresence.Away, 1 => AgentPresence.OffShift, _ => AgentPresence.Available };
            _statuses[i] = new AgentStatus(presence, random.Next(0, 6));
        }

        var dedicated = Enumerable.Range(0, Agents).First(i => _statuses[i].CanTake(5));
        _dedicated = new CustomerAffinity(_leastOpenWork.Agents[dedicated].Id, null);
    }

    [Benchmark(Baseline = true)]
    public RoutingDecision Decide_50Rules500Agents_LeastOpenWork() => _leastOpenWork.Decide(_facts, Now, _statuses, default, _turn++);

    [Benchmark]
    public RoutingDecision Decide_50Rules500Agents_SkillsMatch() => _skillsMatch.Decide(_facts, Now, _statuses, default, _turn++);

    [Benchmark]
    public RoutingDecision Decide_50Rules500Agents_RoundRobin() => _roundRobin.Decide(_facts, Now, _statuses, default, _turn++);

    [Benchmark]
    public RoutingDecision Decide_50Rules500Agents_StickyDedicated() => _leastOpenWork.Decide(_facts, Now, _statuses, _dedicated, _turn++);

    private static RoutingTable Table(RoutingStrategy strategy)
    {
        var options = new RoutingOptions();
        var c = options.Classification;
        c.Name = "bench";
        c.TimeZone = "Asia/Shanghai";
        c.DefaultSegment = "general";
        AddFact(c, "Category", FactKind.Enum, Enum.GetNames<TicketCategory>());
        AddFact(c, "Product", FactKind.Enum, Enumerable.Range(0, 10).Select(i => "p" + i.ToString(CultureInfo.InvariantCulture)).ToArray());
        AddFact(c, "Language", FactKind.Enum, "zh", "en", "ja", "ko");
        AddFact(c, "Hour", FactKind.Count);
        AddFact(c, "Vip", FactKind.Flag);
        for (var r = 0; r < Rules; r++)
        {
            var rule = new RuleOptions { Name = "rule" + r.ToString(CultureInfo.InvariantCulture), Segment = "route" + (r % 10).ToString(CultureInfo.InvariantCulture) };
            // Hour and language first, product last: about half the rules read all three facts before failing.
            rule.Conditions.Add(new ConditionOptions { Fact = "Hour", Operator = ConditionOperator.AtLeast, Value = r % 24 });
            var language = new ConditionOptions { Fact = "Language", Operator = ConditionOperator.In };
            language.Values.Add(r % 2 == 0 ? "zh" : "en");
            rule.Conditions.Add(language);
            var product = new ConditionOptions { Fact = "Product", Operator = ConditionOperator.In };
            product.Values.Add("p" + (r % 9).ToString(CultureInfo.InvariantCulture));
            rule.Conditions.Add(product);
            c.Rules.Add(rule);
        }

        for (var i = 0; i < 10; i++)
        {
            var route = new RouteOptions { Queue = "main", Priority = TicketPriority.Normal };
            route.RequiredSkills["lang"] = 2;
            route.RequiredSkills["product"] = 1 + (i % 3);
            options.Routes["route" + i.ToString(CultureInfo.InvariantCulture)] = route;
        }

        var general = new RouteOptions { Queue = "main", Priority = TicketPriority.Low };
        general.RequiredSkills["lang"] = 2;
        general.RequiredSkills["product"] = 2;
        options.Routes["general"] = general;
        options.Queues["main"] = new QueueOptions { Strategy = strategy, Sticky = true };
        var random = new Random(500);
        for (var a = 0; a < Agents; a++)
        {
            var agent = new AgentOptions { Capacity = 5 };
            agent.Queues.Add("main");
            agent.Skills["lang"] = random.Next(1, 6);
            agent.Skills["product"] = random.Next(1, 6);
            agent.Skills["billing"] = random.Next(1, 6);
            options.Agents["agent" + a.ToString("000", CultureInfo.InvariantCulture)] = agent;
        }

        return options.Build(new Dictionary<string, BusinessCalendar>(), DateTimeZoneProviders.Tzdb);
    }

    private static void AddFact(SegmentationRuleSetOptions c, string name, FactKind kind, params string[] values)
    {
        var fact = new FactOptions { Name = name, Kind = kind };
        foreach (var value in values)
        {
            fact.Values.Add(value);
        }

        c.Facts.Add(fact);
    }
}
