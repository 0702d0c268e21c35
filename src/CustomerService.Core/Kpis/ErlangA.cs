using System.Globalization;
using NodaTime;

namespace CustomerService.Core.Kpis;

/// <summary>The figures Erlang A gives for one interval.</summary>
/// <threadsafety>This type is an immutable value type: any number of threads may share and read an instance without locking.</threadsafety>
/// <param name="ProbabilityOfWaiting">The probability that a caller finds every agent busy and waits, 0 to 1.</param>
/// <param name="ProbabilityOfAbandoning">The probability that a caller hangs up before being answered, 0 to 1.</param>
/// <param name="ServiceLevel">The probability that a caller is answered within the threshold (abandons count as misses), 0 to 1.</param>
/// <param name="AverageWait">The mean time in queue over all callers (answered, abandoned and those who did not wait).</param>
/// <param name="Occupancy">The agents' occupancy: answered load over agents, 0 to 1.</param>
/// <param name="QueueLength">The mean number of callers waiting (Lq).</param>
/// <param name="ProbabilityOfWaitingLongerThan">The probability that a caller is still waiting (neither answered nor gone) when the threshold passes, 0 to 1.</param>
public readonly record struct ErlangAResult(
    double ProbabilityOfWaiting,
    double ProbabilityOfAbandoning,
    double ServiceLevel,
    Duration AverageWait,
    double Occupancy,
    double QueueLength,
    double ProbabilityOfWaitingLongerThan)
{
    /// <summary>Gets the probability that a caller finds every agent busy and waits, 0 to 1.</summary>
    public double ProbabilityOfWaiting { get; } = ProbabilityOfWaiting;

    /// <summary>Gets the probability that a caller hangs up before being answered, 0 to 1.</summary>
    public double ProbabilityOfAbandoning { get; } = ProbabilityOfAbandoning;

    /// <summary>Gets the probability that a caller is answered within the threshold (abandons count as misses), 0 to 1.</summary>
    public double ServiceLevel { get; } = ServiceLevel;

    /// <summary>Gets the mean time in queue over all callers (answered, abandoned and those who did not wait).</summary>
    public Duration AverageWait { get; } = AverageWait;

    /// <summary>Gets the agents' occupancy: answered load over agents, 0 to 1.</summary>
    public double Occupancy { get; } = Occupancy;

    /// <summary>Gets the mean number of callers waiting (Lq); by Little's law Lq = λ × <see cref="AverageWait"/>.</summary>
    public double QueueLength { get; } = QueueLength;

    /// <summary>Gets the probability that a caller is still waiting (neither answered nor gone) when the threshold passes, 0 to 1.</summary>
    /// <remarks>Service level + P(abandoned within the threshold) + this = 1. At a zero threshold it is <see cref="ProbabilityOfWaiting"/>.</remarks>
    public double ProbabilityOfWaitingLongerThan { get; } = ProbabilityOfWaitingLongerThan;
}

/// <summary>The result of an Erlang A staffing search.</summary>
/// <threadsafety>This type is an immutable value type: any number of threads may share and read an instance without locking.</threadsafety>
/// <param name="TrafficErlangs">The offered load A = calls × AHT / interval, in Erlangs.</param>
/// <param name="Agents">Agents needed on the phones (before shrinkage).</param>
/// <param name="ScheduledAgents">Agents to schedule after shrinkage (see <see cref="Shrinkage"/>).</param>
/// <param name="Figures">The figures those agents give, at the target's threshold.</param>
public readonly record struct ErlangAStaffingResult(double TrafficErlangs, int Agents, int ScheduledAgents, ErlangAResult Figures)
{
    /// <summary>Gets the offered load A = calls × AHT / interval, in Erlangs.</summary>
    public double TrafficErlangs { get; } = TrafficErlangs;

    /// <summary>Gets agents needed on the phones (before shrinkage).</summary>
    public int Agents { get; } = Agents;

    /// <summary>Gets agents to schedule after shrinkage (see <see cref="Shrinkage"/>).</summary>
    public int ScheduledAgents { get; } = ScheduledAgents;

    /// <summary>Gets the figures those agents give, at the target's threshold.</summary>
    public ErlangAResult Figures { get; } = Figures;
}

