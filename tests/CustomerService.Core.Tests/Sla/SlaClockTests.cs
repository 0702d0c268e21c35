using CustomerService.Core.Calendars;
using CustomerService.Core.Sla;
using NodaTime;
using static CustomerService.Core.Tests.Sla.SlaTestData;

namespace CustomerService.Core.Tests.Sla;

/// <summary>Worked examples of SLA clocks on the Shanghai desk (Monday to Friday 09:00–12:00, 13:00–18:00); 2025-03-03 is a Monday.</summary>
public sealed partial class SlaClockTests
{
    private static readonly SlaPriority Normal = SlaPriority.Normal;

    [Fact]
    public void Evaluate_RunningInBusinessHours_ReportsElapsedRemainingAndDue()
    {
        var clock = Standard.StartClock("T-1/first-response", SlaMetric.FirstResponse, Normal, Sh(2025, 3, 3, 10));

        var status = clock.Evaluate(Sh(2025, 3, 3, 11, 30));

        Assert.Equal(SlaClockState.Running, status.State);
        Assert.True(status.IsCounting);
        Assert.Equal(Duration.FromMinutes(90), status.Elapsed);
        Assert.Equal(Duration.FromMinutes(390), status.Remaining);
        Assert.Equal(Duration.Zero, status.OverdueBy);

        // 8 business hours from Monday 10:00: 2 h before lunch, 5 h in the afternoon, 1 h on Tuesday morning.
        Assert.Equal(Sh(2025, 3, 4, 10), status.DueAt);
        Assert.Null(status.BreachedAt);
    }

    [Fact]
    public void Evaluate_OverLunchAndNight_CountsOnlyOpenTime()
    {
        var clock = Standard.StartClock("T-1/first-response", SlaMetric.FirstResponse, Normal, Sh(2025, 3, 3, 11));

        // Monday 11:00–12:00 (1 h) and 13:00–18:00 (5 h), then Tuesday 09:00–09:30.
        var status = clock.Evaluate(Sh(2025, 3, 4, 9, 30));

        Assert.Equal(Duration.FromMinutes(6 * 60 + 30), status.Elapsed);
    }

    [Fact]
    public void Evaluate_StartedOutsideBusinessHours_StartsCountingAtTheNextOpening()
    {
        var clock = Standard.StartClock("T-2/first-response", SlaMetric.FirstResponse, SlaPriority.Urgent, Sh(2025, 3, 7, 20));

        var status = clock.Evaluate(Sh(2025, 3, 9, 12));

        // Friday evening and the weekend are closed: nothing counted yet, due on Monday at 11:00.
        Assert.Equal(Duration.Zero, status.Elapsed);
        Assert.Equal(SlaClockState.Running, status.State);
        Assert.Equal(Sh(2025, 3, 10, 11), status.DueAt);
    }

    [Fact]
    public void Evaluate_PausedWithinBusinessHours_PushesTheDueTimeByThePausedOpenTime()
    {
        var clock = Standard.CreateClock("T-3/first-response", SlaMetric.FirstResponse, Normal,
        [
            SlaClockEvent.Started(Sh(2025, 3, 3, 10)),
            SlaClockEvent.Paused(Sh(2025, 3, 3, 11), SlaWaitReason.PendingOnCustomer),
        ]);

        var paused = clock.Evaluate(Sh(2025, 3, 3, 14));
        Assert.Equal(SlaClockState.Paused, paused.State);
        Assert.False(paused.IsCounting);
        Assert.Equal(Duration.FromHours(1), paused.Elapsed);
        Assert.Null(paused.DueAt);
        Assert.Null(paused.NextChangeAt);

        var resumed = clock.Append(SlaClockEvent.Resumed(Sh(2025, 3, 3, 15))).Evaluate(Sh(2025, 3, 3, 15));

        // 1 h counted before the pause; 7 h left from Monday 15:00: 3 h on Monday, 3 h Tuesday morning, 1 h after lunch.
        Assert.Equal(SlaClockState.Running, resumed.State);
        Assert.Equal(Sh(2025, 3, 4, 14), resumed.DueAt);
    }

