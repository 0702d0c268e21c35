using System.Collections.ObjectModel;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using CustomerService.Core.Calendars;
using CustomerService.Core.Leads;
using CustomerService.Core.Tickets;
using NodaTime;

namespace CustomerService.Core.Routing;

/// <summary>
/// The compiled routing desk: classification rules, routes, departments with their dispatch table, queues and agents.
/// Its decisions are pure functions of their arguments: no clock read, no I/O, no allocation in steady state.
/// </summary>
/// <remarks>
/// <para>
/// A decision classifies the contact's facts row with <see cref="Classification"/> (first match or scoring, as the
/// lead segmentation engine does), whose segment names the route; then it chooses an agent in the route's queue:
/// in a sticky queue the customer's dedicated CSR when available (on shift, present, below capacity), then the agent who
/// last served the customer when available and eligible in the queue, then the queue's <see cref="RoutingStrategy"/>
/// among the eligible agents (members of the queue, available, below capacity, with at least the route's required
/// level in each required skill).
/// </para>
/// <para>
/// The facts' date conditions are relative to the day of <c>now</c> in the classification's zone; the table keeps the
/// rule set bound to the current day and rebinds it (allocating once) when a decision falls on another day.
/// </para>
/// </remarks>
/// <threadsafety>This type is immutable and thread-safe (the day's bound rule set is replaced atomically).</threadsafety>
public sealed class RoutingTable
{
    /// <summary>The highest skill level (levels run from 1, basic, to 5, expert).</summary>
    public const int MaxSkillLevel = 5;

    /// <summary>The largest capacity of an agent.</summary>
    public const int MaxCapacity = 1000;

    /// <summary>The largest number of agents in a table.</summary>
    public const int MaxAgents = 100_000;

    private readonly Dictionary<string, int> _routeBySegment;
    private readonly int[] _ruleRoute;
    private readonly int _defaultRoute;
    private readonly Dictionary<string, int> _agentIndex;
    private readonly int[] _capacity;
    private readonly byte[] _levels;
    private readonly int _skillCount;
    private readonly int[][] _requiredSkills;
    private readonly byte[][] _requiredLevels;
    private readonly bool[] _memberOf;
    private readonly string[] _skillNames;
    private readonly Candidate[][] _candidates;
    private readonly DayCache _day = new();

    private RoutingTable(SegmentationRuleSet classification, RouteDefinition[] routes, QueueDefinition[] queues, AgentDefinition[] agents, Dictionary<string, DepartmentDefinition> departments)
    {
        Classification = classification;
        Routes = new ReadOnlyCollection<RouteDefinition>(routes);
        Queues = new ReadOnlyCollection<QueueDefinition>(queues);
        Agents = new ReadOnlyCollection<AgentDefinition>(agents);
        Departments = new ReadOnlyDictionary<string, DepartmentDefinition>(departments);

        _routeBySegment = routes.ToDictionary(r => r.Name, r => r.Index, StringComparer.Ordinal);
        _ruleRoute = classification.Rules.Select(r => r.Segment is { } s ? _routeBySegment[s] : -1).ToArray();
        _defaultRoute = _routeBySegment[classification.DefaultSegment];
        _agentIndex = agents.ToDictionary(a => a.Id, a => a.Index, StringComparer.Ordinal);
        _capacity = agents.Select(a => a.Capacity).ToArray();

        _skillNames = agents.SelectMany(a => a.Skills.Keys).Concat(routes.SelectMany(r => r.RequiredSkills.Keys)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        var skillIndex = _skillNames.Select((s, i) => (s, i)).ToDictionary(p => p.s, p => p.i, StringComparer.Ordinal);
        _skillCount = _skillNames.Length;
        _levels = new byte[agents.Length * _skillCount];
        foreach (var agent in agents)
        {
            foreach (var (skill, level) in agent.Skills)
            {
                _levels[(agent.Index * _skillCount) + skillIndex[skill]] = (byte)level;
            }
        }

        _requiredSkills = routes.Select(r => r.RequiredSkills.Keys.Order(StringComparer.Ordinal).Select(k => skillIndex[k]).ToArray()).ToArray();
        _requiredLevels = routes.Select(r => r.RequiredSkills.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => (byte)p.Value).ToArray()).ToArray();
        // Skills do not change between decisions: each route keeps the members of its queue that have them, with their score.
        _candidates = new Candidate[routes.Length][];
        for (var r = 0; r < routes.Length; r++)
        {
            var members = routes[r].Queue.Members;
            var candidates = new List<Candidate>(members.Length);
            for (var p = 0; p < members.Length; p++)
            {
                if (HasSkills(r, members[p], out var score))
                {
                    candidates.Add(new Candidate(members[p], p, score, _capacity[members[p]]));
                }
            }

            _candidates[r] = candidates.ToArray();
        }

        _memberOf = new bool[queues.Length * agents.Length];
        foreach (var queue in queues)
        {
            foreach (var member in queue.Members)
            {
                _memberOf[(queue.Index * agents.Length) + member] = true;
            }
        }
    }

