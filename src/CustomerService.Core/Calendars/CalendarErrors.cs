using System.Globalization;
using NodaTime;

namespace CustomerService.Core.Calendars;

/// <summary>The supported range, the search horizon and the exceptions shared by every business-time implementation.</summary>
internal static class CalendarErrors
{
    /// <summary>The earliest supported instant, 1900-01-01T00:00:00Z, in nanoseconds since the Unix epoch.</summary>
    public static readonly long MinNanoseconds = OpenSet.ToNanoseconds(Instant.FromUtc(1900, 1, 1, 0, 0));

    /// <summary>The latest supported instant, 2200-01-01T00:00:00Z, in nanoseconds since the Unix epoch.</summary>
    public static readonly long MaxNanoseconds = OpenSet.ToNanoseconds(Instant.FromUtc(2200, 1, 1, 0, 0));

    /// <summary>The search horizon, 3,653 days (ten years), in nanoseconds.</summary>
    public const long HorizonNanoseconds = 3653 * OpenSet.NanosecondsPerDay;

    public static long CheckInstant(Instant instant, string paramName)
    {
        if (instant < BusinessCalendar.MinSupportedInstant || instant > BusinessCalendar.MaxSupportedInstant)
        {
            throw new ArgumentOutOfRangeException(paramName, instant, string.Create(
                CultureInfo.InvariantCulture,
                $"The instant must lie within the supported range [{BusinessCalendar.MinSupportedInstant}, {BusinessCalendar.MaxSupportedInstant}]."));
        }

        return OpenSet.ToNanoseconds(instant);
    }

    public static long CheckAmount(Duration amount, string paramName)
    {
        if (amount < Duration.Zero)
        {
            throw new ArgumentOutOfRangeException(paramName, amount, "The business time must not be negative.");
        }

        if (amount > BusinessCalendar.MaxSupportedInstant - BusinessCalendar.MinSupportedInstant)
        {
            throw new ArgumentOutOfRangeException(paramName, amount, "The business time must not exceed the length of the supported range.");
        }

        return amount.ToInt64Nanoseconds();
    }

    public static CalendarConfigurationException NoOpenTime(string calendarName, long fromNanoseconds, bool forward)
    {
        var from = OpenSet.ToInstant(fromNanoseconds);
        return new CalendarConfigurationException(calendarName, string.Create(
            CultureInfo.InvariantCulture,
            $"The business calendar '{calendarName}' has no open time within {HorizonNanoseconds / OpenSet.NanosecondsPerDay} days (the search horizon) {(forward ? "after" : "before")} {from}; check its weekly ranges and date overrides."));
    }

    public static ArgumentOutOfRangeException ResultOutsideRange(string paramName, bool forward) =>
        new(paramName, string.Create(
            CultureInfo.InvariantCulture,
            $"The result would lie {(forward ? "after" : "before")} the supported range [{BusinessCalendar.MinSupportedInstant}, {BusinessCalendar.MaxSupportedInstant}]."));
}
