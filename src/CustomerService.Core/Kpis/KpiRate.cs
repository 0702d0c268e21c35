using System.Globalization;

namespace CustomerService.Core.Kpis;

/// <summary>A rate kept as its exact numerator and denominator, so that it can be merged, audited and shown as "74 / 107".</summary>
/// <remarks>
/// KPIs return rates in this form rather than as a bare <see cref="double"/> so that nobody has to guess what was
/// counted: the numerator and the denominator are the two counts the formula names.
/// <para><b>No data.</b> With a zero denominator there is no rate: <see cref="HasValue"/> is <see langword="false"/> and
/// <see cref="Value"/> and <see cref="Percent"/> are <see langword="null"/>, so a dashboard shows "no data" (never
/// <c>NaN %</c> and never a misleading 0 %). The default value is 0 / 0, no data.</para>
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

    /// <summary>Gets a value indicating whether there is a rate: whether anything was counted (<see cref="Denominator"/> &gt; 0).</summary>
    /// <value><see langword="false"/> for no data.</value>
    public bool HasValue => Denominator != 0;

    /// <summary>Gets the rate as a fraction: <c>Numerator / Denominator</c>.</summary>
    /// <value>The fraction, or <see langword="null"/> when <see cref="Denominator"/> is zero (no data).</value>
    public double? Value => Denominator == 0 ? null : (double)Numerator / Denominator;

    /// <summary>Gets the rate as a percentage: <c>100 × Numerator / Denominator</c>.</summary>
    /// <value>The percentage, or <see langword="null"/> when <see cref="Denominator"/> is zero (no data).</value>
    public double? Percent => Denominator == 0 ? null : 100.0 * Numerator / Denominator;

    /// <summary>Returns the rate as "numerator / denominator (percent %)", or "0 / 0 (no data)".</summary>
    /// <returns>For example <c>74 / 107 (69.16 %)</c>, using the invariant culture.</returns>
    public override string ToString() => Percent is double percent
        ? string.Create(CultureInfo.InvariantCulture, $"{Numerator} / {Denominator} ({percent:0.00} %)")
        : string.Create(CultureInfo.InvariantCulture, $"{Numerator} / {Denominator} (no data)");
}
