namespace CustomerService.Core.Sla;

/// <content>Met clocks stay met: the judgements of cycles completed before a re-selection.</content>
public sealed partial record SlaClockRecord
{
    private readonly ValueArray<SlaClockJudgement> _judgements = ValueArray<SlaClockJudgement>.Empty;

    /// <summary>Gets what the clock's cycles completed before a change of the case's policy, priority or calendar were judged under, oldest first.</summary>
    /// <value>
    /// The default value is an empty list: every cycle is judged under the case's current policy (also for records stored
    /// before judgements existed). Any list given is kept as an immutable copy with value equality; <see langword="null"/>
    /// reads as empty. The services add one entry per re-selection that follows newly completed cycles.
    /// </value>
    /// <remarks>
    /// <see cref="SlaClockSet.CreateClocks(SlaCatalog)"/> and <see cref="SlaClockSet.CompletedCycles(SlaCatalog)"/> honour
    /// them; the overloads taking one <see cref="SlaPolicy"/> judge every cycle under that policy (a what-if view).
    /// </remarks>
    public IReadOnlyList<SlaClockJudgement> Judgements
    {
        get => _judgements;
        init => _judgements = value is null ? ValueArray<SlaClockJudgement>.Empty : ValueArray<SlaClockJudgement>.From(value);
    }

    /// <summary>How many cycles the events complete: each <see cref="SlaClockEventKind.Met"/>, and each reset before a met event in its cycle (as the clock counts them).</summary>
    internal int CountCompletedCycles()
    {
        var completed = 0;
        var met = false;
        foreach (var e in _events.Span)
        {
            switch (e.Kind)
            {
                case SlaClockEventKind.Started:
                    met = false;
                    break;
                case SlaClockEventKind.Met:
                    completed++;
                    met = true;
                    break;
                case SlaClockEventKind.Reset:
                    completed += met ? 0 : 1;
                    met = false;
                    break;
            }
        }

        return completed;
    }

    /// <summary>The judgement of a completed cycle (1 for the first), or <see langword="null"/> when the case's current policy judges it.</summary>
    internal SlaClockJudgement? JudgementOf(int cycle)
    {
        foreach (var judgement in _judgements.Span)
        {
            if (cycle <= judgement.Cycles)
            {
                return judgement;
            }
        }

        return null;
    }
}

/// <content>Met clocks stay met: building clocks and outcomes as judged.</content>
public sealed partial record SlaClockSet
{
    /// <summary>
    /// Rebuilds the current clock of every metric as the case's clocks are judged: under the policy and calendar the catalog
    /// holds for the set, except that a clock whose current cycle was completed before a re-selection is judged under the
    /// policy, priority and calendar it was completed under (<see cref="SlaClockRecord.Judgements"/>: met clocks stay met).
    /// </summary>
    /// <param name="catalog">The catalog holding the set's policy and calendar.</param>
    /// <returns>
    /// The current clock of each metric, in the order they were started; metrics without a target are left out. Empty when the
    /// catalog no longer holds the set's policy or calendar (the services then leave the clocks as stored). A judgement whose
    /// policy or calendar is gone from the catalog falls back to the current policy.
    /// </returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="catalog"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidSlaEventException">Thrown when stored events are not a valid history.</exception>
    public IReadOnlyList<SlaClock> CreateClocks(SlaCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        if (!catalog.TryGetPolicy(this, out var policy))
        {
            return [];
        }

        var priority = new SlaPriority(Priority);
        var clocks = new List<SlaClock>(Clocks.Count);
        for (var i = 0; i < Clocks.Count; i++)
        {
            var record = Clocks[i];
            if (!ReferenceEquals(Find(record.Metric), record))
            {
                continue;
            }

            if (record.Judgements.Count > 0 && record.IsMetInCycle && Judged(catalog, record, record.JudgementOf(record.CountCompletedCycles()), out var then, out var thenPriority))
            {
                clocks.Add(record.CreateClock(then, thenPriority));
            }
            else if (policy.TryGetTarget(record.Metric, priority, out _))
            {
                clocks.Add(record.CreateClock(policy, priority));
            }
        }

        return clocks;
    }

