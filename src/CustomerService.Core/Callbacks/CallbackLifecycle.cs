using CustomerService.Core.Lifecycles;
using NodaTime;
using Stateless;
using Stateless.Graph;

namespace CustomerService.Core.Callbacks;

/// <summary>
/// The callback lifecycle's definition: which triggers are permitted in which state, under which guards, and how
/// failed attempts are retried. It decides and records; it holds no callback and does no I/O.
/// </summary>
/// <remarks>
/// Requested → Scheduled (window, contact time zone, purpose) → Due → Attempting (attempt n) → Reached → Completed.
/// No answer, busy or voicemail go back to Scheduled at the time the <see cref="Policy"/> plans (inside the contact
/// window) while attempts remain, else to Exhausted → FallbackSent (SMS, letter). A wrong number fails the callback;
/// a reschedule goes back to Scheduled; a refusal or a do-not-call request cancels it. See <c>docs/lifecycles.md</c>.
/// </remarks>
/// <threadsafety>This type is immutable and thread-safe: one instance serves all threads.</threadsafety>
public sealed class CallbackLifecycle
{
    private const string LifecycleName = "Callback";
    private readonly LifecycleDefinition<CallbackState, CallbackTrigger, GuardContext> _definition;
    private readonly IDateTimeZoneProvider _zones;

