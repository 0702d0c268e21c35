using System.Globalization;
using NodaTime;

namespace CustomerService.Core.Sla;

/// <summary>How one completed cycle of an SLA clock ended: met or breached, with its start, stop, due and breach instants.</summary>
/// <remarks>
/// <para>
/// A cycle is <em>completed</em> when it stops with a <see cref="SlaClockEventKind.Met"/> event, or with a
/// <see cref="SlaClockEventKind.Reset"/> that ends it before any <see cref="SlaClockEventKind.Met"/> (for a
/// <see cref="SlaMetric.PeriodicUpdate"/> clock the update itself). A cycle is breached when its counted time reached the
/// target at or before its stop, exactly as <see cref="SlaClock.Evaluate"/> judges it; otherwise it is met. The current cycle
/// while it still runs or waits, and a cycle ended by <see cref="SlaClockEventKind.Cancelled"/>, are not completed.
/// </para>
/// <para>
/// <see cref="ClockId"/> and <see cref="Cycle"/> together identify an outcome: a clock's cycles are numbered from 1 in order,
/// so every completed cycle of every clock has its own identity, stable across recomputation.
/// </para>
/// <para>The default value has no clock (a <see langword="null"/> <see cref="ClockId"/> and cycle 0) and is never produced by a clock.</para>
/// </remarks>
/// <threadsafety>This type is an immutable value type: an instance may be read from any number of threads at once without locking.</threadsafety>
public readonly record struct SlaCycleOutcome
{
    internal SlaCycleOutcome(
        string clockId,
        SlaMetric metric,
        SlaPriority priority,
        int cycle,
        Instant startedAt,
        Instant stoppedAt,
        SlaClockEventKind stoppedBy,
        Duration elapsed,
        Instant? dueAt,
        Instant? breachedAt)
    {
        ClockId = clockId;
        Metric = metric;
        Priority = priority;
        Cycle = cycle;
        StartedAt = startedAt;
        StoppedAt = stoppedAt;
        StoppedBy = stoppedBy;
        Elapsed = elapsed;
        DueAt = dueAt;
        BreachedAt = breachedAt;
    }

    /// <summary>Gets the identifier of the clock the cycle belongs to.</summary>
    /// <value>The clock's <see cref="SlaClock.Id"/>.</value>
    public string ClockId { get; }

    /// <summary>Gets the metric the clock measures.</summary>
    /// <value>The clock's <see cref="SlaClock.Metric"/>.</value>
    public SlaMetric Metric { get; }

    /// <summary>Gets the priority whose target the clock used.</summary>
    /// <value>The clock's <see cref="SlaClock.Priority"/>.</value>
    public SlaPriority Priority { get; }

    /// <summary>Gets the number of the cycle within its clock, starting at 1.</summary>
    /// <value>1 for the cycle begun by <see cref="SlaClockEventKind.Started"/>; each <see cref="SlaClockEventKind.Reset"/> begins the next.</value>
    public int Cycle { get; }

    /// <summary>Gets the instant the cycle began: its <see cref="SlaClockEventKind.Started"/> or <see cref="SlaClockEventKind.Reset"/> event.</summary>
    /// <value>An instant at or before <see cref="StoppedAt"/>.</value>
    public Instant StartedAt { get; }

    /// <summary>Gets the instant the cycle stopped: its <see cref="SlaClockEventKind.Met"/> event, or the <see cref="SlaClockEventKind.Reset"/> that ended it.</summary>
    /// <value>An instant at or after <see cref="StartedAt"/>.</value>
    public Instant StoppedAt { get; }

    /// <summary>Gets the kind of event that stopped the cycle.</summary>
    /// <value><see cref="SlaClockEventKind.Met"/> or <see cref="SlaClockEventKind.Reset"/>.</value>
    public SlaClockEventKind StoppedBy { get; }

    /// <summary>Gets the time counted in the cycle up to its stop.</summary>
    /// <value>Business time for a business-time target, wall-clock time for a calendar-time target; pauses excluded.</value>
    public Duration Elapsed { get; }

    /// <summary>Gets the cycle's due instant.</summary>
    /// <value>
    /// The breach instant when the cycle breached; otherwise the due instant the clock was counting towards when it stopped;
    /// <see langword="null"/> when it stopped while paused before its due (the due depended on events that never came), or
    /// when that instant would lie after the supported range or beyond the calendar's search horizon.
    /// </value>
    public Instant? DueAt { get; }

    /// <summary>Gets the instant the cycle breached, if it did.</summary>
    /// <value>The instant its counted time reached the target (at or before <see cref="StoppedAt"/>), or <see langword="null"/> when it was met.</value>
    public Instant? BreachedAt { get; }

    /// <summary>Gets a value indicating whether the cycle was met: stopped before its counted time reached the target.</summary>
    /// <value><see langword="true"/> when <see cref="BreachedAt"/> is <see langword="null"/>.</value>
    public bool IsMet => BreachedAt is null;

    /// <summary>Returns the clock, cycle and result, for logs.</summary>
    /// <returns>For example <c>T-1:NextResponse #2 Breached at 2025-03-03T05:00:00Z</c>; never customer data.</returns>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"{ClockId} #{Cycle} {(IsMet ? "Met" : "Breached at " + BreachedAt)} ({StoppedBy} at {StoppedAt})");
}
