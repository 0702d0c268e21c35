using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Runtime.CompilerServices;
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

    private const int MinDays = -25_567;
    private const int MaxDays = 84_006;

    /// <summary>The earliest supported instant.</summary>
    public static readonly Instant MinInstant = Instant.FromUtc(1900, 1, 1, 0, 0);

    /// <summary>The latest supported instant.</summary>
    public static readonly Instant MaxInstant = Instant.FromUtc(2200, 1, 1, 0, 0);

    /// <summary>The largest amount of business time accepted: the length of the supported range.</summary>
    public static readonly Duration MaxAmount = MaxInstant - MinInstant;

    /// <summary>
    /// The length of the supported range in nanoseconds: 300 years, more than <see cref="long.MaxValue"/> (about 292
    /// years), so it and every amount or total of business time are kept unsigned.
    /// </summary>
    public static readonly ulong RangeNanoseconds = unchecked((ulong)(MaxNanoseconds - MinNanoseconds));

    /// <summary>Checks an instant against the supported range and returns it as nanoseconds since the Unix epoch.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long CheckInstant(Instant instant, string paramName)
    {
        // Days and NanosecondOfDay share the duration's sign, so this is exact; the day check keeps it from overflowing.
        var sinceEpoch = instant - NodaConstants.UnixEpoch;
        var days = sinceEpoch.Days;
        var nanoseconds = (days * OpenSet.NanosecondsPerDay) + sinceEpoch.NanosecondOfDay;
        if ((uint)(days - MinDays) > (uint)(MaxDays - MinDays) || (ulong)(nanoseconds - MinNanoseconds) > (ulong)(MaxNanoseconds - MinNanoseconds))
        {
            ThrowInstantOutOfRange(instant, paramName);
        }

        return nanoseconds;
    }

    /// <summary>
    /// Checks an amount of business time (not negative, within the supported range's length) and returns it in
    /// nanoseconds. The range is 300 years, longer than a <see cref="long"/> of nanoseconds holds (about 292 years),
    /// so amounts are unsigned.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong CheckAmount(Duration amount, string paramName)
    {
        // Days and NanosecondOfDay share the duration's sign; the day check keeps the unsigned product exact.
        var days = amount.Days;
        var nanoseconds = ((ulong)(uint)days * OpenSet.NanosecondsPerDay) + (ulong)amount.NanosecondOfDay;
        if ((uint)days > (uint)(MaxDays - MinDays) || nanoseconds > RangeNanoseconds)
        {
            ThrowAmountOutOfRange(amount, paramName);
        }

        return nanoseconds;
    }

    /// <summary>Returns an instant already checked to lie within the supported range as nanoseconds since the Unix epoch.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long CheckedInstantToNanoseconds(Instant instant)
    {
        var sinceEpoch = instant - NodaConstants.UnixEpoch;
        return (sinceEpoch.Days * OpenSet.NanosecondsPerDay) + sinceEpoch.NanosecondOfDay;
    }

    /// <summary>Returns an amount already checked to be within range in nanoseconds.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong CheckedAmountToNanoseconds(Duration amount) => ((ulong)(uint)amount.Days * OpenSet.NanosecondsPerDay) + (ulong)amount.NanosecondOfDay;

    /// <summary>Converts a non-negative number of nanoseconds, possibly beyond <see cref="long.MaxValue"/>, to a duration.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Duration ToDuration(ulong nanoseconds) =>
        nanoseconds <= long.MaxValue ? Duration.FromNanoseconds((long)nanoseconds) : LongDuration(nanoseconds);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Duration LongDuration(ulong nanoseconds) =>
        Duration.FromDays((int)(nanoseconds / OpenSet.NanosecondsPerDay)) + Duration.FromNanoseconds((long)(nanoseconds % OpenSet.NanosecondsPerDay));

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowInstantOutOfRange(Instant instant, string paramName) =>
        throw new ArgumentOutOfRangeException(paramName, instant, string.Create(
            CultureInfo.InvariantCulture,
            $"The instant must lie within the supported range [{MinInstant}, {MaxInstant}]."));

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowAmountOutOfRange(Duration amount, string paramName) =>
        throw new ArgumentOutOfRangeException(paramName, amount, amount < Duration.Zero
            ? "The business time must not be negative."
            : "The business time must not exceed the length of the supported range.");

    public static CalendarConfigurationException NoOpenTime(string calendarName, long fromNanoseconds, bool forward)
    {
        var from = OpenSet.ToInstant(fromNanoseconds);
        return new CalendarConfigurationException(calendarName, string.Create(
            CultureInfo.InvariantCulture,
            $"The business calendar '{calendarName}' has no open time within {HorizonNanoseconds / OpenSet.NanosecondsPerDay} days (the search horizon) {(forward ? "after" : "before")} {from}; check its weekly ranges and date overrides."));
    }

    public static CalendarConfigurationException NoClosedTime(string calendarName, long fromNanoseconds)
    {
        var from = OpenSet.ToInstant(fromNanoseconds);
        return new CalendarConfigurationException(calendarName, string.Create(
            CultureInfo.InvariantCulture,
            $"The business calendar '{calendarName}' has no closed time within {HorizonNanoseconds / OpenSet.NanosecondsPerDay} days (the search horizon) after {from}; it is open without a break, so it never closes."));
    }

    public static CalendarConfigurationException NoBusinessDay(string calendarName, LocalDate from, bool forward) =>
        new(calendarName, string.Create(
            CultureInfo.InvariantCulture,
            $"The business calendar '{calendarName}' has no business day within {HorizonDays} days (the search horizon) {(forward ? "after" : "before")} {from:uuuu'-'MM'-'dd}; check its weekly ranges and date overrides."));

    /// <summary>The search horizon in days.</summary>
    public const int HorizonDays = (int)(HorizonNanoseconds / OpenSet.NanosecondsPerDay);

    /// <summary>The first supported date, 1900-01-01.</summary>
    public static readonly LocalDate MinDate = new(1900, 1, 1);

    /// <summary>The last supported date, 2199-12-31.</summary>
    public static readonly LocalDate MaxDate = new(2199, 12, 31);

    /// <summary>The ISO day number (days since 0001-01-01) of <see cref="MinDate"/>.</summary>
    public static readonly int MinDayNumber = new DateOnly(1900, 1, 1).DayNumber;

    /// <summary>The number of supported dates (109,573).</summary>
    public static readonly int DateCount = new DateOnly(2199, 12, 31).DayNumber - MinDayNumber + 1;

    /// <summary>Checks a date against the supported dates and returns its index, days since <see cref="MinDate"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int CheckDate(LocalDate date, string paramName)
    {
        if (date.Calendar != CalendarSystem.Iso)
        {
            ThrowNotIso(date, paramName);
        }

        // The year first: DateOnly (and so ToDateOnly) cannot hold the ISO years before 1.
        if ((uint)(date.Year - 1900) > 2199 - 1900)
        {
            ThrowDateOutOfRange(date, paramName);
        }

        return DaysFromCivil(date.Year, date.Month, date.Day) - MinDaysFromCivil;
    }

    /// <summary>Returns the date of an index of <see cref="CheckDate(LocalDate, string)"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static LocalDate DateAt(int index)
    {
        // Howard Hinnant's civil_from_days, for days since 1970-01-01 within 1900–2199 (so all positive after the shift).
        var z = index + MinDaysFromCivil + 719_468;
        var era = z / 146_097;
        var dayOfEra = z - (era * 146_097);
        var yearOfEra = (dayOfEra - (dayOfEra / 1460) + (dayOfEra / 36_524) - (dayOfEra / 146_096)) / 365;
        var dayOfYear = dayOfEra - ((365 * yearOfEra) + (yearOfEra / 4) - (yearOfEra / 100));
        var shiftedMonth = ((5 * dayOfYear) + 2) / 153;
        var day = dayOfYear - (((153 * shiftedMonth) + 2) / 5) + 1;
        var month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9;
        return new LocalDate(yearOfEra + (era * 400) + (month <= 2 ? 1 : 0), month, day);
    }

    /// <summary>Returns the days from 1970-01-01 to an ISO date of year 1900 or later (Howard Hinnant's days_from_civil).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int DaysFromCivil(int year, int month, int day)
    {
        year -= month <= 2 ? 1 : 0;
        var era = year / 400;
        var yearOfEra = year - (era * 400);
        var dayOfYear = ((153 * (month > 2 ? month - 3 : month + 9)) + 2) / 5 + day - 1;
        var dayOfEra = (yearOfEra * 365) + (yearOfEra / 4) - (yearOfEra / 100) + dayOfYear;
        return (era * 146_097) + dayOfEra - 719_468;
    }

    /// <summary>The days from 1970-01-01 to <see cref="MinDate"/> (negative).</summary>
    public static readonly int MinDaysFromCivil = DaysFromCivil(1900, 1, 1);

    public static ArgumentOutOfRangeException DateResultOutsideRange(string paramName, bool forward) =>
        new(paramName, string.Create(
            CultureInfo.InvariantCulture,
            $"The result would lie {(forward ? "after" : "before")} the supported dates [{MinDate:uuuu'-'MM'-'dd}, {MaxDate:uuuu'-'MM'-'dd}]."));

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowDateOutOfRange(LocalDate date, string paramName) =>
        throw new ArgumentOutOfRangeException(paramName, date, string.Create(
            CultureInfo.InvariantCulture,
            $"The date must lie within the supported dates [{MinDate:uuuu'-'MM'-'dd}, {MaxDate:uuuu'-'MM'-'dd}]."));

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowNotIso(LocalDate date, string paramName) =>
        throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"The date {date} is in the {date.Calendar.Id} calendar; use an ISO date (LocalDate.WithCalendar(CalendarSystem.Iso))."), paramName);

    public static ArgumentOutOfRangeException ResultOutsideRange(string paramName, bool forward) =>
        new(paramName, string.Create(
            CultureInfo.InvariantCulture,
            $"The result would lie {(forward ? "after" : "before")} the supported range [{MinInstant}, {MaxInstant}]."));
}
