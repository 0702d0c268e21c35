using System.Diagnostics;
using System.Globalization;
using System.Runtime.ExceptionServices;
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
    public async Task<TEntity> CommitAsync(StoredEntity<TEntity> current, TCommand command, string actor, Instant now, CancellationToken cancellationToken)
    {
        var save = PrepareCommit(current, command, actor, now, isDueWork: false, claimOwner: null);
        await SaveAsync(save, cancellationToken).ConfigureAwait(false);
        return save.Entity;
    }

    /// <summary>Processes the entities whose due work has come at <paramref name="now"/>, isolating failures per entity.</summary>
    /// <remarks>
    /// On an <see cref="IClaimableEntityStore{TEntity}"/> the batch is claimed with a lease (<see cref="DueWorkOptions.NodeId"/>,
    /// <see cref="DueWorkOptions.LeaseDuration"/>) and loaded in one call (<see cref="IClaimableEntityStore{TEntity}.ClaimDueAndLoadAsync"/>),
    /// and completed under the lease in one call
    /// (<see cref="ProcessClaimedAsync"/>). Otherwise the due entities are listed and processed one by one, and concurrent
    /// runs are kept apart by the tokens alone.
    /// </remarks>
    public async Task<DueWorkReport<TEntity>> ProcessDueAsync(Instant now, int maxCount, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxCount);
        using var activity = CustomerServiceMetrics.StartCommand(kind, "ProcessDue", null);
        var started = Stopwatch.GetTimestamp();
        var batch = new DueBatch(now);
        if (store is IClaimableEntityStore<TEntity> claimable)
        {
            var claimed = await claimable.ClaimDueAndLoadAsync(now, maxCount, dueWork.NodeId, dueWork.LeaseDuration, cancellationToken).ConfigureAwait(false);
            var due = new DueEntity[claimed.Count];
            for (var i = 0; i < due.Length; i++)
            {
                due[i] = claimed[i].Due;
            }

            batch.Due = due;
            await ProcessClaimedAsync(claimable, batch, claimed, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            batch.Due = await store.ListDueAsync(now, maxCount, cancellationToken).ConfigureAwait(false);
            await ProcessListedAsync(batch, cancellationToken).ConfigureAwait(false);
        }

        var failed = batch.Failures?.Count ?? 0;
        if (metrics.Logger.IsEnabled(Microsoft.Extensions.Logging.LogLevel.Debug))
        {
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            CustomerServiceLog.DueWorkBatch(metrics.Logger, kind, now, batch.Due.Count, batch.Changed.Count, failed, elapsed);
        }

        activity?.SetTag(CustomerServiceTelemetry.BatchListedTag, batch.Due.Count);
        activity?.SetTag(CustomerServiceTelemetry.BatchDoneTag, batch.Changed.Count);
        activity?.SetTag(CustomerServiceTelemetry.BatchFailedTag, failed);
        return new DueWorkReport<TEntity>(batch.Due.Count, batch.Changed, batch.Failures ?? (IReadOnlyList<DueWorkFailure>)[]);
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

    /// <summary>Builds the event raised by a committed transition, with its outbox message id (so that the save need not copy it to stamp the id).</summary>
    protected abstract CustomerServiceEvent Transitioned(TEntity entity, TransitionRecord<TState, TTrigger> transition, string messageId);

    /// <summary>Computes when the domain must look at the entity again.</summary>
    protected abstract DueSchedule Schedule(TEntity entity);

    /// <summary>Decides the due work at <paramref name="at"/> (already clamped): <see langword="null"/> when nothing is due.</summary>
    protected abstract DueStep<TEntity, TCommand>? DueWorkAt(TEntity entity, Instant at);

    /// <summary>The SLA events a committed transition raises besides its milestones (a re-selected policy), written after the transition's own event.</summary>
    protected virtual IReadOnlyList<CustomerServiceEvent> SlaEvents(TEntity current, TEntity next, TransitionRecord<TState, TTrigger> transition) => [];

    /// <summary>Updates the SLA clocks for a transition; an entity without clocks keeps <paramref name="next"/> and crosses nothing.</summary>
    protected virtual (TEntity Entity, IReadOnlyList<SlaCrossing> Crossings) UpdateSla(TEntity current, TEntity next, TCommand command, Instant at) => (next, []);

    /// <summary>Records the response and resolution times a committed transition completed (a met SLA clock, a solved case); nothing by default.</summary>
    protected virtual void RecordTimes(TEntity current, TEntity next, Instant at)
    {
    }

    /// <summary>The list path: each due entity is loaded, processed and saved in turn.</summary>
    private async Task ProcessListedAsync(DueBatch batch, CancellationToken cancellationToken)
    {
        foreach (var entry in batch.Due)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                var stored = await store.FindAsync(entry.Id, cancellationToken).ConfigureAwait(false);
                if (stored is not null && PrepareDue(entry, stored, batch.Now, claimOwner: null) is { } save)
                {
                    await SaveAsync(save, cancellationToken).ConfigureAwait(false);
                    if (save.Reported)
                    {
                        batch.Changed.Add(save.Entity);
                    }
                }

                Processed(entry, batch.Now);
            }
            catch (ConcurrencyConflictException)
            {
                // Changed since it was loaded: that write recomputed its due work, and a later run sees it.
                CustomerServiceLog.DueWorkSkipped(metrics.Logger, kind, entry.Id);
            }
            catch (Exception e) when (!(e is OperationCanceledException && cancellationToken.IsCancellationRequested))
            {
                await FailAsync(batch, entry, e, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// The claim path: takes the claimed batch as loaded with its claim, prepares each entity's change (an entity written
    /// since the claim is skipped; one that could not be loaded fails alone), and completes the batch under the lease in one call
    /// (<see cref="IClaimableEntityStore{TEntity}.CompleteClaimsAsync"/>). Each change is written or refused on its own: a
    /// conflict was recomputed by the write that caused it, an expired lease leaves the entity to the next claim, and any
    /// other refusal is a failure of that entity alone (reported and pushed back).
    /// </summary>
    private async Task ProcessClaimedAsync(IClaimableEntityStore<TEntity> claimable, DueBatch batch, IReadOnlyList<ClaimedEntity<TEntity>> loaded, CancellationToken cancellationToken)
    {
        var due = batch.Due;
        if (due.Count == 0)
        {
            return;
        }

        var pending = new List<(DueEntity Entry, PendingSave Save)>(due.Count);
        for (var i = 0; i < due.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var entry = due[i];
            try
            {
                var (stored, error) = (loaded[i].Stored, loaded[i].LoadError);
                if (error is not null)
                {
                    ExceptionDispatchInfo.Throw(error);
                }

                if (stored is not null && stored.Token != entry.Token)
                {
                    // Written since the claim (which cleared the lease): that write recomputed the due work; nothing to complete.
                    metrics.Conflict(kind);
                    CustomerServiceLog.DueWorkSkipped(metrics.Logger, kind, entry.Id);
                }
                else if (stored is not null && PrepareDue(entry, stored, batch.Now, dueWork.NodeId) is { } save)
                {
                    pending.Add((entry, save));
                    continue;
                }

                Processed(entry, batch.Now);
            }
            catch (Exception e) when (!(e is OperationCanceledException && cancellationToken.IsCancellationRequested))
            {
                await FailAsync(batch, entry, e, cancellationToken).ConfigureAwait(false);
            }
        }

        if (pending.Count == 0)
        {
            return;
        }

        IReadOnlyList<ClaimCompletion> outcomes;
        try
        {
            outcomes = await claimable.CompleteClaimsAsync([.. pending.Select(p => p.Save.Change)], cancellationToken).ConfigureAwait(false);
            if (outcomes.Count != pending.Count)
            {
                throw new InvalidOperationException(string.Format(CultureInfo.InvariantCulture, "The {0} store returned {1} outcomes for {2} completions.", kind, outcomes.Count, pending.Count));
            }
        }
        catch (Exception e) when (!(e is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            // The store failed for the whole batch (each change was written entirely or not at all): report each entity
            // and push it back; the deferral of one that was written after all conflicts and changes nothing.
            foreach (var (entry, _) in pending)
            {
                await FailAsync(batch, entry, e, cancellationToken).ConfigureAwait(false);
            }

            return;
        }

        var leaseLost = false;
        for (var i = 0; i < pending.Count; i++)
        {
            var (entry, save) = pending[i];
            var outcome = outcomes[i] ?? throw new InvalidOperationException($"The {kind} store returned no outcome for '{entry.Id}'.");
            switch (outcome.Status)
            {
                case ClaimCompletionStatus.Saved:
                    RecordSaved(save);
                    if (save.Reported)
                    {
                        batch.Changed.Add(save.Entity);
                    }

                    Processed(entry, batch.Now);
                    break;
                case ClaimCompletionStatus.Conflict:
                    // Written or claimed again since the claim: that write recomputed the due work (or the new owner does it).
                    metrics.Conflict(kind);
                    CustomerServiceLog.SaveConflict(metrics.Logger, kind, entry.Id, entry.Token.Value);
                    CustomerServiceLog.DueWorkSkipped(metrics.Logger, kind, entry.Id);
                    break;
                case ClaimCompletionStatus.LeaseExpired:
                    // Nothing was written; the entity is still due and the next claim takes it.
                    leaseLost = true;
                    break;
                default:
                    await FailAsync(batch, entry, outcome.Error ?? new InvalidOperationException($"The {kind} store refused '{entry.Id}' without an error."), cancellationToken).ConfigureAwait(false);
                    break;
            }
        }

        if (leaseLost)
        {
            metrics.LeaseLost(kind);
        }
    }

    /// <summary>Counts one due entity processed (changed, or found with nothing to do), and how late.</summary>
    private void Processed(DueEntity entry, Instant now)
    {
        metrics.DueWorkProcessed(kind);
        metrics.DueWorkLatency(kind, now - entry.NextDueAt);
    }

    /// <summary>Records one entity's failure (metric, log, report) and pushes it back.</summary>
    private async Task FailAsync(DueBatch batch, DueEntity entry, Exception failure, CancellationToken cancellationToken)
    {
        metrics.DueWorkFailure(kind);
        var error = await DeferAfterFailureAsync(entry, batch.Now, failure, cancellationToken).ConfigureAwait(false);
        if (metrics.Logger.IsEnabled(Microsoft.Extensions.Logging.LogLevel.Warning))
        {
            CustomerServiceLog.DueWorkFailed(metrics.Logger, kind, entry.Id, failure.GetType().Name, error);
        }

        (batch.Failures ??= []).Add(new DueWorkFailure(kind, entry.Id, error));
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

    /// <summary>
    /// Decides a loaded due entity's change: a lifecycle command, a check, or a stale schedule recomputed; or
    /// <see langword="null"/> when there is nothing to write.
    /// </summary>
    private PendingSave? PrepareDue(DueEntity entry, StoredEntity<TEntity> stored, Instant now, string? claimOwner)
    {
        var at = EffectiveTime.Of(now, LastRecordedAt(stored.Entity));
        var step = DueWorkAt(stored.Entity, at);
        if (step?.Command is { } command)
        {
            return PrepareCommit(stored, command, step.Actor!, at, isDueWork: true, claimOwner);
        }

        if (step?.Checked is { } checkedEntity)
        {
            return BuildSave(stored, checkedEntity, step.Events, step.Crossings, at, claimOwner, transition: null, reported: true);
        }

        // Nothing to do: the stored due work is stale (an edited option, a policy gone from the catalog). Store the
        // recomputed schedule so that the entity leaves the queue, unless it is already what is stored.
        var schedule = Schedule(stored.Entity);
        if (schedule.NextDueAt == stored.NextDueAt && schedule.Due == stored.Due)
        {
            return schedule.NextDueAt is { } next && next <= at
                ? throw new InvalidOperationException(string.Format(CultureInfo.InvariantCulture, "{0} '{1}' is due at {2}, but its due work at {3} has nothing to do.", kind, entry.Id, next, at))
                : null;
        }

        return BuildSave(stored, stored.Entity, [], [], at, claimOwner, transition: null, reported: false);
    }

    /// <summary>Applies a command and builds the change that stores it (rejections counted and marked on the current span).</summary>
    private PendingSave PrepareCommit(StoredEntity<TEntity> current, TCommand command, string actor, Instant now, bool isDueWork, string? claimOwner)
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
        var transitioned = Transitioned(next, transition, MessageId(kind, IdOf(next), current.Token.Next(), 0));
        var slaEvents = SlaEvents(current.Entity, next, transition);
        return BuildSave(current, next, slaEvents.Count == 0 ? [transitioned] : [transitioned, .. slaEvents], crossings, isDueWork ? transition.At : null, claimOwner, transition, reported: true, firstStamped: true);
    }

    /// <summary>Writes a new entity, with its creation event, on its own.</summary>
    private Task SaveAsync(
        StoredEntity<TEntity>? current,
        TEntity next,
        IReadOnlyList<CustomerServiceEvent> events,
        IReadOnlyList<SlaCrossing> crossings,
        CancellationToken cancellationToken) =>
        SaveAsync(BuildSave(current, next, events, crossings, dueCheckAt: null, claimOwner: null, transition: null, reported: false), cancellationToken);

    /// <summary>Writes one prepared change on its own (a command, or due work on the list path) and records its telemetry.</summary>
    private async Task SaveAsync(PendingSave save, CancellationToken cancellationToken)
    {
        try
        {
            await store.SaveAsync(save.Change, cancellationToken).ConfigureAwait(false);
        }
        catch (ConcurrencyConflictException e)
        {
            metrics.Conflict(kind);
            CustomerServiceMetrics.Failed(Activity.Current, e);
            CustomerServiceLog.SaveConflict(metrics.Logger, kind, save.Change.Id, save.Change.ExpectedToken?.Value);
            throw;
        }

        RecordSaved(save);
    }

    /// <summary>Records the telemetry of a change the store accepted: the due-work signal, SLA crossings, the transition and the times it completed.</summary>
    private void RecordSaved(PendingSave save)
    {
        metrics.Saved(kind, save.Change.NextDueAt, save.Change.Messages.Count > 0, LastRecordedAt(save.Entity));
        for (var i = 0; i < save.Crossings.Count; i++)
        {
            metrics.SlaCrossing(save.Crossings[i].Metric, save.Crossings[i].Priority, save.Crossings[i].IsBreach);
        }

        if (save.Transition is { } transition)
        {
            metrics.Transition(kind, transition.From, transition.To, transition.Trigger);
            RecordTimes(save.Current!.Entity, save.Entity, transition.At);
        }
    }

    /// <summary>Builds the change that writes the entity, its new history, its due work and its events (with stable ids).</summary>
    private PendingSave BuildSave(
        StoredEntity<TEntity>? current,
        TEntity next,
        IReadOnlyList<CustomerServiceEvent> events,
        IReadOnlyList<SlaCrossing> crossings,
        Instant? dueCheckAt,
        string? claimOwner,
        TransitionRecord<TState, TTrigger>? transition,
        bool reported,
        bool firstStamped = false)
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
            // The transition's event already carries its id (built with the same kind, id and token): not formatted twice.
            var messageId = i == 0 && firstStamped && events[0].Id is { } stamped ? stamped : MessageId(kind, id, token, i);
            CustomerServiceEvent domainEvent = i < events.Count
                ? events[i] is { } raised && string.Equals(raised.Id, messageId, StringComparison.Ordinal) ? raised : events[i] with { Id = messageId }
                : SlaMilestoneReached.From(kind, id, crossings[i - events.Count], messageId);
            messages[i] = new OutboxMessage { Id = messageId, EntityKind = kind, EntityId = id, Event = domainEvent };
        }

        var change = new EntityChange<TEntity>(id, next, current?.Token, token, current is null ? 0 : HistoryCount(current.Entity), schedule.NextDueAt, schedule.Due, messages) { ClaimOwner = claimOwner };
        return new PendingSave(change, next, current, crossings, transition, reported);
    }

    /// <summary>The stable id of the <paramref name="index"/>-th outbox message of the save that writes <paramref name="token"/>.</summary>
    private static string MessageId(string kind, string id, ConcurrencyToken token, int index) =>
        string.Create(CultureInfo.InvariantCulture, $"{kind}/{id}/{token.Value}/{index}");

    /// <summary>A change ready to be stored, with what to record once it is.</summary>
    private sealed record PendingSave(
        EntityChange<TEntity> Change,
        TEntity Entity,
        StoredEntity<TEntity>? Current,
        IReadOnlyList<SlaCrossing> Crossings,
        TransitionRecord<TState, TTrigger>? Transition,
        bool Reported);

    /// <summary>One due-work run: its instant, the listed or claimed entities, and what became of them.</summary>
    private sealed class DueBatch(Instant now)
    {
        public Instant Now { get; } = now;

        public IReadOnlyList<DueEntity> Due { get; set; } = [];

        public List<TEntity> Changed { get; } = [];

        public List<DueWorkFailure>? Failures { get; set; }
    }
}
