using System.Globalization;
using System.Runtime.CompilerServices;
using CustomerService.Core.Sla;

namespace CustomerService.Core.Kpis;

/// <summary>The outcome of one SLA target on one ticket: which metric, at which priority, met or breached.</summary>
/// <remarks>
/// It is deliberately plain so that any source can feed it: SLA clocks (a stopped clock that did not breach is met),
/// an imported report, or a data warehouse. Clocks that are still running are not outcomes yet and are not added.
/// The default value has no priority and is not valid input: accumulators reject it.
/// </remarks>
/// <threadsafety>This type is an immutable value type: any number of threads may share and read an instance without locking.</threadsafety>
public readonly record struct SlaOutcome
{
    /// <summary>Initializes a new instance of the <see cref="SlaOutcome"/> struct.</summary>
    /// <param name="metric">The SLA metric, for example <see cref="SlaMetric.FirstResponse"/>; a defined value.</param>
    /// <param name="priority">The ticket's SLA priority, for example <see cref="SlaPriority.Urgent"/>; not the default value.</param>
    /// <param name="met">Whether the target was met (<see langword="false"/>: breached).</param>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when <paramref name="metric"/> is not a defined <see cref="SlaMetric"/>.</exception>
    /// <exception cref="ArgumentException">Thrown when <paramref name="priority"/> is the default value, which has no name.</exception>
    public SlaOutcome(SlaMetric metric, SlaPriority priority, bool met)
    {
        if (!SlaComplianceAccumulator.IsKnownMetric(metric))
        {
            throw new ArgumentOutOfRangeException(nameof(metric), metric, "The metric must be a defined SlaMetric value.");
        }

        if (priority.IsDefault)
        {
            throw new ArgumentException("The priority is the default SlaPriority, which has no name; use a named priority such as SlaPriority.Normal.", nameof(priority));
        }

        Metric = metric;
        Priority = priority;
        Met = met;
    }

    /// <summary>Gets the SLA metric.</summary>
    /// <value>For example <see cref="SlaMetric.FirstResponse"/>.</value>
    public SlaMetric Metric { get; }

    /// <summary>Gets the SLA priority.</summary>
    /// <value>For example <see cref="SlaPriority.Urgent"/>; the default value only in <c>default(SlaOutcome)</c>.</value>
    public SlaPriority Priority { get; }

    /// <summary>Gets a value indicating whether the target was met.</summary>
    /// <value><see langword="true"/> when met, <see langword="false"/> when breached.</value>
    public bool Met { get; }

    /// <summary>Turns a completed cycle of an SLA clock into an outcome: met, or breached.</summary>
    /// <remarks>Use it with <c>SlaClockSet.CompletedCycles(policy)</c> to count every reply, update and resolution of a case, not only the current cycle of each clock.</remarks>
    /// <param name="cycle">A completed cycle, from <see cref="SlaClock.CompletedCycles"/>.</param>
    /// <returns>The outcome with the cycle's metric and priority.</returns>
    /// <exception cref="ArgumentException">Thrown when <paramref name="cycle"/> is the default value, which describes no clock.</exception>
    public static SlaOutcome FromCycle(in SlaCycleOutcome cycle)
    {
        if (cycle.ClockId is null)
        {
            throw new ArgumentException("The default SlaCycleOutcome describes no clock.", nameof(cycle));
        }

        return new SlaOutcome(cycle.Metric, cycle.Priority, cycle.IsMet);
    }

    /// <summary>Turns the status of an SLA clock into an outcome, when the clock has one.</summary>
    /// <remarks>
    /// A clock in <see cref="SlaClockState.Met"/> is met; a clock in <see cref="SlaClockState.Breached"/> is breached
    /// whether it is still counting or was stopped late, because a reached target can no longer be met. Running, paused
    /// and cancelled clocks have no outcome yet (or ever) and are not counted. The outcome carries the clock's
    /// <see cref="SlaClock.Metric"/> and <see cref="SlaClock.Priority"/>.
    /// </remarks>
    /// <param name="status">The clock's status at the reporting instant, from <see cref="SlaClock.Evaluate(NodaTime.Instant)"/>.</param>
    /// <param name="outcome">The outcome, when the method returns <see langword="true"/>; otherwise the default value.</param>
    /// <returns><see langword="true"/> when the clock was met or breached; otherwise <see langword="false"/>, also for the
    /// default <see cref="SlaStatus"/>, which describes no clock.</returns>
    public static bool TryFromStatus(in SlaStatus status, out SlaOutcome outcome)
    {
        var met = status.State switch
        {
            SlaClockState.Met => true,
            SlaClockState.Breached => false,
            _ => (bool?)null,
        };
        if (met is not { } value)
        {
            outcome = default;
            return false;
        }

        var clock = status.Clock;
        outcome = new SlaOutcome(clock.Metric, clock.Priority, value);
        return true;
    }
}

