using System.Globalization;
using CustomerService.Core.Calendars;
using Microsoft.Extensions.Options;
using NodaTime;

namespace CustomerService.Core.Sla;

/// <summary>Validates <see cref="SlaPolicyOptions"/>, reporting every problem at once with the key at fault (for example <c>Metrics:FirstResponse:Targets:Urgent</c>).</summary>
/// <remarks>Register it with the options so that <c>ValidateOnStart</c> reports bad configuration when the host starts. Whether the named calendar exists is checked by <see cref="SlaPolicy.FromOptions"/>.</remarks>
/// <threadsafety>This type is stateless and thread-safe.</threadsafety>
internal sealed class SlaPolicyOptionsValidator : IValidateOptions<SlaPolicyOptions>
{
    /// <summary>Validates a named instance of the options.</summary>
    /// <param name="name">The options instance's name, or <see langword="null"/>.</param>
    /// <param name="options">The options to validate.</param>
    /// <returns>Success, or a failure listing every bad key and why.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="options"/> is <see langword="null"/>.</exception>
    public ValidateOptionsResult Validate(string? name, SlaPolicyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        _ = Read(options, errors);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    internal static SlaPolicy Build(SlaPolicyOptions options, Func<string, BusinessCalendar?> resolveCalendar)
    {
        var errors = new List<string>();
        var recipe = Read(options, errors);
        BusinessCalendar? calendar = null;
        if (!string.IsNullOrWhiteSpace(options.Calendar))
        {
            calendar = resolveCalendar(options.Calendar);
            if (calendar is null)
            {
                errors.Add(Error("Calendar", $"no business calendar is named '{options.Calendar}'."));
            }
        }

        var metricCalendars = new List<(SlaMetric Metric, BusinessCalendar Calendar, string? Version)>();
        foreach (var (metric, name, version, key) in recipe.MetricCalendars)
        {
            if (resolveCalendar(name) is { } own)
            {
                metricCalendars.Add((metric, own, version));
            }
            else
            {
                errors.Add(Error(key, $"no business calendar is named '{name}'."));
            }
        }

        if (errors.Count > 0 || calendar is null)
        {
            throw new OptionsValidationException(options.Name ?? string.Empty, typeof(SlaPolicyOptions), errors);
        }

        var builder = SlaPolicy.CreateBuilder(options.Name!, calendar, options.CalendarVersion);
        builder.WarningThresholds(recipe.Thresholds);
        builder.WarningsBeforeDue(recipe.LeadTimes).DeliverWarningsAtNextOpening(options.DeliverWarningsAtNextOpening);
        foreach (var rule in recipe.Escalations)
        {
            _ = rule.Threshold is { } threshold ? builder.EscalateOnWarning(rule.Metric, threshold, rule.Actions, rule.Queue)
                : rule.BeforeDue is { } lead ? builder.EscalateBeforeDue(rule.Metric, lead, rule.Actions, rule.Queue)
                : builder.EscalateOnBreach(rule.Metric, rule.Actions, rule.Queue);
        }
        foreach (var (metric, priority, target, basis) in recipe.Targets)
        {
            if (priority is null)
            {
                builder.DefaultTarget(metric, target, basis);
            }
            else
            {
                builder.Target(metric, priority.Value, target, basis);
            }
        }

        foreach (var (metric, reason) in recipe.Pauses)
        {
            builder.PauseWhen(reason, metric);
        }

        foreach (var (metric, own, version) in metricCalendars)
        {
            builder.MetricCalendar(metric, own, version);
        }

        return builder.Build();
    }

    private static Recipe Read(SlaPolicyOptions options, List<string> errors)
    {
        var recipe = new Recipe();
        if (string.IsNullOrWhiteSpace(options.Name))
        {
            errors.Add(Error("Name", "a policy needs a name."));
        }

        if (string.IsNullOrWhiteSpace(options.Calendar))
        {
            errors.Add(Error("Calendar", "a policy needs the name of a business calendar."));
        }

        if (options.CalendarVersion is not null && string.IsNullOrWhiteSpace(options.CalendarVersion))
        {
            errors.Add(Error("CalendarVersion", "a calendar version tag must not be empty; leave it out to use a fingerprint."));
        }

        if (options.WarningThresholds is { } thresholds)
        {
            var fractions = thresholds.ToArray();
            var problem = SlaPolicyBuilder.ValidateThresholds(fractions);
            if (problem is not null)
            {
                errors.Add(Error("WarningThresholds", problem.Value.Message));
            }
            else
            {
                recipe.Thresholds = fractions;
            }
        }

        ReadWarningsBeforeDue(options, recipe, errors);

        if (options.Metrics.Count == 0)
        {
            errors.Add(Error("Metrics", "a policy needs at least one metric with a target."));
        }

        foreach (var (metricKey, metricOptions) in options.Metrics)
        {
            var prefix = "Metrics:" + metricKey;
            if (!SlaEnums.TryParseName<SlaMetric>(metricKey, out var metric))
            {
                errors.Add(Error(prefix, $"'{metricKey}' is not a metric; use one of {SlaEnums.Names<SlaMetric>()}{DependencyInjection.Suggest.Hint(metricKey, SlaEnums.NameList<SlaMetric>()).TrimEnd('.')}."));
                continue;
            }

            if (metricOptions is null)
            {
                errors.Add(Error(prefix, "the metric has no settings."));
                continue;
            }

            var basis = SlaTimeBasis.BusinessTime;
            if (metricOptions.Basis is not null && !SlaEnums.TryParseName(metricOptions.Basis, out basis))
            {
                errors.Add(Error(prefix + ":Basis", $"'{metricOptions.Basis}' is not a time basis; use BusinessTime or CalendarTime{DependencyInjection.Suggest.Hint(metricOptions.Basis, SlaEnums.NameList<SlaTimeBasis>()).TrimEnd('.')}."));
            }

            if (metricOptions.Targets.Count == 0)
            {
                errors.Add(Error(prefix + ":Targets", "the metric needs at least one target (a priority name or Default)."));
            }

            foreach (var (priorityKey, text) in metricOptions.Targets)
            {
                var key = prefix + ":Targets:" + priorityKey;
                SlaPriority? priority = null;
                if (!string.Equals(priorityKey, SlaMetricOptions.DefaultPriorityKey, StringComparison.OrdinalIgnoreCase))
                {
                    if (!SlaPriority.IsValidName(priorityKey))
                    {
                        errors.Add(Error(key, "a priority name must be 1 to 64 ASCII letters, digits, '-' or '_' (or Default)."));
                        continue;
                    }

                    priority = new SlaPriority(priorityKey);
                }

                if (!DependencyInjection.SettingsDuration.TryParse(text, out var target, out var hasDays))
                {
                    errors.Add(Error(key, $"'{text}' is not a duration; {DependencyInjection.SettingsDuration.Syntax}."));
                    continue;
                }

                if (hasDays && basis == SlaTimeBasis.BusinessTime)
                {
                    errors.Add(Error(key, $"'{text}' counts days, but a business-time target counts business hours (a day would be 24 business hours, three 8-hour working days); write the hours, for example 24h, or set Basis to CalendarTime."));
                    continue;
                }

                var problem = SlaPolicyBuilder.ValidateTarget(target);
                if (problem is not null)
                {
                    errors.Add(Error(key, target > SlaClockDefinition.MaximumTarget
                        ? $"'{text}' is longer than the maximum target of {SlaClockDefinition.MaximumTarget.Days} days."
                        : problem));
                    continue;
                }

                recipe.Targets.Add((metric, priority, target, basis));
            }

            if (metricOptions.Calendar is not null && string.IsNullOrWhiteSpace(metricOptions.Calendar))
            {
                errors.Add(Error(prefix + ":Calendar", "a metric's calendar name must not be empty; leave it out to count on the policy's calendar."));
            }
            else if (metricOptions.CalendarVersion is not null && (string.IsNullOrWhiteSpace(metricOptions.CalendarVersion) || metricOptions.Calendar is null))
            {
                errors.Add(Error(prefix + ":CalendarVersion", metricOptions.Calendar is null
                    ? "a calendar version tag needs the metric's own Calendar."
                    : "a calendar version tag must not be empty; leave it out to use a fingerprint."));
            }
            else if (metricOptions.Calendar is { } own)
            {
                recipe.MetricCalendars.Add((metric, own, metricOptions.CalendarVersion, prefix + ":Calendar"));
            }

            for (var i = 0; i < metricOptions.PauseWhen.Count; i++)
            {
                var text = metricOptions.PauseWhen[i];
                if (!SlaEnums.TryParseName<SlaWaitReason>(text, out var reason))
                {
                    errors.Add(Error(
                        prefix + ":PauseWhen:" + i.ToString(CultureInfo.InvariantCulture),
                        $"'{text}' is not a wait reason; use one of {SlaEnums.Names<SlaWaitReason>()}{DependencyInjection.Suggest.Hint(text ?? string.Empty, SlaEnums.NameList<SlaWaitReason>()).TrimEnd('.')}."));
                    continue;
                }

                recipe.Pauses.Add((metric, reason));
            }
        }

        ReadEscalations(options, recipe, errors);
        return recipe;
    }

    /// <summary>Reads <see cref="SlaPolicyOptions.Escalations"/>, naming <c>Escalations:{i}:{key}</c> in every error.</summary>
    private static void ReadEscalations(SlaPolicyOptions options, Recipe recipe, List<string> errors)
    {
        for (var i = 0; i < options.Escalations.Count; i++)
        {
            var prefix = "Escalations:" + i.ToString(CultureInfo.InvariantCulture);
            var rule = options.Escalations[i];
            if (rule is null)
            {
                errors.Add(Error(prefix, "the escalation has no settings."));
                continue;
            }

            var valid = true;
            if (!SlaEnums.TryParseName<SlaMetric>(rule.Metric, out var metric))
            {
                errors.Add(Error(prefix + ":Metric", $"'{rule.Metric}' is not a metric; use one of {SlaEnums.Names<SlaMetric>()}{DependencyInjection.Suggest.Hint(rule.Metric ?? string.Empty, SlaEnums.NameList<SlaMetric>()).TrimEnd('.')}."));
                valid = false;
            }

            double? threshold = null;
            Duration? lead = null;
            if (rule.On is not null && !string.Equals(rule.On, "Breach", StringComparison.OrdinalIgnoreCase))
            {
                if (double.TryParse(rule.On, NumberStyles.Float, CultureInfo.InvariantCulture, out var fraction) && fraction > 0 && fraction < 1)
                {
                    threshold = fraction;
                }
                else if (DependencyInjection.SettingsDuration.TryParse(rule.On, out var duration, out var hasDays) && !hasDays && duration > Duration.Zero)
                {
                    lead = duration;
                }
                else
                {
                    errors.Add(Error(prefix + ":On", $"'{rule.On}' is not Breach, a warning threshold (a fraction such as 0.9) or a warning before due (a duration such as 30m)."));
                    valid = false;
                }
            }

            var actions = SlaEscalationActions.None;
            for (var k = 0; k < rule.Actions.Count; k++)
            {
                var text = rule.Actions[k];
                if (Enum.TryParse<SlaEscalationActions>(text, ignoreCase: true, out var action) && action is SlaEscalationActions.TierUp or SlaEscalationActions.Reassign or SlaEscalationActions.Notify
                    && !int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out _))
                {
                    actions |= action;
                }
                else
                {
                    errors.Add(Error(prefix + ":Actions:" + k.ToString(CultureInfo.InvariantCulture), $"'{text}' is not an escalation action; use TierUp, Reassign or Notify{DependencyInjection.Suggest.Hint(text ?? string.Empty, ["TierUp", "Reassign", "Notify"]).TrimEnd('.')}."));
                    valid = false;
                }
            }

            if (!valid)
            {
                continue;
            }

            if (SlaEscalationRule.Validate(actions, rule.Queue) is { } problem)
            {
                errors.Add(Error(prefix + (problem.Parameter == "queue" ? ":Queue" : ":Actions"), problem.Message));
                continue;
            }

            var escalation = new SlaEscalationRule(metric, threshold, lead, actions, rule.Queue);
            if (escalation.CheckAgainst(recipe.Thresholds, recipe.LeadTimes) is { } mismatch)
            {
                errors.Add(Error(prefix + ":On", mismatch));
                continue;
            }

            recipe.Escalations.Add(escalation);
        }
    }

