using System.Globalization;
using NodaTime;

namespace CustomerService.Core.Kpis;

/// <summary>The result of an Erlang C staffing calculation for one interval.</summary>
/// <threadsafety>This type is an immutable value type: any number of threads may share and read an instance without locking.</threadsafety>
/// <param name="TrafficErlangs">The offered load A = calls × AHT / interval, in Erlangs.</param>
/// <param name="Agents">Agents needed on the phones (before shrinkage).</param>
/// <param name="ScheduledAgents">Agents to schedule after shrinkage (see <see cref="Shrinkage"/>).</param>
/// <param name="ServiceLevel">The service level those agents give, 0 to 1.</param>
/// <param name="ProbabilityOfWaiting">The probability that a call waits at all, 0 to 1.</param>
/// <param name="AverageSpeedOfAnswer">The mean wait over all calls.</param>
/// <param name="Occupancy">The agents' occupancy A / N, 0 to 1.</param>
/// <param name="QueueLength">The mean number of callers waiting, Lq = C·A / (N − A).</param>
public readonly record struct StaffingResult(
    double TrafficErlangs,
    int Agents,
    int ScheduledAgents,
    double ServiceLevel,
    double ProbabilityOfWaiting,
    Duration AverageSpeedOfAnswer,
    double Occupancy,
    double QueueLength)
{
    /// <summary>Gets the offered load A = calls × AHT / interval, in Erlangs.</summary>
    public double TrafficErlangs { get; } = TrafficErlangs;

    /// <summary>Gets agents needed on the phones (before shrinkage).</summary>
    public int Agents { get; } = Agents;

    /// <summary>Gets agents to schedule after shrinkage (see <see cref="Shrinkage"/>).</summary>
    public int ScheduledAgents { get; } = ScheduledAgents;

    /// <summary>Gets the service level those agents give, 0 to 1.</summary>
    public double ServiceLevel { get; } = ServiceLevel;

    /// <summary>Gets the probability that a call waits at all, 0 to 1.</summary>
    public double ProbabilityOfWaiting { get; } = ProbabilityOfWaiting;

    /// <summary>Gets the mean wait over all calls.</summary>
    public Duration AverageSpeedOfAnswer { get; } = AverageSpeedOfAnswer;

    /// <summary>Gets the agents' occupancy A / N, 0 to 1.</summary>
    public double Occupancy { get; } = Occupancy;

    /// <summary>Gets the mean number of callers waiting, Lq = C·A / (N − A) (Little's law: Lq = λ·ASA).</summary>
    public double QueueLength { get; } = QueueLength;
}

/// <summary>Erlang C queueing formulas for staffing a contact centre: probability of waiting, service level, ASA, occupancy and agents required.</summary>
/// <remarks>
/// <para>Model (M/M/N, callers never abandon): calls arrive at random, handle times are exponential with mean AHT,
/// N agents. Offered load <c>A = calls per interval × AHT / interval length</c> (Erlangs).</para>
/// <list type="bullet">
/// <item><description>Erlang B by the stable recursion (no factorials, no powers): <c>B(0) = 1</c>, <c>B(k) = A·B(k−1) / (k + A·B(k−1))</c>.</description></item>
/// <item><description>Probability of waiting: <c>C = N·B / (N − A·(1 − B))</c> for N &gt; A; 1 when N ≤ A (the queue grows without bound).</description></item>
/// <item><description>Service level (answered within T): <c>SL = 1 − C·e<sup>−(N − A)·T / AHT</sup></c>.</description></item>
/// <item><description>Average speed of answer: <c>ASA = C·AHT / (N − A)</c>.</description></item>
/// <item><description>Occupancy: <c>A / N</c>.</description></item>
/// <item><description>Agents required: the smallest N &gt; A with SL ≥ target and A / N ≤ maximum occupancy (with a relative tolerance of 10<sup>−12</sup>).</description></item>
/// </list>
/// <para>Worked example: 100 calls per 30 minutes, AHT 180 s → A = 10 Erlangs; for 80 % in 20 s, 14 agents
/// (SL 0.888; 13 agents give 0.796, short of the target); with 30 % shrinkage, 20 to schedule.</para>
/// <para><b>Limits.</b> Every method that takes a load accepts 0 to <see cref="MaximumTrafficErlangs"/> Erlangs (a
/// million agents busy at once, far beyond any real centre) and any number of agents up to <see cref="int.MaxValue"/>.
/// The recursion stops as soon as B reaches zero in double precision (about A + 40√A steps at most), so every call
/// takes at most a few milliseconds. A load that is NaN, infinite, negative or above the maximum throws
/// <see cref="ArgumentOutOfRangeException"/>; a duration result beyond <see cref="Duration.MaxValue"/> (about 45,964
/// years) throws <see cref="OverflowException"/>.</para>
/// </remarks>
/// <threadsafety>This type is stateless and thread-safe.</threadsafety>
public static class ErlangC
{
    /// <summary>The largest offered load the staffing formulas accept, in Erlangs: 1,000,000.</summary>
    /// <remarks>It bounds the work of one call (the Erlang B recursion runs about A + 40√A steps at most, a few milliseconds).</remarks>
    public const double MaximumTrafficErlangs = 1_000_000;

