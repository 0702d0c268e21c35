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
/// <param name="Held">Profiles left in their segment because they hold a reclassification (<see cref="CustomerProfile.Reclassification"/>) that has not been lifted.</param>
/// <threadsafety>This type is an immutable value type and is thread-safe.</threadsafety>
public readonly record struct SegmentationRunResult(LocalDate Today, int Profiles, int Changed, int Conflicts, int Held);

/// <summary>Keeps the profiles of a store segmented: re-segments every profile for today, and records the reclassifications that follow-up plans and the desk decide, which hold until the customer comes back.</summary>
/// <remarks>
/// <para>Reads today from the injected <see cref="IClock"/> in the rule set's zone. Saves use the store's optimistic
/// concurrency; a <see cref="ConcurrencyConflictException"/> is counted (or reported as <see langword="false"/>), not
/// retried, so a run never overwrites a concurrent change.</para>
/// <para>A reclassification — the playbook's D after two failed follow-up calls (<see cref="ApplyAsync"/>) or the
/// desk's own (<see cref="ReclassifyAsync"/>) — is kept on the profile (<see cref="CustomerProfile.Reclassification"/>)
/// and sticks: <see cref="ResegmentAllAsync"/> leaves such a profile alone, however the rules would place it. It is
/// lifted only when the customer comes back — a plan whose event <see cref="Reclassification.IsLiftedBy"/> accepts (a
/// visit, a booked appointment, a call that brought them back, after the reclassification) applied with
/// <see cref="ApplyAsync"/> — or when the desk lifts it (<see cref="LiftReclassificationAsync"/>); the rules then place
/// the customer again at once.</para>
/// </remarks>
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

    /// <summary>Re-segments every profile for today; saves and records those whose segment changed, and leaves those holding a reclassification alone.</summary>
    /// <param name="cancellationToken">Cancels the run between profiles.</param>
    /// <returns>What the run did.</returns>
    /// <exception cref="InvalidOperationException">Thrown when the clock reads an instant whose day the rule set cannot evaluate (a threshold outside NodaTime's dates, -9998-01-01 to 9999-12-31).</exception>
    /// <exception cref="OperationCanceledException">Thrown when the run is cancelled; profiles saved so far stay saved (each profile is saved on its own).</exception>
    public async Task<SegmentationRunResult> ResegmentAllAsync(CancellationToken cancellationToken = default)
    {
        var (now, evaluator) = EvaluatorNow();
        var row = _rules.Schema.CreateRow();
        int profiles = 0, changed = 0, conflicts = 0, held = 0;
        await foreach (var profile in _store.ListAsync(cancellationToken).ConfigureAwait(false))
        {
            profiles++;
            if (profile.Reclassification is not null)
            {
                held++;
                continue;
            }

            var decision = Decide(evaluator, profile, row);
            if (string.Equals(decision.Segment, profile.Segment, StringComparison.Ordinal))
            {
                continue;
            }

            var assignment = new SegmentAssignment(_rules.Name, decision.Segment, RuleName(decision), evaluator.Today, now);
            if (await TrySaveAsync(profile with { Segment = decision.Segment }, profile.Version, assignment, cancellationToken).ConfigureAwait(false))
            {
                changed++;
            }
            else
            {
                conflicts++;
            }
        }

        return new SegmentationRunResult(evaluator.Today, profiles, changed, conflicts, held);
    }

    /// <summary>The reason recorded in the segment history when a manager lets a walk-in have the surprise packages: <c>manager's exception: surprise package approved</c>.</summary>
    public const string ManagerExceptionReason = "manager's exception: surprise package approved";

    // The parameter of ApplyAsync that an error found deeper down names (a field: the analyzer only sees the helper's parameters).
    private static readonly string PlanParameter = "plan";

    /// <summary>Applies what a plan means for the customer's segment: its reclassification (for example D after two follow-up calls), which then holds; when the plan's event shows the customer came back, the lifting of the reclassification the profile holds; for a manager's exception (<see cref="SurprisePackageApproved"/>), a history entry recording it, the segment unchanged.</summary>
    /// <param name="plan">The plan; apply every plan, so that a returning customer's reclassification is lifted.</param>
    /// <param name="playbookName">The playbook's name, recorded as the history entry's rule set of a reclassification.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns><see langword="true"/> when a reclassification was saved or lifted; <see langword="false"/> when the plan changes nothing, the profile is unknown or already holds that reclassification, or another writer saved it meanwhile.</returns>
    /// <exception cref="ArgumentNullException">Thrown when an argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">Thrown when <paramref name="playbookName"/> is empty.</exception>
    /// <exception cref="InvalidOperationException">Thrown when lifting, and the clock reads an instant whose day the rule set cannot evaluate.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when a manager's exception was decided at an instant with no local date in the rule set's zone that NodaTime holds.</exception>
    public async Task<bool> ApplyAsync(OutreachPlan plan, string playbookName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentException.ThrowIfNullOrWhiteSpace(playbookName);
        if (plan.Reclassification is { } change)
        {
            return await ReclassifyAsync(plan.CustomerId, change, playbookName, cancellationToken).ConfigureAwait(false);
        }

        var profile = await _store.FindAsync(plan.CustomerId, cancellationToken).ConfigureAwait(false);
        if (plan.Trigger is SurprisePackageApproved approved)
        {
            return profile is not null && await RecordExceptionAsync(profile, approved, cancellationToken).ConfigureAwait(false);
        }

        if (profile?.Reclassification is not { } current || !current.IsLiftedBy(plan.Trigger))
        {
            return false;
        }

        return await LiftAsync(profile, $"reclassification lifted: the customer came back ({plan.Trigger.GetType().Name})", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reclassifies a customer, as the desk decides or a plan asks: the profile takes the segment and holds it until the reclassification is lifted.</summary>
    /// <param name="customerId">The customer's id.</param>
    /// <param name="reclassification">The segment, the reason (free of personal data) and when it was decided.</param>
    /// <param name="recordedBy">Who decided it (the desk, or the playbook's name), recorded as the history entry's rule set.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns><see langword="true"/> when saved; <see langword="false"/> when the profile is unknown or already holds this reclassification, or another writer saved it meanwhile.</returns>
    /// <exception cref="ArgumentNullException">Thrown when an argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">Thrown when <paramref name="customerId"/> or <paramref name="recordedBy"/> is empty, or the reclassification has an empty segment or reason.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when the reclassification's instant has no local date in the rule set's zone that NodaTime holds.</exception>
    public async Task<bool> ReclassifyAsync(string customerId, Reclassification reclassification, string recordedBy, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(customerId);
        ArgumentNullException.ThrowIfNull(reclassification);
        ArgumentException.ThrowIfNullOrWhiteSpace(recordedBy);
        if (string.IsNullOrWhiteSpace(reclassification.Segment) || string.IsNullOrWhiteSpace(reclassification.Reason))
        {
            throw new ArgumentException("A reclassification needs a segment and a reason.", nameof(reclassification));
        }

        LocalDate today;
        try
        {
            today = _rules.TodayAt(reclassification.At);
        }
        catch (ArgumentOutOfRangeException)
        {
            throw new ArgumentOutOfRangeException(nameof(reclassification), $"The reclassification's instant has no local date in {_rules.Zone.Id} that NodaTime holds.");
        }

        var profile = await _store.FindAsync(customerId, cancellationToken).ConfigureAwait(false);
        if (profile is null || Equals(profile.Reclassification, reclassification))
        {
            return false;
        }

        var assignment = new SegmentAssignment(recordedBy, reclassification.Segment, null, today, reclassification.At, reclassification.Reason);
        return await TrySaveAsync(profile with { Segment = reclassification.Segment, Reclassification = reclassification }, profile.Version, assignment, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Lifts the reclassification a customer holds, as the desk decides: the rules place the customer again at once.</summary>
    /// <param name="customerId">The customer's id.</param>
    /// <param name="reason">Why, free of personal data; recorded in the history entry.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns><see langword="true"/> when lifted; <see langword="false"/> when the profile is unknown or holds no reclassification, or another writer saved it meanwhile.</returns>
    /// <exception cref="ArgumentNullException">Thrown when an argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">Thrown when <paramref name="customerId"/> or <paramref name="reason"/> is empty.</exception>
    /// <exception cref="InvalidOperationException">Thrown when the clock reads an instant whose day the rule set cannot evaluate.</exception>
    public async Task<bool> LiftReclassificationAsync(string customerId, string reason, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(customerId);
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        var profile = await _store.FindAsync(customerId, cancellationToken).ConfigureAwait(false);
        return profile?.Reclassification is not null && await LiftAsync(profile, reason, cancellationToken).ConfigureAwait(false);
    }

    private async Task<bool> RecordExceptionAsync(CustomerProfile profile, SurprisePackageApproved approved, CancellationToken cancellationToken)
    {
        LocalDate today;
        try
        {
            today = _rules.TodayAt(approved.At);
        }
        catch (ArgumentOutOfRangeException)
        {
            throw new ArgumentOutOfRangeException(PlanParameter, $"The manager's decision has no local date in {_rules.Zone.Id} that NodaTime holds.");
        }

        // The segment stays as it is (a very-D walk-in stays D); the history records who made the exception and when.
        var segment = profile.Segment ?? _rules.DefaultSegment;
        var assignment = new SegmentAssignment(approved.ApprovedBy, segment, null, today, approved.At, ManagerExceptionReason);
        return await TrySaveAsync(profile with { Segment = segment }, profile.Version, assignment, cancellationToken).ConfigureAwait(false);
    }

    private async Task<bool> LiftAsync(CustomerProfile profile, string reason, CancellationToken cancellationToken)
    {
        var (now, evaluator) = EvaluatorNow();
        var decision = Decide(evaluator, profile, _rules.Schema.CreateRow());
        var assignment = new SegmentAssignment(_rules.Name, decision.Segment, RuleName(decision), evaluator.Today, now, reason);
        var lifted = profile with { Segment = decision.Segment, Reclassification = null };
        return await TrySaveAsync(lifted, profile.Version, assignment, cancellationToken).ConfigureAwait(false);
    }

    private (Instant Now, SegmentEvaluator Evaluator) EvaluatorNow()
    {
        var now = _clock.GetCurrentInstant();
        try
        {
            return (now, _rules.For(now));
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new InvalidOperationException($"The clock reads {now}, a day rule set '{_rules.Name}' cannot evaluate.", e);
        }
    }

    private SegmentDecision Decide(SegmentEvaluator evaluator, CustomerProfile profile, FactValue[] row)
    {
        Array.Clear(row);
        _writeFacts(profile, row);
        return evaluator.Evaluate(row);
    }

    private string? RuleName(SegmentDecision decision) => decision.RuleIndex >= 0 ? _rules.Rules[decision.RuleIndex].Name : null;

    private async Task<bool> TrySaveAsync(CustomerProfile profile, long expectedVersion, SegmentAssignment assignment, CancellationToken cancellationToken)
    {
        try
        {
            await _store.SaveAsync(profile, expectedVersion, assignment, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (ConcurrencyConflictException)
        {
            return false;
        }
    }
}
