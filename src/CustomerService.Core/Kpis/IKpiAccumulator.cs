namespace CustomerService.Core.Kpis;

/// <summary>A KPI accumulator: it takes one record at a time and merges with another accumulator of the same settings.</summary>
/// <typeparam name="TRecord">The type of record the KPI is computed from.</typeparam>
/// <typeparam name="TSelf">The accumulator type itself.</typeparam>
/// <remarks>
/// Every accumulator promises that merging gives exactly the single-pass result: accumulating shard A and shard B
/// separately and merging gives the same figures as accumulating A then B in one accumulator, whatever the order of
/// the records. Every <c>Add</c>, <c>AddRange</c> and <c>Merge</c> of the package's accumulators is all-or-nothing: when it
/// throws, the accumulator is as it was. Reading an accumulator, or merging it into another, never changes it. Generic code constrained on this interface (such as <see cref="KpiGroups{TKey, TRecord, TAccumulator}"/>)
/// calls the struct accumulators without boxing or interface dispatch.
/// </remarks>
/// <threadsafety>Implementations are mutable and not thread-safe: use one accumulator per thread and merge them.</threadsafety>
public interface IKpiAccumulator<TRecord, TSelf>
    where TSelf : IKpiAccumulator<TRecord, TSelf>
{
    /// <summary>Adds one record.</summary>
    /// <param name="record">The record to add.</param>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when the record is outside the KPI's allowed range; the accumulator is unchanged.</exception>
    /// <exception cref="OverflowException">Thrown when a count or total would pass its limit (<see cref="long.MaxValue"/>, or <see cref="NodaTime.Duration.MaxValue"/> for totals of time); the accumulator is unchanged.</exception>
    void Add(TRecord record);

    /// <summary>Adds every record counted by another accumulator with the same settings.</summary>
    /// <param name="other">The accumulator to merge into this one; it is not changed.</param>
    /// <exception cref="ArgumentException">Thrown when <paramref name="other"/> has different settings; the accumulator is unchanged.</exception>
    /// <exception cref="OverflowException">Thrown when a count or total would pass its limit; the accumulator is unchanged.</exception>
    void Merge(in TSelf other);
}
