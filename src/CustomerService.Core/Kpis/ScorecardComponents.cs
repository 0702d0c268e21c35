using System.Collections.ObjectModel;
using System.Globalization;
using NodaTime;

namespace CustomerService.Core.Kpis;

/// <summary>A KPI a scorecard component can be built on, with the unit its value and target are in.</summary>
/// <threadsafety>This type is an enumeration; its values are immutable and thread-safe.</threadsafety>
public enum ScorecardKpi
{
    /// <summary>CSAT: satisfied responses, in % (0–100), from <see cref="AgentPeriodKpis.Csat"/>.</summary>
    Csat = 1,

    /// <summary>NPS: −100 to 100, from <see cref="AgentPeriodKpis.Nps"/>.</summary>
    Nps = 2,

    /// <summary>CES: the mean answer on the survey's own scale (<see cref="CesScale"/>; set the direction to match its polarity), from <see cref="AgentPeriodKpis.Ces"/>.</summary>
    Ces = 3,

    /// <summary>First-contact resolution, in % (default variant: transfers excluded, all contacts), from <see cref="AgentPeriodKpis.Fcr"/>.</summary>
    FirstContactResolution = 4,

    /// <summary>Resolution rate, in % (cohort method: at most 100 %), from <see cref="AgentPeriodKpis.Resolution"/>.</summary>
    ResolutionRate = 5,

    /// <summary>Average resolution time (ART), in seconds, from <see cref="AgentPeriodKpis.ResolutionTimes"/>.</summary>
    AverageResolutionTime = 6,

    /// <summary>Average handle time (AHT), in seconds, from <see cref="AgentPeriodKpis.HandleTimes"/>.</summary>
    AverageHandleTime = 7,

    /// <summary>Contacts handled per attended day: the AHT accumulator's count over <see cref="AttendanceAccumulator.AttendedDays"/>.</summary>
    ContactsPerDay = 8,

    /// <summary>Attendance, 0–100: <c>100 × attended / scheduled days − late arrivals × penalty − early leaves × penalty</c>, from <see cref="AgentPeriodKpis.Attendance"/>.</summary>
    Attendance = 9,

    /// <summary>Knowledge score, in %: test points over points possible, from <see cref="AgentPeriodKpis.KnowledgeTests"/>.</summary>
    KnowledgeScore = 10,
}

/// <summary>Whether a larger value of a KPI is better or worse.</summary>
/// <threadsafety>This type is an enumeration; its values are immutable and thread-safe.</threadsafety>
public enum KpiDirection
{
    /// <summary>Higher is better (CSAT, FCR, contacts per day): score = <c>100 × value / target</c>, at most 100.</summary>
    HigherIsBetter = 1,

    /// <summary>Lower is better (AHT, ART, CES on the effort scale): score = <c>100 × target / value</c>, at most 100 (100 for a value of zero).</summary>
    LowerIsBetter = 2,
}

/// <summary>One weighted component of a configurable scorecard: a KPI, its weight, its target and its direction. Bindable from configuration.</summary>
/// <remarks>The component scores 100 when the target is met, proportionally less when it is not (see <see cref="KpiDirection"/>), never below 0.</remarks>
/// <threadsafety>This type is a mutable options class: configure it at start-up and do not change it while scorecards are being computed.</threadsafety>
public sealed class ScorecardComponentOptions
{
    /// <summary>Gets or sets the KPI.</summary>
    /// <value>The default value is 0, which is not a KPI (validation rejects it).</value>
    public ScorecardKpi Kpi { get; set; }

    /// <summary>Gets or sets the weight, relative to the other components.</summary>
    /// <value>Finite and not negative. The default value is 1.</value>
    public double Weight { get; set; } = 1;

    /// <summary>Gets or sets the target, in the KPI's unit (see <see cref="ScorecardKpi"/>).</summary>
    /// <value>Finite and positive. The default value is 100.</value>
    public double Target { get; set; } = 100;

    /// <summary>Gets or sets whether higher or lower values are better.</summary>
    /// <value>The default value is <see cref="KpiDirection.HigherIsBetter"/>.</value>
    public KpiDirection Direction { get; set; } = KpiDirection.HigherIsBetter;
}

