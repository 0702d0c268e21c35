using NodaTime;

namespace CustomerService.Core.Calendars;

/// <summary>
/// What a calendar's open set is, by definition: the source the compiled timeline, the business-day index and the
/// day-walking reference all read. A plain calendar is defined by its schedule; a composed calendar by a set operation
/// on two calendars' definitions; a versioned calendar by its versions' definitions, each on its own period. Every
/// answer is computed afresh from the configuration (never from a compiled timeline), so the compiled timeline can be
/// checked against it. Instants are nanoseconds since the Unix epoch.
/// </summary>
internal abstract class CalendarDefinition
{
    /// <summary>Gets the zone in which the calendar's local dates are read.</summary>
    public abstract DateTimeZone Zone { get; }

    /// <summary>
    /// Appends to <paramref name="output"/> the open set within <c>[from, to)</c> as sorted, disjoint, non-touching
    /// intervals.
    /// </summary>
    public abstract void Collect(long from, long to, List<(long Start, long End)> output);

    /// <summary>Returns whether a date is a business day.</summary>
    public abstract bool HasOwnOpenTime(LocalDate date);

    /// <summary>Appends a date's open intervals, sorted and disjoint.</summary>
    public abstract void DateIntervals(LocalDate date, List<(long Start, long End)> output);

    /// <summary>Decides membership of one instant straight from the definition.</summary>
    public abstract bool Contains(Instant instant);

    /// <summary>Explains why the calendar is closed at an instant it is closed at.</summary>
    public abstract ClosedReason WhyClosed(Instant instant);

    /// <summary>Appends an interval to sorted output, joining it with the last interval appended since <paramref name="first"/> when they touch or overlap.</summary>
    public static void Append(List<(long Start, long End)> output, int first, long start, long end)
    {
        if (output.Count > first && start <= output[^1].End)
        {
            if (end > output[^1].End)
            {
                output[^1] = (output[^1].Start, end);
            }
        }
        else
        {
            output.Add((start, end));
        }
    }
}

/// <summary>A plain calendar's definition: its schedule read in its zone (<see cref="OpenSet"/>).</summary>
internal sealed class ScheduleDefinition(CalendarSchedule schedule, DateTimeZone zone) : CalendarDefinition
{
    public CalendarSchedule Schedule { get; } = schedule;

    public override DateTimeZone Zone { get; } = zone;

    public override void Collect(long from, long to, List<(long Start, long End)> output) => OpenSet.Collect(Schedule, Zone, from, to, output);

    public override bool HasOwnOpenTime(LocalDate date) => OpenSet.HasOwnOpenTime(Schedule, Zone, date);

    public override void DateIntervals(LocalDate date, List<(long Start, long End)> output) => OpenSet.DateIntervals(Schedule, Zone, date, output);

    public override bool Contains(Instant instant) => OpenSet.ContainsByDefinition(Schedule, Zone, instant);

    public override ClosedReason WhyClosed(Instant instant)
    {
        var local = instant.InZone(Zone).LocalDateTime;
        var date = local.Date;
        var yesterday = date.PlusDays(-1);
        var time = local.TimeOfDay.NanosecondOfDay;
        var sinceYesterday = time + OpenSet.NanosecondsPerDay;
        if (Schedule.IsHoliday(date))
        {
            return ClosedReason.Holiday;
        }

        if (Holds(Schedule.RangesBeforeBreaks(date), time) || Holds(Schedule.RangesBeforeBreaks(yesterday), sinceYesterday))
        {
            return ClosedReason.Break;
        }

        if (Holds(Schedule.Weekly[(int)yesterday.DayOfWeek], sinceYesterday) && Schedule.IsHoliday(yesterday))
        {
            return ClosedReason.Holiday;
        }

        return Holds(Schedule.Weekly[(int)date.DayOfWeek], time) || Holds(Schedule.Weekly[(int)yesterday.DayOfWeek], sinceYesterday)
            ? ClosedReason.DateOverride
            : ClosedReason.OutsideWeeklyHours;

        static bool Holds(LocalRange[] ranges, long sinceMidnight)
        {
            foreach (var range in ranges)
            {
                if (range.StartNanoseconds <= sinceMidnight && sinceMidnight < range.EndNanoseconds)
                {
                    return true;
                }
            }

            return false;
        }
    }
}
