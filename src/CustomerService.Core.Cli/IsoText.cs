using System.Runtime.CompilerServices;

namespace CustomerService.Core.Cli;

/// <summary>
/// Allocation-free parsing and formatting of the texts the tool reads and writes: ISO-8601 local date-times
/// (<c>2025-01-02T09:30</c>, seconds and up to nine fraction digits optional, <c>T</c> or a space between date and time)
/// with an optional offset (<c>Z</c>, <c>+08:00</c>, <c>+0800</c>, <c>+08</c>), and business-time amounts (a number of
/// units, or an ISO-8601 duration such as <c>PT1H30M</c> or <c>P1DT2H</c>). Times are nanoseconds since the Unix epoch
/// (local or UTC as the caller says); amounts are nanoseconds.
/// </summary>
/// <remarks>Thread safety: stateless; every method is safe on any thread.</remarks>
internal static class IsoText
{
    public const long NanosecondsPerSecond = 1_000_000_000L;
    public const long NanosecondsPerMinute = 60 * NanosecondsPerSecond;
    public const long NanosecondsPerHour = 60 * NanosecondsPerMinute;
    public const long NanosecondsPerDay = 24 * NanosecondsPerHour;

    /// <summary>The longest amount accepted: 106,000 days (about 290 years; nanoseconds in a long reach 292).</summary>
    public const long MaxAmountNanoseconds = 106_000L * NanosecondsPerDay;

    /// <summary>Why a text did not parse; <see cref="None"/> when it did.</summary>
    public enum Failure
    {
        None,
        Empty,
        Syntax,
        Month,
        Day,
        Hour,
        Minute,
        Second,
        Offset,
        Negative,
        TooLong,
        CalendarUnit,
        OutOfRange,
    }

    /// <summary>Describes a parse failure for the errors file.</summary>
    public static string Describe(Failure failure, bool time) => failure switch
    {
        Failure.Empty => "empty value",
        Failure.Syntax => time
            ? "not an ISO-8601 date-time (expected yyyy-MM-ddTHH:mm[:ss[.fffffffff]] with an optional offset Z, +08:00, +0800 or +08)"
            : "not an amount (expected a number of units or an ISO-8601 duration such as PT1H30M)",
        Failure.Month => "month out of range 1–12",
        Failure.Day => "day out of range for its month",
        Failure.Hour => "hour out of range 0–23",
        Failure.Minute => "minute out of range 0–59",
        Failure.Second => "second out of range 0–59",
        Failure.Offset => "offset out of range (at most ±18:00, minutes 0–59)",
        Failure.Negative => "negative amount (business time to add is never negative)",
        Failure.TooLong => "amount longer than 106,000 days (about 290 years)",
        Failure.CalendarUnit => "years and months have no fixed length: use weeks, days, hours, minutes or seconds",
        Failure.OutOfRange => "outside the calendar's supported range (1900-01-01T00:00Z to 2200-01-01T00:00Z)",
        _ => "invalid value",
    };