    [Fact]
    public void Evaluate_PausedOutsideBusinessHours_LeavesTheDueTimeUnchanged()
    {
        var start = Sh(2025, 3, 3, 17);
        var plain = Standard.StartClock("T-4/first-response", SlaMetric.FirstResponse, Normal, start);
        var paused = Standard.CreateClock("T-4/first-response", SlaMetric.FirstResponse, Normal,
        [
            SlaClockEvent.Started(start),
            SlaClockEvent.Paused(Sh(2025, 3, 3, 19), SlaWaitReason.PendingOnCustomer),
            SlaClockEvent.Resumed(Sh(2025, 3, 4, 8)),
        ]);

        var now = Sh(2025, 3, 4, 8);

        // 8 h from Monday 17:00: 1 h on Monday, 3 h Tuesday morning, 4 h after lunch.
        Assert.Equal(Sh(2025, 3, 4, 17), plain.Evaluate(now).DueAt);
        Assert.Equal(Sh(2025, 3, 4, 17), paused.Evaluate(now).DueAt);
        Assert.Equal(Duration.FromHours(1), paused.Evaluate(now).Elapsed);
    }

    [Fact]
    public void Evaluate_WaitForAReasonThePolicyDoesNotPauseFor_KeepsRunning()
    {
        var clock = Standard.CreateClock("T-5/first-response", SlaMetric.FirstResponse, Normal,
        [
            SlaClockEvent.Started(Sh(2025, 3, 3, 9)),
            SlaClockEvent.Paused(Sh(2025, 3, 3, 10), SlaWaitReason.WaitingOnThirdParty),
        ]);

        var status = clock.Evaluate(Sh(2025, 3, 3, 11));

        Assert.Equal(SlaClockState.Running, status.State);
        Assert.Equal(Duration.FromHours(2), status.Elapsed);
        Assert.Equal(Sh(2025, 3, 3, 18), status.DueAt);
    }

    [Fact]
    public void Evaluate_DispatchedToDepartment_PausesOnlyTheMetricsThePolicyNames()
    {
        SlaClockEvent[] events =
        [
            SlaClockEvent.Started(Sh(2025, 3, 3, 9)),
            SlaClockEvent.Paused(Sh(2025, 3, 3, 10), SlaWaitReason.DispatchedToDepartment),
        ];
        var resolution = Standard.CreateClock("T-6/resolution", SlaMetric.Resolution, Normal, events);
        var firstResponse = Standard.CreateClock("T-6/first-response", SlaMetric.FirstResponse, Normal, events);

        var now = Sh(2025, 3, 3, 16);

        Assert.Equal(SlaClockState.Paused, resolution.Evaluate(now).State);
        Assert.Equal(Duration.FromHours(1), resolution.Evaluate(now).Elapsed);
        Assert.Equal(SlaClockState.Running, firstResponse.Evaluate(now).State);
        Assert.Equal(Duration.FromHours(6), firstResponse.Evaluate(now).Elapsed);
    }

    [Fact]
    public void Evaluate_ResetPerReply_StartsAFreshCycleFromZero()
    {
        var clock = Standard.CreateClock("T-7/next-response", SlaMetric.NextResponse, Normal,
        [
            SlaClockEvent.Started(Sh(2025, 3, 3, 9)),
            SlaClockEvent.Met(Sh(2025, 3, 3, 10)),
        ]);
        Assert.Equal(SlaClockState.Met, clock.Evaluate(Sh(2025, 3, 3, 12)).State);

        var next = clock.Append(SlaClockEvent.Reset(Sh(2025, 3, 3, 14)));
        var status = next.Evaluate(Sh(2025, 3, 3, 15));

        Assert.Equal(2, next.Cycle);
        Assert.Equal(SlaClockState.Running, status.State);
        Assert.Equal(Duration.FromHours(1), status.Elapsed);
        Assert.Equal(Sh(2025, 3, 3, 18), status.DueAt);
        Assert.Equal(0, next.BreachedCycles);
    }