/// <summary>One row of an SLA compliance report: a metric at a priority, with its met and breached counts.</summary>
/// <remarks>The default value is <see cref="SlaMetric.FirstResponse"/> at the default (unnamed) priority with no outcomes.</remarks>
/// <threadsafety>This type is an immutable value type: any number of threads may share and read an instance without locking.</threadsafety>
public readonly record struct SlaComplianceRow
{
    /// <summary>Initializes a new instance of the <see cref="SlaComplianceRow"/> struct.</summary>
    /// <param name="metric">The SLA metric.</param>
    /// <param name="priority">The SLA priority.</param>
    /// <param name="met">How many targets were met; not negative.</param>
    /// <param name="breached">How many were breached; not negative, and <c>met + breached</c> must not pass <see cref="long.MaxValue"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when a count is negative or the two counts together pass <see cref="long.MaxValue"/>.</exception>
    public SlaComplianceRow(SlaMetric metric, SlaPriority priority, long met, long breached)
    {
        KpiGuard.NonNegativeCount(met, nameof(met));
        KpiGuard.NonNegativeCount(breached, nameof(breached));
        if (met + breached < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(breached), breached, string.Create(CultureInfo.InvariantCulture, $"breached is {breached}; with {met} met the allowed range is 0 to {long.MaxValue - met}."));
        }

        Metric = metric;
        Priority = priority;
        Met = met;
        Breached = breached;
    }

    /// <summary>Gets the SLA metric.</summary>
    /// <value>The metric the counts are for.</value>
    public SlaMetric Metric { get; }

    /// <summary>Gets the SLA priority.</summary>
    /// <value>The priority the counts are for. Priorities compare ignoring case; when the outcomes spelt one priority in
    /// several ways, the row carries the ordinally smallest spelling, so the row does not depend on the order of the records.</value>
    public SlaPriority Priority { get; }

    /// <summary>Gets how many targets were met.</summary>
    /// <value>A non-negative count.</value>
    public long Met { get; }

    /// <summary>Gets how many targets were breached.</summary>
    /// <value>A non-negative count.</value>
    public long Breached { get; }

    /// <summary>Gets the compliance: met over met plus breached.</summary>
    /// <value><c>Met / (Met + Breached)</c>.</value>
    public KpiRate Compliance => new(Met, Met + Breached);

    /// <summary>Gets the breach rate: breached over met plus breached.</summary>
    /// <value><c>Breached / (Met + Breached)</c>.</value>
    public KpiRate BreachRate => new(Breached, Met + Breached);
}

/// <summary>Accumulates SLA compliance and breach rate per metric and priority.</summary>
/// <remarks>
/// <para>Formulas per (metric, priority): <c>compliance = met / (met + breached)</c>, <c>breach rate = breached / (met + breached) = 1 − compliance</c>;
/// per metric over all priorities, and overall, the same with the counts summed (not an average of rates).</para>
/// <para>Worked example: FirstResponse Urgent met 45, breached 5 → 90 %; FirstResponse High met 90, breached 10 → 90 %;
/// FirstResponse over both: 135 / 150 = 90 %.</para>
/// <para>Keys are typed: an <see cref="SlaMetric"/> and an <see cref="SlaPriority"/>, which compares its name ignoring case
/// (so <c>"urgent"</c> and <c>"Urgent"</c> are one priority). Counts are exact 64-bit integers: an <see cref="Add"/>,
/// <see cref="AddRange"/> or <see cref="Merge"/> that would take the number of outcomes past <see cref="long.MaxValue"/>
/// throws <see cref="OverflowException"/> and changes nothing.</para>
/// </remarks>
/// <threadsafety>This type is mutable and not thread-safe for writing: use one accumulator per thread and <see cref="Merge"/> them.
/// Reading (<see cref="Rows"/>, <see cref="Count"/>, <see cref="Compliance"/>, …) and being merged into another accumulator
/// change nothing, so any number of threads may read an accumulator, or merge it into their own totals, while no thread adds to it.</threadsafety>
public sealed class SlaComplianceAccumulator : IKpiAccumulator<SlaOutcome, SlaComplianceAccumulator>, IKpiRecordValidator<SlaOutcome>, IKpiMergeValidator<SlaComplianceAccumulator>
{
    // One row of counters per metric value (the enum's defined values are 0 … MetricSlots − 1).
    private static readonly int MetricSlots = Enum.GetValues<SlaMetric>().Max(m => (int)m) + 1;

