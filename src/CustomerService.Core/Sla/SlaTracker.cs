using NodaTime;

namespace CustomerService.Core.Sla;

/// <summary>A warning or breach observed by a service: counted and published after the save that recorded it.</summary>
/// <param name="ClockId">The clock's identifier.</param>
/// <param name="Metric">The clock's metric.</param>
/// <param name="Priority">The priority whose target the clock uses.</param>
/// <param name="Fraction">The warning threshold reached (for example 0.75), or 1 for the breach.</param>
/// <param name="IsBreach">Whether the target itself was reached.</param>
/// <param name="At">The instant the threshold was reached.</param>
/// <param name="BeforeDue">For a warning before due, its lead time; otherwise <see langword="null"/>.</param>
internal readonly record struct SlaCrossing(string ClockId, SlaMetric Metric, string Priority, double Fraction, bool IsBreach, Instant At, Duration? BeforeDue = null);

/// <summary>
/// Applies the clock events of one transition (or one evaluation) to a case's <see cref="SlaClockSet"/>: counts the
/// warnings and breaches reached in <c>(CheckedAt, now]</c> on the clocks as they were, appends the new events, and
/// computes the next change. One instance per operation; not thread-safe.
/// </summary>
internal sealed class SlaTracker
{
    private readonly SlaPolicy _policy;
    private readonly SlaPriority _priority;
    private readonly string _priorityName;
    private readonly Instant _now;
    private readonly Instant _checkedAt;
    private readonly List<SlaClockRecord> _records;

    // Per record: whether the transition changed its events, and a clock. Unchanged, the clock built to observe it (or
    // none); changed, the clock of its events before the change when one was built to observe them, which the new
    // events extend instead of a full replay.
    private readonly List<(SlaClock? Clock, bool Changed)> _clocks;
    private IReadOnlyList<string> _escalations = [];
    private uint _targetsKnown;
    private uint _targets;
    private bool _recordsChanged;
    private List<SlaCrossing>? _crossings;
    private SlaClockSet? _origin;

    private SlaTracker(SlaPolicy policy, string priority, IReadOnlyList<SlaClockRecord> records, Instant checkedAt, Instant now, bool observe)
    {
        _policy = policy;
        _priorityName = priority;
        _priority = new SlaPriority(priority);
        _now = now;
        _checkedAt = checkedAt;
        _records = [.. records];
        _clocks = new List<(SlaClock?, bool)>(_records.Count + 1);
        foreach (var record in _records)
        {
            // Only open clocks can reach a milestone after the last check; closed ones stopped before it. When the
            // earliest next change is still ahead, nothing was crossed and no clock needs rebuilding for it.
            SlaClock? clock = null;
            if (observe && record.IsOpen && HasTarget(record.Metric))
            {
                clock = record.CreateClock(policy, _priority);
                Observe(clock);
            }

            _clocks.Add((clock, false));
        }
    }

    public IReadOnlyList<SlaCrossing> Crossings => _crossings ?? (IReadOnlyList<SlaCrossing>)[];

    /// <summary>Starts tracking an existing set at an instant, or returns <see langword="null"/> when its policy is unknown (its clocks stay as stored).</summary>
    /// <remarks>
    /// With <paramref name="refresh"/> (a timer's evaluation) every open clock is rebuilt under the current policy;
    /// otherwise only when a warning or breach may have been crossed since the last check, and the clocks the
    /// transition changes.
    /// </remarks>
    public static SlaTracker? Resume(SlaClockSet? set, SlaCatalog catalog, Instant now, bool refresh = false)
    {
        if (set is null || !catalog.TryGetPolicy(set, out var policy))
        {
            return null;
        }

        var observe = now > set.CheckedAt && (refresh || (set.NextChangeAt is { } next && next <= now));
        return new SlaTracker(policy, set.Priority, set.Clocks, set.CheckedAt, now, observe) { _origin = set, _escalations = set.Escalations };
    }

    /// <summary>Starts a new set under a policy, or returns <see langword="null"/> when there is no policy.</summary>
    public static SlaTracker? Begin(SlaPolicy? policy, SlaPriority priority, Instant now) =>
        policy is null ? null : new SlaTracker(policy, priority.Name, [], now, now, observe: false);

    public bool HasTarget(SlaMetric metric)
    {
        // Asked for every record several times per transition: each metric's answer is looked up once per tracker.
        var bit = (uint)metric < 32 ? 1u << (int)metric : 0;
        if ((_targetsKnown & bit) != 0)
        {
            return (_targets & bit) != 0;
        }

        var has = _policy.TryGetTarget(metric, _priority, out _);
        _targetsKnown |= bit;
        _targets |= has ? bit : 0;
        return has;
    }

    public SlaClockRecord? Current(SlaMetric metric, out int index)
    {
        for (index = _records.Count - 1; index >= 0; index--)
        {
            if (_records[index].Metric == metric)
            {
                return _records[index];
            }
        }

        return null;
    }

