using System.Globalization;
using NodaTime;

namespace CustomerService.Core.Sla;

/// <summary>One SLA clock of a ticket or complaint as stored with it: which metric it measures and what happened to it.</summary>
/// <remarks>
/// Only the events are stored; the clock itself (due instant, warnings, breach) is rebuilt from them under the current
/// policy with <see cref="CreateClock"/>, so an edited policy or calendar recomputes every stored clock. Cycles completed
/// before a re-selection keep the policy they were completed under (<see cref="Judgements"/>).
/// </remarks>
/// <threadsafety>This type is immutable and may be shared freely between threads.</threadsafety>
/// <param name="ClockId">The clock's identifier: the case's identifier and the metric (never customer data).</param>
/// <param name="Metric">The metric the clock measures.</param>
/// <param name="Events">The clock's events in order, starting with <see cref="SlaClockEventKind.Started"/>.</param>
public sealed partial record SlaClockRecord(string ClockId, SlaMetric Metric, IReadOnlyList<SlaClockEvent> Events)
{
    private readonly ValueArray<SlaClockEvent> _events = ValueArray<SlaClockEvent>.From(Events);

    /// <summary>Gets the clock's events in order, starting with <see cref="SlaClockEventKind.Started"/>.</summary>
    /// <value>An immutable copy of the events given, with value equality.</value>
    public IReadOnlyList<SlaClockEvent> Events
    {
        get => _events;
        init => _events = ValueArray<SlaClockEvent>.From(value);
    }

    /// <summary>Gets the clock's next warning or breach instant as of the case's last check.</summary>
    /// <value>The instant, or <see langword="null"/> when the clock was not counting or has nothing left to cross; the default value is <see langword="null"/>.</value>
    /// <remarks>Kept so that a transition only rebuilds the clocks it changes; <see cref="SlaClockSet.NextChangeAt"/> is the earliest of these.</remarks>
    public Instant? NextChangeAt { get; init; }

    /// <summary>Gets a value indicating whether the clock can still change: it was not cancelled and, unless it measures a per-reply metric, not met.</summary>
    /// <value><see langword="true"/> while later transitions may still add events to the clock.</value>
    public bool IsOpen => IsOpenAfter(Metric, _events.Span);

    /// <summary>Gets a value indicating whether the clock's current cycle was met (a per-reply metric answered, a once-only metric met).</summary>
    /// <value><see langword="true"/> when the latest of the clock's start, reset and met events is a met event.</value>
    public bool IsMetInCycle => IsMetInCycleAfter(_events.Span);

    /// <summary>Rebuilds the clock from its events under a policy.</summary>
    /// <param name="policy">The policy to compute with (normally the one named by <see cref="SlaClockSet.PolicyName"/>, possibly edited since).</param>
    /// <param name="priority">The case's priority, which selects the target.</param>
    /// <returns>The clock.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="policy"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">Thrown when <paramref name="policy"/> has no target for the metric and priority.</exception>
    /// <exception cref="InvalidSlaEventException">Thrown when the stored events are not a valid history.</exception>
    public SlaClock CreateClock(SlaPolicy policy, SlaPriority priority)
    {
        ArgumentNullException.ThrowIfNull(policy);
        SlaClock.ValidateId(ClockId);
        return ClockWith(policy.GetDefinition(Metric, priority, "metric"), priority, _events.Items);
    }

    /// <summary>The events' array, shared with the clocks built from them; never to be changed.</summary>
    internal SlaClockEvent[] EventArray => _events.Items;

    /// <summary>
    /// The clock this record would give with <paramref name="events"/> (its events followed by new ones, an array nobody
    /// changes) instead of its own, under the policy's <paramref name="definition"/> of its metric: what
    /// <see cref="CreateClock"/> returns for the copy of the record that holds them, without making the copy first.
    /// </summary>
    internal SlaClock ClockWith(SlaClockDefinition definition, SlaPriority priority, SlaClockEvent[] events) =>
        BuildClock(ClockId, definition, priority, events);

    /// <summary>The clock of a record with this identifier and these events (what <see cref="CreateClock"/> builds).</summary>
    internal static SlaClock BuildClock(string clockId, SlaClockDefinition definition, SlaPriority priority, SlaClockEvent[] events) =>
        SlaClock.CreateShared(clockId, priority, definition, events, "events");

