using CustomerService.Core.Calendars;
using CustomerService.Core.Sla;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Microsoft.Extensions.Options;
using NodaTime;
using static CustomerService.Core.Tests.Sla.SlaTestData;

namespace CustomerService.Core.Tests.Sla;

/// <summary>Issue 17, item 5: warnings in business time before due, and delivery at the next opening.</summary>
public sealed class SlaWarningsBeforeDueTests
{
    /// <summary>The Shanghai desk with Wednesday 2025-03-05 a holiday.</summary>
    private static readonly BusinessCalendar DeskWithHoliday = BusinessCalendar.CreateBuilder("Shanghai desk, holiday", Shanghai)
        .OpenWeekdays(new LocalTime(9, 0), new LocalTime(12, 0))
        .OpenWeekdays(new LocalTime(13, 0), new LocalTime(18, 0))
        .Closed(new LocalDate(2025, 3, 5))
        .Build();

    private static SlaPolicy Policy(BusinessCalendar calendar, params Duration[] leads) =>
        StandardBuilder(calendar, "v1").WarningsBeforeDue(leads).Build();

    [Fact]
    public void WarningBeforeDue_OneBusinessHour_PassesAtTheExactInstant()
    {
        // Resolution 24 business hours from Monday 09:00: due Wednesday 18:00; one business hour before is Wednesday 17:00.
        var policy = Policy(ShanghaiDesk, Duration.FromHours(1));
        var clock = policy.StartClock("W-1/resolution", SlaMetric.Resolution, SlaPriority.Normal, Sh(2025, 3, 3, 9));

        var before = clock.Evaluate(Sh(2025, 3, 5, 16, 59));
        Assert.Equal(0, before.WarningsBeforeDuePassed);
        Assert.Equal(3, before.ThresholdsCrossed);
        Assert.Equal(Sh(2025, 3, 5, 17), before.NextChangeAt);

        var status = clock.Evaluate(Sh(2025, 3, 5, 17));
        Assert.Equal(1, status.WarningsBeforeDuePassed);
        Assert.True(status.TryGetWarningBeforeDuePassedAt(0, out var passedAt));
        Assert.Equal(Sh(2025, 3, 5, 17), passedAt);
        Assert.Equal(Duration.FromHours(1), ShanghaiDesk.BusinessTimeBetween(passedAt, status.DueAt!.Value));
        Assert.Equal(Sh(2025, 3, 5, 18), status.NextChangeAt);

        // The fractional thresholds keep their indexes and instants: 50 % at Tuesday 14:00.
        Assert.Equal(Sh(2025, 3, 4, 14), status.GetThresholdCrossedAt(0));
        Assert.Equal(3, status.ThresholdCount);
        Assert.Equal(0.9, status.HighestThresholdCrossed);
    }

    [Fact]
    public void WarningBeforeDue_AcrossAHoliday_SkipsIt()
    {
        // Resolution 24 h from Monday 09:00 with Wednesday closed: due Thursday 18:00. Eight business hours before due is
        // Tuesday 18:00 (a closing time), since the holiday between them counts nothing.
        var policy = Policy(DeskWithHoliday, Duration.FromHours(8), Duration.FromHours(1));
        var clock = policy.StartClock("W-2/resolution", SlaMetric.Resolution, SlaPriority.Normal, Sh(2025, 3, 3, 9));
        var status = clock.Evaluate(Sh(2025, 3, 6, 17, 30));

        Assert.Equal(Sh(2025, 3, 6, 18), status.DueAt);
        Assert.True(status.TryGetWarningBeforeDuePassedAt(0, out var eightHours));
        Assert.Equal(Sh(2025, 3, 4, 18), eightHours);
        Assert.True(status.TryGetWarningBeforeDuePassedAt(1, out var oneHour));
        Assert.Equal(Sh(2025, 3, 6, 17), oneHour);
        Assert.Equal(2, status.WarningsBeforeDuePassed);
    }

