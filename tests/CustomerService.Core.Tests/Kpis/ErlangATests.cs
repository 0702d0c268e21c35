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
