using System.Collections;
using System.Runtime.CompilerServices;
using NodaTime;

namespace CustomerService.Core.Calendars;

/// <summary>
/// The open intervals of a calendar from an instant on, forward or backward, enumerated lazily without a window:
/// returned by <see cref="BusinessCalendar.OpenIntervalsAfter(Instant)"/> and <see cref="BusinessCalendar.OpenIntervalsBefore(Instant)"/>.
/// </summary>
/// <remarks>
/// <para>
/// <c>foreach</c> uses the struct <see cref="Enumerator"/>: after the first interval each step reads the next entry of
/// the compiled timeline, with no allocation. Each interval is maximal (touching open ranges come back as one), the first
/// is cut at the instant the enumeration starts from, and the enumeration ends at the end of the supported range
/// (<see cref="BusinessCalendar.MaxSupportedInstant"/> forward, <see cref="BusinessCalendar.MinSupportedInstant"/> backward).
/// Like <see cref="BusinessCalendar.NextOpening(Instant)"/>, a step that finds no open time within
/// <see cref="BusinessCalendar.SearchHorizon"/> throws <see cref="CalendarConfigurationException"/> instead of scanning on.
/// Through <see cref="IEnumerable{T}"/> (LINQ) the enumerator is boxed once per enumeration.
/// </para>
/// <para>The default value is an empty sequence.</para>
/// </remarks>
/// <threadsafety>This type is an immutable value type: a sequence may be enumerated by several threads at once, each with its own enumerator.</threadsafety>
public readonly struct OpenIntervalSequence : IEnumerable<Interval>
{
    private readonly CompiledTimeline? _timeline;
    private readonly long _from;
    private readonly bool _forward;

    internal OpenIntervalSequence(CompiledTimeline timeline, long from, bool forward)
    {
        _timeline = timeline;
        _from = from;
        _forward = forward;
    }

    /// <summary>Returns an enumerator that walks the open intervals lazily.</summary>
    /// <returns>A struct enumerator positioned before the first interval.</returns>
    public Enumerator GetEnumerator() => new(_timeline, _from, _forward);

    /// <inheritdoc/>
    IEnumerator<Interval> IEnumerable<Interval>.GetEnumerator() => GetEnumerator();

    /// <inheritdoc/>
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Walks the open intervals of an <see cref="OpenIntervalSequence"/>, one compiled-timeline entry per step.</summary>
    /// <remarks>The default value enumerates nothing.</remarks>
    /// <threadsafety>This type is a mutable value type: use one enumerator from one thread.</threadsafety>
    public struct Enumerator : IEnumerator<Interval>
    {
        private readonly long _from;
        private readonly bool _forward;
        private CompiledTimeline.ForwardCursor _after;
        private CompiledTimeline.BackwardCursor _before;
        private long _start;
        private long _end;
        private int _state;

        internal Enumerator(CompiledTimeline? timeline, long from, bool forward)
        {
            _from = from;
            _forward = forward;
            if (timeline is not null)
            {
                if (forward)
                {
                    _after = new CompiledTimeline.ForwardCursor(timeline, from);
                }
                else
                {
                    _before = new CompiledTimeline.BackwardCursor(timeline, from, inclusive: false);
                }

                _state = 1;
            }
        }

        /// <summary>Gets the current open interval.</summary>
        /// <value>The interval the last successful <see cref="MoveNext"/> reached; undefined before it and after the end.</value>
        public readonly Interval Current => new(OpenSet.ToInstant(_start), OpenSet.ToInstant(_end));

        /// <inheritdoc/>
        readonly object IEnumerator.Current => Current;

        /// <summary>Advances to the next open interval (the next later one forward, the next earlier one backward).</summary>
        /// <returns><see langword="true"/> when there is one; <see langword="false"/> at the end of the supported range.</returns>
        /// <exception cref="CalendarConfigurationException">Thrown when the calendar has no open time within <see cref="BusinessCalendar.SearchHorizon"/> of the previous interval (or of the start).</exception>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public bool MoveNext()
        {
            if (_state == 2 && _forward && _after.MoveNext(out _start, out _end) && _end <= CalendarErrors.MaxNanoseconds)
            {
                return true;
            }

            return MoveNextSlow();
        }

        /// <summary>Not supported: start a new enumeration instead.</summary>
        /// <exception cref="NotSupportedException">Always thrown.</exception>
        public readonly void Reset() => throw new NotSupportedException("Start a new enumeration with GetEnumerator.");

        /// <summary>Does nothing: the enumerator holds no resources.</summary>
        public readonly void Dispose()
        {
        }

        private bool MoveNextSlow()
        {
            switch (_state)
            {
                case 0:
                    return false;
                case 1:
                    _state = 2;
                    if (!(_forward ? _after.MoveNext(out _start, out _end) : _before.MovePrevious(out _start, out _end)))
                    {
                        return Finish();
                    }

                    // The first interval is cut at the instant the enumeration starts from.
                    if (_forward)
                    {
                        _start = Math.Max(_start, _from);
                    }
                    else
                    {
                        _end = Math.Min(_end, _from);
                    }

                    return Clip();
                default:
                    if (_forward)
                    {
                        // The fast path failed: either the walk ended, or the interval reaches past the supported range.
                        return _state == 2 && _end > CalendarErrors.MaxNanoseconds ? Clip() : Finish();
                    }

                    return _before.MovePrevious(out _start, out _end) ? Clip() : Finish();
            }
        }

        private bool Clip()
        {
            if (_end > CalendarErrors.MaxNanoseconds)
            {
                _end = CalendarErrors.MaxNanoseconds;
                _state = 0;
                return _start < _end;
            }

            return true;
        }

        private bool Finish()
        {
            _state = 0;
            return false;
        }
    }
}
