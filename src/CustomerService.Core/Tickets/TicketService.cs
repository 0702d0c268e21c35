using CustomerService.Core.Sla;
using CustomerService.Core.Lifecycles;
using System.Diagnostics.Metrics;
using CustomerService.Core.Storage;
using NodaTime;

namespace CustomerService.Core.Tickets;

/// <summary>Opens and changes tickets: load → apply the lifecycle → save with the loaded version → publish the event.</summary>
/// <remarks>
/// A service call changes one ticket by one transition. Two calls racing on the same ticket both load the same
/// version; the store lets the first save win and the other gets <see cref="ConcurrencyConflictException"/>, so no
/// update is ever lost. The service does not retry: reload and decide again.
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

    /// <summary>Closes the solved tickets whose auto-close delay has passed at <paramref name="now"/>; the host calls it from a periodic job.</summary>
    /// <param name="now">The instant to evaluate (usually the clock's current instant).</param>
    /// <param name="maxCount">The most tickets to close in this call.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The tickets closed. Tickets changed concurrently are skipped and picked up by a later call if still due.</returns>
    Task<IReadOnlyList<Ticket>> AutoCloseDueAsync(Instant now, int maxCount = 100, CancellationToken cancellationToken = default);

    /// <summary>
    /// Evaluates the SLA clocks of the tickets whose next warning or breach is due at <paramref name="now"/>, counts the
    /// warnings and breaches crossed since each ticket was last checked, and records the check; the host calls it from a
    /// periodic job (re-armed at the earliest <see cref="SlaClockSet.NextChangeAt"/>).
    /// </summary>
    /// <param name="now">The instant to evaluate (usually the clock's current instant).</param>
    /// <param name="maxCount">The most tickets to evaluate in this call.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The tickets evaluated, with their SLA check recorded. Tickets changed concurrently are skipped: their transition counted for them.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when <paramref name="maxCount"/> is negative.</exception>
    Task<IReadOnlyList<Ticket>> EvaluateSlaAsync(Instant now, int maxCount = 100, CancellationToken cancellationToken = default);
}

/// <summary>A ticket was opened.</summary>
/// <param name="Ticket">The new ticket.</param>
/// <param name="Actor">Who opened it.</param>
/// <threadsafety>Events are immutable and may be shared freely between threads.</threadsafety>
public sealed record TicketOpened(Ticket Ticket, string Actor) : CustomerServiceEvent(Ticket?.CreatedAt ?? default, Actor);

/// <summary>A ticket transition was committed.</summary>
/// <param name="Ticket">The ticket at its new version.</param>
/// <param name="Transition">The transition (also the ticket's last history entry).</param>
/// <threadsafety>Events are immutable and may be shared freely between threads.</threadsafety>
public sealed record TicketTransitioned(Ticket Ticket, TransitionRecord<TicketState, TicketTrigger> Transition) : CustomerServiceEvent(Transition.At, Transition.Actor);

/// <summary>The default <see cref="ITicketService"/>.</summary>
/// <threadsafety>This type is thread-safe when its store and event sink are.</threadsafety>
public sealed class TicketService : ITicketService
{
    private const string AutoCloseActor = "auto-close";
    private readonly ITicketStore _store;
    private readonly TicketLifecycle _lifecycle;
    private readonly IClock _clock;
    private readonly SlaCatalog _sla;
    private readonly Pipeline _pipeline;

    /// <summary>Initializes a new instance of the <see cref="TicketService"/> class (for hosts without dependency injection).</summary>
    /// <param name="store">Where tickets are kept.</param>
    /// <param name="lifecycle">The ticket lifecycle.</param>
    /// <param name="clock">The clock that stamps transitions.</param>
    /// <param name="events">Receives the domain events; <see langword="null"/> drops them.</param>
    /// <param name="meterFactory">Creates the meter; <see langword="null"/> uses a process-wide meter.</param>
    /// <param name="sla">The SLA policies that drive the tickets' clocks; <see langword="null"/> keeps no clocks.</param>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="store"/>, <paramref name="lifecycle"/> or <paramref name="clock"/> is <see langword="null"/>.</exception>
    public TicketService(ITicketStore store, TicketLifecycle lifecycle, IClock clock, ICustomerServiceEventSink? events = null, IMeterFactory? meterFactory = null, SlaCatalog? sla = null)
        : this(store, lifecycle, clock, events, meterFactory is null ? CustomerServiceMetrics.Shared : new CustomerServiceMetrics(meterFactory), sla)
    {
    }

    internal TicketService(ITicketStore store, TicketLifecycle lifecycle, IClock clock, ICustomerServiceEventSink? events, CustomerServiceMetrics metrics, SlaCatalog? sla = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(lifecycle);
        ArgumentNullException.ThrowIfNull(clock);
        _store = store;
        _lifecycle = lifecycle;
        _clock = clock;
        _sla = sla ?? SlaCatalog.Empty;
        _pipeline = new Pipeline(this, events, metrics);
    }

