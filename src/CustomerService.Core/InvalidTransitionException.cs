using System.Globalization;

namespace CustomerService.Core;

/// <summary>
/// Thrown when a lifecycle trigger is not permitted in the current state of a ticket, complaint or callback
/// (no transition is defined for it, or every guard of the defined transitions is unmet); nothing was changed.
/// </summary>
/// <remarks>
/// Ask first with the lifecycle's <c>CanFire</c> or <c>GetPermittedTriggers</c> when a refusal is an expected
/// business outcome; this exception is for callers that did not ask. The message names the lifecycle, the state,
/// the trigger and the permitted triggers only, never customer data.
/// </remarks>
/// <threadsafety>Instances are immutable once thrown and may be shared between threads.</threadsafety>
public sealed class InvalidTransitionException : CustomerServiceException
{
    /// <summary>Initializes a new instance of the <see cref="InvalidTransitionException"/> class.</summary>
    /// <param name="lifecycle">The name of the lifecycle, for example <c>Ticket</c>.</param>
    /// <param name="state">The state the entity is in.</param>
    /// <param name="trigger">The trigger that was refused.</param>
    /// <param name="permittedTriggers">The triggers permitted in <paramref name="state"/> at that moment.</param>
    /// <param name="unmetGuards">The descriptions of the guards that refused the trigger; empty when no transition is defined for it.</param>
    /// <exception cref="ArgumentNullException">Thrown when an argument is <see langword="null"/>.</exception>
    public InvalidTransitionException(string lifecycle, Enum state, Enum trigger, IReadOnlyList<Enum> permittedTriggers, IReadOnlyList<string> unmetGuards)
        : base(FormatMessage(lifecycle, state, trigger, permittedTriggers, unmetGuards))
    {
        Lifecycle = lifecycle;
        State = state;
        Trigger = trigger;
        PermittedTriggers = permittedTriggers;
        UnmetGuards = unmetGuards;
    }

    /// <summary>Gets the name of the lifecycle that refused the trigger.</summary>
    /// <value><c>Ticket</c>, <c>Complaint</c> or <c>Callback</c>.</value>
    public string Lifecycle { get; }

    /// <summary>Gets the state the entity was (and still is) in.</summary>
    /// <value>A value of the lifecycle's state enumeration, for example <c>TicketState.Closed</c>.</value>
    public Enum State { get; }

    /// <summary>Gets the trigger that was refused.</summary>
    /// <value>A value of the lifecycle's trigger enumeration, for example <c>TicketTrigger.Reopen</c>.</value>
    public Enum Trigger { get; }

    /// <summary>Gets the triggers that were permitted in <see cref="State"/> at that moment.</summary>
    /// <value>The permitted triggers, possibly empty (a final state).</value>
    public IReadOnlyList<Enum> PermittedTriggers { get; }

    /// <summary>Gets the descriptions of the guards that refused the trigger.</summary>
    /// <value>Empty when the trigger has no transition from <see cref="State"/>; otherwise the unmet guard descriptions, for example <c>within the reopen window</c>.</value>
    public IReadOnlyList<string> UnmetGuards { get; }

    private static string FormatMessage(string lifecycle, Enum state, Enum trigger, IReadOnlyList<Enum> permittedTriggers, IReadOnlyList<string> unmetGuards)
    {
        ArgumentNullException.ThrowIfNull(lifecycle);
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(trigger);
        ArgumentNullException.ThrowIfNull(permittedTriggers);
        ArgumentNullException.ThrowIfNull(unmetGuards);
        var permitted = permittedTriggers.Count == 0 ? "none" : string.Join(", ", permittedTriggers);
        var guards = unmetGuards.Count == 0 ? string.Empty : string.Format(CultureInfo.InvariantCulture, " Unmet guards: {0}.", string.Join("; ", unmetGuards));
        return string.Format(CultureInfo.InvariantCulture, "{0} lifecycle: trigger {1} is not permitted in state {2}. Permitted triggers: {3}.{4}", lifecycle, trigger, state, permitted, guards);
    }
}
