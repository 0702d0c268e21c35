using System.Globalization;
using System.Runtime.CompilerServices;
using NodaTime;

namespace CustomerService.Core.Kpis;

/// <summary>Accumulates durations (first response times, resolution times, handle times, waits) and answers exact mean, median and percentiles.</summary>
/// <remarks>
/// <para>Every value is kept (8 bytes each) so percentiles are exact and merging gives exactly the single-pass answer.
/// For very large sets where a bounded error is acceptable, use <see cref="DurationSketch"/> instead.</para>
/// <para>Formulas over n values: <c>mean = (Σ x) / n</c>, rounded half up to the nanosecond;
/// percentiles by a named <see cref="PercentileMethod"/> (any of Hyndman &amp; Fan's nine, R's types 1–9, which include Excel's PERCENTILE.INC and PERCENTILE.EXC), each result naming its method;
/// median = the 50th percentile by the chosen method (linear gives the usual even-n average of the two middle values).</para>
/// <para>Percentiles are computed by a radix select over the kept values (a few linear passes, no full sort), and
/// the values are not reordered. Whether the durations are calendar time or business time is decided by what the
/// host adds; <see cref="ElapsedTime"/> computes both.</para>
/// <para>Worked example: 10, 20, 30, 40 minutes: mean 25 min; median 20 min (nearest rank) or 25 min (linear);
/// 90th percentile 40 min (nearest rank) or 37 min (linear: h = 2.7, 30 + 0.7 × 10).</para>
/// <para>Limits: each duration is 0 to <see cref="long.MaxValue"/> nanoseconds (about 292 years); at most
/// <see cref="Array.MaxLength"/> values are kept (beyond, adding throws <see cref="ArgumentOutOfRangeException"/> and
/// changes nothing; use <see cref="DurationSketch"/>); the sum is kept in 128 bits, so <see cref="Mean"/> is always exact,
/// but <see cref="Total"/> throws <see cref="OverflowException"/> when the sum passes <see cref="Duration.MaxValue"/>
/// (about 45,964 years).</para>
/// </remarks>
/// <threadsafety>This type is mutable and not thread-safe: use one accumulator per thread and <see cref="Merge"/> them. Reading statistics while no thread adds is safe.</threadsafety>
public sealed class DurationAccumulator : IKpiAccumulator<Duration, DurationAccumulator>, IKpiRecordValidator<Duration>, IKpiMergeValidator<DurationAccumulator>
{
    private long[] _values;
    private int _count;
    private Int128 _sum;
    private long _min = long.MaxValue;
    private long _max = long.MinValue;

    /// <summary>Initializes a new instance of the <see cref="DurationAccumulator"/> class.</summary>
    public DurationAccumulator()
        : this(0)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="DurationAccumulator"/> class with room for a number of values.</summary>
    /// <param name="capacity">How many values to make room for up front; not negative.</param>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when <paramref name="capacity"/> is negative or larger than <see cref="Array.MaxLength"/>.</exception>
    public DurationAccumulator(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(capacity, Array.MaxLength);
        _values = capacity == 0 ? [] : new long[capacity];
    }

    /// <summary>Gets the number of durations added.</summary>
    /// <value>n.</value>
    public long Count => _count;

    /// <summary>Gets the sum of the durations.</summary>
    /// <value>Σ x, or zero with no values.</value>
    /// <exception cref="OverflowException">Thrown when the sum is longer than <see cref="Duration.MaxValue"/> (about 45,964 years).</exception>
    public Duration Total => KpiGuard.ToDuration(_sum, "total of the durations");

    /// <summary>Gets the shortest duration.</summary>
    /// <value>The minimum, or <see langword="null"/> with no values.</value>
    public Duration? Minimum => _count == 0 ? null : Duration.FromNanoseconds(_min);

    /// <summary>Gets the longest duration.</summary>
    /// <value>The maximum, or <see langword="null"/> with no values.</value>
    public Duration? Maximum => _count == 0 ? null : Duration.FromNanoseconds(_max);