    private static string Error(string key, string message) => key + ": " + message;

    /// <summary>Reads <see cref="SlaPolicyOptions.WarningsBeforeDue"/>: each entry a duration in the settings syntax, strictly descending.</summary>
    private static void ReadWarningsBeforeDue(SlaPolicyOptions options, Recipe recipe, List<string> errors)
    {
        if (options.WarningsBeforeDue is not { Count: > 0 } texts)
        {
            return;
        }

        var leads = new Duration[texts.Count];
        var valid = true;
        for (var i = 0; i < texts.Count; i++)
        {
            var key = "WarningsBeforeDue:" + i.ToString(CultureInfo.InvariantCulture);
            var text = texts[i];
            if (!DependencyInjection.SettingsDuration.TryParse(text, out leads[i], out var hasDays))
            {
                errors.Add(Error(key, $"'{text}' is not a duration; {DependencyInjection.SettingsDuration.Syntax}."));
                valid = false;
            }
            else if (hasDays)
            {
                errors.Add(Error(key, $"'{text}' counts days, but a warning before due counts like its targets (business hours for a business-time target); write the hours, for example 8h."));
                valid = false;
            }
        }

        if (!valid)
        {
            return;
        }

        if (SlaWarningRules.Validate(leads) is { } problem)
        {
            errors.Add(Error("WarningsBeforeDue", problem));
            return;
        }

        recipe.LeadTimes = leads;
    }

    private sealed class Recipe
    {
        public double[] Thresholds { get; set; } = [.. SlaPolicy.DefaultWarningThresholds];

        public Duration[] LeadTimes { get; set; } = [];

        public List<SlaEscalationRule> Escalations { get; } = [];

        public List<(SlaMetric Metric, SlaPriority? Priority, Duration Target, SlaTimeBasis Basis)> Targets { get; } = [];

        public List<(SlaMetric Metric, SlaWaitReason Reason)> Pauses { get; } = [];

        public List<(SlaMetric Metric, string Calendar, string? Version, string Key)> MetricCalendars { get; } = [];
    }
}
