using CustomerService.Core.Sla;
using NodaTime;

namespace CustomerService.Core.Tickets;

/// <summary>
/// A ticket (工单) at one version: its classification, its lifecycle state, the data the transitions recorded, and
/// its history. This plain record is also the snapshot that ticket stores save and load.
/// </summary>
/// <remarks>
/// Change a ticket only through <see cref="TicketLifecycle.Apply"/> (or a ticket service), which checks the
/// trigger, applies it, appends one history entry and increments <see cref="Version"/>; so <see cref="Version"/>
/// always equals the number of history entries. Storage adapters rebuild tickets with an object initializer.
/// </remarks>
/// <threadsafety>This type is immutable (its history is an immutable list) and may be shared freely between threads.</threadsafety>
public sealed record Ticket
{
    private readonly ValueList<TransitionRecord<TicketState, TicketTrigger>> _history = ValueList<TransitionRecord<TicketState, TicketTrigger>>.Empty;
    private readonly ValueArray<TicketFact> _facts = ValueArray<TicketFact>.Empty;

    /// <summary>Gets the ticket's identifier.</summary>
    /// <value>The identifier chosen by the host.</value>
    public required TicketId Id { get; init; }

    /// <summary>Gets the channel the ticket arrived on.</summary>
    /// <value>One of the <see cref="ContactChannel"/> values.</value>
    public required ContactChannel Channel { get; init; }

    /// <summary>Gets what the ticket is about.</summary>
    /// <value>One of the <see cref="TicketCategory"/> values.</value>
    public required TicketCategory Category { get; init; }

    /// <summary>Gets how urgent the ticket is.</summary>
    /// <value>One of the <see cref="TicketPriority"/> values.</value>
    public required TicketPriority Priority { get; init; }

    /// <summary>Gets the instant the ticket was created.</summary>
    /// <value>The creation instant.</value>
    public required Instant CreatedAt { get; init; }

    /// <summary>Gets the instant of the ticket's latest recorded change after its creation: a transition, an SLA check or a due-work check.</summary>
    /// <value><see langword="null"/> until the first change. Every later change is recorded at this instant or after it (time is monotonic per ticket).</value>
    public Instant? UpdatedAt { get; init; }

    /// <summary>Gets the ticket's lifecycle state.</summary>
    /// <value>The default value is <see cref="TicketState.New"/>.</value>
    public TicketState State { get; init; } = TicketState.New;

    /// <summary>Gets the ticket's version: the number of transitions applied since it was created.</summary>
    /// <value>The default value is 0 (a ticket not changed since it was created).</value>
    public long Version { get; init; }

    /// <summary>Gets the ticket's history, oldest first: one entry per transition.</summary>
    /// <value>The default value is an empty list. Any list given is kept as an immutable copy with value equality, so snapshots with equal histories are equal.</value>
    public IReadOnlyList<TransitionRecord<TicketState, TicketTrigger>> History
    {
        get => _history;
        init => _history = ValueList<TransitionRecord<TicketState, TicketTrigger>>.From(value);
    }

    /// <summary>Gets the identifier of the agent the ticket is assigned to.</summary>
    /// <value>An agent identifier, or <see langword="null"/> while unassigned.</value>
    public string? AssigneeId { get; init; }

    /// <summary>Gets the support tier handling the ticket.</summary>
    /// <value>1, 2 or 3; the default value is 1.</value>
    public int Tier { get; init; } = 1;

    /// <summary>Gets whom the ticket is waiting on while <see cref="TicketState.OnHold"/>.</summary>
    /// <value>The hold, or <see langword="null"/> when the ticket is not on hold.</value>
    public TicketHold? Hold { get; init; }

    /// <summary>Gets the instant of the first agent reply.</summary>
    /// <value>The first reply's instant, or <see langword="null"/> before the first reply.</value>
    public Instant? FirstRespondedAt { get; init; }

    /// <summary>Gets the instant of the latest agent reply.</summary>
    /// <value>The latest agent reply's instant, or <see langword="null"/>.</value>
    public Instant? LastAgentReplyAt { get; init; }

    /// <summary>Gets the instant of the latest customer reply.</summary>
    /// <value>The latest customer reply's instant, or <see langword="null"/>.</value>
    public Instant? LastCustomerReplyAt { get; init; }

    /// <summary>Gets the instant the ticket was last solved.</summary>
    /// <value>The instant, or <see langword="null"/> when the ticket is not solved (a reopen clears it).</value>
    public Instant? SolvedAt { get; init; }