    /// <summary>Gets the classification rule set; its segments are route names.</summary>
    /// <value>The rule set.</value>
    public SegmentationRuleSet Classification { get; }

    /// <summary>Gets the routes, in name order (ordinal).</summary>
    /// <value>The routes.</value>
    public IReadOnlyList<RouteDefinition> Routes { get; }

    /// <summary>Gets the queues, in name order (ordinal).</summary>
    /// <value>The queues.</value>
    public IReadOnlyList<QueueDefinition> Queues { get; }

    /// <summary>Gets the agents, in id order (ordinal); a statuses span holds one entry per agent in this order.</summary>
    /// <value>The agents.</value>
    public IReadOnlyList<AgentDefinition> Agents { get; }

    /// <summary>Gets the departments by name.</summary>
    /// <value>The departments.</value>
    public IReadOnlyDictionary<string, DepartmentDefinition> Departments { get; }

    /// <summary>Gets the index of an agent in <see cref="Agents"/>.</summary>
    /// <param name="agentId">The agent's id.</param>
    /// <returns>The index, or −1 when the roster has no such agent (or <paramref name="agentId"/> is <see langword="null"/>).</returns>
    public int IndexOfAgent(string? agentId) => agentId is not null && _agentIndex.TryGetValue(agentId, out var index) ? index : -1;

    /// <summary>Classifies a contact: the route its facts take.</summary>
    /// <param name="facts">One value per fact of <see cref="Classification"/>'s schema, in schema order.</param>
    /// <param name="now">The instant of the contact (date conditions count from its day in the classification's zone).</param>
    /// <param name="classification">The rule set's decision (which rule matched, or the default).</param>
    /// <returns>The route.</returns>
    /// <exception cref="ArgumentException">Thrown when <paramref name="facts"/> is shorter than the schema.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when the day of <paramref name="now"/>, or a rule's threshold from it, falls outside NodaTime's dates.</exception>
    public RouteDefinition Classify(ReadOnlySpan<FactValue> facts, Instant now, out SegmentDecision classification) =>
        Routes[ClassifyIndex(facts, now, out classification)];

    /// <summary>Routes a contact: classifies its facts, then chooses an agent of the route's queue.</summary>
    /// <param name="facts">One value per fact of <see cref="Classification"/>'s schema, in schema order.</param>
    /// <param name="now">The instant of the contact.</param>
    /// <param name="statuses">One status per agent of <see cref="Agents"/>, in that order.</param>
    /// <param name="affinity">The customer's dedicated CSR and last agent.</param>
    /// <param name="turn">The queue's turn, for round robin (any number; the service counts routings per queue).</param>
    /// <returns>The decision.</returns>
    /// <exception cref="ArgumentException">Thrown when <paramref name="facts"/> is shorter than the schema, or <paramref name="statuses"/> than the roster.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when the day of <paramref name="now"/>, or a rule's threshold from it, falls outside NodaTime's dates.</exception>
    public RoutingDecision Decide(ReadOnlySpan<FactValue> facts, Instant now, ReadOnlySpan<AgentStatus> statuses, CustomerAffinity affinity, long turn)
    {
        CheckStatuses(statuses, nameof(statuses));
        var route = ClassifyIndex(facts, now, out var classification);
        var agent = Choose(route, statuses, IndexOfAgent(affinity.DedicatedAgentId), IndexOfAgent(affinity.LastAgentId), turn, out var reason, out var eligible);
        return new RoutingDecision(route, classification, agent, reason, eligible);
    }

