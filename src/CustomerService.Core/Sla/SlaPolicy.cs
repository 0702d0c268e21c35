using System.Collections.Immutable;
using System.Globalization;
using CustomerService.Core.Calendars;
using NodaTime;

namespace CustomerService.Core.Sla;

/// <summary>
/// An SLA policy: a business calendar, targets per metric and priority (in business or calendar time), warning
/// thresholds, and which metrics pause in which waiting situations. Policies create and recompute <see cref="SlaClock"/>s.
/// </summary>
/// <remarks>
/// <para>
/// Build a policy with <see cref="CreateBuilder"/> or from configuration with <see cref="FromOptions"/>. A target without a
/// priority applies to every priority that has no target of its own for that metric.
/// </para>
/// <para>
/// <see cref="CalendarVersion"/> records which calendar the policy computes with, so a clock can say which version its due
/// times came from. Give a version tag when the host versions its calendars; otherwise the policy uses a fingerprint of
/// the calendar's zone and open intervals from 2000 to 2059, computed on first use.
/// </para>
/// </remarks>
/// <threadsafety>This type is immutable and thread-safe: one instance may be shared by every thread of a host.</threadsafety>
public sealed partial class SlaPolicy
{
    /// <summary>The default warning thresholds: 50 %, 75 % and 90 % of the target.</summary>
    private static readonly ImmutableArray<double> DefaultThresholds = [0.5, 0.75, 0.9];

    // One past the largest metric number: the length of the per-priority definition rows.
    private static readonly int MetricSlots = Enum.GetValues<SlaMetric>().Max(m => (int)m) + 1;

    private readonly Dictionary<(SlaMetric Metric, SlaPriority Priority), SlaClockDefinition> _definitions;

    // The definitions of _definitions as rows by metric number: one per priority with targets of its own (falling back to
    // the targets for every priority), and the row of every other priority. Built once; never changed.
    private readonly Dictionary<SlaPriority, SlaClockDefinition?[]> _definitionRows;
    private readonly SlaClockDefinition?[] _defaultDefinitionRow;
    private readonly int[] _pauseMasks;
    private readonly SlaCalendarVersionSource _calendarVersion;

    internal SlaPolicy(
        string name,
        BusinessCalendar calendar,
        SlaCalendarVersionSource calendarVersion,
        ImmutableArray<SlaTarget> targets,
        ImmutableArray<double> thresholds,
        int[] pauseMasks,
        SlaWarningRules? warnings = null,
        SlaMetricCalendar?[]? metricCalendars = null)
    {
        Name = name;
        _metricCalendars = metricCalendars;
        _warnings = warnings ?? SlaWarningRules.None;
        Calendar = calendar;
        _calendarVersion = calendarVersion;
        Targets = targets;
        WarningThresholds = thresholds;
        _pauseMasks = pauseMasks;
        _definitions = [];
        var businessTime = new CalendarTimeline(calendar);
        foreach (var target in targets)
        {
            // A metric with its own calendar counts (and delivers its warnings) on it, whatever the policy's calendar is.
            var own = MetricCalendarOf(target.Metric);
            var timeline = target.Basis == SlaTimeBasis.CalendarTime ? (SlaTimeline)WallClockTimeline.Instance : own?.Timeline ?? businessTime;
            _definitions[(target.Metric, target.Priority ?? default)] = new SlaClockDefinition(
                name, target.Metric, target.Duration, target.Basis, timeline, thresholds, pauseMasks[(int)target.Metric], own?.Version ?? calendarVersion, _warnings, own?.Calendar ?? calendar);
        }

        _defaultDefinitionRow = new SlaClockDefinition?[MetricSlots];
        _definitionRows = [];
        foreach (var ((metric, priority), definition) in _definitions)
        {
            if (priority.IsDefault)
            {
                _defaultDefinitionRow[(int)metric] = definition;
            }
        }

        foreach (var ((metric, priority), definition) in _definitions)
        {
            if (!priority.IsDefault)
            {
                if (!_definitionRows.TryGetValue(priority, out var row))
                {
                    row = (SlaClockDefinition?[])_defaultDefinitionRow.Clone();
                    _definitionRows[priority] = row;
                }

                row[(int)metric] = definition;
            }
        }
    }

    /// <summary>Gets the warning thresholds a policy has unless its builder or options say otherwise: 0.5, 0.75 and 0.9.</summary>
    /// <value>The fractions 0.5, 0.75 and 0.9.</value>
    public static ImmutableArray<double> DefaultWarningThresholds => DefaultThresholds;

    /// <summary>Gets the policy's name, used in error messages and recorded by its clocks.</summary>
    /// <value>A non-empty name.</value>
    public string Name { get; }

    /// <summary>Gets the business calendar that business-time targets count on.</summary>
    /// <value>The calendar given to the builder.</value>
    public BusinessCalendar Calendar { get; }

