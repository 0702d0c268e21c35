using CustomerService.Core.Calendars;
using CustomerService.Core.Sla;
using CustomerService.Core.Tests.Calendars;
using FsCheck;
using FsCheck.Fluent;
using NodaTime;

namespace CustomerService.Core.Tests.Sla;

/// <summary>A random but valid clock history under the standard policy, with an instant at or after its last event.</summary>
public sealed record ClockCase(SlaMetric Metric, SlaPriority Priority, SlaClockEvent[] Events, Duration After)
{
    public Instant Now => Events[^1].At + After;

    public SlaClock Build() => SlaTestData.Standard.CreateClock("P-1/" + Metric, Metric, Priority, Events);

    public override string ToString() =>
        $"{Metric} {Priority}: {string.Join(", ", Events.Select(e => e.Kind == SlaClockEventKind.Paused ? $"{e.Kind}({e.Reason})@{e.At}" : $"{e.Kind}@{e.At}"))}; now = last + {After}";
}

/// <summary>One hostile step after a clock started: an event appended, an evaluation or a scan at an extreme instant.</summary>
public sealed record ExtremeSlaStep(SlaClockEventKind Kind, SlaWaitReason Reason, Instant At, bool FromLastEvent, Duration Gap)
{
    public Instant InstantAfter(Instant last) => FromLastEvent ? (Gap < Instant.MaxValue - last ? last + Gap : Instant.MaxValue) : At;

    public override string ToString() => FromLastEvent ? $"{Kind}({Reason}) at last + {Gap}" : $"{Kind}({Reason}) at {At}";
}

/// <summary>
/// A hostile SLA case: a policy of <see cref="ExtremeSlaPolicies"/>, a metric, an extreme start, extreme steps, a target and
/// warning thresholds a caller might try to build a policy with.
/// </summary>
public sealed record ExtremeSlaCase(int PolicyIndex, SlaMetric Metric, Instant Start, ExtremeSlaStep[] Steps, Duration Target, double[] Thresholds)
{
    public SlaPolicy Policy => ExtremeSlaPolicies.All[PolicyIndex].Policy;

    public override string ToString() =>
        $"{Policy.Name} {Metric} from {Start}: {string.Join("; ", Steps.AsEnumerable())}; target {Target}; thresholds [{string.Join(", ", Thresholds)}]";
}

/// <summary>Policies for the extreme-value property on the extreme calendars, with the longest targets a policy accepts.</summary>
public static class ExtremeSlaPolicies
{
    public static readonly (SlaPolicy Policy, bool HasLongGaps)[] All = [.. ExtremeCalendars.All.Select(c => (Build(c.Calendar), c.HasLongGaps))];

    private static SlaPolicy Build(BusinessCalendar calendar) => SlaPolicy.CreateBuilder(calendar.Name + " policy", calendar, "v1")
        .DefaultTarget(SlaMetric.FirstResponse, Duration.FromHours(2))
        .DefaultTarget(SlaMetric.NextResponse, Duration.FromMinutes(1), SlaTimeBasis.CalendarTime)
        .DefaultTarget(SlaMetric.PeriodicUpdate, Duration.FromDays(36_500), SlaTimeBasis.CalendarTime)
        .DefaultTarget(SlaMetric.Resolution, Duration.FromDays(36_500))
        .PauseWhen(SlaWaitReason.PendingOnCustomer, SlaMetric.FirstResponse, SlaMetric.NextResponse, SlaMetric.Resolution)
        .Build();
}

/// <summary>Generators of SLA clock histories for the properties.</summary>
public static class SlaArbitraries
{
    /// <summary>
    /// How close to the last supported instant a history may start: its events (at most 9 steps of at most 4 days), the
    /// evaluation instant (up to 20 days later, plus 3 in the recompute property) and its due instant all stay within the
    /// supported range. Histories closer to the end, whose due falls outside, are the extreme-value property's business.
    /// </summary>
    public static readonly Duration EndMargin = Duration.FromDays(90);

    private static readonly Instant LatestStart = BusinessCalendar.MaxSupportedInstant - EndMargin;

    private static readonly SlaMetric[] Metrics = Enum.GetValues<SlaMetric>()
        .Where(m => m is not (SlaMetric.Unspecified or SlaMetric.Acknowledgement or SlaMetric.FinalResponse))
        .ToArray();

    private static readonly SlaWaitReason[] Reasons = [.. Enum.GetValues<SlaWaitReason>().Where(r => r != SlaWaitReason.None)];

    public static Arbitrary<ClockCase> ClockCases() => ClockCaseGen().ToArbitrary();