    /// <summary>Routes a contact and explains the decision: the rule, the strategy, why this agent.</summary>
    /// <param name="facts">One value per fact of <see cref="Classification"/>'s schema, in schema order.</param>
    /// <param name="now">The instant of the contact.</param>
    /// <param name="statuses">One status per agent of <see cref="Agents"/>, in that order.</param>
    /// <param name="affinity">The customer's dedicated CSR and last agent.</param>
    /// <param name="turn">The queue's turn, for round robin.</param>
    /// <returns>The explanation (allocated; call it only when someone asks why). Its decision equals <see cref="Decide"/>'s.</returns>
    /// <exception cref="ArgumentException">Thrown when <paramref name="facts"/> is shorter than the schema, or <paramref name="statuses"/> than the roster.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when the day of <paramref name="now"/>, or a rule's threshold from it, falls outside NodaTime's dates.</exception>
    public RoutingExplanation Explain(ReadOnlySpan<FactValue> facts, Instant now, ReadOnlySpan<AgentStatus> statuses, CustomerAffinity affinity, long turn)
    {
        var decision = Decide(facts, now, statuses, affinity, turn);
        var classification = EvaluatorAt(now).Explain(facts);
        return new RoutingExplanation(decision, Routes[decision.RouteIndex], classification.ToString(), Why(decision.RouteIndex, decision, statuses, affinity, turn));
    }

    /// <summary>Describes the table.</summary>
    /// <returns>The counts of routes, queues, agents and departments.</returns>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Routes.Count} routes, {Queues.Count} queues, {Agents.Count} agents, {Departments.Count} departments");

    internal static RoutingTable Create(RoutingOptions options, SegmentationRuleSet classification, IReadOnlyDictionary<string, BusinessCalendar> calendars)
    {
        var departments = new Dictionary<string, DepartmentDefinition>(StringComparer.Ordinal);
        foreach (var (name, department) in options.Departments)
        {
            var rows = new Dictionary<TicketCategory, (Duration?, string?)>();
            foreach (var (category, row) in department.Categories)
            {
                rows[Enum.Parse<TicketCategory>(category)] = (row?.TimeLimit, row?.EscalationContact);
            }

            departments[name] = new DepartmentDefinition(name, calendars[department.Calendar], department.TimeLimit, department.EscalationContact, rows);
        }

        var agents = options.Agents.OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select((p, i) => new AgentDefinition(
                i,
                p.Key,
                p.Value.Capacity,
                new ReadOnlyDictionary<string, int>(new Dictionary<string, int>(p.Value.Skills, StringComparer.Ordinal)),
                p.Value.Queues.Distinct(StringComparer.Ordinal).ToArray(),
                p.Value.Shift is { } shift ? calendars[shift] : null))
            .ToArray();
        var queues = options.Queues.OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select((p, i) => new QueueDefinition(i, p.Key, p.Value.Strategy, p.Value.Sticky, agents.Where(a => a.Queues.Contains(p.Key, StringComparer.Ordinal)).ToArray()))
            .ToArray();
        var queueByName = queues.ToDictionary(q => q.Name, StringComparer.Ordinal);
        var routes = options.Routes.OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select((p, i) => new RouteDefinition(
                i,
                p.Key,
                queueByName[p.Value.Queue],
                p.Value.Department is { } d ? departments[d] : null,
                p.Value.Priority,
                p.Value.TimeLimit,
                new ReadOnlyDictionary<string, int>(new Dictionary<string, int>(p.Value.RequiredSkills, StringComparer.Ordinal))))
            .ToArray();
        return new RoutingTable(classification, routes, queues, agents, departments);
    }

