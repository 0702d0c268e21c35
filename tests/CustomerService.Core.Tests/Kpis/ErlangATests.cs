using CustomerService.Core.Kpis;
using FsCheck.Xunit;
using NodaTime;

namespace CustomerService.Core.Tests.Kpis;

public sealed class ErlangATests
{
    private static readonly Duration HalfHour = Duration.FromMinutes(30);
    private static readonly Duration Aht = Duration.FromSeconds(180);
    private static readonly Duration Twenty = Duration.FromSeconds(20);

    [Fact]
    public void Evaluate_VeryPatientCallers_ApproachesErlangC()
    {
        ErlangAResult result = ErlangA.Evaluate(100, HalfHour, Aht, Duration.FromDays(3650), 14, Twenty);

        Assert.Equal(ErlangC.ProbabilityOfWaiting(10, 14), result.ProbabilityOfWaiting, 4);
        Assert.Equal(ErlangC.ServiceLevel(10, 14, Aht, Twenty), result.ServiceLevel, 4);
        Assert.Equal(ErlangC.AverageSpeedOfAnswer(10, 14, Aht).TotalSeconds, result.AverageWait.TotalSeconds, 1);
        Assert.True(result.ProbabilityOfAbandoning < 1e-4);
    }

    [Fact]
    public void Evaluate_ImpatientCallers_WaitLessAndAbandonMore()
    {
        ErlangAResult patient = ErlangA.Evaluate(100, HalfHour, Aht, Duration.FromMinutes(10), 12, Twenty);
        ErlangAResult impatient = ErlangA.Evaluate(100, HalfHour, Aht, Duration.FromSeconds(30), 12, Twenty);

        Assert.True(impatient.ProbabilityOfAbandoning > patient.ProbabilityOfAbandoning);
        Assert.True(impatient.AverageWait < patient.AverageWait);
        Assert.True(impatient.ProbabilityOfWaiting < patient.ProbabilityOfWaiting);
    }

    [Fact]
    public void Evaluate_OverloadedQueue_StaysFiniteBecauseCallersAbandon()
    {
        ErlangAResult result = ErlangA.Evaluate(200, HalfHour, Aht, Duration.FromSeconds(60), 10, Twenty);
        Assert.InRange(result.ProbabilityOfAbandoning, 0.3, 1);
        Assert.InRange(result.Occupancy, 0.9, 1);
        Assert.InRange(result.ServiceLevel, 0, 1);
    }

