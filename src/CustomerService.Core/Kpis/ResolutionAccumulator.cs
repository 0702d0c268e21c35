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
/// <para>The period is a half-open interval [start, end). Counts: c = tickets created in the period, s = tickets whose
/// resolution falls in the period (whenever created), k = tickets created in the period and resolved (at any time
/// up to the data's cut-off), o = tickets resolved in the period that had been reopened at least once.</para>
/// <list type="bullet">
/// <item><description>Resolution rate, flow: <c>s / c</c>.</description></item>
/// <item><description>Resolution rate, cohort: <c>k / c</c>.</description></item>
/// <item><description>Reopen rate: <c>o / s</c>.</description></item>
/// </list>
/// <para>Worked example: in March 100 tickets are created, 90 of them are resolved (80 in March, 10 in April);
/// 15 February tickets are resolved in March, 5 of the March resolutions had been reopened. Flow = 95 / 100,
/// cohort = 90 / 100, reopen rate = 5 / 95.</para>
/// <para>The default value has an empty period at the Unix epoch.</para>
/// </remarks>
/// <threadsafety>This is a mutable value type and is not thread-safe: use one accumulator per thread and <see cref="Merge"/> them. Do not copy it while accumulating.</threadsafety>
[StructLayout(LayoutKind.Auto)]
public struct ResolutionAccumulator : IKpiAccumulator<TicketOutcome, ResolutionAccumulator>
{
    private readonly Instant _start;
    private readonly Instant _end;
    private long _created;
    private long _resolvedInPeriod;
    private long _cohortResolved;
    private long _reopened;

    /// <summary>Initializes a new instance of the <see cref="ResolutionAccumulator"/> struct for a reporting period.</summary>
    /// <param name="period">The reporting period, [start, end).</param>
    public ResolutionAccumulator(Interval period)
    {
        _start = period.Start;
        _end = period.End;
    }

    /// <summary>Gets the reporting period.</summary>
    /// <value>The half-open interval [start, end).</value>
    public readonly Interval Period => new(_start, _end);

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
    public void Add(TicketOutcome record)
    {
        bool created = record.Created >= _start && record.Created < _end;
        bool resolvedIn = record.Resolved is { } r && r >= _start && r < _end;
        _created += created ? 1 : 0;
        _cohortResolved += created && record.Resolved.HasValue ? 1 : 0;
        _resolvedInPeriod += resolvedIn ? 1 : 0;
        _reopened += resolvedIn && record.ReopenCount > 0 ? 1 : 0;
    }

    /// <summary>Adds a batch of tickets.</summary>
    /// <param name="records">The tickets' outcomes.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void AddRange(ReadOnlySpan<TicketOutcome> records)
    {
        foreach (ref readonly TicketOutcome r in records)
        {
            Add(r);
        }
    }

    /// <summary>Adds every ticket counted by another accumulator over the same period.</summary>
    /// <param name="other">The accumulator to merge; it is not changed.</param>
    /// <exception cref="ArgumentException">Thrown when the periods differ; the accumulator is unchanged.</exception>
    public void Merge(in ResolutionAccumulator other)
    {
        KpiGuard.SameSetting(Period, other.Period, "period", nameof(other));
        _created += other._created;
        _resolvedInPeriod += other._resolvedInPeriod;
        _cohortResolved += other._cohortResolved;
        _reopened += other._reopened;
    }
}