    [Fact]
    public void Evaluate_ResetAfterABreachedCycle_CountsTheBreachAndStartsClean()
    {
        var clock = Standard.CreateClock("T-8/next-response", SlaMetric.NextResponse, Normal,
        [
            SlaClockEvent.Started(Sh(2025, 3, 3, 9)),
            SlaClockEvent.Reset(Sh(2025, 3, 3, 15)),
        ]);

        var status = clock.Evaluate(Sh(2025, 3, 3, 16));

        Assert.Equal(1, clock.BreachedCycles);
        Assert.Equal(SlaClockState.Running, status.State);
        Assert.Null(status.BreachedAt);
        Assert.Equal(0, status.ThresholdsCrossed);
        Assert.Equal(Duration.FromHours(1), status.Elapsed);
    }

    [Fact]
    public void Evaluate_ResetWhileWaitingOnTheCustomer_StartsTheNewCyclePaused()
    {
        var clock = Standard.CreateClock("T-9/next-response", SlaMetric.NextResponse, Normal,
        [
            SlaClockEvent.Started(Sh(2025, 3, 3, 9)),
            SlaClockEvent.Paused(Sh(2025, 3, 3, 10), SlaWaitReason.PendingOnCustomer),
            SlaClockEvent.Reset(Sh(2025, 3, 3, 11)),
        ]);

        var status = clock.Evaluate(Sh(2025, 3, 3, 17));

        Assert.Equal(SlaClockState.Paused, status.State);
        Assert.Equal(Duration.Zero, status.Elapsed);
    }

    [Fact]
    public void Evaluate_BreachedBeforeAPause_StaysBreachedWhilePaused()
    {
        var clock = Standard.CreateClock("T-10/first-response", SlaMetric.FirstResponse, SlaPriority.Urgent,
        [
            SlaClockEvent.Started(Sh(2025, 3, 3, 9)),
            SlaClockEvent.Paused(Sh(2025, 3, 3, 12, 30), SlaWaitReason.PendingOnCustomer),
        ]);

        var status = clock.Evaluate(Sh(2025, 3, 5, 10));

        // 2 business hours from 09:00 end at 11:00; the clock counted until 12:00 and was paused during lunch.
        Assert.Equal(SlaClockState.Breached, status.State);
        Assert.False(status.IsCounting);
        Assert.Equal(Sh(2025, 3, 3, 11), status.BreachedAt);
        Assert.Equal(Duration.FromHours(3), status.Elapsed);
        Assert.Equal(Duration.FromHours(1), status.OverdueBy);
        Assert.Equal(Duration.Zero, status.Remaining);
        Assert.Null(status.NextChangeAt);
    }

    [Fact]
    public void Evaluate_PausedBeforeItsDue_NeverBreachesWhilePaused()
    {
        var clock = Standard.CreateClock("T-11/first-response", SlaMetric.FirstResponse, SlaPriority.Urgent,
        [
            SlaClockEvent.Started(Sh(2025, 3, 3, 9)),
            SlaClockEvent.Paused(Sh(2025, 3, 3, 10, 30), SlaWaitReason.PendingOnCustomer),
        ]);

        var status = clock.Evaluate(Sh(2025, 4, 30, 10));

        Assert.Equal(SlaClockState.Paused, status.State);
        Assert.Null(status.BreachedAt);
        Assert.Equal(Duration.FromMinutes(30), status.Remaining);
    }

