using Stateless.Reflection;

namespace CustomerService.Core.Tests;

/// <summary>Checks a history against the transitions a Stateless definition declares.</summary>
public static class LifecycleSpecification
{
    public static HashSet<(string From, string Trigger, string To)> DeclaredTransitions(StateMachineInfo info)
    {
        var set = new HashSet<(string, string, string)>();
        foreach (var state in info.States)
        {
            foreach (var fixedTransition in state.FixedTransitions)
            {
                set.Add((state.UnderlyingState.ToString()!, fixedTransition.Trigger.UnderlyingTrigger.ToString()!, fixedTransition.DestinationState.UnderlyingState.ToString()!));
            }
        }

        return set;
    }

    /// <summary>Every entry follows a declared transition, each starts where the previous ended, and the last ends in the current state.</summary>
    public static void AssertChained<TState, TTrigger>(TState initial, TState current, IEnumerable<(TState From, TTrigger Trigger, TState To)> history, HashSet<(string, string, string)> declared)
        where TState : struct, Enum
        where TTrigger : struct, Enum
    {
        var at = initial;
        foreach (var (from, trigger, to) in history)
        {
            Assert.Equal(at, from);
            Assert.Contains((from.ToString(), trigger.ToString(), to.ToString()), declared);
            at = to;
        }

        Assert.Equal(at, current);
    }
}