    /// <summary>Gets the offered load in Erlangs: <c>calls × AHT / interval</c>.</summary>
    /// <param name="callsPerInterval">Calls offered in the interval; finite and not negative.</param>
    /// <param name="interval">The interval length (for example 30 minutes); positive.</param>
    /// <param name="averageHandleTime">The average handle time; positive.</param>
    /// <returns>The load A in Erlangs, finite and not negative (it may exceed <see cref="MaximumTrafficErlangs"/>, which the other methods reject).</returns>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when an argument is NaN or outside its range, or the load is too large to represent (infinite).</exception>
    public static double TrafficIntensity(double callsPerInterval, Duration interval, Duration averageHandleTime)
    {
        KpiGuard.InRange(callsPerInterval, nameof(callsPerInterval), 0, double.MaxValue);
        KpiGuard.Positive(interval, nameof(interval));
        KpiGuard.Positive(averageHandleTime, nameof(averageHandleTime));
        double a = callsPerInterval * averageHandleTime.TotalNanoseconds / interval.TotalNanoseconds;
        if (double.IsInfinity(a))
        {
            // The product overflowed: divide first (the ratio of two durations is between 2^-71 and 2^71).
            a = callsPerInterval * (averageHandleTime.TotalNanoseconds / interval.TotalNanoseconds);
        }

        if (!double.IsFinite(a))
        {
            throw new ArgumentOutOfRangeException(nameof(callsPerInterval), callsPerInterval, string.Create(CultureInfo.InvariantCulture, $"callsPerInterval is {callsPerInterval}; with an AHT of {averageHandleTime} per {interval} the load is infinite."));
        }

        return a;
    }

    /// <summary>Gets the Erlang B blocking probability by the stable recursion.</summary>
    /// <param name="trafficErlangs">The offered load A; 0 to <see cref="MaximumTrafficErlangs"/>.</param>
    /// <param name="agents">The number of agents (servers) N; not negative.</param>
    /// <returns>B(N, A), 0 to 1 (0 once it is below the smallest positive double).</returns>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when an argument is NaN or outside its range.</exception>
    public static double ErlangB(double trafficErlangs, int agents)
    {
        CheckLoad(trafficErlangs, nameof(trafficErlangs));
        ArgumentOutOfRangeException.ThrowIfNegative(agents);
        return ErlangBCore(trafficErlangs, agents);
    }

    /// <summary>Gets the probability that a call has to wait (Erlang C).</summary>
    /// <param name="trafficErlangs">The offered load A; 0 to <see cref="MaximumTrafficErlangs"/>.</param>
    /// <param name="agents">The number of agents N; not negative.</param>
    /// <returns>C(N, A), 0 to 1; 1 when N ≤ A.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when an argument is NaN or outside its range.</exception>
    public static double ProbabilityOfWaiting(double trafficErlangs, int agents) =>
        WaitProbability(trafficErlangs, agents, ErlangB(trafficErlangs, agents));

