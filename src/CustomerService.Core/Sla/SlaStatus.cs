using System.Globalization;
using NodaTime;

namespace CustomerService.Core.Sla;

/// <summary>Where an SLA clock stands at an instant: state, elapsed and remaining time, due and breach instants, warnings and the next change.</summary>
/// <remarks>
/// <para>
/// A status is a small value that refers to its clock; reading it allocates nothing. Warning thresholds are queried by
/// index with <see cref="GetThresholdCrossedAt"/> (or <see cref="TryGetThresholdCrossedAt"/>) rather than returned as a
/// collection, so that evaluating a million clocks creates no garbage.
/// </para>
/// <para>
/// Statuses compare by value: two are equal when they describe the same clock (the same <see cref="SlaClock"/> instance) at
/// the same instant with the same results, so evaluating a clock twice at one instant, also at an instant before its last
/// event, gives equal statuses, and <see cref="Clock"/> is always the clock that was evaluated.
/// </para>
/// <para>The default value of this struct has no clock: every member that needs one throws <see cref="InvalidOperationException"/>.</para>
/// </remarks>
/// <threadsafety>This type is an immutable value type: every member may be read from any number of threads at once without locking.</threadsafety>
public readonly struct SlaStatus : IEquatable<SlaStatus>
{
    private readonly SlaClock? _clock;

    // The milestone instants (warnings, then the breach) of the cycle as it stood at EvaluatedAt: the clock's own, or for
    // an instant before its last event those of its events up to that instant. Determined by the clock and the instant.
    private readonly Instant[]? _milestones;
    private readonly int _reached;

    // Whether the clock is stopped by a wait the policy pauses it for (not met, not cancelled): ProjectedDueAt needs it.
    private readonly bool _paused;

    internal SlaStatus(SlaClock clock, Instant[] milestones, Instant evaluatedAt, SlaClockState state, Duration elapsed, Duration wallClockElapsed, int reached, bool counting, bool paused)
    {
        _clock = clock;
        _milestones = milestones;
        EvaluatedAt = evaluatedAt;
        State = state;
        Elapsed = elapsed;
        WallClockElapsed = wallClockElapsed;
        _reached = reached;
        IsCounting = counting;
        _paused = paused;
    }

    /// <summary>Gets the clock this status describes.</summary>
    /// <value>The evaluated clock itself, also when it was evaluated at an instant before its last event.</value>
    /// <exception cref="InvalidOperationException">Thrown when this is the default value.</exception>
    public SlaClock Clock => _clock ?? throw new InvalidOperationException("This SlaStatus is the default value and describes no clock.");

    /// <summary>Gets the instant the clock was evaluated at.</summary>
    /// <value>The instant given to <see cref="SlaClock.Evaluate"/>.</value>
    public Instant EvaluatedAt { get; }

    /// <summary>Gets the clock's state at <see cref="EvaluatedAt"/>.</summary>
    /// <value>Running, paused, met, breached or cancelled.</value>
    public SlaClockState State { get; }

    /// <summary>Gets a value indicating whether the clock is counting time at <see cref="EvaluatedAt"/> (running, possibly past its breach).</summary>
    /// <value><see langword="true"/> while the clock counts; <see langword="false"/> while paused, met or cancelled.</value>
    public bool IsCounting { get; }

    /// <summary>Gets the counted time in the current cycle up to <see cref="EvaluatedAt"/>.</summary>
    /// <value>Business time for a business-time target; wall-clock time for a calendar-time target.</value>
    public Duration Elapsed { get; }

    /// <summary>Gets the wall-clock time the current cycle has counted up to <see cref="EvaluatedAt"/>: the same counted segments as <see cref="Elapsed"/>, measured in plain time.</summary>
    /// <value>
    /// The sum, over the counted segments of the current cycle, of their plain length (closed hours, nights and holidays included;
    /// pauses excluded). It is never less than <see cref="Elapsed"/>, and equals it for a calendar-time target. Shown beside the
    /// business elapsed time it answers "how long has the customer really waited" ("3 business hours, 17 hours on the clock").
    /// </value>
    public Duration WallClockElapsed { get; }

    /// <summary>Gets the instant the target would be reached if the clock counted from <see cref="EvaluatedAt"/> on: the due instant while counting, the projected due instant while paused.</summary>
    /// <value>
    /// While the clock counts, <see cref="DueAt"/>. While it is paused (a wait its policy pauses it for), the due instant the
    /// clock would have if it resumed at <see cref="EvaluatedAt"/>: <c>calendar.Add(EvaluatedAt, Remaining)</c> (or plain
    /// addition for a calendar-time target), exactly the <see cref="DueAt"/> of the clock with a <c>Resumed</c> event appended at
    /// <see cref="EvaluatedAt"/>; a clock that breached before its pause gives its <see cref="BreachedAt"/>. <see langword="null"/>
    /// when the clock is met or cancelled, or when the projected instant would lie after
    /// <see cref="Calendars.BusinessCalendar.MaxSupportedInstant"/>.
    /// </value>
    /// <remarks>While paused, reading this makes one calendar call (<c>Add</c>) for a business-time target and allocates nothing; nothing is cached.</remarks>
    /// <exception cref="InvalidOperationException">Thrown when this is the default value.</exception>
    /// <exception cref="Calendars.CalendarConfigurationException">Thrown when the clock is paused and its calendar has no open time within its search horizon where the projected instant needs it.</exception>
    public Instant? ProjectedDueAt
    {
        get
        {
            var milestones = Milestones;
            if (IsCounting)
            {
                return milestones[^1];
            }

            if (!_paused)
            {
                return null;
            }

            if (_reached == milestones.Length)
            {
                return milestones[^1];
            }

            return Clock.Definition.Timeline.TryAdd(EvaluatedAt, Clock.Target - Elapsed, out var due) ? due : null;
        }
    }

    /// <summary>Gets the clock's target.</summary>
    /// <value>The counted time allowed before a breach.</value>
    public Duration Target => Clock.Target;

    /// <summary>Gets the counted time left before the breach.</summary>
    /// <value><see cref="Target"/> minus <see cref="Elapsed"/>, or zero once the target is reached.</value>
    public Duration Remaining
    {
        get
        {
            var remaining = Target - Elapsed;
            return remaining > Duration.Zero ? remaining : Duration.Zero;
        }
    }

    /// <summary>Gets how far past its target the clock is.</summary>
    /// <value><see cref="Elapsed"/> minus <see cref="Target"/> in counted time, or zero when not past the target.</value>
    public Duration OverdueBy
    {
        get
        {
            var overdue = Elapsed - Target;
            return overdue > Duration.Zero ? overdue : Duration.Zero;
        }
    }

    /// <summary>Gets the instant the target is (or was) reached while the clock counts.</summary>
    /// <value>The due instant while the clock counts; <see langword="null"/> while paused, met or cancelled, since it depends on future events.</value>
    public Instant? DueAt => IsCounting ? Milestones[^1] : null;

    /// <summary>Gets the instant the clock breached in the current cycle, if it has.</summary>
    /// <value>The breach instant (equal to the due instant it passed), or <see langword="null"/> when not breached.</value>
    public Instant? BreachedAt => _reached == Milestones.Length ? Milestones[_reached - 1] : null;

    /// <summary>Gets how many warning thresholds the current cycle has crossed.</summary>
    /// <value>A number from 0 to <see cref="ThresholdCount"/>; thresholds are crossed in ascending order.</value>
    public int ThresholdsCrossed => Clock.Definition.FractionsBefore[_reached];

    /// <summary>Gets how many warning thresholds the clock's policy defines.</summary>
    /// <value>The length of <see cref="SlaClock.WarningThresholds"/>.</value>
    public int ThresholdCount => Clock.Definition.FractionMilestones.Length;

    /// <summary>Gets the highest warning threshold crossed, as a fraction of the target.</summary>
    /// <value>The fraction of the last threshold crossed, or <see langword="null"/> when none was crossed.</value>
    public double? HighestThresholdCrossed => ThresholdsCrossed == 0 ? null : Clock.WarningThresholds[ThresholdsCrossed - 1];

    /// <summary>Gets the next instant at which this status changes without a new event: the next warning or the breach.</summary>
    /// <value>The next warning or breach instant while the clock counts, or <see langword="null"/> when nothing will change until the next event.</value>
    /// <remarks>A host can set one timer per clock (or one for all, see <see cref="SlaMonitor"/>) at this instant.</remarks>
    public Instant? NextChangeAt => IsCounting && _reached < Milestones.Length ? Milestones[_reached] : null;

    /// <summary>Gets the instant at which a crossed warning threshold was crossed.</summary>
    /// <param name="index">The threshold's zero-based index in <see cref="SlaClock.WarningThresholds"/>.</param>
    /// <returns>The instant the clock's counted time reached that fraction of the target in the current cycle.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when <paramref name="index"/> is negative or not less than <see cref="ThresholdsCrossed"/>.</exception>
    public Instant GetThresholdCrossedAt(int index)
    {
        if ((uint)index >= (uint)ThresholdsCrossed)
        {
            throw new ArgumentOutOfRangeException(
                nameof(index),
                index,
                string.Create(CultureInfo.InvariantCulture, $"SLA clock '{Clock.Id}' has crossed {ThresholdsCrossed} warning threshold(s); the index must be at least 0 and less than that."));
        }

        return Milestones[Clock.Definition.FractionMilestones[index]];
    }

    /// <summary>Gets the instant at which a warning threshold was crossed, if it was.</summary>
    /// <param name="index">The threshold's zero-based index in <see cref="SlaClock.WarningThresholds"/>.</param>
    /// <param name="crossedAt">When this returns <see langword="true"/>, the instant the threshold was crossed; otherwise the default instant.</param>
    /// <returns><see langword="true"/> when the threshold was crossed in the current cycle; otherwise <see langword="false"/>.</returns>
    public bool TryGetThresholdCrossedAt(int index, out Instant crossedAt)
    {
        if ((uint)index < (uint)ThresholdsCrossed)
        {
            crossedAt = Milestones[Clock.Definition.FractionMilestones[index]];
            return true;
        }

        crossedAt = default;
        return false;
    }

    /// <summary>Gets how many of the policy's warnings before due (<see cref="SlaPolicy.WarningsBeforeDue"/>) the current cycle has passed.</summary>
    /// <value>A number from 0 to the number of lead times shorter than <see cref="Target"/> (a lead time not shorter than the target does not apply to it); they are passed in the order the policy lists them.</value>
    public int WarningsBeforeDuePassed => Clock.Definition.LeadsBefore[_reached];

    /// <summary>Gets the instant at which a warning before due was passed: where the counted time left before the due instant fell to its lead time.</summary>
    /// <param name="index">The warning's zero-based index in <see cref="SlaPolicy.WarningsBeforeDue"/>.</param>
    /// <param name="passedAt">When this returns <see langword="true"/>, the instant the counted time reached <see cref="Target"/> minus the lead time (for a business-time target, <c>BusinessTimeBetween(passedAt, due) == lead</c>); otherwise the default instant.</param>
    /// <returns><see langword="true"/> when the warning applies to this clock's target and was passed in the current cycle; otherwise <see langword="false"/>.</returns>
    public bool TryGetWarningBeforeDuePassedAt(int index, out Instant passedAt)
    {
        var leads = Clock.Definition.LeadMilestones;
        if ((uint)index < (uint)leads.Length && leads[index] >= 0 && leads[index] < _reached)
        {
            passedAt = Milestones[leads[index]];
            return true;
        }

        passedAt = default;
        return false;
    }

    internal int MilestonesReached => _reached;

    /// <summary>Whether the clock is stopped by a wait its policy pauses it for (not met, not cancelled).</summary>
    internal bool IsPaused => _paused;

    internal Instant MilestoneAt(int index) => Milestones[index];

    private Instant[] Milestones => _milestones ?? throw new InvalidOperationException("This SlaStatus is the default value and describes no clock.");

    /// <summary>Determines whether two statuses describe the same clock at the same instant with the same results.</summary>
    /// <param name="left">The first status.</param>
    /// <param name="right">The second status.</param>
    /// <returns><see langword="true"/> when both are equal; otherwise <see langword="false"/>.</returns>
    public static bool operator ==(SlaStatus left, SlaStatus right) => left.Equals(right);

    /// <summary>Determines whether two statuses differ.</summary>
    /// <param name="left">The first status.</param>
    /// <param name="right">The second status.</param>
    /// <returns><see langword="true"/> when they differ; otherwise <see langword="false"/>.</returns>
    public static bool operator !=(SlaStatus left, SlaStatus right) => !left.Equals(right);

    /// <summary>Determines whether this status describes the same clock at the same instant with the same results as another.</summary>
    /// <param name="other">The status to compare with.</param>
    /// <returns><see langword="true"/> when both are equal; otherwise <see langword="false"/>.</returns>
    public bool Equals(SlaStatus other) =>
        ReferenceEquals(_clock, other._clock) && EvaluatedAt == other.EvaluatedAt && State == other.State
        && Elapsed == other.Elapsed && WallClockElapsed == other.WallClockElapsed && _reached == other._reached && IsCounting == other.IsCounting && _paused == other._paused;

    /// <summary>Determines whether this status equals another object.</summary>
    /// <param name="obj">The object to compare with.</param>
    /// <returns><see langword="true"/> when <paramref name="obj"/> is an equal <see cref="SlaStatus"/>; otherwise <see langword="false"/>.</returns>
    public override bool Equals(object? obj) => obj is SlaStatus other && Equals(other);

    /// <summary>Returns a hash code consistent with <see cref="Equals(SlaStatus)"/>.</summary>
    /// <returns>A hash code.</returns>
    public override int GetHashCode() => HashCode.Combine(_clock, EvaluatedAt, State, Elapsed, _reached);

    /// <summary>Returns a short description of the status for logs.</summary>
    /// <returns>The clock identifier, state, elapsed time and due instant; never customer data.</returns>
    public override string ToString() => _clock is null
        ? "SlaStatus (default)"
        : string.Create(CultureInfo.InvariantCulture, $"{_clock.Id} {State} elapsed {Elapsed} of {Target}, due {DueAt?.ToString() ?? "-"}");
}
