using NodaTime;

namespace CustomerService.Core;

/// <summary>One entry of a lifecycle's history: who fired which trigger when, from which state to which, and why.</summary>
/// <typeparam name="TState">The lifecycle's state enumeration.</typeparam>
/// <typeparam name="TTrigger">The lifecycle's trigger enumeration.</typeparam>
/// <param name="Actor">The identifier of who fired the trigger (an agent id, a system job name); never personal data.</param>
/// <param name="At">The instant the transition was committed.</param>
/// <param name="From">The state before the transition.</param>
/// <param name="To">The state after the transition (equal to <paramref name="From"/> for a re-entry such as an agent reply).</param>
/// <param name="Trigger">The trigger that was fired.</param>
/// <param name="Reason">A short code or note recorded with the transition (a resolution code, a cancel reason), or <see langword="null"/>.</param>
/// <threadsafety>This type is an immutable value type and may be shared freely between threads.</threadsafety>
public readonly record struct TransitionRecord<TState, TTrigger>(string Actor, Instant At, TState From, TState To, TTrigger Trigger, string? Reason)
    where TState : struct, Enum
    where TTrigger : struct, Enum;