    /// <summary>Gets the service level: the probability that a call is answered within <paramref name="answerWithin"/>.</summary>
    /// <param name="trafficErlangs">The offered load A; 0 to <see cref="MaximumTrafficErlangs"/>.</param>
    /// <param name="agents">The number of agents N; not negative.</param>
    /// <param name="averageHandleTime">The average handle time; positive.</param>
    /// <param name="answerWithin">The service-level threshold T; not negative.</param>
    /// <returns><c>1 − C·e<sup>−(N − A)·T / AHT</sup></c>, 0 to 1; 0 when N ≤ A.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when an argument is NaN or outside its range.</exception>
    public static double ServiceLevel(double trafficErlangs, int agents, Duration averageHandleTime, Duration answerWithin)
    {
        CheckLoad(trafficErlangs, nameof(trafficErlangs));
        ArgumentOutOfRangeException.ThrowIfNegative(agents);
        KpiGuard.Positive(averageHandleTime, nameof(averageHandleTime));
        NonNegative(answerWithin, nameof(answerWithin));
        double c = WaitProbability(trafficErlangs, agents, ErlangBCore(trafficErlangs, agents));
        return ServiceLevelFrom(c, trafficErlangs, agents, answerWithin.TotalNanoseconds / averageHandleTime.TotalNanoseconds);
    }

    /// <summary>Gets the average speed of answer over all calls (those that wait and those that do not).</summary>
    /// <param name="trafficErlangs">The offered load A; 0 to <see cref="MaximumTrafficErlangs"/>.</param>
    /// <param name="agents">The number of agents N; more than A.</param>
    /// <param name="averageHandleTime">The average handle time; positive.</param>
    /// <returns><c>C·AHT / (N − A)</c>, rounded to the nanosecond.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when an argument is NaN or outside its range, or N ≤ A (the wait is unbounded).</exception>
    /// <exception cref="OverflowException">Thrown when the ASA is longer than <see cref="Duration.MaxValue"/> (a huge AHT with N barely above A).</exception>
    public static Duration AverageSpeedOfAnswer(double trafficErlangs, int agents, Duration averageHandleTime)
    {
        CheckLoad(trafficErlangs, nameof(trafficErlangs));
        ArgumentOutOfRangeException.ThrowIfNegative(agents);
        KpiGuard.Positive(averageHandleTime, nameof(averageHandleTime));
        if (agents <= trafficErlangs)
        {
            throw new ArgumentOutOfRangeException(nameof(agents), agents, string.Create(CultureInfo.InvariantCulture, $"agents is {agents}; the allowed range is more than the load {trafficErlangs} Erlangs, or the wait grows without bound."));
        }

        double c = WaitProbability(trafficErlangs, agents, ErlangBCore(trafficErlangs, agents));
        return KpiGuard.ToDuration(c * averageHandleTime.TotalNanoseconds / (agents - trafficErlangs), "average speed of answer");
    }

    /// <summary>Gets the probability that a call waits longer than <paramref name="wait"/>: <c>C·e<sup>−(N − A)·T / AHT</sup></c>, the complement of the service level.</summary>
    /// <param name="trafficErlangs">The offered load A; 0 to <see cref="MaximumTrafficErlangs"/>.</param>
    /// <param name="agents">The number of agents N; not negative.</param>
    /// <param name="averageHandleTime">The average handle time; positive.</param>
    /// <param name="wait">The wait T; not negative (T = 0 gives the probability of waiting at all).</param>
    /// <returns>P(W &gt; T), 0 to 1; 1 when N ≤ A.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when an argument is NaN or outside its range.</exception>
    public static double ProbabilityOfWaitingLongerThan(double trafficErlangs, int agents, Duration averageHandleTime, Duration wait)
    {
        CheckLoad(trafficErlangs, nameof(trafficErlangs));
        ArgumentOutOfRangeException.ThrowIfNegative(agents);
        KpiGuard.Positive(averageHandleTime, nameof(averageHandleTime));
        NonNegative(wait, nameof(wait));
        double c = WaitProbability(trafficErlangs, agents, ErlangBCore(trafficErlangs, agents));
        return agents <= trafficErlangs ? 1 : Math.Clamp(c * Math.Exp(-(agents - trafficErlangs) * wait.TotalNanoseconds / averageHandleTime.TotalNanoseconds), 0, 1);
    }