    /// <summary>Gets the version of <see cref="Calendar"/> this policy computes with.</summary>
    /// <value>The version tag given with the calendar, or <c>"fp:"</c> followed by 16 hexadecimal digits of a fingerprint of the calendar's zone and open intervals from 2000 to 2059.</value>
    /// <remarks>The fingerprint is computed on first use (a few milliseconds) and cached; edits outside its window need a version tag to show.</remarks>
    public string CalendarVersion => _calendarVersion.Value;

    /// <summary>Gets the policy's targets, in the order they were added.</summary>
    /// <value>At least one target.</value>
    public ImmutableArray<SlaTarget> Targets { get; }

    /// <summary>Gets the warning thresholds, as fractions of a target in ascending order.</summary>
    /// <value>Between 0 and 8 fractions, each greater than 0 and less than 1.</value>
    /// <remarks>
    /// A threshold <c>f</c> of a target <c>T</c> is crossed when the counted time reaches <c>T × f</c>, where <c>f</c> is taken to
    /// the nearest millionth and the product is rounded up to a whole tick (100 ns): a warning never fires early.
    /// </remarks>
    public ImmutableArray<double> WarningThresholds { get; }

    /// <summary>Starts building a policy.</summary>
    /// <param name="name">The policy's name, for example <c>"Standard support"</c>.</param>
    /// <param name="calendar">The business calendar that business-time targets count on.</param>
    /// <param name="calendarVersion">A version tag for the calendar (for example the revision the host stored it under), or <see langword="null"/> to use a fingerprint.</param>
    /// <returns>A new single-use builder.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="name"/> or <paramref name="calendar"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">Thrown when <paramref name="name"/> is empty or white space, or <paramref name="calendarVersion"/> is empty or white space.</exception>
    public static SlaPolicyBuilder CreateBuilder(string name, BusinessCalendar calendar, string? calendarVersion = null) =>
        new(name, calendar, calendarVersion);

    /// <summary>Finds the target for a metric and priority: the priority's own target, else the metric's target for every priority.</summary>
    /// <param name="metric">The metric.</param>
    /// <param name="priority">The priority.</param>
    /// <param name="target">When this returns <see langword="true"/>, the target; otherwise the default value.</param>
    /// <returns><see langword="true"/> when the policy has a target for <paramref name="metric"/> and <paramref name="priority"/>; otherwise <see langword="false"/>.</returns>
    public bool TryGetTarget(SlaMetric metric, SlaPriority priority, out SlaTarget target)
    {
        foreach (var candidate in Targets)
        {
            if (candidate.Metric == metric && candidate.Priority == priority && !priority.IsDefault)
            {
                target = candidate;
                return true;
            }
        }

        foreach (var candidate in Targets)
        {
            if (candidate.Metric == metric && candidate.Priority is null)
            {
                target = candidate;
                return true;
            }
        }

        target = default;
        return false;
    }

    /// <summary>Returns whether a metric's clocks pause while a case waits for a reason.</summary>
    /// <param name="metric">The metric.</param>
    /// <param name="reason">Why the case waits.</param>
    /// <returns><see langword="true"/> when the policy pauses <paramref name="metric"/> for <paramref name="reason"/>; otherwise <see langword="false"/>.</returns>
    public bool PausesFor(SlaMetric metric, SlaWaitReason reason) =>
        (uint)metric < (uint)_pauseMasks.Length && (uint)reason < 32 && (_pauseMasks[(int)metric] & (1 << (int)reason)) != 0;

    /// <summary>Creates a clock from its history under this policy.</summary>
    /// <param name="clockId">The clock's identifier, quoted in errors: for example a ticket number and the metric; never customer data.</param>
    /// <param name="metric">The metric the clock measures.</param>
    /// <param name="priority">The case's priority, which selects the target.</param>
    /// <param name="events">The clock's events in order, starting with <see cref="SlaClockEventKind.Started"/>.</param>
    /// <returns>The clock.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="clockId"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">Thrown when <paramref name="clockId"/> is empty or longer than 200 characters, <paramref name="events"/> is empty, or the policy has no target for <paramref name="metric"/> and <paramref name="priority"/>.</exception>
    /// <exception cref="InvalidSlaEventException">Thrown when the events are not a valid history (out of order, pause while paused, resume while running, and so on).</exception>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when an event instant lies outside <see cref="BusinessCalendar.MinSupportedInstant"/>…<see cref="BusinessCalendar.MaxSupportedInstant"/>, or the clock would fall due (or cross a warning threshold) after that range, whether its target counts business or calendar time; named <c>events</c>, and the message names the clock.</exception>
    /// <exception cref="CalendarConfigurationException">Thrown when the policy's calendar has no open time within its search horizon where a due or warning instant needs it.</exception>
    public SlaClock CreateClock(string clockId, SlaMetric metric, SlaPriority priority, ReadOnlySpan<SlaClockEvent> events)
    {
        SlaClock.ValidateId(clockId);
        return SlaClock.Create(clockId, priority, GetDefinition(metric, priority, nameof(metric)), events, nameof(events));
    }