    [Fact]
    public void WarningBeforeDue_OverDaylightSavingTime_CountsTheShortNight()
    {
        // New York nights (22:00–06:00), first response 8 h from Saturday 2025-03-08 22:00 EST. The night into Sunday loses
        // 02:00–03:00 (spring forward) and counts 7 h; the due instant is Sunday 23:00 EDT. Two hours before due is Sunday
        // 05:00 EDT (22:00–02:00 EST is 4 h, 03:00–05:00 EDT 2 h more).
        var policy = Policy(NewYorkNights, Duration.FromHours(2));
        var start = new LocalDateTime(2025, 3, 8, 22, 0).InZoneStrictly(NewYork).ToInstant();
        var clock = policy.StartClock("W-3/first", SlaMetric.FirstResponse, SlaPriority.Normal, start);
        var status = clock.Evaluate(Instant.FromUtc(2025, 3, 10, 0, 0));

        Assert.Equal(new LocalDateTime(2025, 3, 9, 23, 0).InZoneStrictly(NewYork).ToInstant(), status.DueAt);
        Assert.True(status.TryGetWarningBeforeDuePassedAt(0, out var passedAt));
        Assert.Equal(new LocalDateTime(2025, 3, 9, 5, 0).InZoneStrictly(NewYork).ToInstant(), passedAt);
        Assert.Equal(Instant.FromUtc(2025, 3, 9, 9, 0), passedAt);
        Assert.Equal(Duration.FromHours(2), NewYorkNights.BusinessTimeBetween(passedAt, status.DueAt!.Value));
    }

    [Fact]
    public void WarningBeforeDue_NotShorterThanTheTarget_DoesNotApply()
    {
        // First response: urgent 2 h, normal 8 h. A 4-hour lead applies to the normal target only.
        var policy = Policy(ShanghaiDesk, Duration.FromHours(4));
        var urgent = policy.StartClock("W-4/urgent", SlaMetric.FirstResponse, SlaPriority.Urgent, Sh(2025, 3, 3, 9)).Evaluate(Sh(2025, 3, 4, 9));
        var normal = policy.StartClock("W-4/normal", SlaMetric.FirstResponse, SlaPriority.Normal, Sh(2025, 3, 3, 9)).Evaluate(Sh(2025, 3, 4, 9));

        Assert.Equal(0, urgent.WarningsBeforeDuePassed);
        Assert.False(urgent.TryGetWarningBeforeDuePassedAt(0, out _));
        Assert.Equal(SlaClockState.Breached, urgent.State);
        Assert.True(normal.TryGetWarningBeforeDuePassedAt(0, out var passedAt));
        Assert.Equal(Sh(2025, 3, 3, 14), passedAt);
        Assert.False(normal.TryGetWarningBeforeDuePassedAt(1, out _));
        Assert.False(normal.TryGetWarningBeforeDuePassedAt(-1, out _));
    }

    [Fact]
    public void WarningBeforeDue_CalendarTimeTarget_CountsPlainTime()
    {
        // Periodic update: 24 h of calendar time from Monday 09:00; two hours before due is Tuesday 07:00.
        var policy = Policy(ShanghaiDesk, Duration.FromHours(2));
        var status = policy.StartClock("W-5/update", SlaMetric.PeriodicUpdate, SlaPriority.Normal, Sh(2025, 3, 3, 9)).Evaluate(Sh(2025, 3, 4, 8));

        Assert.True(status.TryGetWarningBeforeDuePassedAt(0, out var passedAt));
        Assert.Equal(Sh(2025, 3, 4, 7), passedAt);
    }

    [Fact]
    public void WarningsBeforeDue_Unchanged_WhenAPolicyHasNone()
    {
        Assert.Empty(Standard.WarningsBeforeDue);
        Assert.False(Standard.DeliversWarningsAtNextOpening);
        var status = Standard.StartClock("W-6/resolution", SlaMetric.Resolution, SlaPriority.Normal, Sh(2025, 3, 3, 9)).Evaluate(Sh(2025, 3, 6, 9));
        Assert.Equal(0, status.WarningsBeforeDuePassed);
        Assert.Equal(3, status.ThresholdsCrossed);
    }

