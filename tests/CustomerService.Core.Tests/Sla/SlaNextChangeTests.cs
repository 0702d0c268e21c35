using CustomerService.Core.Sla;
using FsCheck;
using FsCheck.Xunit;
using NodaTime;

namespace CustomerService.Core.Tests.Sla;

/// <summary>
/// The tracker's short cut for a changed clock (its next change computed by the replay alone, projecting the breach and
/// the milestones up to the first ahead instead of building the clock) gives exactly what the built clock gives: the same
/// next change, or the same exception, on the standard policy and on the extreme calendars' policies with century-long
/// targets (whose breach leaves the supported range from most starts).
/// </summary>
public sealed class SlaNextChangeTests
{
    private static readonly SlaPolicy[] Policies = [SlaTestData.Standard, .. ExtremeSlaPolicies.All.Select(p => p.Policy)];

    [Property(Arbitrary = [typeof(SlaArbitraries)], MaxTest = 400)]
    public void TryNextChange_EqualsTheBuiltClocksNextChange_Meets_Specification(ClockCase c, NonNegativeInt policyIndex, bool atLastEvent)
    {
        var policy = Policies[policyIndex.Get % Policies.Length];
        var definition = policy.GetDefinition(c.Metric, c.Priority, "metric");
        var now = atLastEvent ? c.Events[^1].At : c.Now;
        var id = "P-1/" + c.Metric;

        var built = Outcome(() => SlaClock.CreateShared(id, c.Priority, definition, c.Events, "events").EvaluateMilestones(now).NextChangeAt);
        var shortCut = Outcome(() => SlaClock.TryNextChange(id, definition, c.Events, now, "events", out var next)
            ? next
            : throw new InvalidOperationException("declined"));

        Assert.Equal(built, shortCut);
    }

    [Property(Arbitrary = [typeof(SlaArbitraries)])]
    public void TryNextChange_BeforeTheLastEvent_DeclinesAndComputesNothing_Meets_Specification(ClockCase c, PositiveInt minutes)
    {
        // An instant before the last event is answered by the clock as it stood then: the tracker builds it.
        var definition = SlaTestData.Standard.GetDefinition(c.Metric, c.Priority, "metric");
        var before = c.Events[^1].At - Duration.FromMinutes(minutes.Get);

        Assert.False(SlaClock.TryNextChange("P-1/" + c.Metric, definition, c.Events, before, "events", out var next));
        Assert.Null(next);
    }

    [Fact]
    public void TryNextChange_WithAnInvalidHistory_ThrowsWhatABuildThrows()
    {
        var definition = SlaTestData.Standard.GetDefinition(SlaMetric.Resolution, SlaPriority.Normal, "metric");
        var start = Instant.FromUtc(2026, 3, 2, 1, 0);
        SlaClockEvent[] resetOnce = [SlaClockEvent.Started(start), SlaClockEvent.Reset(start + Duration.FromHours(1))];

        var built = Assert.Throws<InvalidSlaEventException>(() => SlaClock.CreateShared("T-1:Resolution", SlaPriority.Normal, definition, resetOnce, "events"));
        var shortCut = Assert.Throws<InvalidSlaEventException>(() => SlaClock.TryNextChange("T-1:Resolution", definition, resetOnce, start + Duration.FromHours(2), "events", out _));

        Assert.Equal(built.Message, shortCut.Message);
        Assert.Throws<ArgumentException>(() => SlaClock.TryNextChange(string.Empty, definition, resetOnce[..1], start, "events", out _));
    }

    [Fact]
    public void DefinitionsFor_EveryMetricAndPriority_AgreeWithTryGetTargetAndGetDefinition()
    {
        // The tracker reads a priority's row instead of asking per metric: the same targets and the same definitions.
        var perPriority = SlaTestData.StandardBuilder(SlaTestData.ShanghaiDesk, "v1")
            .Target(SlaMetric.Resolution, SlaPriority.High, Duration.FromHours(12))
            .Target(SlaMetric.NextResponse, new SlaPriority("vip"), Duration.FromMinutes(30))
            .Target(SlaMetric.Acknowledgement, SlaPriority.Low, Duration.FromHours(48))
            .Build();
        SlaPriority[] priorities =
        [
            default, SlaPriority.Urgent, SlaPriority.High, SlaPriority.Normal, SlaPriority.Low,
            new("urgent"), new("HIGH"), new("vip"), new("VIP"), new("unknown"),
        ];
        var checkedPairs = 0;
        foreach (var policy in Policies.Append(perPriority))
        {
            foreach (var priority in priorities)
            {
                var row = policy.DefinitionsFor(priority);
                foreach (var metric in Enum.GetValues<SlaMetric>())
                {
                    var definition = (int)metric < row.Length ? row[(int)metric] : null;
                    var hasTarget = policy.TryGetTarget(metric, priority, out _);
                    Assert.Equal(hasTarget, definition is not null);
                    if (hasTarget)
                    {
                        Assert.Same(policy.GetDefinition(metric, priority, "metric"), definition);
                        checkedPairs++;
                    }
                }
            }
        }

        Assert.True(checkedPairs > 100, $"only {checkedPairs} metric and priority pairs had a target");
    }

    /// <summary>The result, or the exception's type, parameter and message.</summary>
    private static string Outcome(Func<Instant?> compute)
    {
        try
        {
            return "next " + (compute()?.ToString() ?? "none");
        }
        catch (Exception e) when (e is not Xunit.Sdk.XunitException)
        {
            return $"{e.GetType().Name} ({(e as ArgumentException)?.ParamName}): {e.Message}";
        }
    }
}
