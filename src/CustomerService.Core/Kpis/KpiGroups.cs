using System.Runtime.InteropServices;
using NodaTime;

namespace CustomerService.Core.Kpis;

/// <summary>One accumulator per group (agent, team, channel, local day, or any key), mergeable across shards.</summary>
/// <typeparam name="TKey">The group key, for example an agent id, a (team, day) tuple or a <see cref="LocalDate"/>.</typeparam>
/// <typeparam name="TRecord">The record type the accumulator takes.</typeparam>
/// <typeparam name="TAccumulator">The accumulator type; struct accumulators are updated in place, without copies or boxing.</typeparam>
/// <remarks>
/// Group by day with <see cref="KpiGroupKeys.LocalDay"/>: the day of a record is the local date of its instant in the
/// host's zone (a call at 23:30 UTC on 1 March is on 2 March in Asia/Shanghai). Merging two sets of groups merges the
/// accumulators key by key, so the result equals grouping all records in one pass.
/// </remarks>
/// <threadsafety>This type is mutable and not thread-safe: use one instance per thread and <see cref="Merge"/> them.</threadsafety>
public sealed class KpiGroups<TKey, TRecord, TAccumulator>
    where TKey : notnull
    where TAccumulator : IKpiAccumulator<TRecord, TAccumulator>
{
    private readonly Dictionary<TKey, TAccumulator> _groups;
    private readonly Func<TAccumulator> _create;

    /// <summary>Initializes a new instance of the <see cref="KpiGroups{TKey, TRecord, TAccumulator}"/> class.</summary>
    /// <param name="create">Creates an empty accumulator for a new group (with the settings every group shares).</param>
    /// <param name="comparer">Compares keys, or <see langword="null"/> for the default comparer.</param>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="create"/> is <see langword="null"/>.</exception>
    public KpiGroups(Func<TAccumulator> create, IEqualityComparer<TKey>? comparer = null)
    {
        ArgumentNullException.ThrowIfNull(create);
        _create = create;
        _groups = new Dictionary<TKey, TAccumulator>(comparer);
    }

    /// <summary>Gets the groups and their accumulators.</summary>
    /// <value>A live read-only view; struct accumulators are returned as copies.</value>
    public IReadOnlyDictionary<TKey, TAccumulator> Groups => _groups;

    /// <summary>Gets the number of groups.</summary>
    /// <value>The number of distinct keys seen.</value>
    public int Count => _groups.Count;

    /// <summary>Adds one record to its group's accumulator.</summary>
    /// <param name="key">The group key.</param>
    /// <param name="record">The record.</param>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="key"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when the accumulator rejects the record.</exception>
    public void Add(TKey key, TRecord record)
    {
        ref TAccumulator accumulator = ref Get(key);
        accumulator.Add(record);
    }

    /// <summary>Adds a batch of source items, each to the group its key selector names.</summary>
    /// <typeparam name="TSource">The host's item type (a survey, a call, a ticket).</typeparam>
    /// <param name="source">The items.</param>
    /// <param name="keySelector">Picks an item's group key.</param>
    /// <param name="recordSelector">Picks an item's KPI record.</param>
    /// <exception cref="ArgumentNullException">Thrown when a selector is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when an accumulator rejects a record; the items before it have been added.</exception>
    public void AddRange<TSource>(ReadOnlySpan<TSource> source, Func<TSource, TKey> keySelector, Func<TSource, TRecord> recordSelector)
    {
        ArgumentNullException.ThrowIfNull(keySelector);
        ArgumentNullException.ThrowIfNull(recordSelector);
        foreach (TSource item in source)
        {
            ref TAccumulator accumulator = ref Get(keySelector(item));
            accumulator.Add(recordSelector(item));
        }
    }

    /// <summary>Merges another set of groups into this one, key by key.</summary>
    /// <param name="other">The groups to merge; they are not changed.</param>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="other"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">Thrown when two accumulators of one key have different settings.</exception>
    public void Merge(KpiGroups<TKey, TRecord, TAccumulator> other)
    {
        ArgumentNullException.ThrowIfNull(other);
        foreach (KeyValuePair<TKey, TAccumulator> pair in other._groups.ToList())
        {
            ref TAccumulator accumulator = ref Get(pair.Key);
            TAccumulator theirs = pair.Value;
            accumulator.Merge(in theirs);
        }
    }

    private ref TAccumulator Get(TKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        ref TAccumulator? accumulator = ref CollectionsMarshal.GetValueRefOrAddDefault(_groups, key, out bool exists);
        if (!exists)
        {
            accumulator = _create();
        }

        return ref accumulator!;
    }
}

/// <summary>Helpers that compute group keys.</summary>
/// <threadsafety>This type is stateless and thread-safe.</threadsafety>
public static class KpiGroupKeys
{
    /// <summary>Gets the local date of an instant in a zone: the "day" a record belongs to.</summary>
    /// <param name="instant">When the record happened.</param>
    /// <param name="zone">The host's zone (for example from <c>DateTimeZoneProviders.Tzdb["Asia/Shanghai"]</c>).</param>
    /// <returns>The local date of <paramref name="instant"/> in <paramref name="zone"/>.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="zone"/> is <see langword="null"/>.</exception>
    public static LocalDate LocalDay(Instant instant, DateTimeZone zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        return instant.InZone(zone).Date;
    }
}