    [Fact]
    public void Evaluate_DueAtAClosingTime_BreachesAtTheClosingTimeNotAtTheNextOpening()
    {
        var clock = Standard.StartClock("T-12/first-response", SlaMetric.FirstResponse, SlaPriority.Urgent, Sh(2025, 3, 3, 16));

        Assert.Equal(Sh(2025, 3, 3, 18), clock.Evaluate(Sh(2025, 3, 3, 16)).DueAt);
        Assert.Equal(SlaClockState.Running, clock.Evaluate(Sh(2025, 3, 3, 18) - Duration.FromTicks(1)).State);
        var atClosing = clock.Evaluate(Sh(2025, 3, 3, 18));
        Assert.Equal(SlaClockState.Breached, atClosing.State);
        Assert.Equal(Sh(2025, 3, 3, 18), atClosing.BreachedAt);
        Assert.Null(atClosing.NextChangeAt);
    }

    [Fact]
    public void Evaluate_WarningLandingOnAClosingTime_IsCrossedAtTheClosingTime()
    {
        var policy = SlaPolicy.CreateBuilder("Two days", ShanghaiDesk, "v1")
            .DefaultTarget(SlaMetric.Resolution, Duration.FromHours(16))
            .Build();
        var clock = policy.StartClock("T-13/resolution", SlaMetric.Resolution, Normal, Sh(2025, 3, 3, 9));

        // 50 % of 16 h is 8 h: Monday 09:00–12:00 and 13:00–18:00 end exactly at the Monday closing time.
        var morning = clock.Evaluate(Sh(2025, 3, 3, 10));
        Assert.Equal(Sh(2025, 3, 3, 18), morning.NextChangeAt);

        var justBefore = clock.Evaluate(Sh(2025, 3, 3, 18) - Duration.FromTicks(1));
        Assert.Equal(0, justBefore.ThresholdsCrossed);

        var atClosing = clock.Evaluate(Sh(2025, 3, 3, 18));
        Assert.Equal(1, atClosing.ThresholdsCrossed);
        Assert.Equal(0.5, atClosing.HighestThresholdCrossed);
        Assert.Equal(Sh(2025, 3, 3, 18), atClosing.GetThresholdCrossedAt(0));

        // 75 % = 12 h: Tuesday 09:00–12:00 and 13:00–14:00; 90 % = 14.4 h: Tuesday 16:24; the due time is Tuesday's closing.
        Assert.Equal(Sh(2025, 3, 4, 14), atClosing.NextChangeAt);
        var late = clock.Evaluate(Sh(2025, 3, 4, 17));
        Assert.Equal(3, late.ThresholdsCrossed);
        Assert.Equal(Sh(2025, 3, 4, 14), late.GetThresholdCrossedAt(1));
        Assert.Equal(Sh(2025, 3, 4, 16, 24), late.GetThresholdCrossedAt(2));
        Assert.Equal(Sh(2025, 3, 4, 18), late.NextChangeAt);
        Assert.Equal(Sh(2025, 3, 4, 18), late.DueAt);
    }

    [Fact]
    public void Evaluate_NightShiftAcrossSpringForward_CountsTheShortenedShift()
    {
        var policy = SlaPolicy.CreateBuilder("Nights", NewYorkNights, "v1")
            .DefaultTarget(SlaMetric.Resolution, Duration.FromHours(8))
            .DefaultTarget(SlaMetric.FirstResponse, Duration.FromHours(8), SlaTimeBasis.CalendarTime)
            .Build();

        // Saturday 2025-03-08 22:00 EST = 2025-03-09 03:00Z; the shift ends at 06:00 EDT = 10:00Z, 7 hours later.
        var start = Instant.FromUtc(2025, 3, 9, 3, 0);
        var business = policy.StartClock("N-1/resolution", SlaMetric.Resolution, Normal, start);
        var wallClock = policy.StartClock("N-1/first-response", SlaMetric.FirstResponse, Normal, start);

        Assert.Equal(Duration.FromHours(7), business.Evaluate(Instant.FromUtc(2025, 3, 9, 12, 0)).Elapsed);

        // The eighth hour is the first hour of Sunday's shift: 22:00–23:00 EDT = 02:00–03:00Z on Monday.
        Assert.Equal(Instant.FromUtc(2025, 3, 10, 3, 0), business.Evaluate(start).DueAt);
        Assert.Equal(Instant.FromUtc(2025, 3, 9, 11, 0), wallClock.Evaluate(start).DueAt);
    }