/// <summary>Erlang A (M/M/N+M): Erlang C with callers who abandon when their patience runs out.</summary>
/// <remarks>
/// <para>Model: arrivals at rate λ, exponential handle times with rate μ = 1 / AHT, N agents, and each waiting caller
/// abandons after an exponential patience with rate θ = 1 / average patience. Everything is computed in units of the
/// AHT (μ = 1, λ = A, θ = AHT / patience, T / AHT), so only those ratios matter. The number in the system is a
/// birth–death chain with stationary distribution π<sub>k</sub> ∝ A<sup>k</sup> / k! for k ≤ N and
/// π<sub>N+j</sub> = π<sub>N</sub> ∏<sub>i=1..j</sub> A / (N + iθ). The head Σ<sub>k≤N</sub> π<sub>k</sub> / π<sub>N</sub> = 1 / B(N, A)
/// comes from the Erlang B recursion (no factorials); the tail is summed in log space until its terms are below
/// 10<sup>−16</sup> of the sum, so nothing overflows.</para>
/// <list type="bullet">
/// <item><description>P(wait) = Σ<sub>j≥0</sub> π<sub>N+j</sub> (callers see the stationary state: PASTA).</description></item>
/// <item><description>P(abandon) = θ · E[queue length] / λ; average wait = E[queue length] / λ (Little's law).</description></item>
/// <item><description>Service level = P(no wait) + Σ<sub>j</sub> π<sub>N+j</sub> · P(answered within T | j callers ahead), exactly: a tagged
/// caller with j ahead is answered with probability c / (c + j + 1), c = N / θ, and, given that, after a sum of exponential
/// stages with rates N + iθ (i = 1 … j + 1), whose distribution function is the regularised incomplete beta function
/// I<sub>y</sub>(j + 1, c + 1) with y = 1 − e<sup>−θT</sup>. The terms follow from one another, so the cost does not depend on T.</description></item>
/// <item><description>Occupancy = A · (1 − P(abandon)) / N; Lq = E[queue length].</description></item>
/// <item><description>P(still waiting at T): a tagged caller's own patience is independent of the callers ahead, so with j ahead it is
/// e<sup>−θT</sup> · (1 − I<sub>y</sub>(j + 1, c)), the second factor being the chance that the j + 1 stages with rates N + iθ
/// (i = 0 … j) have not all passed by T.</description></item>
/// </list>
/// <para>As patience grows without bound, every figure tends to its Erlang C value (N &gt; A); as T grows, the service
/// level tends to 1 − P(abandon).</para>
/// <para><b>Limits.</b> The load is at most <see cref="ErlangC.MaximumTrafficErlangs"/> and the queue is modelled up
/// to 200,000 waiting callers: a patience so long, for an overloaded or nearly overloaded queue, that the queue would
/// need more throws <see cref="ArgumentOutOfRangeException"/> naming the patience (use Erlang C, more agents or a
/// shorter patience). So every call returns within a few milliseconds, whatever the durations (1 ns or
/// <see cref="Duration.MaxValue"/>).</para>
/// </remarks>
/// <threadsafety>This type is stateless and thread-safe.</threadsafety>
public static class ErlangA
{
    private const int MaximumQueueStates = 200_000;

    // ln(10^-16): a tail term this much smaller than the sum so far ends the sum.
    private static readonly double LogNegligible = Math.Log(1e-16);

    /// <summary>Evaluates Erlang A for one interval.</summary>
    /// <param name="callsPerInterval">Calls offered in the interval; finite and not negative, and the load it gives at most <see cref="ErlangC.MaximumTrafficErlangs"/>.</param>
    /// <param name="interval">The interval length; positive.</param>
    /// <param name="averageHandleTime">The average handle time; positive.</param>
    /// <param name="averagePatience">The callers' average patience (time before hanging up if not answered); positive.</param>
    /// <param name="agents">The number of agents; positive.</param>
    /// <param name="answerWithin">The service-level threshold; not negative.</param>
    /// <returns>The probabilities of waiting and abandoning, the service level, the average wait and the occupancy.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when an argument is NaN or outside its range, the load is above
    /// <see cref="ErlangC.MaximumTrafficErlangs"/> (naming <paramref name="callsPerInterval"/>), or the patience is so long for an
    /// overloaded queue that the state space exceeds 200,000 waiting callers (naming <paramref name="averagePatience"/>; use Erlang C, or more agents).</exception>
    /// <exception cref="OverflowException">Thrown when the average wait is longer than <see cref="Duration.MaxValue"/> (only with an AHT of thousands of years).</exception>
    public static ErlangAResult Evaluate(
        double callsPerInterval,
        Duration interval,
        Duration averageHandleTime,
        Duration averagePatience,
        int agents,
        Duration answerWithin)
    {
        double a = ErlangC.TrafficIntensity(callsPerInterval, interval, averageHandleTime);
        KpiGuard.Positive(averagePatience, nameof(averagePatience));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(agents);
        if (answerWithin < Duration.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(answerWithin), answerWithin, string.Create(CultureInfo.InvariantCulture, $"answerWithin is {answerWithin}; the allowed range is zero or more."));
        }

