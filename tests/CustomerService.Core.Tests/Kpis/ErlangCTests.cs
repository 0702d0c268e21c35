using CustomerService.Core.Kpis;
using FsCheck.Xunit;
using NodaTime;

namespace CustomerService.Core.Tests.Kpis;

public sealed class ErlangCTests
{
    private static readonly Duration HalfHour = Duration.FromMinutes(30);
    private static readonly Duration Aht = Duration.FromSeconds(180);
    private static readonly Duration Twenty = Duration.FromSeconds(20);

    // Textbook formula with powers and factorials, fine for small N: the independent reference.
    private static double TextbookC(double a, int n)
    {
        double sum = 0;
        double term = 1;
        for (int k = 0; k < n; k++)
        {
            sum += term;
            term *= a / (k + 1);
        }

        double top = term * n / (n - a); // A^N/N! · N/(N − A)
        return top / (sum + top);
    }

    [Fact]
    public void AgentsRequired_PublishedExample_Is14AgentsAnd20Scheduled()
    {
        StaffingResult result = ErlangC.AgentsRequired(100, HalfHour, Aht, 0.80, Twenty, shrinkage: 0.30);

        Assert.Equal(10.0, result.TrafficErlangs, 12);
        Assert.Equal(14, result.Agents);
        Assert.Equal(20, result.ScheduledAgents);
        Assert.Equal(0.888, Math.Round(result.ServiceLevel, 3));
        Assert.Equal(10.0 / 14, result.Occupancy, 12);
        Assert.True(ErlangC.ServiceLevel(10, 13, Aht, Twenty) < 0.80);
    }

