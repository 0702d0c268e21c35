using NodaTime;

namespace CustomerService.Core.Calendars;

/// <summary>
/// Computes a calendar's open set as instant intervals, exactly as the semantics define it: a range <c>[s, e)</c> of
/// date <c>D</c> is open at the instants whose local date-time lies in <c>[D + s, D' + e)</c>, computed per zone
/// interval (constant offset) and united. Instants are nanoseconds since the Unix epoch.
/// </summary>
internal static class OpenSet
{
    internal const long NanosecondsPerDay = LocalRange.NanosecondsPerDay;

    /// <summary>Converts an instant to nanoseconds since the Unix epoch.</summary>
    public static long ToNanoseconds(Instant instant) => (instant - NodaConstants.UnixEpoch).ToInt64Nanoseconds();

    /// <summary>Converts nanoseconds since the Unix epoch to an instant.</summary>
    public static Instant ToInstant(long nanoseconds) => NodaConstants.UnixEpoch + Duration.FromNanoseconds(nanoseconds);

    /// <summary>
    /// Appends to <paramref name="output"/> the open set within <c>[from, to)</c> as sorted, disjoint, non-touching
    /// intervals (touching and overlapping pieces are merged).
    /// </summary>
    public static void Collect(CalendarSchedule schedule, DateTimeZone zone, long from, long to, List<(long Start, long End)> output)
    {
        if (from >= to)
        {
            return;
        }

        // An instant's local date differs from its UTC date by less than a day; a range reaches at most into the
        // next date. So dates from two before the first local date to one after the last cover the window.
        var firstDate = ToInstant(from).InZone(zone).Date.PlusDays(-2);
        var lastDate = ToInstant(to).InZone(zone).Date.PlusDays(1);
        var firstDateNanoseconds = ToNanoseconds(firstDate.AtMidnight().InUtc().ToInstant());
        var dayCount = Period.Between(firstDate, lastDate, PeriodUnits.Days).Days + 1;

        var zoneIntervals = zone.GetZoneIntervals(new Interval(
            ToInstant(firstDateNanoseconds - (2 * NanosecondsPerDay)),
            ToInstant(firstDateNanoseconds + ((dayCount + 3L) * NanosecondsPerDay)))).ToArray();

        var pieces = new List<(long Start, long End)>();
        var date = firstDate;
        for (var day = 0; day < dayCount; day++, date = date.PlusDays(1))
        {
            var dateNanoseconds = firstDateNanoseconds + (day * NanosecondsPerDay);
            foreach (var range in schedule.RangesFor(date))
            {
                var localStart = dateNanoseconds + range.StartNanoseconds;
                var localEnd = dateNanoseconds + range.EndNanoseconds;
                foreach (var zoneInterval in zoneIntervals)
                {
                    var offset = zoneInterval.WallOffset.Nanoseconds;
                    var zoneStart = zoneInterval.HasStart ? ToNanoseconds(zoneInterval.Start) : long.MinValue;
                    var zoneEnd = zoneInterval.HasEnd ? ToNanoseconds(zoneInterval.End) : long.MaxValue;
                    var start = Math.Max(Math.Max(localStart - offset, zoneStart), from);
                    var end = Math.Min(Math.Min(localEnd - offset, zoneEnd), to);
                    if (start < end)
                    {
                        pieces.Add((start, end));
                    }
                }
            }
        }

        pieces.Sort((x, y) => x.Start.CompareTo(y.Start));
        var count = output.Count;
        foreach (var piece in pieces)
        {
            if (output.Count > count && piece.Start <= output[^1].End)
            {
                if (piece.End > output[^1].End)
                {
                    output[^1] = (output[^1].Start, piece.End);
                }
            }
            else
            {
                output.Add(piece);
            }
        }
    }

    /// <summary>
    /// Appends the instants at which a date's own ranges are open (its override, else its weekly ranges) as sorted,
    /// disjoint intervals: the same per-zone-interval computation as <see cref="Collect"/>, for one date and unclipped.
    /// </summary>
    public static void DateIntervals(CalendarSchedule schedule, DateTimeZone zone, LocalDate date, List<(long Start, long End)> output)
    {
        var ranges = schedule.RangesFor(date);
        if (ranges.Length == 0)
        {
            return;
        }

        var dateNanoseconds = ToNanoseconds(date.AtMidnight().InUtc().ToInstant());
        var zoneIntervals = zone.GetZoneIntervals(new Interval(
            ToInstant(dateNanoseconds - (2 * NanosecondsPerDay)),
            ToInstant(dateNanoseconds + (4 * NanosecondsPerDay))));
        var pieces = new List<(long Start, long End)>();
        foreach (var range in ranges)
        {
            var localStart = dateNanoseconds + range.StartNanoseconds;
            var localEnd = dateNanoseconds + range.EndNanoseconds;
            foreach (var zoneInterval in zoneIntervals)
            {
                var offset = zoneInterval.WallOffset.Nanoseconds;
                var zoneStart = zoneInterval.HasStart ? ToNanoseconds(zoneInterval.Start) : long.MinValue;
                var zoneEnd = zoneInterval.HasEnd ? ToNanoseconds(zoneInterval.End) : long.MaxValue;
                var start = Math.Max(localStart - offset, zoneStart);
                var end = Math.Min(localEnd - offset, zoneEnd);
                if (start < end)
                {
                    pieces.Add((start, end));
                }
            }
        }

        pieces.Sort((x, y) => x.Start.CompareTo(y.Start));
        var count = output.Count;
        foreach (var piece in pieces)
        {
            if (output.Count > count && piece.Start <= output[^1].End)
            {
                output[^1] = (output[^1].Start, Math.Max(output[^1].End, piece.End));
            }
            else
            {
                output.Add(piece);
            }
        }
    }

    /// <summary>
    /// Returns whether a date's own ranges hold any open instant: a range whose local start exists is open at once; a
    /// range that starts in a spring-forward gap is open only if it ends after the gap.
    /// </summary>
    public static bool HasOwnOpenTime(CalendarSchedule schedule, DateTimeZone zone, LocalDate date)
    {
        var ranges = schedule.RangesFor(date);
        foreach (var range in ranges)
        {
            var start = date.AtMidnight().PlusNanoseconds(range.StartNanoseconds);
            var mapping = zone.MapLocal(start);
            if (mapping.Count != 0)
            {
                return true;
            }

            var gapEnd = mapping.LateInterval.Start.WithOffset(mapping.LateInterval.WallOffset).LocalDateTime;
            if (date.AtMidnight().PlusNanoseconds(range.EndNanoseconds) > gapEnd)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Decides membership straight from the definition: the instant's local date-time lies in a range of its own
    /// local date or in an overnight range of the date before.
    /// </summary>
    public static bool ContainsByDefinition(CalendarSchedule schedule, DateTimeZone zone, Instant instant)
    {
        var local = instant.InZone(zone).LocalDateTime;
        var nanosecondOfDay = local.TimeOfDay.NanosecondOfDay;
        foreach (var range in schedule.RangesFor(local.Date))
        {
            if (range.StartNanoseconds <= nanosecondOfDay && nanosecondOfDay < range.EndNanoseconds)
            {
                return true;
            }
        }

        foreach (var range in schedule.RangesFor(local.Date.PlusDays(-1)))
        {
            var sinceYesterday = nanosecondOfDay + NanosecondsPerDay;
            if (range.StartNanoseconds <= sinceYesterday && sinceYesterday < range.EndNanoseconds)
            {
                return true;
            }
        }

        return false;
    }
}
