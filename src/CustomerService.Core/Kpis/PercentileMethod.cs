namespace CustomerService.Core.Kpis;

/// <summary>How a percentile is taken from a sorted sample x[0] ≤ … ≤ x[n−1].</summary>
/// <threadsafety>This type is an enumeration; its values are immutable and thread-safe.</threadsafety>
public enum PercentileMethod
{
    /// <summary>Nearest rank: the value at rank ⌈p/100 × n⌉ (1-based), and x[0] for p = 0. Always an observed value.</summary>
    NearestRank = 0,

    /// <summary>Linear interpolation between closest ranks, as Excel's PERCENTILE.INC and NumPy's default:
    /// h = (n − 1) × p/100, result = x[⌊h⌋] + (h − ⌊h⌋) × (x[⌊h⌋ + 1] − x[⌊h⌋]), rounded to the nearest nanosecond.</summary>
    Linear = 1,
}
