using CustomerService.Core.Sla;
using CustomerService.Core.Storage;
using NodaTime;

namespace CustomerService.Core.Lifecycles;

/// <summary>
/// The commit pipeline the ticket, complaint and callback services share: load → apply the lifecycle → update the SLA
/// clocks → save with the loaded version → record telemetry → publish the event.
/// </summary>
/// <remarks>
/// Each service holds one sealed subclass (built once with the service) that binds the pipeline to its store, lifecycle
/// and events through virtual calls, so a commit allocates nothing beyond what the steps themselves need.
/// </remarks>
/// <typeparam name="TId">The entity's identifier.</typeparam>
/// <typeparam name="TEntity">The entity snapshot.</typeparam>
/// <typeparam name="TCommand">The lifecycle's command.</typeparam>
/// <typeparam name="TState">The lifecycle's state.</typeparam>
/// <typeparam name="TTrigger">The lifecycle's trigger.</typeparam>
internal abstract class LifecyclePipeline<TId, TEntity, TCommand, TState, TTrigger>(string lifecycle, ICustomerServiceEventSink? events, CustomerServiceMetrics metrics)
    where TId : struct
    where TEntity : class
    where TState : struct, Enum
    where TTrigger : struct, Enum
{
    /// <summary>Gets the event sink (the null sink when none was given).</summary>
    public ICustomerServiceEventSink Events { get; } = events ?? NullCustomerServiceEventSink.Instance;

    /// <summary>Gets the telemetry.</summary>
    public CustomerServiceMetrics Metrics { get; } = metrics;

    /// <summary>Loads an entity, throwing <see cref="EntityNotFoundException"/> when none is stored under <paramref name="id"/>.</summary>
    public async ValueTask<TEntity> LoadAsync(TId id, CancellationToken cancellationToken) =>
        await FindAsync(id, cancellationToken).ConfigureAwait(false) ?? throw new EntityNotFoundException(lifecycle, id.ToString() ?? string.Empty);

    /// <summary>Applies one command to <paramref name="current"/>, saves the result against the loaded version and publishes the transition.</summary>
    public async Task<TEntity> CommitAsync(TEntity current, TCommand command, string actor, Instant now, CancellationToken cancellationToken)
    {
        TEntity next;
        try
        {
            next = Apply(current, command, actor, now);
        }
        catch (InvalidTransitionException e)
        {
            Metrics.Rejection(e);
            throw;
        }

        // Clocks and state are saved together: the clock events of this transition go into the same snapshot.
        (next, var crossings) = UpdateSla(current, next, command, now);
        try
        {
            await SaveAsync(next, VersionOf(current), cancellationToken).ConfigureAwait(false);
        }
        catch (ConcurrencyConflictException)
        {
            Metrics.Conflict(lifecycle);
            throw;
        }

        var transition = LastTransition(next);
        Metrics.Transition(lifecycle, transition.From, transition.To, transition.Trigger);
        Metrics.SlaCrossings(crossings);
        await Events.PublishAsync(Transitioned(next, transition), cancellationToken).ConfigureAwait(false);
        return next;
    }

    /// <summary>Commits the same system command to each listed entity (a periodic job), skipping those changed since they were listed.</summary>
    public async Task<IReadOnlyList<TEntity>> CommitEachAsync(IReadOnlyList<TEntity> due, TCommand command, string actor, Instant now, CancellationToken cancellationToken)
    {
        var committed = new List<TEntity>(due.Count);
        foreach (var entity in due)
        {
            try
            {
                committed.Add(await CommitAsync(entity, command, actor, now, cancellationToken).ConfigureAwait(false));
            }
            catch (Exception e) when (e is ConcurrencyConflictException or InvalidTransitionException)
            {
                // Changed since it was listed: a later run sees its new state.
            }
        }

        return committed;
    }

    /// <summary>Evaluates the SLA clocks of each listed entity and records the check, skipping those changed concurrently (their transition counted for them).</summary>
    public async Task<IReadOnlyList<TEntity>> EvaluateSlaEachAsync(IReadOnlyList<TEntity> due, Instant now, CancellationToken cancellationToken)
    {
        var evaluated = new List<TEntity>(due.Count);
        foreach (var entity in due)
        {
            if (EvaluateSla(entity, now) is not var (updated, crossings))
            {
                continue;
            }

            if (await SaveSlaCheckAsync(updated, cancellationToken).ConfigureAwait(false))
            {
                Metrics.SlaCrossings(crossings);
                evaluated.Add(updated);
            }
        }

        return evaluated;
    }

    /// <summary>Loads an entity from the store.</summary>
    protected abstract ValueTask<TEntity?> FindAsync(TId id, CancellationToken cancellationToken);

    /// <summary>Saves an entity against the expected version.</summary>
    protected abstract ValueTask SaveAsync(TEntity entity, long? expectedVersion, CancellationToken cancellationToken);

    /// <summary>Applies the lifecycle.</summary>
    protected abstract TEntity Apply(TEntity current, TCommand command, string actor, Instant now);

    /// <summary>Gets an entity's version.</summary>
    protected abstract long VersionOf(TEntity entity);

    /// <summary>Gets an entity's last history entry.</summary>
    protected abstract TransitionRecord<TState, TTrigger> LastTransition(TEntity entity);

    /// <summary>Builds the event published for a committed transition.</summary>
    protected abstract CustomerServiceEvent Transitioned(TEntity entity, TransitionRecord<TState, TTrigger> transition);

    /// <summary>Updates the SLA clocks for a transition; an entity without clocks keeps <paramref name="next"/> and crosses nothing.</summary>
    protected virtual (TEntity Entity, IReadOnlyList<SlaCrossing> Crossings) UpdateSla(TEntity current, TEntity next, TCommand command, Instant now) => (next, []);

    /// <summary>Evaluates the SLA clocks at <paramref name="now"/>; <see langword="null"/> when there is nothing to record (always, for an entity without clocks).</summary>
    protected virtual (TEntity Entity, IReadOnlyList<SlaCrossing> Crossings)? EvaluateSla(TEntity entity, Instant now) => null;

    /// <summary>Records an SLA check at the same version; false when the version moved on (always, for an entity without clocks).</summary>
    protected virtual ValueTask<bool> SaveSlaCheckAsync(TEntity entity, CancellationToken cancellationToken) => new(false);
}
