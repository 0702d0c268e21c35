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
public readonly record struct ErlangAResult(
    double ProbabilityOfWaiting,
    double ProbabilityOfAbandoning,
    double ServiceLevel,
    Duration AverageWait,
    double Occupancy);

/// <summary>Erlang A (M/M/N+M): Erlang C with callers who abandon when their patience runs out.</summary>
/// <remarks>
/// <para>Model: arrivals at rate λ, exponential handle times with rate μ = 1 / AHT, N agents, and each waiting caller
/// abandons after an exponential patience with rate θ = 1 / average patience. The number in the system is a
/// birth–death chain; with A = λ / μ its stationary distribution is π<sub>k</sub> ∝ A<sup>k</sup> / k! for k ≤ N and
/// π<sub>N+j</sub> = π<sub>N</sub> ∏<sub>i=1..j</sub> λ / (Nμ + iθ). The head Σ<sub>k≤N</sub> π<sub>k</sub> / π<sub>N</sub> = 1 / B(N, A)
/// comes from the Erlang B recursion (no factorials); the tail is summed until its terms are below 10<sup>−16</sup> of
/// the sum, with rescaling so that nothing overflows.</para>
/// <list type="bullet">
/// <item><description>P(wait) = Σ<sub>j≥0</sub> π<sub>N+j</sub> (callers see the stationary state: PASTA).</description></item>
/// <item><description>P(abandon) = θ · E[queue length] / λ; average wait = E[queue length] / λ (Little's law).</description></item>
/// <item><description>Service level = P(no wait) + Σ<sub>j</sub> π<sub>N+j</sub> · P(answered within T | j callers ahead), where the
/// tagged caller's time to answer is computed exactly on the chain "callers ahead" (rate Nμ + mθ down, own patience θ)
/// by uniformisation (a Poisson mixture of step probabilities, summed in log space).</description></item>
/// <item><description>Occupancy = A · (1 − P(abandon)) / N.</description></item>
/// </list>
/// <para>As patience grows without bound, every figure tends to its Erlang C value (N &gt; A).</para>
/// </remarks>
/// <threadsafety>This type is stateless and thread-safe.</threadsafety>
public static class ErlangA
{
    private const int MaximumQueueStates = 200_000;

    /// <summary>Evaluates Erlang A for one interval.</summary>
    /// <param name="callsPerInterval">Calls offered in the interval; finite and not negative.</param>
    /// <param name="interval">The interval length; positive.</param>
    /// <param name="averageHandleTime">The average handle time; positive.</param>
    /// <param name="averagePatience">The callers' average patience (time before hanging up if not answered); positive.</param>
    /// <param name="agents">The number of agents; positive.</param>
    /// <param name="answerWithin">The service-level threshold; not negative.</param>
    /// <returns>The probabilities of waiting and abandoning, the service level, the average wait and the occupancy.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when an argument is NaN or outside its range, or the patience is so long for an overloaded queue that the state space exceeds 200,000 waiting callers (use Erlang C, or more agents).</exception>
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
        _ = KpiGuard.NonNegativeNanoseconds(answerWithin, nameof(answerWithin));

        double secondsPerNano = 1e-9;
        double lambda = callsPerInterval / (interval.TotalNanoseconds * secondsPerNano);
        double mu = 1 / (averageHandleTime.TotalNanoseconds * secondsPerNano);
        double theta = 1 / (averagePatience.TotalNanoseconds * secondsPerNano);
        double t = answerWithin.TotalNanoseconds * secondsPerNano;
        double nMu = agents * mu;

        if (lambda == 0)
        {
            return new ErlangAResult(0, 0, 1, Duration.Zero, 0);
        }

