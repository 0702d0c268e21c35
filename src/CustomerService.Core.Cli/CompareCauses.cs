using CustomerService.Core.Calendars;
using NodaTime;

namespace CustomerService.Core.Cli;

/// <summary>
/// Names the likely cause of a disagreement between our answer and another system's, first match wins:
/// <list type="number">
/// <item><c>closing time vs next opening</c> (due only): no business time lies between the two answers — one system
/// answers a closing time, the other the next opening (or the same instant written differently).</item>
/// <item><c>DST day</c>: the zone changes its offset between the start and the later of the answers (or the end).</item>
/// <item><c>holiday</c>: a holiday, or a date with hours of its own, lies in that range of local dates.</item>
/// <item><c>make-up day</c>: a make-up working day (open although its weekday is closed) lies in that range.</item>
/// <item><c>overnight range</c>: the calendar is open at a local midnight in that range (a range past midnight).</item>
/// <item><c>other</c>: none of these.</item>
/// </list>
/// </summary>
/// <remarks>Thread safety: stateless apart from the immutable calendar file; safe on any thread.</remarks>
internal static class CompareCauses
{
    public const int ClosingVsNextOpening = 0;
    public const int DstDay = 1;
    public const int Holiday = 2;
    public const int MakeUpDay = 3;
    public const int Overnight = 4;
    public const int Other = 5;
    public const int Count = 6;

    /// <summary>The index in a tally of the number of rows compared (the causes come first).</summary>
    public const int Compared = Count;

    public static readonly string[] Names = ["closing time vs next opening", "DST day", "holiday", "make-up day", "overnight range", "other"];

    public static int Classify(CalendarFile file, Instant from, Instant to, bool noBusinessTimeBetweenAnswers)
    {
        if (noBusinessTimeBetweenAnswers)
        {
            return ClosingVsNextOpening;
        }

        if (to < from)
        {
            (from, to) = (to, from);
        }

        var calendar = file.Calendar;
        var zone = calendar.Zone;
        var interval = zone.GetZoneInterval(from);
        if (interval.HasEnd && interval.End <= to)
        {
            return DstDay;
        }

        var first = from.InZone(zone).Date;
        var last = to.InZone(zone).Date;
        if (AnyIn(file.Holidays, first, last))
        {
            return Holiday;
        }

        if (AnyIn(file.MakeUpDays, first, last))
        {
            return MakeUpDay;
        }

        if (file.HasOvernightRanges)
        {
            for (var date = first.PlusDays(1); date <= last; date = date.PlusDays(1))
            {
                var midnight = date.AtStartOfDayInZone(zone).ToInstant();
                if (midnight >= BusinessCalendar.MinSupportedInstant && midnight <= BusinessCalendar.MaxSupportedInstant && calendar.IsOpen(midnight))
                {
                    return Overnight;
                }
            }
        }

        return Other;
    }

    private static bool AnyIn(IReadOnlySet<LocalDate> dates, LocalDate first, LocalDate last)
    {
        if (dates.Count == 0)
        {
            return false;
        }

        if (Period.Between(first, last, PeriodUnits.Days).Days > dates.Count)
        {
            return dates.Any(d => d >= first && d <= last);
        }

        for (var date = first; date <= last; date = date.PlusDays(1))
        {
            if (dates.Contains(date))
            {
                return true;
            }
        }

        return false;
    }
}
