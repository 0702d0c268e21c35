using System.Numerics;
using System.Runtime.CompilerServices;
using NodaTime;

namespace CustomerService.Core.Calendars;

/// <summary>
/// The compiled form of a calendar's open set: the supported range is cut into segments of 2^55 ns (about 417
/// days), each built on first use and published once, holding its open intervals in order with cumulative open time
/// and two direct indexes — by time bucket (2^44 ns, about 4.9 hours) to the first interval of the bucket, and by
/// bucket of cumulative open time to the first interval reaching it — so each question is an index lookup plus a
/// short forward scan, with no allocation. Instants are nanoseconds since the Unix epoch, already range-checked.
/// Amounts and totals of business time are unsigned: the supported range (300 years) is longer than a
/// <see cref="long"/> of nanoseconds holds (about 292 years), so a signed total over the whole range would wrap.
/// The last segment ends one nanosecond after <see cref="CalendarErrors.MaxNanoseconds"/> so that the last supported
/// instant itself is answered like any other; results past it are rejected.
/// </summary>
internal sealed class CompiledTimeline
{
    internal const int SegmentShift = 55;
    internal const int TimeBucketShift = 44;
    private const int TimeBucketsPerSegment = 1 << (SegmentShift - TimeBucketShift);

    private static readonly long Origin = CalendarErrors.MinNanoseconds;
    private static readonly int SegmentCount =
        (int)(((ulong)(CalendarErrors.MaxNanoseconds - Origin) >> SegmentShift) + 1);

    private readonly string _name;
    private readonly CalendarDefinition _definition;
    private readonly Segment?[] _segments = new Segment?[SegmentCount];

