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
        return builder.Build();
    }
}