    // Distinct priorities in order of first appearance; their names are kept apart so that the usual case, records
    // that share string instances (SlaPriority.Urgent, …), is matched by reference without hashing.
    private SlaPriority[] _priorities = new SlaPriority[4];
    private string[] _names = new string[4];
    private int _priorityCount;
    private Dictionary<SlaPriority, int>? _slotByPriority; // built once there are many priorities

    // Counters of (priority slot, metric) at [slot * MetricSlots + metric].
    private long[] _met = new long[4 * MetricSlots];
    private long[] _breached = new long[4 * MetricSlots];
    private long _count;

    /// <summary>Gets the rows, one per metric and priority that has outcomes, ordered by metric (enum order) then priority name (ignoring case, then ordinal).</summary>
    /// <value>A new list (a snapshot) on every read.</value>
    public IReadOnlyList<SlaComplianceRow> Rows
    {
        get
        {
            var rows = new List<SlaComplianceRow>();
            for (int slot = 0; slot < _priorityCount; slot++)
            {
                for (int m = 0; m < MetricSlots; m++)
                {
                    int i = (slot * MetricSlots) + m;
                    if (_met[i] + _breached[i] > 0)
                    {
                        rows.Add(new SlaComplianceRow((SlaMetric)m, _priorities[slot], _met[i], _breached[i]));
                    }
                }
            }

            rows.Sort(static (a, b) =>
            {
                int byMetric = a.Metric.CompareTo(b.Metric);
                if (byMetric != 0)
                {
                    return byMetric;
                }

                int byName = StringComparer.OrdinalIgnoreCase.Compare(a.Priority.Name, b.Priority.Name);
                return byName != 0 ? byName : StringComparer.Ordinal.Compare(a.Priority.Name, b.Priority.Name);
            });
            return rows;
        }
    }

    /// <summary>Gets the overall compliance over every metric and priority.</summary>
    /// <value>Σ met / Σ (met + breached).</value>
    public KpiRate OverallCompliance
    {
        get
        {
            long met = 0;
            for (int i = 0; i < _priorityCount * MetricSlots; i++)
            {
                met += _met[i];
            }

            return new KpiRate(met, _count);
        }
    }

    /// <summary>Gets the number of outcomes added.</summary>
    /// <value>Σ (met + breached).</value>
    public long Count => _count;

    /// <summary>Gets the compliance of one metric, at one priority or over all priorities.</summary>
    /// <param name="metric">The SLA metric; a defined value.</param>
    /// <param name="priority">The priority (compared ignoring case), or <see langword="null"/> for all priorities.</param>
    /// <returns>The compliance; 0 / 0 when there is no outcome for it.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when <paramref name="metric"/> is not a defined <see cref="SlaMetric"/>.</exception>
    /// <exception cref="ArgumentException">Thrown when <paramref name="priority"/> is the default (unnamed) <see cref="SlaPriority"/>.</exception>
    public KpiRate Compliance(SlaMetric metric, SlaPriority? priority = null)
    {
        if (!IsKnownMetric(metric))
        {
            throw new ArgumentOutOfRangeException(nameof(metric), metric, "The metric must be a defined SlaMetric value.");
        }

        if (priority is { IsDefault: true })
        {
            throw new ArgumentException("The priority is the default SlaPriority, which has no name; pass a named priority, or null for all priorities.", nameof(priority));
        }

        long met = 0;
        long all = 0;
        for (int slot = 0; slot < _priorityCount; slot++)
        {
            if (priority is null || _priorities[slot].Equals(priority.Value))
            {
                int i = (slot * MetricSlots) + (int)metric;
                met += _met[i];
                all += _met[i] + _breached[i];
            }
        }

        return new KpiRate(met, all);
    }