    [Fact]
    public void Evaluate_BadInputs_Throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ErlangA.Evaluate(100, HalfHour, Aht, Duration.Zero, 14, Twenty));
        Assert.Throws<ArgumentOutOfRangeException>(() => ErlangA.Evaluate(100, HalfHour, Aht, Duration.FromSeconds(60), 0, Twenty));
        Assert.Throws<ArgumentOutOfRangeException>(() => ErlangA.Evaluate(double.NaN, HalfHour, Aht, Duration.FromSeconds(60), 14, Twenty));
    }

    // An independent reference for the service level: uniformisation of the chain "callers ahead of a tagged caller"
    // (the textbook method, as the previous implementation did it). Its cost grows with the threshold, so only small cases.
    private static double ReferenceServiceLevel(double a, int n, double theta, double t)
    {
        var terms = new List<double> { 1.0 };
        double term = 1;
        for (int j = 1; ; j++)
        {
            term *= a / (n + (j * theta));
            terms.Add(term);
            if (a < n + ((j + 1) * theta) && term < 1e-17 * terms.Sum())
            {
                break;
            }
        }

        double b = ErlangC.ErlangB(a, n);
        double d = (1 - b) + (b * terms.Sum());
        double tailFactor = b / d;
        int states = terms.Count;
        double rate = n + (states * theta);
        double lt = rate * t;
        var v = new double[states];
        double total = 0;
        double logPoisson = -lt;
        for (int step = 1; step <= (int)Math.Ceiling(lt + (12 * Math.Sqrt(lt)) + 30); step++)
        {
            var next = new double[states];
            for (int m = 0; m < states; m++)
            {
                double down = (n + (m * theta)) / rate;
                next[m] = (down * (m == 0 ? 1 : v[m - 1])) + ((1 - down - (theta / rate)) * v[m]);
            }

            v = next;
            logPoisson += Math.Log(lt) - Math.Log(step);
            double g = 0;
            for (int m = 0; m < states; m++)
            {
                g += tailFactor * terms[m] * v[m];
            }

            total += Math.Exp(logPoisson) * g;
        }

        return ((1 - b) / d) + total;
    }

    [Theory]
    [InlineData(100, 180, 60, 12, 20)]
    [InlineData(200, 180, 60, 10, 20)]
    [InlineData(100, 180, 600, 12, 20)]
    [InlineData(100, 180, 30, 14, 1)]
    [InlineData(100, 180, 90, 10, 200)]
    public void Evaluate_ServiceLevel_MatchesUniformisation(int calls, int ahtSeconds, int patienceSeconds, int agents, int withinSeconds)
    {
        double a = calls * ahtSeconds / 1800.0;
        ErlangAResult result = ErlangA.Evaluate(calls, HalfHour, Duration.FromSeconds(ahtSeconds), Duration.FromSeconds(patienceSeconds), agents, Duration.FromSeconds(withinSeconds));

        Assert.Equal(ReferenceServiceLevel(a, agents, (double)ahtSeconds / patienceSeconds, (double)withinSeconds / ahtSeconds), result.ServiceLevel, 10);
    }

    // Issue 24.5: a huge threshold made the uniformisation run for minutes. As T grows, a caller is answered
    // within T exactly when answered at all, so SL tends to 1 − P(abandon).
    [Fact]
    public void Evaluate_HugeThreshold_ServiceLevelIsOneMinusAbandonment()
    {
        ErlangAResult result = Bounded.Run(() => ErlangA.Evaluate(100, HalfHour, Aht, Duration.FromSeconds(60), 12, Duration.FromDays(73_000)));
        Assert.Equal(1 - result.ProbabilityOfAbandoning, result.ServiceLevel, 12);
        ErlangAResult longest = Bounded.Run(() => ErlangA.Evaluate(100, HalfHour, Aht, Duration.FromSeconds(60), 12, Duration.MaxValue));
        Assert.Equal(result, longest);
    }

    // Issue 24.5: a 1 ns patience made the uniformisation rate (and the run time) enormous. Callers who must wait all
    // abandon at once: the queue becomes Erlang B's loss system, so P(wait) = P(abandon) = B(N, A).
    [Fact]
    public void Evaluate_OneNanosecondPatience_IsTheErlangBLossSystem()
    {
        ErlangAResult result = Bounded.Run(() => ErlangA.Evaluate(100, HalfHour, Aht, Duration.FromNanoseconds(1), 12, Twenty));
        double b = ErlangC.ErlangB(10, 12);

        Assert.Equal(b, result.ProbabilityOfWaiting, 9);
        Assert.Equal(b, result.ProbabilityOfAbandoning, 9);
        Assert.Equal(1 - b, result.ServiceLevel, 9);
        Assert.Equal(10.0 * (1 - b) / 12, result.Occupancy, 9);
    }

    // Issue 24.5: a 1 ns handle time made every rate, and the run time, enormous. The load is then negligible.
    [Fact]
    public void Evaluate_OneNanosecondHandleTime_NobodyWaits()
    {
        ErlangAResult result = Bounded.Run(() => ErlangA.Evaluate(100, HalfHour, Duration.FromNanoseconds(1), Duration.FromSeconds(60), 1, Twenty));

        Assert.True(result.ProbabilityOfWaiting < 1e-9);
        Assert.Equal(1, result.ServiceLevel, 9);
        Assert.Equal(Duration.Zero, result.AverageWait);
    }

    [Fact]
    public void Evaluate_PatienceTooLongForAnOverloadedQueue_ThrowsNamingThePatience()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => Bounded.Run(() => ErlangA.Evaluate(200, HalfHour, Aht, Duration.FromDays(3650), 10, Twenty)));
        Assert.Equal("averagePatience", error.ParamName);
        Assert.Equal("callsPerInterval", Assert.Throws<ArgumentOutOfRangeException>(() => ErlangA.Evaluate(1e12, HalfHour, Aht, Duration.FromSeconds(60), 10, Twenty)).ParamName);
        Assert.Equal("agents", Assert.Throws<ArgumentOutOfRangeException>(() => ErlangA.Evaluate(100, HalfHour, Aht, Duration.FromSeconds(60), 0, Twenty)).ParamName);
    }

    [Property(Arbitrary = new[] { typeof(KpisArbitraries) }, MaxTest = 40)]
    public bool Evaluate_Meets_Specification(StableLoad load)
    {
        var aht = Duration.FromSeconds(load.AhtSeconds);
        var within = Duration.FromSeconds(load.AnswerWithinSeconds);
        double a = ErlangC.TrafficIntensity(load.CallsPerHalfHour, HalfHour, aht);
        ErlangAResult shortPatience = ErlangA.Evaluate(load.CallsPerHalfHour, HalfHour, aht, Duration.FromSeconds(60), load.Agents, within);
        ErlangAResult longPatience = ErlangA.Evaluate(load.CallsPerHalfHour, HalfHour, aht, Duration.FromDays(10_000), load.Agents, within);
        double cWait = ErlangC.ProbabilityOfWaiting(a, load.Agents);
        double cSl = ErlangC.ServiceLevel(a, load.Agents, aht, within);
        bool bounded = shortPatience.ProbabilityOfWaiting is >= 0 and <= 1 && shortPatience.ServiceLevel is >= 0 and <= 1
            && shortPatience.ProbabilityOfAbandoning is >= 0 and <= 1 && shortPatience.Occupancy is >= 0 and <= 1;
        bool converges = Math.Abs(longPatience.ProbabilityOfWaiting - cWait) < 2e-3 && Math.Abs(longPatience.ServiceLevel - cSl) < 2e-3;
        return bounded && converges && shortPatience.ProbabilityOfWaiting <= longPatience.ProbabilityOfWaiting + 1e-9;
    }
}
