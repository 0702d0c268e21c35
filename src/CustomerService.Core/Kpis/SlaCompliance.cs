using System.Globalization;
using CustomerService.Core.Sla;

namespace CustomerService.Core.Kpis;

/// <summary>The outcome of one SLA target on one ticket: which metric, at which priority, met or breached.</summary>
/// <remarks>
/// It is deliberately plain so that any source can feed it: SLA clocks (a stopped clock that did not breach is met),
/// an imported report, or a data warehouse. Clocks that are still running are not outcomes yet and are not added.
/// The default value has empty keys and is not valid input.
/// </remarks>
/// <threadsafety>This type is an immutable value type. See the thread safety section of the user guide for more information.</threadsafety>
public readonly record struct SlaOutcome
{
    /// <summary>Initializes a new instance of the <see cref="SlaOutcome"/> struct.</summary>
    /// <param name="metricKey">The SLA metric, for example <c>FirstResponse</c> or <c>Resolution</c>; not empty.</param>
    /// <param name="priority">The ticket's priority key, for example <c>P1</c>; not empty.</param>
    /// <param name="met">Whether the target was met (<see langword="false"/>: breached).</param>
    /// <exception cref="ArgumentException">Thrown when <paramref name="metricKey"/> or <paramref name="priority"/> is empty or white space.</exception>
    public SlaOutcome(string metricKey, string priority, bool met)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(metricKey);
        ArgumentException.ThrowIfNullOrWhiteSpace(priority);
        MetricKey = metricKey;
        Priority = priority;
        Met = met;
    }

    /// <summary>Gets the SLA metric key.</summary>
    /// <value>For example <c>FirstResponse</c>.</value>
    public string MetricKey { get; }

    /// <summary>Gets the priority key.</summary>
    /// <value>For example <c>P1</c>.</value>
    public string Priority { get; }

    /// <summary>Gets a value indicating whether the target was met.</summary>
    /// <value><see langword="true"/> when met, <see langword="false"/> when breached.</value>
    public bool Met { get; }

    /// <summary>Turns the status of an SLA clock into an outcome, when the clock has one.</summary>
    /// <remarks>
    /// A clock in <see cref="SlaClockState.Met"/> is met; a clock in <see cref="SlaClockState.Breached"/> is breached
    /// whether it is still counting or was stopped late, because a reached target can no longer be met. Running, paused
    /// and cancelled clocks have no outcome yet (or ever) and are not counted. The metric key is the
    /// <see cref="SlaMetric"/> name and the priority key is <see cref="SlaPriority.Name"/>.
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
        outcome = new SlaOutcome(MetricName(clock.Metric), clock.Priority.Name, value);
        return true;
    }

    private static string MetricName(SlaMetric metric) => metric switch
    {
        SlaMetric.FirstResponse => nameof(SlaMetric.FirstResponse),
        SlaMetric.NextResponse => nameof(SlaMetric.NextResponse),
        SlaMetric.PeriodicUpdate => nameof(SlaMetric.PeriodicUpdate),
        SlaMetric.Resolution => nameof(SlaMetric.Resolution),
        SlaMetric.Acknowledgement => nameof(SlaMetric.Acknowledgement),
        SlaMetric.FinalResponse => nameof(SlaMetric.FinalResponse),
        _ => metric.ToString(),
    };
}