    /// <summary>
    /// The next change at <paramref name="now"/> of the clock <see cref="ClockWith"/> gives (its status's
    /// <see cref="SlaStatus.NextChangeAt"/>), computed without building it; <see langword="false"/> when it must be built.
    /// </summary>
    internal bool TryNextChangeWith(SlaClockDefinition definition, SlaClockEvent[] events, Instant now, out Instant? nextChange) =>
        SlaClock.TryNextChange(ClockId, definition, events, now, "events", out nextChange);

    /// <summary>What <see cref="IsOpen"/> answers for a record of <paramref name="metric"/> with <paramref name="events"/>.</summary>
    internal static bool IsOpenAfter(SlaMetric metric, ReadOnlySpan<SlaClockEvent> events)
    {
        var perReply = metric is SlaMetric.NextResponse or SlaMetric.PeriodicUpdate;
        for (var i = events.Length - 1; i >= 0; i--)
        {
            switch (events[i].Kind)
            {
                case SlaClockEventKind.Cancelled:
                    return false;
                case SlaClockEventKind.Met:
                    return perReply;
            }
        }

        return true;
    }

    /// <summary>What <see cref="IsMetInCycle"/> answers for a record with <paramref name="events"/>.</summary>
    internal static bool IsMetInCycleAfter(ReadOnlySpan<SlaClockEvent> events)
    {
        for (var i = events.Length - 1; i >= 0; i--)
        {
            switch (events[i].Kind)
            {
                case SlaClockEventKind.Met:
                    return true;
                case SlaClockEventKind.Started or SlaClockEventKind.Reset or SlaClockEventKind.Cancelled:
                    return false;
            }
        }

        return false;
    }

    /// <summary>The events as a span.</summary>
    internal ReadOnlySpan<SlaClockEvent> EventSpan => _events.Span;
}

/// <summary>
/// The SLA clocks of one ticket or complaint, stored in its snapshot so that clocks and lifecycle state are saved
/// together under the same version.
/// </summary>
/// <remarks>
/// <para>
/// The services keep this up to date: every transition appends the clock events it implies (see the lifecycles
/// documentation), and <see cref="CheckedAt"/>/<see cref="NextChangeAt"/> tell the store which cases have SLA work due.
/// A metric may have more than one record (a reopened ticket gets a fresh resolution clock); the latest one is current.
/// </para>
/// </remarks>
/// <threadsafety>This type is immutable and may be shared freely between threads.</threadsafety>
public sealed partial record SlaClockSet
{
    /// <summary>Gets the name of the SLA policy the clocks run under.</summary>
    /// <value>A policy name known to the host's <see cref="SlaCatalog"/>.</value>
    public required string PolicyName { get; init; }

    /// <summary>Gets the name of the priority whose targets the clocks use (see <see cref="SlaPriority"/>).</summary>
    /// <value>For example <c>Urgent</c>; complaints use <c>Normal</c>.</value>
    public required string Priority { get; init; }

    private readonly ValueArray<SlaClockRecord> _clocks = ValueArray<SlaClockRecord>.Empty;

    /// <summary>Gets the clocks, in the order they were started.</summary>
    /// <value>The default value is an empty list. Any list given is kept as an immutable copy with value equality.</value>
    public IReadOnlyList<SlaClockRecord> Clocks
    {
        get => _clocks;
        init => _clocks = ValueArray<SlaClockRecord>.From(value);
    }

    /// <summary>Gets the instant up to which warnings and breaches have been observed and counted.</summary>
    /// <value>The instant of the latest transition or SLA evaluation of the case.</value>
    public Instant CheckedAt { get; init; }

    /// <summary>Gets the earliest instant after <see cref="CheckedAt"/> at which a running clock crosses a warning threshold or breaches.</summary>
    /// <value>The next change, or <see langword="null"/> when no clock is counting; stores index it to list due SLA work.</value>
    public Instant? NextChangeAt { get; init; }

    private readonly ValueArray<SlaReselection> _reselections = ValueArray<SlaReselection>.Empty;

