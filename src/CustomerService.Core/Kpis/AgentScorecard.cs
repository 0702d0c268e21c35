using System.Globalization;
using Microsoft.Extensions.Options;
using NodaTime;

namespace CustomerService.Core.Kpis;

/// <summary>One agent's figures for a scorecard period, each set by name.</summary>
/// <remarks>
/// <para>Every figure is a required property set in an object initializer, so that adjacent figures of one type (the
/// four day counts, the three percentages) cannot be swapped by position:</para>
/// <code>
/// var figures = new AgentPeriodFigures
/// {
///     AgentId = "agent-17", CsatPercent = 90, ContactsHandled = 1200, AverageHandleTime = Duration.FromSeconds(330),
///     ResolutionPercent = 90, FirstContactResolutionPercent = 70, ScheduledDays = 20, AttendedDays = 20,
///     LateArrivals = 1, EarlyLeaves = 0, KnowledgeTestPercent = 85,
/// };
/// </code>
/// <para>Each property checks its own range when it is set (also in a <c>with</c> expression) and throws
/// <see cref="ArgumentOutOfRangeException"/> (or <see cref="ArgumentException"/> for the agent id) naming the property.
/// The two rules that relate figures to each other — attended days at most the scheduled days, a positive AHT when
/// contacts were handled — are checked by <see cref="AgentScorecardCalculator.Compute(AgentPeriodFigures)"/>.</para>
/// </remarks>
/// <threadsafety>This type is immutable once initialized: any number of threads may share and read an instance without locking.</threadsafety>
public sealed record AgentPeriodFigures
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

    /// <summary>Gets service quality: the agent's CSAT, as a percentage.</summary>
    /// <value>0 to 100.</value>
    /// <exception cref="ArgumentOutOfRangeException">Thrown on initialization when the value is NaN or outside 0–100.</exception>
    public required double CsatPercent
    {
        get;
        init
        {
            KpiGuard.InRange(value, nameof(CsatPercent), 0, 100);
            field = value;
        }
    }

    /// <summary>Gets the number of contacts handled in the period.</summary>
    /// <value>Not negative.</value>
    /// <exception cref="ArgumentOutOfRangeException">Thrown on initialization when the value is negative.</exception>
    public required int ContactsHandled
    {
        get;
        init
        {
            KpiGuard.NonNegativeCount(value, nameof(ContactsHandled));
            field = value;
        }
    }

    /// <summary>Gets the agent's average handle time.</summary>
    /// <value>Not negative; positive when contacts were handled (checked by <see cref="AgentScorecardCalculator.Compute(AgentPeriodFigures)"/>).</value>
    /// <exception cref="ArgumentOutOfRangeException">Thrown on initialization when the value is negative.</exception>
    public required Duration AverageHandleTime
    {
        get;
        init
        {
            if (value < Duration.Zero)
            {
                throw new ArgumentOutOfRangeException(nameof(AverageHandleTime), value, string.Create(CultureInfo.InvariantCulture, $"AverageHandleTime is {value}; the allowed range is zero or more."));
            }

            field = value;
        }
    }

    /// <summary>Gets the resolution rate, as a percentage.</summary>
    /// <value>0 to 100.</value>
    /// <exception cref="ArgumentOutOfRangeException">Thrown on initialization when the value is NaN or outside 0–100.</exception>
    public required double ResolutionPercent
    {
        get;
        init
        {
            KpiGuard.InRange(value, nameof(ResolutionPercent), 0, 100);
            field = value;
        }
    }

    /// <summary>Gets first-contact resolution, as a percentage.</summary>
    /// <value>0 to 100.</value>
    /// <exception cref="ArgumentOutOfRangeException">Thrown on initialization when the value is NaN or outside 0–100.</exception>
    public required double FirstContactResolutionPercent
    {
        get;
        init
        {
            KpiGuard.InRange(value, nameof(FirstContactResolutionPercent), 0, 100);
            field = value;
        }
    }

    /// <summary>Gets the number of days the agent was scheduled.</summary>
    /// <value>1 or more.</value>
    /// <exception cref="ArgumentOutOfRangeException">Thrown on initialization when the value is less than 1.</exception>
    public required int ScheduledDays
    {
        get;
        init
        {
            if (value < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(ScheduledDays), value, string.Create(CultureInfo.InvariantCulture, $"ScheduledDays is {value}; the allowed range is 1 or more."));
            }

            field = value;
        }
    }

    /// <summary>Gets the number of days the agent attended.</summary>
    /// <value>0 to <see cref="ScheduledDays"/> (the upper bound is checked by <see cref="AgentScorecardCalculator.Compute(AgentPeriodFigures)"/>).</value>
    /// <exception cref="ArgumentOutOfRangeException">Thrown on initialization when the value is negative.</exception>
    public required int AttendedDays
    {
        get;
        init
        {
            KpiGuard.NonNegativeCount(value, nameof(AttendedDays));
            field = value;
        }
    }

    /// <summary>Gets the number of late arrivals.</summary>
    /// <value>Not negative.</value>
    /// <exception cref="ArgumentOutOfRangeException">Thrown on initialization when the value is negative.</exception>
    public required int LateArrivals
    {
        get;
        init
        {
            KpiGuard.NonNegativeCount(value, nameof(LateArrivals));
            field = value;
        }
    }

    /// <summary>Gets the number of early leaves.</summary>
    /// <value>Not negative.</value>
    /// <exception cref="ArgumentOutOfRangeException">Thrown on initialization when the value is negative.</exception>
    public required int EarlyLeaves
    {
        get;
        init
        {
            KpiGuard.NonNegativeCount(value, nameof(EarlyLeaves));
            field = value;
        }
    }

    /// <summary>Gets the knowledge-test score (the average of the period's tests), as a percentage.</summary>
    /// <value>0 to 100.</value>
    /// <exception cref="ArgumentOutOfRangeException">Thrown on initialization when the value is NaN or outside 0–100.</exception>
    public required double KnowledgeTestPercent
    {
        get;
        init
        {
            KpiGuard.InRange(value, nameof(KnowledgeTestPercent), 0, 100);
            field = value;
        }
    }
}