    /// <summary>Gets the breach rate of one metric, at one priority or over all priorities.</summary>
    /// <param name="metric">The SLA metric; a defined value.</param>
    /// <param name="priority">The priority (compared ignoring case), or <see langword="null"/> for all priorities.</param>
    /// <returns>The breach rate; 0 / 0 when there is no outcome for it.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when <paramref name="metric"/> is not a defined <see cref="SlaMetric"/>.</exception>
    /// <exception cref="ArgumentException">Thrown when <paramref name="priority"/> is the default (unnamed) <see cref="SlaPriority"/>.</exception>
    public KpiRate BreachRate(SlaMetric metric, SlaPriority? priority = null)
    {
        KpiRate c = Compliance(metric, priority);
        return new KpiRate(c.Denominator - c.Numerator, c.Denominator);
    }

    /// <summary>Adds one SLA outcome.</summary>
    /// <param name="record">The outcome.</param>
    /// <exception cref="ArgumentException">Thrown when the outcome is the default value (no priority); the message names its position (the number of outcomes added before it), and the accumulator is unchanged.</exception>
    /// <exception cref="OverflowException">Thrown when the number of outcomes would pass <see cref="long.MaxValue"/>; the accumulator is unchanged.</exception>
    public void Add(SlaOutcome record)
    {
        Validate(record, nameof(record), _count);
        long count = KpiGuard.AddCount(_count, 1, "number of SLA outcomes");
        Tally(record);
        _count = count;
    }

    /// <summary>Adds a batch of SLA outcomes: all of them, or none.</summary>
    /// <param name="records">The outcomes.</param>
    /// <exception cref="ArgumentException">Thrown when an outcome is the default value (no priority); <see cref="ArgumentException.ParamName"/> is
    /// <c>records[i]</c> and the message names the index i. Nothing is added.</exception>
    /// <exception cref="OverflowException">Thrown when the number of outcomes would pass <see cref="long.MaxValue"/>; nothing is added.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void AddRange(ReadOnlySpan<SlaOutcome> records)
    {
        for (int i = 0; i < records.Length; i++)
        {
            if (!IsValidRecord(records[i]))
            {
                Validate(records[i], KpiGuard.At(nameof(records), i), i);
            }
        }

        long count = KpiGuard.AddCount(_count, records.Length, "number of SLA outcomes");

        // The first four priorities' names live in locals: a record's slot is found by comparing references without
        // branches (the priorities of a batch are unpredictable), and only other names take the slower lookup.
        string? n0 = null, n1 = null, n2 = null, n3 = null;
        long[] met = _met;
        long[] breached = _breached;
        LoadNames(ref n0, ref n1, ref n2, ref n3);
        foreach (ref readonly SlaOutcome r in records)
        {
            string name = r.Priority.Name;
            int e0 = ReferenceEquals(name, n0) ? 1 : 0;
            int e1 = ReferenceEquals(name, n1) ? 1 : 0;
            int e2 = ReferenceEquals(name, n2) ? 1 : 0;
            int e3 = ReferenceEquals(name, n3) ? 1 : 0;
            int slot = e1 + (2 * e2) + (3 * e3);
            if ((e0 | e1 | e2 | e3) == 0)
            {
                slot = Slot(r.Priority);
                met = _met; // the arrays may have grown
                breached = _breached;
                LoadNames(ref n0, ref n1, ref n2, ref n3);
            }

            int i = (slot * MetricSlots) + (int)r.Metric;
            long m = r.Met ? 1 : 0;
            met[i] += m;
            breached[i] += 1 - m;
        }

        _count = count;
    }

    private void LoadNames(ref string? n0, ref string? n1, ref string? n2, ref string? n3)
    {
        n0 = _priorityCount > 0 ? _names[0] : null;
        n1 = _priorityCount > 1 ? _names[1] : null;
        n2 = _priorityCount > 2 ? _names[2] : null;
        n3 = _priorityCount > 3 ? _names[3] : null;
    }

