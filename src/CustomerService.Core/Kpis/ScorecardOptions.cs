using System.Globalization;
using Microsoft.Extensions.Options;

namespace CustomerService.Core.Kpis;

/// <summary>The weights and targets of the agent scorecard, bindable from configuration (section <c>Kpis:Scorecard</c>).</summary>
/// <remarks>
/// The five components follow the usual call-centre appraisal: service quality (satisfaction), efficiency (contacts
/// per day and handle time), problem solving (resolution and first-contact resolution), attendance (days present,
/// late arrivals, early leaves) and product knowledge (test scores). Weights are relative: they need not sum to 100.
/// </remarks>
/// <threadsafety>This type is a mutable options class: configure it at start-up and do not change it while scorecards are being computed.</threadsafety>
public sealed class ScorecardOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string SectionName = "Kpis:Scorecard";

    /// <summary>Gets or sets the weight of service quality (CSAT).</summary>
    /// <value>The default value is 30.</value>
    public double QualityWeight { get; set; } = 30;

    /// <summary>Gets or sets the weight of efficiency (contacts per day and AHT).</summary>
    /// <value>The default value is 20.</value>
    public double EfficiencyWeight { get; set; } = 20;

    /// <summary>Gets or sets the weight of problem solving (resolution rate and FCR).</summary>
    /// <value>The default value is 25.</value>
    public double ProblemSolvingWeight { get; set; } = 25;

    /// <summary>Gets or sets the weight of attendance.</summary>
    /// <value>The default value is 15.</value>
    public double AttendanceWeight { get; set; } = 15;

    /// <summary>Gets or sets the weight of product knowledge (test scores).</summary>
    /// <value>The default value is 10.</value>
    public double KnowledgeWeight { get; set; } = 10;

    /// <summary>Gets or sets the target of handled contacts per attended day; meeting it scores 100.</summary>
    /// <value>The default value is 60.</value>
    public double TargetContactsPerDay { get; set; } = 60;

    /// <summary>Gets or sets the target average handle time, in seconds; at or under it scores 100.</summary>
    /// <value>The default value is 300.</value>
    public double TargetHandleTimeSeconds { get; set; } = 300;

    /// <summary>Gets or sets the points the attendance score loses per late arrival.</summary>
    /// <value>The default value is 5.</value>
    public double LateArrivalPenalty { get; set; } = 5;

    /// <summary>Gets or sets the points the attendance score loses per early leave.</summary>
    /// <value>The default value is 5.</value>
    public double EarlyLeavePenalty { get; set; } = 5;

    /// <summary>Gets the configurable components of the card computed from accumulators (<see cref="AgentScorecardCalculator.Compute(AgentPeriodKpis)"/>).</summary>
    /// <value>Empty by default: the card is then the classic five-part card made of components from the weights and
    /// targets above — CSAT (quality weight), contacts per day and AHT (half the efficiency weight each), resolution rate
    /// and FCR (half the problem-solving weight each), attendance and knowledge score. Bound from
    /// <c>Kpis:Scorecard:Components:0:Kpi</c> and so on; when any component is configured, only the configured ones count.</value>
    public IList<ScorecardComponentOptions> Components { get; } = [];
}