/// <summary>One agent's accumulators for a scorecard period: the scorecard is computed from these, not from typed-in figures.</summary>
/// <remarks>
/// <para>Each accumulator is copied when set. Leave a KPI the card does not use at its default (empty) value; a component
/// whose accumulator holds no data has no score, and the total is taken over the components with data.</para>
/// <code>
/// var kpis = new AgentPeriodKpis { AgentId = "agent-17", Csat = csat, HandleTimes = aht, Attendance = attendance, KnowledgeTests = tests };
/// KpiScorecard card = calculator.Compute(kpis);
/// </code>
/// </remarks>
/// <threadsafety>This type is immutable once initialized: any number of threads may share and read an instance without locking.</threadsafety>
public sealed class AgentPeriodKpis
{
    /// <summary>Gets the agent's identifier (an id, never a name).</summary>
    /// <value>Not empty or white space.</value>
    /// <exception cref="ArgumentNullException">Thrown on initialization when the value is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">Thrown on initialization when the value is empty or white space.</exception>
    public required string AgentId
    {
        get;
        init
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(value, nameof(AgentId));
            field = value;
        }
    }

    /// <summary>Gets the CSAT answers.</summary>
    /// <value>The default value holds no answers.</value>
    public CsatAccumulator Csat { get; init; }

    /// <summary>Gets the NPS answers.</summary>
    /// <value>The default value holds no answers.</value>
    public NpsAccumulator Nps { get; init; }

    /// <summary>Gets the CES answers.</summary>
    /// <value>The default value holds no answers.</value>
    public CesAccumulator Ces { get; init; }

    /// <summary>Gets the contact outcomes for first-contact resolution.</summary>
    /// <value>The default value holds no contacts.</value>
    public FcrAccumulator Fcr { get; init; }

    /// <summary>Gets the ticket outcomes for the resolution rate.</summary>
    /// <value>The default value holds no tickets.</value>
    public ResolutionAccumulator Resolution { get; init; }

    /// <summary>Gets the resolution times for the ART.</summary>
    /// <value><see langword="null"/> (the default) for none.</value>
    public DurationAccumulator? ResolutionTimes { get; init; }

    /// <summary>Gets the handled contacts for AHT and contacts per day.</summary>
    /// <value>The default value holds no contacts.</value>
    public AhtAccumulator HandleTimes { get; init; }

    /// <summary>Gets the attendance records (出勤, 迟到早退).</summary>
    /// <value>The default value holds no records.</value>
    public AttendanceAccumulator Attendance { get; init; }

    /// <summary>Gets the knowledge-test results (业务知识测试).</summary>
    /// <value>The default value holds no results.</value>
    public KnowledgeTestAccumulator KnowledgeTests { get; init; }
}

/// <summary>One line of a <see cref="KpiScorecard"/>: a component with the value measured and the score it earned.</summary>
/// <threadsafety>This type is an immutable value type: any number of threads may share and read an instance without locking.</threadsafety>
/// <param name="Kpi">The KPI.</param>
/// <param name="Weight">The component's weight.</param>
/// <param name="Target">The target, in the KPI's unit.</param>
/// <param name="Direction">Whether higher or lower is better.</param>
/// <param name="Value">The value measured, in the KPI's unit; <see langword="null"/> when there was no data.</param>
/// <param name="Score">The score, 0 to 100; <see langword="null"/> when there was no data.</param>
public readonly record struct KpiScorecardLine(ScorecardKpi Kpi, double Weight, double Target, KpiDirection Direction, double? Value, double? Score)
{
    /// <summary>Gets the KPI.</summary>
    public ScorecardKpi Kpi { get; } = Kpi;

    /// <summary>Gets the component's weight.</summary>
    public double Weight { get; } = Weight;

    /// <summary>Gets the target, in the KPI's unit.</summary>
    public double Target { get; } = Target;

    /// <summary>Gets whether higher or lower is better.</summary>
    public KpiDirection Direction { get; } = Direction;

    /// <summary>Gets the value measured, in the KPI's unit; <see langword="null"/> when there was no data.</summary>
    public double? Value { get; } = Value;

    /// <summary>Gets the score, 0 to 100; <see langword="null"/> when there was no data.</summary>
    public double? Score { get; } = Score;

    /// <summary>Gets a value indicating whether there was data for this component.</summary>
    public bool HasValue => Score.HasValue;
}