    /// <summary>
    /// Lists the outcome of every completed cycle of every clock of the case as judged: cycles completed before a re-selection
    /// under the policy, priority and calendar they were completed under (<see cref="SlaClockRecord.Judgements"/>: met clocks
    /// stay met), the others under the policy and calendar the catalog holds for the set.
    /// </summary>
    /// <remarks>
    /// This is what SLA compliance reports should read (<c>SlaOutcome.FromCycle</c>): a reply answered in 3 hours under a
    /// 4-hour target stays met after the case is upgraded to a 1-hour target. Each outcome carries the priority, due and
    /// breach instants of the target it was judged against. See <see cref="CompletedCycles(SlaPolicy)"/> for the order and
    /// identity of outcomes.
    /// </remarks>
    /// <param name="catalog">The catalog holding the set's policy and calendar and those of its judgements.</param>
    /// <returns>
    /// The outcomes, clock by clock in the order they were started, each clock's cycles in order. Empty when the catalog no
    /// longer holds the set's policy or calendar. Cycles whose judgement names a policy or calendar gone from the catalog are
    /// judged under the current policy; cycles of a metric no applicable policy has a target for are left out.
    /// </returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="catalog"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidSlaEventException">Thrown when stored events are not a valid history.</exception>
    public IReadOnlyList<SlaCycleOutcome> CompletedCycles(SlaCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        if (!catalog.TryGetPolicy(this, out var policy))
        {
            return [];
        }

        var priority = new SlaPriority(Priority);
        var outcomes = new List<SlaCycleOutcome>();
        foreach (var record in Clocks)
        {
            var judged = 0;
            foreach (var judgement in record.Judgements)
            {
                if (judgement.Cycles > judged)
                {
                    if (Judged(catalog, record, judgement, out var then, out var thenPriority))
                    {
                        AddCycles(outcomes, record.CreateClock(then, thenPriority), judged, judgement.Cycles);
                    }
                    else if (policy.TryGetTarget(record.Metric, priority, out _))
                    {
                        AddCycles(outcomes, record.CreateClock(policy, priority), judged, judgement.Cycles);
                    }

                    judged = judgement.Cycles;
                }
            }

            if (policy.TryGetTarget(record.Metric, priority, out _))
            {
                AddCycles(outcomes, record.CreateClock(policy, priority), judged, int.MaxValue);
            }
        }

        return outcomes;
    }

    /// <summary>
    /// The set with the cycles completed so far under its current policy, priority and calendar judged under them: called
    /// before a re-selection changes any of these, so that met clocks stay met.
    /// </summary>
    /// <param name="current">The set's current policy (its targets decide which metrics it judged).</param>
    internal SlaClockSet JudgeCompletedCycles(SlaPolicy current)
    {
        var priority = new SlaPriority(Priority);
        SlaClockRecord[]? judged = null;
        for (var i = 0; i < Clocks.Count; i++)
        {
            var record = Clocks[i];
            var completed = record.CountCompletedCycles();
            var earlier = record.Judgements.Count == 0 ? 0 : record.Judgements[^1].Cycles;
            if (completed > earlier && current.TryGetTarget(record.Metric, priority, out _))
            {
                judged ??= [.. Clocks];
                judged[i] = record with { Judgements = [.. record.Judgements, new SlaClockJudgement(completed, PolicyName, Priority) { Calendar = Calendar }] };
            }
        }

        return judged is null ? this : this with { Clocks = judged };
    }

    private static bool Judged(SlaCatalog catalog, SlaClockRecord record, SlaClockJudgement? judgement, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out SlaPolicy? policy, out SlaPriority priority)
    {
        priority = default;
        policy = null;
        // A judgement read from damaged data (no policy or priority name) falls back to the current policy like one whose policy is gone.
        if (judgement is not { PolicyName: { } name, Priority: not null } || !catalog.TryGetPolicy(name, judgement.Calendar, out var found))
        {
            return false;
        }

        priority = new SlaPriority(judgement.Priority);
        if (!found.TryGetTarget(record.Metric, priority, out _))
        {
            return false;
        }

        policy = found;
        return true;
    }

    /// <summary>Adds the outcomes of a clock's completed cycles after the first <paramref name="from"/>, up to the <paramref name="to"/>th.</summary>
    private static void AddCycles(List<SlaCycleOutcome> outcomes, SlaClock clock, int from, int to)
    {
        var ordinal = 0;
        foreach (var outcome in clock.CompletedCycles)
        {
            ordinal++;
            if (ordinal > to)
            {
                break;
            }

            if (ordinal > from)
            {
                outcomes.Add(outcome);
            }
        }
    }
}
