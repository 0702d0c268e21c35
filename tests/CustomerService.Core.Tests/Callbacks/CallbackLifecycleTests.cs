using CustomerService.Core.Callbacks;
using FsCheck.Xunit;
using NodaTime;

namespace CustomerService.Core.Tests.Callbacks;

public sealed class CallbackLifecycleTests
{
    private static readonly Instant T0 = CallbackArbitraries.Start;
    private static readonly DateTimeZone Shanghai = CallbackArbitraries.Shanghai;
    private readonly CallbackLifecycle _lifecycle = new(CallbackArbitraries.Policy, DateTimeZoneProviders.Tzdb);

    // The specification, written out by hand, with every guard holding (attempts remaining, due time reached).
    public static TheoryData<CallbackState, CallbackTrigger[]> PermittedByState() => new()
    {
        { CallbackState.Requested, [CallbackTrigger.Schedule, CallbackTrigger.DoNotCall] },
        { CallbackState.Scheduled, [CallbackTrigger.BecomeDue, CallbackTrigger.Reschedule, CallbackTrigger.DoNotCall] },
        { CallbackState.Due, [CallbackTrigger.StartAttempt, CallbackTrigger.Reschedule, CallbackTrigger.DoNotCall] },
        { CallbackState.Attempting, [CallbackTrigger.Reach, CallbackTrigger.NoAnswer, CallbackTrigger.Busy, CallbackTrigger.Voicemail, CallbackTrigger.WrongNumber] },
        { CallbackState.Reached, [CallbackTrigger.Complete, CallbackTrigger.Reschedule, CallbackTrigger.Refuse, CallbackTrigger.DoNotCall] },
        { CallbackState.Completed, [] },
        { CallbackState.Exhausted, [CallbackTrigger.DoNotCall, CallbackTrigger.SendFallback] },
        { CallbackState.FallbackSent, [] },
        { CallbackState.Failed, [] },
        { CallbackState.Cancelled, [] },
    };

    [Fact]
    public void Apply_ReachedOnFirstAttempt_CompletesWithTheOutcome()
    {
        var callback = Apply(CallbackArbitraries.NewCallback(), T0, new CallbackCommand.Schedule(T0 + Duration.FromHours(2), T0 + Duration.FromHours(4)));
        Assert.Equal(CallbackState.Scheduled, callback.State);
        Assert.Equal(T0 + Duration.FromHours(2), callback.DueAt);

        var at = T0 + Duration.FromHours(2);
        callback = Apply(callback, at, new CallbackCommand.BecomeDue(), new CallbackCommand.StartAttempt(), new CallbackCommand.Reach(), new CallbackCommand.Complete(CallbackOutcome.Converted));
        Assert.Equal(CallbackState.Completed, callback.State);
        Assert.Equal(CallbackOutcome.Converted, callback.Outcome);
        Assert.Equal(1, callback.AttemptCount);
        Assert.Equal(5, callback.Version);
        Assert.Equal(at, callback.EndedAt);
    }

    [Fact]
    public void Apply_BecomeDueBeforeTheDueTime_ThrowsNamingTheGuard()
    {
        var callback = Apply(CallbackArbitraries.NewCallback(), T0, new CallbackCommand.Schedule(T0 + Duration.FromHours(2), T0 + Duration.FromHours(4)));
        var error = Assert.Throws<InvalidTransitionException<CallbackState, CallbackTrigger>>(() => _lifecycle.Apply(callback, new CallbackCommand.BecomeDue(), "dialler", T0 + Duration.FromHours(1)));
        Assert.Equal(["due time reached"], error.UnmetGuards);
        Assert.Equal(CallbackState.Scheduled, callback.State);
    }

