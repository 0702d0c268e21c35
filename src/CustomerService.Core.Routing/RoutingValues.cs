using CustomerService.Core.Leads;

namespace CustomerService.Core.Routing;

/// <summary>How a queue chooses among its eligible agents.</summary>
/// <threadsafety>Enumeration values are immutable and may be shared freely between threads.</threadsafety>
/// <remarks>Zero is not a member: a missing value never reads as a strategy.</remarks>
public enum RoutingStrategy
{
    /// <summary>Takes turns: the first eligible agent at or after the routing's turn, in the queue's agent order (agent ids, ordinal).</summary>
    RoundRobin = 1,

    /// <summary>The eligible agent with the fewest open tickets; ties go to the first in the queue's agent order.</summary>
    LeastOpenWork = 2,

    /// <summary>The eligible agent whose levels in the route's required skills add up highest; ties go to the fewest open tickets, then the queue's agent order.</summary>
    SkillsMatch = 3,
}

/// <summary>Where an agent is, as the host reports it.</summary>
/// <threadsafety>Enumeration values are immutable and may be shared freely between threads.</threadsafety>
/// <remarks>Zero is not a member: an agent whose presence is not reported (the default <see cref="AgentStatus"/>) is never chosen.</remarks>
public enum AgentPresence
{
    /// <summary>On shift and taking work.</summary>
    Available = 1,

    /// <summary>On shift but away (a break, a meeting): not chosen, keeps their tickets.</summary>
    Away = 2,

    /// <summary>Off shift: not chosen, and their open tickets are re-routed.</summary>
    OffShift = 3,
}

/// <summary>Why an agent was chosen, or that none was.</summary>
/// <threadsafety>Enumeration values are immutable and may be shared freely between threads.</threadsafety>
/// <remarks>Zero is not a member.</remarks>
public enum AssignmentReason
{
    /// <summary>The customer's dedicated CSR was available (seed 000: 为忠诚客户专派特定的CSR).</summary>
    DedicatedAgent = 1,

    /// <summary>The agent who last served the customer was available and eligible in the queue.</summary>
    LastAgent = 2,

    /// <summary>The queue's strategy chose the agent.</summary>
    Strategy = 3,

    /// <summary>No agent of the queue was eligible: the ticket waits in the queue.</summary>
    NoAgentAvailable = 4,
}

/// <summary>One agent's state at the moment of a decision: presence and open tickets.</summary>
/// <remarks>The default value has no presence: the agent counts as unavailable and is never chosen.</remarks>
/// <param name="Presence">Where the agent is.</param>
/// <param name="OpenWork">How many tickets the agent holds open (compared with the agent's capacity).</param>
/// <threadsafety>This type is an immutable value type and is thread-safe.</threadsafety>
public readonly record struct AgentStatus(AgentPresence Presence, int OpenWork)
{
    /// <summary>Gets a value indicating whether an agent with this status and <paramref name="capacity"/> can take one more ticket.</summary>
    /// <param name="capacity">The agent's capacity.</param>
    /// <returns><see langword="true"/> when available and below capacity.</returns>
    public bool CanTake(int capacity) => Presence == AgentPresence.Available && OpenWork < capacity;
}

/// <summary>Who has served the customer before: the dedicated CSR (loyal customers) and the last agent.</summary>
/// <param name="DedicatedAgentId">The customer's dedicated CSR, or <see langword="null"/>.</param>
/// <param name="LastAgentId">The agent who last served the customer, or <see langword="null"/>.</param>
/// <threadsafety>This type is an immutable value type and is thread-safe.</threadsafety>
public readonly record struct CustomerAffinity(string? DedicatedAgentId, string? LastAgentId)
{
    /// <summary>Gets the affinity of a customer nobody has served.</summary>
    /// <value>Both ids <see langword="null"/>.</value>
    public static CustomerAffinity None => default;
}

/// <summary>The outcome of routing one contact: the route and the rule that chose it, and the agent and why.</summary>
/// <remarks>
/// A small value that allocates nothing. Read the route with <see cref="RoutingTable.Routes"/>[<see cref="RouteIndex"/>]
/// and the agent with <see cref="RoutingTable.Agents"/>[<see cref="AgentIndex"/>] (−1 when no agent was eligible);
/// <see cref="RoutingTable.Explain"/> says why in words. The default value is never returned by a table.
/// </remarks>
/// <param name="RouteIndex">The route's index in <see cref="RoutingTable.Routes"/>.</param>
/// <param name="Classification">The classification rule set's decision (which rule, or the default).</param>
/// <param name="AgentIndex">The chosen agent's index in <see cref="RoutingTable.Agents"/>, or −1.</param>
/// <param name="Reason">Why the agent was chosen, or <see cref="AssignmentReason.NoAgentAvailable"/>.</param>
/// <param name="EligibleAgents">How many agents of the queue were eligible (available, below capacity, with the skills).</param>
/// <threadsafety>This type is an immutable value type and is thread-safe.</threadsafety>
public readonly record struct RoutingDecision(int RouteIndex, SegmentDecision Classification, int AgentIndex, AssignmentReason Reason, int EligibleAgents)
{
    /// <summary>Gets a value indicating whether an agent was chosen.</summary>
    /// <value><see langword="true"/> when <see cref="AgentIndex"/> is not −1.</value>
    public bool HasAgent => AgentIndex >= 0;
}
