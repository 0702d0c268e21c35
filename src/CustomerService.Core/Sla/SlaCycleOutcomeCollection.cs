using System.Collections;
using NodaTime;

namespace CustomerService.Core.Sla;

/// <summary>The outcomes of an SLA clock's completed cycles, in order, computed from its events as they are enumerated.</summary>
/// <remarks>
/// <para>
/// Get it from <see cref="SlaClock.CompletedCycles"/> and enumerate it with <c>foreach</c>: the enumerator is a struct and
/// allocates nothing. Each enumeration replays the clock's events once, making one calendar call per counted segment and one
/// per cycle met while counting (its due instant), so keep the outcomes you need rather than enumerating repeatedly.
/// Used through <see cref="IEnumerable{T}"/> (LINQ), the enumerator is boxed once.
/// </para>
/// <para>The default value belongs to no clock: it is empty.</para>
/// </remarks>
/// <threadsafety>This type is an immutable value type: it may be enumerated from any number of threads at once, each with its own enumerator.</threadsafety>
public readonly struct SlaCycleOutcomeCollection : IReadOnlyCollection<SlaCycleOutcome>
{
    private readonly SlaClock? _clock;

    internal SlaCycleOutcomeCollection(SlaClock clock) => _clock = clock;

    /// <summary>Gets the number of completed cycles.</summary>
    /// <value>The same as <see cref="SlaClock.CompletedCycleCount"/>; 0 for the default value.</value>
    public int Count => _clock?.CompletedCycleCount ?? 0;

    /// <summary>Returns an enumerator over the outcomes, in cycle order.</summary>
    /// <returns>A struct enumerator that allocates nothing.</returns>
    public Enumerator GetEnumerator() => new(_clock);

    /// <inheritdoc/>
    IEnumerator<SlaCycleOutcome> IEnumerable<SlaCycleOutcome>.GetEnumerator() => GetEnumerator();

    /// <inheritdoc/>
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Enumerates the outcomes of a clock's completed cycles by replaying its events.</summary>
    /// <threadsafety>This type is a mutable enumerator and is not thread-safe: use each enumerator from one thread.</threadsafety>
    public struct Enumerator : IEnumerator<SlaCycleOutcome>
    {
        private readonly SlaClock? _clock;
        private int _index;
        private int _cycle;
        private Instant _cycleStart;
        private bool _waiting;
        private SlaWaitReason _reason;
        private bool _counting;
        private bool _met;
        private Instant _segmentStart;
        private Duration _elapsed;
        private Duration _elapsedBeforeSegment;
        private Instant? _breachedAt;

        internal Enumerator(SlaClock? clock)
        {
            _clock = clock;
            _index = 0;
            _cycle = 0;
            _cycleStart = default;
            _waiting = false;
            _reason = SlaWaitReason.None;
            _counting = false;
            _met = false;
            _segmentStart = default;
            _elapsed = Duration.Zero;
            _elapsedBeforeSegment = Duration.Zero;
            _breachedAt = null;
            Current = default;
        }

        /// <summary>Gets the outcome at the enumerator's position.</summary>
        /// <value>The outcome of the completed cycle reached by the last successful <see cref="MoveNext"/>.</value>
        public SlaCycleOutcome Current { get; private set; }

        /// <inheritdoc/>
        readonly object IEnumerator.Current => Current;

        /// <summary>Advances to the next completed cycle.</summary>
        /// <returns><see langword="true"/> when there is one; <see langword="false"/> when every completed cycle has been returned.</returns>
        public bool MoveNext()
        {
            if (_clock is null)
            {
                return false;
            }

            var events = _clock.EventSpan;
            var definition = _clock.Definition;
            while (_index < events.Length)
            {
                var e = events[_index++];
                switch (e.Kind)
                {
                    case SlaClockEventKind.Started:
                        _cycle = 1;
                        StartCycle(definition, e.At);
                        break;

                    case SlaClockEventKind.Paused:
                        _waiting = true;
                        _reason = e.Reason;
                        if (_counting && definition.PausesFor(e.Reason))
                        {
                            CloseSegment(definition, e.At);
                        }

                        break;

                    case SlaClockEventKind.Resumed:
                        _waiting = false;
                        if (!_met && !_counting)
                        {
                            _counting = true;
                            _segmentStart = e.At;
                        }

                        break;

                    case SlaClockEventKind.Met:
                        Current = Stop(definition, e);
                        _met = true;
                        return true;

                    case SlaClockEventKind.Reset:
                        var completed = !_met;
                        if (completed)
                        {
                            Current = Stop(definition, e);
                        }
                        else if (_counting)
                        {
                            CloseSegment(definition, e.At);
                        }

                        _cycle++;
                        StartCycle(definition, e.At);
                        if (completed)
                        {
                            return true;
                        }

                        break;

                    case SlaClockEventKind.Cancelled:
                        _index = events.Length;
                        break;
                }
            }

            return false;
        }

        /// <summary>Starts the enumeration again from the first cycle.</summary>
        public void Reset() => this = new Enumerator(_clock);

        /// <summary>Does nothing: the enumerator holds no resources.</summary>
        public readonly void Dispose()
        {
        }

        private void StartCycle(SlaClockDefinition definition, Instant at)
        {
            _cycleStart = at;
            _met = false;
            _elapsed = Duration.Zero;
            _elapsedBeforeSegment = Duration.Zero;
            _breachedAt = null;
            _segmentStart = at;
            _counting = !(_waiting && definition.PausesFor(_reason));
        }

        private void CloseSegment(SlaClockDefinition definition, Instant end)
        {
            var timeline = definition.Timeline;
            var total = _elapsed + timeline.Between(_segmentStart, end);
            if (_breachedAt is null && total >= definition.Target)
            {
                // The clock was built from these events, so this instant was computed (and accepted) then too.
                _breachedAt = timeline.Add(_segmentStart, definition.Target - _elapsed);
            }

            _elapsedBeforeSegment = _elapsed;
            _elapsed = total;
            _counting = false;
        }

        private SlaCycleOutcome Stop(SlaClockDefinition definition, SlaClockEvent stop)
        {
            var counting = _counting;
            if (counting)
            {
                CloseSegment(definition, stop.At);
            }

            var due = _breachedAt ?? (counting ? ProjectDue(definition) : null);
            var clock = _clock!;
            return new SlaCycleOutcome(clock.Id, clock.Metric, clock.Priority, _cycle, _cycleStart, stop.At, stop.Kind, _elapsed, due, _breachedAt);
        }

        /// <summary>The due instant the last counted segment was heading for, when it can be computed.</summary>
        private readonly Instant? ProjectDue(SlaClockDefinition definition)
        {
            try
            {
                return definition.Timeline.Add(_segmentStart, definition.Target - _elapsedBeforeSegment);
            }
            catch (Exception e) when (e is ArgumentOutOfRangeException or Calendars.CalendarConfigurationException)
            {
                return null;
            }
        }
    }
}
