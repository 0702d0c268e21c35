using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using NodaTime;

namespace CustomerService.Core.Kpis;

/// <summary>One accumulator per group (agent, team, channel, local day, or any key), mergeable across shards.</summary>
/// <typeparam name="TKey">The group key, for example an agent id, a (team, day) tuple or a <see cref="LocalDate"/>.</typeparam>
/// <typeparam name="TRecord">The record type the accumulator takes.</typeparam>
/// <typeparam name="TAccumulator">The accumulator type; struct accumulators are updated in place, without copies or boxing.</typeparam>
/// <remarks>
/// <para>Group by day with <see cref="KpiGroupKeys.LocalDay"/>: the day of a record is the local date of its instant in the
/// host's zone (a call at 23:30 UTC on 1 March is on 2 March in Asia/Shanghai). Merging two sets of groups merges the
/// accumulators key by key, so the result equals grouping all records in one pass.</para>
/// <para><b>All or nothing.</b> <see cref="Add"/>, <see cref="AddRange"/> and <see cref="Merge"/> either apply completely or
/// change nothing (no group is created or changed when they throw): <see cref="AddRange"/> first adds the batch to fresh
/// accumulators, one per key it touches, and every method merges into copies (struct accumulators) or checks the merges
/// (the package's class accumulators) before it changes a group. A custom class accumulator cannot be copied or checked:
/// its records are still checked before anything changes, but a failing <c>Merge</c> of its own may leave earlier keys merged.</para>
/// </remarks>
/// <threadsafety>This type is mutable and not thread-safe for writing: use one instance per thread and <see cref="Merge"/> them.
/// Reading (<see cref="Groups"/>, <see cref="Count"/>) and being merged into another instance change nothing, so any number of
/// threads may read an instance, or merge it into their own, while no thread adds to it.</threadsafety>
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

    /// <summary>Adds one record to its group's accumulator, creating the group if needed.</summary>
    /// <param name="key">The group key.</param>
    /// <param name="record">The record.</param>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="key"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">Thrown (usually as <see cref="ArgumentOutOfRangeException"/>) when the accumulator rejects the record; no group is created or changed.</exception>
    /// <exception cref="OverflowException">Thrown when the group's counts would pass <see cref="long.MaxValue"/>; nothing changes.</exception>
    /// <exception cref="InvalidOperationException">Thrown when the create function given to the constructor returns <see langword="null"/>.</exception>
    public void Add(TKey key, TRecord record)
    {
        if (key is null)
        {
            throw new ArgumentNullException(nameof(key));
        }

        ref TAccumulator existing = ref CollectionsMarshal.GetValueRefOrNullRef(_groups, key);
        if (!Unsafe.IsNullRef(ref existing))
        {
            existing.Add(record);
            return;
        }

        TAccumulator created = Create();
        created.Add(record);
        _groups.Add(key, created);
    }

    /// <summary>Adds a batch of source items, each to the group its key selector names: all of them, or none.</summary>
    /// <typeparam name="TSource">The host's item type (a survey, a call, a ticket).</typeparam>
    /// <param name="source">The items.</param>
    /// <param name="keySelector">Picks an item's group key; it must not return <see langword="null"/>.</param>
    /// <param name="recordSelector">Picks an item's KPI record.</param>
    /// <exception cref="ArgumentNullException">Thrown when a selector is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">Thrown when the key selector returns <see langword="null"/> or an accumulator rejects a record
    /// (then usually as <see cref="ArgumentOutOfRangeException"/>); <see cref="ArgumentException.ParamName"/> is <c>source[i]</c> and
    /// the message names the index i. Nothing is added.</exception>
    /// <exception cref="OverflowException">Thrown when a group's counts would pass <see cref="long.MaxValue"/>; nothing is added.</exception>
    /// <exception cref="InvalidOperationException">Thrown when the create function given to the constructor returns <see langword="null"/>, or accumulators with different settings.</exception>
    /// <remarks>An exception thrown by a selector propagates unchanged, and nothing is added.</remarks>
    public void AddRange<TSource>(ReadOnlySpan<TSource> source, Func<TSource, TKey> keySelector, Func<TSource, TRecord> recordSelector)
    {
        ArgumentNullException.ThrowIfNull(keySelector);
        ArgumentNullException.ThrowIfNull(recordSelector);
        if (source.IsEmpty)
        {
            return;
        }

        // Stage the batch in fresh accumulators, one per key it touches: nothing here changes until every item is in.
        var staged = new Dictionary<TKey, TAccumulator>(_groups.Comparer);
        IKpiRecordValidator<TRecord>? validator = null;
        for (int i = 0; i < source.Length; i++)
        {
            TKey key = keySelector(source[i]);
            if (key is null)
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"The key selector returned null for the item at position {i}."), KpiGuard.At(nameof(source), i));
            }

            TRecord record = recordSelector(source[i]);
            ref TAccumulator? accumulator = ref CollectionsMarshal.GetValueRefOrAddDefault(staged, key, out bool exists);
            if (!exists)
            {
                accumulator = Create();
                validator ??= accumulator as IKpiRecordValidator<TRecord>; // the package's accumulators name the item themselves
            }

            if (validator is not null)
            {
                validator.ValidateRecord(record, nameof(source), i);
                accumulator!.Add(record);
            }
            else
            {
                try
                {
                    accumulator!.Add(record);
                }
                catch (ArgumentException ex)
                {
                    throw Rejected(ex, i);
                }
            }
        }

        Commit(staged);
    }

    /// <summary>Merges another set of groups into this one, key by key: all of them, or none.</summary>
    /// <param name="other">The groups to merge; they are not changed (they may be this instance, which doubles every group).</param>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="other"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">Thrown when two accumulators of one key have different settings; nothing changes.</exception>
    /// <exception cref="OverflowException">Thrown when a group's counts would pass <see cref="long.MaxValue"/>; nothing changes.</exception>
    /// <exception cref="InvalidOperationException">Thrown when the create function given to the constructor returns <see langword="null"/>.</exception>
    public void Merge(KpiGroups<TKey, TRecord, TAccumulator> other)
    {
        ArgumentNullException.ThrowIfNull(other);

        // Prepare every key first: merged copies (structs), checked merges (the package's classes), or fresh accumulators
        // merged with theirs (keys new here). Only then change the groups.
        var pending = new List<(TKey Key, TAccumulator Value, bool Exists)>(other._groups.Count);
        foreach (KeyValuePair<TKey, TAccumulator> pair in other._groups)
        {
            TAccumulator theirs = pair.Value;
            if (_groups.TryGetValue(pair.Key, out TAccumulator? mine))
            {
                if (typeof(TAccumulator).IsValueType)
                {
                    mine!.Merge(in theirs); // a copy
                    pending.Add((pair.Key, mine, true));
                }
                else
                {
                    (mine as IKpiMergeValidator<TAccumulator>)?.ValidateMerge(theirs, nameof(other));
                    pending.Add((pair.Key, theirs, true));
                }
            }
            else
            {
                TAccumulator fresh = Create();
                fresh.Merge(in theirs);
                pending.Add((pair.Key, fresh, false));
            }
        }

        foreach ((TKey key, TAccumulator value, bool exists) in pending)
        {
            if (typeof(TAccumulator).IsValueType || !exists)
            {
                _groups[key] = value;
            }
            else
            {
                _groups[key].Merge(in value);
            }
        }
    }

    private static ArgumentException Rejected(ArgumentException ex, int index)
    {
        string paramName = KpiGuard.At("source", index);
        string message = string.Create(CultureInfo.InvariantCulture, $"The record of the item at position {index} was rejected: {ex.Message}");
        return ex is ArgumentOutOfRangeException outOfRange
            ? new ArgumentOutOfRangeException(paramName, outOfRange.ActualValue, message)
            : new ArgumentException(message, paramName, ex);
    }

    private TAccumulator Create()
    {
        TAccumulator accumulator = _create();
        if (accumulator is null)
        {
            throw new InvalidOperationException("The create function given to the KpiGroups constructor returned null.");
        }

        return accumulator;
    }

    // Adds staged accumulators (owned by nobody else) to the groups: all of them, or none.
    private void Commit(Dictionary<TKey, TAccumulator> staged)
    {
        try
        {
            if (typeof(TAccumulator).IsValueType)
            {
                var merged = new List<KeyValuePair<TKey, TAccumulator>>(staged.Count);
                foreach (KeyValuePair<TKey, TAccumulator> pair in staged)
                {
                    TAccumulator theirs = pair.Value;
                    if (_groups.TryGetValue(pair.Key, out TAccumulator? mine))
                    {
                        mine!.Merge(in theirs); // a copy
                        merged.Add(new(pair.Key, mine));
                    }
                    else
                    {
                        merged.Add(pair);
                    }
                }

                foreach (KeyValuePair<TKey, TAccumulator> pair in merged)
                {
                    _groups[pair.Key] = pair.Value;
                }

                return;
            }

            foreach (KeyValuePair<TKey, TAccumulator> pair in staged)
            {
                if (_groups.TryGetValue(pair.Key, out TAccumulator? mine))
                {
                    (mine as IKpiMergeValidator<TAccumulator>)?.ValidateMerge(pair.Value, "source");
                }
            }

            foreach (KeyValuePair<TKey, TAccumulator> pair in staged)
            {
                ref TAccumulator? slot = ref CollectionsMarshal.GetValueRefOrAddDefault(_groups, pair.Key, out bool exists);
                if (exists)
                {
                    TAccumulator theirs = pair.Value;
                    slot!.Merge(in theirs);
                }
                else
                {
                    slot = pair.Value;
                }
            }
        }
        catch (ArgumentException ex) when (ex is not ArgumentOutOfRangeException)
        {
            // A staged accumulator and a group's differ in settings: the create function is not consistent.
            throw new InvalidOperationException("The create function given to the KpiGroups constructor made accumulators with different settings.", ex);
        }
    }
}

