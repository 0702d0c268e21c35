using NodaTime;

namespace CustomerService.Core.Calendars;

/// <summary>
/// The reference implementation of business time: it walks the timeline one day at a time, computing each day's
/// open intervals afresh. Slow but plainly correct; it is the oracle of the property tests and the benchmarks'
/// baseline. Arguments are nanoseconds since the Unix epoch, already checked against the supported range.
/// </summary>
internal sealed class DayWalkBusinessTime
{
    private const long Day = OpenSet.NanosecondsPerDay;

    // The walk looks at open time up to one nanosecond past the last supported instant, so that instant is answered
    // like any other; a result past it is out of range.
    private static readonly long Limit = CalendarErrors.MaxNanoseconds + 1;
    private readonly string _name;
    private readonly CalendarDefinition _definition;

    public DayWalkBusinessTime(string name, CalendarDefinition definition)
    {
        _name = name;
        _definition = definition;
    }

    public bool IsOpen(long instant) => Window(instant, instant + 1).Count != 0;

    public Duration Between(long from, long to)
    {
        if (to < from)
        {
            return -Between(to, from);
        }

        // Unsigned: over the whole supported range (300 years) the total can pass long.MaxValue (about 292 years).
        ulong total = 0;
        for (long current = from, next; current < to; current = next)
        {
            next = Math.Min(to, current + Day);
            foreach (var (start, end) in Window(current, next))
            {
                total += (ulong)(end - start);
            }
        }

        return CalendarErrors.ToDuration(total);
    }

    public long Add(long start, ulong amount, string paramName)
    {
        if (amount == 0)
        {
            return start;
        }

        var remaining = amount;
        long current = start, lastEnd = start;
        while (true)
        {
            if (current >= Limit)
            {
                throw CalendarErrors.ResultOutsideRange(paramName, forward: true);
            }

            var next = Math.Min(current + Day, Limit);
            foreach (var (s, e) in Window(current, next))
            {
                if (s - lastEnd >= CalendarErrors.HorizonNanoseconds)
                {
                    throw CalendarErrors.NoOpenTime(_name, lastEnd, forward: true);
                }

                var length = (ulong)(e - s);
                if (remaining <= length)
                {
                    var due = s + (long)remaining;
                    return due <= CalendarErrors.MaxNanoseconds ? due : throw CalendarErrors.ResultOutsideRange(paramName, forward: true);
                }

                remaining -= length;
                lastEnd = e;
            }

            current = next;
            if (current - lastEnd >= CalendarErrors.HorizonNanoseconds)
            {
                throw CalendarErrors.NoOpenTime(_name, lastEnd, forward: true);
            }
        }
    }

    public long Subtract(long end, ulong amount, string paramName)
    {
        if (amount == 0)
        {
            return end;
        }

        var remaining = amount;
        long current = end, firstStart = end;
        while (true)
        {
            if (current <= CalendarErrors.MinNanoseconds)
            {
                throw CalendarErrors.ResultOutsideRange(paramName, forward: false);
            }

            var previous = Math.Max(current - Day, CalendarErrors.MinNanoseconds);
            var window = Window(previous, current);
            for (var i = window.Count - 1; i >= 0; i--)
            {
                var (s, e) = window[i];
                if (firstStart - e >= CalendarErrors.HorizonNanoseconds)
                {
                    throw CalendarErrors.NoOpenTime(_name, firstStart, forward: false);
                }

                var length = (ulong)(e - s);
                if (remaining <= length)
                {
                    return e - (long)remaining;
                }

                remaining -= length;
                firstStart = s;
            }

            current = previous;
            if (firstStart - current >= CalendarErrors.HorizonNanoseconds)
            {
                throw CalendarErrors.NoOpenTime(_name, firstStart, forward: false);
            }
        }
    }

    public long NextOpening(long instant, string paramName)
    {
        for (var current = instant; ;)
        {
            if (current >= Limit)
            {
                throw CalendarErrors.ResultOutsideRange(paramName, forward: true);
            }

            var next = Math.Min(current + Day, Limit);
            var window = Window(current, next);
            if (window.Count != 0)
            {
                if (window[0].Start - instant >= CalendarErrors.HorizonNanoseconds)
                {
                    throw CalendarErrors.NoOpenTime(_name, instant, forward: true);
                }

                return window[0].Start;
            }

            current = next;
            if (current - instant >= CalendarErrors.HorizonNanoseconds)
            {
                throw CalendarErrors.NoOpenTime(_name, instant, forward: true);
            }
        }
    }

    public List<(long Start, long End)> Window(long from, long to)
    {
        var list = new List<(long Start, long End)>();
        _definition.Collect(from, to, list);
        return list;
    }
}
