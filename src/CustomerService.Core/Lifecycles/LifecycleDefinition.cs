using System.Collections.Concurrent;
using Stateless;
using Stateless.Reflection;

namespace CustomerService.Core.Lifecycles;

/// <summary>
/// Runs a Stateless definition against states held outside the machine. Configuring a machine is the expensive
/// part (about 2 µs and 7.6 KB), so configured machines are pooled and re-pointed at the caller's state through
/// Stateless's state accessor: each firing rents a machine, sets the state and the guard context, fires, reads the
/// destination and returns the machine. The aggregate is changed by the caller only after firing succeeded.
/// </summary>
/// <typeparam name="TState">The state enumeration.</typeparam>
/// <typeparam name="TTrigger">The trigger enumeration.</typeparam>
/// <typeparam name="TContext">What the guards read (the entity and the current instant); guards must be pure.</typeparam>
internal sealed class LifecycleDefinition<TState, TTrigger, TContext>
    where TState : struct, Enum
    where TTrigger : struct, Enum
{
    private readonly string _name;
    private readonly TState _initialState;
    private readonly Action<StateMachine<TState, TTrigger>, Func<TContext>> _configure;
    private static readonly TTrigger[] AllTriggers = Enum.GetValues<TTrigger>();
    private readonly ConcurrentQueue<Runner> _pool = new();

    // False only to measure the alternative (a machine configured for every transition) in the benchmarks.
    private readonly bool _poolMachines;

    // The destination of every (state, trigger) the machine handles with exactly one unguarded transition out of a state
    // without actions, superstate or substates: firing it can do nothing but move to that state.
    private readonly Dictionary<(TState State, TTrigger Trigger), TState> _unguarded;

    public LifecycleDefinition(string name, TState initialState, Action<StateMachine<TState, TTrigger>, Func<TContext>> configure, bool poolMachines = true)
    {
        _poolMachines = poolMachines;
        _name = name;
        _initialState = initialState;
        _configure = configure;
        var first = new Runner(this); // Fail fast on a broken definition.
        _unguarded = poolMachines ? Unguarded(first.Machine.GetInfo()) : [];
        _pool.Enqueue(first);
    }

    public string Name => _name;

    /// <summary>Gets the (state, trigger) pairs answered without running a machine (for the tests).</summary>
    internal IReadOnlyCollection<(TState State, TTrigger Trigger)> UnguardedTransitions => _unguarded.Keys;

    /// <summary>Fires <paramref name="trigger"/> from <paramref name="state"/> and returns the destination state.</summary>
    /// <exception cref="InvalidTransitionException">Thrown when the trigger is not permitted.</exception>
    public TState Fire(TState state, TTrigger trigger, TContext context)
    {
        // An unguarded transition of a plain state has one outcome, which the machine itself described: no need to run it.
        if (_unguarded.TryGetValue((state, trigger), out var destination))
        {
            return destination;
        }

        var runner = Rent();
        try
        {
            runner.Point(state, context);
            runner.Machine.Fire(trigger);
            return runner.State;
        }
        finally
        {
            Return(runner);
        }
    }

    public bool CanFire(TState state, TTrigger trigger, TContext context)
    {
        var runner = Rent();
        try
        {
            runner.Point(state, context);
            return runner.Machine.CanFire(trigger);
        }
        finally
        {
            Return(runner);
        }
    }

    public IReadOnlyList<TTrigger> GetPermittedTriggers(TState state, TContext context)
    {
        var runner = Rent();
        try
        {
            runner.Point(state, context);
            return Permitted(runner.Machine);
        }
        finally
        {
            Return(runner);
        }
    }

    /// <summary>Describes the definition (states, triggers, guard descriptions) with a freshly built machine.</summary>
    public StateMachineInfo GetInfo() => new Runner(this).Machine.GetInfo();

    // Asks CanFire for every trigger (guards included) rather than the obsolete synchronous listing.
    private static TTrigger[] Permitted(StateMachine<TState, TTrigger> machine)
    {
        var permitted = new List<TTrigger>(AllTriggers.Length);
        foreach (var trigger in AllTriggers)
        {
            if (machine.CanFire(trigger))
            {
                permitted.Add(trigger);
            }
        }

        return [.. permitted];
    }

    /// <summary>
    /// Reads the transitions whose outcome needs no machine from the machine's own description (Stateless's reflection):
    /// one fixed transition for the trigger, no guard, no dynamic or ignored transition for it, and a state with no entry,
    /// exit, activate or deactivate action and no superstate or substate. Everything else (guards, unhandled triggers
    /// with their exception) still runs on a pooled machine.
    /// </summary>
    /// <remarks>The configure delegates register no transition callbacks (<c>OnTransitioned</c>), which the description would not show.</remarks>
    private static Dictionary<(TState State, TTrigger Trigger), TState> Unguarded(StateMachineInfo info)
    {
        var table = new Dictionary<(TState State, TTrigger Trigger), TState>();
        foreach (var state in info.States)
        {
            if (state.Superstate is not null || state.Substates.Any() || state.EntryActions.Any() || state.ExitActions.Any()
                || state.ActivateActions.Any() || state.DeactivateActions.Any())
            {
                continue;
            }

            foreach (var trigger in AllTriggers)
            {
                var transitions = state.FixedTransitions.Where(t => Equals(t.Trigger.UnderlyingTrigger, trigger)).ToList();
                if (transitions.Count == 1
                    && !transitions[0].GuardConditionsMethodDescriptions.Any()
                    && !state.DynamicTransitions.Any(t => Equals(t.Trigger.UnderlyingTrigger, trigger))
                    && !state.IgnoredTriggers.Any(t => Equals(t.Trigger.UnderlyingTrigger, trigger)))
                {
                    table[((TState)state.UnderlyingState, trigger)] = (TState)transitions[0].DestinationState.UnderlyingState;
                }
            }
        }

        return table;
    }

    private Runner Rent() => _poolMachines && _pool.TryDequeue(out var runner) ? runner : new Runner(this);

    private void Return(Runner runner)
    {
        if (!_poolMachines)
        {
            return;
        }

        runner.Point(_initialState, default!);
        _pool.Enqueue(runner);
    }

    private sealed class Runner
    {
        private TContext _context = default!;

        public Runner(LifecycleDefinition<TState, TTrigger, TContext> owner)
        {
            State = owner._initialState;
            Machine = new StateMachine<TState, TTrigger>(() => State, s => State = s, FiringMode.Immediate);
            owner._configure(Machine, () => _context);
            var machine = Machine;
            var name = owner._name;
            Machine.OnUnhandledTrigger((state, trigger, unmetGuards) =>
                throw new InvalidTransitionException<TState, TTrigger>(
                    name,
                    state,
                    trigger,
                    Permitted(machine),
                    unmetGuards?.ToArray() ?? []));
        }

        public TState State { get; private set; }

        public StateMachine<TState, TTrigger> Machine { get; }

        public void Point(TState state, TContext context)
        {
            State = state;
            _context = context;
        }
    }
}
