using System.Collections.Immutable;
using System.Globalization;
using System.Runtime.InteropServices;
using CustomerService.Core.Calendars;
using NodaTime;

namespace CustomerService.Core.Sla;

/// <summary>
/// An SLA clock for one metric of one case: a pure, immutable value rebuilt from its events (started, paused,
/// resumed, met, reset, cancelled) under a policy, which answers where it stands at any instant.
/// </summary>
/// <remarks>
/// <para>
/// Everything that does not depend on the instant asked about is computed once, when the clock is built: the business
/// time counted in each running segment, the instants at which earlier warnings and the breach happened, and, while
/// the clock runs, the instants at which the next warnings and the breach will happen. <see cref="Evaluate"/> therefore
/// makes at most one calendar call and allocates nothing.
/// </para>
/// <para>
/// A clock never changes: <see cref="Append"/> and <see cref="Recompute"/> return new clocks. To change a policy or a
/// calendar, keep the events and recompute: due times, warnings and breaches follow the new rules exactly.
/// </para>
/// </remarks>
/// <threadsafety>This type is immutable and thread-safe; instances may be shared freely between threads.</threadsafety>
public sealed class SlaClock
{
    private readonly SlaClockDefinition _definition;
    private readonly SlaClockEvent[] _events;

    // Instants at which each milestone (warning thresholds in order, then the breach) is reached in the current cycle.
    // The first _state.Reached were reached by the last event; while the clock counts, the rest are projections.
    private readonly Instant[] _milestones;

    // The first projected milestone while counting (Instant.MaxValue when none), kept beside the other fields so that a
    // scan over many clocks decides most of them without touching the milestone array.
    private readonly Instant _nextProjected;
    private readonly SlaClockState _stoppedState;
    private readonly Instant _lastEventAt;

    // The replay state after the last event (before the projection of the milestones ahead), so that appending events
    // continues from it instead of replaying the whole history: the same state machine, so the same clock.
    private readonly Replay _state;

    private SlaClock(string id, SlaPriority priority, SlaClockDefinition definition, SlaClockEvent[] events, string parameterName)
        : this(id, priority, definition, events, parameterName, previous: null)
    {
    }

    /// <summary>Builds the clock of <paramref name="events"/>; with <paramref name="previous"/> (the clock of a prefix of them, same definition) only the events after that prefix are replayed.</summary>
    private SlaClock(string id, SlaPriority priority, SlaClockDefinition definition, SlaClockEvent[] events, string parameterName, SlaClock? previous)
    {
        Id = id;
        Priority = priority;
        _definition = definition;
        _events = events;
        var offsets = definition.MilestoneOffsets;
        _milestones = new Instant[offsets.Length];

        if (events.Length == 0)
        {
            throw new ArgumentException($"SLA clock '{id}' needs at least its Started event.", nameof(events));
        }

        Replay replay;
        var from = 0;
        if (previous is null)
        {
            replay = new Replay(id, definition, _milestones, parameterName);
        }
        else
        {
            // A full replay holds the milestones reached so far and nothing after them (the projections come at the end).
            Array.Copy(previous._milestones, _milestones, previous._state.Reached);
            replay = previous._state.Continue(_milestones, parameterName);
            from = previous._events.Length;
        }

        for (var i = from; i < events.Length; i++)
        {
            replay.Apply(i, events[i]);
        }

        _state = replay;
        replay.Finish();
        _nextProjected = replay.Counting && replay.Reached < _milestones.Length ? _milestones[replay.Reached] : Instant.MaxValue;
        _stoppedState = replay.Cancelled ? SlaClockState.Cancelled : replay.Met ? SlaClockState.Met : SlaClockState.Paused;
        _lastEventAt = events[^1].At;
        StartedAt = events[0].At;
    }

    /// <summary>Gets the clock's identifier, used in every error message about it.</summary>
    /// <value>The identifier given when the clock was created (a ticket number and metric, never customer data).</value>
    public string Id { get; }