    /// <summary>Parses a date-time; <paramref name="hasOffset"/> says whether an offset was given, and then <paramref name="nanoseconds"/> is UTC.</summary>
    public static Failure TryParseDateTime(ReadOnlySpan<char> s, out long nanoseconds, out bool hasOffset)
    {
        nanoseconds = 0;
        hasOffset = false;
        s = s.Trim();
        if (s.IsEmpty)
        {
            return Failure.Empty;
        }

        // yyyy-MM-ddTHH:mm is the shortest form (16 characters).
        if (s.Length < 16 || s[4] != '-' || s[7] != '-' || (s[10] != 'T' && s[10] != 't' && s[10] != ' ') || s[13] != ':')
        {
            return Failure.Syntax;
        }

        if (!Digits4(s, 0, out var year) || !Digits2(s, 5, out var month) || !Digits2(s, 8, out var day)
            || !Digits2(s, 11, out var hour) || !Digits2(s, 14, out var minute))
        {
            return Failure.Syntax;
        }

        var i = 16;
        var second = 0;
        long fraction = 0;
        if (i < s.Length && s[i] == ':')
        {
            if (!Digits2(s, i + 1, out second))
            {
                return Failure.Syntax;
            }

            i += 3;
            if (i < s.Length && (s[i] == '.' || s[i] == ','))
            {
                i++;
                var digits = 0;
                while (i < s.Length && IsDigit(s[i]))
                {
                    if (digits == 9)
                    {
                        return Failure.Syntax;
                    }

                    fraction = (fraction * 10) + (s[i] - '0');
                    digits++;
                    i++;
                }

                if (digits == 0)
                {
                    return Failure.Syntax;
                }

                for (; digits < 9; digits++)
                {
                    fraction *= 10;
                }
            }
        }

        if (year is < 1800 or > 2300)
        {
            return Failure.OutOfRange;
        }

        if (month is < 1 or > 12)
        {
            return Failure.Month;
        }

        if (day < 1 || day > DaysInMonth(year, month))
        {
            return Failure.Day;
        }

        if (hour > 23)
        {
            return Failure.Hour;
        }

        if (minute > 59)
        {
            return Failure.Minute;
        }

        if (second > 59)
        {
            return Failure.Second;
        }

        long offset = 0;
        if (i < s.Length)
        {
            var failure = ParseOffset(s[i..], out offset);
            if (failure != Failure.None)
            {
                return failure;
            }

            hasOffset = true;
        }

        nanoseconds = (DaysFromCivil(year, month, day) * NanosecondsPerDay) + (hour * NanosecondsPerHour) + (minute * NanosecondsPerMinute)
            + (second * NanosecondsPerSecond) + fraction - offset;
        return Failure.None;
    }

    /// <summary>Parses an amount: a plain number of <paramref name="unitNanoseconds"/> (decimals allowed) or an ISO-8601 duration.</summary>
    public static Failure TryParseAmount(ReadOnlySpan<char> s, long unitNanoseconds, out long nanoseconds)
    {
        nanoseconds = 0;
        s = s.Trim();
        if (s.IsEmpty)
        {
            return Failure.Empty;
        }

        if (s[0] == '-')
        {
            return (s.Length > 1 && (IsDigit(s[1]) || s[1] == 'P' || s[1] == 'p')) ? Failure.Negative : Failure.Syntax;
        }

        if (s[0] == '+')
        {
            s = s[1..];
        }

        if (s.Length > 0 && (s[0] == 'P' || s[0] == 'p'))
        {
            return TryParseIsoDuration(s[1..], out nanoseconds);
        }

        var failure = TryParseDecimal(s, unitNanoseconds, out nanoseconds, out var consumed);
        if (failure != Failure.None)
        {
            return failure;
        }

        return consumed == s.Length ? Failure.None : Failure.Syntax;
    }

    /// <summary>Writes <c>yyyy-MM-ddTHH:mm:ss[.fffffffff]</c> (fraction trimmed) and then the offset (<c>Z</c> or <c>+08:00</c>) unless <paramref name="writeOffset"/> is false.</summary>
    public static int FormatDateTime(long localNanoseconds, long offsetNanoseconds, bool writeOffset, Span<byte> destination)
    {
        var days = FloorDiv(localNanoseconds, NanosecondsPerDay, out var timeOfDay);
        CivilFromDays(days, out var year, out var month, out var day);
        var d = destination;
        Write4(d, 0, year);
        d[4] = (byte)'-';
        Write2(d, 5, month);
        d[7] = (byte)'-';
        Write2(d, 8, day);
        d[10] = (byte)'T';
        var seconds = timeOfDay / NanosecondsPerSecond;
        var fraction = timeOfDay - (seconds * NanosecondsPerSecond);
        Write2(d, 11, (int)(seconds / 3600));
        d[13] = (byte)':';
        Write2(d, 14, (int)(seconds / 60 % 60));
        d[16] = (byte)':';
        Write2(d, 17, (int)(seconds % 60));
        var n = 19;
        if (fraction != 0)
        {
            n = WriteFraction(d, n, fraction);
        }

        if (writeOffset)
        {
            if (offsetNanoseconds == 0)
            {
                d[n++] = (byte)'Z';
            }
            else
            {
                var sign = offsetNanoseconds < 0 ? (byte)'-' : (byte)'+';
                var total = Math.Abs(offsetNanoseconds) / NanosecondsPerSecond;
                d[n++] = sign;
                Write2(d, n, (int)(total / 3600));
                d[n + 2] = (byte)':';
                Write2(d, n + 3, (int)(total / 60 % 60));
                n += 5;
                if (total % 60 != 0)
                {
                    d[n++] = (byte)':';
                    Write2(d, n, (int)(total % 60));
                    n += 2;
                }
            }
        }

        return n;
    }

