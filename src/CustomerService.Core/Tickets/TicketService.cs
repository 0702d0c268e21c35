using System.Diagnostics.Metrics;
using CustomerService.Core.Lifecycles;
using CustomerService.Core.Sla;
using CustomerService.Core.Storage;
using NodaTime;

namespace CustomerService.Core.Tickets;

/// <summary>
/// Opens and changes tickets: load → apply the lifecycle → update the SLA clocks → save state, history, due work and
/// events in one atomic write under the loaded concurrency token.
/// </summary>
/// <remarks>
/// <para>
/// A service call changes one ticket by one transition. Two calls racing on the same ticket both load the same token;
/// the store lets the first save win and the other gets <see cref="ConcurrencyConflictException"/>, so no update is
/// ever lost. The service does not retry: reload and decide again.
/// </para>
/// <para>
/// Events (<see cref="TicketOpened"/>, <see cref="TicketTransitioned"/>, <see cref="TicketHoldDeadlinePassed"/>,
/// <see cref="SlaMilestoneReached"/>) are written to the outbox with the change and delivered by the
/// <see cref="OutboxDispatcher"/>: a failing event sink never fails a command and never loses an event.
/// </para>
/// </remarks>
/// <threadsafety>Implementations must be safe to call concurrently; the package calls them from any thread.</threadsafety>
public interface ITicketService
{
    /// <summary>Opens a new ticket in state <see cref="TicketState.New"/>.</summary>
    /// <param name="id">The ticket's identifier.</param>
    /// <param name="channel">The channel it arrived on.</param>
    /// <param name="category">What it is about.</param>
    /// <param name="priority">How urgent it is.</param>
    /// <param name="actor">Who opened it (an agent id or a channel integration's name).</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The new ticket at version 0.</returns>
    /// <exception cref="ConcurrencyConflictException">Thrown when a ticket with that identifier exists already.</exception>
    /// <exception cref="ArgumentException">Thrown when an argument is not valid.</exception>
    Task<Ticket> OpenAsync(TicketId id, ContactChannel channel, TicketCategory category, TicketPriority priority, string actor, CancellationToken cancellationToken = default);

    /// <summary>Applies a command to a stored ticket and saves the result.</summary>
    /// <param name="id">The ticket's identifier.</param>
    /// <param name="command">What to do.</param>
    /// <param name="actor">Who does it.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The ticket at its new version.</returns>
    /// <exception cref="EntityNotFoundException">Thrown when no ticket is stored under <paramref name="id"/> (or, for a merge, under the surviving ticket's identifier).</exception>
    /// <exception cref="InvalidTransitionException">Thrown when the trigger is not permitted now; nothing was saved.</exception>
    /// <exception cref="ConcurrencyConflictException">Thrown when the ticket changed since it was loaded; nothing was saved.</exception>
    /// <exception cref="ArgumentException">Thrown when the command's data is not valid (a merge into a ticket that is no longer in progress).</exception>
    Task<Ticket> ExecuteAsync(TicketId id, TicketCommand command, string actor, CancellationToken cancellationToken = default);

    /// <summary>Loads a ticket.</summary>
    /// <param name="id">The ticket's identifier.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The ticket, or <see langword="null"/> when none is stored under <paramref name="id"/>.</returns>
    Task<Ticket?> FindAsync(TicketId id, CancellationToken cancellationToken = default);

    /// <summary>Lists the triggers permitted for a stored ticket now.</summary>
    /// <param name="id">The ticket's identifier.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The permitted triggers (what an agent's screen may offer).</returns>
    /// <exception cref="EntityNotFoundException">Thrown when no ticket is stored under <paramref name="id"/>.</exception>
    Task<IReadOnlyList<TicketTrigger>> GetPermittedTriggersAsync(TicketId id, CancellationToken cancellationToken = default);

