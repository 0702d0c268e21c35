using System.Globalization;
using NodaTime;

namespace CustomerService.Core.Routing;

/// <summary>
/// The host's view of its agents: where each one is and how much work each holds, and the atomic claim of one more
/// ticket that keeps an agent within capacity when several routings run at once.
/// </summary>
/// <remarks>
/// <see cref="RoutingService"/> reads the statuses, decides, then claims the chosen agent; a claim that fails (another
/// routing took the last place, the agent just left) makes it read and decide again. It releases a claim when the
/// ticket command fails, and the old assignee's when it re-routes a ticket; the host releases an agent's claim when a
/// ticket leaves their hands otherwise (solved, closed, reassigned by hand). <see cref="AgentBoard"/> is an in-memory
/// implementation; a host with several nodes implements it over its own shared store.
/// </remarks>
/// <threadsafety>Implementations must be safe to call concurrently.</threadsafety>
public interface IAgentAvailability
{
    /// <summary>Fills one status per agent of <paramref name="table"/>, in <see cref="RoutingTable.Agents"/> order.</summary>
    /// <param name="table">The routing table whose roster is read.</param>
    /// <param name="now">The instant of the routing (for shifts).</param>
    /// <param name="statuses">Receives the statuses; at least as long as the roster.</param>
    void GetStatuses(RoutingTable table, Instant now, Span<AgentStatus> statuses);

    /// <summary>Atomically gives the agent one more open ticket if the agent is available and below capacity now.</summary>
    /// <param name="agent">The agent.</param>
    /// <param name="now">The instant of the routing.</param>
    /// <returns><see langword="true"/> when the claim was made; <see langword="false"/> leaves everything as it was.</returns>
    bool TryClaim(AgentDefinition agent, Instant now);

    /// <summary>Takes one open ticket from the agent (a claim undone, or a ticket that left the agent's hands).</summary>
    /// <param name="agent">The agent.</param>
    void Release(AgentDefinition agent);
}

/// <summary>
/// An in-memory <see cref="IAgentAvailability"/>: the host sets each agent's presence and the board counts their open
/// tickets; an agent with a shift calendar (<see cref="AgentDefinition.Shift"/>) is off shift outside its open hours.
/// </summary>
/// <remarks>
/// Agents start <see cref="AgentPresence.Available"/> with no open work. Claims compare and swap the count, so no
/// agent ever holds more than their capacity through the board, whatever the number of concurrent routings. It lives in
/// one process: several nodes need a shared implementation.
/// </remarks>
/// <threadsafety>This type is thread-safe.</threadsafety>
public sealed class AgentBoard : IAgentAvailability
{
    private readonly RoutingTable _table;
    private readonly int[] _presence;
    private readonly int[] _openWork;

    /// <summary>Initializes a new instance of the <see cref="AgentBoard"/> class for the agents of a table.</summary>
    /// <param name="table">The routing table.</param>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="table"/> is <see langword="null"/>.</exception>
    public AgentBoard(RoutingTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        _table = table;
        _presence = Enumerable.Repeat((int)AgentPresence.Available, table.Agents.Count).ToArray();
        _openWork = new int[table.Agents.Count];
    }

    /// <summary>Sets an agent's presence.</summary>
    /// <param name="agentId">The agent's id.</param>
    /// <param name="presence">Where the agent is.</param>
    /// <exception cref="ArgumentException">Thrown when the roster has no agent <paramref name="agentId"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when <paramref name="presence"/> is not a defined value.</exception>
    public void SetPresence(string agentId, AgentPresence presence)
    {
        var index = Index(agentId);
        if (!Enum.IsDefined(presence))
        {
            throw new ArgumentOutOfRangeException(nameof(presence), presence, "Not a defined presence.");
        }

        Volatile.Write(ref _presence[index], (int)presence);
    }

    /// <summary>Sets how many tickets an agent holds open (when the host loads them at start-up).</summary>
    /// <param name="agentId">The agent's id.</param>
    /// <param name="openWork">The count, 0 or more (it may exceed the capacity; the agent then gets nothing until below it).</param>
    /// <exception cref="ArgumentException">Thrown when the roster has no agent <paramref name="agentId"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when <paramref name="openWork"/> is negative.</exception>
    public void SetOpenWork(string agentId, int openWork)
    {
        var index = Index(agentId);
        ArgumentOutOfRangeException.ThrowIfNegative(openWork);
        Volatile.Write(ref _openWork[index], openWork);
    }

    /// <summary>Gets how many tickets an agent holds open.</summary>
    /// <param name="agentId">The agent's id.</param>
    /// <returns>The count.</returns>
    /// <exception cref="ArgumentException">Thrown when the roster has no agent <paramref name="agentId"/>.</exception>
    public int GetOpenWork(string agentId) => Volatile.Read(ref _openWork[Index(agentId)]);

    /// <inheritdoc/>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="table"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">Thrown when <paramref name="table"/> is not the board's table, or <paramref name="statuses"/> is shorter than the roster.</exception>
    public void GetStatuses(RoutingTable table, Instant now, Span<AgentStatus> statuses)
    {
        ArgumentNullException.ThrowIfNull(table);
        if (!ReferenceEquals(table, _table))
        {
            throw new ArgumentException("The board keeps the agents of another routing table.", nameof(table));
        }

        table.CheckStatuses(statuses, nameof(statuses));
        for (var i = 0; i < _openWork.Length; i++)
        {
            statuses[i] = Status(i, now);
        }
    }

    /// <inheritdoc/>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="agent"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">Thrown when <paramref name="agent"/> is not on the board's roster.</exception>
    public bool TryClaim(AgentDefinition agent, Instant now)
    {
        var index = Index(agent);
        while (true)
        {
            var open = Volatile.Read(ref _openWork[index]);
            if (!new AgentStatus(Presence(index, now), open).CanTake(agent.Capacity))
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _openWork[index], open + 1, open) == open)
            {
                return true;
            }
        }
    }

    /// <inheritdoc/>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="agent"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">Thrown when <paramref name="agent"/> is not on the board's roster.</exception>
    public void Release(AgentDefinition agent)
    {
        var index = Index(agent);
        while (true)
        {
            var open = Volatile.Read(ref _openWork[index]);
            if (open == 0 || Interlocked.CompareExchange(ref _openWork[index], open - 1, open) == open)
            {
                return;
            }
        }
    }

    private AgentStatus Status(int index, Instant now) => new(Presence(index, now), Volatile.Read(ref _openWork[index]));

    private AgentPresence Presence(int index, Instant now)
    {
        var presence = (AgentPresence)Volatile.Read(ref _presence[index]);
        return presence == AgentPresence.Available && _table.Agents[index].Shift is { } shift && !shift.IsOpen(now) ? AgentPresence.OffShift : presence;
    }

    private int Index(string agentId)
    {
        ArgumentNullException.ThrowIfNull(agentId);
        var index = _table.IndexOfAgent(agentId);
        return index >= 0 ? index : throw new ArgumentException($"The roster has no agent '{agentId}'.", nameof(agentId));
    }

    private int Index(AgentDefinition agent)
    {
        ArgumentNullException.ThrowIfNull(agent);
        return agent.Index < _table.Agents.Count && ReferenceEquals(_table.Agents[agent.Index], agent)
            ? agent.Index
            : throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Agent '{agent.Id}' is not on the board's roster."), nameof(agent));
    }
}