/// <summary>Validates <see cref="ScorecardOptions"/>, reporting every error at once and naming each key.</summary>
/// <threadsafety>This type is stateless and thread-safe.</threadsafety>
internal sealed class ScorecardOptionsValidator : IValidateOptions<ScorecardOptions>
{
    /// <summary>Validates the options.</summary>
    /// <param name="name">The options name (unused: every name has the same rules).</param>
    /// <param name="options">The options to validate.</param>
    /// <returns>Success, or a failure listing every broken rule with its configuration key.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="options"/> is <see langword="null"/>.</exception>
    public ValidateOptionsResult Validate(string? name, ScorecardOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = new ValidateOptionsResultBuilder();
        void Check(bool ok, string key, double value, string rule)
        {
            if (!ok)
            {
                builder.AddError(string.Create(CultureInfo.InvariantCulture, $"{ScorecardOptions.SectionName}:{key} is {value}; {rule}."));
            }
        }

        static bool Weight(double w) => double.IsFinite(w) && w >= 0;
        Check(Weight(options.QualityWeight), nameof(options.QualityWeight), options.QualityWeight, "a weight must be finite and not negative");
        Check(Weight(options.EfficiencyWeight), nameof(options.EfficiencyWeight), options.EfficiencyWeight, "a weight must be finite and not negative");
        Check(Weight(options.ProblemSolvingWeight), nameof(options.ProblemSolvingWeight), options.ProblemSolvingWeight, "a weight must be finite and not negative");
        Check(Weight(options.AttendanceWeight), nameof(options.AttendanceWeight), options.AttendanceWeight, "a weight must be finite and not negative");
        Check(Weight(options.KnowledgeWeight), nameof(options.KnowledgeWeight), options.KnowledgeWeight, "a weight must be finite and not negative");
        double total = options.QualityWeight + options.EfficiencyWeight + options.ProblemSolvingWeight + options.AttendanceWeight + options.KnowledgeWeight;
        if (!(total > 0) || !double.IsFinite(total))
        {
            builder.AddError(string.Create(CultureInfo.InvariantCulture, $"{ScorecardOptions.SectionName}: the weights sum to {total}; at least one weight must be positive."));
        }

        Check(double.IsFinite(options.TargetContactsPerDay) && options.TargetContactsPerDay > 0, nameof(options.TargetContactsPerDay), options.TargetContactsPerDay, "it must be finite and greater than zero");
        Check(double.IsFinite(options.TargetHandleTimeSeconds) && options.TargetHandleTimeSeconds > 0, nameof(options.TargetHandleTimeSeconds), options.TargetHandleTimeSeconds, "it must be finite and greater than zero");
        Check(double.IsFinite(options.LateArrivalPenalty) && options.LateArrivalPenalty is >= 0 and <= 100, nameof(options.LateArrivalPenalty), options.LateArrivalPenalty, "it must be from 0 to 100");
        Check(double.IsFinite(options.EarlyLeavePenalty) && options.EarlyLeavePenalty is >= 0 and <= 100, nameof(options.EarlyLeavePenalty), options.EarlyLeavePenalty, "it must be from 0 to 100");
        double componentWeights = 0;
        for (int i = 0; i < options.Components.Count; i++)
        {
            ScorecardComponentOptions? component = options.Components[i];
            string key = string.Create(CultureInfo.InvariantCulture, $"{nameof(options.Components)}:{i}");
            if (component is null)
            {
                builder.AddError(string.Create(CultureInfo.InvariantCulture, $"{ScorecardOptions.SectionName}:{key} is null; a component must be set."));
                continue;
            }

            if (!Enum.IsDefined(component.Kpi))
            {
                builder.AddError(string.Create(CultureInfo.InvariantCulture, $"{ScorecardOptions.SectionName}:{key}:Kpi is {(int)component.Kpi}; it must be one of {string.Join(", ", Enum.GetNames<ScorecardKpi>())}."));
            }

            if (!Enum.IsDefined(component.Direction))
            {
                builder.AddError(string.Create(CultureInfo.InvariantCulture, $"{ScorecardOptions.SectionName}:{key}:Direction is {(int)component.Direction}; it must be HigherIsBetter or LowerIsBetter."));
            }

            Check(Weight(component.Weight), key + ":Weight", component.Weight, "a weight must be finite and not negative");
            Check(double.IsFinite(component.Target) && component.Target > 0, key + ":Target", component.Target, "it must be finite and greater than zero");
            componentWeights += Weight(component.Weight) ? component.Weight : 0;
        }

        if (options.Components.Count > 0 && !(componentWeights > 0 && double.IsFinite(componentWeights)))
        {
            builder.AddError(string.Create(CultureInfo.InvariantCulture, $"{ScorecardOptions.SectionName}:{nameof(options.Components)}: the weights sum to {componentWeights}; at least one weight must be positive."));
        }

        return builder.Build();
    }
}