    /// <summary>Gets the resolution code given when the ticket was solved.</summary>
    /// <value>The host's resolution code, or <see langword="null"/> when the ticket is not solved.</value>
    public string? ResolutionCode { get; init; }

    /// <summary>Gets a value indicating whether the ticket was solved on first contact (首次解决).</summary>
    /// <value><see langword="true"/> when the solving agent said so and the ticket was never reopened.</value>
    public bool SolvedOnFirstContact { get; init; }

    /// <summary>Gets how many times the ticket was reopened.</summary>
    /// <value>The default value is 0.</value>
    public int ReopenCount { get; init; }

    /// <summary>Gets the instant the ticket was closed.</summary>
    /// <value>The instant, or <see langword="null"/> while not closed.</value>
    public Instant? ClosedAt { get; init; }

    /// <summary>Gets the ticket this one was merged into.</summary>
    /// <value>The surviving ticket's identifier, or <see langword="null"/>.</value>
    public TicketId? MergedInto { get; init; }

    /// <summary>Gets why the ticket was cancelled.</summary>
    /// <value>The reason, or <see langword="null"/> when not cancelled.</value>
    public TicketCancelReason? CancelReason { get; init; }

    /// <summary>Gets the facts the host supplied for SLA selection (segment, queue, organisation, tags), by name.</summary>
    /// <value>The default value is an empty list (also for tickets stored before facts existed). Any list given is kept as an immutable copy with value equality; the services keep it sorted by name, one entry per name. <see langword="null"/> (a snapshot stored before facts existed) reads as empty.</value>
    public IReadOnlyList<TicketFact> Facts
    {
        get => _facts;
        init => _facts = value is null ? ValueArray<TicketFact>.Empty : ValueArray<TicketFact>.From(value);
    }

    /// <summary>Gets the ticket's SLA clocks, saved with its state under the same version.</summary>
    /// <value>The clocks the ticket service keeps, or <see langword="null"/> when no SLA policy applies to the ticket.</value>
    public SlaClockSet? Sla { get; init; }

    /// <summary>Creates a new ticket in state <see cref="TicketState.New"/> at version 0.</summary>
    /// <param name="id">The ticket's identifier.</param>
    /// <param name="channel">The channel it arrived on.</param>
    /// <param name="category">What it is about.</param>
    /// <param name="priority">How urgent it is.</param>
    /// <param name="createdAt">The instant it was created.</param>
    /// <returns>The new ticket.</returns>
    /// <exception cref="ArgumentException">Thrown when <paramref name="id"/> is the default value.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when an enumeration argument is not a defined value.</exception>
    public static Ticket Create(TicketId id, ContactChannel channel, TicketCategory category, TicketPriority priority, Instant createdAt)
    {
        if (id.Value is null)
        {
            throw new ArgumentException("The ticket identifier must not be the default value.", nameof(id));
        }

        Guard.Defined(channel, nameof(channel));
        Guard.Defined(category, nameof(category));
        Guard.Defined(priority, nameof(priority));
        return new Ticket { Id = id, Channel = channel, Category = category, Priority = priority, CreatedAt = createdAt };
    }
}

/// <summary>Whom an on-hold ticket waits on, and until when.</summary>
/// <param name="Kind">Whether the ticket was dispatched to a department or waits on a third party.</param>
/// <param name="Party">The department's or the third party's name (an organisational name, not a person).</param>
/// <param name="Deadline">The instant the dispatch's time limit runs out (see <see cref="DeadlineBasis"/>), or <see langword="null"/> when none was given.</param>
/// <threadsafety>This type is an immutable value type and may be shared freely between threads.</threadsafety>
public readonly record struct TicketHold(TicketHoldKind Kind, string Party, Instant? Deadline)
{
    /// <summary>Gets how the dispatch's time limit was counted to reach <see cref="Deadline"/>.</summary>
    /// <value>
    /// <see cref="SlaTimeBasis.BusinessTime"/> when the ticket has an SLA policy (the limit counts on the policy's calendar);
    /// <see cref="SlaTimeBasis.CalendarTime"/> otherwise; <see langword="null"/> without a deadline.
    /// </value>
    public SlaTimeBasis? DeadlineBasis { get; init; }

    /// <summary>Gets a value indicating whether the deadline passed while the ticket was still on hold (reported once, by due work).</summary>
    /// <value><see langword="true"/> once a due-work check saw the deadline pass and raised <see cref="TicketHoldDeadlinePassed"/>.</value>
    public bool DeadlinePassed { get; init; }
}
