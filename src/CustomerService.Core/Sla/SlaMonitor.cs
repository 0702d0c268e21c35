using System.Globalization;
using NodaTime;

namespace CustomerService.Core.Sla;

/// <summary>Scans many SLA clocks at once for those that need attention (breached or past a warning threshold) and the next instant anything changes.</summary>
/// <remarks>
/// The scan makes one pass, calls no calendar and allocates nothing per clock: each clock already knows the instants of its
/// warnings and its breach, so the scan only compares instants. A host typically runs it on a timer and re-arms the timer
/// at <see cref="SlaScanResult.NextChangeAt"/>.
/// </remarks>
/// <threadsafety>This type is stateless and thread-safe.</threadsafety>
public static class SlaMonitor
{
    /// <summary>Finds the active clocks that are breached or past at least one warning threshold at an instant.</summary>
    /// <param name="clocks">The clocks to scan.</param>
    /// <param name="now">The instant to scan at.</param>
    /// <param name="attention">
    /// A buffer that receives, in order, the indexes into <paramref name="clocks"/> of the clocks that need attention; when it
    /// is too small the scan goes on counting and <see cref="SlaScanResult.Written"/> is less than <see cref="SlaScanResult.Matched"/>.
    /// </param>
    /// <returns>How many clocks need attention, how many indexes were written, and the earliest next-change instant over all clocks.</returns>
    /// <remarks>
    /// Any instant is accepted, also outside the calendars' supported range: the scan only compares it with the clocks' instants.
    /// Active clocks are the running and paused ones; clocks that were met (even late) or cancelled need no attention and are
    /// skipped, as are clocks started after <paramref name="now"/>. A clock whose last event is after <paramref name="now"/>
    /// is judged from its events up to <paramref name="now"/>, which allocates for that clock.
    /// </remarks>
    /// <exception cref="ArgumentException">Thrown when an element of <paramref name="clocks"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when a clock whose last event is after <paramref name="now"/> would, judged from its events up to <paramref name="now"/>, fall due after the supported range (only clocks near 2200).</exception>
    /// <exception cref="Calendars.CalendarConfigurationException">Thrown when a clock whose last event is after <paramref name="now"/> needs, judged from its events up to <paramref name="now"/>, open time its calendar does not have within the search horizon.</exception>
    public static SlaScanResult Scan(ReadOnlySpan<SlaClock> clocks, Instant now, Span<int> attention)
    {
        var written = 0;
        var matched = 0;
        var breached = 0;
        var hasNext = false;
        var next = default(Instant);
        for (var i = 0; i < clocks.Length; i++)
        {
            var clock = clocks[i] ?? throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"The clock at index {i} is null; every element must be a clock."), nameof(clocks));
            var reached = clock.Classify(now, out var active, out var clockNext, out var clockHasNext);
            if (clockHasNext && (!hasNext || clockNext < next))
            {
                next = clockNext;
                hasNext = true;
            }

            if (!active || reached == 0)
            {
                continue;
            }

            matched++;
            if (reached == clock.MilestoneCount)
            {
                breached++;
            }

            if (written < attention.Length)
            {
                attention[written++] = i;
            }
        }

        return new SlaScanResult(clocks.Length, matched, written, breached, hasNext ? next : null);
    }
}
