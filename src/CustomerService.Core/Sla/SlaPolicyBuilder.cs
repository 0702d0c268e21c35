using System.Collections.Immutable;
using System.Globalization;
using CustomerService.Core.Calendars;
using NodaTime;

namespace CustomerService.Core.Sla;

/// <summary>Builds an immutable <see cref="SlaPolicy"/>: targets per metric and priority, warning thresholds and pause rules.</summary>
/// <remarks>A builder is single use: after <see cref="Build"/> every method throws <see cref="InvalidOperationException"/>.</remarks>
/// <threadsafety>This type is not thread-safe: build a policy on one thread, then share the policy.</threadsafety>
public sealed partial class SlaPolicyBuilder
{
    private readonly string _name;
    private readonly BusinessCalendar _calendar;
    private readonly SlaCalendarVersionSource _calendarVersion;
    private readonly List<SlaTarget> _targets = [];
    private readonly int[] _pauseMasks = new int[Enum.GetValues<SlaMetric>().Length];
    private ImmutableArray<double> _thresholds = SlaPolicy.DefaultWarningThresholds;
    private bool _built;

    internal SlaPolicyBuilder(string name, BusinessCalendar calendar, string? calendarVersion)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(calendar);
        _name = name;
        _calendar = calendar;
        _calendarVersion = SlaPolicy.VersionSource(calendar, calendarVersion);
    }

    /// <summary>Adds the target of a metric for one priority, in business time on the policy's calendar.</summary>
    /// <param name="metric">The metric.</param>
    /// <param name="priority">The priority the target applies to.</param>
    /// <param name="target">The business time allowed before a breach; positive and at most 36,500 days.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when <paramref name="metric"/> is not a defined value, or <paramref name="target"/> is not positive or longer than 36,500 days.</exception>
    /// <exception cref="ArgumentException">Thrown when <paramref name="priority"/> is the default value, or the metric already has a target for it.</exception>
    /// <exception cref="InvalidOperationException">Thrown when the builder has already built its policy.</exception>
    public SlaPolicyBuilder Target(SlaMetric metric, SlaPriority priority, Duration target) =>
        Target(metric, priority, target, SlaTimeBasis.BusinessTime);

    /// <summary>Adds the target of a metric for one priority, counted in business or calendar time.</summary>
    /// <param name="metric">The metric.</param>
    /// <param name="priority">The priority the target applies to.</param>
    /// <param name="target">The time allowed before a breach; positive and at most 36,500 days.</param>
    /// <param name="basis">Whether <paramref name="target"/> counts business time on the calendar or calendar time (24×7).</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when <paramref name="metric"/> or <paramref name="basis"/> is not a defined value, or <paramref name="target"/> is not positive or longer than 36,500 days.</exception>
    /// <exception cref="ArgumentException">Thrown when <paramref name="priority"/> is the default value, or the metric already has a target for it.</exception>
    /// <exception cref="InvalidOperationException">Thrown when the builder has already built its policy.</exception>
    public SlaPolicyBuilder Target(SlaMetric metric, SlaPriority priority, Duration target, SlaTimeBasis basis)
    {
        if (priority.IsDefault)
        {
            throw new ArgumentException("The priority must have a name; use DefaultTarget for a target that applies to every priority.", nameof(priority));
        }

        return AddTarget(metric, priority, target, basis);
    }

    /// <summary>Adds the target of a metric for every priority without a target of its own, in business time on the policy's calendar.</summary>
    /// <param name="metric">The metric.</param>
    /// <param name="target">The business time allowed before a breach; positive and at most 36,500 days.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when <paramref name="metric"/> is not a defined value, or <paramref name="target"/> is not positive or longer than 36,500 days.</exception>
    /// <exception cref="ArgumentException">Thrown when the metric already has a target for every priority.</exception>
    /// <exception cref="InvalidOperationException">Thrown when the builder has already built its policy.</exception>
    public SlaPolicyBuilder DefaultTarget(SlaMetric metric, Duration target) =>
        AddTarget(metric, null, target, SlaTimeBasis.BusinessTime);

    /// <summary>Adds the target of a metric for every priority without a target of its own, counted in business or calendar time.</summary>
    /// <param name="metric">The metric.</param>
    /// <param name="target">The time allowed before a breach; positive and at most 36,500 days.</param>
    /// <param name="basis">Whether <paramref name="target"/> counts business time on the calendar or calendar time (24×7).</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when <paramref name="metric"/> or <paramref name="basis"/> is not a defined value, or <paramref name="target"/> is not positive or longer than 36,500 days.</exception>
    /// <exception cref="ArgumentException">Thrown when the metric already has a target for every priority.</exception>
    /// <exception cref="InvalidOperationException">Thrown when the builder has already built its policy.</exception>
    public SlaPolicyBuilder DefaultTarget(SlaMetric metric, Duration target, SlaTimeBasis basis) =>
        AddTarget(metric, null, target, basis);

    /// <summary>Replaces the warning thresholds (by default 0.5, 0.75 and 0.9).</summary>
    /// <param name="fractions">Up to 8 fractions of the target, each greater than 0 and less than 1, strictly ascending (to the millionth); none for no warnings.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentException">Thrown when there are more than 8 fractions, or they are not strictly ascending.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when a fraction is not greater than 0 and less than 1.</exception>
    /// <exception cref="InvalidOperationException">Thrown when the builder has already built its policy.</exception>
    public SlaPolicyBuilder WarningThresholds(params ReadOnlySpan<double> fractions)
    {
        ThrowIfBuilt();
        var error = ValidateThresholds(fractions);
        if (error is not null)
        {
            throw error.Value.OutOfRange
                ? new ArgumentOutOfRangeException(nameof(fractions), error.Value.Message)
                : new ArgumentException(error.Value.Message, nameof(fractions));
        }

        _thresholds = [.. fractions];
        return this;
    }

    /// <summary>Makes metrics pause while a case waits for a reason.</summary>
    /// <param name="reason">Why the case waits.</param>
    /// <param name="metrics">The metrics whose clocks pause while the case waits for <paramref name="reason"/>.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when <paramref name="reason"/> or one of <paramref name="metrics"/> is not a defined value.</exception>
    /// <exception cref="InvalidOperationException">Thrown when the builder has already built its policy.</exception>
    public SlaPolicyBuilder PauseWhen(SlaWaitReason reason, params ReadOnlySpan<SlaMetric> metrics)
    {
        ThrowIfBuilt();
        if (!SlaEnums.IsSpecified(reason))
        {
            throw new ArgumentOutOfRangeException(nameof(reason), reason, SlaEnums.Unspecified(reason));
        }

        foreach (var metric in metrics)
        {
            if (!SlaEnums.IsSpecified(metric))
            {
                throw new ArgumentOutOfRangeException(nameof(metrics), metric, SlaEnums.Unspecified(metric));
            }
        }

        foreach (var metric in metrics)
        {
            _pauseMasks[(int)metric] |= 1 << (int)reason;
        }

        return this;
    }

    /// <summary>Builds the policy; the builder cannot be used afterwards.</summary>
    /// <returns>The immutable policy.</returns>
    /// <exception cref="ArgumentException">Thrown when no target was added (named <c>targets</c>): a policy needs at least one; the builder can still be used.</exception>
    /// <exception cref="InvalidOperationException">Thrown when the builder has already built its policy.</exception>
    public SlaPolicy Build()
    {
        ThrowIfBuilt();
        if (_targets.Count == 0)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"SLA policy '{_name}' needs at least one target: add one with Target or DefaultTarget before Build."),
                "targets");
        }

        CheckEscalations();
        _built = true;
        return new SlaPolicy(_name, _calendar, _calendarVersion, [.. _targets], _thresholds, (int[])_pauseMasks.Clone(), BuildWarningRules(), BuildMetricCalendars()) { Escalations = BuildEscalations() };
    }

    internal static (string Message, bool OutOfRange)? ValidateThresholds(ReadOnlySpan<double> fractions)
    {
        if (fractions.Length > SlaClockDefinition.MaximumThresholds)
        {
            return (string.Create(CultureInfo.InvariantCulture, $"At most {SlaClockDefinition.MaximumThresholds} warning thresholds are allowed; {fractions.Length} were given."), false);
        }

        var previous = 0;
        for (var i = 0; i < fractions.Length; i++)
        {
            var fraction = fractions[i];
            if (!(fraction > 0 && fraction < 1))
            {
                return (string.Create(CultureInfo.InvariantCulture, $"Warning threshold {i} is {fraction}; it must be greater than 0 and less than 1."), true);
            }

            var ppm = SlaClockDefinition.ToPartsPerMillion(fraction);
            if (ppm <= previous || ppm >= 1_000_000)
            {
                return (string.Create(CultureInfo.InvariantCulture, $"Warning threshold {i} ({fraction}) must be greater than the one before it and less than 1, to the millionth."), false);
            }

            previous = ppm;
        }

        return null;
    }

    internal static string? ValidateTarget(Duration target)
    {
        if (target <= Duration.Zero)
        {
            return string.Create(CultureInfo.InvariantCulture, $"The target {target} must be positive.");
        }

        if (target > SlaClockDefinition.MaximumTarget)
        {
            return string.Create(CultureInfo.InvariantCulture, $"The target {target} must be at most {SlaClockDefinition.MaximumTarget.Days} days.");
        }

        return null;
    }

    private SlaPolicyBuilder AddTarget(SlaMetric metric, SlaPriority? priority, Duration target, SlaTimeBasis basis)
    {
        ThrowIfBuilt();
        if (!SlaEnums.IsSpecified(metric))
        {
            throw new ArgumentOutOfRangeException(nameof(metric), metric, SlaEnums.Unspecified(metric));
        }

        if (!SlaEnums.IsSpecified(basis))
        {
            throw new ArgumentOutOfRangeException(nameof(basis), basis, SlaEnums.Unspecified(basis));
        }

        var error = ValidateTarget(target);
        if (error is not null)
        {
            throw new ArgumentOutOfRangeException(nameof(target), target, string.Create(CultureInfo.InvariantCulture, $"SLA policy '{_name}', {metric}: {error}"));
        }

        foreach (var existing in _targets)
        {
            if (existing.Metric == metric && existing.Priority == priority)
            {
                throw new ArgumentException(
                    string.Create(CultureInfo.InvariantCulture, $"SLA policy '{_name}' already has a {metric} target for {(priority is null ? "every priority" : "priority '" + priority + "'")}."),
                    priority is null ? nameof(metric) : nameof(priority));
            }
        }

        _targets.Add(new SlaTarget(metric, priority, target, basis));
        return this;
    }

    private void ThrowIfBuilt()
    {
        if (_built)
        {
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"The builder of SLA policy '{_name}' has already built its policy and cannot be used again."));
        }
    }
}
