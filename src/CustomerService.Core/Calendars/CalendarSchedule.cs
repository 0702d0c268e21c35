using NodaTime;

namespace CustomerService.Core.Calendars;

/// <summary>
/// The immutable configuration of a calendar — weekly ranges and breaks, holidays, dates open with their own ranges,
/// dated breaks and the precedence between a holiday and an opening of one date — and, compiled from it once, the open
/// spans of each date with the breaks already cut out, which is all the open set (and so the compiled timeline) reads.
/// </summary>
internal sealed class CalendarSchedule
{
    private readonly OpenSpan[][] _weeklySpans;
    private readonly Dictionary<LocalDate, OpenSpan[]> _dateSpans;

    public CalendarSchedule(
        LocalRange[][] weekly,
        LocalRange[][] weeklyBreaks,
        Dictionary<LocalDate, LocalRange[]> openDates,
        HashSet<LocalDate> holidays,
        Dictionary<LocalDate, LocalRange[]> datedBreaks,
        DatePrecedence precedence)
    {
        Weekly = weekly;
        WeeklyBreaks = weeklyBreaks;
        OpenDates = openDates;
        Holidays = holidays;
        DatedBreaks = datedBreaks;
        Precedence = precedence;

        _weeklySpans = new OpenSpan[weekly.Length][];
        for (var day = 0; day < weekly.Length; day++)
        {
            _weeklySpans[day] = Cut(weekly[day], weeklyBreaks[day], []);
        }

        _dateSpans = [];
        foreach (var date in holidays)
        {
            if (IsHoliday(date))
            {
                _dateSpans[date] = [];
            }
        }

        foreach (var (date, ranges) in openDates)
        {
            if (!_dateSpans.ContainsKey(date))
            {
                _dateSpans[date] = Cut(ranges, [], datedBreaks.GetValueOrDefault(date, []));
            }
        }

        foreach (var (date, breaks) in datedBreaks)
        {
            if (!_dateSpans.ContainsKey(date))
            {
                var day = (int)date.DayOfWeek;
                _dateSpans[date] = Cut(weekly[day], weeklyBreaks[day], breaks);
            }
        }
    }

    /// <summary>Gets the weekly ranges, indexed by <see cref="IsoDayOfWeek"/> (index 0 unused), sorted by start.</summary>
    public LocalRange[][] Weekly { get; }

    /// <summary>Gets the weekly breaks, indexed by <see cref="IsoDayOfWeek"/>, sorted by start.</summary>
    public LocalRange[][] WeeklyBreaks { get; }

    /// <summary>Gets the dates opened with their own ranges (sorted by start), holidays among them included.</summary>
    public Dictionary<LocalDate, LocalRange[]> OpenDates { get; }

    /// <summary>Gets the dates closed all day, openings among them included.</summary>
    public HashSet<LocalDate> Holidays { get; }

    /// <summary>Gets the dated breaks, sorted by start.</summary>
    public Dictionary<LocalDate, LocalRange[]> DatedBreaks { get; }

    /// <summary>Gets which of a holiday and an opening of the same date wins.</summary>
    public DatePrecedence Precedence { get; }

    /// <summary>Returns the open spans that belong to a date, breaks cut out: its override when it has one, else its weekly ones.</summary>
    public OpenSpan[] RangesFor(LocalDate date) =>
        _dateSpans.Count != 0 && _dateSpans.TryGetValue(date, out var spans) ? spans : _weeklySpans[(int)date.DayOfWeek];

    /// <summary>Returns whether a date is closed all day by a holiday (taking the precedence into account).</summary>
    public bool IsHoliday(LocalDate date) =>
        Holidays.Contains(date) && (Precedence == DatePrecedence.HolidayWins || !OpenDates.ContainsKey(date));

    /// <summary>Returns whether a date is opened with its own ranges (taking the precedence into account).</summary>
    public bool HasOwnRanges(LocalDate date) => OpenDates.ContainsKey(date) && !IsHoliday(date);

    /// <summary>Returns a date's ranges before its breaks are cut out: none on a holiday, its own ranges, or the weekly ones.</summary>
    public LocalRange[] RangesBeforeBreaks(LocalDate date) =>
        IsHoliday(date) ? [] : OpenDates.TryGetValue(date, out var ranges) ? ranges : Weekly[(int)date.DayOfWeek];

    /// <summary>Returns whether one of a date's breaks (weekly unless the date has an override, and dated) covers a time of day.</summary>
    public bool BreakCovers(LocalDate date, long nanosecondOfDay)
    {
        var weeklyApplies = !IsHoliday(date) && !OpenDates.ContainsKey(date);
        return (weeklyApplies && Covers(WeeklyBreaks[(int)date.DayOfWeek], nanosecondOfDay))
            || (DatedBreaks.TryGetValue(date, out var breaks) && Covers(breaks, nanosecondOfDay));
    }

    /// <summary>
    /// Cuts the breaks out of ranges. A break is a time of day: it cuts a range wherever the range passes that time,
    /// on the range's own date or, for an overnight range, on the next morning.
    /// </summary>
    private static OpenSpan[] Cut(LocalRange[] ranges, LocalRange[] weeklyBreaks, LocalRange[] datedBreaks)
    {
        var spans = new List<OpenSpan>(ranges.Length);
        foreach (var range in ranges)
        {
            spans.Add(new OpenSpan(range.StartNanoseconds, range.EndNanoseconds));
        }

        foreach (var cut in weeklyBreaks.Concat(datedBreaks))
        {
            for (var shift = -1; shift <= 1; shift++)
            {
                var from = cut.StartNanoseconds + (shift * OpenSet.NanosecondsPerDay);
                var to = cut.EndNanoseconds + (shift * OpenSet.NanosecondsPerDay);
                for (var i = spans.Count - 1; i >= 0; i--)
                {
                    var span = spans[i];
                    if (from >= span.EndNanoseconds || to <= span.StartNanoseconds)
                    {
                        continue;
                    }

                    spans.RemoveAt(i);
                    if (to < span.EndNanoseconds)
                    {
                        spans.Insert(i, new OpenSpan(to, span.EndNanoseconds));
                    }

                    if (from > span.StartNanoseconds)
                    {
                        spans.Insert(i, new OpenSpan(span.StartNanoseconds, from));
                    }
                }
            }
        }

        return [.. spans];
    }

    private static bool Covers(LocalRange[] breaks, long nanosecondOfDay)
    {
        foreach (var cut in breaks)
        {
            for (var shift = -1; shift <= 1; shift++)
            {
                var time = nanosecondOfDay + (shift * OpenSet.NanosecondsPerDay);
                if (cut.StartNanoseconds <= time && time < cut.EndNanoseconds)
                {
                    return true;
                }
            }
        }

        return false;
    }
}

/// <summary>One open span of a date's schedule, <c>[Start, End)</c> in nanoseconds after the date's local midnight (up to two days).</summary>
internal readonly record struct OpenSpan(long StartNanoseconds, long EndNanoseconds);
