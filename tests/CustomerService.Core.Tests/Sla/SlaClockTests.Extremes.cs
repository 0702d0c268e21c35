using CustomerService.Core.Calendars;
using CustomerService.Core.Sla;
using FsCheck.Xunit;
using NodaTime;

namespace CustomerService.Core.Tests.Sla;

/// <summary>
/// The public SLA API driven with extreme values: every call succeeds with a consistent answer or throws the documented
/// exception naming the caller's parameter and the clock; never an overflow, an index error or a wrong sign.
/// </summary>
public sealed partial class SlaClockTests
{
    private static bool InRange(Instant instant) => instant >= MinSupported && instant <= MaxSupported;

    private static object Attempt<T>(Func<T> call)
    {
        try
        {
            return call()!;
        }
        catch (Exception exception)
        {
            return exception;
        }
    }

    private static void AssertOutOfRange(object outcome, string parameterName, string clockId)
    {
        var error = Assert.IsType<ArgumentOutOfRangeException>(outcome);
        Assert.Equal(parameterName, error.ParamName);
        Assert.Contains(clockId, error.Message, StringComparison.Ordinal);
    }

    [Property(Arbitrary = [typeof(SlaArbitraries)], MaxTest = 400)]
    public void PublicApi_ExtremeValues_Meets_Specification(ExtremeSlaCase c)
    {
        var policy = c.Policy;
        var hasLongGaps = ExtremeSlaPolicies.All[c.PolicyIndex].HasLongGaps;
        var id = "X-1/" + c.Metric;

        CheckPolicyArguments(policy.Calendar, c.Target, c.Thresholds);

        var started = Attempt(() => policy.StartClock(id, c.Metric, SlaPriority.Normal, c.Start));
        if (!SlaEnums.IsSpecified(c.Metric) || !policy.TryGetTarget(c.Metric, SlaPriority.Normal, out var target))
        {
            Assert.Equal("metric", Assert.IsAssignableFrom<ArgumentException>(started).ParamName);
            return;
        }

        if (!InRange(c.Start))
        {
            AssertOutOfRange(started, "startedAt", id);
            return;
        }

        // The due instant the clock must report, or why it cannot be built.
        var expectedDue = target.Basis == SlaTimeBasis.CalendarTime
            ? (c.Start + target.Duration <= MaxSupported ? c.Start + target.Duration : (object)typeof(ArgumentOutOfRangeException))
            : Attempt(() => policy.Calendar.Add(c.Start, target.Duration));
        switch (expectedDue)
        {
            case Instant due:
                var clock = Assert.IsType<SlaClock>(started);
                Assert.Equal(due, clock.Evaluate(c.Start).DueAt);
                CheckSteps(clock, c.Steps, hasLongGaps);
                break;
            case CalendarConfigurationException:
                Assert.True(hasLongGaps);
                Assert.IsType<CalendarConfigurationException>(started);
                break;
            default:
                AssertOutOfRange(started, "startedAt", id);
                break;
        }
    }

    private static void CheckSteps(SlaClock clock, ExtremeSlaStep[] steps, bool hasLongGaps)
    {
        foreach (var step in steps)
        {
            var at = step.InstantAfter(clock.LastEventAt);
            CheckEvaluate(clock, at);
            CheckScan(clock, at);

            var appended = Attempt(() => clock.Append(new SlaClockEvent(step.Kind, at, step.Reason)));
            switch (appended)
            {
                case SlaClock next:
                    Assert.True(InRange(at) && at >= clock.LastEventAt && step.Kind != SlaClockEventKind.Unspecified);
                    Assert.Equal(at, next.LastEventAt);
                    clock = next;
                    break;
                case InvalidSlaEventException invalid:
                    Assert.Equal(clock.Id, invalid.ClockId);
                    Assert.Equal(clock.Events.Length, invalid.EventIndex);
                    // An event outside the range is a range error, unless the event itself is malformed (no kind, a pause without reason).
                    Assert.True(InRange(at) || step.Kind == SlaClockEventKind.Unspecified || (step.Kind == SlaClockEventKind.Paused && step.Reason == SlaWaitReason.None), invalid.Message);
                    Assert.Contains(clock.Id, invalid.Message, StringComparison.Ordinal);
                    break;
                case CalendarConfigurationException:
                    Assert.True(hasLongGaps);
                    break;
                default:
                    // Outside the range, or a resume whose due instant would fall after it.
                    AssertOutOfRange(appended, "clockEvent", clock.Id);
                    Assert.True(!InRange(at) || step.Kind is SlaClockEventKind.Resumed or SlaClockEventKind.Reset, $"{appended}");
                    break;
            }
        }

        CheckEvaluate(clock, MaxSupported);
        CheckEvaluate(clock, Instant.MaxValue);
        CheckScan(clock, Instant.MinValue);
    }