    /// <summary>Gets the metric this clock measures.</summary>
    /// <value>The metric given when the clock was created.</value>
    public SlaMetric Metric => _definition.Metric;

    /// <summary>Gets the priority whose target this clock uses.</summary>
    /// <value>The priority given when the clock was created.</value>
    public SlaPriority Priority { get; }

    /// <summary>Gets the target: how much counted time may pass before the clock breaches.</summary>
    /// <value>The policy's target for this clock's metric and priority.</value>
    public Duration Target => _definition.Target;

    /// <summary>Gets how this clock counts time.</summary>
    /// <value>Business time on the policy's calendar, or calendar time (24×7).</value>
    public SlaTimeBasis Basis => _definition.Basis;

    /// <summary>Gets the name of the policy the clock was computed with.</summary>
    /// <value>The policy's name.</value>
    public string PolicyName => _definition.PolicyName;

    /// <summary>Gets the version of the business calendar the clock was computed with.</summary>
    /// <value>The policy's calendar version: the tag given with the calendar, or a fingerprint of its open hours (see <see cref="SlaPolicy.CalendarVersion"/>).</value>
    public string CalendarVersion => _definition.CalendarVersion;

    /// <summary>Gets the warning thresholds, as fractions of the target in ascending order.</summary>
    /// <value>The policy's warning thresholds.</value>
    public ImmutableArray<double> WarningThresholds => _definition.Thresholds;

    /// <summary>Gets the events the clock was built from, in order.</summary>
    /// <value>The clock's history, safe to store and to recompute from; reading it allocates nothing.</value>
    public ImmutableArray<SlaClockEvent> Events => ImmutableCollectionsMarshal.AsImmutableArray(_events);

    /// <summary>Gets the instant the clock was started.</summary>
    /// <value>The instant of the <see cref="SlaClockEventKind.Started"/> event.</value>
    public Instant StartedAt { get; }

    /// <summary>Gets the instant of the clock's last event.</summary>
    /// <value>The latest event instant; evaluating at or after it takes the fast path.</value>
    public Instant LastEventAt => _lastEventAt;

    /// <summary>Gets the number of the current cycle, starting at 1; each <see cref="SlaClockEventKind.Reset"/> starts the next.</summary>
    /// <value>1 for a clock that was never reset.</value>
    public int Cycle => _state.Cycle;

    /// <summary>Gets how many of the cycles before the current one breached their target.</summary>
    /// <value>0 for a clock that was never reset.</value>
    public int BreachedCycles => _state.BreachedCycles;

    /// <summary>Gets how many cycles are completed: stopped by a <see cref="SlaClockEventKind.Met"/> event, or by a <see cref="SlaClockEventKind.Reset"/> before any.</summary>
    /// <value>The number of <see cref="CompletedCycles"/>; known when the clock is built, so reading it costs nothing.</value>
    public int CompletedCycleCount => _state.CompletedCycles;

    /// <summary>Gets the outcome of every completed cycle, in order: met or breached, with its start, stop, due and breach instants.</summary>
    /// <value>
    /// An allocation-free collection to enumerate with <c>foreach</c>. A once-only metric has at most one completed cycle (when
    /// it was met); a <see cref="SlaMetric.NextResponse"/> or <see cref="SlaMetric.PeriodicUpdate"/> clock has one per reply
    /// or update. Compliance reports count these, not only the current cycle's status: three replies, two of them late,
    /// give three outcomes, two breached. See <see cref="SlaCycleOutcome"/> for the exact rules.
    /// </value>
    public SlaCycleOutcomeCollection CompletedCycles => new(this);

    internal SlaClockDefinition Definition => _definition;

    internal ReadOnlySpan<SlaClockEvent> EventSpan => _events;

