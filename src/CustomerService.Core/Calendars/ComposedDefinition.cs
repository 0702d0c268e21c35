using NodaTime;

namespace CustomerService.Core.Calendars;

/// <summary>The set operation of a composed calendar.</summary>
internal enum CompositionKind
{
    /// <summary>Open where both calendars are open.</summary>
    Intersection,

    /// <summary>Open where either calendar is open.</summary>
    Union,

    /// <summary>Open where the first calendar is open and the second is not.</summary>
    Difference,
}

/// <summary>
/// A composed calendar's definition: a set operation on the open sets of two calendars' definitions, computed interval
/// by interval (a linear merge of two sorted lists). Dates are read in <see cref="Zone"/>, the first calendar's zone:
/// a date is a business day when the composed open set meets the local day <c>[start of date, start of next date)</c>.
/// </summary>
internal sealed class ComposedDefinition(CompositionKind kind, CalendarDefinition first, CalendarDefinition second) : CalendarDefinition
{
    public CompositionKind Kind { get; } = kind;

    public override DateTimeZone Zone => first.Zone;

    public override void Collect(long from, long to, List<(long Start, long End)> output)
    {
        if (from >= to)
        {
            return;
        }

        var a = new List<(long Start, long End)>();
        var b = new List<(long Start, long End)>();
        first.Collect(from, to, a);
        second.Collect(from, to, b);
        Combine(Kind, a, b, output);
    }

    public override bool HasOwnOpenTime(LocalDate date)
    {
        var list = new List<(long Start, long End)>();
        DateIntervals(date, list);
        return list.Count != 0;
    }

    public override void DateIntervals(LocalDate date, List<(long Start, long End)> output)
    {
        var start = OpenSet.ToNanoseconds(Zone.AtStartOfDay(date).ToInstant());
        var end = OpenSet.ToNanoseconds(Zone.AtStartOfDay(date.PlusDays(1)).ToInstant());
        Collect(start, end, output);
    }

    public override bool Contains(Instant instant) => Kind switch
    {
        CompositionKind.Intersection => first.Contains(instant) && second.Contains(instant),
        CompositionKind.Union => first.Contains(instant) || second.Contains(instant),
        _ => first.Contains(instant) && !second.Contains(instant),
    };

    public override ClosedReason WhyClosed(Instant instant) => Kind switch
    {
        CompositionKind.Intersection => first.Contains(instant) ? second.WhyClosed(instant) : first.WhyClosed(instant),
        CompositionKind.Union => first.WhyClosed(instant),
        _ => first.Contains(instant) ? ClosedReason.Excluded : first.WhyClosed(instant),
    };

    /// <summary>Appends the set operation of two sorted, disjoint, non-touching interval lists to <paramref name="output"/>.</summary>
    public static void Combine(CompositionKind kind, List<(long Start, long End)> a, List<(long Start, long End)> b, List<(long Start, long End)> output)
    {
        var mark = output.Count;
        int i = 0, j = 0;
        switch (kind)
        {
            case CompositionKind.Intersection:
                while (i < a.Count && j < b.Count)
                {
                    var start = Math.Max(a[i].Start, b[j].Start);
                    var end = Math.Min(a[i].End, b[j].End);
                    if (start < end)
                    {
                        Append(output, mark, start, end);
                    }

                    if (a[i].End < b[j].End)
                    {
                        i++;
                    }
                    else
                    {
                        j++;
                    }
                }

                break;

            case CompositionKind.Union:
                while (i < a.Count || j < b.Count)
                {
                    var next = j >= b.Count || (i < a.Count && a[i].Start <= b[j].Start) ? a[i++] : b[j++];
                    Append(output, mark, next.Start, next.End);
                }

                break;

            default:
                foreach (var (start, end) in a)
                {
                    var current = start;
                    while (j < b.Count && b[j].End <= current)
                    {
                        j++;
                    }

                    for (var k = j; k < b.Count && b[k].Start < end && current < end; k++)
                    {
                        if (b[k].Start > current)
                        {
                            Append(output, mark, current, b[k].Start);
                        }

                        current = Math.Max(current, b[k].End);
                    }

                    if (current < end)
                    {
                        Append(output, mark, current, end);
                    }
                }

                break;
        }
    }
}

/// <summary>
/// A versioned calendar's definition: version <c>k</c> answers for the instants in <c>[Starts[k], Starts[k + 1])</c>,
/// where a version's start is the first instant of its effective date in <see cref="Zone"/> (the initial version starts
/// before every supported instant). Dates belong to the version in force on them.
/// </summary>
internal sealed class VersionedDefinition : CalendarDefinition
{
    private readonly long[] _starts;
    private readonly LocalDate[] _dates;
    private readonly CalendarDefinition[] _versions;

    public VersionedDefinition(DateTimeZone zone, LocalDate[] dates, CalendarDefinition[] versions)
    {
        Zone = zone;
        _dates = dates;
        _versions = versions;
        _starts = new long[dates.Length];
        _starts[0] = long.MinValue;
        for (var k = 1; k < dates.Length; k++)
        {
            _starts[k] = OpenSet.ToNanoseconds(zone.AtStartOfDay(dates[k]).ToInstant());
        }
    }

    public override DateTimeZone Zone { get; }

    public override void Collect(long from, long to, List<(long Start, long End)> output)
    {
        var mark = output.Count;
        var piece = new List<(long Start, long End)>();
        for (var k = 0; k < _versions.Length; k++)
        {
            var start = Math.Max(from, _starts[k]);
            var end = k + 1 < _versions.Length ? Math.Min(to, _starts[k + 1]) : to;
            if (start >= end)
            {
                continue;
            }

            piece.Clear();
            _versions[k].Collect(start, end, piece);
            foreach (var (s, e) in piece)
            {
                Append(output, mark, s, e);
            }
        }
    }

    public override bool HasOwnOpenTime(LocalDate date) => _versions[VersionOn(date)].HasOwnOpenTime(date);

    public override void DateIntervals(LocalDate date, List<(long Start, long End)> output)
    {
        var k = VersionOn(date);
        var piece = new List<(long Start, long End)>();
        _versions[k].DateIntervals(date, piece);
        var end = k + 1 < _versions.Length ? _starts[k + 1] : long.MaxValue;
        foreach (var (s, e) in piece)
        {
            var clippedStart = Math.Max(s, _starts[k]);
            var clippedEnd = Math.Min(e, end);
            if (clippedStart < clippedEnd)
            {
                Append(output, output.Count, clippedStart, clippedEnd);
            }
        }
    }

    public override bool Contains(Instant instant) => _versions[VersionAt(OpenSet.ToNanoseconds(instant))].Contains(instant);

    public override ClosedReason WhyClosed(Instant instant) => _versions[VersionAt(OpenSet.ToNanoseconds(instant))].WhyClosed(instant);

    private int VersionAt(long instant)
    {
        var k = _starts.Length - 1;
        while (_starts[k] > instant)
        {
            k--;
        }

        return k;
    }

    private int VersionOn(LocalDate date)
    {
        var k = _dates.Length - 1;
        while (k > 0 && _dates[k] > date)
        {
            k--;
        }

        return k;
    }
}