    /// <inheritdoc/>
    public async Task<Ticket> OpenAsync(TicketId id, ContactChannel channel, TicketCategory category, TicketPriority priority, string actor, CancellationToken cancellationToken = default)
    {
        Guard.Text(actor, nameof(actor));
        var (ticket, _) = TicketSla.Open(Ticket.Create(id, channel, category, priority, _clock.GetCurrentInstant()), _sla);
        await _store.SaveAsync(ticket, null, cancellationToken).ConfigureAwait(false);
        await _pipeline.Events.PublishAsync(new TicketOpened(ticket, actor), cancellationToken).ConfigureAwait(false);
        return ticket;
    }

    /// <inheritdoc/>
    public async Task<Ticket> ExecuteAsync(TicketId id, TicketCommand command, string actor, CancellationToken cancellationToken = default)
    {
        var ticket = await _pipeline.LoadAsync(id, cancellationToken).ConfigureAwait(false);
        if (command is TicketCommand.Merge merge && merge.Into != id)
        {
            // The lifecycle cannot look the surviving ticket up; the service can: it must exist and still be in progress.
            var target = await _pipeline.LoadAsync(merge.Into, cancellationToken).ConfigureAwait(false);
            Guard.Command(target.State is TicketState.New or TicketState.Open or TicketState.Pending or TicketState.OnHold, "Into", "must identify a ticket still in progress (New, Open, Pending or OnHold)");
        }

        return await _pipeline.CommitAsync(ticket, command, actor, _clock.GetCurrentInstant(), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<Ticket?> FindAsync(TicketId id, CancellationToken cancellationToken = default) =>
        await _store.FindAsync(id, cancellationToken).ConfigureAwait(false);

    /// <inheritdoc/>
    public async Task<IReadOnlyList<TicketTrigger>> GetPermittedTriggersAsync(TicketId id, CancellationToken cancellationToken = default)
    {
        var ticket = await _pipeline.LoadAsync(id, cancellationToken).ConfigureAwait(false);
        return _lifecycle.GetPermittedTriggers(ticket, _clock.GetCurrentInstant());
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<Ticket>> AutoCloseDueAsync(Instant now, int maxCount = 100, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxCount);
        var due = await _store.ListSolvedBeforeAsync(now - _lifecycle.AutoCloseAfter, maxCount, cancellationToken).ConfigureAwait(false);

        // Tickets changed since they were listed (reopened, closed by hand) are skipped: a later run sees their new state.
        return await _pipeline.CommitEachAsync(due, new TicketCommand.AutoClose(), AutoCloseActor, now, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<Ticket>> EvaluateSlaAsync(Instant now, int maxCount = 100, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxCount);
        var due = await _store.ListSlaDueAsync(now, maxCount, cancellationToken).ConfigureAwait(false);
        return await _pipeline.EvaluateSlaEachAsync(due, now, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Binds the shared commit pipeline to the ticket store, lifecycle and SLA catalog.</summary>
    private sealed class Pipeline(TicketService service, ICustomerServiceEventSink? events, CustomerServiceMetrics metrics)
        : LifecyclePipeline<TicketId, Ticket, TicketCommand, TicketState, TicketTrigger>("Ticket", events, metrics)
    {
        protected override ValueTask<Ticket?> FindAsync(TicketId id, CancellationToken cancellationToken) => service._store.FindAsync(id, cancellationToken);

        protected override ValueTask SaveAsync(Ticket entity, long? expectedVersion, CancellationToken cancellationToken) => service._store.SaveAsync(entity, expectedVersion, cancellationToken);

        protected override Ticket Apply(Ticket current, TicketCommand command, string actor, Instant now) => service._lifecycle.Apply(current, command, actor, now);

        protected override long VersionOf(Ticket entity) => entity.Version;

        protected override TransitionRecord<TicketState, TicketTrigger> LastTransition(Ticket entity) => entity.History[^1];

        protected override CustomerServiceEvent Transitioned(Ticket entity, TransitionRecord<TicketState, TicketTrigger> transition) => new TicketTransitioned(entity, transition);

        protected override (Ticket Entity, IReadOnlyList<SlaCrossing> Crossings) UpdateSla(Ticket current, Ticket next, TicketCommand command, Instant now) =>
            TicketSla.Transition(current, next, command, service._sla, now);

        protected override (Ticket Entity, IReadOnlyList<SlaCrossing> Crossings)? EvaluateSla(Ticket entity, Instant now) => TicketSla.Evaluate(entity, service._sla, now);

        protected override ValueTask<bool> SaveSlaCheckAsync(Ticket entity, CancellationToken cancellationToken) => service._store.SaveSlaCheckAsync(entity, cancellationToken);
    }
}