    /// <summary>
    /// Processes the tickets whose due work has come at <paramref name="now"/>: closes solved tickets whose auto-close delay
    /// passed, counts and publishes the SLA warnings and breaches reached since each ticket's last check, and reports
    /// dispatches whose time limit ran out. The host calls it from a periodic job (the hosting package runs one).
    /// </summary>
    /// <remarks>
    /// Each ticket is processed and saved on its own: a ticket that fails (a corrupt snapshot, a store error) is reported,
    /// counted and pushed back by <see cref="DueWorkOptions.FailureBackoff"/>, and the run goes on. A ticket changed
    /// concurrently is skipped (its own write recomputed its due work). Processing a ticket again at the same instant
    /// changes nothing and publishes nothing.
    /// </remarks>
    /// <param name="now">The instant to evaluate (usually the clock's current instant).</param>
    /// <param name="maxCount">The most tickets to take in this call.</param>
    /// <param name="cancellationToken">Cancels the run; tickets not processed yet stay due.</param>
    /// <returns>What the run did.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when <paramref name="maxCount"/> is negative.</exception>
    Task<DueWorkReport<Ticket>> ProcessDueAsync(Instant now, int maxCount = 100, CancellationToken cancellationToken = default);
}

/// <summary>A ticket was opened.</summary>
/// <param name="Ticket">The new ticket.</param>
/// <param name="Actor">Who opened it.</param>
/// <threadsafety>Events are immutable and may be shared freely between threads.</threadsafety>
public sealed record TicketOpened(Ticket Ticket, string Actor) : CustomerServiceEvent(Ticket?.CreatedAt ?? default, Actor);

/// <summary>A ticket transition was committed.</summary>
/// <param name="Ticket">The ticket at its new version, without its history (the transition is <paramref name="Transition"/>).</param>
/// <param name="Transition">The transition (also the ticket's last history entry).</param>
/// <threadsafety>Events are immutable and may be shared freely between threads.</threadsafety>
public sealed record TicketTransitioned(Ticket Ticket, TransitionRecord<TicketState, TicketTrigger> Transition) : CustomerServiceEvent(Transition.At, Transition.Actor);

/// <summary>The time limit of a dispatch to another department ran out while the ticket was still on hold (限时处理).</summary>
/// <param name="TicketId">The ticket.</param>
/// <param name="Party">The department the ticket was dispatched to.</param>
/// <param name="Deadline">The deadline that passed.</param>
/// <threadsafety>Events are immutable and may be shared freely between threads.</threadsafety>
public sealed record TicketHoldDeadlinePassed(TicketId TicketId, string Party, Instant Deadline) : CustomerServiceEvent(Deadline, TicketService.DueWorkActor);

/// <summary>The default <see cref="ITicketService"/>.</summary>
/// <threadsafety>This type is thread-safe when its store is.</threadsafety>
public sealed class TicketService : ITicketService
{
    /// <summary>The actor recorded for work the service does on its own (automatic closing, deadline reports): <c>due-work</c>.</summary>
    public const string DueWorkActor = "due-work";

    private readonly TicketLifecycle _lifecycle;
    private readonly IClock _clock;
    private readonly SlaCatalog _sla;
    private readonly Pipeline _pipeline;

    /// <summary>Initializes a new instance of the <see cref="TicketService"/> class (for hosts without dependency injection).</summary>
    /// <param name="store">Where tickets (and, in the same transaction, their outbox messages) are kept.</param>
    /// <param name="lifecycle">The ticket lifecycle.</param>
    /// <param name="clock">The clock that stamps transitions.</param>
    /// <param name="sla">The SLA policies that drive the tickets' clocks; <see langword="null"/> keeps no clocks.</param>
    /// <param name="dueWork">How failed due work is pushed back; <see langword="null"/> for the defaults.</param>
    /// <param name="meterFactory">Creates the meter; <see langword="null"/> uses a process-wide meter.</param>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="store"/>, <paramref name="lifecycle"/> or <paramref name="clock"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">Thrown when <paramref name="dueWork"/> is not valid.</exception>
    public TicketService(IEntityStore<Ticket> store, TicketLifecycle lifecycle, IClock clock, SlaCatalog? sla = null, DueWorkOptions? dueWork = null, IMeterFactory? meterFactory = null)
        : this(store, lifecycle, clock, sla, dueWork, meterFactory is null ? CustomerServiceMetrics.Shared : new CustomerServiceMetrics(meterFactory))
    {
    }

