using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Numerics;
using System.Runtime.CompilerServices;
using NodaTime;

namespace CustomerService.Core.Kpis;

/// <summary>Argument checks shared by the KPI calculators; every message names the value's position and the allowed range.</summary>
internal static class KpiGuard
{
    /// <summary>The longest <see cref="Duration"/> in nanoseconds (about 45,964 years): NodaTime's <see cref="Duration.MaxValue"/>.</summary>
    internal static readonly Int128 MaximumDurationNanoseconds = (Int128)Duration.MaxValue.ToBigIntegerNanoseconds();

    /// <summary>Gets the parameter name that points at one element of a batch, for example <c>scores[17]</c>.</summary>
    public static string At(string batchName, long index) =>
        string.Create(CultureInfo.InvariantCulture, $"{batchName}[{index}]");

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void ThrowScoreOutOfRange(string paramName, long position, long value, int minimum, int maximum) =>
        throw new ArgumentOutOfRangeException(
            paramName,
            value,
            string.Create(CultureInfo.InvariantCulture, $"The score at position {position} is {value}; the allowed range is {minimum} to {maximum} inclusive."));

    /// <summary>Throws for a score in a batch: the parameter name is <c>batchName[index]</c> and the message names the index.</summary>
    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void ThrowScoreOutOfRangeAt(string batchName, int index, long value, int minimum, int maximum) =>
        ThrowScoreOutOfRange(At(batchName, index), index, value, minimum, maximum);

    /// <summary>Adds two non-negative counts, throwing <see cref="OverflowException"/> (and changing nothing) when the sum passes <see cref="long.MaxValue"/>.</summary>
    public static long AddCount(long total, long extra, string what)
    {
        long sum = total + extra;
        if (sum < 0)
        {
            ThrowCountOverflow(total, extra, what);
        }

        return sum;
    }

    /// <summary>Multiplies two non-negative counts, throwing <see cref="OverflowException"/> when the product passes <see cref="long.MaxValue"/>.</summary>
    public static long MultiplyCount(long factor, long count, string what)
    {
        if (factor != 0 && count > long.MaxValue / factor)
        {
            throw new OverflowException(string.Create(
                CultureInfo.InvariantCulture,
                $"{factor} × {count} would pass {long.MaxValue} (Int64.MaxValue) in the {what}; nothing was added."));
        }

        return factor * count;
    }

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void ThrowCountOverflow(long total, long extra, string what) =>
        throw new OverflowException(string.Create(
            CultureInfo.InvariantCulture,
            $"Adding {extra} to the {what} ({total}) would pass {long.MaxValue} (Int64.MaxValue); nothing was added."));

    /// <summary>Converts a non-negative 128-bit number of nanoseconds to a <see cref="Duration"/>, throwing <see cref="OverflowException"/> beyond <see cref="Duration.MaxValue"/>.</summary>
    public static Duration ToDuration(Int128 nanoseconds, string what)
    {
        if (nanoseconds > MaximumDurationNanoseconds)
        {
            throw new OverflowException(string.Create(
                CultureInfo.InvariantCulture,
                $"The {what} is {nanoseconds} ns, beyond the longest Duration ({MaximumDurationNanoseconds} ns, about 45,964 years)."));
        }

        return nanoseconds <= long.MaxValue ? Duration.FromNanoseconds((long)nanoseconds) : Duration.FromNanoseconds((BigInteger)nanoseconds);
    }

    /// <summary>Converts a non-negative number of nanoseconds held in a <see cref="double"/> to a <see cref="Duration"/> (rounded), throwing <see cref="OverflowException"/> beyond <see cref="Duration.MaxValue"/>.</summary>
    public static Duration ToDuration(double nanoseconds, string what)
    {
        double rounded = Math.Round(nanoseconds);
        if (!(rounded <= (double)MaximumDurationNanoseconds))
        {
            throw new OverflowException(string.Create(
                CultureInfo.InvariantCulture,
                $"The {what} is {nanoseconds} ns, beyond the longest Duration ({MaximumDurationNanoseconds} ns, about 45,964 years)."));
        }

        return Duration.FromNanoseconds(rounded);
    }

    public static long NonNegativeNanoseconds(Duration value, string paramName)
    {
        if (value < Duration.Zero)
        {
            throw new ArgumentOutOfRangeException(
                paramName,
                value,
                string.Create(CultureInfo.InvariantCulture, $"{paramName} is {value}; the allowed range is zero or more."));
        }

        if (value > Duration.FromNanoseconds(long.MaxValue))
        {
            throw new ArgumentOutOfRangeException(
                paramName,
                value,
                string.Create(CultureInfo.InvariantCulture, $"{paramName} is {value}; the allowed range is zero to about 292 years (Int64.MaxValue nanoseconds)."));
        }

        return value.ToInt64Nanoseconds();
    }

    /// <summary>Checks a duration record: not negative and at most <see cref="long.MaxValue"/> nanoseconds; the message names its position.</summary>
    public static long NonNegativeNanosecondsAt(Duration value, string paramName, long position)
    {
        if (value < Duration.Zero || value > Duration.FromNanoseconds(long.MaxValue))
        {
            throw new ArgumentOutOfRangeException(
                paramName,
                value,
                string.Create(CultureInfo.InvariantCulture, $"The duration at position {position} is {value}; the allowed range is zero to about 292 years (Int64.MaxValue nanoseconds)."));
        }

        return value.ToInt64Nanoseconds();
    }

    /// <summary>Checks a duration in a batch like <see cref="NonNegativeNanosecondsAt"/>; the parameter name <c>batchName[index]</c> is built only when it throws.</summary>
    public static long NonNegativeNanosecondsInBatch(Duration value, string batchName, int index)
    {
        if (value < Duration.Zero || value > Duration.FromNanoseconds(long.MaxValue))
        {
            _ = NonNegativeNanosecondsAt(value, At(batchName, index), index);
        }

        return value.ToInt64Nanoseconds();
    }

    public static void Positive(Duration value, string paramName)
    {
        if (value <= Duration.Zero)
        {
            throw new ArgumentOutOfRangeException(
                paramName,
                value,
                string.Create(CultureInfo.InvariantCulture, $"{paramName} is {value}; the allowed range is greater than zero."));
        }
    }

    public static void InRange(double value, string paramName, double minimum, double maximum, bool minimumInclusive = true, bool maximumInclusive = true)
    {
        bool ok = !double.IsNaN(value)
            && (minimumInclusive ? value >= minimum : value > minimum)
            && (maximumInclusive ? value <= maximum : value < maximum);
        if (!ok)
        {
            string lower = minimumInclusive ? "[" : "(";
            string upper = maximumInclusive ? "]" : ")";
            throw new ArgumentOutOfRangeException(
                paramName,
                value,
                string.Create(CultureInfo.InvariantCulture, $"{paramName} is {value}; the allowed range is {lower}{minimum}, {maximum}{upper}."));
        }
    }

    public static void NonNegativeCount(long value, string paramName)
    {
        if (value < 0)
        {
            throw new ArgumentOutOfRangeException(
                paramName,
                value,
                string.Create(CultureInfo.InvariantCulture, $"{paramName} is {value}; the allowed range is zero or more."));
        }
    }

    public static void SameSetting<T>(T mine, T theirs, string what, string paramName)
        where T : IEquatable<T>
    {
        if (!mine.Equals(theirs))
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"Only accumulators with the same {what} can be merged: this one has {mine}, the other {theirs}."),
                paramName);
        }
    }
}