/// <summary>Helpers that compute group keys.</summary>
/// <threadsafety>This type is stateless and thread-safe.</threadsafety>
public static class KpiGroupKeys
{
    /// <summary>Gets the local date of an instant in a zone: the "day" a record belongs to.</summary>
    /// <param name="instant">When the record happened; its local date must lie within NodaTime's range (−9998-01-01 to 9999-12-31).</param>
    /// <param name="zone">The host's zone (for example from <c>DateTimeZoneProviders.Tzdb["Asia/Shanghai"]</c>).</param>
    /// <returns>The local date of <paramref name="instant"/> in <paramref name="zone"/>.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="zone"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when the local date of <paramref name="instant"/> in <paramref name="zone"/> is
    /// outside NodaTime's range (for example <see cref="Instant.MinValue"/> in a zone west of UTC).</exception>
    public static LocalDate LocalDay(Instant instant, DateTimeZone zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        Offset offset = zone.GetUtcOffset(instant);
        Duration shift = Duration.FromMilliseconds(offset.Milliseconds);
        bool outside = offset < Offset.Zero ? instant < Instant.MinValue - shift : instant > Instant.MaxValue - shift;
        if (outside)
        {
            throw new ArgumentOutOfRangeException(nameof(instant), instant, string.Create(CultureInfo.InvariantCulture, $"The instant {instant} is at offset {offset} in {zone.Id}, a local date outside the range NodaTime supports (-9998-01-01 to 9999-12-31)."));
        }

        return instant.InZone(zone).Date;
    }

    /// <summary>Gets the first day of the period a date falls in: the date itself, the Monday of its ISO week, or the first of its month.</summary>
    /// <param name="date">The local date (for example from <see cref="LocalDay"/>).</param>
    /// <param name="period">The period length.</param>
    /// <returns>The period's first day.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when <paramref name="period"/> is not defined, or the week starts before NodaTime's earliest date.</exception>
    public static LocalDate PeriodStart(LocalDate date, KpiPeriod period) => period switch
    {
        KpiPeriod.Day => date,
        KpiPeriod.IsoWeek => date.With(DateAdjusters.PreviousOrSame(IsoDayOfWeek.Monday)),
        KpiPeriod.Month => date.With(DateAdjusters.StartOfMonth),
        _ => throw new ArgumentOutOfRangeException(nameof(period), period, "The period must be Day, IsoWeek or Month."),
    };
}