    internal void CheckStatuses(ReadOnlySpan<AgentStatus> statuses, string paramName)
    {
        if (statuses.Length < _capacity.Length)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"The roster has {_capacity.Length} agents; the statuses span holds {statuses.Length}."), paramName);
        }
    }

    internal int ClassifyIndex(ReadOnlySpan<FactValue> facts, Instant now, out SegmentDecision classification)
    {
        classification = EvaluatorAt(now).Evaluate(facts);
        if (classification.RuleIndex >= 0)
        {
            return _ruleRoute[classification.RuleIndex];
        }

        return classification.IsDefault ? _defaultRoute : _routeBySegment[classification.Segment];
    }

    /// <summary>Whether an agent is eligible in a route's queue: a member, able to take a ticket, with the route's skills.</summary>
    internal bool IsEligible(int route, int agent, AgentStatus status)
    {
        var queue = Routes[route].Queue.Index;
        return _memberOf[(queue * _capacity.Length) + agent] && status.CanTake(_capacity[agent]) && HasSkills(route, agent, out _);
    }

    /// <summary>Chooses an agent for a route; −1 when none is eligible.</summary>
    internal int Choose(int route, ReadOnlySpan<AgentStatus> statuses, int dedicated, int last, long turn, out AssignmentReason reason, out int eligible)
    {
        var queue = Routes[route].Queue;
        var n = queue.Members.Length;
        var start = n == 0 ? 0 : (int)((ulong)turn % (ulong)n);
        var strategy = queue.Strategy;
        var best = -1;
        var bestAfterStart = -1;
        var bestScore = -1;
        var bestOpen = int.MaxValue;
        eligible = 0;

        // The statuses span is at least as long as the roster (checked by the callers), and every candidate is an agent
        // of the roster: the loop reads both without bounds checks.
        ref var status0 = ref MemoryMarshal.GetReference(statuses);
        foreach (ref readonly var candidate in _candidates[route].AsSpan())
        {
            var status = Unsafe.Add(ref status0, candidate.Agent);
            if (status.Presence != AgentPresence.Available || status.OpenWork >= candidate.Capacity)
            {
                continue;
            }

            eligible++;
            switch (strategy)
            {
                case RoutingStrategy.RoundRobin:
                    if (best < 0)
                    {
                        best = candidate.Agent;
                    }

                    if (bestAfterStart < 0 && candidate.Position >= start)
                    {
                        bestAfterStart = candidate.Agent;
                    }

                    break;

                case RoutingStrategy.LeastOpenWork:
                    if (status.OpenWork < bestOpen)
                    {
                        best = candidate.Agent;
                        bestOpen = status.OpenWork;
                    }

                    break;

                default:
                    if (candidate.Score > bestScore || (candidate.Score == bestScore && status.OpenWork < bestOpen))
                    {
                        best = candidate.Agent;
                        bestScore = candidate.Score;
                        bestOpen = status.OpenWork;
                    }

                    break;
            }
        }

        if (strategy == RoutingStrategy.RoundRobin && bestAfterStart >= 0)
        {
            best = bestAfterStart;
        }

        if (queue.Sticky)
        {
            if (dedicated >= 0 && statuses[dedicated].CanTake(_capacity[dedicated]))
            {
                reason = AssignmentReason.DedicatedAgent;
                return dedicated;
            }

            if (last >= 0 && _memberOf[(queue.Index * _capacity.Length) + last] && statuses[last].CanTake(_capacity[last]) && HasSkills(route, last, out _))
            {
                reason = AssignmentReason.LastAgent;
                return last;
            }
        }

        reason = best >= 0 ? AssignmentReason.Strategy : AssignmentReason.NoAgentAvailable;
        return best;
    }

    private bool HasSkills(int route, int agent, out int score)
    {
        var skills = _requiredSkills[route];
        var levels = _requiredLevels[route];
        var row = agent * _skillCount;
        score = 0;
        for (var i = 0; i < skills.Length; i++)
        {
            var level = _levels[row + skills[i]];
            if (level < levels[i])
            {
                return false;
            }

            score += level;
        }

        return true;
    }

    private SegmentEvaluator EvaluatorAt(Instant now)
    {
        var day = Volatile.Read(ref _day.Current);
        if (day is not null && now >= day.Start && now < day.End)
        {
            return day.Evaluator;
        }

        var today = Classification.TodayAt(now);
        var evaluator = Classification.For(today);
        try
        {
            var zone = Classification.Zone;
            Volatile.Write(ref _day.Current, new DayEvaluator(zone.AtStartOfDay(today).ToInstant(), zone.AtStartOfDay(today.PlusDays(1)).ToInstant(), evaluator));
        }
        catch (Exception e) when (e is ArgumentOutOfRangeException or OverflowException)
        {
            // The last day NodaTime holds has no next day to end it: such a day is evaluated without caching.
        }

        return evaluator;
    }

    private List<string> Why(int route, RoutingDecision decision, ReadOnlySpan<AgentStatus> statuses, CustomerAffinity affinity, long turn)
    {
        var r = Routes[route];
        var queue = r.Queue;
        var lines = new List<string>();
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"route '{r.Name}': queue '{queue.Name}' ({queue.Strategy}{(queue.Sticky ? ", sticky" : string.Empty)}), priority {r.Priority}");
        if (r.Department is { } department)
        {
            text.Append(CultureInfo.InvariantCulture, $", dispatched to '{department.Name}'");
        }

        if (r.RequiredSkills.Count > 0)
        {
            text.Append(", needs ").Append(string.Join(", ", r.RequiredSkills.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Key} ≥ {p.Value}"))));
        }

        lines.Add(text.ToString());
        if (queue.Sticky)
        {
            lines.Add("dedicated CSR: " + Describe(affinity.DedicatedAgentId, statuses, requireQueue: null));
            lines.Add("last agent: " + Describe(affinity.LastAgentId, statuses, requireQueue: route));
        }

        var agentText = decision.HasAgent ? Agents[decision.AgentIndex].Id : null;
        var chosen = decision.HasAgent ? statuses[decision.AgentIndex] : default;
        var capacity = decision.HasAgent ? _capacity[decision.AgentIndex] : 0;
        string Status(int agent) => string.Create(CultureInfo.InvariantCulture, $"{chosen.Presence}, {chosen.OpenWork} of {capacity} open");

        lines.Add(decision.Reason switch
        {
            AssignmentReason.DedicatedAgent => $"chose '{agentText}': the customer's dedicated CSR is available ({Status(decision.AgentIndex)})",
            AssignmentReason.LastAgent => $"chose '{agentText}': the agent who last served the customer is available in the queue ({Status(decision.AgentIndex)})",
            AssignmentReason.Strategy => queue.Strategy switch
            {
                RoutingStrategy.RoundRobin => string.Create(CultureInfo.InvariantCulture, $"chose '{agentText}' by round robin: the first eligible agent from turn {turn} ({(ulong)turn % (ulong)Math.Max(queue.Members.Length, 1)} of {queue.Members.Length}), {decision.EligibleAgents} eligible ({Status(decision.AgentIndex)})"),
                RoutingStrategy.LeastOpenWork => string.Create(CultureInfo.InvariantCulture, $"chose '{agentText}' by least open work: fewest open tickets of {decision.EligibleAgents} eligible ({Status(decision.AgentIndex)})"),
                _ => string.Create(CultureInfo.InvariantCulture, $"chose '{agentText}' by skills match: highest total level in the required skills of {decision.EligibleAgents} eligible ({Status(decision.AgentIndex)})"),
            },
            _ => string.Create(CultureInfo.InvariantCulture, $"no agent: none of the queue's {queue.Members.Length} agents is available, below capacity and skilled enough; the ticket waits in '{queue.Name}'"),
        });
        return lines;
    }

    private string Describe(string? agentId, ReadOnlySpan<AgentStatus> statuses, int? requireQueue)
    {
        if (agentId is null)
        {
            return "none";
        }

        var agent = IndexOfAgent(agentId);
        if (agent < 0)
        {
            return $"'{agentId}' is not on the roster";
        }

        var status = statuses[agent];
        var why = !status.CanTake(_capacity[agent])
            ? string.Create(CultureInfo.InvariantCulture, $"not available ({(status.Presence == 0 ? "not reported" : status.Presence.ToString())}, {status.OpenWork} of {_capacity[agent]} open)")
            : requireQueue is { } route && !IsEligible(route, agent, status)
                ? "available but not eligible in the queue (not a member, or lacks a required skill level)"
                : string.Create(CultureInfo.InvariantCulture, $"available ({status.OpenWork} of {_capacity[agent]} open)");
        return $"'{agentId}' {why}";
    }

    /// <summary>A member of a route's queue with the route's skills: agent index, position in the queue, skills score, capacity.</summary>
    private readonly record struct Candidate(int Agent, int Position, int Score, int Capacity);

    /// <summary>The rule set bound to the day of the latest decision (replaced atomically when a decision falls on another day).</summary>
    private sealed class DayCache
    {
        public DayEvaluator? Current;
    }

    private sealed class DayEvaluator(Instant start, Instant end, SegmentEvaluator evaluator)
    {
        public Instant Start { get; } = start;

        public Instant End { get; } = end;

        public SegmentEvaluator Evaluator { get; } = evaluator;
    }
}

