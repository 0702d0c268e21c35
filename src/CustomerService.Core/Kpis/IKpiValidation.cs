namespace CustomerService.Core.Kpis;

/// <summary>Implemented by the package's accumulators that can reject a record: checks one without adding it.</summary>
/// <typeparam name="TRecord">The record type.</typeparam>
/// <remarks><see cref="KpiGroups{TKey, TRecord, TAccumulator}"/> uses it to report a rejected record with its position in
/// the caller's batch before anything is added.</remarks>
internal interface IKpiRecordValidator<in TRecord>
{
    /// <summary>Throws what adding <paramref name="record"/> would throw for its value, naming <c>batchName[index]</c> and the index; changes nothing.</summary>
    /// <remarks>Called for every item of a batch: the parameter name is built only when the record is rejected.</remarks>
    void ValidateRecord(TRecord record, string batchName, int index);
}

/// <summary>Implemented by the package's class accumulators: checks a merge without doing it, so that merges of several groups can be all-or-nothing.</summary>
/// <typeparam name="TSelf">The accumulator type.</typeparam>
internal interface IKpiMergeValidator<in TSelf>
{
    /// <summary>Throws what merging <paramref name="other"/> into this accumulator would throw, naming <paramref name="paramName"/>; changes nothing.</summary>
    void ValidateMerge(TSelf other, string paramName);
}
