using System.Globalization;
using Microsoft.Extensions.Options;
using NodaTime;
using NodaTime.Text;

namespace CustomerService.Core.Leads;

/// <summary>A segmentation rule set as configuration (JSON-bindable); turn it into a rule set with <see cref="SegmentationRuleSetOptions.Build"/>.</summary>
/// <remarks>
/// Example (appsettings.json): <c>{ "Name": "vip", "TimeZone": "Asia/Shanghai", "Mode": "FirstMatch", "DefaultSegment": "Other",
/// "Facts": [ { "Name": "LastPurchase", "Kind": "Date" } ], "Rules": [ { "Name": "Recent", "Segment": "Active",
/// "Conditions": [ { "Fact": "LastPurchase", "Operator": "DateOnOrAfter", "Offset": "-P90D" } ] } ] }</c>.
/// Periods are ISO-8601 (NodaTime's round-trip or ISO pattern, for example <c>P6M</c>, <c>P-90D</c>, or with a leading minus sign, <c>-P90D</c>).
/// </remarks>
/// <threadsafety>This type is a mutable options class; do not change it while another thread reads it.</threadsafety>
public sealed class SegmentationRuleSetOptions
{
    /// <summary>Gets or sets the rule set's name.</summary>
    /// <value>The default value is an empty string (invalid).</value>
    public string Name { get; set; } = string.Empty;

    /// <summary>Gets or sets the TZDB id of the zone in which "today" is counted.</summary>
    /// <value>The default value is an empty string (invalid).</value>
    public string TimeZone { get; set; } = string.Empty;

    /// <summary>Gets or sets the mode.</summary>
    /// <value>The default value is <see cref="RuleSetMode.FirstMatch"/>.</value>
    public RuleSetMode Mode { get; set; } = RuleSetMode.FirstMatch;

    /// <summary>Gets or sets the segment given when no rule or band applies.</summary>
    /// <value>The default value is an empty string (invalid).</value>
    public string DefaultSegment { get; set; } = string.Empty;

    /// <summary>Gets the facts the rules read, in row order.</summary>
    /// <value>The default value is an empty list.</value>
    public IList<FactOptions> Facts { get; } = [];

    /// <summary>Gets the rules, in evaluation order.</summary>
    /// <value>The default value is an empty list.</value>
    public IList<RuleOptions> Rules { get; } = [];

    /// <summary>Gets the score bands (scoring mode only).</summary>
    /// <value>The default value is an empty list.</value>
    public IList<ScoreBandOptions> Bands { get; } = [];

    /// <summary>Validates and builds the rule set.</summary>
    /// <param name="zones">The zone provider, usually <c>DateTimeZoneProviders.Tzdb</c>.</param>
    /// <returns>The rule set.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="zones"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">Thrown when the options are invalid; the message lists every error with its key.</exception>
    public SegmentationRuleSet Build(IDateTimeZoneProvider zones)
    {
        ArgumentNullException.ThrowIfNull(zones);
        var errors = SegmentationRuleSetOptionsValidator.Collect(this, zones, out var schema, out var zone);
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid segmentation rule set options: " + string.Join("; ", errors));
        }

        var builder = SegmentationRuleSet.CreateBuilder(Name, schema!, zone!, Mode);
        foreach (var rule in Rules)
        {
            var conditions = rule.Conditions.Select(c => c.ToCondition()).ToArray();
            if (Mode == RuleSetMode.FirstMatch)
            {
                builder.AddRule(rule.Name, rule.Segment!, conditions);
            }
            else
            {
                builder.AddScoringRule(rule.Name, rule.Score, conditions);
            }
        }

        foreach (var band in Bands)
        {
            builder.AddBand(band.MinScore, band.Segment);
        }

        return builder.Otherwise(DefaultSegment).Build();
    }
}

/// <summary>One fact of <see cref="SegmentationRuleSetOptions.Facts"/>.</summary>
/// <threadsafety>This type is a mutable options class.</threadsafety>
public sealed class FactOptions
{
    /// <summary>Gets or sets the fact's name.</summary>
    /// <value>The default value is an empty string (invalid).</value>
    public string Name { get; set; } = string.Empty;

    /// <summary>Gets or sets the fact's kind.</summary>
    /// <value>The default value is 0 (invalid): set one of <see cref="FactKind"/>.</value>
    public FactKind Kind { get; set; }

    /// <summary>Gets the names of an enum fact.</summary>
    /// <value>The default value is an empty list.</value>
    public IList<string> Values { get; } = [];
}

