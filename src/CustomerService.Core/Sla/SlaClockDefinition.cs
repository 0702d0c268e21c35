using System.Collections.Immutable;
using NodaTime;

namespace CustomerService.Core.Sla;

/// <summary>
/// Everything a clock needs from its policy for one metric and priority, resolved once and shared by every clock of
/// that metric and priority: the target, how time is counted, the warning offsets and which waits pause it.
/// </summary>
internal sealed class SlaClockDefinition
{
    /// <summary>The longest target a policy accepts; keeps all tick arithmetic far from overflow.</summary>
    public static readonly Duration MaximumTarget = Duration.FromDays(36_500);

    /// <summary>The most warning thresholds a policy accepts.</summary>
    public const int MaximumThresholds = 8;

    private const long NanosecondsPerTick = 100;
    private const int PartsPerMillion = 1_000_000;

    private readonly SlaCalendarVersionSource _calendarVersion;

    public SlaClockDefinition(
        string policyName,
        SlaMetric metric,
        Duration target,
        SlaTimeBasis basis,
        SlaTimeline timeline,
        ImmutableArray<double> thresholds,
        int pauseMask,
        SlaCalendarVersionSource calendarVersion)
    {
        PolicyName = policyName;
        Metric = metric;
        Target = target;
        Basis = basis;
        Timeline = timeline;
        Thresholds = thresholds;
        PauseMask = pauseMask;
        _calendarVersion = calendarVersion;
        IsPerReply = metric is SlaMetric.NextResponse or SlaMetric.PeriodicUpdate;

        // Milestones: one per warning threshold, then the target itself (the breach).
        var offsets = new Duration[thresholds.Length + 1];
        for (var i = 0; i < thresholds.Length; i++)
        {
            offsets[i] = ThresholdOffset(target, ToPartsPerMillion(thresholds[i]));
        }

        offsets[thresholds.Length] = target;
        MilestoneOffsets = offsets;
    }

    public string PolicyName { get; }

    public SlaMetric Metric { get; }

    public Duration Target { get; }

    public SlaTimeBasis Basis { get; }

    public SlaTimeline Timeline { get; }

    public ImmutableArray<double> Thresholds { get; }

    public int PauseMask { get; }

    public string CalendarVersion => _calendarVersion.Value;

    public bool IsPerReply { get; }

    /// <summary>Counted time at which each milestone is reached: the thresholds in order, then the target.</summary>
    public Duration[] MilestoneOffsets { get; }

    public bool PausesFor(SlaWaitReason reason) => (PauseMask & (1 << (int)reason)) != 0;

    /// <summary>A fraction taken to the nearest millionth (halves away from zero).</summary>
    public static int ToPartsPerMillion(double fraction) =>
        (int)Math.Round(fraction * PartsPerMillion, MidpointRounding.AwayFromZero);

    /// <summary>
    /// The counted time at which a threshold is reached: <c>target × ppm / 1,000,000</c>, rounded up to a whole tick
    /// (100 ns) so that a warning never fires before the exact fraction has passed, and never later than the target.
    /// </summary>
    public static Duration ThresholdOffset(Duration target, int partsPerMillion)
    {
        Int128 numerator = (Int128)target.ToInt64Nanoseconds() * partsPerMillion;
        Int128 denominator = (Int128)PartsPerMillion * NanosecondsPerTick;
        var ticks = (long)((numerator + denominator - 1) / denominator);
        var offset = Duration.FromTicks(ticks);
        return offset > target ? target : offset;
    }
}
