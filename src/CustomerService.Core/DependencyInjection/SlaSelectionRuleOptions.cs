using CustomerService.Core.Leads;
using CustomerService.Core.Sla;
using CustomerService.Core.Tickets;
using NodaTime;

namespace CustomerService.Core.DependencyInjection;

/// <summary>One ordered ticket selection rule of <see cref="SlaSelectionOptions.TicketRules"/>: when all its conditions hold, the ticket runs under <see cref="Policy"/>.</summary>
/// <example>
/// <code language="json">
/// { "Name": "gold-urgent", "Policy": "Premium", "Conditions": [
///   { "Fact": "Priority", "Operator": "In", "Values": [ "Urgent", "High" ] },
///   { "Fact": "Segment", "Operator": "In", "Values": [ "Gold" ] } ] }
/// </code>
/// </example>
/// <threadsafety>This mutable options class is not thread-safe; configure it at start-up, then only read it.</threadsafety>
public sealed class SlaSelectionRuleOptions
{
    /// <summary>Gets or sets the rule's name, recorded as <see cref="SlaClockSet.SelectedBy"/> when it chooses the policy.</summary>
    /// <value>The default value is an empty string (invalid).</value>
    public string Name { get; set; } = string.Empty;

    /// <summary>Gets or sets the name of the policy (under <c>SlaPolicies</c>) the rule selects.</summary>
    /// <value>The default value is an empty string (invalid).</value>
    public string Policy { get; set; } = string.Empty;

    /// <summary>Gets the conditions that must all hold, over the ticket's facts (<c>Priority</c>, <c>Channel</c>, <c>Category</c>, <c>Tier</c>) and those of <see cref="SlaSelectionOptions.TicketFacts"/>.</summary>
    /// <value>The default value is an empty list: the rule always matches.</value>
    public IList<ConditionOptions> Conditions { get; } = [];
}

/// <summary>Validates and builds the ticket selection rules of <see cref="SlaSelectionOptions"/>.</summary>
internal static class SlaSelectionRules
{
    private const string RuleSetName = "Sla:TicketRules";

    /// <summary>Every problem of the rules and facts, each prefixed with its key relative to the <c>Sla</c> section.</summary>
    public static IEnumerable<string> Validate(SlaSelectionOptions selection, ICollection<string> policyNames)
    {
        var errors = new List<string>();
        var schema = BuildSchema(selection, errors);
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var r = 0; r < selection.TicketRules.Count; r++)
        {
            var key = $"{nameof(SlaSelectionOptions.TicketRules)}:{r}";
            var rule = selection.TicketRules[r];
            if (rule is null)
            {
                errors.Add($"{key}: an empty rule entry.");
                continue;
            }

            var label = string.IsNullOrWhiteSpace(rule.Name) ? $"#{r}" : rule.Name;
            if (string.IsNullOrWhiteSpace(rule.Name))
            {
                errors.Add($"{key}:Name: rule #{r} needs a name.");
            }
            else if (!names.Add(rule.Name))
            {
                errors.Add($"{key}:Name: rule '{rule.Name}' is defined twice.");
            }

            if (string.IsNullOrWhiteSpace(rule.Policy))
            {
                errors.Add($"{key}:Policy: rule '{label}' needs the name of a policy.");
            }
            else if (!policyNames.Contains(rule.Policy))
            {
                errors.Add($"{key}:Policy: rule '{label}' names policy '{rule.Policy}', but no SLA policy has that name under SlaPolicies{Suggest.Hint(rule.Policy, [.. policyNames])}");
            }

            for (var c = 0; c < rule.Conditions.Count; c++)
            {
                if (CheckCondition(rule.Conditions[c], label, schema) is { } error)
                {
                    errors.Add($"{key}:Conditions:{c}:{error}.");
                }
            }
        }

        return errors;
    }

    /// <summary>Builds the rule set the options describe (after validation), or <see langword="null"/> when there are no rules.</summary>
    public static SegmentationRuleSet? Build(SlaSelectionOptions selection)
    {
        if (selection.TicketRules.Count == 0)
        {
            return null;
        }

        var schema = BuildSchema(selection, errors: null)!;
        var builder = SegmentationRuleSet.CreateBuilder(RuleSetName, schema, DateTimeZone.Utc);
        foreach (var rule in selection.TicketRules)
        {
            builder.AddRule(rule.Name, rule.Policy, [.. rule.Conditions.Select(c => c.ToCondition())]);
        }

        // Not used: a ticket no rule matches falls through to the priority's policy, then the default one.
        return builder.Otherwise("(no rule)").Build();
    }

    private static FactSchema? BuildSchema(SlaSelectionOptions selection, List<string>? errors)
    {
        var builder = TicketSlaSelection.CreateSchemaBuilder();
        var ok = true;
        for (var i = 0; i < selection.TicketFacts.Count; i++)
        {
            var key = $"{nameof(SlaSelectionOptions.TicketFacts)}:{i}";
            var fact = selection.TicketFacts[i];
            if (fact is null)
            {
                errors?.Add($"{key}: an empty fact entry.");
                ok = false;
                continue;
            }

            try
            {
                switch (fact.Kind)
                {
                    case FactKind.Number: builder.AddNumber(fact.Name); break;
                    case FactKind.Count: builder.AddCount(fact.Name); break;
                    case FactKind.Flag: builder.AddFlag(fact.Name); break;
                    case FactKind.Enum: builder.AddEnum(fact.Name, [.. fact.Values]); break;
                    default:
                        errors?.Add($"{key}:Kind: fact '{fact.Name}' needs a kind: Number, Count, Flag or Enum (SLA selection reads no dates).");
                        ok = false;
                        break;
                }
            }
            catch (ArgumentException e)
            {
                var message = e.Message;
                var cut = message.IndexOf(" (Parameter", StringComparison.Ordinal);
                errors?.Add($"{key}: {(cut >= 0 ? message[..cut] : message).TrimEnd('.')} (Priority, Channel, Category and Tier are the ticket's own facts).");
                ok = false;
            }
        }

        return ok ? builder.Build() : null;
    }

    private static string? CheckCondition(ConditionOptions? condition, string rule, FactSchema? schema)
    {
        if (condition is null)
        {
            return $" rule '{rule}' has an empty condition entry";
        }

        if (!Enum.IsDefined(condition.Operator))
        {
            return $"Operator: rule '{rule}' needs a defined operator";
        }

        if (RuleCondition.IsDateOperator(condition.Operator))
        {
            return $"Operator: rule '{rule}' compares dates ({condition.Operator}); SLA selection reads no dates";
        }

        if (RuleCondition.IsNumberOperator(condition.Operator) && (condition.Value is not { } v || !double.IsFinite(v)))
        {
            return $"Value: rule '{rule}' needs a finite number";
        }

        if (condition.Operator == ConditionOperator.In && (condition.Values.Count == 0 || condition.Values.Any(string.IsNullOrWhiteSpace)))
        {
            return $"Values: rule '{rule}' needs one or more non-empty values";
        }

        if (string.IsNullOrWhiteSpace(condition.Fact))
        {
            return $"Fact: rule '{rule}' needs a fact";
        }

        if (schema is not null && SegmentationRuleSet.Check(schema, rule, condition.ToCondition()) is { } error)
        {
            var known = string.Join(", ", schema.Facts.Select(f => f.Name));
            return schema.TryGetIndex(condition.Fact, out _) ? $"Fact: {error}" : $"Fact: {error} (known facts: {known})";
        }

        return null;
    }
}