    /// <summary>Gives where the clock stands at an instant: elapsed and remaining time, due and breach instants, warnings crossed and the next change.</summary>
    /// <param name="now">The instant to evaluate at; normally the present, read from an injected <see cref="IClock"/>.</param>
    /// <returns>The clock's status at <paramref name="now"/>.</returns>
    /// <remarks>
    /// At or after <see cref="LastEventAt"/> this allocates nothing and makes at most one calendar call. An earlier instant
    /// is answered from the events up to and including it, which builds a temporary clock.
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when <paramref name="now"/> is before <see cref="StartedAt"/> or after <see cref="BusinessCalendar.MaxSupportedInstant"/>, or when <paramref name="now"/> is before <see cref="LastEventAt"/> and the clock as it stood then would fall due after the supported range; the message names the clock.</exception>
    /// <exception cref="CalendarConfigurationException">Thrown when <paramref name="now"/> is before <see cref="LastEventAt"/> and the policy's calendar has no open time within its search horizon where the due instant as it stood then needs it.</exception>
    public SlaStatus Evaluate(Instant now)
    {
        if (now > BusinessCalendar.MaxSupportedInstant)
        {
            throw OutsideRange(Id, nameof(now), now, "cannot be evaluated at");
        }

        // An earlier instant is answered by a clock of the events up to it; the status still refers to this clock.
        return now < _lastEventAt ? AsOf(now).EvaluateFor(this, now) : EvaluateFor(this, now);
    }

    /// <summary>
    /// Like <see cref="Evaluate"/>, for callers that read only the state and the milestones (reached, next change, breach):
    /// at or after <see cref="LastEventAt"/> the status's elapsed times are not computed (zero while counting), which saves
    /// the calendar call. Earlier instants are evaluated in full.
    /// </summary>
    internal SlaStatus EvaluateMilestones(Instant now)
    {
        if (now < _lastEventAt || now > BusinessCalendar.MaxSupportedInstant || !_state.Counting)
        {
            return Evaluate(now);
        }

        var last = _milestones.Length - 1;
        var reached = _state.Reached;
        while (reached <= last && _milestones[reached] <= now)
        {
            reached++;
        }

        return new SlaStatus(this, _milestones, now, reached > last ? SlaClockState.Breached : SlaClockState.Running, Duration.Zero, Duration.Zero, reached, counting: true, paused: false);
    }

    /// <summary>The events the clock was built from; never to be changed (records share it).</summary>
    internal SlaClockEvent[] EventArray => _events;

    /// <summary>Evaluates this clock at or after its last event, for a status that refers to <paramref name="owner"/>.</summary>
    private SlaStatus EvaluateFor(SlaClock owner, Instant now)
    {
        var last = _milestones.Length - 1;
        if (!_state.Counting)
        {
            var state = _stoppedState == SlaClockState.Cancelled ? SlaClockState.Cancelled
                : _state.Reached > last ? SlaClockState.Breached
                : _stoppedState;
            return new SlaStatus(owner, _milestones, now, state, _state.Elapsed, _state.WallElapsed, _state.Reached, counting: false, paused: _stoppedState == SlaClockState.Paused);
        }

        var reached = _state.Reached;
        while (reached <= last && _milestones[reached] <= now)
        {
            reached++;
        }

        var timeline = _definition.Timeline;
        var elapsed = _state.Elapsed + (timeline.IsWallClock ? now - _state.SegmentStart : timeline.Between(_state.SegmentStart, now));
        var wallElapsed = _state.WallElapsed + (now - _state.SegmentStart);
        return new SlaStatus(owner, _milestones, now, reached > last ? SlaClockState.Breached : SlaClockState.Running, elapsed, wallElapsed, reached, counting: true, paused: false);
    }

    /// <summary>Returns a new clock with one more event; this clock is left unchanged.</summary>
    /// <param name="clockEvent">The event to append; its instant must not be before <see cref="LastEventAt"/>.</param>
    /// <returns>A clock built from this clock's events followed by <paramref name="clockEvent"/>.</returns>
    /// <exception cref="InvalidSlaEventException">Thrown when the event is out of order or not allowed in the clock's state.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when the event's instant lies outside <see cref="BusinessCalendar.MinSupportedInstant"/>…<see cref="BusinessCalendar.MaxSupportedInstant"/>, or the clock would fall due (or cross a warning threshold) after that range; named <c>clockEvent</c>, and the message names the clock.</exception>
    /// <exception cref="CalendarConfigurationException">Thrown when the policy's calendar has no open time within its search horizon where a due or warning instant needs it.</exception>
    public SlaClock Append(SlaClockEvent clockEvent)
    {
        var events = new SlaClockEvent[_events.Length + 1];
        _events.CopyTo(events, 0);
        events[^1] = clockEvent;
        return new SlaClock(Id, Priority, _definition, events, nameof(clockEvent), this);
    }

