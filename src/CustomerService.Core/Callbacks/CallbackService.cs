using CustomerService.Core.Lifecycles;
using System.Diagnostics.Metrics;
using CustomerService.Core.Complaints;
using CustomerService.Core.Storage;
using CustomerService.Core.Tickets;
using NodaTime;

namespace CustomerService.Core.Callbacks;

/// <summary>Requests and changes callbacks: load → apply the lifecycle → save with the loaded version → publish the event.</summary>
/// <remarks>
/// Concurrent changes of one callback are resolved like tickets' (see <see cref="ITicketService"/>). Completing a callback
/// as <see cref="CallbackOutcome.Dissatisfied"/> opens the complaint named in the command once the callback is saved.
/// </remarks>
/// <threadsafety>Implementations must be safe to call concurrently; the package calls them from any thread.</threadsafety>
public interface ICallbackService
{
    /// <summary>Requests a new callback in state <see cref="CallbackState.Requested"/>.</summary>
    /// <param name="id">The callback's identifier.</param>
    /// <param name="purpose">Why the callback is made.</param>
    /// <param name="contactTimeZone">The contact's time zone (the contact window is local to it).</param>
    /// <param name="ticketId">The ticket it follows up, if any.</param>
    /// <param name="complaintId">The complaint it follows up, if any.</param>
    /// <param name="actor">Who requested it.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The new callback at version 0.</returns>
    /// <exception cref="ConcurrencyConflictException">Thrown when a callback with that identifier exists already.</exception>
    /// <exception cref="ArgumentException">Thrown when an argument is not valid.</exception>
    Task<Callback> RequestAsync(CallbackId id, CallbackPurpose purpose, DateTimeZone contactTimeZone, TicketId? ticketId, ComplaintId? complaintId, string actor, CancellationToken cancellationToken = default);

    /// <summary>Applies a command to a stored callback and saves the result.</summary>
    /// <param name="id">The callback's identifier.</param>
    /// <param name="command">What to do.</param>
    /// <param name="actor">Who does it.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The callback at its new version.</returns>
    /// <exception cref="EntityNotFoundException">Thrown when no callback is stored under <paramref name="id"/>.</exception>
    /// <exception cref="InvalidTransitionException">Thrown when the trigger is not permitted now; nothing was saved.</exception>
    /// <exception cref="ConcurrencyConflictException">Thrown when the callback changed since it was loaded; nothing was saved.</exception>
    /// <exception cref="ArgumentException">Thrown when the command's data is not valid.</exception>
    Task<Callback> ExecuteAsync(CallbackId id, CallbackCommand command, string actor, CancellationToken cancellationToken = default);

    /// <summary>Loads a callback.</summary>
    /// <param name="id">The callback's identifier.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The callback, or <see langword="null"/> when none is stored under <paramref name="id"/>.</returns>
    Task<Callback?> FindAsync(CallbackId id, CancellationToken cancellationToken = default);

    /// <summary>Lists the triggers permitted for a stored callback now.</summary>
    /// <param name="id">The callback's identifier.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The permitted triggers.</returns>
    /// <exception cref="EntityNotFoundException">Thrown when no callback is stored under <paramref name="id"/>.</exception>
    Task<IReadOnlyList<CallbackTrigger>> GetPermittedTriggersAsync(CallbackId id, CancellationToken cancellationToken = default);

    /// <summary>Marks the scheduled callbacks due at <paramref name="now"/> as due (the dialler's work queue); the host calls it from a periodic job.</summary>
    /// <param name="now">The instant to evaluate.</param>
    /// <param name="maxCount">The most callbacks to release in this call.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The callbacks now in state <see cref="CallbackState.Due"/>, earliest first. Callbacks changed concurrently are skipped.</returns>
    Task<IReadOnlyList<Callback>> ReleaseDueAsync(Instant now, int maxCount = 100, CancellationToken cancellationToken = default);
}

/// <summary>A callback was requested.</summary>
/// <param name="Callback">The new callback.</param>
/// <param name="Actor">Who requested it.</param>
/// <threadsafety>Events are immutable and may be shared freely between threads.</threadsafety>
public sealed record CallbackRequested(Callback Callback, string Actor) : CustomerServiceEvent(Callback?.RequestedAt ?? default, Actor);

/// <summary>A callback transition was committed.</summary>
/// <param name="Callback">The callback at its new version.</param>
/// <param name="Transition">The transition (also the callback's last history entry).</param>
/// <threadsafety>Events are immutable and may be shared freely between threads.</threadsafety>
public sealed record CallbackTransitioned(Callback Callback, TransitionRecord<CallbackState, CallbackTrigger> Transition) : CustomerServiceEvent(Transition.At, Transition.Actor);

/// <summary>The default <see cref="ICallbackService"/>.</summary>
/// <threadsafety>This type is thread-safe when its stores and event sink are.</threadsafety>
public sealed class CallbackService : ICallbackService
{
    private const string DiallerActor = "dialler";
    private readonly ICallbackStore _store;
    private readonly CallbackLifecycle _lifecycle;
    private readonly IClock _clock;
    private readonly IComplaintService? _complaints;
    private readonly Pipeline _pipeline;