    [Theory]
    [InlineData(new long[] { 0 })]
    [InlineData(new long[] { -60 })]
    [InlineData(new long[] { 60, 60 })]
    [InlineData(new long[] { 30, 60 })]
    [InlineData(new long[] { 9, 8, 7, 6, 5, 4, 3, 2, 1 })]
    public void WarningsBeforeDue_BadLeadTimes_ThrowNamingTheParameter_AndTheBuilderStaysUsable(long[] minutes)
    {
        var builder = StandardBuilder(ShanghaiDesk, "v1");
        var leads = minutes.Select(Duration.FromMinutes).ToArray();

        var error = Assert.Throws<ArgumentException>(() => builder.WarningsBeforeDue(leads));

        Assert.Equal("leadTimes", error.ParamName);
        Assert.Empty(builder.Build().WarningsBeforeDue);
    }

    [Fact]
    public void Options_BindWarningsBeforeDueAndDelivery()
    {
        var options = StandardOptions();
        options.WarningsBeforeDue = ["2h", "30m"];
        options.DeliverWarningsAtNextOpening = true;

        var policy = SlaPolicy.FromOptions(options, _ => ShanghaiDesk);

        Assert.Equal([Duration.FromHours(2), Duration.FromMinutes(30)], policy.WarningsBeforeDue.ToArray());
        Assert.True(policy.DeliversWarningsAtNextOpening);
    }

    [Theory]
    [InlineData(new[] { "two hours" }, "WarningsBeforeDue:0", "'two hours' is not a duration")]
    [InlineData(new[] { "1h", "1d" }, "WarningsBeforeDue:1", "'1d' counts days")]
    [InlineData(new[] { "30m", "2h" }, "WarningsBeforeDue", "must be shorter than the one before it")]
    [InlineData(new[] { "0s" }, "WarningsBeforeDue", "must be positive")]
    public void Options_BadWarningsBeforeDue_FailNamingTheKey(string[] leads, string key, string fragment)
    {
        var options = StandardOptions();
        options.WarningsBeforeDue = leads;

        var error = Assert.Throws<OptionsValidationException>(() => SlaPolicy.FromOptions(options, _ => ShanghaiDesk));

        Assert.Contains(error.Failures, f => f.StartsWith(key + ": ", StringComparison.Ordinal) && f.Contains(fragment, StringComparison.Ordinal));
    }

    [Fact]
    public void Delivery_AtTheNextOpening_WhenTheWarningFallsOnAClosingTime()
    {
        // First response 8 h from Monday 13:00: due Tuesday 12:00. Three hours before due is Monday 18:00 (closing): delivered
        // Tuesday 09:00. One hour before due is Tuesday 11:00 (open): delivered then.
        var policy = StandardBuilder(ShanghaiDesk, "v1").WarningsBeforeDue(Duration.FromHours(3), Duration.FromHours(1)).DeliverWarningsAtNextOpening().Build();
        var rules = policy.WarningRules;

        Assert.True(policy.DeliversWarningsAtNextOpening);
        var status = policy.StartClock("W-7/first", SlaMetric.FirstResponse, SlaPriority.Normal, Sh(2025, 3, 3, 13)).Evaluate(Sh(2025, 3, 4, 11, 30));
        Assert.True(status.TryGetWarningBeforeDuePassedAt(0, out var three));
        Assert.Equal(Sh(2025, 3, 3, 18), three);
        Assert.Equal(Sh(2025, 3, 4, 9), rules.DeliveryAt(ShanghaiDesk, three));
        Assert.True(status.TryGetWarningBeforeDuePassedAt(1, out var one));
        Assert.Equal(Sh(2025, 3, 4, 11), rules.DeliveryAt(ShanghaiDesk, one));

        // Over a holiday: a warning on Tuesday 18:00 before a closed Wednesday is delivered Thursday 09:00.
        Assert.Equal(Sh(2025, 3, 6, 9), rules.DeliveryAt(DeskWithHoliday, Sh(2025, 3, 4, 18)));
        Assert.Equal(Sh(2025, 3, 4, 18), SlaWarningRules.None.DeliveryAt(DeskWithHoliday, Sh(2025, 3, 4, 18)));
    }

    public static Arbitrary<(int StartMinutes, int TargetMinutes, int LeadMinutes)> LeadCases() =>
        (from start in Gen.Choose(0, 60 * 24 * 365 * 10)
         from target in Gen.Choose(2, 60 * 80)
         from lead in Gen.Choose(1, target - 1)
         select (start, target, lead)).ToArbitrary();

