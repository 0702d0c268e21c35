using System.Globalization;
using NodaTime;

namespace CustomerService.Core.Calendars;

/// <summary>
/// One open range of a date's schedule, <c>[Start, End)</c> in local time; when <see cref="End"/> is not after
/// <see cref="Start"/> the range runs past midnight into the next local date (<c>00:00–00:00</c> is a whole day).
/// </summary>
internal readonly record struct LocalRange(LocalTime Start, LocalTime End)
{
    internal const long NanosecondsPerDay = 86_400_000_000_000L;

    /// <summary>Gets a value indicating whether the range runs past midnight into the next date.</summary>
    public bool IsOvernight => End <= Start;

    /// <summary>Gets the start as nanoseconds after the owning date's midnight.</summary>
    public long StartNanoseconds => Start.NanosecondOfDay;

    /// <summary>Gets the end as nanoseconds after the owning date's midnight (beyond one day for overnight ranges).</summary>
    public long EndNanoseconds => IsOvernight ? End.NanosecondOfDay + NanosecondsPerDay : End.NanosecondOfDay;

    /// <summary>Returns whether two ranges of the same date share any local time.</summary>
    public bool Overlaps(LocalRange other) =>
        StartNanoseconds < other.EndNanoseconds && other.StartNanoseconds < EndNanoseconds;

    /// <inheritdoc/>
    public override string ToString() => Format(Start) + "-" + Format(End);

    /// <summary>Returns the range as <see cref="BusinessCalendarOptions"/> reads it: <c>"22:00-06:00+1"</c> past midnight, <c>"24:00"</c> for an end at midnight.</summary>
    public string ToOptionString() =>
        End == LocalTime.Midnight ? Format(Start) + "-24:00"
        : IsOvernight ? Format(Start) + "-" + Format(End) + "+1"
        : ToString();

    /// <summary>Formats a date as ISO <c>yyyy-MM-dd</c>.</summary>
    public static string FormatDate(LocalDate date) => date.ToString("uuuu'-'MM'-'dd", CultureInfo.InvariantCulture);

    private static string Format(LocalTime time)
    {
        var pattern = time.NanosecondOfSecond != 0 ? "HH:mm:ss.FFFFFFFFF" : time.Second != 0 ? "HH:mm:ss" : "HH:mm";
        return time.ToString(pattern, CultureInfo.InvariantCulture);
    }
}
