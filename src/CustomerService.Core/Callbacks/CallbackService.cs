using System.Diagnostics.Metrics;
using CustomerService.Core.Lifecycles;
using CustomerService.Core.Storage;
using NodaTime;

namespace CustomerService.Core.Callbacks;

/// <summary>What a new callback is for: its purpose, the contact's time zone, and the ticket or complaint it follows up.</summary>
/// <param name="Purpose">Why the callback is made.</param>
/// <param name="ContactTimeZone">The contact's time zone (the contact window is local to it).</param>
/// <threadsafety>This type is immutable and may be shared freely between threads.</threadsafety>
public sealed record CallbackDetails(CallbackPurpose Purpose, DateTimeZone ContactTimeZone)
{
    /// <summary>Gets the ticket the callback follows up.</summary>
    /// <value>The ticket's identifier, or <see langword="null"/>.</value>
    public TicketId? TicketId { get; init; }

    /// <summary>Gets the complaint the callback follows up.</summary>
    /// <value>The complaint's identifier, or <see langword="null"/>.</value>
    public ComplaintId? ComplaintId { get; init; }
}

/// <summary>
/// Requests and changes callbacks: load → apply the lifecycle → save state, history, due work and events in one atomic
/// write under the loaded concurrency token.
/// </summary>
/// <remarks>
/// Concurrent changes of one callback are resolved like tickets' (<c>ITicketService</c>). Completing a callback as
/// <see cref="CallbackOutcome.Dissatisfied"/> with a complaint to open raises <see cref="CallbackTransitioned"/> in the
/// outbox; the complaint follow-up (<c>DissatisfiedCallbackFollowUp</c>) opens the complaint from it, exactly once.
/// </remarks>
/// <threadsafety>Implementations must be safe to call concurrently; the package calls them from any thread.</threadsafety>
public interface ICallbackService
{
    /// <summary>Requests a new callback in state <see cref="CallbackState.Requested"/>.</summary>
    /// <param name="id">The callback's identifier.</param>
    /// <param name="details">Its purpose, the contact's time zone, and what it follows up.</param>
    /// <param name="actor">Who requested it.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The new callback at version 0.</returns>
    /// <exception cref="ConcurrencyConflictException">Thrown when a callback with that identifier exists already.</exception>
    /// <exception cref="ArgumentException">Thrown when an argument is not valid.</exception>
    Task<Callback> RequestAsync(CallbackId id, CallbackDetails details, string actor, CancellationToken cancellationToken = default);

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

    /// <summary>
    /// Processes the callbacks whose due work has come at <paramref name="now"/>: scheduled callbacks whose next attempt
    /// has come become <see cref="CallbackState.Due"/> (the dialler's work queue). Failures are isolated per callback.
    /// </summary>
    /// <param name="now">The instant to evaluate.</param>
    /// <param name="maxCount">The most callbacks to take in this call.</param>
    /// <param name="cancellationToken">Cancels the run; callbacks not processed yet stay due.</param>
    /// <returns>What the run did; <see cref="DueWorkReport{TEntity}.Changed"/> holds the callbacks now due, earliest first.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when <paramref name="maxCount"/> is negative.</exception>
    Task<DueWorkReport<Callback>> ProcessDueAsync(Instant now, int maxCount = 100, CancellationToken cancellationToken = default);
}

/// <summary>A callback was requested.</summary>
/// <param name="Callback">The new callback.</param>
/// <param name="Actor">Who requested it.</param>
/// <threadsafety>Events are immutable and may be shared freely between threads.</threadsafety>
public sealed record CallbackRequested(Callback Callback, string Actor) : CustomerServiceEvent(Callback?.RequestedAt ?? default, Actor);

/// <summary>A callback transition was committed.</summary>
/// <param name="Callback">The callback at its new version, without its history (the transition is <paramref name="Transition"/>).</param>
/// <param name="Transition">The transition (also the callback's last history entry).</param>
/// <threadsafety>Events are immutable and may be shared freely between threads.</threadsafety>
public sealed record CallbackTransitioned(Callback Callback, TransitionRecord<CallbackState, CallbackTrigger> Transition) : CustomerServiceEvent(Transition.At, Transition.Actor);

/// <summary>The default <see cref="ICallbackService"/>.</summary>
/// <threadsafety>This type is thread-safe when its store is.</threadsafety>
public sealed class CallbackService : ICallbackService
{
    /// <summary>The entity kind callbacks are stored and published under: <c>Callback</c>.</summary>
    public const string EntityKind = "Callback";

    /// <summary>The actor recorded when due work releases a scheduled callback: <c>dialler</c>.</summary>
    public const string DiallerActor = "dialler";

    private readonly CallbackLifecycle _lifecycle;
    private readonly IClock _clock;
    private readonly Pipeline _pipeline;