    public CompiledTimeline(string name, CalendarDefinition definition)
    {
        _name = name;
        _definition = definition;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int SegmentIndex(long instant) => (int)((ulong)(instant - Origin) >> SegmentShift);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal Segment GetSegment(int index) => Volatile.Read(ref _segments[index]) ?? BuildSegment(index);

    public bool IsOpen(long instant)
    {
        var segment = GetSegment(SegmentIndex(instant));
        return segment.Entries[segment.IndexAt(instant)].Start <= instant;
    }

    /// <summary>Returns the signed business time between two instants as a duration (which holds the whole range's length).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Duration Between(long from, long to) =>
        to >= from ? CalendarErrors.ToDuration(Measure(from, to)) : -CalendarErrors.ToDuration(Measure(to, from));

    /// <summary>Returns the open time within <c>[from, to)</c>, <paramref name="from"/> ≤ <paramref name="to"/>.</summary>
    public ulong Measure(long from, long to)
    {
        int first = SegmentIndex(from), last = SegmentIndex(to);
        var segment = GetSegment(first);
        if (first == last)
        {
            return (ulong)(segment.Cumulative(to) - segment.Cumulative(from));
        }

        // Each segment's total fits a long; their sum over the whole range may not, hence unsigned.
        var total = (ulong)(segment.Total - segment.Cumulative(from));
        for (var k = first + 1; k < last; k++)
        {
            total += (ulong)GetSegment(k).Total;
        }

        return total + (ulong)GetSegment(last).Cumulative(to);
    }

    public long Add(long start, ulong amount, string paramName)
    {
        if (amount == 0)
        {
            return start;
        }

        var k = SegmentIndex(start);
        var segment = GetSegment(k);
        var before = segment.Cumulative(start);
        var left = (ulong)(segment.Total - before);
        if (amount <= left)
        {
            return CheckResult(segment.InstantReaching(before + (long)amount), paramName);
        }

        return AddAcrossSegments(amount - left, k, before < segment.Total ? segment.LastEnd : start, paramName);
    }

    /// <summary>Answers <see cref="Add(long, ulong, string)"/> for many checked inputs, with the common case inlined.</summary>
    public void AddBatch(ReadOnlySpan<Instant> starts, ReadOnlySpan<Duration> amounts, Span<Instant> results, string paramName)
    {
        for (var i = 0; i < starts.Length; i++)
        {
            var start = CalendarErrors.CheckedInstantToNanoseconds(starts[i]);
            var amount = CalendarErrors.CheckedAmountToNanoseconds(amounts[i]);
            var segment = GetSegment(SegmentIndex(start));
            var before = segment.Cumulative(start);
            var due = amount != 0 && amount <= (ulong)(segment.Total - before)
                ? CheckResult(segment.InstantReaching(before + (long)amount), paramName)
                : Add(start, amount, paramName);
            results[i] = OpenSet.ToInstant(due);
        }
    }

    public long Subtract(long end, ulong amount, string paramName)
    {
        if (amount == 0)
        {
            return end;
        }

        var k = SegmentIndex(end);
        var segment = GetSegment(k);
        var before = segment.Cumulative(end);
        if (amount <= (ulong)before)
        {
            return segment.InstantLeaving(before - (long)amount);
        }

        return SubtractAcrossSegments(amount - (ulong)before, k, before > 0 ? segment.FirstStart : end, paramName);
    }

    public long NextOpening(long instant, string paramName)
    {
        var k = SegmentIndex(instant);
        var segment = GetSegment(k);
        var i = segment.IndexAt(instant);
        if (i < segment.Count)
        {
            return Math.Max(segment.Entries[i].Start, instant);
        }

        for (k++; k < SegmentCount; k++)
        {
            segment = GetSegment(k);
            if (segment.Count != 0)
            {
                if (segment.FirstStart - instant >= CalendarErrors.HorizonNanoseconds)
                {
                    throw CalendarErrors.NoOpenTime(_name, instant, forward: true);
                }

                return segment.FirstStart;
            }

            if (segment.End - instant >= CalendarErrors.HorizonNanoseconds)
            {
                throw CalendarErrors.NoOpenTime(_name, instant, forward: true);
            }
        }

        throw CalendarErrors.ResultOutsideRange(paramName, forward: true);
    }

    /// <summary>Appends the open set within <c>[from, to)</c> as maximal intervals (pieces cut at segment boundaries are joined).</summary>
    public void OpenIntervals(long from, long to, List<(long Start, long End)> output)
    {
        if (from >= to)
        {
            return;
        }

        var count = output.Count;
        for (int k = SegmentIndex(from), last = SegmentIndex(to); k <= last; k++)
        {
            var segment = GetSegment(k);
            for (var i = segment.IndexAt(Math.Max(from, segment.Start)); i < segment.Count && segment.Entries[i].Start < to; i++)
            {
                var start = Math.Max(segment.Entries[i].Start, from);
                var end = Math.Min(segment.Entries[i].End, to);
                if (output.Count > count && output[^1].End == start)
                {
                    output[^1] = (output[^1].Start, end);
                }
                else
                {
                    output.Add((start, end));
                }
            }
        }
    }

    /// <summary>Returns the earliest closed instant at or after an open instant's interval: the end of its maximal interval.</summary>
    public long NextClosing(long instant, string paramName)
    {
        var k = SegmentIndex(instant);
        var segment = GetSegment(k);
        ref readonly var entry = ref segment.Entries[segment.IndexAt(instant)];
        if (entry.Start > instant)
        {
            return instant;
        }

        var end = entry.End;
        while (end == segment.End && k + 1 < SegmentCount)
        {
            if (end - instant >= CalendarErrors.HorizonNanoseconds)
            {
                throw CalendarErrors.NoClosedTime(_name, instant);
            }

            segment = GetSegment(++k);
            if (segment.Count == 0 || segment.Entries[0].Start != segment.Start)
            {
                break;
            }

            end = segment.Entries[0].End;
        }

        return end <= CalendarErrors.MaxNanoseconds ? end : throw CalendarErrors.ResultOutsideRange(paramName, forward: true);
    }

    /// <summary>Returns the latest opening at or before an instant: the start of the maximal open interval that holds it or precedes it.</summary>
    public long PreviousOpening(long instant, string paramName)
    {
        var cursor = new BackwardCursor(this, instant, inclusive: true);
        if (!cursor.MovePrevious(out var start, out _))
        {
            throw CalendarErrors.ResultOutsideRange(paramName, forward: false);
        }

        // An interval reaching back to the first supported instant may have opened before it: that opening is out of range.
        if (start == CalendarErrors.MinNanoseconds && _definition.Contains(OpenSet.ToInstant(start - 1)))
        {
            throw CalendarErrors.ResultOutsideRange(paramName, forward: false);
        }

        return start;
    }

    /// <summary>Returns the latest closing at or before an instant: the end of the last maximal open interval that ends by then.</summary>
    public long PreviousClosing(long instant, string paramName)
    {
        var cursor = new BackwardCursor(this, instant, inclusive: false);
        while (cursor.MovePrevious(out _, out var end))
        {
            // The first interval may hold the instant (it ends after it), or end at a segment boundary where the
            // next segment carries it on: neither is a closing at or before the instant.
            if (end <= instant && !IsOpen(end))
            {
                return end;
            }
        }

        throw CalendarErrors.ResultOutsideRange(paramName, forward: false);
    }

    private long AddAcrossSegments(ulong remaining, int k, long lastEnd, string paramName)
    {
        for (k++; k < SegmentCount; k++)
        {
            var segment = GetSegment(k);
            if (segment.Count == 0)
            {
                if (segment.End - lastEnd >= CalendarErrors.HorizonNanoseconds)
                {
                    throw CalendarErrors.NoOpenTime(_name, lastEnd, forward: true);
                }

                continue;
            }

            if (segment.FirstStart - lastEnd >= CalendarErrors.HorizonNanoseconds)
            {
                throw CalendarErrors.NoOpenTime(_name, lastEnd, forward: true);
            }

            if (remaining <= (ulong)segment.Total)
            {
                return CheckResult(segment.InstantReaching((long)remaining), paramName);
            }

            remaining -= (ulong)segment.Total;
            lastEnd = segment.LastEnd;
        }

        throw CalendarErrors.ResultOutsideRange(paramName, forward: true);
    }

    private long SubtractAcrossSegments(ulong remaining, int k, long firstStart, string paramName)
    {
        for (k--; k >= 0; k--)
        {
            var segment = GetSegment(k);
            if (segment.Count == 0)
            {
                if (firstStart - segment.Start >= CalendarErrors.HorizonNanoseconds)
                {
                    throw CalendarErrors.NoOpenTime(_name, firstStart, forward: false);
                }

                continue;
            }

            if (firstStart - segment.LastEnd >= CalendarErrors.HorizonNanoseconds)
            {
                throw CalendarErrors.NoOpenTime(_name, firstStart, forward: false);
            }

            if (remaining <= (ulong)segment.Total)
            {
                return segment.InstantLeaving(segment.Total - (long)remaining);
            }

            remaining -= (ulong)segment.Total;
            firstStart = segment.FirstStart;
        }

        throw CalendarErrors.ResultOutsideRange(paramName, forward: false);
    }

    /// <summary>Rejects a result past the last supported instant (only the last segment reaches one nanosecond beyond it).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static long CheckResult(long instant, string paramName) =>
        instant <= CalendarErrors.MaxNanoseconds ? instant : throw CalendarErrors.ResultOutsideRange(paramName, forward: true);

    private Segment BuildSegment(int index)
    {
        var start = Origin + ((long)index << SegmentShift);
        var end = index == SegmentCount - 1 ? CalendarErrors.MaxNanoseconds + 1 : start + (1L << SegmentShift);
        var intervals = new List<(long Start, long End)>();
        _definition.Collect(start, end, intervals);
        var built = new Segment(start, end, intervals);
        return Interlocked.CompareExchange(ref _segments[index], built, null) ?? built;
    }

    /// <summary>
    /// Walks the maximal open intervals forward from an instant, joining the pieces cut at segment boundaries; it
    /// yields each interval unclipped (the first may start before the instant). A gap of <see cref="CalendarErrors.HorizonNanoseconds"/>
    /// or more without open time throws, like <see cref="NextOpening(long, string)"/>; the walk ends at the end of the supported range.
    /// </summary>
    internal struct ForwardCursor
    {
        private readonly CompiledTimeline _timeline;
        private Segment _segment;
        private int _k;
        private int _i;
        private long _lastEnd;

        public ForwardCursor(CompiledTimeline timeline, long from)
        {
            _timeline = timeline;
            _k = SegmentIndex(from);
            _segment = timeline.GetSegment(_k);
            _i = _segment.IndexAt(from);
            _lastEnd = from;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public bool MoveNext(out long start, out long end)
        {
            if (_i < _segment.Count)
            {
                ref readonly var entry = ref _segment.Entries[_i];
                if (entry.End != _segment.End && entry.Start - _lastEnd < CalendarErrors.HorizonNanoseconds)
                {
                    _i++;
                    start = entry.Start;
                    end = _lastEnd = entry.End;
                    return true;
                }
            }

            return MoveNextSlow(out start, out end);
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private bool MoveNextSlow(out long start, out long end)
        {
            while (_i >= _segment.Count)
            {
                if (_k + 1 >= SegmentCount)
                {
                    start = end = 0;
                    return false;
                }

                if (_segment.End - _lastEnd >= CalendarErrors.HorizonNanoseconds)
                {
                    throw CalendarErrors.NoOpenTime(_timeline._name, _lastEnd, forward: true);
                }

                _segment = _timeline.GetSegment(++_k);
                _i = 0;
            }

            ref readonly var entry = ref _segment.Entries[_i++];
            start = entry.Start;
            end = entry.End;

            if (start - _lastEnd >= CalendarErrors.HorizonNanoseconds)
            {
                throw CalendarErrors.NoOpenTime(_timeline._name, _lastEnd, forward: true);
            }

            while (end == _segment.End && _k + 1 < SegmentCount)
            {
                var next = _timeline.GetSegment(_k + 1);
                if (next.Count == 0 || next.Entries[0].Start != next.Start)
                {
                    break;
                }

                _k++;
                _segment = next;
                _i = 1;
                end = next.Entries[0].End;
            }

            _lastEnd = end;
            return true;
        }
    }

    /// <summary>
    /// Walks the maximal open intervals backward from an instant, joining the pieces cut at segment boundaries; it
    /// yields each interval unclipped. With <c>inclusive</c> the first interval may hold the instant itself; without,
    /// only intervals that start before it. A gap of <see cref="CalendarErrors.HorizonNanoseconds"/> or more throws.
    /// </summary>
    internal struct BackwardCursor
    {
        private readonly CompiledTimeline _timeline;
        private Segment _segment;
        private int _k;
        private int _i;
        private long _lastStart;

        public BackwardCursor(CompiledTimeline timeline, long to, bool inclusive)
        {
            _timeline = timeline;
            _k = SegmentIndex(to);
            _segment = timeline.GetSegment(_k);
            _i = _segment.IndexAt(to);
            var start = _segment.Entries[_i].Start;
            if (_i >= _segment.Count || start > to || (start == to && !inclusive))
            {
                _i--;
            }

            _lastStart = to;
        }

        public bool MovePrevious(out long start, out long end)
        {
            while (_i < 0)
            {
                if (_k == 0)
                {
                    start = end = 0;
                    return false;
                }

                if (_lastStart - _segment.Start >= CalendarErrors.HorizonNanoseconds)
                {
                    throw CalendarErrors.NoOpenTime(_timeline._name, _lastStart, forward: false);
                }

                _segment = _timeline.GetSegment(--_k);
                _i = _segment.Count - 1;
            }

            ref readonly var entry = ref _segment.Entries[_i--];
            start = entry.Start;
            end = entry.End;
            if (_lastStart - end >= CalendarErrors.HorizonNanoseconds)
            {
                throw CalendarErrors.NoOpenTime(_timeline._name, _lastStart, forward: false);
            }

            while (start == _segment.Start && _k > 0)
            {
                var previous = _timeline.GetSegment(_k - 1);
                if (previous.Count == 0 || previous.Entries[previous.Count - 1].End != previous.End)
                {
                    break;
                }

                _k--;
                _segment = previous;
                _i = previous.Count - 2;
                start = previous.Entries[previous.Count - 1].Start;
            }

            _lastStart = start;
            return true;
        }
    }

    /// <summary>One entry of a segment: an open interval and the segment's open time up to its end.</summary>
    internal readonly struct Entry(long start, long end, long cumulativeEnd)
    {
        public readonly long Start = start;
        public readonly long End = end;
        public readonly long CumulativeEnd = cumulativeEnd;
    }

    /// <summary>The compiled open intervals of one segment, immutable once built.</summary>
    internal sealed class Segment
    {
        public Segment(long start, long end, List<(long Start, long End)> intervals)
        {
            Start = start;
            End = end;
            Count = intervals.Count;
            Entries = new Entry[Count + 1];
            long cumulative = 0;
            for (var i = 0; i < Count; i++)
            {
                cumulative += intervals[i].End - intervals[i].Start;
                Entries[i] = new Entry(intervals[i].Start, intervals[i].End, cumulative);
            }

            Total = cumulative;

            // The sentinel stops every scan: it starts and ends just after the segment, so it never ends at or before an
            // instant of the segment, and its cumulative time is the total. It must stay close to the segment: the scans
            // compute End - 1 - instant, which overflowed for instants before 1970 when the sentinel ended at long.MaxValue.
            Entries[Count] = new Entry(end + 1, end + 1, cumulative);
            FirstStart = Count != 0 ? Entries[0].Start : end;
            LastEnd = Count != 0 ? Entries[Count - 1].End : start;

            TimeBuckets = new int[TimeBucketsPerSegment + 1];
            var index = 0;
            for (var b = 0; b < TimeBuckets.Length; b++)
            {
                var bucketStart = start + ((long)b << TimeBucketShift);
                while (index < Count && Entries[index].End <= bucketStart)
                {
                    index++;
                }

                TimeBuckets[b] = index;
            }

            // Buckets of cumulative open time, about as many as there are intervals.
            CumulativeShift = Count == 0 ? 0 : BitOperations.Log2((ulong)Math.Max(1, Total / Count));
            CumulativeBuckets = new int[(int)(Total >> CumulativeShift) + 2];
            index = 0;
            for (var b = 0; b < CumulativeBuckets.Length; b++)
            {
                var reached = (long)b << CumulativeShift;
                while (index < Count && Entries[index].CumulativeEnd < reached)
                {
                    index++;
                }

                CumulativeBuckets[b] = index;
            }
        }

        public long Start { get; }

        public long End { get; }

        public int Count { get; }

        public long Total { get; }

        public long FirstStart { get; }

        public long LastEnd { get; }

        public Entry[] Entries { get; }

        public int[] TimeBuckets { get; }

        public int[] CumulativeBuckets { get; }

        public int CumulativeShift { get; }

        /// <summary>Returns the index of the first interval that ends after the instant (the sentinel when none).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public int IndexAt(long instant)
        {
            var entries = Entries;
            var i = TimeBuckets[(int)((ulong)(instant - Start) >> TimeBucketShift)];

            // A bucket rarely holds more than one interval end: take the first step without a branch (the sign bit
            // of End - 1 - instant is set exactly when End <= instant), then loop for the rare rest.
            i += (int)((ulong)(entries[i].End - 1 - instant) >> 63);
            while (entries[i].End <= instant)
            {
                i++;
            }

            return i;
        }

        /// <summary>Returns the segment's open time before an instant of the segment.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public long Cumulative(long instant)
        {
            ref readonly var entry = ref Entries[IndexAt(instant)];
            return entry.CumulativeEnd - entry.End + Math.Max(instant, entry.Start);
        }

        /// <summary>Returns the earliest instant at which the segment's open time reaches <paramref name="target"/> (0 &lt; target ≤ total).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public long InstantReaching(long target)
        {
            var entries = Entries;
            var i = CumulativeBuckets[(int)(target >> CumulativeShift)];
            i += (int)((ulong)(entries[i].CumulativeEnd - target) >> 63);
            while (entries[i].CumulativeEnd < target)
            {
                i++;
            }

            return entries[i].End - (entries[i].CumulativeEnd - target);
        }

        /// <summary>Returns the latest instant at which the segment's open time is <paramref name="target"/> (0 ≤ target &lt; total).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public long InstantLeaving(long target)
        {
            var entries = Entries;
            var i = CumulativeBuckets[(int)(target >> CumulativeShift)];
            i += (int)((ulong)(entries[i].CumulativeEnd - 1 - target) >> 63);
            while (entries[i].CumulativeEnd <= target)
            {
                i++;
            }

            return entries[i].End - (entries[i].CumulativeEnd - target);
        }
    }
}
