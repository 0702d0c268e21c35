using System.Globalization;

namespace CustomerService.Core.Kpis;

/// <summary>A rate kept as its exact numerator and denominator, so that it can be merged, audited and shown as "74 / 107".</summary>
/// <remarks>
/// KPIs return rates in this form rather than as a bare <see cref="double"/> so that nobody has to guess what was
/// counted: the numerator and the denominator are the two counts the formula names. The default value is 0 / 0,
/// whose <see cref="Value"/> is <see cref="double.NaN"/> (no data).
/// </remarks>
/// <threadsafety>This type is an immutable value type: any number of threads may share and read an instance without locking.</threadsafety>
public readonly record struct KpiRate
{
    /// <summary>Initializes a new instance of the <see cref="KpiRate"/> struct.</summary>
    /// <param name="numerator">The count that meets the KPI's condition; not negative.</param>
    /// <param name="denominator">The count the KPI is taken over; not negative.</param>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when <paramref name="numerator"/> or <paramref name="denominator"/> is negative.</exception>
    public KpiRate(long numerator, long denominator)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(numerator);
        ArgumentOutOfRangeException.ThrowIfNegative(denominator);
        Numerator = numerator;
        Denominator = denominator;
    }

    /// <summary>Gets the count that meets the KPI's condition.</summary>
    /// <value>A non-negative count.</value>
    public long Numerator { get; }

    /// <summary>Gets the count the KPI is taken over.</summary>
    /// <value>A non-negative count; zero means there was no data.</value>
    public long Denominator { get; }

    /// <summary>Gets the rate as a fraction: <c>Numerator / Denominator</c>.</summary>
    /// <value>The fraction, or <see cref="double.NaN"/> when <see cref="Denominator"/> is zero.</value>
    public double Value => Denominator == 0 ? double.NaN : (double)Numerator / Denominator;

    /// <summary>Gets the rate as a percentage: <c>100 × Numerator / Denominator</c>.</summary>
    /// <value>The percentage, or <see cref="double.NaN"/> when <see cref="Denominator"/> is zero.</value>
    public double Percent => Denominator == 0 ? double.NaN : 100.0 * Numerator / Denominator;

    /// <summary>Returns the rate as "numerator / denominator (percent %)".</summary>
    /// <returns>For example <c>74 / 107 (69.16 %)</c>, using the invariant culture.</returns>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Numerator} / {Denominator} ({Percent:0.00} %)");
}