/// <summary>An agent's scorecard: the five component scores (each 0 to 100) and their weighted total.</summary>
/// <threadsafety>This type is an immutable value type: any number of threads may share and read an instance without locking.</threadsafety>
/// <param name="AgentId">The agent's identifier.</param>
/// <param name="Quality">Service quality score.</param>
/// <param name="Efficiency">Efficiency score.</param>
/// <param name="ProblemSolving">Problem-solving score.</param>
/// <param name="Attendance">Attendance score.</param>
/// <param name="Knowledge">Knowledge score.</param>
/// <param name="Total">The weighted total, 0 to 100.</param>
public readonly record struct AgentScorecard(
    string AgentId,
    double Quality,
    double Efficiency,
    double ProblemSolving,
    double Attendance,
    double Knowledge,
    double Total)
{
    /// <summary>Gets the agent's identifier.</summary>
    public string AgentId { get; } = AgentId;

    /// <summary>Gets service quality score.</summary>
    public double Quality { get; } = Quality;

    /// <summary>Gets efficiency score.</summary>
    public double Efficiency { get; } = Efficiency;

    /// <summary>Gets problem-solving score.</summary>
    public double ProblemSolving { get; } = ProblemSolving;

    /// <summary>Gets attendance score.</summary>
    public double Attendance { get; } = Attendance;

    /// <summary>Gets knowledge score.</summary>
    public double Knowledge { get; } = Knowledge;

    /// <summary>Gets the weighted total, 0 to 100.</summary>
    public double Total { get; } = Total;
}

