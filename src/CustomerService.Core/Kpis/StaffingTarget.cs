using System.Globalization;
using NodaTime;

namespace CustomerService.Core.Kpis;

/// <summary>What a staffing search must achieve.</summary>
/// <threadsafety>This type is an enumeration; its values are immutable and thread-safe.</threadsafety>
public enum StaffingGoal
{
    /// <summary>At least a share of callers answered within a threshold ("80 % in 20 s").</summary>
    ServiceLevel = 1,

    /// <summary>An average speed of answer (mean wait over all callers) at most a duration.</summary>
    AverageSpeedOfAnswer = 2,

    /// <summary>A probability of waiting at all at most a share.</summary>
    ProbabilityOfWaiting = 3,

    /// <summary>A probability of waiting longer than a threshold at most a share.</summary>
    ProbabilityOfWaitingLongerThan = 4,
}

/// <summary>A staffing target: the goal, its share and its threshold. Built by the factory methods, one per goal.</summary>
/// <remarks>
/// <para>Every goal gets easier with more agents (the service level rises, the waits and probabilities fall), so the
/// fewest agents meeting it is found by a search over the number of agents. Comparisons allow a relative tolerance of
/// 10<sup>−12</sup>, so a target met exactly in real arithmetic is met.</para>
/// <para>The default value is not a target: every staffing search rejects it.</para>
/// </remarks>
/// <threadsafety>This type is an immutable value type: any number of threads may share and read an instance without locking.</threadsafety>
public readonly record struct StaffingTarget
{
    private StaffingTarget(StaffingGoal goal, double share, Duration threshold)
    {
        Goal = goal;
        Share = share;
        Threshold = threshold;
    }

    /// <summary>Gets the goal.</summary>
    /// <value>What the search must achieve; 0 for the default value (not a target).</value>
    public StaffingGoal Goal { get; }

    /// <summary>Gets the share: the least service level, or the greatest probability of waiting (at all or longer than <see cref="Threshold"/>).</summary>
    /// <value>From 0 to 1; 0 for an ASA target.</value>
    public double Share { get; }

    /// <summary>Gets the threshold: the answer-within time, the greatest ASA, or the wait not to exceed.</summary>
    /// <value>Not negative; zero for a probability-of-waiting target.</value>
    public Duration Threshold { get; }

    /// <summary>Creates a service-level target: at least <paramref name="share"/> of callers answered within <paramref name="answerWithin"/>.</summary>
    /// <param name="share">The least share, in (0, 1) (0.8 for "80 % in 20 s").</param>
    /// <param name="answerWithin">The threshold (inclusive); not negative.</param>
    /// <returns>The target.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when <paramref name="share"/> is NaN or outside (0, 1), or <paramref name="answerWithin"/> is negative.</exception>
    public static StaffingTarget ServiceLevel(double share, Duration answerWithin)
    {
        KpiGuard.InRange(share, nameof(share), 0, 1, minimumInclusive: false, maximumInclusive: false);
        NonNegative(answerWithin, nameof(answerWithin));
        return new(StaffingGoal.ServiceLevel, share, answerWithin);
    }

    /// <summary>Creates an ASA target: the mean wait over all callers at most <paramref name="maximum"/>.</summary>
    /// <param name="maximum">The greatest acceptable ASA; positive.</param>
    /// <returns>The target.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when <paramref name="maximum"/> is zero or negative.</exception>
    public static StaffingTarget AverageSpeedOfAnswer(Duration maximum)
    {
        KpiGuard.Positive(maximum, nameof(maximum));
        return new(StaffingGoal.AverageSpeedOfAnswer, 0, maximum);
    }

    /// <summary>Creates a probability-of-waiting target: at most <paramref name="maximum"/> of callers wait at all.</summary>
    /// <param name="maximum">The greatest acceptable probability, in (0, 1).</param>
    /// <returns>The target.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when <paramref name="maximum"/> is NaN or outside (0, 1).</exception>
    public static StaffingTarget ProbabilityOfWaiting(double maximum)
    {
        KpiGuard.InRange(maximum, nameof(maximum), 0, 1, minimumInclusive: false, maximumInclusive: false);
        return new(StaffingGoal.ProbabilityOfWaiting, maximum, Duration.Zero);
    }

    /// <summary>Creates a target on long waits: at most <paramref name="maximum"/> of callers wait longer than <paramref name="wait"/>.</summary>
    /// <param name="wait">The wait not to exceed; not negative.</param>
    /// <param name="maximum">The greatest acceptable probability, in (0, 1).</param>
    /// <returns>The target.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when <paramref name="wait"/> is negative or <paramref name="maximum"/> is NaN or outside (0, 1).</exception>
    public static StaffingTarget ProbabilityOfWaitingLongerThan(Duration wait, double maximum)
    {
        NonNegative(wait, nameof(wait));
        KpiGuard.InRange(maximum, nameof(maximum), 0, 1, minimumInclusive: false, maximumInclusive: false);
        return new(StaffingGoal.ProbabilityOfWaitingLongerThan, maximum, wait);
    }

    /// <summary>Returns the target as, for example, "service level ≥ 0.8 within 0:00:00:20".</summary>
    /// <returns>A description using the invariant culture.</returns>
    public override string ToString() => Goal switch
    {
        StaffingGoal.ServiceLevel => string.Create(CultureInfo.InvariantCulture, $"service level ≥ {Share} within {Threshold}"),
        StaffingGoal.AverageSpeedOfAnswer => string.Create(CultureInfo.InvariantCulture, $"ASA ≤ {Threshold}"),
        StaffingGoal.ProbabilityOfWaiting => string.Create(CultureInfo.InvariantCulture, $"P(wait) ≤ {Share}"),
        StaffingGoal.ProbabilityOfWaitingLongerThan => string.Create(CultureInfo.InvariantCulture, $"P(wait > {Threshold}) ≤ {Share}"),
        _ => "no target",
    };

    /// <summary>Checks that the target was built by a factory method.</summary>
    internal void Validate(string paramName)
    {
        if (Goal is < StaffingGoal.ServiceLevel or > StaffingGoal.ProbabilityOfWaitingLongerThan)
        {
            throw new ArgumentOutOfRangeException(paramName, Goal, "The staffing target is the default value; build it with StaffingTarget.ServiceLevel, AverageSpeedOfAnswer, ProbabilityOfWaiting or ProbabilityOfWaitingLongerThan.");
        }
    }

    /// <summary>Whether figures meet the target (relative tolerance 10^-12).</summary>
    internal bool IsMet(double serviceLevel, double averageWaitNanoseconds, double probabilityOfWaiting, double probabilityOfWaitingLonger)
    {
        const double Tolerance = 1e-12;
        return Goal switch
        {
            StaffingGoal.ServiceLevel => serviceLevel >= Share * (1 - Tolerance),
            StaffingGoal.AverageSpeedOfAnswer => averageWaitNanoseconds <= Threshold.TotalNanoseconds * (1 + Tolerance),
            StaffingGoal.ProbabilityOfWaiting => probabilityOfWaiting <= Share * (1 + Tolerance),
            _ => probabilityOfWaitingLonger <= Share * (1 + Tolerance),
        };
    }

    private static void NonNegative(Duration value, string paramName)
    {
        if (value < Duration.Zero)
        {
            throw new ArgumentOutOfRangeException(paramName, value, string.Create(CultureInfo.InvariantCulture, $"{paramName} is {value}; the allowed range is zero or more."));
        }
    }
}
