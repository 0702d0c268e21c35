using System.Globalization;
using CustomerService.Core.Calendars;
using NodaTime;

namespace CustomerService.Core.Kpis;

/// <summary>Computes the elapsed time a speed KPI measures (first response time, resolution time) between two instants, in calendar time or in business time.</summary>
/// <remarks>
/// Calendar time is wall-clock time (<c>to − from</c>). Business time counts only the calendar's open hours
/// (<see cref="BusinessCalendar.BusinessTimeBetween(Instant, Instant)"/>): a ticket opened at 17:30 on Friday and
/// answered at 09:30 on Monday, with 09:00–18:00 weekday hours, took 64 hours of calendar time but 1 hour of business
/// time. Feed either into a <see cref="DurationAccumulator"/> for mean, median and percentiles.
/// </remarks>
/// <threadsafety>This type is stateless and thread-safe.</threadsafety>
public static class ElapsedTime
{
    /// <summary>Gets the calendar (wall-clock) time from <paramref name="from"/> to <paramref name="to"/>: <c>to − from</c>.</summary>
    /// <param name="from">When the clock started (for example the ticket's creation).</param>
    /// <param name="to">When the clock stopped (for example the first agent reply); not before <paramref name="from"/>.</param>
    /// <returns>The elapsed calendar time.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when <paramref name="to"/> is before <paramref name="from"/>.</exception>
    public static Duration Calendar(Instant from, Instant to)
    {
        if (to < from)
        {
            throw new ArgumentOutOfRangeException(nameof(to), to, string.Create(CultureInfo.InvariantCulture, $"The end {to} is before the start {from}; the allowed range is at or after the start."));
        }

        return to - from;
    }

    /// <summary>Gets the business time from <paramref name="from"/> to <paramref name="to"/>: the open time of <paramref name="calendar"/> within [from, to).</summary>
    /// <param name="calendar">The business calendar whose open hours count.</param>
    /// <param name="from">When the clock started.</param>
    /// <param name="to">When the clock stopped; not before <paramref name="from"/>.</param>
    /// <returns>The elapsed business time.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="calendar"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when <paramref name="to"/> is before <paramref name="from"/>, or an instant is outside the calendar's supported range.</exception>
    public static Duration Business(BusinessCalendar calendar, Instant from, Instant to)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        if (to < from)
        {
            throw new ArgumentOutOfRangeException(nameof(to), to, string.Create(CultureInfo.InvariantCulture, $"The end {to} is before the start {from}; the allowed range is at or after the start."));
        }

        return calendar.BusinessTimeBetween(from, to);
    }
}