/// <summary>Why a contact was routed as it was: the decision, the classification's rule with the facts it read, and the choice of agent.</summary>
/// <threadsafety>This type is immutable and thread-safe.</threadsafety>
public sealed class RoutingExplanation
{
    internal RoutingExplanation(RoutingDecision decision, RouteDefinition route, string classification, IReadOnlyList<string> assignment)
    {
        Decision = decision;
        Route = route;
        Classification = classification;
        Assignment = assignment;
    }

    /// <summary>Gets the decision explained.</summary>
    /// <value>The decision.</value>
    public RoutingDecision Decision { get; }

    /// <summary>Gets the route taken.</summary>
    /// <value>The route.</value>
    public RouteDefinition Route { get; }

    /// <summary>Gets the classification's explanation: the rule (or rules, when scoring) and the facts each condition read.</summary>
    /// <value>The text of the rule engine's explanation.</value>
    public string Classification { get; }

    /// <summary>Gets the assignment's explanation: the queue and strategy, the sticky candidates and why the agent was chosen.</summary>
    /// <value>One line per step.</value>
    public IReadOnlyList<string> Assignment { get; }

    /// <summary>Formats the explanation.</summary>
    /// <returns>The classification, then one line per assignment step.</returns>
    public override string ToString() => Classification + Environment.NewLine + string.Join(Environment.NewLine, Assignment);
}
