using System.Diagnostics;
using System.Globalization;
using CustomerService.Core.Sla;
using CustomerService.Core.Storage;
using NodaTime;

namespace CustomerService.Core.Lifecycles;

/// <summary>When an entity must be looked at again, and why.</summary>
internal readonly record struct DueSchedule(Instant? NextDueAt, DueWork Due)
{
    public static DueSchedule None => default;

    /// <summary>Adds a candidate: the earliest instant wins; equal instants combine their flags.</summary>
    public DueSchedule With(Instant? at, DueWork work) => at switch
    {
        null => this,
        { } a when NextDueAt is not { } current || a < current => new(a, work),
        { } a when a == NextDueAt => new(a, Due | work),
        _ => this,
    };
}

/// <summary>What a due-work check decided for one entity: nothing, a lifecycle command, or a check that changes data and raises events.</summary>
internal sealed class DueStep<TEntity, TCommand>
    where TEntity : class
{
    private DueStep()
    {
    }

    public TCommand? Command { get; private init; }

    public string? Actor { get; private init; }

    public TEntity? Checked { get; private init; }

    public IReadOnlyList<CustomerServiceEvent> Events { get; private init; } = [];

    public IReadOnlyList<SlaCrossing> Crossings { get; private init; } = [];

    public static DueStep<TEntity, TCommand> Fire(TCommand command, string actor) => new() { Command = command, Actor = actor };

    public static DueStep<TEntity, TCommand> Check(TEntity entity, IReadOnlyList<CustomerServiceEvent> events, IReadOnlyList<SlaCrossing> crossings) =>
        new() { Checked = entity, Events = events, Crossings = crossings };
}