        if (a > ErlangC.MaximumTrafficErlangs)
        {
            throw new ArgumentOutOfRangeException(nameof(callsPerInterval), callsPerInterval, string.Create(CultureInfo.InvariantCulture, $"callsPerInterval is {callsPerInterval}; it gives a load of {a} Erlangs, above the largest supported load of {ErlangC.MaximumTrafficErlangs}."));
        }

        // Units of the AHT: service rate 1 per agent, arrival rate A, abandonment rate θ, threshold t.
        double theta = averageHandleTime.TotalNanoseconds / averagePatience.TotalNanoseconds;
        double t = answerWithin.TotalNanoseconds / averageHandleTime.TotalNanoseconds;
        if (!TryCompute(a, theta, t, agents, averageHandleTime, out ErlangAResult result))
        {
            throw TooManyStates(averagePatience, agents);
        }

        return result;
    }

    /// <summary>Finds the fewest agents that meet a staffing target with impatient callers, and the agents to schedule after shrinkage.</summary>
    /// <remarks>
    /// <para>Every goal gets easier with each agent, so the search doubles the agents from ⌈A⌉ until the target and the
    /// occupancy cap are met, then bisects. Numbers of agents for which the queue would need more than 200,000 states
    /// (an overloaded queue with very patient callers) count as not meeting the target. With abandonment the answer can
    /// be below the load A: callers who hang up free the agents.</para>
    /// <para>For a service-level target abandons count as misses; "waiting longer than T" counts the callers still
    /// waiting at T (<see cref="ErlangAResult.ProbabilityOfWaitingLongerThan"/>); the ASA is the mean wait of all
    /// callers (<see cref="ErlangAResult.AverageWait"/>). The figures are taken at the target's threshold (zero for ASA and
    /// probability-of-waiting targets).</para>
    /// </remarks>
    /// <param name="callsPerInterval">Calls offered in the interval; finite and not negative, and the load it gives at most <see cref="ErlangC.MaximumTrafficErlangs"/>.</param>
    /// <param name="interval">The interval length; positive.</param>
    /// <param name="averageHandleTime">The average handle time; positive.</param>
    /// <param name="averagePatience">The callers' average patience; positive.</param>
    /// <param name="target">The target, built by a <see cref="StaffingTarget"/> factory method.</param>
    /// <param name="maximumOccupancy">The highest acceptable occupancy, in (0, 1].</param>
    /// <param name="shrinkage">The share of paid time not available for contacts, in [0, 1).</param>
    /// <returns>The agents, the scheduled agents and the figures they give.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when an argument is NaN or outside its range, the load is above
    /// <see cref="ErlangC.MaximumTrafficErlangs"/>, <paramref name="target"/> is the default value, or the agents to
    /// schedule exceed <see cref="int.MaxValue"/> (naming <paramref name="shrinkage"/>).</exception>
    public static ErlangAStaffingResult AgentsRequired(
        double callsPerInterval,
        Duration interval,
        Duration averageHandleTime,
        Duration averagePatience,
        StaffingTarget target,
        double maximumOccupancy,
        double shrinkage)
    {
        double a = ErlangC.TrafficIntensity(callsPerInterval, interval, averageHandleTime);
        KpiGuard.Positive(averagePatience, nameof(averagePatience));
        target.Validate(nameof(target));
        KpiGuard.InRange(maximumOccupancy, nameof(maximumOccupancy), 0, 1, minimumInclusive: false);
        KpiGuard.InRange(shrinkage, nameof(shrinkage), 0, 1, maximumInclusive: false);
        if (a > ErlangC.MaximumTrafficErlangs)
        {
            throw new ArgumentOutOfRangeException(nameof(callsPerInterval), callsPerInterval, string.Create(CultureInfo.InvariantCulture, $"callsPerInterval is {callsPerInterval}; it gives a load of {a} Erlangs, above the largest supported load of {ErlangC.MaximumTrafficErlangs}."));
        }

        double theta = averageHandleTime.TotalNanoseconds / averagePatience.TotalNanoseconds;
        double threshold = target.Goal is StaffingGoal.ServiceLevel or StaffingGoal.ProbabilityOfWaitingLongerThan
            ? target.Threshold.TotalNanoseconds / averageHandleTime.TotalNanoseconds
            : 0;
        if (a == 0)
        {
            return new ErlangAStaffingResult(0, 0, 0, new ErlangAResult(0, 0, 1, Duration.Zero, 0, 0, 0));
        }

        bool Meets(int agents, out ErlangAResult figures) =>
            TryCompute(a, theta, threshold, agents, averageHandleTime, out figures)
            && figures.Occupancy <= maximumOccupancy * (1 + 1e-12)
            && target.IsMet(figures.ServiceLevel, figures.AverageWait.TotalNanoseconds, figures.ProbabilityOfWaiting, figures.ProbabilityOfWaitingLongerThan);

        // Double from ⌈A⌉ (at least 1) until met, then bisect (lo fails, hi meets).
        long hi = Math.Max(1, (long)Math.Ceiling(a));
        long lo = 0;
        ErlangAResult best;
        while (!Meets((int)hi, out best))
        {
            lo = hi;
            if (hi >= int.MaxValue)
            {
                throw new ArgumentOutOfRangeException(nameof(target), target, "No number of agents up to Int32.MaxValue meets the target.");
            }

            hi = Math.Min(int.MaxValue, hi * 2);
        }

        while (hi - lo > 1)
        {
            long mid = lo + ((hi - lo) / 2);
            if (Meets((int)mid, out ErlangAResult figures))
            {
                hi = mid;
                best = figures;
            }
            else
            {
                lo = mid;
            }
        }

        int scheduled;
        try
        {
            scheduled = Shrinkage.ScheduledAgents((int)hi, shrinkage);
        }
        catch (OverflowException)
        {
            throw new ArgumentOutOfRangeException(nameof(shrinkage), shrinkage, string.Create(CultureInfo.InvariantCulture, $"shrinkage is {shrinkage}; the agents to schedule for {hi} agents would exceed {int.MaxValue}."));
        }

        return new ErlangAStaffingResult(a, (int)hi, scheduled, best);
    }

    private static bool TryCompute(double a, double theta, double t, int agents, Duration averageHandleTime, out ErlangAResult result)
    {
        result = default;
        if (a == 0)
        {
            result = new ErlangAResult(0, 0, 1, Duration.Zero, 0, 0, 0);
            return true;
        }

        double n = agents;

        // The tail terms grow while A > N + jθ; refuse at once when their peak lies beyond the modelled queue.
        if ((a - n) / theta > MaximumQueueStates)
        {
            return false;
        }

        // Tail terms t_j = π_{N+j} / π_N in log space; sum = Σ e^(log t_j − maxLog).
        var logTerms = new List<double> { 0.0 };
        double logA = Math.Log(a);
        double logTerm = 0;
        double maxLog = 0;
        double sum = 1;
        for (int j = 1; ; j++)
        {
            logTerm += logA - Math.Log(n + (j * theta));
            logTerms.Add(logTerm);
            if (logTerm > maxLog)
            {
                sum = (sum * Math.Exp(maxLog - logTerm)) + 1;
                maxLog = logTerm;
            }
            else
            {
                sum += Math.Exp(logTerm - maxLog);
            }

            bool decreasing = a < n + ((j + 1) * theta);
            if (decreasing && logTerm - maxLog - Math.Log(sum) < LogNegligible)
            {
                break;
            }

            if (j >= MaximumQueueStates)
            {
                return false;
            }
        }

        var terms = new double[logTerms.Count];
        double weighted = 0;
        for (int j = 0; j < terms.Length; j++)
        {
            terms[j] = Math.Exp(logTerms[j] - maxLog);
            weighted += j * terms[j];
        }

        double b = ErlangC.ErlangBCore(a, agents);
        double logB = Math.Log(b);

        // Normaliser D = (1 − B) + B·e^maxLog·sum, handled in log space.
        double logTail = logB + maxLog + Math.Log(sum);
        double logD = logTail > 0
            ? logTail + Math.Log(1 + ((1 - b) * Math.Exp(-logTail)))
            : Math.Log((1 - b) + Math.Exp(logTail));
        double tailFactor = Math.Exp(logB + maxLog - logD); // π_{N+j} = tailFactor · terms[j]
        double pNoWait = (1 - b) * Math.Exp(-logD);
        double pWait = Math.Clamp(tailFactor * sum, 0, 1);
        double meanQueue = tailFactor * weighted;
        double pAbandon = Math.Clamp(theta * meanQueue / a, 0, 1);
        double averageWait = meanQueue / a; // in AHTs
        double occupancy = Math.Clamp(a * (1 - pAbandon) / agents, 0, 1);

        double served = tailFactor == 0 ? 0 : ServedWithin(terms, n, theta, t) * tailFactor;
        double sl = Math.Clamp(pNoWait + served, 0, 1);
        double longer = tailFactor == 0 ? 0 : Math.Clamp(StillWaiting(terms, n, theta, t) * tailFactor, 0, 1);
        Duration wait = KpiGuard.ToDuration(averageWait * averageHandleTime.TotalNanoseconds, "average wait");
        result = new ErlangAResult(pWait, pAbandon, sl, wait, occupancy, meanQueue, longer);
        return true;
    }

    // Σ_j terms[j] · P(still waiting at t | j ahead) = Σ_j terms[j] · e^(−θt) · (1 − I_y(j + 1, c)), c = N / θ, y = 1 − e^(−θt):
    // the tagged caller's patience outlasts t, and the j + 1 stages with rates N + iθ (i = 0 … j) have not all passed.
    // I_y(1, c) = 1 − e^(−Nt); T_1 = c·y·(1 − y)^c; I_y(k + 1, c) = I_y(k, c) − T_k; T_(k+1) = T_k · y (k + c) / (k + 1).
    private static double StillWaiting(double[] terms, double n, double theta, double t)
    {
        if (t == 0)
        {
            double all = 0;
            foreach (double term in terms)
            {
                all += term;
            }

            return all;
        }

        double c = n / theta;
        double x = theta * t;
        double logY = Math.Log(-ExpM1(-x));
        double nt = n * t;
        double notYet = Math.Exp(-nt);                 // 1 − I_y(1, c)
        double logT = logY + Math.Log(c) - nt;          // log T_1
        double total = 0;
        for (int j = 0; j < terms.Length; j++)
        {
            total += terms[j] * Math.Clamp(notYet, 0, 1);
            notYet += Math.Exp(logT);
            int k = j + 1;
            logT += logY + Math.Log((k + c) / (k + 1));
        }

        return total * Math.Exp(-x);
    }

    // Σ_j terms[j] · P(answered within t | j ahead), with P = c / (c + j + 1) · I_y(j + 1, c + 1), c = N / θ, y = 1 − e^(−θt).
    // I_y(k + 1, β) = I_y(k, β) − T_k with T_k = y^k (1 − y)^β / (k·B(k, β)), T_1 = β·y·(1 − y)^β, T_(k+1) = T_k · y (k + β) / (k + 1).
    private static double ServedWithin(double[] terms, double n, double theta, double t)
    {
        if (t == 0)
        {
            return 0;
        }

        double c = n / theta;
        double beta = c + 1;
        double x = theta * t;
        double logY = Math.Log(-ExpM1(-x));
        double nt = n * t;
        double incomplete = -ExpM1(-(nt + x));              // I_y(1, β) = 1 − (1 − y)^β = 1 − e^(−(N + θ)t)
        double logT = logY + Math.Log(beta) - (nt + x);      // log T_1
        double total = 0;
        for (int j = 0; j < terms.Length; j++)
        {
            total += terms[j] * (c / (c + j + 1)) * Math.Clamp(incomplete, 0, 1);
            incomplete -= Math.Exp(logT);
            if (incomplete <= 0)
            {
                break; // I_y(k, β) falls with k: every later caller misses the threshold.
            }

            int k = j + 1;
            logT += logY + Math.Log((k + beta) / (k + 1));
        }

        return total;
    }

    // e^x − 1 without the cancellation of Math.Exp(x) − 1 near zero (Kahan's method).
    private static double ExpM1(double x)
    {
        double u = Math.Exp(x);
        if (u == 1.0)
        {
            return x;
        }

        double um1 = u - 1.0;
        return um1 == -1.0 ? -1.0 : um1 * x / Math.Log(u);
    }

    private static ArgumentOutOfRangeException TooManyStates(Duration averagePatience, int agents) =>
        new(nameof(averagePatience), averagePatience, string.Create(CultureInfo.InvariantCulture, $"averagePatience is {averagePatience}; for this load and {agents} agents the queue needs more than {MaximumQueueStates} states. Use Erlang C, more agents or a shorter patience."));
}
