using System.Buffers;
using CustomerService.Core.Leads;
using CustomerService.Core.Sla;
using CustomerService.Core.Storage;
using CustomerService.Core.Tickets;
using NodaTime;

namespace CustomerService.Core.Routing;

/// <summary>What <see cref="RoutingService"/> did to a ticket.</summary>
/// <threadsafety>Enumeration values are immutable and may be shared freely between threads.</threadsafety>
/// <remarks>Zero is not a member.</remarks>
public enum RoutingAction
{
    /// <summary>Assigned to an agent of the route's queue.</summary>
    Assigned = 1,

    /// <summary>Assigned, then dispatched to the route's department with its time limit.</summary>
    AssignedAndDispatched = 2,

    /// <summary>No agent was eligible: the ticket waits in its queue, unassigned (route it again later).</summary>
    Queued = 3,

    /// <summary>Its assignee was off shift: reassigned to another agent of the queue.</summary>
    Reassigned = 4,

    /// <summary>Its dispatch deadline passed: reassigned to the department's escalation contact.</summary>
    Escalated = 5,

    /// <summary>Nothing to do (the assignee is on shift, no deadline passed, no agent or contact to move it to, or the ticket is finished).</summary>
    Unchanged = 6,
}

/// <summary>The result of routing a ticket: the ticket as saved, the decision that moved it, and what was done.</summary>
/// <param name="Ticket">The ticket at its latest version.</param>
/// <param name="Decision">The routing decision (route, rule, agent and why).</param>
/// <param name="Action">What was done.</param>
/// <param name="DispatchDeadline">The deadline of a dispatch made now, in the department's business time, or <see langword="null"/>.</param>
/// <threadsafety>This type is immutable and thread-safe.</threadsafety>
public sealed record RoutingResult(Ticket Ticket, RoutingDecision Decision, RoutingAction Action, Instant? DispatchDeadline);

/// <summary>
/// Opens and routes tickets through the ticket lifecycle: classifies the contact, claims an agent (within capacity),
/// assigns, dispatches to the route's department with its time limit, and re-routes by the documented rule.
/// </summary>
/// <remarks>
/// <para>
/// The service reads the clock once per call, the agents' statuses from <see cref="IAgentAvailability"/>, and the
/// ticket through <see cref="ITicketService"/>; it does no other I/O. Every change is a ticket command
/// (<see cref="TicketCommand.Assign"/>, <see cref="TicketCommand.Reassign"/>, <see cref="TicketCommand.DispatchUntil"/>, with the deadline counted in the department's calendar), so
/// the ticket's history records it with the actor <see cref="Actor"/> (or <see cref="OffShiftActor"/>,
/// <see cref="DeadlineActor"/> for re-routing), and the dispatch deadline enters the due-work index as any dispatch's.
/// </para>
/// <para>
/// <b>Re-routing rule</b> (<see cref="RerouteAsync"/>), in this order: a ticket still waiting in its queue (New) is routed
/// as if new; a ticket on hold at a department whose deadline has passed is reassigned to the department's escalation
/// contact for its category; a ticket whose assignee is off shift is reassigned in its route's queue (sticky first).
/// Otherwise nothing changes.
/// </para>
/// <para>
/// The dispatch deadline is the route's time limit added in the department calendar's open hours, handed to the ticket
/// as that exact instant (<see cref="TicketCommand.DispatchUntil"/>): the ticket's hold deadline, its due work and
/// <see cref="RoutingResult.DispatchDeadline"/> are all the department's deadline.
/// </para>
/// </remarks>
/// <threadsafety>This type is thread-safe when its ticket service and availability are.</threadsafety>
public sealed class RoutingService
{
    /// <summary>The actor recorded for assignments and dispatches: <c>routing</c>.</summary>
    public const string Actor = "routing";

    /// <summary>The actor recorded when a ticket is reassigned because its assignee went off shift: <c>routing:off-shift</c>.</summary>
    public const string OffShiftActor = "routing:off-shift";

    /// <summary>The actor recorded when a ticket is reassigned because its dispatch deadline passed: <c>routing:dispatch-deadline</c>.</summary>
    public const string DeadlineActor = "routing:dispatch-deadline";

    private readonly ITicketService _tickets;
    private readonly IAgentAvailability _availability;
    private readonly IClock _clock;
    private readonly QueueTurns _turns;
    private readonly int[] _attempts;

    /// <summary>Initializes a new instance of the <see cref="RoutingService"/> class.</summary>
    /// <param name="table">The routing table.</param>
    /// <param name="tickets">The ticket service the commands go through.</param>
    /// <param name="availability">The agents' statuses and claims.</param>
    /// <param name="clock">The clock.</param>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="table"/>, <paramref name="tickets"/>, <paramref name="availability"/> or <paramref name="clock"/> is <see langword="null"/>.</exception>
    /// <remarks>Round robin takes turns per service instance: keep one instance per table (dependency injection shares one rotation between its transient instances).</remarks>
    public RoutingService(RoutingTable table, ITicketService tickets, IAgentAvailability availability, IClock clock)
        : this(table, tickets, availability, clock, null)
    {
    }