    /// <summary>Gets the mean: <c>(Σ x) / n</c>, rounded half up to the nanosecond.</summary>
    /// <value>The mean, or <see langword="null"/> with no values.</value>
    public Duration? Mean => _count == 0 ? null : Duration.FromNanoseconds((long)((_sum + (_count / 2)) / _count));

    /// <summary>Adds one duration.</summary>
    /// <param name="record">The duration; not negative.</param>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when the duration is negative or longer than <see cref="long.MaxValue"/> nanoseconds (the message
    /// names its position: the number of values added before it), or the accumulator already holds <see cref="Array.MaxLength"/> values; the accumulator is unchanged.</exception>
    public void Add(Duration record)
    {
        long v = KpiGuard.NonNegativeNanosecondsAt(record, nameof(record), _count);
        EnsureCapacity(1, nameof(record));
        _values[_count++] = v;
        _sum += v;
        _min = Math.Min(_min, v);
        _max = Math.Max(_max, v);
    }

    /// <summary>Adds a batch of durations.</summary>
    /// <param name="records">The durations; none negative.</param>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when a duration is negative or longer than <see cref="long.MaxValue"/> nanoseconds
    /// (<see cref="ArgumentException.ParamName"/> is <c>records[i]</c> and the message names the index i), or the values would
    /// pass <see cref="Array.MaxLength"/> (naming <paramref name="records"/>). Nothing is added.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void AddRange(ReadOnlySpan<Duration> records)
    {
        for (int i = 0; i < records.Length; i++)
        {
            _ = KpiGuard.NonNegativeNanosecondsInBatch(records[i], nameof(records), i);
        }

        EnsureCapacity(records.Length, nameof(records));
        Int128 sum = 0;
        long min = _min;
        long max = _max;
        Span<long> target = _values.AsSpan(_count, records.Length);
        for (int i = 0; i < records.Length; i++)
        {
            long v = records[i].ToInt64Nanoseconds();
            target[i] = v;
            sum += v;
            min = Math.Min(min, v);
            max = Math.Max(max, v);
        }

        _count += records.Length;
        _sum += sum;
        _min = min;
        _max = max;
    }

    /// <summary>Adds every duration of another accumulator.</summary>
    /// <param name="other">The accumulator to merge; it is not changed (it may be this accumulator, which doubles every value).</param>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="other"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when the values would pass <see cref="Array.MaxLength"/>; the accumulator is unchanged.</exception>
    public void Merge(in DurationAccumulator other)
    {
        ArgumentNullException.ThrowIfNull(other);
        int n = other._count;
        EnsureCapacity(n, nameof(other));
        other._values.AsSpan(0, n).CopyTo(_values.AsSpan(_count));
        _count += n;
        _sum += other._sum;
        _min = Math.Min(_min, other._min);
        _max = Math.Max(_max, other._max);
    }

    /// <inheritdoc/>
    void IKpiRecordValidator<Duration>.ValidateRecord(Duration record, string batchName, int index) =>
        _ = KpiGuard.NonNegativeNanosecondsInBatch(record, batchName, index);

    /// <inheritdoc/>
    void IKpiMergeValidator<DurationAccumulator>.ValidateMerge(DurationAccumulator other, string paramName)
    {
        if ((long)_count + other._count > Array.MaxLength)
        {
            throw new ArgumentOutOfRangeException(paramName, other._count, string.Create(CultureInfo.InvariantCulture, $"A duration accumulator holds at most {Array.MaxLength} values; use DurationSketch for larger sets."));
        }
    }

    /// <summary>Gets the median: the 50th percentile by the given method.</summary>
    /// <param name="method">The percentile method (R's type); <see cref="PercentileMethod.Linear"/> averages the two middle values when n is even.</param>
    /// <returns>The median with its method; <see cref="DurationPercentile.HasValue"/> is <see langword="false"/> with no values.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when <paramref name="method"/> is not one of the nine methods.</exception>
    public DurationPercentile Median(PercentileMethod method) => Percentile(50, method);