        // Tail terms t_j = π_{N+j} / π_N (scaled by e^-logScale), j = 0, 1, ...
        var terms = new List<double> { 1.0 };
        double logScale = 0;
        double sum = 1;
        double weighted = 0;
        double term = 1;
        for (int j = 1; ; j++)
        {
            term *= lambda / (nMu + (j * theta));
            if (term > 1e280)
            {
                const double Shrink = 1e-280;
                for (int i = 0; i < terms.Count; i++)
                {
                    terms[i] *= Shrink;
                }

                term *= Shrink;
                sum *= Shrink;
                weighted *= Shrink;
                logScale += Math.Log(1e280);
            }

            terms.Add(term);
            sum += term;
            weighted += j * term;
            bool decreasing = lambda < nMu + ((j + 1) * theta);
            if (decreasing && term < 1e-16 * sum)
            {
                break;
            }

            if (j >= MaximumQueueStates)
            {
                throw new ArgumentOutOfRangeException(nameof(averagePatience), averagePatience, string.Create(CultureInfo.InvariantCulture, $"averagePatience is {averagePatience}; for this load and {agents} agents the queue needs more than {MaximumQueueStates} states. Use Erlang C or a shorter patience."));
            }
        }

        double b = ErlangC.ErlangB(a, agents);
        double logB = Math.Log(b);

        // Normaliser D = (1 − B) + B·e^logScale·sum, handled in log space.
        double logMultiplier = logB + logScale;
        double logTail = logMultiplier + Math.Log(sum);
        double logD = logTail > 0
            ? logTail + Math.Log(1 + ((1 - b) * Math.Exp(-logTail)))
            : Math.Log((1 - b) + Math.Exp(logTail));
        double tailFactor = Math.Exp(logMultiplier - logD); // π_{N+j} = tailFactor · terms[j]
        double pNoWait = (1 - b) * Math.Exp(-logD);
        double pWait = Math.Clamp(tailFactor * sum, 0, 1);
        double meanQueue = tailFactor * weighted;
        double pAbandon = Math.Clamp(theta * meanQueue / lambda, 0, 1);
        double averageWaitSeconds = meanQueue / lambda;
        double occupancy = Math.Clamp(a * (1 - pAbandon) / agents, 0, 1);

        double served = ServedWithin(terms, tailFactor, nMu, theta, t);
        double sl = Math.Clamp(pNoWait + served, 0, 1);
        return new ErlangAResult(pWait, pAbandon, sl, Duration.FromNanoseconds(Math.Round(averageWaitSeconds * 1e9)), occupancy);
    }

    // Σ_j π_{N+j} · P(answered within t | j ahead), by uniformisation of the chain "callers ahead".
    private static double ServedWithin(List<double> terms, double tailFactor, double nMu, double theta, double t)
    {
        int states = terms.Count;
        double rate = nMu + (states * theta); // ≥ every state's total outflow rate
        double lt = rate * t;
        if (lt == 0)
        {
            return 0;
        }

        var weights = new double[states];
        for (int j = 0; j < states; j++)
        {
            weights[j] = tailFactor * terms[j];
        }

        var v = new double[states];   // P(answered within n steps | m ahead)
        var next = new double[states];
        double logLt = Math.Log(lt);
        double logPoisson = -lt;       // log P(n jumps), n = 0
        double total = 0;
        int maxSteps = (int)Math.Ceiling(lt + (12 * Math.Sqrt(lt)) + 30);
        for (int n = 1; n <= maxSteps; n++)
        {
            for (int m = 0; m < states; m++)
            {
                double down = (nMu + (m * theta)) / rate;
                double stay = 1 - down - (theta / rate);
                next[m] = (down * (m == 0 ? 1 : v[m - 1])) + (stay * v[m]);
            }

            (v, next) = (next, v);
            logPoisson += logLt - Math.Log(n);
            double p = Math.Exp(logPoisson);
            double g = 0;
            for (int m = 0; m < states; m++)
            {
                g += weights[m] * v[m];
            }

            total += p * g;
            if (n > lt && p < 1e-18)
            {
                break;
            }
        }

        return total;
    }
}