    internal RoutingService(RoutingTable table, ITicketService tickets, IAgentAvailability availability, IClock clock, QueueTurns? turns)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(tickets);
        ArgumentNullException.ThrowIfNull(availability);
        ArgumentNullException.ThrowIfNull(clock);
        Table = table;
        _tickets = tickets;
        _availability = availability;
        _clock = clock;
        _turns = turns ?? new QueueTurns(table);
        _attempts = table.Queues.Select(q => q.Agents.Sum(a => a.Capacity) + q.Agents.Count + 2).ToArray();
    }

    /// <summary>Gets the routing table.</summary>
    /// <value>The table.</value>
    public RoutingTable Table { get; }

    /// <summary>Opens a ticket for a contact with the priority its route gives, assigns it and, when the route says so, dispatches it.</summary>
    /// <param name="id">The new ticket's id.</param>
    /// <param name="channel">The channel the contact came on.</param>
    /// <param name="category">What the contact is about.</param>
    /// <param name="facts">The contact's facts row (one value per fact of the classification's schema).</param>
    /// <param name="affinity">The customer's dedicated CSR and last agent.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The result; <see cref="RoutingAction.Queued"/> when no agent was eligible (the ticket is open, unassigned).</returns>
    /// <exception cref="ArgumentException">Thrown when the facts row is shorter than the schema, or an argument is not valid for the ticket service.</exception>
    /// <exception cref="ConcurrencyConflictException">Thrown when a ticket with that id exists, or the ticket changed under a command (the agent's claim is released).</exception>
    public async Task<RoutingResult> OpenAsync(TicketId id, ContactChannel channel, TicketCategory category, ReadOnlyMemory<FactValue> facts, CustomerAffinity affinity, CancellationToken cancellationToken = default)
    {
        var now = _clock.GetCurrentInstant();
        var route = Table.ClassifyIndex(facts.Span, now, out var classification);
        var ticket = await _tickets.OpenAsync(id, channel, category, Table.Routes[route].Priority, Actor, cancellationToken).ConfigureAwait(false);
        return await AssignAsync(ticket, route, classification, affinity, now, Actor, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Routes a stored ticket again by the re-routing rule (see the remarks of <see cref="RoutingService"/>).</summary>
    /// <param name="id">The ticket's id.</param>
    /// <param name="facts">The contact's facts row, to classify it again (the route gives the queue).</param>
    /// <param name="affinity">The customer's dedicated CSR and last agent.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The result.</returns>
    /// <exception cref="EntityNotFoundException">Thrown when no ticket is stored under <paramref name="id"/>.</exception>
    /// <exception cref="ArgumentException">Thrown when the facts row is shorter than the schema.</exception>
    /// <exception cref="ConcurrencyConflictException">Thrown when the ticket changed under a command (the claim is released).</exception>
    public async Task<RoutingResult> RerouteAsync(TicketId id, ReadOnlyMemory<FactValue> facts, CustomerAffinity affinity, CancellationToken cancellationToken = default)
    {
        var now = _clock.GetCurrentInstant();
        var route = Table.ClassifyIndex(facts.Span, now, out var classification);
        var ticket = await _tickets.FindAsync(id, cancellationToken).ConfigureAwait(false)
            ?? throw new EntityNotFoundException(TicketService.EntityKind, id.Value ?? string.Empty);
        var unchanged = new RoutingDecision(route, classification, Table.IndexOfAgent(ticket.AssigneeId), AssignmentReason.NoAgentAvailable, 0);
        if (ticket.State == TicketState.New)
        {
            return await AssignAsync(ticket, route, classification, affinity, now, Actor, cancellationToken).ConfigureAwait(false);
        }

        if (ticket.State is not (TicketState.Open or TicketState.Pending or TicketState.OnHold))
        {
            return new RoutingResult(ticket, unchanged, RoutingAction.Unchanged, null);
        }

        if (ticket is { State: TicketState.OnHold, Hold: { Kind: TicketHoldKind.Department, Deadline: { } deadline } hold } && deadline <= now)
        {
            if (Table.Departments.TryGetValue(hold.Party, out var department)
                && department.GetDispatch(ticket.Category).EscalationContact is { } contact
                && !string.Equals(contact, ticket.AssigneeId, StringComparison.Ordinal))
            {
                var saved = await _tickets.ExecuteAsync(id, new TicketCommand.Reassign(contact), DeadlineActor, cancellationToken).ConfigureAwait(false);
                ReleaseIfOnRoster(ticket.AssigneeId);
                return new RoutingResult(saved, unchanged with { AgentIndex = Table.IndexOfAgent(contact) }, RoutingAction.Escalated, null);
            }

            return new RoutingResult(ticket, unchanged, RoutingAction.Unchanged, null);
        }

        var assignee = Table.IndexOfAgent(ticket.AssigneeId);
        if (assignee < 0 || Presence(assignee, now) != AgentPresence.OffShift)
        {
            return new RoutingResult(ticket, unchanged, RoutingAction.Unchanged, null);
        }

        var (agent, decision) = Claim(route, classification, affinity, now);
        if (agent < 0)
        {
            return new RoutingResult(ticket, decision, RoutingAction.Unchanged, null);
        }

        var reassigned = await Run(ticket.Id, new TicketCommand.Reassign(Table.Agents[agent].Id), OffShiftActor, agent, cancellationToken).ConfigureAwait(false);
        _availability.Release(Table.Agents[assignee]);
        return new RoutingResult(reassigned, decision, RoutingAction.Reassigned, null);
    }

    private async Task<RoutingResult> AssignAsync(Ticket ticket, int route, SegmentDecision classification, CustomerAffinity affinity, Instant now, string actor, CancellationToken cancellationToken)
    {
        var (agent, decision) = Claim(route, classification, affinity, now);
        if (agent < 0)
        {
            return new RoutingResult(ticket, decision, RoutingAction.Queued, null);
        }

        var assigned = await Run(ticket.Id, new TicketCommand.Assign(Table.Agents[agent].Id), actor, agent, cancellationToken).ConfigureAwait(false);
        if (Table.Routes[route].GetDispatch(assigned.Category) is not { } terms)
        {
            return new RoutingResult(assigned, decision, RoutingAction.Assigned, null);
        }

        var deadline = terms.DeadlineFrom(now);
        var dispatched = await _tickets.ExecuteAsync(ticket.Id, new TicketCommand.DispatchUntil(terms.Department, deadline), actor, cancellationToken).ConfigureAwait(false);
        return new RoutingResult(dispatched, decision, RoutingAction.AssignedAndDispatched, deadline);
    }

    /// <summary>Decides and claims an agent; a failed claim (raced, or the agent just left) reads the statuses and decides again.</summary>
    private (int Agent, RoutingDecision Decision) Claim(int route, SegmentDecision classification, CustomerAffinity affinity, Instant now)
    {
        var count = Table.Agents.Count;
        var statuses = ArrayPool<AgentStatus>.Shared.Rent(Math.Max(count, 1));
        try
        {
            var dedicated = Table.IndexOfAgent(affinity.DedicatedAgentId);
            var last = Table.IndexOfAgent(affinity.LastAgentId);
            var queue = Table.Routes[route].Queue.Index;
            // Every failed claim is another routing's successful one (or an agent who just left): bounded by the room there is.
            var attempts = _attempts[queue] + (dedicated >= 0 ? Table.Agents[dedicated].Capacity : 0);
            RoutingDecision decision = default;
            for (var attempt = 0; attempt < attempts; attempt++)
            {
                _availability.GetStatuses(Table, now, statuses.AsSpan(0, count));
                var turn = _turns.Next(queue);
                var agent = Table.Choose(route, statuses.AsSpan(0, count), dedicated, last, turn, out var reason, out var eligible);
                decision = new RoutingDecision(route, classification, agent, reason, eligible);
                if (agent < 0)
                {
                    return (-1, decision);
                }

                if (_availability.TryClaim(Table.Agents[agent], now))
                {
                    return (agent, decision);
                }
            }

            return (-1, decision with { AgentIndex = -1, Reason = AssignmentReason.NoAgentAvailable });
        }
        finally
        {
            ArrayPool<AgentStatus>.Shared.Return(statuses);
        }
    }

    private async Task<Ticket> Run(TicketId id, TicketCommand command, string actor, int claimed, CancellationToken cancellationToken)
    {
        try
        {
            return await _tickets.ExecuteAsync(id, command, actor, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            _availability.Release(Table.Agents[claimed]);
            throw;
        }
    }

    private AgentPresence Presence(int agent, Instant now)
    {
        var count = Table.Agents.Count;
        var statuses = ArrayPool<AgentStatus>.Shared.Rent(count);
        try
        {
            _availability.GetStatuses(Table, now, statuses.AsSpan(0, count));
            return statuses[agent].Presence;
        }
        finally
        {
            ArrayPool<AgentStatus>.Shared.Return(statuses);
        }
    }

    private void ReleaseIfOnRoster(string? agentId)
    {
        var index = Table.IndexOfAgent(agentId);
        if (index >= 0)
        {
            _availability.Release(Table.Agents[index]);
        }
    }
}

/// <summary>The round-robin turns of a table's queues, shared by the routing services of one host.</summary>
/// <threadsafety>This type is thread-safe.</threadsafety>
internal sealed class QueueTurns(RoutingTable table)
{
    private readonly long[] _turns = new long[table.Queues.Count];

    /// <summary>Takes the queue's next turn (0, 1, 2, … across all callers).</summary>
    public long Next(int queue) => Interlocked.Increment(ref _turns[queue]) - 1;
}
