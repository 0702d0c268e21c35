using System.Globalization;

namespace CustomerService.Core.Kpis;

/// <summary>The Hyndman &amp; Fan sample-quantile rules: which two order statistics a percentile needs and how to weigh them.</summary>
internal static class Quantile
{
    // R: fuzz <- 4 * .Machine$double.eps, here relative to the size of h so that large samples keep it meaningful.
    private const double Fuzz = 4 * 2.220446049250313e-16;

    /// <summary>Checks that a method is one of the nine.</summary>
    public static void CheckMethod(PercentileMethod method, string paramName)
    {
        if (method is < PercentileMethod.NearestRank or > PercentileMethod.NormalUnbiased)
        {
            throw new ArgumentOutOfRangeException(paramName, method, string.Create(CultureInfo.InvariantCulture, $"The percentile method is {(int)method}; the allowed methods are R's types 1 to 9 ({nameof(PercentileMethod.NearestRank)} … {nameof(PercentileMethod.NormalUnbiased)})."));
        }
    }

    /// <summary>Checks a percentile, 0 to 100.</summary>
    public static void CheckPercent(double percent, string paramName, int? index = null)
    {
        if (!(percent >= 0 && percent <= 100))
        {
            string where = index is int i ? string.Create(CultureInfo.InvariantCulture, $" at position {i}") : string.Empty;
            throw new ArgumentOutOfRangeException(index is int j ? KpiGuard.At(paramName, j) : paramName, percent, string.Create(CultureInfo.InvariantCulture, $"The percentile{where} is {percent}; the allowed range is 0 to 100 inclusive."));
        }
    }

    /// <summary>Gets the 0-based ranks of the two order statistics and the weight γ of the higher one: result = (1 − γ)·x[low] + γ·x[high].</summary>
    /// <param name="n">The sample size; positive.</param>
    /// <param name="percent">The percentile, 0 to 100.</param>
    /// <param name="method">One of the nine methods.</param>
    public static (long Low, long High, double Weight) Plan(long n, double percent, PercentileMethod method)
    {
        // n·p is computed as percent·n / 100: exact for whole percentiles of any practical n.
        double np = percent * n / 100.0;
        long j;
        double g;
        double gamma;
        switch (method)
        {
            case PercentileMethod.NearestRank:
            case PercentileMethod.AveragedNearestRank:
                (j, g) = Split(np);
                gamma = g > 0 ? 1 : (method == PercentileMethod.NearestRank ? 0 : 0.5);
                break;
            case PercentileMethod.ClosestObservation:
                (j, g) = Split(np - 0.5);
                gamma = g == 0 && j % 2 == 0 ? 0 : 1;
                break;
            default:
                (double a, double b) = method switch
                {
                    PercentileMethod.InterpolatedInverseCdf => (0.0, 1.0),
                    PercentileMethod.Hazen => (0.5, 0.5),
                    PercentileMethod.Weibull => (0.0, 0.0),
                    PercentileMethod.Linear => (1.0, 1.0),
                    PercentileMethod.MedianUnbiased => (1.0 / 3, 1.0 / 3),
                    _ => (3.0 / 8, 3.0 / 8),
                };
                if (method == PercentileMethod.Linear)
                {
                    // h = 1 + (n − 1)·p: split (n − 1)·p itself, so the weight keeps every bit (1 + x would round it).
                    (j, g) = Split(percent * (n - 1) / 100.0);
                    j++;
                }
                else
                {
                    (j, g) = Split(a + (percent * (n + 1 - a - b) / 100.0));
                }

                gamma = g;
                break;
        }

        // 1-based j and j + 1, clamped to 1 … n, then 0-based.
        long low = Math.Clamp(j, 1, n) - 1;
        long high = Math.Clamp(j + 1, 1, n) - 1;
        if (gamma == 0 || low == high)
        {
            return (low, low, 0);
        }

        return gamma == 1 ? (high, high, 0) : (low, high, gamma);
    }

    /// <summary>Combines two order statistics (in nanoseconds) by the weight, rounding half away from zero.</summary>
    public static long Combine(long low, long high, double weight) =>
        weight == 0 || low == high ? low : low + (long)Math.Round((high - low) * weight, MidpointRounding.AwayFromZero);

    private static (long Whole, double Fraction) Split(double h)
    {
        double fuzz = Fuzz * Math.Max(1, Math.Abs(h));
        double whole = Math.Floor(h + fuzz);
        double fraction = h - whole;
        if (Math.Abs(fraction) < fuzz)
        {
            fraction = 0;
        }

        return ((long)whole, fraction);
    }
}