    /// <summary>Gets the mean number of callers waiting (Lq): <c>C·A / (N − A)</c>.</summary>
    /// <param name="trafficErlangs">The offered load A; 0 to <see cref="MaximumTrafficErlangs"/>.</param>
    /// <param name="agents">The number of agents N; more than A.</param>
    /// <returns>Lq, not negative.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when an argument is NaN or outside its range, or N ≤ A (the queue grows without bound).</exception>
    public static double QueueLength(double trafficErlangs, int agents)
    {
        CheckLoad(trafficErlangs, nameof(trafficErlangs));
        ArgumentOutOfRangeException.ThrowIfNegative(agents);
        if (agents <= trafficErlangs)
        {
            throw new ArgumentOutOfRangeException(nameof(agents), agents, string.Create(CultureInfo.InvariantCulture, $"agents is {agents}; the allowed range is more than the load {trafficErlangs} Erlangs, or the queue grows without bound."));
        }

        double c = WaitProbability(trafficErlangs, agents, ErlangBCore(trafficErlangs, agents));
        return c * trafficErlangs / (agents - trafficErlangs);
    }

    /// <summary>Gets the agents' occupancy: <c>A / N</c>, at most 1.</summary>
    /// <param name="trafficErlangs">The offered load A; 0 to <see cref="MaximumTrafficErlangs"/>.</param>
    /// <param name="agents">The number of agents N; positive.</param>
    /// <returns>The occupancy, 0 to 1.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when an argument is NaN or outside its range.</exception>
    public static double Occupancy(double trafficErlangs, int agents)
    {
        CheckLoad(trafficErlangs, nameof(trafficErlangs));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(agents);
        return Math.Min(1, trafficErlangs / agents);
    }

    /// <summary>Finds the fewest agents that meet a service-level target within a maximum occupancy, and the agents to schedule after shrinkage.</summary>
    /// <remarks>The search starts at the larger of ⌊A⌋ + 1 and ⌈A / maximum occupancy⌉ (the fewest agents the occupancy
    /// cap allows) and adds one agent at a time; it ends at the latest where B reaches zero in double precision, about
    /// A + 40√A agents, so it always returns within a few milliseconds.</remarks>
    /// <param name="callsPerInterval">Calls offered in the interval; finite and not negative, and the load it gives at most <see cref="MaximumTrafficErlangs"/>.</param>
    /// <param name="interval">The interval length (for example 30 minutes); positive.</param>
    /// <param name="averageHandleTime">The average handle time; positive.</param>
    /// <param name="targetServiceLevel">The share to answer within <paramref name="answerWithin"/>, in (0, 1) (0.8 for "80 % in 20 s").</param>
    /// <param name="answerWithin">The service-level threshold; not negative.</param>
    /// <param name="maximumOccupancy">The highest acceptable occupancy, in (0, 1]; the default value is 1 (no cap).</param>
    /// <param name="shrinkage">The share of paid time not available for contacts, in [0, 1); the default value is 0.</param>
    /// <returns>The agents, scheduled agents and the figures they give.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when an argument is NaN or outside its range, the load is above
    /// <see cref="MaximumTrafficErlangs"/> (naming <paramref name="callsPerInterval"/>), the occupancy cap needs more than
    /// <see cref="int.MaxValue"/> agents (naming <paramref name="maximumOccupancy"/>), or the agents to schedule after
    /// shrinkage exceed <see cref="int.MaxValue"/> (naming <paramref name="shrinkage"/>).</exception>
    /// <exception cref="OverflowException">Thrown when the ASA is longer than <see cref="Duration.MaxValue"/> (a huge AHT with N barely above A).</exception>
    public static StaffingResult AgentsRequired(
        double callsPerInterval,
        Duration interval,
        Duration averageHandleTime,
        double targetServiceLevel,
        Duration answerWithin,
        double maximumOccupancy = 1.0,
        double shrinkage = 0.0)
    {
        double a = TrafficIntensity(callsPerInterval, interval, averageHandleTime);
        KpiGuard.InRange(targetServiceLevel, nameof(targetServiceLevel), 0, 1, minimumInclusive: false, maximumInclusive: false);
        NonNegative(answerWithin, nameof(answerWithin));
        KpiGuard.InRange(maximumOccupancy, nameof(maximumOccupancy), 0, 1, minimumInclusive: false);
        KpiGuard.InRange(shrinkage, nameof(shrinkage), 0, 1, maximumInclusive: false);
        if (a > MaximumTrafficErlangs)
        {
            throw new ArgumentOutOfRangeException(nameof(callsPerInterval), callsPerInterval, string.Create(CultureInfo.InvariantCulture, $"callsPerInterval is {callsPerInterval}; it gives a load of {a} Erlangs, above the largest supported load of {MaximumTrafficErlangs}."));
        }

        return Search(a, averageHandleTime, StaffingTarget.ServiceLevel(targetServiceLevel, answerWithin), maximumOccupancy, shrinkage);
    }