    [Property(Arbitrary = [typeof(SlaWarningsBeforeDueTests)])]
    public void WarningBeforeDue_LeavesExactlyItsLeadBeforeDue_AndDeliveryIsOpenAndNotEarlier_Meets_Specification((int StartMinutes, int TargetMinutes, int LeadMinutes) c)
    {
        foreach (var calendar in new[] { ShanghaiDesk, DeskWithHoliday, NewYorkNights })
        {
            var target = Duration.FromMinutes(c.TargetMinutes);
            var lead = Duration.FromMinutes(c.LeadMinutes);
            var policy = SlaPolicy.CreateBuilder("P", calendar, "v1").DefaultTarget(SlaMetric.Resolution, target)
                .WarningThresholds().WarningsBeforeDue(lead).DeliverWarningsAtNextOpening().Build();
            var start = Instant.FromUtc(2020, 1, 1, 0, 0) + Duration.FromMinutes(c.StartMinutes);
            var clock = policy.StartClock("W-P/resolution", SlaMetric.Resolution, SlaPriority.Normal, start);
            var due = clock.Evaluate(start).DueAt!.Value;
            var status = clock.Evaluate(due);

            Assert.True(status.TryGetWarningBeforeDuePassedAt(0, out var w));
            Assert.Equal(lead, calendar.BusinessTimeBetween(w, due));
            Assert.Equal(target - lead, calendar.BusinessTimeBetween(start, w));
            Assert.False(clock.Evaluate(w - Duration.FromTicks(1)).TryGetWarningBeforeDuePassedAt(0, out _));

            var delivery = policy.WarningRules.DeliveryAt(calendar, w);
            Assert.True(delivery >= w);
            Assert.True(calendar.IsOpen(delivery));
            Assert.Equal(calendar.IsOpen(w) ? w : calendar.NextOpening(w), delivery);
        }
    }

    [Property(Arbitrary = [typeof(SlaArbitraries)])]
    public void WarningsBeforeDue_Recompute_IsStableAndKeepsTheFractionalThresholds_Meets_Specification(ClockCase c)
    {
        var withLeads = StandardBuilder(ShanghaiDesk, "v1").WarningsBeforeDue(Duration.FromHours(3), Duration.FromMinutes(30)).Build();
        var clock = c.Build();
        var recomputed = clock.Recompute(withLeads);
        var again = recomputed.Recompute(withLeads);
        var plain = clock.Evaluate(c.Now);
        var status = recomputed.Evaluate(c.Now);

        // Replaying the same events under the same policy gives the same answers.
        Assert.Equal(status.NextChangeAt, again.Evaluate(c.Now).NextChangeAt);
        Assert.Equal(status.WarningsBeforeDuePassed, again.Evaluate(c.Now).WarningsBeforeDuePassed);

        // Lead-time warnings add milestones but change nothing else.
        Assert.Equal(plain.State, status.State);
        Assert.Equal(plain.Elapsed, status.Elapsed);
        Assert.Equal(plain.DueAt, status.DueAt);
        Assert.Equal(plain.BreachedAt, status.BreachedAt);
        Assert.Equal(plain.ThresholdsCrossed, status.ThresholdsCrossed);
        for (var i = 0; i < plain.ThresholdsCrossed; i++)
        {
            Assert.Equal(plain.GetThresholdCrossedAt(i), status.GetThresholdCrossedAt(i));
        }

        // A lead time shorter than the target is passed exactly when the counted time reaches target - lead.
        var leads = withLeads.WarningsBeforeDue;
        for (var j = 0; j < leads.Length; j++)
        {
            var applies = leads[j] < clock.Target;
            var passed = status.TryGetWarningBeforeDuePassedAt(j, out _);
            Assert.Equal(applies && status.Elapsed >= clock.Target - leads[j], passed);
        }
    }

    private static SlaPolicyOptions StandardOptions()
    {
        var options = new SlaPolicyOptions { Name = "Standard", Calendar = "Shanghai desk" };
        var metric = new SlaMetricOptions();
        metric.Targets["Default"] = "8h";
        options.Metrics["FirstResponse"] = metric;
        return options;
    }
}