    // Issue 16.9: the docs said 0.783 for 13 agents. The textbook formula (and an exact rational computation of
    // Σ Aᵏ/k! with factorials, done separately) gives C(13, 10) = 0.28527 and SL = 1 − C·e^(−3·20/180) = 0.79559.
    [Fact]
    public void ServiceLevel_PublishedExampleWith13Agents_MatchesTheTextbookFormulaAndTheDocs()
    {
        double expected = 1 - (TextbookC(10, 13) * Math.Exp(-(13 - 10) * 20.0 / 180));
        double serviceLevel = ErlangC.ServiceLevel(10, 13, Aht, Twenty);

        Assert.Equal(expected, serviceLevel, 12);
        string docs = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "kpis.md"));
        var documented = System.Text.RegularExpressions.Regex.Match(docs, @"13 give (0\.\d{3})");
        Assert.True(documented.Success, "docs/kpis.md must state the service level of 13 agents in the worked example.");
        Assert.Equal(Math.Round(serviceLevel, 3).ToString("0.000", System.Globalization.CultureInfo.InvariantCulture), documented.Groups[1].Value);
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "CustomerService.Core.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (with CustomerService.Core.sln) was not found above the test's directory.");
    }

    [Fact]
    public void ProbabilityOfWaiting_SmallSystems_MatchesTheTextbookFormula()
    {
        foreach (var (a, n) in new[] { (10.0, 14), (2.5, 3), (0.5, 1), (19.9, 25), (50.0, 60) })
        {
            Assert.Equal(TextbookC(a, n), ErlangC.ProbabilityOfWaiting(a, n), 12);
        }
    }

    [Fact]
    public void AverageSpeedOfAnswer_PublishedExample_IsCTimesAhtOverSpareAgents()
    {
        double c = TextbookC(10, 14);
        Duration asa = ErlangC.AverageSpeedOfAnswer(10, 14, Aht);
        Assert.Equal(c * 180 / 4, asa.TotalSeconds, 6);
    }

    [Fact]
    public void AgentsRequired_MaximumOccupancy_AddsAgents()
    {
        StaffingResult result = ErlangC.AgentsRequired(100, HalfHour, Aht, 0.80, Twenty, maximumOccupancy: 0.60);
        Assert.Equal(17, result.Agents); // 10 / 17 = 0.588 ≤ 0.60 < 10 / 16
        Assert.True(result.Occupancy <= 0.60);
    }

    [Fact]
    public void AgentsRequired_LargeCentre_IsStableWithoutFactorials()
    {
        StaffingResult result = ErlangC.AgentsRequired(20_000, HalfHour, Aht, 0.90, Twenty);
        Assert.InRange(result.Agents, 2001, 2100);
        Assert.True(result.ServiceLevel >= 0.90);
        Assert.True(ErlangC.ServiceLevel(2000, result.Agents - 1, Aht, Twenty) < 0.90);
    }

    [Fact]
    public void AgentsRequired_NoCalls_NeedsNoAgents()
    {
        Assert.Equal(0, ErlangC.AgentsRequired(0, HalfHour, Aht, 0.8, Twenty).Agents);
    }

    [Fact]
    public void Formulas_OverloadedQueue_AreBounded()
    {
        Assert.Equal(1, ErlangC.ProbabilityOfWaiting(10, 10));
        Assert.Equal(0, ErlangC.ServiceLevel(10, 9, Aht, Twenty));
        Assert.Equal(1, ErlangC.Occupancy(10, 9));
        Assert.Throws<ArgumentOutOfRangeException>(() => ErlangC.AverageSpeedOfAnswer(10, 10, Aht));
    }

    [Fact]
    public void AgentsRequired_BadInputs_ThrowNamingTheParameter()
    {
        Assert.Equal("callsPerInterval", Assert.Throws<ArgumentOutOfRangeException>(() => ErlangC.AgentsRequired(double.NaN, HalfHour, Aht, 0.8, Twenty)).ParamName);
        Assert.Equal("callsPerInterval", Assert.Throws<ArgumentOutOfRangeException>(() => ErlangC.AgentsRequired(-1, HalfHour, Aht, 0.8, Twenty)).ParamName);
        Assert.Equal("interval", Assert.Throws<ArgumentOutOfRangeException>(() => ErlangC.AgentsRequired(1, Duration.Zero, Aht, 0.8, Twenty)).ParamName);
        Assert.Equal("averageHandleTime", Assert.Throws<ArgumentOutOfRangeException>(() => ErlangC.AgentsRequired(1, HalfHour, Duration.Zero, 0.8, Twenty)).ParamName);
        Assert.Equal("targetServiceLevel", Assert.Throws<ArgumentOutOfRangeException>(() => ErlangC.AgentsRequired(1, HalfHour, Aht, 1.0, Twenty)).ParamName);
        Assert.Equal("answerWithin", Assert.Throws<ArgumentOutOfRangeException>(() => ErlangC.AgentsRequired(1, HalfHour, Aht, 0.8, Duration.FromSeconds(-1))).ParamName);
        Assert.Equal("maximumOccupancy", Assert.Throws<ArgumentOutOfRangeException>(() => ErlangC.AgentsRequired(1, HalfHour, Aht, 0.8, Twenty, maximumOccupancy: 0)).ParamName);
        Assert.Equal("shrinkage", Assert.Throws<ArgumentOutOfRangeException>(() => ErlangC.AgentsRequired(1, HalfHour, Aht, 0.8, Twenty, shrinkage: 1)).ParamName);
    }

    // Issue 16.5 / 24.5: a tiny maximum occupancy walked one agent at a time past Int32.MaxValue and never returned.
    [Fact]
    public void AgentsRequired_TinyMaximumOccupancy_StartsAtTheOccupancyBound()
    {
        StaffingResult result = Bounded.Run(() => ErlangC.AgentsRequired(100, HalfHour, Aht, 0.80, Twenty, maximumOccupancy: 1e-6));

        Assert.Equal(10_000_000, result.Agents); // ⌈10 / 10⁻⁶⌉
        Assert.True(result.Occupancy <= 1e-6 * (1 + 1e-12));
        Assert.Equal(1, result.ServiceLevel);
    }

    [Theory]
    [InlineData(double.Epsilon)]
    [InlineData(1e-300)]
    [InlineData(4e-9)]
    public void AgentsRequired_OccupancyNeedingMoreThanInt32MaxValueAgents_ThrowsNamingIt(double maximumOccupancy)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => Bounded.Run(() => ErlangC.AgentsRequired(100, HalfHour, Aht, 0.80, Twenty, maximumOccupancy: maximumOccupancy)));
        Assert.Equal("maximumOccupancy", error.ParamName);
    }

    // Issue 24.5: with int.MaxValue agents the recursion ran 2^31 steps (seconds); B is zero long before.
    [Fact]
    public void Formulas_Int32MaxValueAgents_ReturnAtOnce()
    {
        Assert.Equal(0, Bounded.Run(() => ErlangC.ErlangB(10, int.MaxValue)));
        Assert.Equal(0, Bounded.Run(() => ErlangC.ProbabilityOfWaiting(10, int.MaxValue)));
        Assert.Equal(1, Bounded.Run(() => ErlangC.ServiceLevel(10, int.MaxValue, Aht, Twenty)));
        Assert.Equal(Duration.Zero, Bounded.Run(() => ErlangC.AverageSpeedOfAnswer(10, int.MaxValue, Aht)));
        Assert.Equal(0, Bounded.Run(() => ErlangC.ErlangB(ErlangC.MaximumTrafficErlangs, int.MaxValue)));
    }

    [Fact]
    public void ErlangB_LargestLoad_MatchesTheRecursionAtTheBoundaryAndRejectsMore()
    {
        // Near N = A the recursion's B is about √(2 / (πA)) (Stirling): 8 × 10⁻⁴ for A = 10⁶.
        double b = Bounded.Run(() => ErlangC.ErlangB(ErlangC.MaximumTrafficErlangs, 1_000_000));
        Assert.InRange(b, 0.7e-3, 0.9e-3);
        Assert.Equal("trafficErlangs", Assert.Throws<ArgumentOutOfRangeException>(() => ErlangC.ErlangB(ErlangC.MaximumTrafficErlangs * 1.01, 10)).ParamName);
        Assert.Equal("callsPerInterval", Assert.Throws<ArgumentOutOfRangeException>(() => ErlangC.AgentsRequired(1e9, HalfHour, Aht, 0.8, Twenty)).ParamName);
    }

    // Issue 24.5: an infinite load must be rejected, not returned.
    [Theory]
    [InlineData(double.MaxValue)]
    [InlineData(1e300)]
    public void TrafficIntensity_InfiniteLoad_ThrowsNamingTheCalls(double calls)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => ErlangC.TrafficIntensity(calls, Duration.FromNanoseconds(1), Duration.FromDays(10_000)));
        Assert.Equal("callsPerInterval", error.ParamName);
        foreach (double load in new[] { double.PositiveInfinity, double.NaN, double.NegativeInfinity, -1 })
        {
            Assert.Equal("trafficErlangs", Assert.Throws<ArgumentOutOfRangeException>(() => ErlangC.ServiceLevel(load, 10, Aht, Twenty)).ParamName);
        }
    }

    [Fact]
    public void AverageSpeedOfAnswer_LongerThanDurationMaxValue_ThrowsOverflow()
    {
        Assert.Throws<OverflowException>(() => ErlangC.AverageSpeedOfAnswer(10.999999999, 11, Duration.FromDays(10_000_000)));
    }

    [Property(Arbitrary = new[] { typeof(KpisArbitraries) })]
    public bool ServiceLevel_Meets_Specification(StableLoad load)
    {
        var aht = Duration.FromSeconds(load.AhtSeconds);
        var within = Duration.FromSeconds(load.AnswerWithinSeconds);
        double a = ErlangC.TrafficIntensity(load.CallsPerHalfHour, HalfHour, aht);
        double c = ErlangC.ProbabilityOfWaiting(a, load.Agents);
        double sl = ErlangC.ServiceLevel(a, load.Agents, aht, within);
        double slMore = ErlangC.ServiceLevel(a, load.Agents + 1, aht, within);
        StaffingResult staffed = ErlangC.AgentsRequired(load.CallsPerHalfHour, HalfHour, aht, 0.8, within);
        bool minimal = staffed.Agents - 1 <= a || ErlangC.ServiceLevel(a, staffed.Agents - 1, aht, within) < 0.8;
        return c is >= 0 and <= 1 && sl is >= 0 and <= 1 && slMore >= sl - 1e-12 && sl >= 1 - c - 1e-12
            && staffed.ServiceLevel >= 0.8 && minimal;
    }
}
