using CustomerService.Core.Kpis;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NodaTime;

namespace CustomerService.Core.Tests.Kpis;

/// <summary>
/// Issue 19: "Staffing: Erlang A staffing search, probability of waiting longer than T, staffing for an ASA target or a
/// P(wait) target, productive agents after shrinkage, and Lq."
/// </summary>
public sealed class StaffingVariantsTests
{
    private static readonly Duration HalfHour = Duration.FromMinutes(30);
    private static readonly Duration Aht = Duration.FromSeconds(180);

    // Erlang C from its textbook closed form with factorial sums (Gross & Harris, Fundamentals of Queueing Theory, M/M/c):
    // C = (A^N / N!) · N / (N − A) / (Σ_{k<N} A^k / k! + (A^N / N!) · N / (N − A)), independent of the library's recursion.
    private static double TextbookErlangC(double a, int n)
    {
        double term = 1;
        double sum = 0;
        for (int k = 0; k < n; k++)
        {
            sum += term;
            term *= a / (k + 1);
        }

        double top = term * n / (n - a);
        return top / (sum + top);
    }

    [Fact]
    public void ErlangC_WaitLongerThan_IsCTimesExponential_AndComplementsServiceLevel()
    {
        // 100 calls / 30 min, AHT 180 s → A = 10 Erlangs; 14 agents: P(W > 20 s) = C · e^(−(14 − 10)·20/180).
        double c = TextbookErlangC(10, 14);
        double expected = c * Math.Exp(-4.0 * 20 / 180);
        Assert.Equal(expected, ErlangC.ProbabilityOfWaitingLongerThan(10, 14, Aht, Duration.FromSeconds(20)), 12);
        Assert.Equal(1 - ErlangC.ServiceLevel(10, 14, Aht, Duration.FromSeconds(20)), ErlangC.ProbabilityOfWaitingLongerThan(10, 14, Aht, Duration.FromSeconds(20)), 12);
        Assert.Equal(c, ErlangC.ProbabilityOfWaitingLongerThan(10, 14, Aht, Duration.Zero), 12);
        Assert.Equal(1, ErlangC.ProbabilityOfWaitingLongerThan(10, 10, Aht, Duration.FromSeconds(20)));
    }

    [Fact]
    public void ErlangC_QueueLength_IsLittlesLawOfTheAsa()
    {
        // Lq = C·A / (N − A); Little: Lq = λ · ASA with λ = A / AHT.
        double lq = ErlangC.QueueLength(10, 14);
        Assert.Equal(TextbookErlangC(10, 14) * 10 / 4, lq, 12);
        Assert.Equal(10 / Aht.TotalSeconds * ErlangC.AverageSpeedOfAnswer(10, 14, Aht).TotalSeconds, lq, 6);
        Assert.Equal("agents", Assert.Throws<ArgumentOutOfRangeException>(() => ErlangC.QueueLength(10, 10)).ParamName);
    }

    [Fact]
    public void ErlangC_AsaTarget_FindsFewestAgents_CheckedAgainstTheTextbookFormula()
    {
        // ASA = C · AHT / (N − A); the fewest N with ASA ≤ 15 s, found by scanning the textbook formula.
        int expected = Enumerable.Range(11, 50).First(n => TextbookErlangC(10, n) * 180 / (n - 10) <= 15);
        StaffingResult result = ErlangC.AgentsRequired(100, HalfHour, Aht, StaffingTarget.AverageSpeedOfAnswer(Duration.FromSeconds(15)), 1, 0.3);
        Assert.Equal(expected, result.Agents);
        Assert.True(result.AverageSpeedOfAnswer <= Duration.FromSeconds(15));
        Assert.Equal(Shrinkage.ScheduledAgents(expected, 0.3), result.ScheduledAgents);
        Assert.Equal(result.ProbabilityOfWaiting * 10 / (expected - 10), result.QueueLength, 12);
    }

    [Fact]
    public void ErlangC_WaitProbabilityTargets_FindFewestAgents()
    {
        int atAll = Enumerable.Range(11, 50).First(n => TextbookErlangC(10, n) <= 0.2);
        Assert.Equal(atAll, ErlangC.AgentsRequired(100, HalfHour, Aht, StaffingTarget.ProbabilityOfWaiting(0.2), 1, 0).Agents);

        int longer = Enumerable.Range(11, 50).First(n => TextbookErlangC(10, n) * Math.Exp(-(n - 10) * 60.0 / 180) <= 0.05);
        Assert.Equal(longer, ErlangC.AgentsRequired(100, HalfHour, Aht, StaffingTarget.ProbabilityOfWaitingLongerThan(Duration.FromSeconds(60), 0.05), 1, 0).Agents);

        // The service-level target through the new overload gives the documented worked example: 14 agents for 80 % in 20 s.
        Assert.Equal(14, ErlangC.AgentsRequired(100, HalfHour, Aht, StaffingTarget.ServiceLevel(0.8, Duration.FromSeconds(20)), 1, 0).Agents);
    }