/// <summary>An agent's configurable scorecard: one line per component and the weighted total over the components with data.</summary>
/// <threadsafety>This type is immutable: any number of threads may share and read an instance without locking.</threadsafety>
public sealed class KpiScorecard
{
    internal KpiScorecard(string agentId, KpiScorecardLine[] lines)
    {
        AgentId = agentId;
        Lines = new ReadOnlyCollection<KpiScorecardLine>(lines);
        double weights = 0;
        double sum = 0;
        foreach (KpiScorecardLine line in lines)
        {
            if (line.Score is double score)
            {
                weights += line.Weight;
                sum += line.Weight * score;
            }
        }

        Total = weights > 0 ? sum / weights : null;
    }

    /// <summary>Gets the agent's identifier.</summary>
    /// <value>The id.</value>
    public string AgentId { get; }

    /// <summary>Gets the lines, in the order of the configured components.</summary>
    /// <value>One line per component.</value>
    public IReadOnlyList<KpiScorecardLine> Lines { get; }

    /// <summary>Gets the weighted total <c>Σ wᵢ·sᵢ / Σ wᵢ</c> over the components with data.</summary>
    /// <value>0 to 100, or <see langword="null"/> when no weighted component had data (no data).</value>
    public double? Total { get; }

    /// <summary>Gets a value indicating whether there is a total.</summary>
    /// <value><see langword="true"/> when at least one weighted component had data.</value>
    public bool HasValue => Total.HasValue;

    /// <summary>Returns the card as "agent-17: 88.84 (Csat 90 → 90, …)".</summary>
    /// <returns>A one-line summary using the invariant culture.</returns>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{AgentId}: {(Total is double t ? t.ToString("0.##", CultureInfo.InvariantCulture) : "no data")} ({string.Join(", ", Lines.Select(l => $"{l.Kpi} {(l.Value is double v ? v.ToString("0.##", CultureInfo.InvariantCulture) : "no data")}{(l.Score is double s ? $" → {s.ToString("0.##", CultureInfo.InvariantCulture)}" : string.Empty)}"))})");

    internal static double? Measure(ScorecardKpi kpi, AgentPeriodKpis kpis, ScorecardOptions options) => kpi switch
    {
        ScorecardKpi.Csat => kpis.Csat.Percent,
        ScorecardKpi.Nps => kpis.Nps.Score,
        ScorecardKpi.Ces => kpis.Ces.Mean,
        ScorecardKpi.FirstContactResolution => kpis.Fcr.FirstContactResolution().Percent,
        ScorecardKpi.ResolutionRate => kpis.Resolution.ResolutionRate(ResolutionRateMethod.Cohort).Percent,
        ScorecardKpi.AverageResolutionTime => kpis.ResolutionTimes?.Mean is Duration art ? art.TotalSeconds : null,
        ScorecardKpi.AverageHandleTime => kpis.HandleTimes.AverageHandleTime is Duration aht ? aht.TotalSeconds : null,
        ScorecardKpi.ContactsPerDay => kpis.Attendance.AttendedDays == 0 ? null : (double)kpis.HandleTimes.Count / kpis.Attendance.AttendedDays,
        ScorecardKpi.Attendance => kpis.Attendance.Score(options.LateArrivalPenalty, options.EarlyLeavePenalty),
        ScorecardKpi.KnowledgeScore => kpis.KnowledgeTests.Score.Percent,
        _ => null,
    };

    internal static double Score(double value, double target, KpiDirection direction) => direction == KpiDirection.LowerIsBetter
        ? (value <= 0 ? 100 : Math.Clamp(100 * target / value, 0, 100))
        : Math.Clamp(100 * value / target, 0, 100);
}