    /// <summary>Gets the name of the selection rule that chose <see cref="PolicyName"/>.</summary>
    /// <value>The rule's name, or <see langword="null"/> when no rule chose it (the priority's or the default policy; also sets stored before rules existed).</value>
    public string? SelectedBy { get; init; }

    /// <summary>Gets every change of the policy or priority after a fact of the case changed, oldest first.</summary>
    /// <value>The default value is an empty list (also for sets stored before re-selection existed). Any list given is kept as an immutable copy with value equality; <see langword="null"/> reads as empty.</value>
    public IReadOnlyList<SlaReselection> Reselections
    {
        get => _reselections;
        init => _reselections = value is null ? ValueArray<SlaReselection>.Empty : ValueArray<SlaReselection>.From(value);
    }

    /// <summary>Gets the current record of a metric: the latest one.</summary>
    /// <param name="metric">The metric.</param>
    /// <returns>The metric's latest record, or <see langword="null"/> when no clock measures it.</returns>
    public SlaClockRecord? Find(SlaMetric metric)
    {
        for (var i = Clocks.Count - 1; i >= 0; i--)
        {
            if (Clocks[i].Metric == metric)
            {
                return Clocks[i];
            }
        }

        return null;
    }

    /// <summary>Rebuilds the current clock of every metric under a policy (for example to show due times, or after a calendar edit).</summary>
    /// <remarks>
    /// Every clock is judged under <paramref name="policy"/> at the set's priority, also a clock met before a re-selection
    /// (a what-if view); <see cref="CreateClocks(SlaCatalog)"/> judges such clocks under what they were met under
    /// (<see cref="SlaClockRecord.Judgements"/>).
    /// </remarks>
    /// <param name="policy">The policy to compute with; metrics it has no target for are left out.</param>
    /// <returns>The current clock of each metric, in the order they were started.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="policy"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidSlaEventException">Thrown when stored events are not a valid history.</exception>
    public IReadOnlyList<SlaClock> CreateClocks(SlaPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var priority = new SlaPriority(Priority);
        var clocks = new List<SlaClock>(Clocks.Count);
        for (var i = 0; i < Clocks.Count; i++)
        {
            var record = Clocks[i];
            if (ReferenceEquals(Find(record.Metric), record) && policy.TryGetTarget(record.Metric, priority, out _))
            {
                clocks.Add(record.CreateClock(policy, priority));
            }
        }

        return clocks;
    }

    /// <summary>
    /// Lists the outcome of every completed cycle of every clock of the case, under a policy: each reply of a next-response
    /// clock, each update of a periodic-update clock, and every resolution — a reopened ticket's first resolution included.
    /// </summary>
    /// <remarks>
    /// Feed them to an SLA compliance report (<c>SlaOutcome.FromCycle</c>): a case whose three replies were one on time and
    /// two late counts one met and two breached. Each outcome is identified by its clock's id and its cycle number, and
    /// every clock of a case has its own id (a metric's second clock is <c>{case}:{metric}:2</c>). Running and cancelled
    /// cycles have no outcome yet.
    /// <para>Every cycle is judged under <paramref name="policy"/> at the set's priority, also cycles completed before a
    /// re-selection (a what-if view); compliance reports should use <see cref="CompletedCycles(SlaCatalog)"/>, under which met
    /// clocks stay met.</para>
    /// </remarks>
    /// <param name="policy">The policy to compute with; clocks of metrics it has no target for are left out.</param>
    /// <returns>The outcomes, clock by clock in the order they were started, each clock's cycles in order.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="policy"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidSlaEventException">Thrown when stored events are not a valid history.</exception>
    public IReadOnlyList<SlaCycleOutcome> CompletedCycles(SlaPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var priority = new SlaPriority(Priority);
        var outcomes = new List<SlaCycleOutcome>();
        foreach (var record in Clocks)
        {
            if (policy.TryGetTarget(record.Metric, priority, out _))
            {
                foreach (var outcome in record.CreateClock(policy, priority).CompletedCycles)
                {
                    outcomes.Add(outcome);
                }
            }
        }

        return outcomes;
    }

    /// <summary>Returns the policy, priority and number of clocks.</summary>
    /// <returns>A short description without customer data.</returns>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{PolicyName} ({Priority}): {Clocks.Count} clock(s), next change {NextChangeAt?.ToString() ?? "-"}");
}
