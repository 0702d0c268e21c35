using System.Globalization;
using NodaTime;
using NodaTime.Text;

namespace CustomerService.Core.Leads;

/// <summary>The kind of a customer fact that segmentation rules read.</summary>
/// <threadsafety>Enum values are immutable and thread-safe.</threadsafety>
public enum FactKind
{
    /// <summary>A calendar date, compared with "today" plus or minus a period (a wedding date, a last purchase).</summary>
    Date = 1,

    /// <summary>A real number (an amount spent, a ratio).</summary>
    Number = 2,

    /// <summary>A non-negative whole number (purchases, open complaints).</summary>
    Count = 3,

    /// <summary>A yes/no fact (has a partner, is an order customer).</summary>
    Flag = 4,

    /// <summary>One value of a closed list of names declared by the schema (a marital status, a store).</summary>
    Enum = 5,
}

/// <summary>One customer fact value, as rules read it: a date, a number, a count, a flag, an enum ordinal, or missing.</summary>
/// <remarks>
/// The default value is <see cref="Missing"/>: every condition on a missing fact is false, except
/// <see cref="ConditionOperator.IsMissing"/>. A value whose kind differs from the kind the schema declares for its
/// fact is read as missing, so evaluation never throws on data.
/// </remarks>
/// <threadsafety>This type is an immutable value type and is safe to share between threads.</threadsafety>
public readonly struct FactValue : IEquatable<FactValue>
{
    // Days-from-civil counts from 0000-03-01; 1970-01-01 is day 719468 there and day 719162 from 0001-01-01.
    private const int UnixEpochDayNumber = 719162;
    private const int UnixEpochShift = 719468 - UnixEpochDayNumber;
    private static readonly LocalDate UnixEpoch = new(1970, 1, 1);

    private readonly double _number;
    private readonly int _day;
    private readonly byte _kind;

    private FactValue(byte kind, double number, int day)
    {
        _kind = kind;
        _number = number;
        _day = day;
    }

    /// <summary>Gets the missing value (no data for the fact).</summary>
    /// <value>The default value of the type.</value>
    public static FactValue Missing => default;

    /// <summary>Gets a value indicating whether this value is missing.</summary>
    /// <value><see langword="true"/> for <see cref="Missing"/>.</value>
    public bool IsMissing => _kind == 0;

    /// <summary>Gets the kind of the value.</summary>
    /// <value>The kind, or <see langword="null"/> when the value is missing.</value>
    public FactKind? Kind => _kind == 0 ? null : (FactKind)_kind;

    /// <summary>Gets the date held by a date value.</summary>
    /// <value>The date.</value>
    /// <exception cref="InvalidOperationException">Thrown when the value is not a date.</exception>
    public LocalDate Date => _kind == (byte)FactKind.Date ? ToLocalDate(_day) : throw WrongKind(FactKind.Date);

    /// <summary>Gets the number held by a number, count, flag (1 or 0) or enum (ordinal) value.</summary>
    /// <value>The number.</value>
    /// <exception cref="InvalidOperationException">Thrown when the value is missing or a date.</exception>
    public double Number => _kind is 0 or (byte)FactKind.Date ? throw WrongKind(FactKind.Number) : _number;

    internal byte RawKind => _kind;

    internal double RawNumber => _number;

    internal int RawDay => _day;

    /// <summary>Creates a date value.</summary>
    /// <param name="date">The date.</param>
    /// <returns>The value.</returns>
    public static FactValue FromDate(LocalDate date) => new((byte)FactKind.Date, 0, DayNumber(date));

    /// <summary>Creates a date value, or <see cref="Missing"/> when <paramref name="date"/> is <see langword="null"/>.</summary>
    /// <param name="date">The date, or <see langword="null"/>.</param>
    /// <returns>The value.</returns>
    public static FactValue FromDate(LocalDate? date) => date is { } d ? FromDate(d) : default;

    /// <summary>Creates a number value.</summary>
    /// <param name="number">A finite number.</param>
    /// <returns>The value.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when <paramref name="number"/> is NaN or infinite.</exception>
    public static FactValue FromNumber(double number)
    {
        if (!double.IsFinite(number))
        {
            throw new ArgumentOutOfRangeException(nameof(number), "A fact number must be finite.");
        }

        return new((byte)FactKind.Number, number, 0);
    }

    /// <summary>Creates a count value.</summary>
    /// <param name="count">A non-negative count.</param>
    /// <returns>The value.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when <paramref name="count"/> is negative.</exception>
    public static FactValue FromCount(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        return new((byte)FactKind.Count, count, 0);
    }

    /// <summary>Creates a flag value.</summary>
    /// <param name="flag">The flag.</param>
    /// <returns>The value.</returns>
    public static FactValue FromFlag(bool flag) => new((byte)FactKind.Flag, flag ? 1 : 0, 0);

    /// <summary>Creates an enum value from its ordinal in the schema's list of names (see <see cref="FactSchema.EnumValue"/>).</summary>
    /// <param name="ordinal">The zero-based ordinal, below 64.</param>
    /// <returns>The value.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when <paramref name="ordinal"/> is negative or 64 or more.</exception>
    public static FactValue FromEnumOrdinal(int ordinal)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(ordinal);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(ordinal, FactSchema.MaxEnumValues);
        return new((byte)FactKind.Enum, ordinal, 0);
    }

    /// <inheritdoc/>
    public bool Equals(FactValue other) => _kind == other._kind && _number.Equals(other._number) && _day == other._day;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is FactValue other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(_kind, _number, _day);

    /// <summary>Compares two values for equality.</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    /// <returns><see langword="true"/> when both are equal.</returns>
    public static bool operator ==(FactValue left, FactValue right) => left.Equals(right);

    /// <summary>Compares two values for inequality.</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    /// <returns><see langword="true"/> when they differ.</returns>
    public static bool operator !=(FactValue left, FactValue right) => !left.Equals(right);

    /// <summary>Formats the value with the invariant culture (dates in ISO form).</summary>
    /// <returns>The text.</returns>
    public override string ToString() => _kind switch
    {
        0 => "(missing)",
        (byte)FactKind.Date => LocalDatePattern.Iso.Format(ToLocalDate(_day)),
        (byte)FactKind.Flag => _number != 0 ? "true" : "false",
        (byte)FactKind.Enum => "#" + _number.ToString(CultureInfo.InvariantCulture),
        _ => _number.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>Gets the ISO day number of a date (days since 0001-01-01, negative before it), the integer rules compare.</summary>
    /// <remarks>Days-from-civil on the proleptic Gregorian calendar, valid over NodaTime's whole date range.</remarks>
    internal static int DayNumber(LocalDate date)
    {
        if (date.Calendar != CalendarSystem.Iso)
        {
            date = date.WithCalendar(CalendarSystem.Iso);
        }

        int y = date.Year, m = date.Month, d = date.Day;
        if (m <= 2)
        {
            y--;
        }

        var era = (y >= 0 ? y : y - 399) / 400;
        var yearOfEra = y - (era * 400);
        var dayOfYear = ((153 * (m > 2 ? m - 3 : m + 9)) + 2) / 5 + d - 1;
        var dayOfEra = (yearOfEra * 365) + (yearOfEra / 4) - (yearOfEra / 100) + dayOfYear;
        return (era * 146097) + dayOfEra - UnixEpochShift;
    }

    internal static LocalDate ToLocalDate(int dayNumber) => UnixEpoch.PlusDays(dayNumber - UnixEpochDayNumber);

    private InvalidOperationException WrongKind(FactKind wanted) =>
        new($"The fact value is {(IsMissing ? "missing" : Kind.ToString())}, not {wanted}.");
}
