using System.Globalization;
using CustomerService.Core.Calendars;
using NodaTime;

namespace CustomerService.Core.Sla;

/// <summary>
/// A stable version string for a business calendar that has no version tag: a hash of its zone and of its open
/// intervals over a fixed window, so two calendars with the same open hours in that window get the same version.
/// </summary>
internal static class SlaCalendarFingerprint
{
    /// <summary>The start of the fingerprint window (inclusive).</summary>
    public static readonly Instant WindowStart = Instant.FromUtc(2000, 1, 1, 0, 0);

    /// <summary>The end of the fingerprint window (exclusive).</summary>
    public static readonly Instant WindowEnd = Instant.FromUtc(2060, 1, 1, 0, 0);

    private const ulong FnvOffset = 14695981039346656037UL;
    private const ulong FnvPrime = 1099511628211UL;

    public static string Compute(BusinessCalendar calendar)
    {
        var hash = FnvOffset;
        foreach (var c in calendar.Zone.Id)
        {
            hash = Mix(hash, c);
        }

        // One year at a time keeps each answer small.
        for (var year = 2000; year < 2060; year++)
        {
            var start = Instant.FromUtc(year, 1, 1, 0, 0);
            var end = Instant.FromUtc(year + 1, 1, 1, 0, 0);
            foreach (var open in calendar.OpenIntervals(new Interval(start, end)))
            {
                hash = Mix(hash, (ulong)open.Start.ToUnixTimeTicks());
                hash = Mix(hash, (ulong)open.End.ToUnixTimeTicks());
            }
        }

        return "fp:" + hash.ToString("x16", CultureInfo.InvariantCulture);
    }

    private static ulong Mix(ulong hash, ulong value)
    {
        for (var i = 0; i < 8; i++)
        {
            hash ^= (byte)(value >> (8 * i));
            hash *= FnvPrime;
        }

        return hash;
    }
}