    [Fact]
    public void StaffingTarget_Default_AndBadValues_AreRejectedByName()
    {
        Assert.Equal("target", Assert.Throws<ArgumentOutOfRangeException>(() => ErlangC.AgentsRequired(100, HalfHour, Aht, default, 1, 0)).ParamName);
        Assert.Equal("target", Assert.Throws<ArgumentOutOfRangeException>(() => ErlangA.AgentsRequired(100, HalfHour, Aht, Duration.FromMinutes(2), default, 1, 0)).ParamName);
        Assert.Equal("share", Assert.Throws<ArgumentOutOfRangeException>(() => StaffingTarget.ServiceLevel(1, Duration.FromSeconds(20))).ParamName);
        Assert.Equal("maximum", Assert.Throws<ArgumentOutOfRangeException>(() => StaffingTarget.AverageSpeedOfAnswer(Duration.Zero)).ParamName);
        Assert.Equal("maximum", Assert.Throws<ArgumentOutOfRangeException>(() => StaffingTarget.ProbabilityOfWaiting(double.NaN)).ParamName);
        Assert.Equal("wait", Assert.Throws<ArgumentOutOfRangeException>(() => StaffingTarget.ProbabilityOfWaitingLongerThan(Duration.FromSeconds(-1), 0.1)).ParamName);
    }

    [Fact]
    public void Shrinkage_ProductiveAgents_IsExactInDecimal()
    {
        // 30 scheduled at 30 % shrinkage: 30 × 0.7 = 21 exactly (binary floating point gives 20.999999999999996).
        Assert.Equal(21, Shrinkage.ProductiveAgents(30, 0.3));
        Assert.Equal(20, Shrinkage.ScheduledAgents(14, 0.3));
        Assert.Equal(14, Shrinkage.ProductiveAgents(20, 0.3));
        Assert.Equal(0, Shrinkage.ProductiveAgents(0, 0.99));
        Assert.Equal("shrinkage", Assert.Throws<ArgumentOutOfRangeException>(() => Shrinkage.ProductiveAgents(10, 1)).ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => Shrinkage.ProductiveAgents(-1, 0.1));
    }

    [Property]
    public bool Shrinkage_RoundTrip_Meets_Specification(NonNegativeInt agents, byte percent)
    {
        int n = agents.Get % 100_000;
        double s = (percent % 95) / 100.0;
        int scheduled = Shrinkage.ScheduledAgents(n, s);
        int productive = Shrinkage.ProductiveAgents(scheduled, s);
        return productive >= n && productive <= scheduled && (scheduled == 0 || Shrinkage.ProductiveAgents(scheduled - 1, s) < n);
    }

    [Fact]
    public void ErlangA_WaitLongerThan_MatchesAnIndependentHypoexponentialComputation()
    {
        // 100 calls / 30 min, AHT 180 s (A = 10), patience 120 s (θ = 1.5 per AHT), 12 agents, T = 30 s.
        // Reference: the truncated birth–death chain normalised directly, and for a caller with j ahead the chance to be
        // still waiting at T = e^(−θT) · P(S > T), S a sum of exponentials with the distinct rates N + kθ (k = 0 … j),
        // whose survival function is Σ_i Π_{k≠i} r_k / (r_k − r_i) · e^(−r_i T) (a closed form independent of the beta function).
        const double a = 10;
        const int n = 12;
        const double theta = 180.0 / 120;
        const double t = 30.0 / 180;
        const int states = 40;
        var p = new double[n + states + 1];
        p[0] = 1;
        for (int k = 1; k < p.Length; k++)
        {
            p[k] = p[k - 1] * a / (k <= n ? k : n + ((k - n) * theta));
        }

        double total = p.Sum();
        double wait = 0;
        double longer = 0;
        double queue = 0;
        for (int j = 0; j <= states; j++)
        {
            double pi = p[n + j] / total;
            wait += pi;
            queue += j * pi;
            double[] rates = Enumerable.Range(0, j + 1).Select(k => n + (k * theta)).ToArray();
            double survival = 0;
            for (int i = 0; i < rates.Length; i++)
            {
                double coefficient = 1;
                for (int k = 0; k < rates.Length; k++)
                {
                    if (k != i)
                    {
                        coefficient *= rates[k] / (rates[k] - rates[i]);
                    }
                }

                survival += coefficient * Math.Exp(-rates[i] * t);
            }

            longer += pi * Math.Exp(-theta * t) * survival;
        }

        ErlangAResult result = ErlangA.Evaluate(100, HalfHour, Aht, Duration.FromSeconds(120), n, Duration.FromSeconds(30));
        Assert.Equal(wait, result.ProbabilityOfWaiting, 9);
        Assert.Equal(queue, result.QueueLength, 9);
        Assert.Equal(longer, result.ProbabilityOfWaitingLongerThan, 9);
        Assert.Equal(result.ProbabilityOfWaiting, ErlangA.Evaluate(100, HalfHour, Aht, Duration.FromSeconds(120), n, Duration.Zero).ProbabilityOfWaitingLongerThan, 12);
    }