    /// <summary>Writes a signed duration as minutes: a whole number when exact, otherwise with up to nine decimals.</summary>
    public static int FormatMinutes(long nanoseconds, Span<byte> destination) => FormatUnits(nanoseconds, NanosecondsPerMinute, destination);

    /// <summary>Writes a signed duration as seconds, exactly (up to nine decimals).</summary>
    public static int FormatSeconds(long nanoseconds, Span<byte> destination) => FormatUnits(nanoseconds, NanosecondsPerSecond, destination);

    /// <summary>Writes a signed duration as ISO-8601 <c>PT…H…M…S</c> (hours not folded into days: business hours are not days).</summary>
    public static int FormatIsoDuration(long nanoseconds, Span<byte> destination)
    {
        var n = 0;
        if (nanoseconds < 0)
        {
            destination[n++] = (byte)'-';
            nanoseconds = -nanoseconds;
        }

        destination[n++] = (byte)'P';
        destination[n++] = (byte)'T';
        var hours = nanoseconds / NanosecondsPerHour;
        var minutes = nanoseconds / NanosecondsPerMinute % 60;
        var secondsNs = nanoseconds % NanosecondsPerMinute;
        if (hours != 0)
        {
            n += WriteInteger(hours, destination[n..]);
            destination[n++] = (byte)'H';
        }

        if (minutes != 0)
        {
            n += WriteInteger(minutes, destination[n..]);
            destination[n++] = (byte)'M';
        }

        if (secondsNs != 0 || (hours == 0 && minutes == 0))
        {
            n += WriteInteger(secondsNs / NanosecondsPerSecond, destination[n..]);
            if (secondsNs % NanosecondsPerSecond != 0)
            {
                n = WriteFraction(destination, n, secondsNs % NanosecondsPerSecond);
            }

            destination[n++] = (byte)'S';
        }

        return n;
    }

    /// <summary>Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).</summary>
    public static long DaysFromCivil(int year, int month, int day)
    {
        long y = month <= 2 ? year - 1 : year;
        var era = (y >= 0 ? y : y - 399) / 400;
        var yoe = y - (era * 400);
        var mp = (month + 9) % 12;
        var doy = ((153 * mp) + 2) / 5 + day - 1;
        var doe = (yoe * 365) + (yoe / 4) - (yoe / 100) + doy;
        return (era * 146097) + doe - 719468;
    }

    /// <summary>The proleptic Gregorian date of a day number since 1970-01-01.</summary>
    public static void CivilFromDays(long days, out int year, out int month, out int day)
    {
        days += 719468;
        var era = (days >= 0 ? days : days - 146096) / 146097;
        var doe = days - (era * 146097);
        var yoe = (doe - (doe / 1460) + (doe / 36524) - (doe / 146096)) / 365;
        var y = yoe + (era * 400);
        var doy = doe - ((365 * yoe) + (yoe / 4) - (yoe / 100));
        var mp = ((5 * doy) + 2) / 153;
        day = (int)(doy - (((153 * mp) + 2) / 5) + 1);
        month = (int)(mp < 10 ? mp + 3 : mp - 9);
        year = (int)(month <= 2 ? y + 1 : y);
    }

    public static long FloorDiv(long value, long divisor, out long remainder)
    {
        var q = value / divisor;
        remainder = value - (q * divisor);
        if (remainder < 0)
        {
            q--;
            remainder += divisor;
        }

        return q;
    }

