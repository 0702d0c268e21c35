using System.Globalization;

namespace CustomerService.Core;

/// <summary>
/// Thrown when a lifecycle trigger is not permitted in the current state of a ticket, complaint or callback
/// (no transition is defined for it, or every guard of the defined transitions is unmet); nothing was changed.
/// </summary>
/// <remarks>
/// <para>
/// The thrown type is always <see cref="InvalidTransitionException{TState, TTrigger}"/>, whose <c>State</c>, <c>Trigger</c>
/// and <c>PermittedTriggers</c> are typed (<c>catch (InvalidTransitionException&lt;TicketState, TicketTrigger&gt; e) when
/// (e.State == TicketState.Closed)</c>). Catch this base type to handle any lifecycle's refusal in one place; it carries
/// the names.
/// </para>
/// <para>
/// Ask first with the lifecycle's <c>CanFire</c> or <c>GetPermittedTriggers</c> when a refusal is an expected business
/// outcome; this exception is for callers that did not ask. The message names the lifecycle, the state, the trigger and
/// the permitted triggers only, never customer data.
/// </para>
/// </remarks>
/// <threadsafety>Instances are immutable once thrown and may be shared between threads.</threadsafety>
public abstract class InvalidTransitionException : CustomerServiceException
{
    private protected InvalidTransitionException(string lifecycle, string stateName, string triggerName, IReadOnlyList<string> permittedTriggerNames, IReadOnlyList<string> unmetGuards)
        : base(FormatMessage(lifecycle, stateName, triggerName, permittedTriggerNames, unmetGuards))
    {
        Lifecycle = lifecycle;
        StateName = stateName;
        TriggerName = triggerName;
        PermittedTriggerNames = permittedTriggerNames;
        UnmetGuards = unmetGuards;
    }

    /// <summary>Gets the name of the lifecycle that refused the trigger.</summary>
    /// <value><c>Ticket</c>, <c>Complaint</c> or <c>Callback</c>.</value>
    public string Lifecycle { get; }

    /// <summary>Gets the name of the state the entity was (and still is) in.</summary>
    /// <value>For example <c>Closed</c>.</value>
    public string StateName { get; }

    /// <summary>Gets the name of the trigger that was refused.</summary>
    /// <value>For example <c>Reopen</c>.</value>
    public string TriggerName { get; }

    /// <summary>Gets the names of the triggers that were permitted in that state at that moment.</summary>
    /// <value>The permitted triggers' names, possibly empty (a final state).</value>
    public IReadOnlyList<string> PermittedTriggerNames { get; }

    /// <summary>Gets the descriptions of the guards that refused the trigger.</summary>
    /// <value>Empty when the trigger has no transition from the state; otherwise the unmet guard descriptions, for example <c>within the reopen window</c>.</value>
    public IReadOnlyList<string> UnmetGuards { get; }

    private static string FormatMessage(string lifecycle, string state, string trigger, IReadOnlyList<string> permittedTriggers, IReadOnlyList<string> unmetGuards)
    {
        var permitted = permittedTriggers.Count == 0 ? "none" : string.Join(", ", permittedTriggers);
        var guards = unmetGuards.Count == 0 ? string.Empty : string.Format(CultureInfo.InvariantCulture, " Unmet guards: {0}.", string.Join("; ", unmetGuards));
        return string.Format(CultureInfo.InvariantCulture, "{0} lifecycle: trigger {1} is not permitted in state {2}. Permitted triggers: {3}.{4}", lifecycle, trigger, state, permitted, guards);
    }
}

/// <summary>
/// Thrown when a trigger of a lifecycle with states <typeparamref name="TState"/> and triggers <typeparamref name="TTrigger"/>
/// is not permitted now; nothing was changed. Its state, trigger and permitted triggers are typed.
/// </summary>
/// <typeparam name="TState">The lifecycle's state enumeration, for example <c>TicketState</c>.</typeparam>
/// <typeparam name="TTrigger">The lifecycle's trigger enumeration, for example <c>TicketTrigger</c>.</typeparam>
/// <threadsafety>Instances are immutable once thrown and may be shared between threads.</threadsafety>
public sealed class InvalidTransitionException<TState, TTrigger> : InvalidTransitionException
    where TState : struct, Enum
    where TTrigger : struct, Enum
{
    /// <summary>Initializes a new instance of the <see cref="InvalidTransitionException{TState, TTrigger}"/> class.</summary>
    /// <param name="lifecycle">The name of the lifecycle, for example <c>Ticket</c>.</param>
    /// <param name="state">The state the entity is in.</param>
    /// <param name="trigger">The trigger that was refused.</param>
    /// <param name="permittedTriggers">The triggers permitted in <paramref name="state"/> at that moment.</param>
    /// <param name="unmetGuards">The descriptions of the guards that refused the trigger; empty when no transition is defined for it.</param>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="lifecycle"/>, <paramref name="permittedTriggers"/> or <paramref name="unmetGuards"/> is <see langword="null"/>.</exception>
    public InvalidTransitionException(string lifecycle, TState state, TTrigger trigger, IReadOnlyList<TTrigger> permittedTriggers, IReadOnlyList<string> unmetGuards)
        : base(
            lifecycle ?? throw new ArgumentNullException(nameof(lifecycle)),
            state.ToString(),
            trigger.ToString(),
            (permittedTriggers ?? throw new ArgumentNullException(nameof(permittedTriggers))).Select(t => t.ToString()).ToArray(),
            unmetGuards ?? throw new ArgumentNullException(nameof(unmetGuards)))
    {
        State = state;
        Trigger = trigger;
        PermittedTriggers = [.. permittedTriggers];
    }

    /// <summary>Gets the state the entity was (and still is) in.</summary>
    /// <value>A value of the lifecycle's state enumeration.</value>
    public TState State { get; }

    /// <summary>Gets the trigger that was refused.</summary>
    /// <value>A value of the lifecycle's trigger enumeration.</value>
    public TTrigger Trigger { get; }

    /// <summary>Gets the triggers that were permitted in <see cref="State"/> at that moment.</summary>
    /// <value>The permitted triggers, possibly empty (a final state).</value>
    public IReadOnlyList<TTrigger> PermittedTriggers { get; }
}