    [Fact]
    public void Evaluate_NightShiftAcrossFallBack_CountsTheRepeatedHour()
    {
        var policy = SlaPolicy.CreateBuilder("Nights", NewYorkNights, "v1")
            .DefaultTarget(SlaMetric.Resolution, Duration.FromHours(9))
            .Build();

        // Saturday 2025-11-01 22:00 EDT = 2025-11-02 02:00Z; the shift ends at 06:00 EST = 11:00Z, 9 hours later.
        var start = Instant.FromUtc(2025, 11, 2, 2, 0);
        var clock = policy.StartClock("N-2/resolution", SlaMetric.Resolution, Normal, start);

        Assert.Equal(Instant.FromUtc(2025, 11, 2, 11, 0), clock.Evaluate(start).DueAt);
        Assert.Equal(Duration.FromHours(9), clock.Evaluate(Instant.FromUtc(2025, 11, 2, 20, 0)).Elapsed);
    }

    [Fact]
    public void Evaluate_MetBeforeTheDue_IsMet()
    {
        var clock = Standard.StartClock("T-14/first-response", SlaMetric.FirstResponse, Normal, Sh(2025, 3, 3, 9))
            .Append(SlaClockEvent.Met(Sh(2025, 3, 3, 17, 59)));

        var status = clock.Evaluate(Sh(2025, 3, 10, 9));

        Assert.Equal(SlaClockState.Met, status.State);
        Assert.False(status.IsCounting);
        Assert.Equal(Duration.FromMinutes(7 * 60 + 59), status.Elapsed);
        Assert.Null(status.BreachedAt);
        Assert.Null(status.DueAt);
        Assert.Equal(3, status.ThresholdsCrossed);
    }

    [Fact]
    public void Evaluate_MetExactlyAtTheDue_IsBreached()
    {
        var clock = Standard.StartClock("T-15/first-response", SlaMetric.FirstResponse, Normal, Sh(2025, 3, 3, 9))
            .Append(SlaClockEvent.Met(Sh(2025, 3, 3, 18)));

        var status = clock.Evaluate(Sh(2025, 3, 3, 18));

        Assert.Equal(SlaClockState.Breached, status.State);
        Assert.Equal(Sh(2025, 3, 3, 18), status.BreachedAt);
        Assert.Equal(Duration.Zero, status.OverdueBy);
    }

    [Fact]
    public void Evaluate_RunningPastItsDue_KeepsCountingTheOverdueTime()
    {
        var clock = Standard.StartClock("T-16/first-response", SlaMetric.FirstResponse, SlaPriority.Urgent, Sh(2025, 3, 3, 9));

        var status = clock.Evaluate(Sh(2025, 3, 3, 15));

        Assert.Equal(SlaClockState.Breached, status.State);
        Assert.True(status.IsCounting);
        Assert.Equal(Sh(2025, 3, 3, 11), status.BreachedAt);
        Assert.Equal(Sh(2025, 3, 3, 11), status.DueAt);
        Assert.Equal(Duration.FromHours(3), status.OverdueBy);
    }

    [Fact]
    public void Evaluate_Cancelled_ReportsCancelledAndNoNextChange()
    {
        var clock = Standard.StartClock("T-17/resolution", SlaMetric.Resolution, Normal, Sh(2025, 3, 3, 9))
            .Append(SlaClockEvent.Cancelled(Sh(2025, 3, 3, 10)));

        var status = clock.Evaluate(Sh(2025, 3, 20, 9));

        Assert.Equal(SlaClockState.Cancelled, status.State);
        Assert.Null(status.NextChangeAt);
        Assert.Null(status.DueAt);
        Assert.Equal(Duration.FromHours(1), status.Elapsed);
    }