/// <summary>One row of an SLA compliance report: a metric at a priority, with its met and breached counts.</summary>
/// <threadsafety>This type is an immutable value type. See the thread safety section of the user guide for more information.</threadsafety>
/// <param name="MetricKey">The SLA metric key.</param>
/// <param name="Priority">The priority key.</param>
/// <param name="Met">How many targets were met.</param>
/// <param name="Breached">How many were breached.</param>
public readonly record struct SlaComplianceRow(string MetricKey, string Priority, long Met, long Breached)
{
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
/// <para>Worked example: FirstResponse P1 met 45, breached 5 → 90 %; FirstResponse P2 met 90, breached 10 → 90 %;
/// FirstResponse over both: 135 / 150 = 90 %.</para>
/// </remarks>
/// <threadsafety>This type is mutable and not thread-safe, even for reading (reading folds pending counts): use one accumulator per thread and <see cref="Merge"/> them.</threadsafety>
public sealed class SlaComplianceAccumulator : IKpiAccumulator<SlaOutcome, SlaComplianceAccumulator>
{
    private const int RecentCapacity = 32;

    private readonly Dictionary<(string Metric, string Priority), (long Met, long Breached)> _counts = [];

    // Outcomes usually reuse a handful of key strings: a short list of (metric, priority) string instances seen so far
    // lets most records skip hashing, and their counts live here until they are folded into the dictionary.
    private readonly string[] _recentMetric = new string[RecentCapacity];
    private readonly string[] _recentPriority = new string[RecentCapacity];
    private readonly long[] _recentMet = new long[RecentCapacity];
    private readonly long[] _recentBreached = new long[RecentCapacity];
    private int _recentCount;

    /// <summary>Gets the rows, one per metric and priority, ordered by metric then priority (ordinal).</summary>
    /// <value>A snapshot of the rows.</value>
    public IReadOnlyList<SlaComplianceRow> Rows => Folded()
        .OrderBy(p => p.Key.Metric, StringComparer.Ordinal)
        .ThenBy(p => p.Key.Priority, StringComparer.Ordinal)
        .Select(p => new SlaComplianceRow(p.Key.Metric, p.Key.Priority, p.Value.Met, p.Value.Breached))
        .ToList();

    /// <summary>Gets the overall compliance over every metric and priority.</summary>
    /// <value>Σ met / Σ (met + breached).</value>
    public KpiRate OverallCompliance
    {
        get
        {
            long met = 0;
            long all = 0;
            foreach (var (m, b) in Folded().Values)
            {
                met += m;
                all += m + b;
            }

            return new KpiRate(met, all);
        }
    }

    /// <summary>Gets the compliance of one metric, at one priority or over all priorities.</summary>
    /// <param name="metricKey">The SLA metric key.</param>
    /// <param name="priority">The priority key, or <see langword="null"/> for all priorities.</param>
    /// <returns>The compliance; 0 / 0 when there is no outcome for it.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="metricKey"/> is <see langword="null"/>.</exception>
    public KpiRate Compliance(string metricKey, string? priority = null)
    {
        ArgumentNullException.ThrowIfNull(metricKey);
        long met = 0;
        long all = 0;
        foreach (var pair in Folded())
        {
            if (string.Equals(pair.Key.Metric, metricKey, StringComparison.Ordinal)
                && (priority is null || string.Equals(pair.Key.Priority, priority, StringComparison.Ordinal)))
            {
                met += pair.Value.Met;
                all += pair.Value.Met + pair.Value.Breached;
            }
        }

        return new KpiRate(met, all);
    }

    /// <summary>Gets the breach rate of one metric, at one priority or over all priorities.</summary>
    /// <param name="metricKey">The SLA metric key.</param>
    /// <param name="priority">The priority key, or <see langword="null"/> for all priorities.</param>
    /// <returns>The breach rate; 0 / 0 when there is no outcome for it.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="metricKey"/> is <see langword="null"/>.</exception>
    public KpiRate BreachRate(string metricKey, string? priority = null)
    {
        KpiRate c = Compliance(metricKey, priority);
        return new KpiRate(c.Denominator - c.Numerator, c.Denominator);
    }

    /// <summary>Adds one SLA outcome.</summary>
    /// <param name="record">The outcome.</param>
    /// <exception cref="ArgumentException">Thrown when the outcome is the default value (no metric or priority).</exception>
    public void Add(SlaOutcome record)
    {
        if (record.MetricKey is null || record.Priority is null)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"The SLA outcome at position {Count} has no metric or priority; build it with its constructor."), nameof(record));
        }

        string metric = record.MetricKey;
        string priority = record.Priority;
        long met = record.Met ? 1 : 0;
        for (int i = 0; i < _recentCount; i++)
        {
            if (ReferenceEquals(_recentMetric[i], metric) && ReferenceEquals(_recentPriority[i], priority))
            {
                _recentMet[i] += met;
                _recentBreached[i] += 1 - met;
                return;
            }
        }

        if (_recentCount < RecentCapacity)
        {
            _recentMetric[_recentCount] = metric;
            _recentPriority[_recentCount] = priority;
            _recentMet[_recentCount] = met;
            _recentBreached[_recentCount] = 1 - met;
            _recentCount++;
            return;
        }

        ref var counts = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_counts, (metric, priority), out _);
        counts.Met += met;
        counts.Breached += 1 - met;
    }

    private Dictionary<(string Metric, string Priority), (long Met, long Breached)> Folded()
    {
        for (int i = 0; i < _recentCount; i++)
        {
            ref var counts = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_counts, (_recentMetric[i], _recentPriority[i]), out _);
            counts.Met += _recentMet[i];
            counts.Breached += _recentBreached[i];
        }

        Array.Clear(_recentMetric);
        Array.Clear(_recentPriority);
        _recentCount = 0;
        return _counts;
    }

    /// <summary>Adds a batch of SLA outcomes.</summary>
    /// <param name="records">The outcomes.</param>
    /// <exception cref="ArgumentException">Thrown when an outcome is the default value; outcomes before it have been added.</exception>
    public void AddRange(ReadOnlySpan<SlaOutcome> records)
    {
        foreach (SlaOutcome r in records)
        {
            Add(r);
        }
    }

    /// <summary>Adds every outcome counted by another accumulator.</summary>
    /// <param name="other">The accumulator to merge; it is not changed.</param>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="other"/> is <see langword="null"/>.</exception>
    public void Merge(in SlaComplianceAccumulator other)
    {
        ArgumentNullException.ThrowIfNull(other);
        foreach (var pair in other.Folded().ToList())
        {
            ref var counts = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_counts, pair.Key, out _);
            counts.Met += pair.Value.Met;
            counts.Breached += pair.Value.Breached;
        }
    }

    /// <summary>Gets the number of outcomes added.</summary>
    /// <value>Σ (met + breached).</value>
    public long Count => OverallCompliance.Denominator;
}