/// <summary>
/// The commit pipeline the ticket, complaint and callback services share: load → apply the lifecycle (monotonic time) →
/// update the SLA clocks → compute the due work → save snapshot, history and outbox messages in one atomic write under
/// the loaded concurrency token → record telemetry. Due work runs through the same save, entity by entity, isolating
/// failures.
/// </summary>
/// <remarks>
/// Each service holds one sealed subclass that binds the pipeline to its store, lifecycle and SLA rules through virtual
/// calls. Nothing is published here: events go to the outbox with the change and the <see cref="OutboxDispatcher"/>
/// delivers them, so a failing sink can neither fail a command nor lose an event.
/// </remarks>
internal abstract class LifecyclePipeline<TEntity, TCommand, TState, TTrigger>(string kind, IEntityStore<TEntity> store, CustomerServiceMetrics metrics, DueWorkOptions dueWork)
    where TEntity : class
    where TCommand : class
    where TState : struct, Enum
    where TTrigger : struct, Enum
{
    public string Kind => kind;

    public IEntityStore<TEntity> Store => store;

    public CustomerServiceMetrics Metrics => metrics;

    /// <summary>Loads an entity, throwing <see cref="EntityNotFoundException"/> when none is stored under <paramref name="id"/>.</summary>
    public async ValueTask<StoredEntity<TEntity>> LoadAsync(string id, CancellationToken cancellationToken) =>
        await store.FindAsync(id, cancellationToken).ConfigureAwait(false) ?? throw new EntityNotFoundException(kind, id);

    /// <summary>Stores a new entity with its creation event; a conflict means the id exists already.</summary>
    public async Task<TEntity> CreateAsync(TEntity entity, CustomerServiceEvent created, CancellationToken cancellationToken)
    {
        await SaveAsync(null, entity, [created], [], cancellationToken).ConfigureAwait(false);
        return entity;
    }

    /// <summary>Applies one command to <paramref name="current"/> and saves the result, its events and its due work against the loaded token.</summary>
    public async Task<TEntity> CommitAsync(StoredEntity<TEntity> current, TCommand command, string actor, Instant now, CancellationToken cancellationToken, bool isDueWork = false, string? claimOwner = null)
    {
        TEntity next;
        try
        {
            next = Apply(current.Entity, command, actor, now);
        }
        catch (InvalidTransitionException e)
        {
            metrics.Rejection(e);
            CustomerServiceMetrics.Failed(Activity.Current, e);
            throw;
        }

        var transition = LastTransition(next);
        if (transition.RequestedAt is { } requested && requested != transition.At)
        {
            var clampedId = IdOf(next);
            CustomerServiceLog.ClockClamped(metrics.Logger, kind, clampedId, requested, transition.At);
        }

        // Clocks and state are saved together: the clock events of this transition go into the same snapshot.
        (next, var crossings) = UpdateSla(current.Entity, next, command, transition.At);
        await SaveAsync(current, next, [Transitioned(next, transition)], crossings, cancellationToken, isDueWork ? transition.At : null, claimOwner).ConfigureAwait(false);
        metrics.Transition(kind, transition.From, transition.To, transition.Trigger);
        RecordTimes(current.Entity, next, transition.At);
        return next;
    }

    /// <summary>Processes the entities whose due work has come at <paramref name="now"/>, one by one, isolating failures.</summary>
    /// <remarks>
    /// On an <see cref="IClaimableEntityStore{TEntity}"/> the batch is claimed with a lease (<see cref="DueWorkOptions.NodeId"/>,
    /// <see cref="DueWorkOptions.LeaseDuration"/>) and each entity is completed under it: an entity written since the claim
    /// (its token changed) is skipped, and a lease that expired stops the batch, whose entities another claim takes up.
    /// Otherwise the due entities are listed, and concurrent runs are kept apart by the tokens alone.
    /// </remarks>
    public async Task<DueWorkReport<TEntity>> ProcessDueAsync(Instant now, int maxCount, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxCount);
        using var activity = CustomerServiceMetrics.StartCommand(kind, "ProcessDue", null);
        var started = Stopwatch.GetTimestamp();
        var owner = store is IClaimableEntityStore<TEntity> ? dueWork.NodeId : null;
        var due = store is IClaimableEntityStore<TEntity> claimable
            ? await claimable.ClaimDueAsync(now, maxCount, dueWork.NodeId, dueWork.LeaseDuration, cancellationToken).ConfigureAwait(false)
            : await store.ListDueAsync(now, maxCount, cancellationToken).ConfigureAwait(false);
        var changed = new List<TEntity>(due.Count);
        List<DueWorkFailure>? failures = null;
        foreach (var entry in due)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                if (await ProcessOneAsync(entry, now, owner, cancellationToken).ConfigureAwait(false) is { } result)
                {
                    changed.Add(result);
                }

                metrics.DueWorkProcessed(kind);
                metrics.DueWorkLatency(kind, now - entry.NextDueAt);
            }
            catch (ConcurrencyConflictException)
            {
                // Changed since it was loaded (or claimed): that write recomputed its due work, and a later run sees it.
                CustomerServiceLog.DueWorkSkipped(metrics.Logger, kind, entry.Id);
            }
            catch (LeaseExpiredException)
            {
                // The batch's leases expired together: the remaining entities are another claim's now. Nothing was written.
                metrics.LeaseLost(kind);
                break;
            }
            catch (Exception e) when (!(e is OperationCanceledException && cancellationToken.IsCancellationRequested))
            {
                metrics.DueWorkFailure(kind);
                var error = await DeferAfterFailureAsync(entry, now, e, cancellationToken).ConfigureAwait(false);
                if (metrics.Logger.IsEnabled(Microsoft.Extensions.Logging.LogLevel.Warning))
                {
                    CustomerServiceLog.DueWorkFailed(metrics.Logger, kind, entry.Id, e.GetType().Name, error);
                }

                (failures ??= []).Add(new DueWorkFailure(kind, entry.Id, error));
            }
        }

        var failed = failures?.Count ?? 0;
        if (metrics.Logger.IsEnabled(Microsoft.Extensions.Logging.LogLevel.Debug))
        {
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            CustomerServiceLog.DueWorkBatch(metrics.Logger, kind, now, due.Count, changed.Count, failed, elapsed);
        }

        activity?.SetTag(CustomerServiceTelemetry.BatchListedTag, due.Count);
        activity?.SetTag(CustomerServiceTelemetry.BatchDoneTag, changed.Count);
        activity?.SetTag(CustomerServiceTelemetry.BatchFailedTag, failed);
        return new DueWorkReport<TEntity>(due.Count, changed, failures ?? (IReadOnlyList<DueWorkFailure>)[]);
    }

    /// <summary>Gets an entity's identifier.</summary>
    protected abstract string IdOf(TEntity entity);

    /// <summary>Gets how many history entries an entity has.</summary>
    protected abstract int HistoryCount(TEntity entity);

    /// <summary>Gets the instant of the entity's last recorded change (its creation when it never changed).</summary>
    protected abstract Instant LastRecordedAt(TEntity entity);

    /// <summary>Applies the lifecycle (which clamps <paramref name="now"/> to the last recorded instant).</summary>
    protected abstract TEntity Apply(TEntity current, TCommand command, string actor, Instant now);

    /// <summary>Gets an entity's last history entry.</summary>
    protected abstract TransitionRecord<TState, TTrigger> LastTransition(TEntity entity);

    /// <summary>Builds the event raised by a committed transition.</summary>
    protected abstract CustomerServiceEvent Transitioned(TEntity entity, TransitionRecord<TState, TTrigger> transition);

    /// <summary>Computes when the domain must look at the entity again.</summary>
    protected abstract DueSchedule Schedule(TEntity entity);

    /// <summary>Decides the due work at <paramref name="at"/> (already clamped): <see langword="null"/> when nothing is due.</summary>
    protected abstract DueStep<TEntity, TCommand>? DueWorkAt(TEntity entity, Instant at);

    /// <summary>Updates the SLA clocks for a transition; an entity without clocks keeps <paramref name="next"/> and crosses nothing.</summary>
    protected virtual (TEntity Entity, IReadOnlyList<SlaCrossing> Crossings) UpdateSla(TEntity current, TEntity next, TCommand command, Instant at) => (next, []);

    /// <summary>Records the response and resolution times a committed transition completed (a met SLA clock, a solved case); nothing by default.</summary>
    protected virtual void RecordTimes(TEntity current, TEntity next, Instant at)
    {
    }

    /// <summary>Pushes a failed entity back so that it cannot block the queue; returns the error to report (both, when the deferral fails too).</summary>
    private async Task<Exception> DeferAfterFailureAsync(DueEntity entry, Instant now, Exception failure, CancellationToken cancellationToken)
    {
        try
        {
            // A concurrent write (false) has recomputed the entity's due work anyway.
            await store.DeferAsync(entry.Id, entry.Token, EffectiveTime.Max(now, entry.NextDueAt) + dueWork.FailureBackoff, cancellationToken).ConfigureAwait(false);
            return failure;
        }
        catch (Exception deferral) when (!(deferral is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            // The store is failing for this entity: report both and go on with the batch; the next run retries it.
            return new AggregateException(failure, deferral);
        }
    }

    private async Task<TEntity?> ProcessOneAsync(DueEntity entry, Instant now, string? claimOwner, CancellationToken cancellationToken)
    {
        var id = entry.Id;
        if (await store.FindAsync(id, cancellationToken).ConfigureAwait(false) is not { } stored)
        {
            return null;
        }

        if (claimOwner is not null && stored.Token != entry.Token)
        {
            // Written since the claim (which cleared the lease): that write recomputed the due work; nothing to complete.
            metrics.Conflict(kind);
            return null;
        }

        var at = EffectiveTime.Of(now, LastRecordedAt(stored.Entity));
        var step = DueWorkAt(stored.Entity, at);
        if (step?.Command is { } command)
        {
            return await CommitAsync(stored, command, step.Actor!, at, cancellationToken, isDueWork: true, claimOwner).ConfigureAwait(false);
        }

        if (step?.Checked is { } checkedEntity)
        {
            await SaveAsync(stored, checkedEntity, step.Events, step.Crossings, cancellationToken, at, claimOwner).ConfigureAwait(false);
            return checkedEntity;
        }

        // Nothing to do: the stored due work is stale (an edited option, a policy gone from the catalog). Store the
        // recomputed schedule so that the entity leaves the queue, unless it is already what is stored.
        var schedule = Schedule(stored.Entity);
        if (schedule.NextDueAt == stored.NextDueAt && schedule.Due == stored.Due)
        {
            return schedule.NextDueAt is { } next && next <= at
                ? throw new InvalidOperationException(string.Format(CultureInfo.InvariantCulture, "{0} '{1}' is due at {2}, but its due work at {3} has nothing to do.", kind, id, next, at))
                : null;
        }

        await SaveAsync(stored, stored.Entity, [], [], cancellationToken, at, claimOwner).ConfigureAwait(false);
        return null;
    }

    /// <summary>Writes the entity, its new history, its due work and its events (with stable ids) in one change.</summary>
    private async Task SaveAsync(
        StoredEntity<TEntity>? current,
        TEntity next,
        IReadOnlyList<CustomerServiceEvent> events,
        IReadOnlyList<SlaCrossing> crossings,
        CancellationToken cancellationToken,
        Instant? dueCheckAt = null,
        string? claimOwner = null)
    {
        var id = IdOf(next);
        var token = current?.Token.Next() ?? ConcurrencyToken.Initial;
        var schedule = Schedule(next);
        if (dueCheckAt is { } at && schedule.NextDueAt is { } nextDue && nextDue <= at)
        {
            // Processing at t must leave the entity due after t, or a queue would spin on it.
            throw new InvalidOperationException(string.Format(CultureInfo.InvariantCulture, "{0} '{1}' would stay due at {2} after its due work at {3}.", kind, id, nextDue, at));
        }

        var messages = new OutboxMessage[events.Count + crossings.Count];
        for (var i = 0; i < messages.Length; i++)
        {
            var domainEvent = i < events.Count ? events[i] : SlaMilestoneReached.From(kind, id, crossings[i - events.Count]);
            var messageId = string.Create(CultureInfo.InvariantCulture, $"{kind}/{id}/{token.Value}/{i}");
            messages[i] = new OutboxMessage { Id = messageId, EntityKind = kind, EntityId = id, Event = domainEvent with { Id = messageId } };
        }

        var change = new EntityChange<TEntity>(id, next, current?.Token, token, current is null ? 0 : HistoryCount(current.Entity), schedule.NextDueAt, schedule.Due, messages) { ClaimOwner = claimOwner };
        try
        {
            await store.SaveAsync(change, cancellationToken).ConfigureAwait(false);
        }
        catch (ConcurrencyConflictException e)
        {
            metrics.Conflict(kind);
            CustomerServiceMetrics.Failed(Activity.Current, e);
            CustomerServiceLog.SaveConflict(metrics.Logger, kind, id, current?.Token.Value);
            throw;
        }

        metrics.Saved(kind, schedule.NextDueAt, messages.Length > 0, LastRecordedAt(next));

        for (var i = 0; i < crossings.Count; i++)
        {
            metrics.SlaCrossing(crossings[i].Metric, crossings[i].Priority, crossings[i].IsBreach);
        }
    }
}
