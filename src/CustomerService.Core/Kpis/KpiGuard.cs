using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using NodaTime;

namespace CustomerService.Core.Kpis;

/// <summary>Argument checks shared by the KPI calculators; every message names the value's position and the allowed range.</summary>
internal static class KpiGuard
{
    [DoesNotReturn]
    public static void ThrowScoreOutOfRange(string paramName, long position, long value, int minimum, int maximum) =>
        throw new ArgumentOutOfRangeException(
            paramName,
            value,
            string.Create(CultureInfo.InvariantCulture, $"The score at position {position} is {value}; the allowed range is {minimum} to {maximum} inclusive."));

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
                string.Create(CultureInfo.InvariantCulture, $"{paramName} is {value}; the allowed range is zero to about 292 years."));
        }

        return value.ToInt64Nanoseconds();
    }

    public static long NonNegativeNanosecondsAt(Duration value, string paramName, long position)
    {
        if (value < Duration.Zero || value > Duration.FromNanoseconds(long.MaxValue))
        {
            throw new ArgumentOutOfRangeException(
                paramName,
                value,
                string.Create(CultureInfo.InvariantCulture, $"The duration at position {position} is {value}; the allowed range is zero to about 292 years."));
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