    private static Failure TryParseIsoDuration(ReadOnlySpan<char> s, out long nanoseconds)
    {
        nanoseconds = 0;
        var inTime = false;
        var any = false;
        long total = 0;
        while (!s.IsEmpty)
        {
            if (s[0] == 'T' || s[0] == 't')
            {
                if (inTime)
                {
                    return Failure.Syntax;
                }

                inTime = true;
                s = s[1..];
                continue;
            }

            var failure = TryParseDecimal(s, 1, out var scaled, out var consumed, fractionDigitsOnly: true);
            if (failure != Failure.None || consumed == s.Length)
            {
                return Failure.Syntax;
            }

            // scaled holds the number times 10^9 (TryParseDecimal with unit 1 keeps nine fraction digits).
            var designator = char.ToUpperInvariant(s[consumed]);
            long unit = (inTime, designator) switch
            {
                (false, 'W') => 7 * NanosecondsPerDay,
                (false, 'D') => NanosecondsPerDay,
                (true, 'H') => NanosecondsPerHour,
                (true, 'M') => NanosecondsPerMinute,
                (true, 'S') => NanosecondsPerSecond,
                (false, 'Y') or (false, 'M') => -1,
                _ => 0,
            };
            if (unit == -1)
            {
                return Failure.CalendarUnit;
            }

            if (unit == 0)
            {
                return Failure.Syntax;
            }

            var part = ScaleBillionths(scaled, unit);
            if (part < 0 || part > MaxAmountNanoseconds)
            {
                return Failure.TooLong;
            }

            total += part;
            if (total > MaxAmountNanoseconds)
            {
                return Failure.TooLong;
            }

            any = true;
            s = s[(consumed + 1)..];
        }

        if (!any)
        {
            return Failure.Syntax;
        }

        nanoseconds = total;
        return Failure.None;
    }

    // value: a number times 10^9; returns value * unit / 10^9, or -1 on overflow.
    private static long ScaleBillionths(long billionths, long unit)
    {
        var whole = billionths / NanosecondsPerSecond;
        var fraction = billionths % NanosecondsPerSecond;
        if (whole != 0 && unit > long.MaxValue / whole)
        {
            return -1;
        }

        return (whole * unit) + (long)((Int128)fraction * unit / NanosecondsPerSecond);
    }

    // Parses digits[.digits]; result = number * unit (or number * 10^9 when fractionDigitsOnly, unit 1).
    private static Failure TryParseDecimal(ReadOnlySpan<char> s, long unit, out long result, out int consumed, bool fractionDigitsOnly = false)
    {
        result = 0;
        consumed = 0;
        long whole = 0;
        var i = 0;
        while (i < s.Length && IsDigit(s[i]))
        {
            if (whole > (long.MaxValue / 10) - 10)
            {
                return Failure.TooLong;
            }

            whole = (whole * 10) + (s[i] - '0');
            i++;
        }

        if (i == 0)
        {
            return Failure.Syntax;
        }

        long fraction = 0;
        var digits = 0;
        if (i < s.Length && (s[i] == '.' || s[i] == ','))
        {
            i++;
            var start = i;
            while (i < s.Length && IsDigit(s[i]))
            {
                if (digits < 9)
                {
                    fraction = (fraction * 10) + (s[i] - '0');
                    digits++;
                }

                i++;
            }

            if (i == start)
            {
                return Failure.Syntax;
            }
        }

        for (; digits < 9; digits++)
        {
            fraction *= 10;
        }

        consumed = i;
        if (fractionDigitsOnly)
        {
            if (whole > long.MaxValue / NanosecondsPerSecond)
            {
                return Failure.TooLong;
            }

            result = (whole * NanosecondsPerSecond) + fraction;
            return Failure.None;
        }

        if (whole > MaxAmountNanoseconds / unit)
        {
            return Failure.TooLong;
        }

        result = (whole * unit) + (long)((Int128)fraction * unit / NanosecondsPerSecond);
        return result > MaxAmountNanoseconds ? Failure.TooLong : Failure.None;
    }

