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
        SlaCalendarVersionSource calendarVersion,
        SlaWarningRules? warnings = null,
        CustomerService.Core.Calendars.BusinessCalendar? calendar = null)
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

        Warnings = warnings ?? SlaWarningRules.None;
        Calendar = calendar;

        // Milestones: the warnings (fractional thresholds and lead times before due, merged in order of counted time), then
        // the target itself (the breach). A lead time not shorter than the target does not apply to it.
        var leads = Warnings.LeadTimes;
        var entries = new List<(Duration Offset, int Warning)>(thresholds.Length + leads.Length);
        for (var i = 0; i < thresholds.Length; i++)
        {
            entries.Add((ThresholdOffset(target, ToPartsPerMillion(thresholds[i])), i));
        }

        for (var j = 0; j < leads.Length; j++)
        {
            if (leads[j] < target)
            {
                entries.Add((target - leads[j], ~j));
            }
        }

        // Stable order: by counted time, a fractional threshold before a lead time at the same offset.
        var ordered = entries.Select((e, k) => (e.Offset, e.Warning, k)).OrderBy(e => e.Offset).ThenBy(e => e.Warning < 0 ? 1 : 0).ThenBy(e => e.k).ToArray();
        var offsets = new Duration[ordered.Length + 1];
        var kinds = new int[ordered.Length];
        var fractionMilestone = new int[thresholds.Length];
        var leadMilestone = new int[leads.Length];
        Array.Fill(leadMilestone, -1);
        var fractionsBefore = new int[offsets.Length + 1];
        var leadsBefore = new int[offsets.Length + 1];
        for (var m = 0; m < ordered.Length; m++)
        {
            offsets[m] = ordered[m].Offset;
            kinds[m] = ordered[m].Warning;
            if (kinds[m] >= 0)
            {
                fractionMilestone[kinds[m]] = m;
            }
            else
            {
                leadMilestone[~kinds[m]] = m;
            }

            fractionsBefore[m + 1] = fractionsBefore[m] + (kinds[m] >= 0 ? 1 : 0);
            leadsBefore[m + 1] = leadsBefore[m] + (kinds[m] < 0 ? 1 : 0);
        }

        offsets[ordered.Length] = target;
        fractionsBefore[offsets.Length] = fractionsBefore[ordered.Length];
        leadsBefore[offsets.Length] = leadsBefore[ordered.Length];
        MilestoneOffsets = offsets;
        MilestoneWarnings = kinds;
        FractionMilestones = fractionMilestone;
        LeadMilestones = leadMilestone;
        FractionsBefore = fractionsBefore;
        LeadsBefore = leadsBefore;
    }

    /// <summary>The policy's lead-time warnings and delivery rule.</summary>
    public SlaWarningRules Warnings { get; }

    /// <summary>The policy's calendar (also for calendar-time targets, whose warnings may be delivered at its next opening), when known.</summary>
    public CustomerService.Core.Calendars.BusinessCalendar? Calendar { get; }

    /// <summary>For each warning milestone: the index of its fractional threshold, or the complement (<c>~j</c>) of its lead time's index.</summary>
    public int[] MilestoneWarnings { get; }

    /// <summary>The milestone index of each fractional threshold.</summary>
    public int[] FractionMilestones { get; }

    /// <summary>The milestone index of each lead time, or -1 when it does not apply (not shorter than the target).</summary>
    public int[] LeadMilestones { get; }

    /// <summary>How many fractional thresholds are among the first <c>k</c> milestones (index <c>k</c>, up to all milestones).</summary>
    public int[] FractionsBefore { get; }

    /// <summary>How many lead-time warnings are among the first <c>k</c> milestones (index <c>k</c>, up to all milestones).</summary>
    public int[] LeadsBefore { get; }

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
