using System.Collections.Immutable;
using System.Globalization;
using NodaTime;

namespace CustomerService.Core.Sla;

/// <content>Escalation rules (issue 17, item 7).</content>
public sealed partial class SlaPolicyBuilder
{
    private readonly List<SlaEscalationRule> _escalations = [];

    /// <summary>Escalates a case automatically when a metric's clock breaches: at most once per clock cycle.</summary>
    /// <param name="metric">The metric whose breach escalates.</param>
    /// <param name="actions">What to do: <see cref="SlaEscalationActions.TierUp"/>, <see cref="SlaEscalationActions.Reassign"/>, <see cref="SlaEscalationActions.Notify"/>, combined.</param>
    /// <param name="queue">The queue to reassign to; required with <see cref="SlaEscalationActions.Reassign"/>, otherwise <see langword="null"/>.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when <paramref name="metric"/> is not a defined value.</exception>
    /// <exception cref="ArgumentException">Thrown when <paramref name="actions"/> is empty or undefined (named <c>actions</c>), or <paramref name="queue"/> is missing for a reassignment, given without one, or longer than 200 characters (named <c>queue</c>).</exception>
    /// <exception cref="InvalidOperationException">Thrown when the builder has already built its policy.</exception>
    public SlaPolicyBuilder EscalateOnBreach(SlaMetric metric, SlaEscalationActions actions, string? queue = null) =>
        AddEscalation(metric, null, null, actions, queue);

    /// <summary>Escalates a case automatically when a metric's clock crosses one of the policy's warning thresholds: at most once per clock cycle.</summary>
    /// <param name="metric">The metric whose warning escalates.</param>
    /// <param name="threshold">One of the policy's <see cref="WarningThresholds"/> (checked by <see cref="Build"/>), for example 0.9.</param>
    /// <param name="actions">What to do, combined.</param>
    /// <param name="queue">The queue to reassign to; required with <see cref="SlaEscalationActions.Reassign"/>, otherwise <see langword="null"/>.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when <paramref name="metric"/> is not a defined value, or <paramref name="threshold"/> is not greater than 0 and less than 1.</exception>
    /// <exception cref="ArgumentException">Thrown when <paramref name="actions"/> or <paramref name="queue"/> is not valid (see <see cref="EscalateOnBreach"/>).</exception>
    /// <exception cref="InvalidOperationException">Thrown when the builder has already built its policy.</exception>
    public SlaPolicyBuilder EscalateOnWarning(SlaMetric metric, double threshold, SlaEscalationActions actions, string? queue = null)
    {
        if (!(threshold > 0 && threshold < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(threshold), threshold, "An escalation threshold must be greater than 0 and less than 1, and one of the policy's warning thresholds.");
        }

        return AddEscalation(metric, threshold, null, actions, queue);
    }

    /// <summary>Escalates a case automatically when a metric's clock passes one of the policy's warnings before due: at most once per clock cycle.</summary>
    /// <param name="metric">The metric whose warning escalates.</param>
    /// <param name="beforeDue">One of the policy's warnings before due (<see cref="WarningsBeforeDue"/>; checked by <see cref="Build"/>).</param>
    /// <param name="actions">What to do, combined.</param>
    /// <param name="queue">The queue to reassign to; required with <see cref="SlaEscalationActions.Reassign"/>, otherwise <see langword="null"/>.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when <paramref name="metric"/> is not a defined value, or <paramref name="beforeDue"/> is not positive.</exception>
    /// <exception cref="ArgumentException">Thrown when <paramref name="actions"/> or <paramref name="queue"/> is not valid (see <see cref="EscalateOnBreach"/>).</exception>
    /// <exception cref="InvalidOperationException">Thrown when the builder has already built its policy.</exception>
    public SlaPolicyBuilder EscalateBeforeDue(SlaMetric metric, Duration beforeDue, SlaEscalationActions actions, string? queue = null)
    {
        if (beforeDue <= Duration.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(beforeDue), beforeDue, "An escalation's lead time must be positive, and one of the policy's warnings before due.");
        }

        return AddEscalation(metric, null, beforeDue, actions, queue);
    }

    private SlaPolicyBuilder AddEscalation(SlaMetric metric, double? threshold, Duration? beforeDue, SlaEscalationActions actions, string? queue)
    {
        ThrowIfBuilt();
        if (!SlaEnums.IsSpecified(metric))
        {
            throw new ArgumentOutOfRangeException(nameof(metric), metric, SlaEnums.Unspecified(metric));
        }

        if (SlaEscalationRule.Validate(actions, queue) is { } error)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"SLA policy '{_name}', escalation on {metric}: {error.Message}"), error.Parameter);
        }

        _escalations.Add(new SlaEscalationRule(metric, threshold, beforeDue, actions, queue));
        return this;
    }

    /// <summary>Checks every escalation against the policy's warnings; the builder stays usable when one is wrong.</summary>
    private void CheckEscalations()
    {
        foreach (var rule in _escalations)
        {
            if (rule.CheckAgainst(_thresholds.AsSpan(), _leadTimes.AsSpan()) is { } error)
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"SLA policy '{_name}': {error}"), "escalations");
            }
        }
    }

    private ImmutableArray<SlaEscalationRule> BuildEscalations() => [.. _escalations];
}