    [Fact]
    public void Evaluate_BeforeTheLastEvent_AnswersFromTheEventsUpToThatInstant()
    {
        var clock = Standard.CreateClock("T-18/first-response", SlaMetric.FirstResponse, Normal,
        [
            SlaClockEvent.Started(Sh(2025, 3, 3, 9)),
            SlaClockEvent.Paused(Sh(2025, 3, 3, 10), SlaWaitReason.PendingOnCustomer),
            SlaClockEvent.Resumed(Sh(2025, 3, 3, 14)),
        ]);

        var during = clock.Evaluate(Sh(2025, 3, 3, 11));
        var before = clock.Evaluate(Sh(2025, 3, 3, 9, 30));

        Assert.Equal(SlaClockState.Paused, during.State);
        Assert.Equal(Duration.FromHours(1), during.Elapsed);
        Assert.Equal(SlaClockState.Running, before.State);
        Assert.Equal(Duration.FromMinutes(30), before.Elapsed);
    }

    [Fact]
    public void Evaluate_BeforeTheStart_ThrowsNamingTheClock()
    {
        var clock = Standard.StartClock("T-19/first-response", SlaMetric.FirstResponse, Normal, Sh(2025, 3, 3, 9));

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => clock.Evaluate(Sh(2025, 3, 3, 8)));