    /// <summary>Initializes a new instance of the <see cref="CallbackLifecycle"/> class.</summary>
    /// <param name="policy">How failed attempts are retried.</param>
    /// <param name="zones">Resolves <see cref="Callback.ContactTimeZoneId"/>; usually <see cref="DateTimeZoneProviders.Tzdb"/>.</param>
    /// <exception cref="ArgumentNullException">Thrown when an argument is <see langword="null"/>.</exception>
    public CallbackLifecycle(CallbackRetryPolicy policy, IDateTimeZoneProvider zones)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(zones);
        Policy = policy;
        _zones = zones;
        _definition = new(LifecycleName, CallbackState.Requested, Configure);
    }

    /// <summary>Gets how failed attempts are retried.</summary>
    /// <value>The retry policy given to the constructor.</value>
    public CallbackRetryPolicy Policy { get; }

    /// <summary>Applies a command: fires its trigger, then records its data, one history entry and the next version.</summary>
    /// <param name="callback">The callback as loaded.</param>
    /// <param name="command">What to do.</param>
    /// <param name="actor">Who does it (an agent id or a job name).</param>
    /// <param name="now">The current instant; guards read it and the history records it. An instant earlier than the entity's last recorded change is clamped to it (time is monotonic per entity; the history entry keeps the requested instant).</param>
    /// <returns>The callback at its next version; <paramref name="callback"/> itself is unchanged.</returns>
    /// <exception cref="ArgumentNullException">Thrown when an argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">Thrown when <paramref name="actor"/> is empty, the command's data is not valid, or the callback's time zone is unknown.</exception>
    /// <exception cref="InvalidTransitionException">Thrown when the trigger is not permitted now; nothing changed.</exception>
    public Callback Apply(Callback callback, CallbackCommand command, string actor, Instant now)
    {
        ArgumentNullException.ThrowIfNull(callback);
        ArgumentNullException.ThrowIfNull(command);
        Guard.Text(actor, nameof(actor));
        var at = EffectiveTime.Of(now, callback.UpdatedAt ?? callback.RequestedAt);
        var zone = _zones.GetZoneOrNull(callback.ContactTimeZoneId)
            ?? throw new ArgumentException("The callback's contact time zone is not known to the zone provider.", nameof(callback));
        command.Validate(callback, at);
        var to = _definition.Fire(callback.State, command.Trigger, new GuardContext(callback, at, Policy));
        var recorded = command.Record(callback, new CallbackCommand.RecordContext(at, to, Policy, zone));
        return recorded with
        {
            State = to,
            Version = callback.Version + 1,
            UpdatedAt = at,
            History = History.Append(callback.History, new TransitionRecord<CallbackState, CallbackTrigger>(actor, at, callback.State, to, command.Trigger, command.Reason) { RequestedAt = at == now ? null : now }),
        };
    }

    /// <summary>Tells whether a trigger is permitted for the callback now (guards included).</summary>
    /// <param name="callback">The callback.</param>
    /// <param name="trigger">The trigger.</param>
    /// <param name="now">The current instant.</param>
    /// <returns><see langword="true"/> when <see cref="Apply"/> with that trigger would not throw <see cref="InvalidTransitionException"/>.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="callback"/> is <see langword="null"/>.</exception>
    public bool CanFire(Callback callback, CallbackTrigger trigger, Instant now)
    {
        ArgumentNullException.ThrowIfNull(callback);
        return _definition.CanFire(callback.State, trigger, new GuardContext(callback, now, Policy));
    }

    /// <summary>Lists the triggers permitted for the callback now (guards included).</summary>
    /// <param name="callback">The callback.</param>
    /// <param name="now">The current instant.</param>
    /// <returns>The permitted triggers in declaration order; empty in a final state.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="callback"/> is <see langword="null"/>.</exception>
    public IReadOnlyList<CallbackTrigger> GetPermittedTriggers(Callback callback, Instant now)
    {
        ArgumentNullException.ThrowIfNull(callback);
        return _definition.GetPermittedTriggers(callback.State, new GuardContext(callback, now, Policy));
    }

    /// <summary>Formats the definition as a Mermaid state diagram (generated from the code, for the docs).</summary>
    /// <returns>The diagram's Mermaid text.</returns>
    public string ToMermaid() => MermaidGraph.Format(_definition.GetInfo());

    /// <summary>Describes the definition for tests and tools.</summary>
    internal Stateless.Reflection.StateMachineInfo GetInfo() => _definition.GetInfo();

    private static void Configure(StateMachine<CallbackState, CallbackTrigger> machine, Func<GuardContext> context)
    {
        const string AttemptsRemain = "attempts remain";
        const string NoAttemptsLeft = "no attempts left";
        bool Remain() => context().AttemptsRemain;
        bool Exhausted() => !context().AttemptsRemain;

        machine.Configure(CallbackState.Requested)
            .Permit(CallbackTrigger.Schedule, CallbackState.Scheduled)
            .Permit(CallbackTrigger.DoNotCall, CallbackState.Cancelled);

        machine.Configure(CallbackState.Scheduled)
            .PermitIf(CallbackTrigger.BecomeDue, CallbackState.Due, () => context().DueReached, "due time reached")
            .PermitReentry(CallbackTrigger.Reschedule)
            .Permit(CallbackTrigger.DoNotCall, CallbackState.Cancelled);

        machine.Configure(CallbackState.Due)
            .Permit(CallbackTrigger.StartAttempt, CallbackState.Attempting)
            .Permit(CallbackTrigger.Reschedule, CallbackState.Scheduled)
            .Permit(CallbackTrigger.DoNotCall, CallbackState.Cancelled);

        var attempting = machine.Configure(CallbackState.Attempting)
            .Permit(CallbackTrigger.Reach, CallbackState.Reached)
            .Permit(CallbackTrigger.WrongNumber, CallbackState.Failed);
        foreach (var failed in (CallbackTrigger[])[CallbackTrigger.NoAnswer, CallbackTrigger.Busy, CallbackTrigger.Voicemail])
        {
            attempting
                .PermitIf(failed, CallbackState.Scheduled, Remain, AttemptsRemain)
                .PermitIf(failed, CallbackState.Exhausted, Exhausted, NoAttemptsLeft);
        }

        machine.Configure(CallbackState.Reached)
            .Permit(CallbackTrigger.Complete, CallbackState.Completed)
            .Permit(CallbackTrigger.Reschedule, CallbackState.Scheduled)
            .Permit(CallbackTrigger.Refuse, CallbackState.Cancelled)
            .Permit(CallbackTrigger.DoNotCall, CallbackState.Cancelled);

        machine.Configure(CallbackState.Exhausted)
            .Permit(CallbackTrigger.SendFallback, CallbackState.FallbackSent)
            .Permit(CallbackTrigger.DoNotCall, CallbackState.Cancelled);

        machine.Configure(CallbackState.Completed);
        machine.Configure(CallbackState.FallbackSent);
        machine.Configure(CallbackState.Failed);
        machine.Configure(CallbackState.Cancelled);
    }

    private readonly record struct GuardContext(Callback Callback, Instant Now, CallbackRetryPolicy Policy)
    {
        public bool AttemptsRemain => Callback.AttemptCount < Policy.MaxAttempts;

        public bool DueReached => Callback.DueAt is { } due && due <= Now;
    }
}
