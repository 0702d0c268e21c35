using CustomerService.Core.Sla;
using CustomerService.Core.Lifecycles;
using System.Diagnostics.Metrics;
using CustomerService.Core.Storage;
using NodaTime;

namespace CustomerService.Core.Complaints;

/// <summary>Receives and changes complaints: load → apply the lifecycle → save with the loaded version → publish the event.</summary>
/// <remarks>Concurrent changes of one complaint are resolved like tickets' (see <c>ITicketService</c>): the first save wins, the other gets <see cref="ConcurrencyConflictException"/>.</remarks>
/// <threadsafety>Implementations must be safe to call concurrently; the package calls them from any thread.</threadsafety>
public interface IComplaintService
{
    /// <summary>Receives a new complaint in state <see cref="ComplaintState.Received"/>.</summary>
    /// <param name="id">The complaint's identifier.</param>
    /// <param name="channel">The channel it arrived on.</param>
    /// <param name="ticketId">The ticket it came from, if any.</param>
    /// <param name="callbackId">The callback it came from, if any.</param>
    /// <param name="actor">Who recorded it.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The new complaint at version 0.</returns>
    /// <exception cref="ConcurrencyConflictException">Thrown when a complaint with that identifier exists already.</exception>
    /// <exception cref="ArgumentException">Thrown when an argument is not valid.</exception>
    Task<Complaint> ReceiveAsync(ComplaintId id, ContactChannel channel, TicketId? ticketId, CallbackId? callbackId, string actor, CancellationToken cancellationToken = default);

    /// <summary>Applies a command to a stored complaint and saves the result.</summary>
    /// <param name="id">The complaint's identifier.</param>
    /// <param name="command">What to do.</param>
    /// <param name="actor">Who does it.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The complaint at its new version.</returns>
    /// <exception cref="EntityNotFoundException">Thrown when no complaint is stored under <paramref name="id"/>.</exception>
    /// <exception cref="InvalidTransitionException">Thrown when the trigger is not permitted now; nothing was saved.</exception>
    /// <exception cref="ConcurrencyConflictException">Thrown when the complaint changed since it was loaded; nothing was saved.</exception>
    /// <exception cref="ArgumentException">Thrown when the command's data is not valid.</exception>
    Task<Complaint> ExecuteAsync(ComplaintId id, ComplaintCommand command, string actor, CancellationToken cancellationToken = default);

    /// <summary>Evaluates the SLA clocks of the complaints whose next warning or breach is due at <paramref name="now"/>, counts what was crossed since each was last checked, and records the check.</summary>
    /// <param name="now">The instant to evaluate (usually the clock's current instant).</param>
    /// <param name="maxCount">The most complaints to evaluate in this call.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The complaints evaluated. Complaints changed concurrently are skipped: their transition counted for them.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when <paramref name="maxCount"/> is negative.</exception>
    Task<IReadOnlyList<Complaint>> EvaluateSlaAsync(Instant now, int maxCount = 100, CancellationToken cancellationToken = default);

    /// <summary>Loads a complaint.</summary>
    /// <param name="id">The complaint's identifier.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The complaint, or <see langword="null"/> when none is stored under <paramref name="id"/>.</returns>
    Task<Complaint?> FindAsync(ComplaintId id, CancellationToken cancellationToken = default);

    /// <summary>Lists the triggers permitted for a stored complaint.</summary>
    /// <param name="id">The complaint's identifier.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The permitted triggers.</returns>
    /// <exception cref="EntityNotFoundException">Thrown when no complaint is stored under <paramref name="id"/>.</exception>
    Task<IReadOnlyList<ComplaintTrigger>> GetPermittedTriggersAsync(ComplaintId id, CancellationToken cancellationToken = default);
}

/// <summary>A complaint was received.</summary>
/// <param name="Complaint">The new complaint.</param>
/// <param name="Actor">Who recorded it.</param>
/// <threadsafety>Events are immutable and may be shared freely between threads.</threadsafety>
public sealed record ComplaintReceived(Complaint Complaint, string Actor) : CustomerServiceEvent(Complaint?.ReceivedAt ?? default, Actor);

/// <summary>A complaint transition was committed.</summary>
/// <param name="Complaint">The complaint at its new version.</param>
/// <param name="Transition">The transition (also the complaint's last history entry).</param>
/// <threadsafety>Events are immutable and may be shared freely between threads.</threadsafety>
public sealed record ComplaintTransitioned(Complaint Complaint, TransitionRecord<ComplaintState, ComplaintTrigger> Transition) : CustomerServiceEvent(Transition.At, Transition.Actor);

/// <summary>The default <see cref="IComplaintService"/>.</summary>
/// <threadsafety>This type is thread-safe when its store and event sink are.</threadsafety>
public sealed class ComplaintService : IComplaintService
{
    private readonly IComplaintStore _store;
    private readonly ComplaintLifecycle _lifecycle;
    private readonly IClock _clock;
    private readonly SlaCatalog _sla;
    private readonly Pipeline _pipeline;

