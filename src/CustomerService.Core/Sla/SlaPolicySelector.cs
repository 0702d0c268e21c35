using System.Globalization;
using CustomerService.Core.Leads;
using NodaTime;

namespace CustomerService.Core.Sla;

/// <summary>
/// Chooses an SLA policy from a case's facts with an ordered first-match rule set whose segments are policy names:
/// the first rule whose conditions all hold names the policy.
/// </summary>
/// <remarks>
/// The rule set is bound once (its rules read no dates), so a selection is the rule engine's compiled comparisons plus
/// an array read: no allocation. Built once at start-up; immutable and thread-safe.
/// </remarks>
internal sealed class SlaPolicySelector
{
    private readonly SegmentEvaluator _evaluator;
    private readonly SlaPolicy[] _rulePolicies;

    private SlaPolicySelector(SegmentationRuleSet rules, SegmentEvaluator evaluator, SlaPolicy[] rulePolicies)
    {
        Rules = rules;
        _evaluator = evaluator;
        _rulePolicies = rulePolicies;
    }

    /// <summary>Gets the rule set.</summary>
    public SegmentationRuleSet Rules { get; }

    /// <summary>Compiles a first-match rule set whose rule segments name policies.</summary>
    /// <exception cref="ArgumentException">Thrown (naming <paramref name="parameterName"/>) when the rule set scores, reads a date fact, or a rule names an unknown policy.</exception>
    public static SlaPolicySelector Create(SegmentationRuleSet rules, IReadOnlyDictionary<string, SlaPolicy> policies, string parameterName)
    {
        if (rules.Mode != RuleSetMode.FirstMatch)
        {
            throw new ArgumentException($"SLA selection rule set '{rules.Name}' must be a first-match rule set (the first rule that matches names the policy).", parameterName);
        }

        foreach (var fact in rules.Schema.Facts)
        {
            if (fact.Kind == FactKind.Date)
            {
                throw new ArgumentException($"SLA selection rule set '{rules.Name}' declares date fact '{fact.Name}'; SLA selection reads no dates (a policy must not change with the day).", parameterName);
            }
        }

        var rulePolicies = new SlaPolicy[rules.Rules.Count];
        for (var i = 0; i < rulePolicies.Length; i++)
        {
            var rule = rules.Rules[i];
            rulePolicies[i] = policies.TryGetValue(rule.Segment!, out var policy)
                ? policy
                : throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"SLA selection rule {i} ('{rule.Name}') names policy '{rule.Segment}', which the catalog does not hold."), parameterName);
        }

        // No rule reads a date, so any day binds the same conditions.
        return new SlaPolicySelector(rules, rules.For(new LocalDate(2000, 1, 1)), rulePolicies);
    }

    /// <summary>Selects the policy of the first rule that matches a facts row.</summary>
    /// <param name="facts">One value per schema fact.</param>
    /// <param name="ruleIndex">The index of the matching rule, or -1.</param>
    /// <returns>The rule's policy, or <see langword="null"/> when no rule matched.</returns>
    public SlaPolicy? Select(ReadOnlySpan<FactValue> facts, out int ruleIndex)
    {
        var decision = _evaluator.Evaluate(facts);
        ruleIndex = decision.RuleIndex;
        return decision.IsDefault ? null : _rulePolicies[decision.RuleIndex];
    }

    /// <summary>Explains the selection of a facts row (allocates).</summary>
    public SegmentExplanation Explain(ReadOnlySpan<FactValue> facts) => _evaluator.Explain(facts);
}