    /// <summary>Starts a fresh clock of a metric (when the policy has a target for it), paused at once when the case waits.</summary>
    public void Start(string caseId, SlaMetric metric, SlaWaitReason? waiting)
    {
        if (!HasTarget(metric))
        {
            return;
        }

        SlaClockEvent[] events = waiting is { } reason
            ? [SlaClockEvent.Started(_now), SlaClockEvent.Paused(_now, reason)]
            : [SlaClockEvent.Started(_now)];
        // A metric's first clock is "{case}:{metric}"; a later one (a reopened ticket's fresh resolution clock) gets its ordinal, so ids stay distinct.
        var ordinal = 1;
        foreach (var record in _records)
        {
            if (record.Metric == metric)
            {
                ordinal++;
            }
        }

        var name = MetricName(metric);
        var clockId = ordinal == 1 ? caseId + ":" + name : caseId + ":" + name + ":" + ordinal.ToString(System.Globalization.CultureInfo.InvariantCulture);
        _recordsChanged = true;
        _records.Add(new SlaClockRecord(clockId, metric, ValueArray<SlaClockEvent>.Own(events)));
        _clocks.Add((null, true));
    }

    /// <summary>Appends an event at <c>now</c> to the current clock of a metric when it is open.</summary>
    public void Append(SlaMetric metric, SlaClockEventKind kind, SlaWaitReason reason = default)
    {
        var record = Current(metric, out var index);
        if (record is not null && record.IsOpen)
        {
            AppendAt(index, kind, reason);
        }
    }

    /// <summary>Appends an event at <c>now</c> to every open clock.</summary>
    public void AppendToOpen(SlaClockEventKind kind, SlaWaitReason reason = default)
    {
        for (var i = 0; i < _records.Count; i++)
        {
            if (_records[i].IsOpen)
            {
                AppendAt(i, kind, reason);
            }
        }
    }

    /// <summary>The new set: the records with their new events, checked at <c>now</c>, with the next change of the counting clocks.</summary>
    public SlaClockSet Finish(string policyName)
    {
        Instant? next = null;
        for (var i = 0; i < _records.Count; i++)
        {
            var record = _records[i];
            Instant? change = null;
            var (known, changed) = _clocks[i];
            if (record.IsOpen && HasTarget(record.Metric) && (IsCounting(record) || _policy.WarningRules.DeliverAtNextOpening))
            {
                // A clock built here or changed by the transition is evaluated now; any other one kept its next change,
                // which is still ahead (otherwise it would have been rebuilt to observe what it crossed). Clocks that
                // do not count (met, paused by the policy, cancelled) have no next change and are not rebuilt.
                var clock = changed ? Build(record, known) : known;
                change = clock is null ? record.NextChangeAt : NextChange(clock, clock.EvaluateMilestones(_now));
            }

            if (change != record.NextChangeAt)
            {
                // The copy keeps the record's remembered clock: the events are the same.
                _records[i] = record with { NextChangeAt = change };
                _recordsChanged = true;
            }

            if (change is { } c && (next is null || c < next))
            {
                next = c;
            }
        }

        if (_origin is { } origin)
        {
            // A resumed set keeps what the tracker does not manage (its selection and re-selection history).
            return _recordsChanged
                ? origin with { PolicyName = policyName, Priority = _priorityName, Clocks = _records, CheckedAt = _now, NextChangeAt = next, Escalations = _escalations }
                : origin with { PolicyName = policyName, Priority = _priorityName, CheckedAt = _now, NextChangeAt = next, Escalations = _escalations };
        }

        return new SlaClockSet
        {
            PolicyName = policyName,
            Priority = _priorityName,
            Clocks = _records,
            CheckedAt = _now,
            NextChangeAt = next,
            Escalations = _escalations,
        };
    }

    public string PolicyName => _policy.Name;

    public SlaPolicy Policy => _policy;

    /// <summary>Whether the clock counts after its last event, read from the events and the policy's pause rules.</summary>
    private bool IsCounting(SlaClockRecord record)
    {
        var waiting = false;
        var met = false;
        var reason = default(SlaWaitReason);
        var events = record.Events;
        for (var i = 0; i < events.Count; i++)
        {
            switch (events[i].Kind)
            {
                case SlaClockEventKind.Started or SlaClockEventKind.Reset:
                    met = false;
                    break;
                case SlaClockEventKind.Paused:
                    waiting = true;
                    reason = events[i].Reason;
                    break;
                case SlaClockEventKind.Resumed:
                    waiting = false;
                    break;
                case SlaClockEventKind.Met:
                    met = true;
                    break;
                case SlaClockEventKind.Cancelled:
                    return false;
            }
        }

        return !met && !(waiting && _policy.PausesFor(record.Metric, reason));
    }