    private static Failure ParseOffset(ReadOnlySpan<char> s, out long offset)
    {
        offset = 0;
        if (s.Length == 1 && (s[0] == 'Z' || s[0] == 'z'))
        {
            return Failure.None;
        }

        if (s.Length < 3 || (s[0] != '+' && s[0] != '-') || !Digits2(s, 1, out var hours))
        {
            return Failure.Syntax;
        }

        var minutes = 0;
        if (s.Length == 6 && s[3] == ':')
        {
            if (!Digits2(s, 4, out minutes))
            {
                return Failure.Syntax;
            }
        }
        else if (s.Length == 5)
        {
            if (!Digits2(s, 3, out minutes))
            {
                return Failure.Syntax;
            }
        }
        else if (s.Length != 3)
        {
            return Failure.Syntax;
        }

        if (hours > 18 || minutes > 59 || (hours == 18 && minutes != 0))
        {
            return Failure.Offset;
        }

        offset = (hours * NanosecondsPerHour) + (minutes * NanosecondsPerMinute);
        if (s[0] == '-')
        {
            offset = -offset;
        }

        return Failure.None;
    }

    private static int FormatUnits(long nanoseconds, long unit, Span<byte> destination)
    {
        var n = 0;
        var magnitude = nanoseconds < 0 ? (ulong)(-(Int128)nanoseconds) : (ulong)nanoseconds;
        if (nanoseconds < 0)
        {
            destination[n++] = (byte)'-';
        }

        var whole = magnitude / (ulong)unit;
        var rest = magnitude % (ulong)unit;
        n += WriteInteger((long)whole, destination[n..]);
        if (rest != 0)
        {
            // Nine decimals of the unit, rounded to nearest, trailing zeros trimmed.
            var fraction = (long)Math.Round((double)((decimal)rest * NanosecondsPerSecond / unit), MidpointRounding.AwayFromZero);
            if (fraction >= NanosecondsPerSecond)
            {
                fraction = NanosecondsPerSecond - 1;
            }

            if (fraction != 0)
            {
                n = WriteFraction(destination, n, fraction);
            }
        }

        return n;
    }

    private static int WriteFraction(Span<byte> d, int n, long fraction)
    {
        d[n++] = (byte)'.';
        var digits = 9;
        while (fraction % 10 == 0)
        {
            fraction /= 10;
            digits--;
        }

        for (var k = digits - 1; k >= 0; k--)
        {
            d[n + k] = (byte)('0' + (fraction % 10));
            fraction /= 10;
        }

        return n + digits;
    }

    public static int WriteInteger(long value, Span<byte> destination)
    {
        if (value == 0)
        {
            destination[0] = (byte)'0';
            return 1;
        }

        var n = 0;
        if (value < 0)
        {
            destination[n++] = (byte)'-';
            value = -value;
        }

        var digits = 1;
        for (var v = value / 10; v != 0; v /= 10)
        {
            digits++;
        }

        for (var k = n + digits - 1; k >= n; k--)
        {
            destination[k] = (byte)('0' + (value % 10));
            value /= 10;
        }

        return n + digits;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsDigit(char c) => (uint)(c - '0') <= 9;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Digits2(ReadOnlySpan<char> s, int i, out int value)
    {
        value = 0;
        if (i + 2 > s.Length)
        {
            return false;
        }

        uint a = (uint)(s[i] - '0'), b = (uint)(s[i + 1] - '0');
        if (a > 9 || b > 9)
        {
            return false;
        }

        value = (int)((a * 10) + b);
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Digits4(ReadOnlySpan<char> s, int i, out int value)
    {
        value = 0;
        if (!Digits2(s, i, out var high) || !Digits2(s, i + 2, out var low))
        {
            return false;
        }

        value = (high * 100) + low;
        return true;
    }

    private static int DaysInMonth(int year, int month) => month switch
    {
        2 => (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28,
        4 or 6 or 9 or 11 => 30,
        _ => 31,
    };

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Write2(Span<byte> d, int i, int value)
    {
        d[i] = (byte)('0' + (value / 10));
        d[i + 1] = (byte)('0' + (value % 10));
    }

    private static void Write4(Span<byte> d, int i, int value)
    {
        Write2(d, i, value / 100);
        Write2(d, i + 2, value % 100);
    }
}