    [Fact]
    public void Apply_NoAnswerUntilExhausted_RetriesByPolicyInsideTheContactWindowThenFallsBack()
    {
        // 20:00 in Shanghai: the first retry (+30 min) still fits before 21:00, the second (+2 h) moves to 08:00 next day.
        var evening = Instant.FromUtc(2026, 3, 2, 12, 0);
        var callback = Apply(CallbackArbitraries.NewCallback(), evening, new CallbackCommand.Schedule(evening, evening + Duration.FromHours(1)), new CallbackCommand.BecomeDue(), new CallbackCommand.StartAttempt(), new CallbackCommand.NoAnswer());
        Assert.Equal(CallbackState.Scheduled, callback.State);
        Assert.Equal(evening + Duration.FromMinutes(30), callback.DueAt);

        var second = evening + Duration.FromMinutes(30);
        callback = Apply(callback, second, new CallbackCommand.BecomeDue(), new CallbackCommand.StartAttempt(), new CallbackCommand.Busy());
        Assert.Equal(new LocalDateTime(2026, 3, 3, 8, 0), callback.DueAt!.Value.InZone(Shanghai).LocalDateTime);

        var third = callback.DueAt!.Value;
        callback = Apply(callback, third, new CallbackCommand.BecomeDue(), new CallbackCommand.StartAttempt(), new CallbackCommand.Voicemail());
        Assert.Equal(CallbackState.Exhausted, callback.State);
        Assert.Equal(3, callback.AttemptCount);
        Assert.Null(callback.DueAt);

        callback = Apply(callback, third, new CallbackCommand.SendFallback(CallbackFallbackChannel.Letter));
        Assert.Equal((CallbackState.FallbackSent, CallbackFallbackChannel.Letter), (callback.State, callback.FallbackChannel!.Value));
        Assert.Equal(
            [CallbackTrigger.Schedule, CallbackTrigger.BecomeDue, CallbackTrigger.StartAttempt, CallbackTrigger.NoAnswer, CallbackTrigger.BecomeDue, CallbackTrigger.StartAttempt, CallbackTrigger.Busy, CallbackTrigger.BecomeDue, CallbackTrigger.StartAttempt, CallbackTrigger.Voicemail, CallbackTrigger.SendFallback],
            callback.History.Select(h => h.Trigger));
    }

    [Fact]
    public void Apply_WrongNumber_Fails()
    {
        var callback = Apply(CallbackArbitraries.NewCallback(), T0, new CallbackCommand.Schedule(T0, T0 + Duration.FromHours(1)), new CallbackCommand.BecomeDue(), new CallbackCommand.StartAttempt(), new CallbackCommand.WrongNumber());
        Assert.Equal(CallbackState.Failed, callback.State);
        Assert.Empty(_lifecycle.GetPermittedTriggers(callback, T0));
    }

    [Fact]
    public void Apply_RescheduleWhenReached_SchedulesAgainAndResetsTheAttempts()
    {
        var tomorrow = T0 + Duration.FromDays(1);
        var callback = Apply(CallbackArbitraries.NewCallback(), T0, new CallbackCommand.Schedule(T0, T0 + Duration.FromHours(1)), new CallbackCommand.BecomeDue(), new CallbackCommand.StartAttempt(), new CallbackCommand.Reach(), new CallbackCommand.Reschedule(tomorrow, tomorrow + Duration.FromHours(2)));
        Assert.Equal(CallbackState.Scheduled, callback.State);
        Assert.Equal(0, callback.AttemptCount);
        Assert.Equal(tomorrow, callback.DueAt);
        Assert.Equal((tomorrow, tomorrow + Duration.FromHours(2)), (callback.WindowStart!.Value, callback.WindowEnd!.Value));
    }

    [Fact]
    public void Apply_ScheduleForTheNight_MovesTheDueTimeToTheNextOpening()
    {
        var night = Instant.FromUtc(2026, 3, 2, 15, 0); // 23:00 in Shanghai
        var callback = Apply(CallbackArbitraries.NewCallback(), T0, new CallbackCommand.Schedule(night, night + Duration.FromHours(12)));
        Assert.Equal(new LocalDateTime(2026, 3, 3, 8, 0), callback.DueAt!.Value.InZone(Shanghai).LocalDateTime);
    }

    [Theory]
    [InlineData(CallbackState.Reached, CallbackTrigger.Refuse)]
    [InlineData(CallbackState.Scheduled, CallbackTrigger.DoNotCall)]
    [InlineData(CallbackState.Exhausted, CallbackTrigger.DoNotCall)]
    public void Apply_RefusalOrDoNotCall_Cancels(CallbackState state, CallbackTrigger trigger)
    {
        var callback = CallbackArbitraries.NewCallback() with { State = state };
        var cancelled = _lifecycle.Apply(callback, CallbackArbitraries.CommandFor(trigger, T0), "agent", T0);
        Assert.Equal(CallbackState.Cancelled, cancelled.State);
        Assert.Equal(T0, cancelled.EndedAt);
    }