    /// <summary>Initializes a new instance of the <see cref="CallbackService"/> class (for hosts without dependency injection).</summary>
    /// <param name="store">Where callbacks are kept.</param>
    /// <param name="lifecycle">The callback lifecycle.</param>
    /// <param name="clock">The clock that stamps transitions.</param>
    /// <param name="complaints">Opens the complaint of a dissatisfied outcome; <see langword="null"/> leaves it to the host (the event names it).</param>
    /// <param name="events">Receives the domain events; <see langword="null"/> drops them.</param>
    /// <param name="meterFactory">Creates the meter; <see langword="null"/> uses a process-wide meter.</param>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="store"/>, <paramref name="lifecycle"/> or <paramref name="clock"/> is <see langword="null"/>.</exception>
    public CallbackService(ICallbackStore store, CallbackLifecycle lifecycle, IClock clock, IComplaintService? complaints = null, ICustomerServiceEventSink? events = null, IMeterFactory? meterFactory = null)
        : this(store, lifecycle, clock, complaints, events, meterFactory is null ? CustomerServiceMetrics.Shared : new CustomerServiceMetrics(meterFactory))
    {
    }

    internal CallbackService(ICallbackStore store, CallbackLifecycle lifecycle, IClock clock, IComplaintService? complaints, ICustomerServiceEventSink? events, CustomerServiceMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(lifecycle);
        ArgumentNullException.ThrowIfNull(clock);
        _store = store;
        _lifecycle = lifecycle;
        _clock = clock;
        _complaints = complaints;
        _pipeline = new Pipeline(this, events, metrics);
    }

    /// <inheritdoc/>
    public async Task<Callback> RequestAsync(CallbackId id, CallbackPurpose purpose, DateTimeZone contactTimeZone, TicketId? ticketId, ComplaintId? complaintId, string actor, CancellationToken cancellationToken = default)
    {
        Guard.Text(actor, nameof(actor));
        var callback = Callback.Create(id, purpose, contactTimeZone, _clock.GetCurrentInstant(), ticketId, complaintId);
        await _store.SaveAsync(callback, null, cancellationToken).ConfigureAwait(false);
        await _pipeline.Events.PublishAsync(new CallbackRequested(callback, actor), cancellationToken).ConfigureAwait(false);
        return callback;
    }

    /// <inheritdoc/>
    public async Task<Callback> ExecuteAsync(CallbackId id, CallbackCommand command, string actor, CancellationToken cancellationToken = default)
    {
        var current = await _pipeline.LoadAsync(id, cancellationToken).ConfigureAwait(false);
        var next = await _pipeline.CommitAsync(current, command, actor, _clock.GetCurrentInstant(), cancellationToken).ConfigureAwait(false);
        if (next.OpenedComplaintId is { } complaintId && _complaints is not null
            && await _complaints.FindAsync(complaintId, cancellationToken).ConfigureAwait(false) is null)
        {
            await _complaints.ReceiveAsync(complaintId, ContactChannel.Phone, next.TicketId, next.Id, actor, cancellationToken).ConfigureAwait(false);
        }

        return next;
    }

    /// <inheritdoc/>
    public async Task<Callback?> FindAsync(CallbackId id, CancellationToken cancellationToken = default) =>
        await _store.FindAsync(id, cancellationToken).ConfigureAwait(false);

    /// <inheritdoc/>
    public async Task<IReadOnlyList<CallbackTrigger>> GetPermittedTriggersAsync(CallbackId id, CancellationToken cancellationToken = default) =>
        _lifecycle.GetPermittedTriggers(await _pipeline.LoadAsync(id, cancellationToken).ConfigureAwait(false), _clock.GetCurrentInstant());

    /// <inheritdoc/>
    public async Task<IReadOnlyList<Callback>> ReleaseDueAsync(Instant now, int maxCount = 100, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxCount);
        var due = await _store.ListDueAsync(now, maxCount, cancellationToken).ConfigureAwait(false);

        // Callbacks changed since they were listed (rescheduled, cancelled) are skipped: a later run sees their new state.
        return await _pipeline.CommitEachAsync(due, new CallbackCommand.BecomeDue(), DiallerActor, now, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Binds the shared commit pipeline to the callback store and lifecycle (callbacks keep no SLA clocks).</summary>
    private sealed class Pipeline(CallbackService service, ICustomerServiceEventSink? events, CustomerServiceMetrics metrics)
        : LifecyclePipeline<CallbackId, Callback, CallbackCommand, CallbackState, CallbackTrigger>("Callback", events, metrics)
    {
        protected override ValueTask<Callback?> FindAsync(CallbackId id, CancellationToken cancellationToken) => service._store.FindAsync(id, cancellationToken);

        protected override ValueTask SaveAsync(Callback entity, long? expectedVersion, CancellationToken cancellationToken) => service._store.SaveAsync(entity, expectedVersion, cancellationToken);

        protected override Callback Apply(Callback current, CallbackCommand command, string actor, Instant now) => service._lifecycle.Apply(current, command, actor, now);

        protected override long VersionOf(Callback entity) => entity.Version;

        protected override TransitionRecord<CallbackState, CallbackTrigger> LastTransition(Callback entity) => entity.History[^1];

        protected override CustomerServiceEvent Transitioned(Callback entity, TransitionRecord<CallbackState, CallbackTrigger> transition) => new CallbackTransitioned(entity, transition);
    }
}