    /// <summary>Initializes a new instance of the <see cref="ComplaintService"/> class (for hosts without dependency injection).</summary>
    /// <param name="store">Where complaints are kept.</param>
    /// <param name="lifecycle">The complaint lifecycle.</param>
    /// <param name="clock">The clock that stamps transitions.</param>
    /// <param name="events">Receives the domain events; <see langword="null"/> drops them.</param>
    /// <param name="meterFactory">Creates the meter; <see langword="null"/> uses a process-wide meter.</param>
    /// <param name="sla">The SLA policies that drive the complaints' clocks; <see langword="null"/> keeps no clocks.</param>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="store"/>, <paramref name="lifecycle"/> or <paramref name="clock"/> is <see langword="null"/>.</exception>
    public ComplaintService(IComplaintStore store, ComplaintLifecycle lifecycle, IClock clock, ICustomerServiceEventSink? events = null, IMeterFactory? meterFactory = null, SlaCatalog? sla = null)
        : this(store, lifecycle, clock, events, meterFactory is null ? CustomerServiceMetrics.Shared : new CustomerServiceMetrics(meterFactory), sla)
    {
    }

    internal ComplaintService(IComplaintStore store, ComplaintLifecycle lifecycle, IClock clock, ICustomerServiceEventSink? events, CustomerServiceMetrics metrics, SlaCatalog? sla = null)
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
    public async Task<Complaint> ReceiveAsync(ComplaintId id, ContactChannel channel, TicketId? ticketId, CallbackId? callbackId, string actor, CancellationToken cancellationToken = default)
    {
        Guard.Text(actor, nameof(actor));
        var complaint = ComplaintSla.Receive(Complaint.Create(id, channel, _clock.GetCurrentInstant(), ticketId, callbackId), _sla);
        await _store.SaveAsync(complaint, null, cancellationToken).ConfigureAwait(false);
        await _pipeline.Events.PublishAsync(new ComplaintReceived(complaint, actor), cancellationToken).ConfigureAwait(false);
        return complaint;
    }

    /// <inheritdoc/>
    public async Task<Complaint> ExecuteAsync(ComplaintId id, ComplaintCommand command, string actor, CancellationToken cancellationToken = default)
    {
        var current = await _pipeline.LoadAsync(id, cancellationToken).ConfigureAwait(false);
        return await _pipeline.CommitAsync(current, command, actor, _clock.GetCurrentInstant(), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<Complaint?> FindAsync(ComplaintId id, CancellationToken cancellationToken = default) =>
        await _store.FindAsync(id, cancellationToken).ConfigureAwait(false);

    /// <inheritdoc/>
    public async Task<IReadOnlyList<ComplaintTrigger>> GetPermittedTriggersAsync(ComplaintId id, CancellationToken cancellationToken = default) =>
        _lifecycle.GetPermittedTriggers(await _pipeline.LoadAsync(id, cancellationToken).ConfigureAwait(false));

    /// <inheritdoc/>
    public async Task<IReadOnlyList<Complaint>> EvaluateSlaAsync(Instant now, int maxCount = 100, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxCount);
        var due = await _store.ListSlaDueAsync(now, maxCount, cancellationToken).ConfigureAwait(false);
        return await _pipeline.EvaluateSlaEachAsync(due, now, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Binds the shared commit pipeline to the complaint store, lifecycle and SLA catalog.</summary>
    private sealed class Pipeline(ComplaintService service, ICustomerServiceEventSink? events, CustomerServiceMetrics metrics)
        : LifecyclePipeline<ComplaintId, Complaint, ComplaintCommand, ComplaintState, ComplaintTrigger>("Complaint", events, metrics)
    {
        protected override ValueTask<Complaint?> FindAsync(ComplaintId id, CancellationToken cancellationToken) => service._store.FindAsync(id, cancellationToken);

        protected override ValueTask SaveAsync(Complaint entity, long? expectedVersion, CancellationToken cancellationToken) => service._store.SaveAsync(entity, expectedVersion, cancellationToken);

        protected override Complaint Apply(Complaint current, ComplaintCommand command, string actor, Instant now) => service._lifecycle.Apply(current, command, actor, now);

        protected override long VersionOf(Complaint entity) => entity.Version;

        protected override TransitionRecord<ComplaintState, ComplaintTrigger> LastTransition(Complaint entity) => entity.History[^1];

        protected override CustomerServiceEvent Transitioned(Complaint entity, TransitionRecord<ComplaintState, ComplaintTrigger> transition) => new ComplaintTransitioned(entity, transition);

        protected override (Complaint Entity, IReadOnlyList<SlaCrossing> Crossings) UpdateSla(Complaint current, Complaint next, ComplaintCommand command, Instant now) =>
            ComplaintSla.Transition(next, command.Trigger, service._sla, now);

        protected override (Complaint Entity, IReadOnlyList<SlaCrossing> Crossings)? EvaluateSla(Complaint entity, Instant now) => ComplaintSla.Evaluate(entity, service._sla, now);

        protected override ValueTask<bool> SaveSlaCheckAsync(Complaint entity, CancellationToken cancellationToken) => service._store.SaveSlaCheckAsync(entity, cancellationToken);
    }
}