        Assert.Equal("now", error.ParamName);
        Assert.Contains("T-19/first-response", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_RunningClockWithFourPauses_AllocatesNothing()
    {
        var clock = Standard.CreateClock("T-20/resolution", SlaMetric.Resolution, Normal,
        [
            SlaClockEvent.Started(Sh(2025, 3, 3, 9)),
            SlaClockEvent.Paused(Sh(2025, 3, 3, 10), SlaWaitReason.PendingOnCustomer),
            SlaClockEvent.Resumed(Sh(2025, 3, 3, 11)),
            SlaClockEvent.Paused(Sh(2025, 3, 3, 12), SlaWaitReason.DispatchedToDepartment),
            SlaClockEvent.Resumed(Sh(2025, 3, 4, 9)),
            SlaClockEvent.Paused(Sh(2025, 3, 4, 10), SlaWaitReason.PendingOnCustomer),
            SlaClockEvent.Resumed(Sh(2025, 3, 4, 14)),
            SlaClockEvent.Paused(Sh(2025, 3, 4, 15), SlaWaitReason.PendingOnCustomer),
            SlaClockEvent.Resumed(Sh(2025, 3, 5, 9)),
        ]);
        var now = Sh(2025, 3, 6, 10);
        var status = clock.Evaluate(now);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            status = clock.Evaluate(now);
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.Equal(SlaClockState.Running, status.State);
    }

    [Fact]
    public void Recompute_CalendarWithANewHoliday_MovesTheDueTimeAndRecordsTheNewVersion()
    {
        var clock = Standard.StartClock("T-21/resolution", SlaMetric.Resolution, Normal, Sh(2025, 3, 3, 9));
        var edited = BusinessCalendar.CreateBuilder("Shanghai desk", Shanghai)
            .OpenWeekdays(new LocalTime(9, 0), new LocalTime(12, 0))
            .OpenWeekdays(new LocalTime(13, 0), new LocalTime(18, 0))
            .Closed(new LocalDate(2025, 3, 4))
            .Build();

        var recomputed = clock.Recompute(Standard.WithCalendar(edited, "v2"));

        // 24 business hours = three 8-hour days: Monday, Tuesday, Wednesday; with Tuesday closed, Thursday instead.
        Assert.Equal(Sh(2025, 3, 5, 18), clock.Evaluate(Sh(2025, 3, 3, 9)).DueAt);
        Assert.Equal(Sh(2025, 3, 6, 18), recomputed.Evaluate(Sh(2025, 3, 3, 9)).DueAt);
        Assert.Equal("v1", clock.CalendarVersion);
        Assert.Equal("v2", recomputed.CalendarVersion);
        Assert.Equal(clock.Events.ToArray(), recomputed.Events.ToArray());
    }

    [Fact]
    public void CalendarVersion_WithoutATag_IsAFingerprintThatFollowsTheOpenHours()
    {
        var same = BusinessCalendar.CreateBuilder("Shanghai desk", Shanghai)
            .OpenWeekdays(new LocalTime(9, 0), new LocalTime(12, 0))
            .OpenWeekdays(new LocalTime(13, 0), new LocalTime(18, 0))
            .Build();
        var edited = BusinessCalendar.CreateBuilder("Shanghai desk", Shanghai)
            .OpenWeekdays(new LocalTime(9, 0), new LocalTime(12, 0))
            .OpenWeekdays(new LocalTime(13, 0), new LocalTime(18, 0))
            .Closed(new LocalDate(2030, 10, 1))
            .Build();

        var a = Standard.WithCalendar(ShanghaiDesk).CalendarVersion;
        var b = Standard.WithCalendar(same).CalendarVersion;
        var c = Standard.WithCalendar(edited).CalendarVersion;

        Assert.StartsWith("fp:", a, StringComparison.Ordinal);
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    [Theory]
    [InlineData(SlaClockEventKind.Paused)]
    [InlineData(SlaClockEventKind.Resumed)]
    [InlineData(SlaClockEventKind.Met)]
    public void CreateClock_EventsOutOfOrder_ThrowsNamingTheClock(SlaClockEventKind kind)
    {
        var start = Sh(2025, 3, 3, 10);
        var earlier = start - Duration.FromMinutes(1);
        SlaClockEvent[] events = [SlaClockEvent.Started(start), kind == SlaClockEventKind.Paused ? SlaClockEvent.Paused(earlier, SlaWaitReason.PendingOnCustomer) : new SlaClockEvent(kind, earlier)];

        var error = Assert.Throws<InvalidSlaEventException>(() => Standard.CreateClock("T-22/first-response", SlaMetric.FirstResponse, Normal, events));

        Assert.Equal("T-22/first-response", error.ClockId);
        Assert.Equal(1, error.EventIndex);
        Assert.Contains("T-22/first-response", error.Message, StringComparison.Ordinal);
        Assert.Contains("out of order", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Append_PauseWhilePaused_ThrowsAndLeavesTheClockUnchanged()
    {
        var clock = Standard.StartClock("T-23/resolution", SlaMetric.Resolution, Normal, Sh(2025, 3, 3, 9))
            .Append(SlaClockEvent.Paused(Sh(2025, 3, 3, 10), SlaWaitReason.PendingOnCustomer));

        var error = Assert.Throws<InvalidSlaEventException>(() => clock.Append(SlaClockEvent.Paused(Sh(2025, 3, 3, 11), SlaWaitReason.WaitingOnThirdParty)));

        Assert.Equal(SlaClockEventKind.Paused, error.EventKind);
        Assert.Equal(2, error.EventIndex);
        Assert.Contains("already paused", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, clock.Events.Length);
        Assert.Equal(SlaClockState.Paused, clock.Evaluate(Sh(2025, 3, 3, 12)).State);
    }

    [Fact]
    public void Append_ResumeWhileRunning_ThrowsNamingTheClock()
    {
        var clock = Standard.StartClock("T-24/resolution", SlaMetric.Resolution, Normal, Sh(2025, 3, 3, 9));

        var error = Assert.Throws<InvalidSlaEventException>(() => clock.Append(SlaClockEvent.Resumed(Sh(2025, 3, 3, 10))));

        Assert.Equal("T-24/resolution", error.ClockId);
        Assert.Equal(Sh(2025, 3, 3, 10), error.At);
        Assert.Contains("not paused", error.Message, StringComparison.Ordinal);
        Assert.Single(clock.Events);
    }

    [Fact]
    public void Append_ResetOfAMetricThatRunsOnce_Throws()
    {
        var clock = Standard.StartClock("T-25/first-response", SlaMetric.FirstResponse, Normal, Sh(2025, 3, 3, 9));

        var error = Assert.Throws<InvalidSlaEventException>(() => clock.Append(SlaClockEvent.Reset(Sh(2025, 3, 3, 10))));

        Assert.Equal(SlaClockEventKind.Reset, error.EventKind);
        Assert.Contains("FirstResponse runs once", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Append_AnyEventAfterCancellation_Throws()
    {
        var clock = Standard.StartClock("T-26/resolution", SlaMetric.Resolution, Normal, Sh(2025, 3, 3, 9))
            .Append(SlaClockEvent.Cancelled(Sh(2025, 3, 3, 10)));

        Assert.Throws<InvalidSlaEventException>(() => clock.Append(SlaClockEvent.Met(Sh(2025, 3, 3, 11))));
        Assert.Throws<InvalidSlaEventException>(() => clock.Append(SlaClockEvent.Cancelled(Sh(2025, 3, 3, 11))));
    }

    [Fact]
    public void Append_MetTwiceOrStartedTwice_Throws()
    {
        var clock = Standard.StartClock("T-27/resolution", SlaMetric.Resolution, Normal, Sh(2025, 3, 3, 9));

        Assert.Throws<InvalidSlaEventException>(() => clock.Append(SlaClockEvent.Started(Sh(2025, 3, 3, 10))));
        Assert.Throws<InvalidSlaEventException>(() => clock.Append(SlaClockEvent.Met(Sh(2025, 3, 3, 10))).Append(SlaClockEvent.Met(Sh(2025, 3, 3, 11))));
    }

    [Fact]
    public void StartClock_DueBeyondTheCalendarsRange_ThrowsNamingTheClock()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() =>
            Standard.StartClock("T-30/resolution", SlaMetric.Resolution, Normal, BusinessCalendar.MaxSupportedInstant - Duration.FromHours(1)));

        Assert.Contains("T-30/resolution", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Events_OfAClock_AreTheEventsItWasBuiltFrom()
    {
        SlaClockEvent[] events = [SlaClockEvent.Started(Sh(2025, 3, 3, 9)), SlaClockEvent.Paused(Sh(2025, 3, 3, 10), SlaWaitReason.WaitingOnThirdParty)];

        var clock = Standard.CreateClock("T-31/resolution", SlaMetric.Resolution, Normal, events);
        events[1] = SlaClockEvent.Met(Sh(2025, 3, 3, 11));

        Assert.Equal(SlaClockEventKind.Paused, clock.Events[1].Kind);
        Assert.Equal(Sh(2025, 3, 3, 9), clock.StartedAt);
        Assert.Equal(Sh(2025, 3, 3, 10), clock.LastEventAt);
        Assert.Equal("Standard", clock.PolicyName);
        Assert.Equal(SlaTimeBasis.BusinessTime, clock.Basis);
        Assert.Equal(Duration.FromHours(24), clock.Target);
        Assert.Equal("SlaClock T-31/resolution (Resolution, Normal)", clock.ToString());
    }

    [Fact]
    public void CreateClock_FirstEventIsNotStarted_Throws()
    {
        var error = Assert.Throws<InvalidSlaEventException>(() =>
            Standard.CreateClock("T-28/resolution", SlaMetric.Resolution, Normal, [SlaClockEvent.Paused(Sh(2025, 3, 3, 9), SlaWaitReason.PendingOnCustomer)]));

        Assert.Equal(0, error.EventIndex);
        Assert.Contains("first event must be Started", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CreateClock_NoEventsOrNoIdentifier_ThrowsArgumentException()
    {
        Assert.Throws<ArgumentException>(() => Standard.CreateClock("T-29", SlaMetric.Resolution, Normal, []));
        Assert.Throws<ArgumentException>(() => Standard.StartClock(string.Empty, SlaMetric.Resolution, Normal, Sh(2025, 3, 3, 9)));
        Assert.Throws<ArgumentNullException>(() => Standard.StartClock(null!, SlaMetric.Resolution, Normal, Sh(2025, 3, 3, 9)));
    }
}