    private static void CheckEvaluate(SlaClock clock, Instant now)
    {
        var outcome = Attempt(() => clock.Evaluate(now));
        if (now < clock.StartedAt || now > MaxSupported)
        {
            AssertOutOfRange(outcome, "now", clock.Id);
            return;
        }

        if (outcome is ArgumentOutOfRangeException or CalendarConfigurationException)
        {
            // Only before the last event: the clock as it stood then would have fallen due outside the range.
            Assert.True(now < clock.LastEventAt, $"{outcome}");
            return;
        }

        var status = Assert.IsType<SlaStatus>(outcome);
        Assert.Same(clock, status.Clock);
        Assert.NotEqual(SlaClockState.Unspecified, status.State);
        Assert.True(status.Elapsed >= Duration.Zero && status.Elapsed <= now - clock.StartedAt, $"elapsed {status.Elapsed}");
        Assert.True(status.Remaining >= Duration.Zero && status.OverdueBy >= Duration.Zero);
        Assert.True(status.DueAt is null || InRange(status.DueAt.Value));
        Assert.True(status.NextChangeAt is null || (status.NextChangeAt > now && InRange(status.NextChangeAt.Value)));
        Assert.Equal(status, clock.Evaluate(now));
    }

    private static void CheckScan(SlaClock clock, Instant now)
    {
        var indexes = new int[1];
        var outcome = Attempt(() => SlaMonitor.Scan([clock], now, indexes));
        if (outcome is SlaScanResult result)
        {
            Assert.Equal(1, result.Scanned);
            Assert.True(result.NextChangeAt is null || InRange(result.NextChangeAt.Value));
            return;
        }

        Assert.True(now < clock.LastEventAt && outcome is ArgumentOutOfRangeException or CalendarConfigurationException, $"{outcome}");
    }

    private static void CheckPolicyArguments(BusinessCalendar calendar, Duration target, double[] thresholds)
    {
        var builder = SlaPolicy.CreateBuilder("Extreme", calendar, "v1");
        var added = Attempt(() => builder.DefaultTarget(SlaMetric.Resolution, target));
        if (target > Duration.Zero && target <= Duration.FromDays(36_500))
        {
            Assert.Same(builder, added);
        }
        else
        {
            Assert.Equal("target", Assert.IsType<ArgumentOutOfRangeException>(added).ParamName);
        }

        var ascending = thresholds.Length <= 8
            && thresholds.All(t => t > 0 && t < 1)
            && thresholds.Select(t => Math.Round(t * 1_000_000, MidpointRounding.AwayFromZero)).Zip(thresholds.Skip(1).Select(t => Math.Round(t * 1_000_000, MidpointRounding.AwayFromZero)), (x, y) => x < y).All(x => x)
            && thresholds.All(t => Math.Round(t * 1_000_000, MidpointRounding.AwayFromZero) is > 0 and < 1_000_000);
        var warned = Attempt(() => builder.WarningThresholds(thresholds));
        if (ascending)
        {
            Assert.Same(builder, warned);
        }
        else
        {
            Assert.Equal("fractions", Assert.IsAssignableFrom<ArgumentException>(warned).ParamName);
        }

        var built = Attempt(builder.Build);
        Assert.True(built is SlaPolicy || (built is ArgumentException error && error.ParamName == "targets"), $"{built}");
    }
}
