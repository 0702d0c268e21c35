using System.Diagnostics.Metrics;
using CustomerService.Core.Lifecycles;
using CustomerService.Core.Sla;
using CustomerService.Core.Storage;
using NodaTime;

namespace CustomerService.Core.Complaints;

/// <summary>Where a complaint came from: the channel, and the ticket or callback that raised it.</summary>
/// <param name="Channel">The channel it arrived on.</param>
/// <threadsafety>This type is immutable and may be shared freely between threads.</threadsafety>
public sealed record ComplaintOrigin(ContactChannel Channel)
{
    /// <summary>Gets the ticket the complaint came from.</summary>
    /// <value>The ticket's identifier, or <see langword="null"/>.</value>
    public TicketId? TicketId { get; init; }

    /// <summary>Gets the callback whose dissatisfied outcome raised the complaint.</summary>
    /// <value>The callback's identifier, or <see langword="null"/>.</value>
    public CallbackId? CallbackId { get; init; }
}

/// <summary>
/// Receives and changes complaints: load → apply the lifecycle → update the SLA clocks → save state, history, due work
/// and events in one atomic write under the loaded concurrency token.
/// </summary>
/// <remarks>
/// Concurrent changes of one complaint are resolved like tickets' (<c>ITicketService</c>): the first save wins, the other
/// gets <see cref="ConcurrencyConflictException"/>. Events go to the outbox with the change.
/// </remarks>
/// <threadsafety>Implementations must be safe to call concurrently; the package calls them from any thread.</threadsafety>
public interface IComplaintService
{
    /// <summary>Receives a new complaint in state <see cref="ComplaintState.Received"/>.</summary>
    /// <param name="id">The complaint's identifier.</param>
    /// <param name="origin">The channel, and the ticket or callback it came from.</param>
    /// <param name="actor">Who recorded it.</param>
    /// <param name="receivedAt">When it was received, if before now (a complaint raised by another record, an import); <see langword="null"/> for the clock's current instant.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The new complaint at version 0.</returns>
    /// <exception cref="ConcurrencyConflictException">Thrown when a complaint with that identifier exists already.</exception>
    /// <exception cref="ArgumentException">Thrown when an argument is not valid (also a <paramref name="receivedAt"/> later than now).</exception>
    Task<Complaint> ReceiveAsync(ComplaintId id, ComplaintOrigin origin, string actor, Instant? receivedAt = null, CancellationToken cancellationToken = default);

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

    /// <summary>
    /// Processes the complaints whose due work has come at <paramref name="now"/>: counts and publishes the SLA warnings and
    /// breaches reached since each complaint's last check, and reports promised response deadlines that passed
    /// (<see cref="ComplaintResponseOverdue"/>). Failures are isolated per complaint, as for tickets.
    /// </summary>
    /// <param name="now">The instant to evaluate (usually the clock's current instant).</param>
    /// <param name="maxCount">The most complaints to take in this call.</param>
    /// <param name="cancellationToken">Cancels the run; complaints not processed yet stay due.</param>
    /// <returns>What the run did.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when <paramref name="maxCount"/> is negative.</exception>
    Task<DueWorkReport<Complaint>> ProcessDueAsync(Instant now, int maxCount = 100, CancellationToken cancellationToken = default);

    /// <summary>Loads a complaint.</summary>
    /// <param name="id">The complaint's identifier.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The complaint, or <see langword="null"/> when none is stored under <paramref name="id"/>.</returns>
    Task<Complaint?> FindAsync(ComplaintId id, CancellationToken cancellationToken = default);

    /// <summary>Lists the triggers permitted for a stored complaint now.</summary>
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
/// <param name="Complaint">The complaint at its new version, without its history (the transition is <paramref name="Transition"/>).</param>
/// <param name="Transition">The transition (also the complaint's last history entry).</param>
/// <threadsafety>Events are immutable and may be shared freely between threads.</threadsafety>
public sealed record ComplaintTransitioned(Complaint Complaint, TransitionRecord<ComplaintState, ComplaintTrigger> Transition) : CustomerServiceEvent(Transition.At, Transition.Actor);

/// <summary>The response deadline promised on acknowledgement passed while the complaint still awaited its response.</summary>
/// <param name="ComplaintId">The complaint.</param>
/// <param name="RespondBy">The deadline that passed.</param>
/// <threadsafety>Events are immutable and may be shared freely between threads.</threadsafety>
public sealed record ComplaintResponseOverdue(ComplaintId ComplaintId, Instant RespondBy) : CustomerServiceEvent(RespondBy, ComplaintService.DueWorkActor);

/// <summary>The default <see cref="IComplaintService"/>.</summary>
/// <threadsafety>This type is thread-safe when its store is.</threadsafety>
public sealed class ComplaintService : IComplaintService
{
    /// <summary>The entity kind complaints are stored and published under: <c>Complaint</c>.</summary>
    public const string EntityKind = "Complaint";