/// <summary>One rule of <see cref="SegmentationRuleSetOptions.Rules"/>.</summary>
/// <threadsafety>This type is a mutable options class.</threadsafety>
public sealed class RuleOptions
{
    /// <summary>Gets or sets the rule's name.</summary>
    /// <value>The default value is an empty string (invalid).</value>
    public string Name { get; set; } = string.Empty;

    /// <summary>Gets or sets the segment a first-match rule assigns.</summary>
    /// <value>The default value is <see langword="null"/> (required in first-match mode).</value>
    public string? Segment { get; set; }

    /// <summary>Gets or sets the score a scoring rule adds.</summary>
    /// <value>The default value is 0.</value>
    public int Score { get; set; }

    /// <summary>Gets the conditions that must all hold.</summary>
    /// <value>The default value is an empty list (the rule always matches).</value>
    public IList<ConditionOptions> Conditions { get; } = [];
}

/// <summary>One condition of <see cref="RuleOptions.Conditions"/>.</summary>
/// <threadsafety>This type is a mutable options class.</threadsafety>
public sealed class ConditionOptions
{
    /// <summary>Gets or sets the fact tested.</summary>
    /// <value>The default value is an empty string (invalid).</value>
    public string Fact { get; set; } = string.Empty;

    /// <summary>Gets or sets the comparison.</summary>
    /// <value>The default value is 0 (invalid): set one of <see cref="ConditionOperator"/>.</value>
    public ConditionOperator Operator { get; set; }

    /// <summary>Gets or sets the number compared with (number and count operators).</summary>
    /// <value>The default value is <see langword="null"/> (required by number operators).</value>
    public double? Value { get; set; }

    /// <summary>Gets or sets the ISO-8601 period added to today (date operators), for example <c>P6M</c>.</summary>
    /// <value>The default value is <see langword="null"/> (required by date operators).</value>
    public string? Offset { get; set; }

    /// <summary>Gets the names accepted by <see cref="ConditionOperator.In"/>.</summary>
    /// <value>The default value is an empty list.</value>
    public IList<string> Values { get; } = [];

    internal RuleCondition ToCondition() => Operator switch
    {
        ConditionOperator.DateOnOrBefore => RuleCondition.DateOnOrBefore(Fact, ParsePeriod(Offset)!),
        ConditionOperator.DateBefore => RuleCondition.DateBefore(Fact, ParsePeriod(Offset)!),
        ConditionOperator.DateOnOrAfter => RuleCondition.DateOnOrAfter(Fact, ParsePeriod(Offset)!),
        ConditionOperator.DateAfter => RuleCondition.DateAfter(Fact, ParsePeriod(Offset)!),
        ConditionOperator.AtLeast => RuleCondition.AtLeast(Fact, Value!.Value),
        ConditionOperator.AtMost => RuleCondition.AtMost(Fact, Value!.Value),
        ConditionOperator.GreaterThan => RuleCondition.GreaterThan(Fact, Value!.Value),
        ConditionOperator.LessThan => RuleCondition.LessThan(Fact, Value!.Value),
        ConditionOperator.EqualTo => RuleCondition.EqualTo(Fact, Value!.Value),
        ConditionOperator.IsTrue => RuleCondition.IsTrue(Fact),
        ConditionOperator.IsFalse => RuleCondition.IsFalse(Fact),
        ConditionOperator.In => RuleCondition.In(Fact, [.. Values]),
        ConditionOperator.IsMissing => RuleCondition.IsMissing(Fact),
        _ => RuleCondition.IsPresent(Fact),
    };

    internal static Period? ParsePeriod(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        text = text.Trim();
        var negative = text.StartsWith('-');
        var body = negative ? text[1..] : text;
        var result = PeriodPattern.Roundtrip.Parse(body);
        if (!result.Success)
        {
            result = PeriodPattern.NormalizingIso.Parse(body);
        }

        if (!result.Success || result.Value.HasTimeComponent)
        {
            // A rule's offset is added to a date: hours and smaller cannot be.
            return null;
        }

        try
        {
            return negative ? Period.Zero - result.Value : result.Value;
        }
        catch (OverflowException)
        {
            // '-P-2147483648Y': the negation does not fit.
            return null;
        }
    }
}

/// <summary>One band of <see cref="SegmentationRuleSetOptions.Bands"/>.</summary>
/// <threadsafety>This type is a mutable options class.</threadsafety>
public sealed class ScoreBandOptions
{
    /// <summary>Gets or sets the smallest total in the band.</summary>
    /// <value>The default value is 0.</value>
    public int MinScore { get; set; }

    /// <summary>Gets or sets the band's segment.</summary>
    /// <value>The default value is an empty string (invalid).</value>
    public string Segment { get; set; } = string.Empty;
}