    /// <summary>Gets one percentile, exactly, by a named method.</summary>
    /// <param name="percent">The percentile, 0 to 100 (for example 90 for p90).</param>
    /// <param name="method">The percentile method (R's type).</param>
    /// <returns>The percentile with its method; <see cref="DurationPercentile.HasValue"/> is <see langword="false"/> with no values.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when <paramref name="percent"/> is NaN or outside 0–100, or <paramref name="method"/> is not one of the nine methods.</exception>
    public DurationPercentile Percentile(double percent, PercentileMethod method)
    {
        Quantile.CheckPercent(percent, nameof(percent));
        Span<DurationPercentile> result = stackalloc DurationPercentile[1];
        ReadOnlySpan<double> percents = [percent];
        Percentiles(percents, method, result);
        return result[0];
    }

    /// <summary>Gets several percentiles at once, sharing the passes over the data (cheaper than one call per percentile).</summary>
    /// <param name="percents">The percentiles, each 0 to 100, in any order.</param>
    /// <param name="method">The percentile method (R's type).</param>
    /// <param name="destination">Receives the percentiles with their method, in the order of <paramref name="percents"/>; at least as long.</param>
    /// <returns><see langword="true"/> when there were values; <see langword="false"/> with no values (each result then has no value).</returns>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when a percentile is NaN or outside 0–100 (<see cref="ArgumentException.ParamName"/> is <c>percents[i]</c>), or <paramref name="method"/> is not one of the nine methods.</exception>
    /// <exception cref="ArgumentException">Thrown when <paramref name="destination"/> is shorter than <paramref name="percents"/>.</exception>
    public bool Percentiles(ReadOnlySpan<double> percents, PercentileMethod method, Span<DurationPercentile> destination)
    {
        for (int i = 0; i < percents.Length; i++)
        {
            Quantile.CheckPercent(percents[i], nameof(percents), i);
        }

        Quantile.CheckMethod(method, nameof(method));
        if (destination.Length < percents.Length)
        {
            throw new ArgumentException("The destination is shorter than the list of percentiles.", nameof(destination));
        }

        if (_count == 0)
        {
            for (int i = 0; i < percents.Length; i++)
            {
                destination[i] = new DurationPercentile(percents[i], method, null);
            }

            return false;
        }

        int n = _count;

        // Every method needs at most two order statistics per percentile.
        var ranks = new long[percents.Length * 2];
        var weights = new double[percents.Length];
        for (int i = 0; i < percents.Length; i++)
        {
            (ranks[2 * i], ranks[(2 * i) + 1], weights[i]) = Quantile.Plan(n, percents[i], method);
        }

        long[] distinct = ranks.Distinct().Order().ToArray();
        var values = new long[distinct.Length];
        RadixSelect.Select(_values.AsSpan(0, n), _min, _max, distinct, values);
        for (int i = 0; i < percents.Length; i++)
        {
            long lo = values[Array.BinarySearch(distinct, ranks[2 * i])];
            long hi = values[Array.BinarySearch(distinct, ranks[(2 * i) + 1])];
            destination[i] = new DurationPercentile(percents[i], method, Duration.FromNanoseconds(Quantile.Combine(lo, hi, weights[i])));
        }

        return true;
    }

    private void EnsureCapacity(int extra, string paramName)
    {
        long needed = (long)_count + extra;
        if (needed > Array.MaxLength)
        {
            throw new ArgumentOutOfRangeException(paramName, extra, string.Create(CultureInfo.InvariantCulture, $"A duration accumulator holds at most {Array.MaxLength} values; use DurationSketch for larger sets."));
        }

        if (needed > _values.Length)
        {
            long size = Math.Max(needed, Math.Min(Array.MaxLength, Math.Max(16L, _values.Length * 2L)));
            Array.Resize(ref _values, (int)size);
        }
    }
}
