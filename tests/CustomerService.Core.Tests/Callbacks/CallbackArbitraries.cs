using CustomerService.Core.Callbacks;
using FsCheck;
using FsCheck.Fluent;
using NodaTime;

namespace CustomerService.Core.Tests.Callbacks;

/// <summary>One step of a random callback script: a trigger and how many minutes pass before it.</summary>
public readonly record struct CallbackStep(CallbackTrigger Trigger, int MinutesLater);

/// <summary>A random sequence of callback triggers, applied from a requested callback.</summary>
public sealed record CallbackScript(CallbackStep[] Steps)
{
    public override string ToString() => string.Join(" → ", Steps.Select(s => $"{s.Trigger}(+{s.MinutesLater}m)"));
}

/// <summary>Generators, sample commands and a policy for callback tests.</summary>
public static class CallbackArbitraries
{
    /// <summary>Monday 2 March 2026, 10:00 in Shanghai.</summary>
    public static readonly Instant Start = Instant.FromUtc(2026, 3, 2, 2, 0);

    public static readonly DateTimeZone Shanghai = DateTimeZoneProviders.Tzdb["Asia/Shanghai"];

    public static readonly CallbackRetryPolicy Policy = new(3, [Duration.FromMinutes(30), Duration.FromHours(2)], CallbackRetryPolicy.DailyLocalHours(new LocalTime(8, 0), new LocalTime(21, 0)));

    public static Arbitrary<CallbackScript> Scripts() =>
        (from trigger in Gen.Elements(Enum.GetValues<CallbackTrigger>())
         from minutes in Gen.Elements(0, 1, 45, 180, 24 * 60)
         select new CallbackStep(trigger, minutes))
        .ArrayOf()
        .Select(steps => new CallbackScript(steps))
        .ToArbitrary();

    public static CallbackCommand CommandFor(CallbackTrigger trigger, Instant now) => trigger switch
    {
        CallbackTrigger.Schedule => new CallbackCommand.Schedule(now + Duration.FromHours(1), now + Duration.FromHours(3)),
        CallbackTrigger.BecomeDue => new CallbackCommand.BecomeDue(),
        CallbackTrigger.StartAttempt => new CallbackCommand.StartAttempt(),
        CallbackTrigger.Reach => new CallbackCommand.Reach(),
        CallbackTrigger.NoAnswer => new CallbackCommand.NoAnswer(),
        CallbackTrigger.Busy => new CallbackCommand.Busy(),
        CallbackTrigger.Voicemail => new CallbackCommand.Voicemail(),
        CallbackTrigger.WrongNumber => new CallbackCommand.WrongNumber(),
        CallbackTrigger.Complete => new CallbackCommand.Complete(CallbackOutcome.Satisfied),
        CallbackTrigger.Reschedule => new CallbackCommand.Reschedule(now + Duration.FromDays(1), now + Duration.FromDays(1) + Duration.FromHours(2)),
        CallbackTrigger.Refuse => new CallbackCommand.Refuse(),
        CallbackTrigger.DoNotCall => new CallbackCommand.DoNotCall(),
        CallbackTrigger.SendFallback => new CallbackCommand.SendFallback(CallbackFallbackChannel.Sms),
        _ => throw new ArgumentOutOfRangeException(nameof(trigger)),
    };

    public static Callback NewCallback(string id = "CB-1") => Callback.Create(new CallbackId(id), CallbackPurpose.SatisfactionCheck, Shanghai, Start);
}