    private void AppendAt(int index, SlaClockEventKind kind, SlaWaitReason reason)
    {
        var record = _records[index];
        var count = record.Events.Count;
        var events = new SlaClockEvent[count + 1];
        record.EventSpan.CopyTo(events);
        events[^1] = new SlaClockEvent(kind, _now, reason);
        _records[index] = record with { Events = ValueArray<SlaClockEvent>.Own(events) };
        _recordsChanged = true;

        // The first change of a record keeps the clock of its events as stored, when one was built to observe it.
        var (known, changed) = _clocks[index];
        if (!changed)
        {
            _clocks[index] = (known, true);
        }
    }

    /// <summary>The clock of a record the transition changed: its earlier clock extended by the new events, or a full build.</summary>
    private SlaClock Build(SlaClockRecord record, SlaClock? baseClock)
    {
        if (baseClock is null)
        {
            return record.CreateClock(_policy, _priority);
        }

        // Same events up to the base's, same definition: the same clock, and the same exceptions, as a full build.
        return baseClock.Extend(record.EventArray, "events");
    }

    /// <summary>The metric's name as in a clock identifier, without formatting the enum on every start.</summary>
    private static string MetricName(SlaMetric metric) => metric switch
    {
        SlaMetric.FirstResponse => nameof(SlaMetric.FirstResponse),
        SlaMetric.NextResponse => nameof(SlaMetric.NextResponse),
        SlaMetric.PeriodicUpdate => nameof(SlaMetric.PeriodicUpdate),
        SlaMetric.Resolution => nameof(SlaMetric.Resolution),
        SlaMetric.Acknowledgement => nameof(SlaMetric.Acknowledgement),
        SlaMetric.FinalResponse => nameof(SlaMetric.FinalResponse),
        _ => metric.ToString(),
    };

    private void Observe(SlaClock clock)
    {
        var status = clock.EvaluateMilestones(_now);
        var definition = clock.Definition;
        var kinds = definition.MilestoneWarnings;
        var reached = Math.Min(status.MilestonesReached, kinds.Length);
        for (var m = 0; m < reached; m++)
        {
            // A warning is published by the check that first sees its delivery instant (its own instant, or the next
            // opening when the policy delivers there); a breach always when it happens.
            var crossedAt = status.MilestoneAt(m);
            var deliverAt = DeliveryAt(definition, crossedAt);
            if (deliverAt > _checkedAt && deliverAt <= _now && (deliverAt == crossedAt || status.IsCounting || status.IsPaused))
            {
                var kind = kinds[m];
                (_crossings ??= []).Add(kind >= 0
                    ? new SlaCrossing(clock.Id, clock.Metric, _priorityName, clock.WarningThresholds[kind], IsBreach: false, crossedAt)
                    : LeadCrossing(clock, definition.Warnings.LeadTimes[~kind], crossedAt));
            }
        }

        if (status.BreachedAt is { } breachedAt && breachedAt > _checkedAt)
        {
            (_crossings ??= []).Add(new SlaCrossing(clock.Id, clock.Metric, _priorityName, 1.0, IsBreach: true, breachedAt));
        }
    }

    private SlaCrossing LeadCrossing(SlaClock clock, Duration lead, Instant crossedAt) =>
        new(clock.Id, clock.Metric, _priorityName, (clock.Target - lead).TotalNanoseconds / clock.Target.TotalNanoseconds, IsBreach: false, crossedAt, lead);

    private static Instant DeliveryAt(SlaClockDefinition definition, Instant reachedAt) =>
        definition.Warnings.DeliverAtNextOpening && definition.Calendar is { } calendar
            ? definition.Warnings.DeliveryAt(calendar, reachedAt)
            : reachedAt;

    /// <summary>
    /// When the case must be looked at again for this clock: its next milestone, or with delivery at the next opening the
    /// earliest of the deliveries still pending (also while paused), the next warning's delivery and the breach.
    /// </summary>
    private Instant? NextChange(SlaClock clock, SlaStatus status)
    {
        var definition = clock.Definition;
        if (!definition.Warnings.DeliverAtNextOpening)
        {
            return status.NextChangeAt;
        }

        Instant? next = null;
        var warnings = definition.MilestoneWarnings.Length;
        var reached = status.MilestonesReached;
        var pending = status.IsCounting || status.IsPaused ? Math.Min(reached, warnings) : 0;
        for (var m = 0; m < pending; m++)
        {
            var deliverAt = DeliveryAt(definition, status.MilestoneAt(m));
            if (deliverAt > _now && (next is null || deliverAt < next))
            {
                next = deliverAt;
            }
        }

        if (status.IsCounting && reached <= warnings)
        {
            // Deliveries are monotone in the warning instant, so the next warning's delivery comes before the later ones'.
            var ahead = reached < warnings ? DeliveryAt(definition, status.MilestoneAt(reached)) : status.MilestoneAt(warnings);
            var breach = status.MilestoneAt(warnings);
            var candidate = ahead < breach ? ahead : breach;
            if (next is null || candidate < next)
            {
                next = candidate;
            }
        }

        return next;
    }
}