/// <summary>Validates <see cref="SegmentationRuleSetOptions"/>, reporting every error with its configuration key and rule name.</summary>
/// <threadsafety>This type is immutable and thread-safe.</threadsafety>
internal sealed class SegmentationRuleSetOptionsValidator : IValidateOptions<SegmentationRuleSetOptions>
{
    private readonly IDateTimeZoneProvider _zones;

    /// <summary>Initializes a new instance of the <see cref="SegmentationRuleSetOptionsValidator"/> class.</summary>
    /// <param name="zones">The zone provider, usually <c>DateTimeZoneProviders.Tzdb</c>.</param>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="zones"/> is <see langword="null"/>.</exception>
    public SegmentationRuleSetOptionsValidator(IDateTimeZoneProvider zones)
    {
        ArgumentNullException.ThrowIfNull(zones);
        _zones = zones;
    }

    /// <summary>Validates one named options instance.</summary>
    /// <param name="name">The options name (may be <see langword="null"/>).</param>
    /// <param name="options">The options.</param>
    /// <returns>Success, or a failure listing every error.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="options"/> is <see langword="null"/>.</exception>
    public ValidateOptionsResult Validate(string? name, SegmentationRuleSetOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = Collect(options, _zones, out _, out _);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    internal static List<string> Collect(SegmentationRuleSetOptions options, IDateTimeZoneProvider zones, out FactSchema? schema, out DateTimeZone? zone)
    {
        var errors = new List<string>();
        schema = null;
        zone = null;
        if (string.IsNullOrWhiteSpace(options.Name))
        {
            errors.Add("Name: a rule set needs a name");
        }

        var label = string.IsNullOrWhiteSpace(options.Name) ? "(unnamed)" : options.Name;
        if (string.IsNullOrWhiteSpace(options.TimeZone) || (zone = zones.GetZoneOrNull(options.TimeZone)) is null)
        {
            errors.Add($"TimeZone: rule set '{label}' names an unknown time zone '{options.TimeZone}'");
        }

        if (!Enum.IsDefined(options.Mode))
        {
            errors.Add($"Mode: rule set '{label}' has an undefined mode");
        }

        if (string.IsNullOrWhiteSpace(options.DefaultSegment))
        {
            errors.Add($"DefaultSegment: rule set '{label}' needs a default segment so that every customer gets one");
        }

        var builder = FactSchema.CreateBuilder();
        var schemaOk = true;
        for (var i = 0; i < options.Facts.Count; i++)
        {
            var fact = options.Facts[i];
            if (fact is null)
            {
                errors.Add($"Facts:{i}: rule set '{label}' has an empty fact entry");
                schemaOk = false;
                continue;
            }

            var badValue = IndexOfNullOrBlank(fact.Values);
            if (badValue >= 0)
            {
                errors.Add($"Facts:{i}:Values:{badValue}: enum fact '{fact.Name}' has an empty value");
                schemaOk = false;
                continue;
            }

            try
            {
                switch (fact.Kind)
                {
                    case FactKind.Date: builder.AddDate(fact.Name); break;
                    case FactKind.Number: builder.AddNumber(fact.Name); break;
                    case FactKind.Count: builder.AddCount(fact.Name); break;
                    case FactKind.Flag: builder.AddFlag(fact.Name); break;
                    case FactKind.Enum: builder.AddEnum(fact.Name, [.. fact.Values]); break;
                    default:
                        errors.Add($"Facts:{i}:Kind: fact '{fact.Name}' needs a kind (Date, Number, Count, Flag or Enum)");
                        schemaOk = false;
                        break;
                }
            }
            catch (ArgumentException e)
            {
                errors.Add($"Facts:{i}: {FirstSentence(e)}");
                schemaOk = false;
            }
        }

        schema = builder.Build();
        var names = new HashSet<string>(StringComparer.Ordinal);
        if (options.Rules.Count == 0)
        {
            errors.Add($"Rules: rule set '{label}' has no rules, so every customer would get the default segment (is the Rules key spelt right?)");
        }

        if (options.Mode == RuleSetMode.Scoring && options.Bands.Count == 0)
        {
            errors.Add($"Bands: scoring rule set '{label}' has no score bands, so every customer would get the default segment (is the Bands key spelt right?)");
        }

        if (options.Mode == RuleSetMode.Scoring && options.Rules.Count > SegmentationRuleSet.MaxScoringRules)
        {
            errors.Add($"Rules: rule set '{label}' has {options.Rules.Count} scoring rules; at most {SegmentationRuleSet.MaxScoringRules} are allowed");
        }

        for (var r = 0; r < options.Rules.Count; r++)
        {
            var rule = options.Rules[r];
            if (rule is null)
            {
                errors.Add($"Rules:{r}: rule set '{label}' has an empty rule entry");
                continue;
            }

            var ruleLabel = string.IsNullOrWhiteSpace(rule.Name) ? $"#{r}" : rule.Name;
            if (string.IsNullOrWhiteSpace(rule.Name))
            {
                errors.Add($"Rules:{r}:Name: rule #{r} needs a name");
            }
            else if (!names.Add(rule.Name))
            {
                errors.Add($"Rules:{r}:Name: rule '{rule.Name}' is defined twice");
            }

            if (options.Mode == RuleSetMode.Scoring && rule.Score is < -SegmentationRuleSet.MaxRuleScore or > SegmentationRuleSet.MaxRuleScore)
            {
                errors.Add(string.Create(CultureInfo.InvariantCulture, $"Rules:{r}:Score: rule '{ruleLabel}' scores {rule.Score}, outside ±{SegmentationRuleSet.MaxRuleScore}"));
            }

            if (options.Mode == RuleSetMode.FirstMatch && string.IsNullOrWhiteSpace(rule.Segment))
            {
                errors.Add($"Rules:{r}:Segment: first-match rule '{ruleLabel}' needs a segment");
            }

            for (var c = 0; c < rule.Conditions.Count; c++)
            {
                var key = $"Rules:{r}:Conditions:{c}";
                var condition = rule.Conditions[c];
                if (condition is null)
                {
                    errors.Add($"{key}: rule '{ruleLabel}' has an empty condition entry");
                    continue;
                }

                if (!Enum.IsDefined(condition.Operator))
                {
                    errors.Add($"{key}:Operator: rule '{ruleLabel}' needs a defined operator");
                    continue;
                }

                if (RuleCondition.IsDateOperator(condition.Operator) && ConditionOptions.ParsePeriod(condition.Offset) is null)
                {
                    errors.Add($"{key}:Offset: rule '{ruleLabel}' needs an ISO-8601 period of years, months, weeks or days such as P6M, not '{condition.Offset}'");
                    continue;
                }

                if (RuleCondition.IsNumberOperator(condition.Operator) && (condition.Value is not { } v || !double.IsFinite(v)))
                {
                    errors.Add($"{key}:Value: rule '{ruleLabel}' needs a finite number");
                    continue;
                }

                if (condition.Operator == ConditionOperator.In && condition.Values.Count == 0)
                {
                    errors.Add($"{key}:Values: rule '{ruleLabel}' needs at least one value");
                    continue;
                }

                if (condition.Operator == ConditionOperator.In && IndexOfNullOrBlank(condition.Values) is var blank and >= 0)
                {
                    errors.Add($"{key}:Values:{blank}: rule '{ruleLabel}' has an empty value");
                    continue;
                }

                if (string.IsNullOrWhiteSpace(condition.Fact))
                {
                    errors.Add($"{key}:Fact: rule '{ruleLabel}' needs a fact");
                    continue;
                }

                if (schemaOk && SegmentationRuleSet.Check(schema, ruleLabel, condition.ToCondition()) is { } error)
                {
                    errors.Add($"{key}:Fact: {error}");
                }
            }
        }

        if (options.Mode == RuleSetMode.FirstMatch && options.Bands.Count > 0)
        {
            errors.Add($"Bands: first-match rule set '{label}' has no score bands");
        }

        var minimums = new HashSet<int>();
        for (var b = 0; b < options.Bands.Count; b++)
        {
            if (options.Bands[b] is null)
            {
                errors.Add($"Bands:{b}: rule set '{label}' has an empty band entry");
                continue;
            }

            if (string.IsNullOrWhiteSpace(options.Bands[b].Segment))
            {
                errors.Add($"Bands:{b}:Segment: band #{b} needs a segment");
            }

            if (!minimums.Add(options.Bands[b].MinScore))
            {
                errors.Add($"Bands:{b}:MinScore: two bands start at {options.Bands[b].MinScore.ToString(CultureInfo.InvariantCulture)}");
            }
        }

        return errors;
    }

    private static int IndexOfNullOrBlank(IList<string> values)
    {
        for (var i = 0; i < values.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(values[i]))
            {
                return i;
            }
        }

        return -1;
    }

    private static string FirstSentence(ArgumentException e)
    {
        var message = e.Message;
        var cut = message.IndexOf(" (Parameter", StringComparison.Ordinal);
        return (cut >= 0 ? message[..cut] : message).TrimEnd('.');
    }
}