    /// <summary>
    /// The clock of <paramref name="events"/>, which start with this clock's events: only the events after them are replayed
    /// (the result, and any exception, is the same as a clock built from all of them).
    /// </summary>
    /// <param name="events">This clock's events followed by the new ones; the clock takes ownership of the array.</param>
    /// <param name="parameterName">The parameter named by a range error.</param>
    internal SlaClock Extend(SlaClockEvent[] events, string parameterName)
    {
        System.Diagnostics.Debug.Assert(events.Length >= _events.Length && events.AsSpan(0, _events.Length).SequenceEqual(_events), "The events must extend this clock's events.");
        return events.Length == _events.Length ? this : new SlaClock(Id, Priority, _definition, events, parameterName, this);
    }

    /// <summary>Rebuilds the clock from the same events under another policy (for example after a calendar edit).</summary>
    /// <param name="policy">The policy to compute with; it must have a target for this clock's metric and priority.</param>
    /// <returns>A clock with the same identifier, metric, priority and events, computed under <paramref name="policy"/>.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="policy"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">Thrown when <paramref name="policy"/> has no target for this clock's metric and priority.</exception>
    /// <exception cref="InvalidSlaEventException">Thrown when the events are not a valid history under <paramref name="policy"/> (for example a reset of a metric it does not treat per reply).</exception>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when the clock would fall due (or cross a warning threshold) after the supported range under <paramref name="policy"/>; named <c>policy</c>, and the message names the clock.</exception>
    /// <exception cref="CalendarConfigurationException">Thrown when the policy's calendar has no open time within its search horizon where a due or warning instant needs it.</exception>
    public SlaClock Recompute(SlaPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return new SlaClock(Id, Priority, policy.GetDefinition(Metric, Priority, nameof(policy)), _events, nameof(policy));
    }

    /// <summary>Returns the clock's identifier, metric and priority.</summary>
    /// <returns>A short description without customer data.</returns>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"SlaClock {Id} ({Metric}, {Priority})");

    internal static SlaClock Create(string id, SlaPriority priority, SlaClockDefinition definition, ReadOnlySpan<SlaClockEvent> events, string parameterName)
    {
        ValidateId(id);
        return new SlaClock(id, priority, definition, events.ToArray(), parameterName);
    }

    /// <summary>Like <see cref="Create"/>, over an array nobody changes (a stored record's events): the clock shares it instead of copying.</summary>
    internal static SlaClock CreateShared(string id, SlaPriority priority, SlaClockDefinition definition, SlaClockEvent[] events, string parameterName)
    {
        ValidateId(id);
        return new SlaClock(id, priority, definition, events, parameterName);
    }

    /// <summary>
    /// The next change of the clock of <paramref name="events"/> at <paramref name="now"/> as its
    /// <see cref="EvaluateMilestones"/> status gives it (<see cref="SlaStatus.NextChangeAt"/>), without building the clock:
    /// the same replay, then only the projections the answer needs (the breach, and the milestones ahead up to the first
    /// after <paramref name="now"/>) instead of all of them. The same exceptions as <see cref="CreateShared"/>.
    /// </summary>
    /// <returns><see langword="false"/> (nothing computed) when <paramref name="now"/> is before the last event or after the supported range: build the clock then.</returns>
    internal static bool TryNextChange(string id, SlaClockDefinition definition, SlaClockEvent[] events, Instant now, string parameterName, out Instant? nextChange)
    {
        nextChange = null;
        if (events.Length == 0 || now < events[^1].At || now > BusinessCalendar.MaxSupportedInstant)
        {
            return false;
        }

        ValidateId(id);
        var replay = new Replay(id, definition, new Instant[definition.MilestoneOffsets.Length], parameterName);
        for (var i = 0; i < events.Length; i++)
        {
            replay.Apply(i, events[i]);
        }

        // A clock that does not count has no next change (its status is evaluated as stopped).
        nextChange = replay.Counting ? replay.NextMilestoneAfter(now) : null;
        return true;
    }

