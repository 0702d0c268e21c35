namespace CustomerService.Core.Testing.Internal;

/// <summary>The faults configured on one wrapper and its call counters; every member takes one lock.</summary>
internal sealed class FaultPlan
{
    private readonly Lock _gate = new();
    private readonly List<Rule> _rules = [];
    private readonly long[] _calls = new long[Enum.GetValues<StoreOperation>().Length + 1];
    private long _injected;

    public long Calls(StoreOperation operation)
    {
        lock (_gate)
        {
            return _calls[(int)operation];
        }
    }

    public long Injected
    {
        get
        {
            lock (_gate)
            {
                return _injected;
            }
        }
    }

    /// <summary>Adds a fault for the <paramref name="times"/> next matching calls (<see langword="null"/>: every matching call until cleared).</summary>
    public void Add(StoreOperation operation, FaultTiming timing, int? times, long? callNumber = null, IReadOnlySet<string>? ids = null)
    {
        if (!Enum.IsDefined(timing))
        {
            throw new ArgumentOutOfRangeException(nameof(timing), timing, "The timing must be a defined FaultTiming value.");
        }

        if (times is { } count)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count, nameof(times));
        }

        lock (_gate)
        {
            _rules.Add(new Rule(operation, timing, callNumber, ids) { Remaining = times });
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _rules.Clear();
        }
    }

    /// <summary>Counts a call and returns the fault it must suffer, if any (the fault is counted as injected).</summary>
    public (long Call, FaultTiming? Fault) Enter(StoreOperation operation, string? id)
    {
        lock (_gate)
        {
            var call = ++_calls[(int)operation];
            for (var i = 0; i < _rules.Count; i++)
            {
                var rule = _rules[i];
                if (rule.Operation != operation
                    || (rule.CallNumber is { } number && number != call)
                    || (rule.Ids is { } ids && (id is null || !ids.Contains(id))))
                {
                    continue;
                }

                if (rule.Remaining is { } remaining)
                {
                    if (remaining == 1)
                    {
                        _rules.RemoveAt(i);
                    }
                    else
                    {
                        rule.Remaining = remaining - 1;
                    }
                }

                _injected++;
                return (call, rule.Timing);
            }

            return (call, null);
        }
    }

    /// <summary>Runs a call through the plan: a fault before it, the wrapped call, a fault after it.</summary>
    public async ValueTask<T> RunAsync<T>(StoreOperation operation, string? id, Func<ValueTask<T>> call)
    {
        var (number, fault) = Enter(operation, id);
        if (fault == FaultTiming.BeforeCall)
        {
            throw new InjectedFaultException(operation, FaultTiming.BeforeCall, number);
        }

        var result = await call().ConfigureAwait(false);
        return fault == FaultTiming.AfterCall ? throw new InjectedFaultException(operation, FaultTiming.AfterCall, number) : result;
    }

    private sealed class Rule(StoreOperation operation, FaultTiming timing, long? callNumber, IReadOnlySet<string>? ids)
    {
        public StoreOperation Operation { get; } = operation;

        public FaultTiming Timing { get; } = timing;

        public long? CallNumber { get; } = callNumber;

        public IReadOnlySet<string>? Ids { get; } = ids;

        public int? Remaining { get; set; }
    }
}