    /// <summary>Adds every outcome counted by another accumulator.</summary>
    /// <param name="other">The accumulator to merge; it is not changed (it may be this accumulator, which doubles every count).</param>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="other"/> is <see langword="null"/>.</exception>
    /// <exception cref="OverflowException">Thrown when the number of outcomes would pass <see cref="long.MaxValue"/>; the accumulator is unchanged.</exception>
    public void Merge(in SlaComplianceAccumulator other)
    {
        ArgumentNullException.ThrowIfNull(other);
        ((IKpiMergeValidator<SlaComplianceAccumulator>)this).ValidateMerge(other, nameof(other));
        long count = _count + other._count;

        // Take the other's figures first: when other is this accumulator, adding slot by slot would read updated counts.
        int theirCount = other._priorityCount;
        SlaPriority[] theirPriorities = other._priorities[..theirCount];
        long[] theirMet = other._met[..(theirCount * MetricSlots)];
        long[] theirBreached = other._breached[..(theirCount * MetricSlots)];
        for (int s = 0; s < theirCount; s++)
        {
            int slot = Slot(theirPriorities[s]);
            for (int m = 0; m < MetricSlots; m++)
            {
                _met[(slot * MetricSlots) + m] += theirMet[(s * MetricSlots) + m];
                _breached[(slot * MetricSlots) + m] += theirBreached[(s * MetricSlots) + m];
            }
        }

        _count = count;
    }

    internal static bool IsKnownMetric(SlaMetric metric) => (uint)metric < (uint)MetricSlots && Enum.IsDefined(metric);

    // The constructor checks both keys, so only default(SlaOutcome) (no priority) fails here in practice; the metric
    // bound keeps the counter index safe whatever the record holds.
    private static bool IsValidRecord(in SlaOutcome record) => !record.Priority.IsDefault && (uint)record.Metric < (uint)MetricSlots;

    /// <inheritdoc/>
    void IKpiMergeValidator<SlaComplianceAccumulator>.ValidateMerge(SlaComplianceAccumulator other, string paramName) =>
        _ = KpiGuard.AddCount(_count, other._count, "number of SLA outcomes");

    /// <inheritdoc/>
    void IKpiRecordValidator<SlaOutcome>.ValidateRecord(SlaOutcome record, string batchName, int index)
    {
        if (!IsValidRecord(record))
        {
            Validate(record, KpiGuard.At(batchName, index), index);
        }
    }

    /// <summary>Throws when an outcome is not valid input; <paramref name="position"/> is reported in the message.</summary>
    internal static void Validate(in SlaOutcome record, string paramName, long position)
    {
        if (!IsValidRecord(record))
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"The SLA outcome at position {position} is the default value (no priority); build it with its constructor."),
                paramName);
        }
    }

    private void Tally(in SlaOutcome record)
    {
        int i = (Slot(record.Priority) * MetricSlots) + (int)record.Metric;
        long met = record.Met ? 1 : 0;
        _met[i] += met;
        _breached[i] += 1 - met;
    }

    // The slot of a priority, adding one when it is new. Priorities equal ignoring case share a slot, which keeps the
    // ordinally smallest spelling so that the result does not depend on the order of the records.
    private int Slot(SlaPriority priority)
    {
        string name = priority.Name;
        int scan = Math.Min(_priorityCount, 8);
        for (int i = 0; i < scan; i++)
        {
            if (ReferenceEquals(_names[i], name))
            {
                return i;
            }
        }

        int slot = -1;
        if (_slotByPriority is not null)
        {
            if (_slotByPriority.TryGetValue(priority, out int found))
            {
                slot = found;
            }
        }
        else
        {
            for (int i = 0; i < _priorityCount; i++)
            {
                if (_priorities[i].Equals(priority))
                {
                    slot = i;
                    break;
                }
            }
        }

        if (slot >= 0)
        {
            if (string.CompareOrdinal(name, _names[slot]) < 0)
            {
                _priorities[slot] = priority;
                _names[slot] = name;
            }

            return slot;
        }

        return AddSlot(priority);
    }

    private int AddSlot(SlaPriority priority)
    {
        if (_priorityCount == _priorities.Length)
        {
            int capacity = _priorities.Length * 2;
            Array.Resize(ref _priorities, capacity);
            Array.Resize(ref _names, capacity);
            Array.Resize(ref _met, capacity * MetricSlots);
            Array.Resize(ref _breached, capacity * MetricSlots);
        }

        int slot = _priorityCount++;
        _priorities[slot] = priority;
        _names[slot] = priority.Name;
        if (_slotByPriority is not null)
        {
            _slotByPriority.Add(priority, slot);
        }
        else if (_priorityCount > 8)
        {
            _slotByPriority = new Dictionary<SlaPriority, int>(_priorityCount * 2);
            for (int i = 0; i < _priorityCount; i++)
            {
                _slotByPriority.Add(_priorities[i], i);
            }
        }

        return slot;
    }
}