    [Fact]
    public void ErlangA_VeryPatientCallers_WaitLongerThanApproachesErlangC()
    {
        ErlangAResult result = ErlangA.Evaluate(100, HalfHour, Aht, Duration.FromDays(3650), 14, Duration.FromSeconds(20));
        Assert.Equal(ErlangC.ProbabilityOfWaitingLongerThan(10, 14, Aht, Duration.FromSeconds(20)), result.ProbabilityOfWaitingLongerThan, 4);
        Assert.Equal(ErlangC.QueueLength(10, 14), result.QueueLength, 3);
    }

    [Fact]
    public void ErlangA_StaffingSearch_FindsTheFewestAgentsMeetingEachTarget()
    {
        Duration patience = Duration.FromSeconds(120);
        StaffingTarget[] targets =
        [
            StaffingTarget.ServiceLevel(0.8, Duration.FromSeconds(20)),
            StaffingTarget.AverageSpeedOfAnswer(Duration.FromSeconds(10)),
            StaffingTarget.ProbabilityOfWaiting(0.3),
            StaffingTarget.ProbabilityOfWaitingLongerThan(Duration.FromSeconds(30), 0.05),
        ];
        foreach (StaffingTarget target in targets)
        {
            ErlangAStaffingResult result = ErlangA.AgentsRequired(100, HalfHour, Aht, patience, target, 1, 0.3);
            Duration threshold = target.Goal is StaffingGoal.ServiceLevel or StaffingGoal.ProbabilityOfWaitingLongerThan ? target.Threshold : Duration.Zero;
            Assert.True(Meets(ErlangA.Evaluate(100, HalfHour, Aht, patience, result.Agents, threshold), target), $"{target}: {result.Agents} agents should meet it");
            Assert.False(Meets(ErlangA.Evaluate(100, HalfHour, Aht, patience, result.Agents - 1, threshold), target), $"{target}: {result.Agents - 1} agents should not");
            Assert.Equal(Shrinkage.ScheduledAgents(result.Agents, 0.3), result.ScheduledAgents);
            Assert.Equal(ErlangA.Evaluate(100, HalfHour, Aht, patience, result.Agents, threshold), result.Figures);
        }
    }

    [Fact]
    public void ErlangA_StaffingSearch_WithAbandonsNeedsNoMoreThanErlangC()
    {
        StaffingTarget target = StaffingTarget.ServiceLevel(0.8, Duration.FromSeconds(20));
        int erlangC = ErlangC.AgentsRequired(100, HalfHour, Aht, target, 1, 0).Agents;
        int erlangA = ErlangA.AgentsRequired(100, HalfHour, Aht, Duration.FromSeconds(60), target, 1, 0).Agents;
        Assert.InRange(erlangA, 1, erlangC);
    }

    public static Arbitrary<(int Calls, int AhtSeconds, int PatienceSeconds, int Within)> Loads() =>
        (from calls in Gen.Choose(1, 600)
         from aht in Gen.Choose(30, 600)
         from patience in Gen.Choose(10, 1200)
         from within in Gen.Choose(0, 120)
         select (calls, aht, patience, within)).ToArbitrary();

    [Property(Arbitrary = new[] { typeof(StaffingVariantsTests) }, MaxTest = 40)]
    public bool ErlangA_StaffingSearch_Meets_Specification((int Calls, int AhtSeconds, int PatienceSeconds, int Within) load)
    {
        Duration aht = Duration.FromSeconds(load.AhtSeconds);
        Duration patience = Duration.FromSeconds(load.PatienceSeconds);
        StaffingTarget target = StaffingTarget.ServiceLevel(0.8, Duration.FromSeconds(load.Within));
        ErlangAStaffingResult result = ErlangA.AgentsRequired(load.Calls, HalfHour, aht, patience, target, 1, 0);
        bool meets = ErlangA.Evaluate(load.Calls, HalfHour, aht, patience, result.Agents, target.Threshold).ServiceLevel >= 0.8 * (1 - 1e-12);
        bool fewest = result.Agents == 1 || ErlangA.Evaluate(load.Calls, HalfHour, aht, patience, result.Agents - 1, target.Threshold).ServiceLevel < 0.8 * (1 - 1e-12);
        double sum = result.Figures.ServiceLevel + result.Figures.ProbabilityOfWaitingLongerThan;
        return meets && fewest && sum <= 1 + 1e-9;
    }

    private static bool Meets(ErlangAResult r, StaffingTarget target) => target.Goal switch
    {
        StaffingGoal.ServiceLevel => r.ServiceLevel >= target.Share * (1 - 1e-12),
        StaffingGoal.AverageSpeedOfAnswer => r.AverageWait.TotalNanoseconds <= target.Threshold.TotalNanoseconds * (1 + 1e-12),
        StaffingGoal.ProbabilityOfWaiting => r.ProbabilityOfWaiting <= target.Share * (1 + 1e-12),
        _ => r.ProbabilityOfWaitingLongerThan <= target.Share * (1 + 1e-12),
    };
}