    /// <summary>Initializes a new instance of the <see cref="CallbackService"/> class (for hosts without dependency injection).</summary>
    /// <param name="store">Where callbacks (and, in the same transaction, their outbox messages) are kept.</param>
    /// <param name="lifecycle">The callback lifecycle.</param>
    /// <param name="clock">The clock that stamps transitions.</param>
    /// <param name="dueWork">How failed due work is pushed back; <see langword="null"/> for the defaults.</param>
    /// <param name="meterFactory">Creates the meter; <see langword="null"/> uses a process-wide meter.</param>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="store"/>, <paramref name="lifecycle"/> or <paramref name="clock"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">Thrown when <paramref name="dueWork"/> is not valid.</exception>
    public CallbackService(IEntityStore<Callback> store, CallbackLifecycle lifecycle, IClock clock, DueWorkOptions? dueWork = null, IMeterFactory? meterFactory = null)
        : this(store, lifecycle, clock, dueWork, meterFactory is null ? CustomerServiceMetrics.Shared : new CustomerServiceMetrics(meterFactory))
    {
    }

    internal CallbackService(IEntityStore<Callback> store, CallbackLifecycle lifecycle, IClock clock, DueWorkOptions? dueWork, CustomerServiceMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(lifecycle);
        ArgumentNullException.ThrowIfNull(clock);
        _lifecycle = lifecycle;
        _clock = clock;
        _pipeline = new Pipeline(this, store, metrics, (dueWork ?? new DueWorkOptions()).Checked(nameof(dueWork)));
    }

    /// <inheritdoc/>
    public async Task<Callback> RequestAsync(CallbackId id, CallbackDetails details, string actor, CancellationToken cancellationToken = default)
    {
        using var activity = CustomerServiceMetrics.StartCommand(EntityKind, "Request", id.Value);
        ArgumentNullException.ThrowIfNull(details);
        Guard.Text(actor, nameof(actor));
        var callback = Callback.Create(id, details.Purpose, details.ContactTimeZone, _clock.GetCurrentInstant(), details.TicketId, details.ComplaintId);
        return await _pipeline.CreateAsync(callback, new CallbackRequested(callback, actor), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<Callback> ExecuteAsync(CallbackId id, CallbackCommand command, string actor, CancellationToken cancellationToken = default)
    {
        using var activity = CustomerServiceMetrics.StartCommand(EntityKind, "Execute", id.Value, CustomerServiceMetrics.CommandName(command));
        var current = await _pipeline.LoadAsync(Key(id), cancellationToken).ConfigureAwait(false);
        return await _pipeline.CommitAsync(current, command, actor, _clock.GetCurrentInstant(), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<Callback?> FindAsync(CallbackId id, CancellationToken cancellationToken = default) =>
        (await _pipeline.Store.FindAsync(Key(id), cancellationToken).ConfigureAwait(false))?.Entity;

    /// <inheritdoc/>
    public async Task<IReadOnlyList<CallbackTrigger>> GetPermittedTriggersAsync(CallbackId id, CancellationToken cancellationToken = default)
    {
        var stored = await _pipeline.LoadAsync(Key(id), cancellationToken).ConfigureAwait(false);
        return _lifecycle.GetPermittedTriggers(stored.Entity, _clock.GetCurrentInstant());
    }

    /// <inheritdoc/>
    public Task<DueWorkReport<Callback>> ProcessDueAsync(Instant now, int maxCount = 100, CancellationToken cancellationToken = default) =>
        _pipeline.ProcessDueAsync(now, maxCount, cancellationToken);

    private static string Key(CallbackId id) =>
        id.Value ?? throw new ArgumentException("The callback identifier must not be the default value.", nameof(id));

    /// <summary>Binds the shared commit pipeline to the callback lifecycle (callbacks keep no SLA clocks).</summary>
    private sealed class Pipeline(CallbackService service, IEntityStore<Callback> store, CustomerServiceMetrics metrics, DueWorkOptions dueWork)
        : LifecyclePipeline<Callback, CallbackCommand, CallbackState, CallbackTrigger>(EntityKind, store, metrics, dueWork)
    {
        protected override string IdOf(Callback entity) => entity.Id.Value;

        protected override int HistoryCount(Callback entity) => entity.History.Count;

        protected override Instant LastRecordedAt(Callback entity) => entity.UpdatedAt ?? entity.RequestedAt;

        protected override Callback Apply(Callback current, CallbackCommand command, string actor, Instant now) => service._lifecycle.Apply(current, command, actor, now);

        protected override TransitionRecord<CallbackState, CallbackTrigger> LastTransition(Callback entity) => entity.History[^1];

        protected override CustomerServiceEvent Transitioned(Callback entity, TransitionRecord<CallbackState, CallbackTrigger> transition, string messageId) =>
            new CallbackTransitioned(entity with { History = [] }, transition) { Id = messageId };

        protected override DueSchedule Schedule(Callback entity) =>
            entity.State == CallbackState.Scheduled && entity.DueAt is { } due ? DueSchedule.None.With(due, DueWork.CallbackAttempt) : DueSchedule.None;

        protected override DueStep<Callback, CallbackCommand>? DueWorkAt(Callback entity, Instant at) =>
            entity.State == CallbackState.Scheduled && entity.DueAt is { } due && due <= at
                ? DueStep<Callback, CallbackCommand>.Fire(new CallbackCommand.BecomeDue(), DiallerActor)
                : null;
    }
}