    /// <summary>Finds the fewest agents that meet a staffing target — a service level, an ASA, a probability of waiting, or of waiting longer than a threshold — within a maximum occupancy, and the agents to schedule after shrinkage.</summary>
    /// <remarks>The search is the one of the service-level overload (from the fewest agents the occupancy cap allows, one
    /// agent at a time; every goal gets easier with each agent). <see cref="StaffingResult.ServiceLevel"/> is taken at the
    /// target's threshold (for an ASA or probability-of-waiting target: zero, the share answered at once).
    /// </remarks>
    /// <param name="callsPerInterval">Calls offered in the interval; finite and not negative, and the load it gives at most <see cref="MaximumTrafficErlangs"/>.</param>
    /// <param name="interval">The interval length (for example 30 minutes); positive.</param>
    /// <param name="averageHandleTime">The average handle time; positive.</param>
    /// <param name="target">The target, built by a <see cref="StaffingTarget"/> factory method.</param>
    /// <param name="maximumOccupancy">The highest acceptable occupancy, in (0, 1].</param>
    /// <param name="shrinkage">The share of paid time not available for contacts, in [0, 1).</param>
    /// <returns>The agents, scheduled agents and the figures they give.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when an argument is NaN or outside its range, <paramref name="target"/> is the default value, or as the service-level overload.</exception>
    /// <exception cref="OverflowException">Thrown when the ASA is longer than <see cref="Duration.MaxValue"/>.</exception>
    public static StaffingResult AgentsRequired(
        double callsPerInterval,
        Duration interval,
        Duration averageHandleTime,
        StaffingTarget target,
        double maximumOccupancy,
        double shrinkage)
    {
        double a = TrafficIntensity(callsPerInterval, interval, averageHandleTime);
        target.Validate(nameof(target));
        KpiGuard.InRange(maximumOccupancy, nameof(maximumOccupancy), 0, 1, minimumInclusive: false);
        KpiGuard.InRange(shrinkage, nameof(shrinkage), 0, 1, maximumInclusive: false);
        if (a > MaximumTrafficErlangs)
        {
            throw new ArgumentOutOfRangeException(nameof(callsPerInterval), callsPerInterval, string.Create(CultureInfo.InvariantCulture, $"callsPerInterval is {callsPerInterval}; it gives a load of {a} Erlangs, above the largest supported load of {MaximumTrafficErlangs}."));
        }

        return Search(a, averageHandleTime, target, maximumOccupancy, shrinkage);
    }

