using System.Globalization;

namespace CustomerService.Core.Kpis;

/// <summary>Customer churn and retention over a period, and their annualised equivalents.</summary>
/// <remarks>
/// <para>With S customers at the start of the period, E at its end, N acquired and L lost during it (E = S + N − L):</para>
/// <list type="bullet">
/// <item><description>Churn rate: <c>L / S</c>.</description></item>
/// <item><description>Retention rate: <c>(E − N) / S</c> = 1 − churn (customers acquired during the period do not count).</description></item>
/// <item><description>Annualised retention (compounding, k periods a year): <c>retention<sup>k</sup></c>; annualised churn: <c>1 − (1 − churn)<sup>k</sup></c>. A monthly churn of 2 % is 21.5 % a year, not 24 %.</description></item>
/// </list>
/// <para>Worked example: S = 1,000, N = 80, L = 50 in a month: churn 5 %, retention 95 %, annualised retention 0.95<sup>12</sup> = 54.0 %, annualised churn 46.0 %.</para>
/// </remarks>
/// <threadsafety>This type is stateless and thread-safe.</threadsafety>
public static class Retention
{
    /// <summary>Gets the churn rate of a period: lost over customers at the start.</summary>
    /// <param name="customersAtStart">Customers at the start of the period, S; not negative.</param>
    /// <param name="customersLost">Customers lost during the period, L; from 0 to S.</param>
    /// <returns><c>L / S</c>.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when a count is negative or more customers were lost than there were at the start.</exception>
    public static KpiRate ChurnRate(long customersAtStart, long customersLost)
    {
        KpiGuard.NonNegativeCount(customersAtStart, nameof(customersAtStart));
        if (customersLost < 0 || customersLost > customersAtStart)
        {
            throw new ArgumentOutOfRangeException(nameof(customersLost), customersLost, string.Create(CultureInfo.InvariantCulture, $"customersLost is {customersLost}; the allowed range is 0 to {customersAtStart} (the customers at the start)."));
        }

        return new KpiRate(customersLost, customersAtStart);
    }

    /// <summary>Gets the retention rate of a period: customers kept from the start, over customers at the start.</summary>
    /// <param name="customersAtStart">Customers at the start, S; not negative.</param>
    /// <param name="customersAtEnd">Customers at the end, E; not negative.</param>
    /// <param name="customersAcquired">Customers acquired during the period, N; from 0 to E, and E − N must not exceed S.</param>
    /// <returns><c>(E − N) / S</c>.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when a count is negative or the counts are inconsistent.</exception>
    public static KpiRate RetentionRate(long customersAtStart, long customersAtEnd, long customersAcquired)
    {
        KpiGuard.NonNegativeCount(customersAtStart, nameof(customersAtStart));
        KpiGuard.NonNegativeCount(customersAtEnd, nameof(customersAtEnd));
        if (customersAcquired < 0 || customersAcquired > customersAtEnd || customersAtEnd - customersAcquired > customersAtStart)
        {
            throw new ArgumentOutOfRangeException(nameof(customersAcquired), customersAcquired, string.Create(CultureInfo.InvariantCulture, $"customersAcquired is {customersAcquired}; the allowed range is {Math.Max(0, customersAtEnd - customersAtStart)} to {customersAtEnd} for {customersAtStart} at the start and {customersAtEnd} at the end."));
        }

        return new KpiRate(customersAtEnd - customersAcquired, customersAtStart);
    }

    /// <summary>Annualises a period's retention rate by compounding: <c>retention<sup>k</sup></c>.</summary>
    /// <param name="periodRetention">The period's retention rate, 0 to 1.</param>
    /// <param name="periodsPerYear">How many such periods make a year, k (12 for months, 4 for quarters, 52.1775 for weeks); greater than zero.</param>
    /// <returns>The annual retention rate, 0 to 1.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when an argument is NaN or outside its range.</exception>
    public static double AnnualisedRetention(double periodRetention, double periodsPerYear)
    {
        KpiGuard.InRange(periodRetention, nameof(periodRetention), 0, 1);
        KpiGuard.InRange(periodsPerYear, nameof(periodsPerYear), 0, 366, minimumInclusive: false);
        return Math.Pow(periodRetention, periodsPerYear);
    }

    /// <summary>Annualises a period's churn rate by compounding: <c>1 − (1 − churn)<sup>k</sup></c>.</summary>
    /// <param name="periodChurn">The period's churn rate, 0 to 1.</param>
    /// <param name="periodsPerYear">How many such periods make a year, k; greater than zero.</param>
    /// <returns>The annual churn rate, 0 to 1.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when an argument is NaN or outside its range.</exception>
    public static double AnnualisedChurn(double periodChurn, double periodsPerYear)
    {
        KpiGuard.InRange(periodChurn, nameof(periodChurn), 0, 1);
        KpiGuard.InRange(periodsPerYear, nameof(periodsPerYear), 0, 366, minimumInclusive: false);
        return 1 - Math.Pow(1 - periodChurn, periodsPerYear);
    }
}