/// <summary>Computes weighted agent scorecards from <see cref="ScorecardOptions"/>.</summary>
/// <remarks>
/// <para>Component scores (each clamped to 0–100):</para>
/// <list type="bullet">
/// <item><description>Quality = CSAT %.</description></item>
/// <item><description>Efficiency = mean of min(100, 100 × contacts per attended day / target) and min(100, 100 × target AHT / AHT).</description></item>
/// <item><description>Problem solving = mean of resolution % and FCR %.</description></item>
/// <item><description>Attendance = 100 × attended / scheduled days − late arrivals × late penalty − early leaves × early penalty.</description></item>
/// <item><description>Knowledge = knowledge-test %.</description></item>
/// </list>
/// <para>Total = Σ weight<sub>i</sub> × score<sub>i</sub> / Σ weight<sub>i</sub>.</para>
/// <para>Worked example with the default options (30/20/25/15/10, 60 contacts a day, AHT 300 s, 5 points per late
/// arrival or early leave): CSAT 90 %, 1,200 contacts over 20 attended of 20 scheduled days (60 a day → 100), AHT 330 s
/// (→ 90.9), resolution 90 %, FCR 70 % (→ 80), 1 late arrival (→ 95), test 85 %: quality 90, efficiency 95.45,
/// problem solving 80, attendance 95, knowledge 85; total 88.84.</para>
/// </remarks>
/// <threadsafety>This type is immutable and thread-safe.</threadsafety>
public sealed class AgentScorecardCalculator
{
    private readonly ScorecardOptions _options;
    private readonly ScorecardComponentOptions[] _components;

