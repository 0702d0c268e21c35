using NodaTime;

namespace CustomerService.Core;

/// <summary>One entry of a lifecycle's history: who fired which trigger when, from which state to which, and why.</summary>
/// <typeparam name="TState">The lifecycle's state enumeration.</typeparam>
/// <typeparam name="TTrigger">The lifecycle's trigger enumeration.</typeparam>
/// <param name="Actor">The identifier of who fired the trigger (an agent id, a system job name); never personal data.</param>
/// <param name="At">The instant the transition was recorded: the command's instant, or the entity's last recorded instant when the command's was earlier (see <see cref="RequestedAt"/>).</param>
/// <param name="From">The state before the transition.</param>
/// <param name="To">The state after the transition (equal to <paramref name="From"/> for a re-entry such as an agent reply).</param>
/// <param name="Trigger">The trigger that was fired.</param>
/// <param name="Reason">A short code or note recorded with the transition (a resolution code, a cancel reason), or <see langword="null"/>.</param>
/// <threadsafety>This type is an immutable value type and may be shared freely between threads.</threadsafety>
public readonly record struct TransitionRecord<TState, TTrigger>(string Actor, Instant At, TState From, TState To, TTrigger Trigger, string? Reason)
    where TState : struct, Enum
    where TTrigger : struct, Enum
{
    /// <summary>Gets the instant the command asked for, when it was earlier than the entity's last recorded change and was clamped to it.</summary>
    /// <value>
    /// <see langword="null"/> normally. Time is monotonic per entity: a command whose instant is earlier than the entity's
    /// last recorded one (a second server whose clock is behind) is recorded at that last instant, and its own instant is kept here.
    /// </value>
    public Instant? RequestedAt { get; init; }
}
