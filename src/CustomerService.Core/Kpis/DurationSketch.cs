using System.Globalization;
using System.Runtime.CompilerServices;
using NodaTime;

namespace CustomerService.Core.Kpis;

/// <summary>A mergeable, fixed-size sketch of a set of durations that answers percentiles within a stated relative error.</summary>
/// <remarks>
/// <para>Use it instead of <see cref="DurationAccumulator"/> when the set is too large to keep (billions of values, or
/// many groups) and a bounded error is acceptable. Memory is fixed: about 2,200 counters (17 KB) at the default 1 %.</para>
/// <para>Method (logarithmic buckets, as in DDSketch): with relative accuracy α and γ = (1 + α) / (1 − α), a value
/// x ≥ 1 ns goes into bucket i = ⌈log<sub>γ</sub> x⌉, which covers (γ<sup>i−1</sup>, γ<sup>i</sup>]; zero has its own
/// counter. The estimate of the order statistic of rank k is the centre 2γ<sup>i</sup> / (γ + 1) of the bucket
/// holding it; a percentile by any of the nine <see cref="PercentileMethod"/> values (the same names and rules as
/// <see cref="DurationAccumulator"/>) combines the estimates of the one or two order statistics the method needs with
/// the method's weights.</para>
/// <para><b>Error bound:</b> the result r for percentile p by method m satisfies |r − v| ≤ α × v, where v is the exact
/// percentile by the same method of the same values (<see cref="DurationAccumulator.Percentile"/>): each estimate is
/// within α of its order statistic and the methods only take convex combinations of two. Zero is exact. Up to
/// floating-point rounding at bucket edges and the final rounding to the nanosecond. Merging two sketches gives exactly the sketch of the union, so the bound
/// holds after any number of merges.</para>
/// <para>Worked example: with α = 1 %, a true p90 of 120 s is reported between 118.8 s and 121.2 s.</para>
/// <para>Each duration is 0 to <see cref="long.MaxValue"/> nanoseconds (about 292 years). The count is an exact 64-bit
/// integer: an <see cref="Add"/>, <see cref="AddRange"/> or <see cref="Merge"/> that would take it past
/// <see cref="long.MaxValue"/> throws <see cref="OverflowException"/> and changes nothing.</para>
/// </remarks>
/// <threadsafety>This type is mutable and not thread-safe: use one sketch per thread and <see cref="Merge"/> them.</threadsafety>
public sealed class DurationSketch : IKpiAccumulator<Duration, DurationSketch>, IKpiRecordValidator<Duration>, IKpiMergeValidator<DurationSketch>
{
    private readonly double _relativeAccuracy;
    private readonly double _logGamma;
    private readonly double _gamma;
    private readonly long[] _buckets;
    private long _zeros;
    private long _count;

    /// <summary>Initializes a new instance of the <see cref="DurationSketch"/> class with 1 % relative accuracy.</summary>
    public DurationSketch()
        : this(0.01)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="DurationSketch"/> class.</summary>
    /// <param name="relativeAccuracy">The relative accuracy α, from 0.0001 to 0.5 (exclusive of 0.5).</param>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when <paramref name="relativeAccuracy"/> is NaN or outside [0.0001, 0.5).</exception>
    public DurationSketch(double relativeAccuracy)
    {
        KpiGuard.InRange(relativeAccuracy, nameof(relativeAccuracy), 0.0001, 0.5, maximumInclusive: false);
        _relativeAccuracy = relativeAccuracy;
        _gamma = (1 + relativeAccuracy) / (1 - relativeAccuracy);
        _logGamma = Math.Log(_gamma);
        _buckets = new long[(int)Math.Ceiling(63 * Math.Log(2) / _logGamma) + 2];
    }

    /// <summary>Gets the relative accuracy α the sketch guarantees.</summary>
    /// <value>The default value is 0.01 (1 %).</value>
    public double RelativeAccuracy => _relativeAccuracy;

    /// <summary>Gets the number of durations added.</summary>
    /// <value>n.</value>
    public long Count => _count;

    /// <summary>Adds one duration.</summary>
    /// <param name="record">The duration; not negative.</param>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when the duration is negative or longer than <see cref="long.MaxValue"/> nanoseconds; the message names its position, and the sketch is unchanged.</exception>
    /// <exception cref="OverflowException">Thrown when the count would pass <see cref="long.MaxValue"/>; the sketch is unchanged.</exception>
    public void Add(Duration record)
    {
        long v = KpiGuard.NonNegativeNanosecondsAt(record, nameof(record), _count);
        _ = KpiGuard.AddCount(_count, 1, "number of durations");
        AddNanoseconds(v);
    }