    internal TicketService(IEntityStore<Ticket> store, TicketLifecycle lifecycle, IClock clock, SlaCatalog? sla, DueWorkOptions? dueWork, CustomerServiceMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(lifecycle);
        ArgumentNullException.ThrowIfNull(clock);
        _lifecycle = lifecycle;
        _clock = clock;
        _sla = sla ?? SlaCatalog.Empty;
        TicketSlaSelection.Check(_sla, nameof(sla));
        _pipeline = new Pipeline(this, store, metrics, (dueWork ?? new DueWorkOptions()).Checked(nameof(dueWork)));
    }

    /// <summary>The entity kind tickets are stored and published under: <c>Ticket</c>.</summary>
    public const string EntityKind = "Ticket";

    /// <inheritdoc/>
    public async Task<Ticket> OpenAsync(TicketId id, ContactChannel channel, TicketCategory category, TicketPriority priority, string actor, CancellationToken cancellationToken = default)
    {
        using var activity = CustomerServiceMetrics.StartCommand(EntityKind, "Open", id.Value);
        Guard.Text(actor, nameof(actor));
        var (ticket, _) = TicketSla.Open(Ticket.Create(id, channel, category, priority, _clock.GetCurrentInstant()), _sla);
        return await _pipeline.CreateAsync(ticket, new TicketOpened(ticket, actor), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<Ticket> ExecuteAsync(TicketId id, TicketCommand command, string actor, CancellationToken cancellationToken = default)
    {
        using var activity = CustomerServiceMetrics.StartCommand(EntityKind, "Execute", id.Value, CustomerServiceMetrics.CommandName(command));
        if (command is TicketCommand.UpdateFacts update && update.Facts is { } facts)
        {
            // Facts feed the SLA selection rules: an undeclared name or a value of the wrong kind is refused before anything is loaded.
            TicketSlaSelection.ValidateFacts(_sla, facts, nameof(command));
        }

        var stored = await _pipeline.LoadAsync(Key(id), cancellationToken).ConfigureAwait(false);
        if (command is TicketCommand.Merge merge && merge.Into != id && merge.Into.Value is not null)
        {
            // The lifecycle cannot look the surviving ticket up; the service can: it must exist and still be in progress.
            var target = await _pipeline.LoadAsync(merge.Into.Value, cancellationToken).ConfigureAwait(false);
            Guard.Command(target.Entity.State is TicketState.New or TicketState.Open or TicketState.Pending or TicketState.OnHold, "Into", "must identify a ticket still in progress (New, Open, Pending or OnHold)");
        }

        return await _pipeline.CommitAsync(stored, command, actor, _clock.GetCurrentInstant(), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<Ticket?> FindAsync(TicketId id, CancellationToken cancellationToken = default) =>
        (await _pipeline.Store.FindAsync(Key(id), cancellationToken).ConfigureAwait(false))?.Entity;

    /// <inheritdoc/>
    public async Task<IReadOnlyList<TicketTrigger>> GetPermittedTriggersAsync(TicketId id, CancellationToken cancellationToken = default)
    {
        var stored = await _pipeline.LoadAsync(Key(id), cancellationToken).ConfigureAwait(false);
        return _lifecycle.GetPermittedTriggers(stored.Entity, _clock.GetCurrentInstant());
    }

    /// <inheritdoc/>
    public Task<DueWorkReport<Ticket>> ProcessDueAsync(Instant now, int maxCount = 100, CancellationToken cancellationToken = default) =>
        _pipeline.ProcessDueAsync(now, maxCount, cancellationToken);

    private static string Key(TicketId id) =>
        id.Value ?? throw new ArgumentException("The ticket identifier must not be the default value.", nameof(id));

    /// <summary>Binds the shared commit pipeline to the ticket lifecycle and SLA catalog.</summary>
    private sealed class Pipeline(TicketService service, IEntityStore<Ticket> store, CustomerServiceMetrics metrics, DueWorkOptions dueWork)
        : LifecyclePipeline<Ticket, TicketCommand, TicketState, TicketTrigger>(EntityKind, store, metrics, dueWork)
    {
        protected override string IdOf(Ticket entity) => entity.Id.Value;

        protected override int HistoryCount(Ticket entity) => entity.History.Count;

        protected override Instant LastRecordedAt(Ticket entity) => entity.UpdatedAt ?? entity.CreatedAt;

        protected override Ticket Apply(Ticket current, TicketCommand command, string actor, Instant now) => service._lifecycle.Apply(current, command, actor, now);

        protected override TransitionRecord<TicketState, TicketTrigger> LastTransition(Ticket entity) => entity.History[^1];

        protected override CustomerServiceEvent Transitioned(Ticket entity, TransitionRecord<TicketState, TicketTrigger> transition, string messageId) =>
            new TicketTransitioned(entity with { History = [] }, transition) { Id = messageId };

        protected override IReadOnlyList<CustomerServiceEvent> SlaEvents(Ticket current, Ticket next, TransitionRecord<TicketState, TicketTrigger> transition) =>
            next.Sla is { } set && set.Reselections.Count > (current.Sla?.Reselections.Count ?? 0)
                ? [new SlaPolicyReselected(EntityKind, next.Id.Value, set.Reselections[^1], transition.Actor)]
                : [];

        protected override (Ticket Entity, IReadOnlyList<SlaCrossing> Crossings) UpdateSla(Ticket current, Ticket next, TicketCommand command, Instant at) =>
            TicketSla.Transition(current, next, command, service._sla, at);

        protected override void RecordTimes(Ticket current, Ticket next, Instant at)
        {
            if (next.Sla is not null)
            {
                ResponseTimes.RecordMetClocks(Metrics, EntityKind, current.Sla, next.Sla, service._sla, at);
            }
            else if (next.State == TicketState.Solved && current.State != TicketState.Solved)
            {
                // A ticket without clocks: its resolution time is the calendar time since it was opened.
                Metrics.ResponseTime(isResolution: true, EntityKind, TicketSla.Priority(next.Priority).Name, nameof(SlaTimeBasis.CalendarTime), at - next.CreatedAt);
            }
        }

        protected override DueSchedule Schedule(Ticket entity)
        {
            var schedule = DueSchedule.None;
            if (entity.Sla is { NextChangeAt: { } change } set && service._sla.TryGetPolicy(set, out _))
            {
                schedule = schedule.With(change, DueWork.SlaChange);
            }

            if (TicketSlaEscalation.PendingAt(entity, service._sla) is { } escalation)
            {
                // An escalation a command's SLA check made due (it observed the milestone first): the due-work job applies it.
                schedule = schedule.With(escalation, DueWork.SlaChange);
            }

            if (entity.State == TicketState.Solved && entity.SolvedAt is { } solved)
            {
                schedule = schedule.With(solved + service._lifecycle.AutoCloseAfter, DueWork.AutoClose);
            }

            if (entity.State == TicketState.OnHold && entity.Hold is { Deadline: { } deadline, DeadlinePassed: false })
            {
                schedule = schedule.With(deadline, DueWork.HoldDeadline);
            }

            return schedule;
        }

        protected override DueStep<Ticket, TicketCommand>? DueWorkAt(Ticket entity, Instant at)
        {
            if (service._lifecycle.IsDueForAutoClose(entity, at))
            {
                return DueStep<Ticket, TicketCommand>.Fire(new TicketCommand.AutoClose(), DueWorkActor);
            }

            var next = entity;
            IReadOnlyList<SlaCrossing> crossings = [];
            if (entity.Sla?.NextChangeAt is { } change && change <= at && TicketSla.Evaluate(entity, service._sla, at) is var (evaluated, observed))
            {
                next = evaluated;
                crossings = observed;
            }

            IReadOnlyList<CustomerServiceEvent> events = [];
            if (next.State == TicketState.OnHold && next.Hold is { Deadline: { } deadline, DeadlinePassed: false } hold && deadline <= at)
            {
                next = next with { Hold = hold with { DeadlinePassed = true } };
                events = [new TicketHoldDeadlinePassed(next.Id, hold.Party, deadline)];
            }

            if (TicketSlaEscalation.Apply(next, service._sla, service._lifecycle, at) is var (escalated, escalations))
            {
                next = escalated;
                events = [.. events, .. escalations];
            }

            return ReferenceEquals(next, entity) ? null : DueStep<Ticket, TicketCommand>.Check(next with { UpdatedAt = at }, events, crossings);
        }
    }
}
