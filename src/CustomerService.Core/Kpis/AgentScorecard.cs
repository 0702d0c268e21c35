using System.Globalization;
using Microsoft.Extensions.Options;
using NodaTime;

namespace CustomerService.Core.Kpis;

/// <summary>One agent's figures for a scorecard period.</summary>
/// <threadsafety>This type is an immutable value type: any number of threads may share and read an instance without locking.</threadsafety>
/// <param name="AgentId">The agent's identifier (an id, never a name).</param>
/// <param name="CsatPercent">Service quality: the agent's CSAT, 0 to 100.</param>
/// <param name="ContactsHandled">Contacts handled in the period; not negative.</param>
/// <param name="AverageHandleTime">The agent's AHT; positive when contacts were handled.</param>
/// <param name="ResolutionPercent">Resolution rate, 0 to 100.</param>
/// <param name="FirstContactResolutionPercent">FCR, 0 to 100.</param>
/// <param name="ScheduledDays">Days the agent was scheduled; positive.</param>
/// <param name="AttendedDays">Days attended, 0 to <paramref name="ScheduledDays"/>.</param>
/// <param name="LateArrivals">Late arrivals; not negative.</param>
/// <param name="EarlyLeaves">Early leaves; not negative.</param>
/// <param name="KnowledgeTestPercent">Knowledge-test score (average of the period's tests), 0 to 100.</param>
public readonly record struct AgentPeriodFigures(
    string AgentId,
    double CsatPercent,
    int ContactsHandled,
    Duration AverageHandleTime,
    double ResolutionPercent,
    double FirstContactResolutionPercent,
    int ScheduledDays,
    int AttendedDays,
    int LateArrivals,
    int EarlyLeaves,
    double KnowledgeTestPercent);

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
    double Total);

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
    }

    /// <summary>Initializes a new instance of the <see cref="AgentScorecardCalculator"/> class from bound options.</summary>
    /// <param name="options">The bound options.</param>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="OptionsValidationException">Thrown when the options are invalid.</exception>
    public AgentScorecardCalculator(IOptions<ScorecardOptions> options)
        : this((options ?? throw new ArgumentNullException(nameof(options))).Value)
    {
    }

    /// <summary>Computes one agent's scorecard.</summary>
    /// <param name="figures">The agent's figures for the period.</param>
    /// <returns>The component scores and the weighted total.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when a figure is NaN or outside its range; the message names it.</exception>
    /// <exception cref="ArgumentException">Thrown when the agent id is empty.</exception>
    public AgentScorecard Compute(AgentPeriodFigures figures)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(figures.AgentId, nameof(figures));
        KpiGuard.InRange(figures.CsatPercent, nameof(figures.CsatPercent), 0, 100);
        KpiGuard.InRange(figures.ResolutionPercent, nameof(figures.ResolutionPercent), 0, 100);
        KpiGuard.InRange(figures.FirstContactResolutionPercent, nameof(figures.FirstContactResolutionPercent), 0, 100);
        KpiGuard.InRange(figures.KnowledgeTestPercent, nameof(figures.KnowledgeTestPercent), 0, 100);
        KpiGuard.NonNegativeCount(figures.ContactsHandled, nameof(figures.ContactsHandled));
        KpiGuard.NonNegativeCount(figures.LateArrivals, nameof(figures.LateArrivals));
        KpiGuard.NonNegativeCount(figures.EarlyLeaves, nameof(figures.EarlyLeaves));
        if (figures.ScheduledDays <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(figures), figures.ScheduledDays, string.Create(CultureInfo.InvariantCulture, $"ScheduledDays is {figures.ScheduledDays}; the allowed range is 1 or more."));
        }

        if (figures.AttendedDays < 0 || figures.AttendedDays > figures.ScheduledDays)
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
}
