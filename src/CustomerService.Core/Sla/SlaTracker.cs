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
/// <remarks>
/// Runs on every transition of every case with clocks, so it copies nothing until something changes: the stored
/// records are read in place, a record's new events are kept beside it until <see cref="Finish"/>, which makes one
/// copy of each changed record (new events and next change together) and one array for the new set.
/// </remarks>
internal sealed class SlaTracker
{
    private readonly SlaPolicy _policy;
    private readonly SlaPriority _priority;
    private readonly string _priorityName;
    private readonly Instant _now;
    private readonly Instant _checkedAt;

    // The records as stored, never changed here; the records this operation starts follow them (in _entries only).
    private readonly SlaClockRecord[] _stored;
    private int _count;

    // Per record, what this operation did to it; null until a record changes, starts or is observed.
    private Entry[]? _entries;
    private IReadOnlyList<string> _escalations = [];

    // The policy's definition of each metric at the priority (by metric number; null without a target), shared.
    private readonly SlaClockDefinition?[] _definitions;
    private List<SlaCrossing>? _crossings;
    private SlaClockSet? _origin;

    private SlaTracker(SlaPolicy policy, string priority, SlaClockRecord[] records, Instant checkedAt, Instant now, bool observe)
    {
        _policy = policy;
        _priorityName = priority;
        _priority = new SlaPriority(priority);
        _definitions = policy.DefinitionsFor(_priority);
        _now = now;
        _checkedAt = checkedAt;
        _stored = records;
        _count = records.Length;
        if (!observe)
        {
            return;
        }

        for (var i = 0; i < records.Length; i++)
        {
            // Only open clocks can reach a milestone after the last check; closed ones stopped before it. When the
            // earliest next change is still ahead, nothing was crossed and no clock needs rebuilding for it.
            var record = records[i];
            if (record.IsOpen && HasTarget(record.Metric))
            {
                var clock = record.CreateClock(policy, _priority);
                Observe(clock);
                EntryAt(i).Clock = clock;
            }
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
        var records = set.Clocks is ValueArray<SlaClockRecord> stored ? stored.Items : [.. set.Clocks];
        return new SlaTracker(policy, set.Priority, records, set.CheckedAt, now, observe) { _origin = set, _escalations = set.Escalations };
    }

    /// <summary>Starts a new set under a policy, or returns <see langword="null"/> when there is no policy.</summary>
    public static SlaTracker? Begin(SlaPolicy? policy, SlaPriority priority, Instant now) =>
        policy is null ? null : new SlaTracker(policy, priority.Name, [], now, now, observe: false);

    /// <summary>Whether the policy has a target for the metric at the tracker's priority (<see cref="SlaPolicy.TryGetTarget"/>).</summary>
    public bool HasTarget(SlaMetric metric) => Definition(metric) is not null;

    /// <summary>The current (latest) record of a metric as it stands now, with the events this operation appended, or <see langword="null"/>.</summary>
    /// <remarks>A record the operation changed is copied to be returned: the per-transition path asks <see cref="IndexOf"/> and <see cref="IsMetInCycle"/> instead.</remarks>
    public SlaClockRecord? Current(SlaMetric metric, out int index)
    {
        index = IndexOf(metric);
        if (index < 0)
        {
            return null;
        }

        var events = _entries is null || index >= _entries.Length ? null : _entries[index].Events;
        if (index >= _stored.Length)
        {
            return new SlaClockRecord(_entries![index].StartedId!, metric, ValueArray<SlaClockEvent>.Own(events!));
        }

        return events is null ? _stored[index] : _stored[index] with { Events = ValueArray<SlaClockEvent>.Own(events) };
    }

    /// <summary>The index of the current (latest) record of a metric, or -1 when no clock measures it.</summary>
    public int IndexOf(SlaMetric metric)
    {
        for (var i = _count - 1; i >= 0; i--)
        {
            if (MetricAt(i) == metric)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Whether the record at <paramref name="index"/> has its current cycle met, with this operation's events (<see cref="SlaClockRecord.IsMetInCycle"/>).</summary>
    public bool IsMetInCycle(int index) => SlaClockRecord.IsMetInCycleAfter(EventsAt(index));

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
        for (var i = 0; i < _count; i++)
        {
            if (MetricAt(i) == metric)
            {
                ordinal++;
            }
        }

        var name = MetricName(metric);
        var clockId = ordinal == 1 ? caseId + ":" + name : caseId + ":" + name + ":" + ordinal.ToString(System.Globalization.CultureInfo.InvariantCulture);
        ref var entry = ref EntryAt(_count);
        _count++;
        entry.Events = events;
        entry.StartedId = clockId;
        entry.StartedMetric = metric;
    }

    /// <summary>Appends an event at <c>now</c> to the current clock of a metric when it is open.</summary>
    public void Append(SlaMetric metric, SlaClockEventKind kind, SlaWaitReason reason = default)
    {
        var index = IndexOf(metric);
        if (index >= 0 && SlaClockRecord.IsOpenAfter(metric, EventsAt(index)))
        {
            AppendAt(index, kind, reason);
        }
    }

    /// <summary>Appends <see cref="SlaClockEventKind.Met"/> to the current clock of a metric when it is open and its current cycle is not met yet.</summary>
    public void MeetCycle(SlaMetric metric)
    {
        var index = IndexOf(metric);
        if (index >= 0 && !IsMetInCycle(index) && SlaClockRecord.IsOpenAfter(metric, EventsAt(index)))
        {
            AppendAt(index, SlaClockEventKind.Met, default);
        }
    }

    /// <summary>Appends an event at <c>now</c> to every open clock.</summary>
    public void AppendToOpen(SlaClockEventKind kind, SlaWaitReason reason = default)
    {
        for (var i = 0; i < _count; i++)
        {
            if (SlaClockRecord.IsOpenAfter(MetricAt(i), EventsAt(i)))
            {
                AppendAt(i, kind, reason);
            }
        }
    }

    /// <summary>The new set: the records with their new events, checked at <c>now</c>, with the next change of the counting clocks.</summary>
    public SlaClockSet Finish(string policyName)
    {
        Instant? next = null;
        SlaClockRecord[]? records = null;
        var entries = _entries;
        for (var i = 0; i < _count; i++)
        {
            var stored = i < _stored.Length ? _stored[i] : null;
            var entry = entries is null || i >= entries.Length ? default : entries[i];
            var events = entry.Events ?? stored!.EventArray;
            var metric = stored?.Metric ?? entry.StartedMetric;
            Instant? change = null;
            if (SlaClockRecord.IsOpenAfter(metric, events) && HasTarget(metric) && (IsCounting(metric, events) || _policy.WarningRules.DeliverAtNextOpening))
            {
                // A clock built here or changed by the operation is evaluated now; any other one kept its next change,
                // which is still ahead (otherwise it would have been rebuilt to observe what it crossed). Clocks that
                // do not count (met, paused by the policy, cancelled) have no next change and are not rebuilt.
                if (entry.Events is not null && entry.Clock is null && !_policy.WarningRules.DeliverAtNextOpening
                    && (stored is null
                        ? SlaClock.TryNextChange(entry.StartedId!, Definition(metric)!, events, _now, "events", out var computed)
                        : stored.TryNextChangeWith(Definition(metric)!, events, _now, out computed)))
                {
                    // A changed clock nobody observed: only its next change is needed, which takes no clock object and
                    // two projections instead of one per milestone.
                    change = computed;
                }
                else
                {
                    var clock = entry.Events is null ? entry.Clock : Build(stored, entry, metric, events);
                    change = clock is null ? stored!.NextChangeAt : NextChange(clock, clock.EvaluateMilestones(_now));
                }
            }

            // One copy per record that changed: its new events and its next change together.
            var record = stored is null ? new SlaClockRecord(entry.StartedId!, metric, ValueArray<SlaClockEvent>.Own(events)) { NextChangeAt = change }
                : entry.Events is not null ? stored with { Events = ValueArray<SlaClockEvent>.Own(events), NextChangeAt = change }
                : change != stored.NextChangeAt ? stored with { NextChangeAt = change }
                : stored;
            if (records is null && !ReferenceEquals(record, stored))
            {
                // Every record before this one is unchanged and stored.
                records = new SlaClockRecord[_count];
                Array.Copy(_stored, records, i);
            }

            if (records is not null)
            {
                records[i] = record;
            }

            if (change is { } c && (next is null || c < next))
            {
                next = c;
            }
        }

        if (_origin is { } origin)
        {
            // A resumed set keeps what the tracker does not manage (its selection and re-selection history).
            return records is not null
                ? origin with { PolicyName = policyName, Priority = _priorityName, Clocks = ValueArray<SlaClockRecord>.Own(records), CheckedAt = _now, NextChangeAt = next, Escalations = _escalations }
                : origin with { PolicyName = policyName, Priority = _priorityName, CheckedAt = _now, NextChangeAt = next, Escalations = _escalations };
        }

        return new SlaClockSet
        {
            PolicyName = policyName,
            Priority = _priorityName,
            Clocks = records is null ? ValueArray<SlaClockRecord>.Empty : ValueArray<SlaClockRecord>.Own(records),
            CheckedAt = _now,
            NextChangeAt = next,
            Escalations = _escalations,
        };
    }

    public string PolicyName => _policy.Name;

    public SlaPolicy Policy => _policy;

    /// <summary>Whether the clock counts after its last event, read from the events and the policy's pause rules.</summary>
    private bool IsCounting(SlaMetric metric, ReadOnlySpan<SlaClockEvent> events)
    {
        var waiting = false;
        var met = false;
        var reason = default(SlaWaitReason);
        for (var i = 0; i < events.Length; i++)
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

        return !met && !(waiting && _policy.PausesFor(metric, reason));
    }

    /// <summary>The metric of the record at <paramref name="index"/> (a stored one, or one this operation started).</summary>
    private SlaMetric MetricAt(int index) => index < _stored.Length ? _stored[index].Metric : _entries![index].StartedMetric;

    /// <summary>The events of the record at <paramref name="index"/>, with the ones this operation appended.</summary>
    private ReadOnlySpan<SlaClockEvent> EventsAt(int index) =>
        (_entries is { } entries && index < entries.Length ? entries[index].Events : null) ?? _stored[index].EventArray;

    /// <summary>The entry of a record, allocating or growing the entries on first use.</summary>
    private ref Entry EntryAt(int index)
    {
        if (_entries is null)
        {
            _entries = new Entry[Math.Max(index + 1, _count + 1)];
        }
        else if (index >= _entries.Length)
        {
            Array.Resize(ref _entries, Math.Max(index + 1, _entries.Length * 2));
        }

        return ref _entries[index];
    }

    private void AppendAt(int index, SlaClockEventKind kind, SlaWaitReason reason)
    {
        // A new array per appended event: the earlier one may be shared already (the stored record's, or a clock's).
        var current = EventsAt(index);
        var events = new SlaClockEvent[current.Length + 1];
        current.CopyTo(events);
        events[^1] = new SlaClockEvent(kind, _now, reason);

        // The entry keeps the clock of the stored events, when one was built to observe them: the new events extend it.
        EntryAt(index).Events = events;
    }

    /// <summary>The clock of a record the operation changed: its observed clock extended by the new events, or a full build.</summary>
    private SlaClock Build(SlaClockRecord? stored, in Entry entry, SlaMetric metric, SlaClockEvent[] events)
    {
        if (entry.Clock is { } baseClock)
        {
            // Same events up to the base's, same definition: the same clock, and the same exceptions, as a full build.
            return baseClock.Extend(events, "events");
        }

        var definition = Definition(metric)!;
        return stored is null
            ? SlaClockRecord.BuildClock(entry.StartedId!, definition, _priority, events)
            : stored.ClockWith(definition, _priority, events);
    }

    /// <summary>The policy's definition of a metric at the tracker's priority, or <see langword="null"/> when it has no target for it.</summary>
    private SlaClockDefinition? Definition(SlaMetric metric) =>
        (uint)metric < (uint)_definitions.Length ? _definitions[(int)metric] : null;

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

    /// <summary>What the operation did to one record.</summary>
    private struct Entry
    {
        /// <summary>The record's events with the ones appended by the operation; <see langword="null"/> while it is unchanged.</summary>
        public SlaClockEvent[]? Events;

        /// <summary>The clock of the stored events, when one was built to observe them.</summary>
        public SlaClock? Clock;

        /// <summary>For a record the operation started: its identifier.</summary>
        public string? StartedId;

        /// <summary>For a record the operation started: its metric.</summary>
        public SlaMetric StartedMetric;
    }
}