    private static StaffingResult Search(double a, Duration averageHandleTime, StaffingTarget target, double maximumOccupancy, double shrinkage)
    {
        if (a == 0)
        {
            return new StaffingResult(0, 0, 0, 1, 0, Duration.Zero, 0, 0);
        }

        double aht = averageHandleTime.TotalNanoseconds;
        double tOverAht = target.Threshold.TotalNanoseconds / aht;
        double slThreshold = target.Goal is StaffingGoal.ServiceLevel or StaffingGoal.ProbabilityOfWaitingLongerThan ? tOverAht : 0;
        int n = FewestAgentsForOccupancy(a, maximumOccupancy);
        double b = ErlangBCore(a, n);
        while (true)
        {
            double c = WaitProbability(a, n, b);
            double sl = ServiceLevelFrom(c, a, n, slThreshold);
            double asaNanoseconds = c * aht / (n - a);
            if (target.IsMet(sl, asaNanoseconds, c, 1 - sl))
            {
                Duration asa = KpiGuard.ToDuration(asaNanoseconds, "average speed of answer");
                return new StaffingResult(a, n, Scheduled(n, shrinkage), sl, c, asa, a / n, c * a / (n - a));
            }

            // Unreachable for loads within the maximum (B reaches zero long before), but the loop must not pass int.MaxValue.
            if (n == int.MaxValue)
            {
                throw new ArgumentOutOfRangeException(nameof(target), target, "No number of agents up to Int32.MaxValue meets the target.");
            }

            n++;
            double next = a * b;
            b = next / (n + next);
        }

        static int Scheduled(int agents, double share)
        {
            try
            {
                return Shrinkage.ScheduledAgents(agents, share);
            }
            catch (OverflowException)
            {
                throw new ArgumentOutOfRangeException(nameof(shrinkage), share, string.Create(CultureInfo.InvariantCulture, $"shrinkage is {share}; the agents to schedule for {agents} agents would exceed {int.MaxValue}."));
            }
        }
    }

    /// <summary>Erlang B by the recursion, stopping once B is zero in double precision (it stays zero from there on).</summary>
    internal static double ErlangBCore(double a, int n)
    {
        double b = 1;
        for (int k = 1; k <= n; k++)
        {
            double ab = a * b;
            b = ab / (k + ab);
            if (b == 0)
            {
                break;
            }
        }

        return b;
    }

    internal static void CheckLoad(double trafficErlangs, string paramName) =>
        KpiGuard.InRange(trafficErlangs, paramName, 0, MaximumTrafficErlangs);

    private static void NonNegative(Duration value, string paramName)
    {
        if (value < Duration.Zero)
        {
            throw new ArgumentOutOfRangeException(paramName, value, string.Create(CultureInfo.InvariantCulture, $"{paramName} is {value}; the allowed range is zero or more."));
        }
    }

    // The smallest N > A with A ≤ occupancy · N · (1 + 10^-12): the starting point of the search.
    private static int FewestAgentsForOccupancy(double a, double maximumOccupancy)
    {
        const double Tolerance = 1 + 1e-12;
        int lower = (int)Math.Floor(a) + 1;
        double needed = Math.Ceiling(a / (maximumOccupancy * Tolerance));
        if (!(needed < int.MaxValue))
        {
            throw new ArgumentOutOfRangeException(nameof(maximumOccupancy), maximumOccupancy, string.Create(CultureInfo.InvariantCulture, $"maximumOccupancy is {maximumOccupancy}; for a load of {a} Erlangs it needs more than {int.MaxValue} agents."));
        }

        // The quotient is rounded: step to the exact smallest N that passes the same test the search used to apply.
        int n = Math.Max(lower, (int)needed);
        while (n > lower && a <= maximumOccupancy * (n - 1) * Tolerance)
        {
            n--;
        }

        while (!(a <= maximumOccupancy * n * Tolerance))
        {
            if (n == int.MaxValue)
            {
                throw new ArgumentOutOfRangeException(nameof(maximumOccupancy), maximumOccupancy, string.Create(CultureInfo.InvariantCulture, $"maximumOccupancy is {maximumOccupancy}; for a load of {a} Erlangs it needs more than {int.MaxValue} agents."));
            }

            n++;
        }

        return n;
    }

    private static double WaitProbability(double a, int n, double b)
    {
        if (n <= a)
        {
            return 1;
        }

        return Math.Min(1, n * b / (n - (a * (1 - b))));
    }

    private static double ServiceLevelFrom(double c, double a, int n, double tOverAht)
    {
        if (n <= a)
        {
            return 0;
        }

        return Math.Clamp(1 - (c * Math.Exp(-(n - a) * tOverAht)), 0, 1);
    }
}