    [Theory]
    [MemberData(nameof(PermittedByState))]
    public void GetPermittedTriggers_EveryState_MatchesTheSpecification(CallbackState state, CallbackTrigger[] expected)
    {
        var callback = CallbackArbitraries.NewCallback() with { State = state, DueAt = T0 };
        Assert.Equal(expected, _lifecycle.GetPermittedTriggers(callback, T0));
    }

    [Theory]
    [MemberData(nameof(PermittedByState))]
    public void Apply_EveryTriggerNotPermitted_ThrowsTypedExceptionAndChangesNothing(CallbackState state, CallbackTrigger[] permitted)
    {
        var callback = CallbackArbitraries.NewCallback() with { State = state, DueAt = T0 };
        foreach (var trigger in Enum.GetValues<CallbackTrigger>().Except(permitted))
        {
            Assert.False(_lifecycle.CanFire(callback, trigger, T0));
            var error = Assert.Throws<InvalidTransitionException<CallbackState, CallbackTrigger>>(() => _lifecycle.Apply(callback, CallbackArbitraries.CommandFor(trigger, T0), "a", T0));
            Assert.Equal(("Callback", (Enum)state, (Enum)trigger), (error.Lifecycle, error.State, error.Trigger));
            Assert.Equal(permitted, error.PermittedTriggers.Cast<CallbackTrigger>());
        }

        Assert.Equal(0, callback.Version);
    }

    [Fact]
    public void Apply_UnknownTimeZone_ThrowsArgumentException()
    {
        var callback = CallbackArbitraries.NewCallback() with { ContactTimeZoneId = "Mars/Olympus" };
        Assert.Equal("callback", Assert.Throws<ArgumentException>(() => _lifecycle.Apply(callback, new CallbackCommand.DoNotCall(), "a", T0)).ParamName);
    }

    [Fact]
    public void Apply_ScheduleWithEmptyWindow_ThrowsArgumentException()
    {
        var error = Assert.Throws<ArgumentException>(() => _lifecycle.Apply(CallbackArbitraries.NewCallback(), new CallbackCommand.Schedule(T0, T0), "a", T0));
        Assert.Contains("WindowEnd", error.Message, StringComparison.Ordinal);
    }

    [Property(Arbitrary = [typeof(CallbackArbitraries)], MaxTest = 200)]
    public void Apply_RandomTriggerSequences_Meets_Specification(CallbackScript script)
    {
        var declared = LifecycleSpecification.DeclaredTransitions(_lifecycle.GetInfo());
        var callback = CallbackArbitraries.NewCallback();
        var now = T0;
        foreach (var step in script.Steps)
        {
            now += Duration.FromMinutes(step.MinutesLater);
            var command = CallbackArbitraries.CommandFor(step.Trigger, now);
            if (_lifecycle.CanFire(callback, step.Trigger, now))
            {
                callback = _lifecycle.Apply(callback, command, "a", now);
            }
            else
            {
                var before = callback;
                Assert.Throws<InvalidTransitionException<CallbackState, CallbackTrigger>>(() => _lifecycle.Apply(before, command, "a", now));
                Assert.Same(before, callback);
            }
        }

        Assert.Equal(callback.Version, callback.History.Count);
        Assert.InRange(callback.AttemptCount, 0, CallbackArbitraries.Policy.MaxAttempts);
        Assert.Equal(callback.State is CallbackState.Scheduled or CallbackState.Due, callback.DueAt is not null);
        if (callback.DueAt is { } due)
        {
            var local = due.InZone(Shanghai).TimeOfDay;
            Assert.True(local >= new LocalTime(8, 0) && local < new LocalTime(21, 0), $"due at {local}");
        }

        LifecycleSpecification.AssertChained(CallbackState.Requested, callback.State, callback.History.Select(h => (h.From, h.Trigger, h.To)), declared);
    }

    private Callback Apply(Callback callback, Instant now, params CallbackCommand[] commands)
    {
        foreach (var command in commands)
        {
            callback = _lifecycle.Apply(callback, command, "agent-5", now);
        }

        return callback;
    }
}