    /// <summary>An instant of a clock outside the supported range, named after the parameter that brought it.</summary>
    private static ArgumentOutOfRangeException OutsideRange(string id, string parameterName, Instant instant, string what) =>
        new(parameterName, instant, string.Create(
            CultureInfo.InvariantCulture,
            $"SLA clock '{id}' {what} {instant}: instants must lie within the supported range [{BusinessCalendar.MinSupportedInstant}, {BusinessCalendar.MaxSupportedInstant}]."));

    internal static void ValidateId(string id, string parameterName = "clockId")
    {
        ArgumentNullException.ThrowIfNull(id, parameterName);
        if (id.Length is 0 or > 200)
        {
            throw new ArgumentException("An SLA clock identifier must be 1 to 200 characters long.", parameterName);
        }
    }

    /// <summary>
    /// Classifies the clock at an instant without computing elapsed time: no calendar call, no allocation.
    /// Returns the number of milestones reached (thresholds, then the breach) and the next milestone instant, if any.
    /// </summary>
    internal int Classify(Instant now, out bool active, out Instant nextChange, out bool hasNextChange)
    {
        if (now < _lastEventAt)
        {
            if (now < StartedAt)
            {
                active = false;
                nextChange = default;
                hasNextChange = false;
                return 0;
            }

            return AsOf(now).Classify(now, out active, out nextChange, out hasNextChange);
        }

        if (!_state.Counting)
        {
            active = _stoppedState == SlaClockState.Paused;
            nextChange = default;
            hasNextChange = false;
            return _state.Reached;
        }

        active = true;
        if (now < _nextProjected)
        {
            hasNextChange = _nextProjected != Instant.MaxValue;
            nextChange = _nextProjected;
            return _state.Reached;
        }

        var milestones = _milestones;
        var reached = _state.Reached;
        while (reached < milestones.Length && milestones[reached] <= now)
        {
            reached++;
        }

        hasNextChange = reached < milestones.Length;
        nextChange = hasNextChange ? milestones[reached] : default;
        return reached;
    }

    internal int MilestoneCount => _milestones.Length;

    private SlaClock AsOf(Instant now)
    {
        if (now < StartedAt)
        {
            throw new ArgumentOutOfRangeException(
                nameof(now),
                now,
                string.Create(CultureInfo.InvariantCulture, $"SLA clock '{Id}' started at {StartedAt}; it cannot be evaluated before that."));
        }

        var count = _events.Length;
        while (_events[count - 1].At > now)
        {
            count--;
        }

        return new SlaClock(Id, Priority, _definition, _events.AsSpan(0, count).ToArray(), nameof(now));
    }

    /// <summary>Replays events in order, validating them and recording the instants at which milestones are reached.</summary>
    private struct Replay
    {
        private readonly string _id;
        private readonly SlaClockDefinition _definition;
        private Instant[] _milestones;
        private string _parameterName;
        private bool _started;
        private bool _waiting;
        private SlaWaitReason _waitReason;
        private Instant _previous;

        public Replay(string id, SlaClockDefinition definition, Instant[] milestones, string parameterName)
        {
            _id = id;
            _definition = definition;
            _milestones = milestones;
            _parameterName = parameterName;
            Cycle = 0;
        }

        public int Reached { get; private set; }

        /// <summary>A copy of this state that goes on recording milestones in <paramref name="milestones"/> (a copy of the reached ones).</summary>
        public readonly Replay Continue(Instant[] milestones, string parameterName)
        {
            var copy = this;
            copy._milestones = milestones;
            copy._parameterName = parameterName;
            return copy;
        }

