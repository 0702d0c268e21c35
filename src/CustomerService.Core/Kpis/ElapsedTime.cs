using System.Globalization;
using NodaTime;

namespace CustomerService.Core.Kpis;

/// <summary>Computes the elapsed time a speed KPI measures (first response time, resolution time) between two instants.</summary>
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
}