    /// <summary>The actor recorded for work the service does on its own (deadline reports): <c>due-work</c>.</summary>
    public const string DueWorkActor = "due-work";

    private readonly ComplaintLifecycle _lifecycle;
    private readonly IClock _clock;
    private readonly SlaCatalog _sla;
    private readonly Pipeline _pipeline;

    /// <summary>Initializes a new instance of the <see cref="ComplaintService"/> class (for hosts without dependency injection).</summary>
    /// <param name="store">Where complaints (and, in the same transaction, their outbox messages) are kept.</param>
    /// <param name="lifecycle">The complaint lifecycle.</param>
    /// <param name="clock">The clock that stamps transitions.</param>
    /// <param name="sla">The SLA policies that drive the complaints' clocks; <see langword="null"/> keeps no clocks.</param>
    /// <param name="dueWork">How failed due work is pushed back; <see langword="null"/> for the defaults.</param>
    /// <param name="meterFactory">Creates the meter; <see langword="null"/> uses a process-wide meter.</param>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="store"/>, <paramref name="lifecycle"/> or <paramref name="clock"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">Thrown when <paramref name="dueWork"/> is not valid.</exception>
    public ComplaintService(IEntityStore<Complaint> store, ComplaintLifecycle lifecycle, IClock clock, SlaCatalog? sla = null, DueWorkOptions? dueWork = null, IMeterFactory? meterFactory = null)
        : this(store, lifecycle, clock, sla, dueWork, meterFactory is null ? CustomerServiceMetrics.Shared : new CustomerServiceMetrics(meterFactory))
    {
    }

    internal ComplaintService(IEntityStore<Complaint> store, ComplaintLifecycle lifecycle, IClock clock, SlaCatalog? sla, DueWorkOptions? dueWork, CustomerServiceMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(lifecycle);
        ArgumentNullException.ThrowIfNull(clock);
        _lifecycle = lifecycle;
        _clock = clock;
        _sla = sla ?? SlaCatalog.Empty;
        _pipeline = new Pipeline(this, store, metrics, (dueWork ?? new DueWorkOptions()).Checked(nameof(dueWork)));
    }