        public bool Counting { get; private set; }

        public bool Met { get; private set; }

        public bool Cancelled { get; private set; }

        public Instant SegmentStart { get; private set; }

        public Duration Elapsed { get; private set; }

        /// <summary>The wall-clock length of the current cycle's closed counted segments.</summary>
        public Duration WallElapsed { get; private set; }

        public int Cycle { get; private set; }

        public int BreachedCycles { get; private set; }

        public int CompletedCycles { get; private set; }

        public void Apply(int index, SlaClockEvent e)
        {
            if (!SlaEnums.IsSpecified(e.Kind))
            {
                throw Invalid(index, e, Enum.IsDefined(e.Kind)
                    ? "its kind is unspecified (zero, for example a missing field or default(SlaClockEvent))"
                    : $"event kind {(int)e.Kind} is not defined");
            }

            if (e.Kind == SlaClockEventKind.Paused ? !SlaEnums.IsSpecified(e.Reason) : e.Reason != SlaWaitReason.None)
            {
                throw Invalid(index, e, e.Kind != SlaClockEventKind.Paused
                    ? $"only a Paused event carries a reason, and it carries {e.Reason}"
                    : Enum.IsDefined(e.Reason) ? "a pause needs a reason, and its reason is None" : $"wait reason {(int)e.Reason} is not defined");
            }

            if (e.At < BusinessCalendar.MinSupportedInstant || e.At > BusinessCalendar.MaxSupportedInstant)
            {
                throw OutsideRange(_id, _parameterName, e.At, string.Create(CultureInfo.InvariantCulture, $"has event {index} ({e.Kind}) at"));
            }

            if (_started && e.At < _previous)
            {
                throw Invalid(index, e, $"events are out of order: {e.At} is before the previous event at {_previous}");
            }

            if (e.Kind != SlaClockEventKind.Started && !_started)
            {
                throw Invalid(index, e, "the first event must be Started");
            }

            if (Cancelled)
            {
                throw Invalid(index, e, "the clock was cancelled; no event may follow");
            }

            _previous = e.At;
            switch (e.Kind)
            {
                case SlaClockEventKind.Started:
                    if (_started)
                    {
                        throw Invalid(index, e, "the clock was already started (use Reset to start a new cycle of a per-reply metric)");
                    }

                    _started = true;
                    Cycle = 1;
                    StartCycle(e.At);
                    break;

                case SlaClockEventKind.Paused:
                    if (_waiting)
                    {
                        throw Invalid(index, e, $"the clock is already paused ({_waitReason}); resume it before pausing again");
                    }

                    _waiting = true;
                    _waitReason = e.Reason;
                    if (Counting && _definition.PausesFor(e.Reason))
                    {
                        CloseSegment(e.At);
                        Counting = false;
                    }

                    break;

                case SlaClockEventKind.Resumed:
                    if (!_waiting)
                    {
                        throw Invalid(index, e, "the clock is not paused, so it cannot be resumed");
                    }

                    _waiting = false;
                    if (!Met && !Counting)
                    {
                        Counting = true;
                        SegmentStart = e.At;
                    }

                    break;

                case SlaClockEventKind.Met:
                    if (Met)
                    {
                        throw Invalid(index, e, "the metric was already met in this cycle");
                    }

                    if (Counting)
                    {
                        CloseSegment(e.At);
                        Counting = false;
                    }

                    Met = true;
                    CompletedCycles++;
                    break;

                case SlaClockEventKind.Reset:
                    if (!_definition.IsPerReply)
                    {
                        throw Invalid(index, e, $"{_definition.Metric} runs once; only NextResponse and PeriodicUpdate clocks can be reset");
                    }

                    if (Counting)
                    {
                        CloseSegment(e.At);
                    }

                    if (Reached == _milestones.Length)
                    {
                        BreachedCycles++;
                    }

                    if (!Met)
                    {
                        // A reset before any Met completes the cycle (for a periodic update, the update is the answer).
                        CompletedCycles++;
                    }

                    Cycle++;
                    StartCycle(e.At);
                    break;

                case SlaClockEventKind.Cancelled:
                    if (Counting)
                    {
                        CloseSegment(e.At);
                        Counting = false;
                    }

                    Cancelled = true;
                    break;
            }
        }