    /// <summary>Initializes a new instance of the <see cref="AgentScorecardCalculator"/> class.</summary>
    /// <param name="options">The weights and targets; validated and copied.</param>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="OptionsValidationException">Thrown when the options are invalid; the message lists every error with its key.</exception>
    public AgentScorecardCalculator(ScorecardOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ValidateOptionsResult result = new ScorecardOptionsValidator().Validate(Options.DefaultName, options);
        if (result.Failed)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(ScorecardOptions), result.Failures);
        }

        _options = new ScorecardOptions
        {
            QualityWeight = options.QualityWeight,
            EfficiencyWeight = options.EfficiencyWeight,
            ProblemSolvingWeight = options.ProblemSolvingWeight,
            AttendanceWeight = options.AttendanceWeight,
            KnowledgeWeight = options.KnowledgeWeight,
            TargetContactsPerDay = options.TargetContactsPerDay,
            TargetHandleTimeSeconds = options.TargetHandleTimeSeconds,
            LateArrivalPenalty = options.LateArrivalPenalty,
            EarlyLeavePenalty = options.EarlyLeavePenalty,
        };
        _components = options.Components.Count > 0
            ? options.Components.Select(c => new ScorecardComponentOptions { Kpi = c.Kpi, Weight = c.Weight, Target = c.Target, Direction = c.Direction }).ToArray()
            : ClassicComponents(options);
    }

    /// <summary>Initializes a new instance of the <see cref="AgentScorecardCalculator"/> class from bound options.</summary>
    /// <param name="options">The bound options.</param>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="OptionsValidationException">Thrown when the options are invalid.</exception>
    public AgentScorecardCalculator(IOptions<ScorecardOptions> options)
        : this((options ?? throw new ArgumentNullException(nameof(options))).Value)
    {
    }

    /// <summary>Computes one agent's configurable scorecard from the period's accumulators and records.</summary>
    /// <param name="kpis">The agent's accumulators for the period (CSAT, NPS, CES, FCR, resolution, ART, AHT, attendance, knowledge tests).</param>
    /// <returns>One line per component (value, score, or no data) and the weighted total over the components with data.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="kpis"/> is <see langword="null"/>.</exception>
    public KpiScorecard Compute(AgentPeriodKpis kpis)
    {
        ArgumentNullException.ThrowIfNull(kpis);
        var lines = new KpiScorecardLine[_components.Length];
        for (int i = 0; i < lines.Length; i++)
        {
            ScorecardComponentOptions c = _components[i];
            double? value = KpiScorecard.Measure(c.Kpi, kpis, _options);
            double? score = value is double v ? KpiScorecard.Score(v, c.Target, c.Direction) : null;
            lines[i] = new KpiScorecardLine(c.Kpi, c.Weight, c.Target, c.Direction, value, score);
        }

        return new KpiScorecard(kpis.AgentId, lines);
    }

    /// <summary>Computes one agent's scorecard from typed-in figures (the classic five-part card).</summary>
    /// <param name="figures">The agent's figures for the period; each figure was range-checked when it was set.</param>
    /// <returns>The component scores and the weighted total.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="figures"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when the figures contradict each other (more attended than scheduled days,
    /// or contacts handled with a zero AHT); <see cref="ArgumentException.ParamName"/> is <paramref name="figures"/> and the message names the figures.</exception>
    public AgentScorecard Compute(AgentPeriodFigures figures)
    {
        ArgumentNullException.ThrowIfNull(figures);
        if (figures.AttendedDays > figures.ScheduledDays)
        {
            throw new ArgumentOutOfRangeException(nameof(figures), figures.AttendedDays, string.Create(CultureInfo.InvariantCulture, $"AttendedDays is {figures.AttendedDays}; the allowed range is 0 to {figures.ScheduledDays} (the scheduled days)."));
        }

        if (figures.ContactsHandled > 0 && figures.AverageHandleTime <= Duration.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(figures), figures.AverageHandleTime, "AverageHandleTime must be greater than zero when contacts were handled.");
        }

        double perDay = figures.AttendedDays == 0 ? 0 : (double)figures.ContactsHandled / figures.AttendedDays;
        double volume = Math.Min(100, 100 * perDay / _options.TargetContactsPerDay);
        double speed = figures.ContactsHandled == 0 ? 0 : Math.Min(100, 100 * _options.TargetHandleTimeSeconds / figures.AverageHandleTime.TotalSeconds);
        double efficiency = (volume + speed) / 2;
        double problemSolving = (figures.ResolutionPercent + figures.FirstContactResolutionPercent) / 2;
        double attendance = Math.Clamp(
            (100.0 * figures.AttendedDays / figures.ScheduledDays) - (figures.LateArrivals * _options.LateArrivalPenalty) - (figures.EarlyLeaves * _options.EarlyLeavePenalty),
            0,
            100);

        double weights = _options.QualityWeight + _options.EfficiencyWeight + _options.ProblemSolvingWeight + _options.AttendanceWeight + _options.KnowledgeWeight;
        double total = ((_options.QualityWeight * figures.CsatPercent)
            + (_options.EfficiencyWeight * efficiency)
            + (_options.ProblemSolvingWeight * problemSolving)
            + (_options.AttendanceWeight * attendance)
            + (_options.KnowledgeWeight * figures.KnowledgeTestPercent)) / weights;
        return new AgentScorecard(figures.AgentId, figures.CsatPercent, efficiency, problemSolving, attendance, figures.KnowledgeTestPercent, total);
    }

    private static ScorecardComponentOptions[] ClassicComponents(ScorecardOptions o) =>
    [
        new() { Kpi = ScorecardKpi.Csat, Weight = o.QualityWeight, Target = 100 },
        new() { Kpi = ScorecardKpi.ContactsPerDay, Weight = o.EfficiencyWeight / 2, Target = o.TargetContactsPerDay },
        new() { Kpi = ScorecardKpi.AverageHandleTime, Weight = o.EfficiencyWeight / 2, Target = o.TargetHandleTimeSeconds, Direction = KpiDirection.LowerIsBetter },
        new() { Kpi = ScorecardKpi.ResolutionRate, Weight = o.ProblemSolvingWeight / 2, Target = 100 },
        new() { Kpi = ScorecardKpi.FirstContactResolution, Weight = o.ProblemSolvingWeight / 2, Target = 100 },
        new() { Kpi = ScorecardKpi.Attendance, Weight = o.AttendanceWeight, Target = 100 },
        new() { Kpi = ScorecardKpi.KnowledgeScore, Weight = o.KnowledgeWeight, Target = 100 },
    ];
}