    public static Gen<ClockCase> ClockCaseGen() =>
        from metric in Gen.Elements(Metrics)
        from priority in Gen.Elements(SlaPriority.Urgent, SlaPriority.Normal, SlaPriority.Low)
        from start in StartGen()
        from count in Gen.Choose(0, 9)
        from steps in Gen.ArrayOf(StepGen(), count)
        from afterMinutes in Gen.Frequency((1, Gen.Constant(0)), (4, Gen.Choose(0, 20 * 1440)))
        select new ClockCase(metric, priority, Play(metric, start, steps), Duration.FromMinutes(afterMinutes));

    /// <summary>
    /// Starts over the whole supported range, in the calendar generator's regions (first and last supported days, the years
    /// around 1970, segment boundaries, a recent window, anywhere), moved back when they leave no room for the history.
    /// </summary>
    public static Gen<Instant> StartGen() =>
        CalendarArbitraries.InstantGen().Select(i => i > LatestStart ? i - EndMargin - EndMargin : i);

    private static Gen<(int GapMinutes, int Choice, SlaWaitReason Reason)> StepGen() =>
        from gap in Gen.Frequency((1, Gen.Constant(0)), (6, Gen.Choose(1, 600)), (2, Gen.Choose(600, 4 * 1440)))
        from choice in Gen.Choose(0, 99)
        from reason in Gen.Elements(Reasons)
        select (gap, choice, reason);

    /// <summary>Turns random steps into a valid history: pauses and resumes alternate, met and reset where allowed, rarely a cancellation at the end.</summary>
    private static SlaClockEvent[] Play(SlaMetric metric, Instant start, (int GapMinutes, int Choice, SlaWaitReason Reason)[] steps)
    {
        var events = new List<SlaClockEvent> { SlaClockEvent.Started(start) };
        var at = start;
        var waiting = false;
        var met = false;
        var perReply = metric is SlaMetric.NextResponse or SlaMetric.PeriodicUpdate;
        foreach (var (gap, choice, reason) in steps)
        {
            at += Duration.FromMinutes(gap);
            if (choice < 60)
            {
                events.Add(waiting ? SlaClockEvent.Resumed(at) : SlaClockEvent.Paused(at, reason));
                waiting = !waiting;
            }
            else if (choice < 75 && !met)
            {
                events.Add(SlaClockEvent.Met(at));
                met = true;
            }
            else if (choice < 95 && perReply)
            {
                events.Add(SlaClockEvent.Reset(at));
                met = false;
            }
            else if (choice >= 98)
            {
                events.Add(SlaClockEvent.Cancelled(at));
                break;
            }
        }

        return [.. events];
    }

    public static Arbitrary<ExtremeSlaCase> ExtremeCases()
    {
        var kinds = new[] { SlaClockEventKind.Paused, SlaClockEventKind.Resumed, SlaClockEventKind.Met, SlaClockEventKind.Reset, SlaClockEventKind.Cancelled, SlaClockEventKind.Unspecified };
        var step =
            from kind in Gen.Elements(kinds)
            from reason in Gen.Elements(Enum.GetValues<SlaWaitReason>())
            from at in CalendarArbitraries.ExtremeInstantGen()
            from fromLast in Gen.Frequency((1, Gen.Constant(false)), (2, Gen.Constant(true)))
            from gap in CalendarArbitraries.ExtremeDurationGen()
            select new ExtremeSlaStep(kind, kind == SlaClockEventKind.Paused ? reason : SlaWaitReason.None, at, fromLast, gap == Duration.MinValue ? Duration.MaxValue : gap < Duration.Zero ? -gap : gap);
        var fraction = Gen.Elements(double.NaN, double.PositiveInfinity, double.NegativeInfinity, double.Epsilon, -double.Epsilon, 0.0, 1.0, 1 - 1e-16, 0.5, 0.9999995, 1e-7, 0.25);
        return (from policy in Gen.Choose(0, ExtremeSlaPolicies.All.Length - 1)
                from metric in Gen.Elements(Enum.GetValues<SlaMetric>())
                from start in CalendarArbitraries.ExtremeInstantGen()
                from count in Gen.Choose(0, 6)
                from steps in Gen.ArrayOf(step, count)
                from target in CalendarArbitraries.ExtremeDurationGen()
                from thresholdCount in Gen.Frequency((6, Gen.Choose(0, 3)), (1, Gen.Choose(8, 12)))
                from thresholds in Gen.ArrayOf(fraction, thresholdCount)
                select new ExtremeSlaCase(policy, metric, start, steps, target, thresholds)).ToArbitrary();
    }
}
