using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using NodaTime;

namespace CustomerService.Core.Kpis;

/// <summary>How a resolution rate relates resolutions to tickets.</summary>
/// <threadsafety>This type is an enumeration; its values are immutable and thread-safe.</threadsafety>
public enum ResolutionRateMethod
{
    /// <summary>Flow: tickets resolved in the period ÷ tickets created in the period (can exceed 100 % when a backlog is worked off).</summary>
    Flow = 0,

    /// <summary>Cohort: of the tickets created in the period, the share resolved by the time of reporting (at most 100 %).</summary>
    Cohort = 1,
}

/// <summary>Accumulates resolution rate (flow or cohort) and reopen rate over a reporting period.</summary>
/// <remarks>
/// <para>The period is a half-open interval [start, end); either end may be unbounded (an <see cref="Interval"/> built
/// with <see langword="null"/>), meaning "since records began" or "up to now and beyond". Counts: c = tickets created in
/// the period, s = tickets whose resolution falls in the period (whenever created), k = tickets created in the period
/// and resolved (at any time up to the data's cut-off), o = tickets resolved in the period that had been reopened at
/// least once.</para>
/// <list type="bullet">
/// <item><description>Resolution rate, flow: <c>s / c</c>.</description></item>
/// <item><description>Resolution rate, cohort: <c>k / c</c>.</description></item>
/// <item><description>Reopen rate: <c>o / s</c>.</description></item>
/// </list>
/// <para>Worked example: in March 100 tickets are created, 90 of them are resolved (80 in March, 10 in April);
/// 15 February tickets are resolved in March, 5 of the March resolutions had been reopened. Flow = 95 / 100,
/// cohort = 90 / 100, reopen rate = 5 / 95.</para>
/// <para>Counts are exact 64-bit integers: an <see cref="Add"/>, <see cref="AddRange"/> or <see cref="Merge"/> that would take
/// one past <see cref="long.MaxValue"/> throws <see cref="OverflowException"/> and changes nothing.</para>
/// <para>The default value has an empty period at the Unix epoch.</para>
/// </remarks>
/// <threadsafety>This is a mutable value type and is not thread-safe: use one accumulator per thread and <see cref="Merge"/> them. Do not copy it while accumulating.</threadsafety>
[StructLayout(LayoutKind.Auto)]
public struct ResolutionAccumulator : IKpiAccumulator<TicketOutcome, ResolutionAccumulator>
{
    private readonly Interval _period;
    private long _created;
    private long _resolvedInPeriod;
    private long _cohortResolved;
    private long _reopened;

    /// <summary>Initializes a new instance of the <see cref="ResolutionAccumulator"/> struct for a reporting period.</summary>
    /// <param name="period">The reporting period, [start, end); either end may be unbounded.</param>
    public ResolutionAccumulator(Interval period)
    {
        _period = period;
    }

    /// <summary>Gets the reporting period.</summary>
    /// <value>The half-open interval [start, end), possibly unbounded at either end.</value>
    public readonly Interval Period => _period;

    /// <summary>Gets the number of tickets created in the period.</summary>
    /// <value>c.</value>
    public readonly long CreatedInPeriod => _created;

    /// <summary>Gets the number of tickets resolved in the period, whenever created.</summary>
    /// <value>s.</value>
    public readonly long ResolvedInPeriod => _resolvedInPeriod;

    /// <summary>Gets the number of tickets created in the period and resolved by the data's cut-off.</summary>
    /// <value>k.</value>
    public readonly long CohortResolved => _cohortResolved;

    /// <summary>Gets the reopen rate: tickets resolved in the period that had been reopened, over tickets resolved in the period.</summary>
    /// <value><c>o / s</c>.</value>
    public readonly KpiRate ReopenRate => new(_reopened, _resolvedInPeriod);

    /// <summary>Gets the resolution rate by the chosen method.</summary>
    /// <param name="method">Flow or cohort.</param>
    /// <returns><c>s / c</c> for flow, <c>k / c</c> for cohort.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when <paramref name="method"/> is not defined.</exception>
    public readonly KpiRate ResolutionRate(ResolutionRateMethod method) => method switch
    {
        ResolutionRateMethod.Flow => new KpiRate(_resolvedInPeriod, _created),
        ResolutionRateMethod.Cohort => new KpiRate(_cohortResolved, _created),
        _ => throw new ArgumentOutOfRangeException(nameof(method), method, "Unknown resolution-rate method."),
    };

    /// <summary>Adds one ticket.</summary>
    /// <param name="record">The ticket's outcome.</param>
    /// <exception cref="OverflowException">Thrown when a count would pass <see cref="long.MaxValue"/>; the accumulator is unchanged.</exception>
    public void Add(TicketOutcome record)
    {
        AddRange(new ReadOnlySpan<TicketOutcome>(in record));
    }

    /// <summary>Adds a batch of tickets.</summary>
    /// <param name="records">The tickets' outcomes (every value of <see cref="TicketOutcome"/> is valid).</param>
    /// <exception cref="OverflowException">Thrown when a count would pass <see cref="long.MaxValue"/>; nothing is added.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void AddRange(ReadOnlySpan<TicketOutcome> records)
    {
        Interval period = _period;
        long created = 0;
        long resolvedIn = 0;
        long cohort = 0;
        long reopened = 0;
        foreach (ref readonly TicketOutcome r in records)
        {
            bool isCreated = period.Contains(r.Created);
            bool isResolvedIn = r.Resolved is { } resolved && period.Contains(resolved);
            created += isCreated ? 1 : 0;
            cohort += isCreated && r.Resolved.HasValue ? 1 : 0;
            resolvedIn += isResolvedIn ? 1 : 0;
            reopened += isResolvedIn && r.ReopenCount > 0 ? 1 : 0;
        }

        Commit(created, resolvedIn, cohort, reopened);
    }

    /// <summary>Adds every ticket counted by another accumulator over the same period.</summary>
    /// <param name="other">The accumulator to merge; it is not changed.</param>
    /// <exception cref="ArgumentException">Thrown when the periods differ; the accumulator is unchanged.</exception>
    /// <exception cref="OverflowException">Thrown when a count would pass <see cref="long.MaxValue"/>; the accumulator is unchanged.</exception>
    public void Merge(in ResolutionAccumulator other)
    {
        KpiGuard.SameSetting(_period, other._period, "period", nameof(other));
        Commit(other._created, other._resolvedInPeriod, other._cohortResolved, other._reopened);
    }

    private void Commit(long created, long resolvedIn, long cohort, long reopened)
    {
        long c = KpiGuard.AddCount(_created, created, "number of tickets created in the period");
        long s = KpiGuard.AddCount(_resolvedInPeriod, resolvedIn, "number of tickets resolved in the period");
        long k = KpiGuard.AddCount(_cohortResolved, cohort, "number of tickets of the period resolved");
        long o = KpiGuard.AddCount(_reopened, reopened, "number of reopened tickets resolved in the period");
        _created = c;
        _resolvedInPeriod = s;
        _cohortResolved = k;
        _reopened = o;
    }
}