    /// <inheritdoc/>
    public async Task<Complaint> ReceiveAsync(ComplaintId id, ComplaintOrigin origin, string actor, Instant? receivedAt = null, CancellationToken cancellationToken = default)
    {
        using var activity = CustomerServiceMetrics.StartCommand(EntityKind, "Receive", id.Value);
        Guard.Text(actor, nameof(actor));
        var now = _clock.GetCurrentInstant();
        if (receivedAt > now)
        {
            throw new ArgumentException("The instant a complaint was received must not be later than the current instant.", nameof(receivedAt));
        }

        var complaint = ComplaintSla.Receive(Complaint.Create(id, origin, receivedAt ?? now), _sla);
        return await _pipeline.CreateAsync(complaint, new ComplaintReceived(complaint, actor), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<Complaint> ExecuteAsync(ComplaintId id, ComplaintCommand command, string actor, CancellationToken cancellationToken = default)
    {
        using var activity = CustomerServiceMetrics.StartCommand(EntityKind, "Execute", id.Value, CustomerServiceMetrics.CommandName(command));
        var current = await _pipeline.LoadAsync(Key(id), cancellationToken).ConfigureAwait(false);
        return await _pipeline.CommitAsync(current, command, actor, _clock.GetCurrentInstant(), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<Complaint?> FindAsync(ComplaintId id, CancellationToken cancellationToken = default) =>
        (await _pipeline.Store.FindAsync(Key(id), cancellationToken).ConfigureAwait(false))?.Entity;

    /// <inheritdoc/>
    public async Task<IReadOnlyList<ComplaintTrigger>> GetPermittedTriggersAsync(ComplaintId id, CancellationToken cancellationToken = default) =>
        _lifecycle.GetPermittedTriggers((await _pipeline.LoadAsync(Key(id), cancellationToken).ConfigureAwait(false)).Entity, _clock.GetCurrentInstant());

    /// <inheritdoc/>
    public Task<DueWorkReport<Complaint>> ProcessDueAsync(Instant now, int maxCount = 100, CancellationToken cancellationToken = default) =>
        _pipeline.ProcessDueAsync(now, maxCount, cancellationToken);

    private static string Key(ComplaintId id) =>
        id.Value ?? throw new ArgumentException("The complaint identifier must not be the default value.", nameof(id));

    private static bool AwaitsResponse(Complaint complaint) => complaint.State is ComplaintState.Acknowledged or ComplaintState.Investigating;

    /// <summary>Binds the shared commit pipeline to the complaint lifecycle and SLA catalog.</summary>
    private sealed class Pipeline(ComplaintService service, IEntityStore<Complaint> store, CustomerServiceMetrics metrics, DueWorkOptions dueWork)
        : LifecyclePipeline<Complaint, ComplaintCommand, ComplaintState, ComplaintTrigger>(EntityKind, store, metrics, dueWork)
    {
        protected override string IdOf(Complaint entity) => entity.Id.Value;

        protected override int HistoryCount(Complaint entity) => entity.History.Count;

        protected override Instant LastRecordedAt(Complaint entity) => entity.UpdatedAt ?? entity.ReceivedAt;

        protected override Complaint Apply(Complaint current, ComplaintCommand command, string actor, Instant now) => service._lifecycle.Apply(current, command, actor, now);

        protected override TransitionRecord<ComplaintState, ComplaintTrigger> LastTransition(Complaint entity) => entity.History[^1];

        protected override CustomerServiceEvent Transitioned(Complaint entity, TransitionRecord<ComplaintState, ComplaintTrigger> transition, string messageId) =>
            new ComplaintTransitioned(entity with { History = [] }, transition) { Id = messageId };

        protected override (Complaint Entity, IReadOnlyList<SlaCrossing> Crossings) UpdateSla(Complaint current, Complaint next, ComplaintCommand command, Instant at) =>
            ComplaintSla.Transition(next, command.Trigger, service._sla, at);

        protected override void RecordTimes(Complaint current, Complaint next, Instant at) =>
            ResponseTimes.RecordMetClocks(Metrics, EntityKind, current.Sla, next.Sla, service._sla, at);

        protected override DueSchedule Schedule(Complaint entity)
        {
            var schedule = DueSchedule.None;
            if (entity.Sla is { NextChangeAt: { } change } set && service._sla.TryGetPolicy(set, out _))
            {
                schedule = schedule.With(change, DueWork.SlaChange);
            }

            if (AwaitsResponse(entity) && entity.RespondBy is { } respondBy && !entity.ResponseOverdue)
            {
                schedule = schedule.With(respondBy, DueWork.ResponseDeadline);
            }

            return schedule;
        }

        protected override DueStep<Complaint, ComplaintCommand>? DueWorkAt(Complaint entity, Instant at)
        {
            var next = entity;
            IReadOnlyList<SlaCrossing> crossings = [];
            if (entity.Sla?.NextChangeAt is { } change && change <= at && ComplaintSla.Evaluate(entity, service._sla, at) is var (evaluated, observed))
            {
                next = evaluated;
                crossings = observed;
            }

            IReadOnlyList<CustomerServiceEvent> events = [];
            if (AwaitsResponse(next) && next.RespondBy is { } respondBy && respondBy <= at && !next.ResponseOverdue)
            {
                next = next with { ResponseOverdue = true };
                events = [new ComplaintResponseOverdue(next.Id, respondBy)];
            }

            return ReferenceEquals(next, entity) ? null : DueStep<Complaint, ComplaintCommand>.Check(next with { UpdatedAt = at }, events, crossings);
        }
    }
}

/// <summary>
/// Opens the complaint a dissatisfied callback names (<see cref="Callbacks.CallbackCommand.Complete"/> with a complaint to
/// open), driven by the callback's <see cref="Callbacks.CallbackTransitioned"/> event from the outbox: the callback and the
/// follow-up cannot drift apart, because the event is saved with the callback and retried until the complaint exists.
/// </summary>
/// <remarks>
/// Idempotent: a redelivered event finds the complaint stored already (the conflict is the proof) and does nothing
/// more. The complaint is received at the instant the callback was completed. Registered by dependency injection as an
/// event sink ahead of the host's.
/// </remarks>
/// <param name="complaints">The complaint service that receives the follow-up complaint.</param>
/// <threadsafety>This type is thread-safe when <paramref name="complaints"/> is.</threadsafety>
public sealed class DissatisfiedCallbackFollowUp(IComplaintService complaints) : ICustomerServiceEventSink
{
    private readonly IComplaintService _complaints = complaints ?? throw new ArgumentNullException(nameof(complaints));

    /// <inheritdoc/>
    public async ValueTask PublishAsync(CustomerServiceEvent domainEvent, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(domainEvent);
        if (domainEvent is not Callbacks.CallbackTransitioned { Transition.Trigger: Callbacks.CallbackTrigger.Complete, Callback: { OpenedComplaintId: { } complaintId } callback } completed)
        {
            return;
        }

        var origin = new ComplaintOrigin(ContactChannel.Phone) { TicketId = callback.TicketId, CallbackId = callback.Id };
        try
        {
            await _complaints.ReceiveAsync(complaintId, origin, completed.Transition.Actor, completed.Transition.At, cancellationToken).ConfigureAwait(false);
        }
        catch (ConcurrencyConflictException)
        {
            // Received already: this is a redelivery of the same event.
        }
    }
}
