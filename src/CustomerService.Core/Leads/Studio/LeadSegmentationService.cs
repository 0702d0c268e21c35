using CustomerService.Core.Storage;
using NodaTime;

namespace CustomerService.Core.Leads.Studio;

/// <summary>Writes a profile's facts into a reusable row of a rule set's schema.</summary>
/// <param name="profile">The profile.</param>
/// <param name="row">The row to fill, one value per schema fact.</param>
/// <threadsafety>When a segmentation service is used from several threads, its writer is called concurrently, each call
/// with its own row: a writer should only read the profile and write the row it is given.</threadsafety>
public delegate void ProfileFactsWriter(CustomerProfile profile, Span<FactValue> row);

/// <summary>The result of a segmentation run over a store.</summary>
/// <param name="Today">The day the rules counted from.</param>
/// <param name="Profiles">Profiles read.</param>
/// <param name="Changed">Profiles whose segment changed and was saved with a history entry.</param>
/// <param name="Conflicts">Profiles skipped because another writer saved them meanwhile (segment them on the next run).</param>
/// <threadsafety>This type is an immutable value type and is thread-safe.</threadsafety>
public readonly record struct SegmentationRunResult(LocalDate Today, int Profiles, int Changed, int Conflicts);

/// <summary>Keeps the profiles of a store segmented: re-segments every profile for today, and applies the reclassifications that follow-up plans ask for, recording each change in the segment history.</summary>
/// <remarks>Reads today from the injected <see cref="IClock"/> in the rule set's zone. Saves use the store's optimistic concurrency; a <see cref="ConcurrencyConflictException"/> is counted (or reported as <see langword="false"/>), not retried, so a run never overwrites a concurrent change.</remarks>
/// <threadsafety>This type is thread-safe if its store is.</threadsafety>
public sealed class LeadSegmentationService
{
    private readonly ICustomerProfileStore _store;
    private readonly SegmentationRuleSet _rules;
    private readonly ProfileFactsWriter _writeFacts;
    private readonly IClock _clock;

    /// <summary>Initializes a new instance of the <see cref="LeadSegmentationService"/> class.</summary>
    /// <param name="store">The profile store.</param>
    /// <param name="rules">The rule set.</param>
    /// <param name="writeFacts">Writes a profile's facts for <paramref name="rules"/>.</param>
    /// <param name="clock">The clock.</param>
    /// <exception cref="ArgumentNullException">Thrown when an argument is <see langword="null"/>.</exception>
    public LeadSegmentationService(ICustomerProfileStore store, SegmentationRuleSet rules, ProfileFactsWriter writeFacts, IClock clock)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(writeFacts);
        ArgumentNullException.ThrowIfNull(clock);
        _store = store;
        _rules = rules;
        _writeFacts = writeFacts;
        _clock = clock;
    }

    /// <summary>Creates the service for the studio's A/B/C/D rules.</summary>
    /// <param name="store">The profile store.</param>
    /// <param name="zone">The studio's zone.</param>
    /// <param name="clock">The clock.</param>
    /// <returns>The service.</returns>
    /// <exception cref="ArgumentNullException">Thrown when an argument is <see langword="null"/>.</exception>
    public static LeadSegmentationService ForStudio(ICustomerProfileStore store, DateTimeZone zone, IClock clock) =>
        new(store, StudioSegmentation.CreateRuleSet(zone), StudioSegmentation.WriteFacts, clock);

    /// <summary>Re-segments every profile for today; saves and records those whose segment changed.</summary>
    /// <param name="cancellationToken">Cancels the run between profiles.</param>
    /// <returns>What the run did.</returns>
    /// <exception cref="OperationCanceledException">Thrown when the run is cancelled; profiles saved so far stay saved.</exception>
    public async Task<SegmentationRunResult> ResegmentAllAsync(CancellationToken cancellationToken = default)
    {
        var now = _clock.GetCurrentInstant();
        var evaluator = _rules.For(now);
        var row = _rules.Schema.CreateRow();
        int profiles = 0, changed = 0, conflicts = 0;
        await foreach (var profile in _store.ListAsync(cancellationToken).ConfigureAwait(false))
        {
            profiles++;
            Array.Clear(row);
            _writeFacts(profile, row);
            var decision = evaluator.Evaluate(row);
            if (string.Equals(decision.Segment, profile.Segment, StringComparison.Ordinal))
            {
                continue;
            }

            var rule = decision.RuleIndex >= 0 ? _rules.Rules[decision.RuleIndex].Name : null;
            var assignment = new SegmentAssignment(_rules.Name, decision.Segment, rule, evaluator.Today, now);
            try
            {
                await _store.SaveAsync(profile with { Segment = decision.Segment }, profile.Version, assignment, cancellationToken).ConfigureAwait(false);
                changed++;
            }
            catch (ConcurrencyConflictException)
            {
                conflicts++;
            }
        }

        return new SegmentationRunResult(evaluator.Today, profiles, changed, conflicts);
    }

    /// <summary>Applies the reclassification a plan asks for (for example D after two follow-up calls), with a history entry.</summary>
    /// <param name="plan">The plan.</param>
    /// <param name="playbookName">The playbook's name, recorded as the history entry's rule set.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns><see langword="true"/> when a reclassification was saved; <see langword="false"/> when the plan has none, the profile is unknown or already in that segment, or another writer saved it meanwhile.</returns>
    /// <exception cref="ArgumentNullException">Thrown when an argument is <see langword="null"/>.</exception>
    public async Task<bool> ApplyAsync(OutreachPlan plan, string playbookName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(playbookName);
        if (plan.Reclassification is not { } change)
        {
            return false;
        }

        var profile = await _store.FindAsync(plan.CustomerId, cancellationToken).ConfigureAwait(false);
        if (profile is null || string.Equals(profile.Segment, change.Segment, StringComparison.Ordinal))
        {
            return false;
        }

        var assignment = new SegmentAssignment(playbookName, change.Segment, null, _rules.TodayAt(change.At), change.At, change.Reason);
        try
        {
            await _store.SaveAsync(profile with { Segment = change.Segment }, profile.Version, assignment, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (ConcurrencyConflictException)
        {
            return false;
        }
    }
}