        /// <summary>Projects the milestones still ahead of a counting clock.</summary>
        public void Finish()
        {
            if (!Counting)
            {
                return;
            }

            var offsets = _definition.MilestoneOffsets;
            var timeline = _definition.Timeline;
            for (var i = Reached; i < offsets.Length; i++)
            {
                _milestones[i] = Project(timeline, offsets[i] - Elapsed);
            }
        }

        /// <summary>
        /// The first milestone after <paramref name="now"/> of a counting clock (<see langword="null"/> when every one is
        /// reached by then), as <see cref="Finish"/> would project it, with the same exceptions.
        /// </summary>
        public readonly Instant? NextMilestoneAfter(Instant now)
        {
            var offsets = _definition.MilestoneOffsets;
            var last = offsets.Length - 1;
            if (Reached > last)
            {
                return null;
            }

            var timeline = _definition.Timeline;
            Instant breach;
            try
            {
                // The breach first: when it can be projected, so can every earlier milestone (a smaller amount from the
                // same start never lands later, nor searches further).
                breach = timeline.Add(SegmentStart, offsets[last] - Elapsed);
            }
            catch (Exception e) when (e is ArgumentOutOfRangeException or CalendarConfigurationException)
            {
                // Project in order as a full build does, which throws its exception at the first milestone that fails.
                var copy = this;
                copy._milestones = new Instant[offsets.Length];
                copy.Finish();
                throw;
            }

            for (var k = Reached; k < last; k++)
            {
                var at = Project(timeline, offsets[k] - Elapsed);
                if (at > now)
                {
                    return at;
                }
            }

            return breach > now ? breach : null;
        }

        private void StartCycle(Instant at)
        {
            Met = false;
            Reached = 0;
            Elapsed = Duration.Zero;
            WallElapsed = Duration.Zero;
            SegmentStart = at;
            Counting = !(_waiting && _definition.PausesFor(_waitReason));
            Array.Clear(_milestones);
        }

        private void CloseSegment(Instant end)
        {
            var timeline = _definition.Timeline;
            var length = timeline.Between(SegmentStart, end);
            var total = Elapsed + length;
            var offsets = _definition.MilestoneOffsets;
            while (Reached < offsets.Length && offsets[Reached] <= total)
            {
                _milestones[Reached] = Project(timeline, offsets[Reached] - Elapsed);
                Reached++;
            }

            Elapsed = total;
            WallElapsed += end - SegmentStart;
        }

        /// <summary>The instant at which the current segment has counted <paramref name="amount"/>: a warning or the due instant.</summary>
        private readonly Instant Project(SlaTimeline timeline, Duration amount)
        {
            try
            {
                return timeline.Add(SegmentStart, amount);
            }
            catch (ArgumentOutOfRangeException)
            {
                // Event instants were checked, so only the projected instant can leave the range: say which clock's.
                throw new ArgumentOutOfRangeException(_parameterName, string.Create(
                    CultureInfo.InvariantCulture,
                    $"SLA clock '{_id}' ({_definition.Metric}) would fall due (or cross a warning threshold) after the supported range [{BusinessCalendar.MinSupportedInstant}, {BusinessCalendar.MaxSupportedInstant}]: counting {amount} from {SegmentStart} leaves it."));
            }
        }

        private readonly InvalidSlaEventException Invalid(int index, SlaClockEvent e, string rule) =>
            new(_id, index, e.Kind, e.At, string.Create(
                CultureInfo.InvariantCulture,
                $"SLA clock '{_id}' ({_definition.Metric}): event {index} ({e.Kind} at {e.At}) is not valid: {rule}."));
    }
}