    /// <summary>Creates a clock started at an instant.</summary>
    /// <param name="clockId">The clock's identifier, quoted in errors: for example a ticket number and the metric; never customer data.</param>
    /// <param name="metric">The metric the clock measures.</param>
    /// <param name="priority">The case's priority, which selects the target.</param>
    /// <param name="startedAt">When the clock starts.</param>
    /// <returns>A running clock with one <see cref="SlaClockEventKind.Started"/> event.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="clockId"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">Thrown when <paramref name="clockId"/> is empty or longer than 200 characters, or the policy has no target for <paramref name="metric"/> and <paramref name="priority"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when <paramref name="startedAt"/> lies outside <see cref="BusinessCalendar.MinSupportedInstant"/>…<see cref="BusinessCalendar.MaxSupportedInstant"/>, or the clock would fall due (or cross a warning threshold) after that range, whether its target counts business or calendar time; named <c>startedAt</c>, and the message names the clock.</exception>
    /// <exception cref="CalendarConfigurationException">Thrown when the policy's calendar has no open time within its search horizon where a due or warning instant needs it.</exception>
    public SlaClock StartClock(string clockId, SlaMetric metric, SlaPriority priority, Instant startedAt)
    {
        SlaClock.ValidateId(clockId);
        return SlaClock.Create(clockId, priority, GetDefinition(metric, priority, nameof(metric)), [SlaClockEvent.Started(startedAt)], nameof(startedAt));
    }

    /// <summary>Returns a copy of this policy that counts business time on another calendar (for example an edited one).</summary>
    /// <param name="calendar">The calendar to count on.</param>
    /// <param name="calendarVersion">A version tag for <paramref name="calendar"/>, or <see langword="null"/> to use a fingerprint.</param>
    /// <returns>A policy with the same name, targets, thresholds and pause rules on <paramref name="calendar"/>; a metric with its own calendar (<see cref="SlaPolicyBuilder.MetricCalendar"/>) keeps it.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="calendar"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">Thrown when <paramref name="calendarVersion"/> is empty or white space.</exception>
    public SlaPolicy WithCalendar(BusinessCalendar calendar, string? calendarVersion = null)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        return new SlaPolicy(Name, calendar, VersionSource(calendar, calendarVersion), Targets, WarningThresholds, _pauseMasks, _warnings, _metricCalendars) { Escalations = Escalations };
    }

    /// <summary>Builds a policy from bound configuration, after validating it.</summary>
    /// <param name="options">The bound options.</param>
    /// <param name="resolveCalendar">Finds a calendar by the name in <see cref="SlaPolicyOptions.Calendar"/>; returns <see langword="null"/> when there is none.</param>
    /// <returns>The policy the options describe.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="options"/> or <paramref name="resolveCalendar"/> is <see langword="null"/>.</exception>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">Thrown when the options are not valid or name an unknown calendar; the failures name every bad key.</exception>
    public static SlaPolicy FromOptions(SlaPolicyOptions options, Func<string, BusinessCalendar?> resolveCalendar)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(resolveCalendar);
        return SlaPolicyOptionsValidator.Build(options, resolveCalendar);
    }

    /// <summary>Returns the policy's name.</summary>
    /// <returns>The policy's name.</returns>
    public override string ToString() => Name;

    internal static SlaCalendarVersionSource VersionSource(BusinessCalendar calendar, string? calendarVersion)
    {
        if (calendarVersion is null)
        {
            return new SlaCalendarVersionSource(calendar);
        }

        ArgumentException.ThrowIfNullOrWhiteSpace(calendarVersion);
        return new SlaCalendarVersionSource(calendarVersion);
    }

    /// <summary>
    /// The definition of every metric at a priority, by metric number: what <see cref="GetDefinition"/> returns, or
    /// <see langword="null"/> where <see cref="TryGetTarget"/> finds no target. One look-up for all metrics (the SLA tracker
    /// asks once per operation); the row is shared, never to be changed.
    /// </summary>
    internal SlaClockDefinition?[] DefinitionsFor(SlaPriority priority) =>
        !priority.IsDefault && _definitionRows.TryGetValue(priority, out var row) ? row : _defaultDefinitionRow;

    internal SlaClockDefinition GetDefinition(SlaMetric metric, SlaPriority priority, string parameterName)
    {
        if (!SlaEnums.IsSpecified(metric))
        {
            throw new ArgumentOutOfRangeException(parameterName, metric, SlaEnums.Unspecified(metric));
        }

        if (!priority.IsDefault && _definitions.TryGetValue((metric, priority), out var definition))
        {
            return definition;
        }

        if (_definitions.TryGetValue((metric, default), out definition))
        {
            return definition;
        }

        throw new ArgumentException(
            string.Create(CultureInfo.InvariantCulture, $"SLA policy '{Name}' has no target for {metric} at priority '{priority}'."),
            parameterName);
    }
}
