using System.Globalization;
using NodaTime;
using NodaTime.Text;

namespace CustomerService.Core.DependencyInjection;

/// <summary>
/// The one duration syntax of every duration in the package's settings (ticket windows, callback retry intervals,
/// due-work and outbox delays, SLA targets, store timeouts, hosted-job intervals), documented once in
/// <c>docs/configuration.md</c>.
/// </summary>
/// <remarks>
/// Accepted, with surrounding spaces ignored:
/// <list type="bullet">
/// <item>units, largest first, each at most once, optionally separated by spaces: <c>d</c>, <c>h</c>, <c>m</c>, <c>s</c>,
/// <c>ms</c> with whole numbers (<c>8h</c>, <c>30m</c>, <c>1d 4h</c>, <c>1h30m</c>, <c>250ms</c>);</item>
/// <item>ISO-8601 durations without years or months, which have no fixed length (<c>PT8H</c>, <c>P1DT4H</c>, <c>PT0.5S</c>, <c>P1W</c>);</item>
/// <item>NodaTime's round-trip pattern <c>D:hh:mm:ss[.fffffffff]</c> (<c>7:00:00:00</c>);</item>
/// <item>clock forms <c>hh:mm</c>, <c>hh:mm:ss[.fffffff]</c> and <c>d.hh:mm:ss</c> (<c>00:05:00</c>, <c>1.12:00:00</c>).</item>
/// </list>
/// A day is always 24 hours. In a business-time SLA target a day would be 24 <em>business</em> hours, which reads like one
/// working day but is three 8-hour ones, so that one place refuses forms with days (see <see cref="TryParse"/>'s
/// <c>hasDays</c>).
/// </remarks>
internal static class SettingsDuration
{
    /// <summary>The short description of the syntax that error messages quote.</summary>
    public const string Syntax = "write a duration such as 8h, 30m, 1d 4h, PT8H or 7:00:00:00 (see docs/configuration.md)";

    private static readonly (string Unit, Duration Size)[] Units =
    [
        ("d", Duration.FromDays(1)),
        ("h", Duration.FromHours(1)),
        ("m", Duration.FromMinutes(1)),
        ("s", Duration.FromSeconds(1)),
        ("ms", Duration.FromMilliseconds(1)),
    ];

    /// <summary>Parses a duration written in the settings syntax.</summary>
    /// <param name="text">The text.</param>
    /// <param name="duration">The duration read.</param>
    /// <param name="hasDays">Whether the text counts whole days (a <c>d</c> unit, an ISO day or week, a day part of a clock form) other than zero.</param>
    /// <returns>Whether the text is a duration.</returns>
    public static bool TryParse(string? text, out Duration duration, out bool hasDays)
    {
        duration = default;
        hasDays = false;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var s = text.Trim();
        if (s[0] == 'P' || (s.Length > 1 && s[0] == '-' && s[1] == 'P'))
        {
            return TryParseIso(s, out duration, out hasDays);
        }

        if (s.Contains(':', StringComparison.Ordinal))
        {
            return TryParseClock(s, out duration, out hasDays);
        }

        return TryParseUnits(s, out duration, out hasDays);
    }

    private static bool TryParseUnits(string s, out Duration duration, out bool hasDays)
    {
        duration = Duration.Zero;
        hasDays = false;
        var next = 0; // index into Units: units must come largest first, each once
        var i = 0;
        var any = false;
        while (i < s.Length)
        {
            if (s[i] == ' ')
            {
                i++;
                continue;
            }

            var start = i;
            while (i < s.Length && char.IsAsciiDigit(s[i]))
            {
                i++;
            }

            if (i == start || i - start > 9)
            {
                return false;
            }

            var value = long.Parse(s.AsSpan(start, i - start), NumberStyles.None, CultureInfo.InvariantCulture);
            var unitStart = i;
            while (i < s.Length && char.IsAsciiLetterLower(s[i]))
            {
                i++;
            }

            var unit = s[unitStart..i];
            var index = Array.FindIndex(Units, next, u => u.Unit == unit);
            if (index < 0)
            {
                return false;
            }

            next = index + 1;

            // Saturates instead of overflowing: a duration this long is over every setting's maximum, which the
            // setting's own check then reports with its key.
            var size = Units[index].Size;
            duration = value > (long)((Duration.MaxValue - duration) / size) ? Duration.MaxValue : duration + (size * value);
            hasDays |= index == 0 && value != 0;
            any = true;
        }

        return any;
    }

    private static bool TryParseIso(string s, out Duration duration, out bool hasDays)
    {
        duration = default;
        hasDays = false;
        var result = PeriodPattern.NormalizingIso.Parse(s);
        if (!result.Success)
        {
            return false;
        }

        var period = result.Value;
        if (period.Years != 0 || period.Months != 0)
        {
            return false;
        }

        hasDays = period.Days != 0 || period.Weeks != 0;
        try
        {
            duration = period.ToDuration();
        }
        catch (Exception e) when (e is OverflowException or ArgumentOutOfRangeException)
        {
            // Longer than a Duration holds: saturate, as above, so the setting's maximum is what gets reported.
            duration = s[0] == '-' ? Duration.MinValue : Duration.MaxValue;
        }

        return true;
    }

    private static bool TryParseClock(string s, out Duration duration, out bool hasDays)
    {
        duration = default;
        hasDays = false;
        var colons = s.Count(c => c == ':');
        if (colons == 3)
        {
            var result = DurationPattern.Roundtrip.Parse(s);
            if (!result.Success)
            {
                return false;
            }

            duration = result.Value;
            hasDays = Math.Abs(duration.Days) != 0;
            return true;
        }

        if (TimeSpan.TryParseExact(s, ["c", @"hh\:mm", @"h\:mm"], CultureInfo.InvariantCulture, out var span))
        {
            duration = Duration.FromTimeSpan(span);
            hasDays = span.Days != 0;
            return true;
        }

        return false;
    }
}

/// <summary>Finds the valid name nearest to a misspelt one, for "did you mean" hints.</summary>
internal static class Suggest
{
    /// <summary>Gets the candidate nearest to <paramref name="text"/> (ignoring case), or <see langword="null"/> when none is close.</summary>
    public static string? Nearest(string text, IEnumerable<string> candidates)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in candidates)
        {
            var distance = Distance(text.ToUpperInvariant(), candidate.ToUpperInvariant());
            if (distance < bestDistance)
            {
                (best, bestDistance) = (candidate, distance);
            }
        }

        if (best is not null && bestDistance > 0 && bestDistance <= Math.Max(2, best.Length / 3))
        {
            return best;
        }

        // A shortened or lengthened name ("AutoClose" for "AutoCloseAfter") is as clear a slip as a typo.
        return text.Length >= 3
            ? candidates.FirstOrDefault(c => c.StartsWith(text, StringComparison.OrdinalIgnoreCase) || text.StartsWith(c, StringComparison.OrdinalIgnoreCase) && c.Length >= 3)
            : null;
    }

    /// <summary>Gets the hint to append to a message: <c>; did you mean 'X'?</c>, or the list of valid names.</summary>
    public static string Hint(string text, IReadOnlyCollection<string> candidates)
    {
        var nearest = Nearest(text, candidates);
        return nearest is not null
            ? $"; did you mean '{nearest}'?"
            : candidates.Count == 0 ? "." : $"; valid keys are {string.Join(", ", candidates)}.";
    }

    /// <summary>The optimal string alignment distance: insertions, deletions, substitutions and adjacent transpositions.</summary>
    internal static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }
}
