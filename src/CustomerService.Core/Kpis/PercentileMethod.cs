namespace CustomerService.Core.Kpis;

/// <summary>How a percentile is taken from a sorted sample x<sub>1</sub> ≤ … ≤ x<sub>n</sub>: the nine sample-quantile
/// definitions of Hyndman &amp; Fan (1996), numbered as R's <c>quantile(type = k)</c>.</summary>
/// <remarks>
/// <para>The numeric value of each member is its R type, so <c>(PercentileMethod)7</c> is <see cref="Linear"/>. With
/// p = percent / 100, every method picks an index h (1-based) and returns x<sub>⌊h⌋</sub> + γ·(x<sub>⌊h⌋+1</sub> − x<sub>⌊h⌋</sub>);
/// indices below 1 are x<sub>1</sub> and above n are x<sub>n</sub>. Types 1–3 are step functions (γ is 0, ½ or 1);
/// types 4–9 interpolate (γ = h − ⌊h⌋) with h = a + p·(n + 1 − a − b). An h within 4 units in the last place of a
/// whole number is taken as that number (R's "fuzz"), so whole percentiles of whole-number data give R's answers.</para>
/// <para>Spreadsheets: Excel's <c>PERCENTILE.INC</c>, <c>QUARTILE.INC</c> and <c>PERCENTILE</c> are <see cref="Linear"/>;
/// <c>PERCENTILE.EXC</c> and <c>QUARTILE.EXC</c> are <see cref="Weibull"/>, except that Excel answers <c>#NUM!</c> for
/// p &lt; 1 / (n + 1) or p &gt; n / (n + 1), where this method (like R) answers x<sub>1</sub> or x<sub>n</sub>.</para>
/// <para>The default value (0) is not a method: every percentile call rejects it.</para>
/// </remarks>
/// <threadsafety>This type is an enumeration; its values are immutable and thread-safe.</threadsafety>
public enum PercentileMethod
{
    /// <summary>R type 1, nearest rank (inverse of the empirical distribution function): x<sub>⌈n·p⌉</sub>, and x<sub>1</sub> for p = 0. Always an observed value. SAS definition 3.</summary>
    NearestRank = 1,

    /// <summary>R type 2, inverse of the empirical distribution function with averaging at discontinuities: as <see cref="NearestRank"/>, but the mean of x<sub>n·p</sub> and x<sub>n·p+1</sub> when n·p is whole. SAS definition 5.</summary>
    AveragedNearestRank = 2,

    /// <summary>R type 3, the observation closest to n·p − ½, the even one on a tie. SAS definition 2.</summary>
    ClosestObservation = 3,

    /// <summary>R type 4, linear interpolation of the empirical distribution function: h = n·p. SAS definition 1.</summary>
    InterpolatedInverseCdf = 4,

    /// <summary>R type 5, piecewise linear through the midpoints of the steps (Hazen): h = n·p + ½.</summary>
    Hazen = 5,

    /// <summary>R type 6, h = (n + 1)·p (Weibull): Excel's <c>PERCENTILE.EXC</c> and <c>QUARTILE.EXC</c>, Minitab and SPSS. SAS definition 4.</summary>
    Weibull = 6,

    /// <summary>R type 7 (R's and NumPy's default), h = (n − 1)·p + 1: Excel's <c>PERCENTILE.INC</c>, <c>QUARTILE.INC</c> and <c>PERCENTILE</c>.</summary>
    Linear = 7,

    /// <summary>R type 8, approximately median-unbiased whatever the distribution: h = (n + ⅓)·p + ⅓. Hyndman &amp; Fan's recommendation.</summary>
    MedianUnbiased = 8,

    /// <summary>R type 9, approximately unbiased for normally distributed data: h = (n + ¼)·p + ⅜.</summary>
    NormalUnbiased = 9,
}