    /// <summary>Adds a batch of durations.</summary>
    /// <param name="records">The durations; none negative.</param>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when a duration is negative or longer than <see cref="long.MaxValue"/> nanoseconds;
    /// <see cref="ArgumentException.ParamName"/> is <c>records[i]</c> and the message names the index i. Nothing is added.</exception>
    /// <exception cref="OverflowException">Thrown when the count would pass <see cref="long.MaxValue"/>; nothing is added.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void AddRange(ReadOnlySpan<Duration> records)
    {
        for (int i = 0; i < records.Length; i++)
        {
            _ = KpiGuard.NonNegativeNanosecondsInBatch(records[i], nameof(records), i);
        }

        _ = KpiGuard.AddCount(_count, records.Length, "number of durations");

        foreach (Duration d in records)
        {
            AddNanoseconds(d.ToInt64Nanoseconds());
        }
    }

    /// <summary>Adds every duration counted by another sketch with the same accuracy.</summary>
    /// <param name="other">The sketch to merge; it is not changed.</param>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="other"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">Thrown when the accuracies differ; the sketch is unchanged.</exception>
    /// <exception cref="OverflowException">Thrown when the count would pass <see cref="long.MaxValue"/>; the sketch is unchanged.</exception>
    public void Merge(in DurationSketch other)
    {
        ArgumentNullException.ThrowIfNull(other);
        ((IKpiMergeValidator<DurationSketch>)this).ValidateMerge(other, nameof(other));
        for (int i = 0; i < _buckets.Length; i++)
        {
            _buckets[i] += other._buckets[i];
        }

        _zeros += other._zeros;
        _count += other._count;
    }

    /// <summary>Gets a percentile by a named method, within the relative error bound of that method's exact answer.</summary>
    /// <param name="percent">The percentile, 0 to 100.</param>
    /// <param name="method">The percentile method (R's type), the same names as <see cref="DurationAccumulator.Percentile"/>.</param>
    /// <returns>The estimate with its method; <see cref="DurationPercentile.HasValue"/> is <see langword="false"/> with no values.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when <paramref name="percent"/> is NaN or outside 0–100, or <paramref name="method"/> is not one of the nine methods.</exception>
    public DurationPercentile Percentile(double percent, PercentileMethod method)
    {
        Quantile.CheckPercent(percent, nameof(percent));
        Quantile.CheckMethod(method, nameof(method));
        if (_count == 0)
        {
            return new DurationPercentile(percent, method, null);
        }

        (long low, long high, double weight) = Quantile.Plan(_count, percent, method);
        double lo = EstimateAtRank(low);
        double estimate = weight == 0 ? lo : lo + ((EstimateAtRank(high) - lo) * weight);
        return new DurationPercentile(percent, method, Duration.FromNanoseconds((long)Math.Min(Math.Round(estimate), long.MaxValue)));
    }

    // The estimate of the order statistic of 0-based rank k: zero, or the centre 2γ^i / (γ + 1) of its bucket.
    private double EstimateAtRank(long rank)
    {
        long seen = _zeros;
        if (seen > rank)
        {
            return 0;
        }

        for (int i = 0; i < _buckets.Length; i++)
        {
            seen += _buckets[i];
            if (seen > rank)
            {
                return 2 * Math.Pow(_gamma, i) / (_gamma + 1);
            }
        }

        return long.MaxValue; // unreachable: the ranks are below the count
    }

    /// <inheritdoc/>
    void IKpiMergeValidator<DurationSketch>.ValidateMerge(DurationSketch other, string paramName)
    {
        KpiGuard.SameSetting(_relativeAccuracy, other._relativeAccuracy, "relative accuracy", paramName);
        _ = KpiGuard.AddCount(_count, other._count, "number of durations");
    }

    /// <inheritdoc/>
    void IKpiRecordValidator<Duration>.ValidateRecord(Duration record, string batchName, int index) =>
        _ = KpiGuard.NonNegativeNanosecondsInBatch(record, batchName, index);

    private void AddNanoseconds(long v)
    {
        _count++;
        if (v == 0)
        {
            _zeros++;
            return;
        }

        int index = (int)Math.Ceiling(Math.Log(v) / _logGamma);
        _buckets[Math.Clamp(index, 0, _buckets.Length - 1)]++;
    }
}
