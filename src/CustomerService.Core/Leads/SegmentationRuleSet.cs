using NodaTime;

namespace CustomerService.Core.Leads;

/// <summary>An ordered, compiled set of segmentation rules over a <see cref="FactSchema"/>, counted in a time zone.</summary>
/// <remarks>
/// <para>Build one with <see cref="CreateBuilder"/> or from <see cref="SegmentationRuleSetOptions"/>, once at start-up.
/// Rules are validated against the schema and compiled into flat arrays when built. To segment, bind the rule set to a
/// day with <see cref="For(LocalDate)"/> (or <see cref="For(Instant)"/>, which takes today in <see cref="Zone"/>): the
/// returned <see cref="SegmentEvaluator"/> holds every "today + period" threshold computed once, so segmenting a customer
/// is a few integer comparisons and allocates nothing.</para>
/// <para>Segmentation is total and deterministic: every facts row gets exactly one segment (the
/// <see cref="DefaultSegment"/> when no rule or band applies), and the same row on the same day always gets the same one.</para>
/// </remarks>
/// <threadsafety>This type is immutable and thread-safe; its builder is not thread-safe and is single-use.</threadsafety>
public sealed class SegmentationRuleSet
{
    /// <summary>The largest number of rules in a scoring rule set (matched rules are reported as a 64-bit mask).</summary>
    public const int MaxScoringRules = 64;

    /// <summary>The largest score a scoring rule may add (or, negated, subtract): 33,554,431, so that the total of 64 rules always fits an <see cref="int"/>.</summary>
    public const int MaxRuleScore = int.MaxValue / MaxScoringRules;

    /// <summary>NodaTime's ISO dates, the range every date of the rules engine lives in.</summary>
    internal const string SupportedDates = "-9998-01-01 to 9999-12-31";

    private readonly SegmentationRule[] _rules;
    private readonly ScoreBand[] _bands;

    private SegmentationRuleSet(string name, FactSchema schema, DateTimeZone zone, RuleSetMode mode, SegmentationRule[] rules, ScoreBand[] bands, string defaultSegment)
    {
        Name = name;
        Schema = schema;
        Zone = zone;
        Mode = mode;
        _rules = rules;
        _bands = bands;
        DefaultSegment = defaultSegment;
        Segments = rules.Select(r => r.Segment).Concat(bands.Select(b => b.Segment)).Append(defaultSegment)
            .OfType<string>().Distinct(StringComparer.Ordinal).ToArray();

        var conditions = new List<CompiledCondition>();
        var offsets = new List<Period?>();
        RuleStarts = new int[rules.Length + 1];
        RuleSegments = new string[rules.Length];
        RuleScores = new int[rules.Length];
        for (var r = 0; r < rules.Length; r++)
        {
            RuleStarts[r] = conditions.Count;
            RuleSegments[r] = rules[r].Segment ?? string.Empty;
            RuleScores[r] = rules[r].Score;
            foreach (var condition in rules[r].Conditions)
            {
                conditions.Add(Compile(schema, condition));
                offsets.Add(condition.Offset);
            }
        }

        RuleStarts[rules.Length] = conditions.Count;
        Conditions = conditions.ToArray();
        ConditionOffsets = offsets.ToArray();
    }

    /// <summary>Gets the rule set's name.</summary>
    /// <value>The name given to the builder.</value>
    public string Name { get; }

    /// <summary>Gets the facts the rules read.</summary>
    /// <value>The schema.</value>
    public FactSchema Schema { get; }

    /// <summary>Gets the zone in which "today" is counted.</summary>
    /// <value>The zone.</value>
    public DateTimeZone Zone { get; }

    /// <summary>Gets how matching rules give a segment.</summary>
    /// <value>The mode.</value>
    public RuleSetMode Mode { get; }

    /// <summary>Gets the rules, in evaluation order.</summary>
    /// <value>The rules.</value>
    public IReadOnlyList<SegmentationRule> Rules => _rules;

    /// <summary>Gets the score bands of a scoring rule set, highest <see cref="ScoreBand.MinScore"/> first.</summary>
    /// <value>The bands; empty in a first-match rule set.</value>
    public IReadOnlyList<ScoreBand> Bands => _bands;

    /// <summary>Gets the segment given when no rule (first-match) or band (scoring) applies.</summary>
    /// <value>The default segment.</value>
    public string DefaultSegment { get; }

    /// <summary>Gets every segment the rule set can give, in first-use order.</summary>
    /// <value>The distinct segments.</value>
    public IReadOnlyList<string> Segments { get; }

    internal CompiledCondition[] Conditions { get; }

    internal Period?[] ConditionOffsets { get; }

    internal int[] RuleStarts { get; }

    internal string[] RuleSegments { get; }

    internal int[] RuleScores { get; }

    internal ScoreBand[] BandArray => _bands;

    /// <summary>Creates a builder for a rule set.</summary>
    /// <param name="name">The rule set's name, used in explanations and errors.</param>
    /// <param name="schema">The facts the rules read.</param>
    /// <param name="zone">The zone in which "today" is counted.</param>
    /// <param name="mode">First-match or scoring.</param>
    /// <returns>A single-use builder.</returns>
    /// <exception cref="ArgumentException">Thrown when <paramref name="name"/> is empty or <paramref name="mode"/> is undefined.</exception>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="schema"/> or <paramref name="zone"/> is <see langword="null"/>.</exception>
    public static Builder CreateBuilder(string name, FactSchema schema, DateTimeZone zone, RuleSetMode mode = RuleSetMode.FirstMatch)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(zone);
        if (!Enum.IsDefined(mode))
        {
            throw new ArgumentException($"Rule set '{name}': mode {(int)mode} is not defined.", nameof(mode));
        }

        return new Builder(name, schema, zone, mode);
    }

    /// <summary>Gets today's date in the rule set's zone at an instant.</summary>
    /// <param name="now">The instant, usually from an injected <see cref="IClock"/>.</param>
    /// <returns>The local date of <paramref name="now"/> in <see cref="Zone"/>.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when the local date falls outside NodaTime's dates (-9998-01-01 to 9999-12-31), which happens only within a day of <see cref="Instant.MinValue"/> or <see cref="Instant.MaxValue"/>.</exception>
    public LocalDate TodayAt(Instant now)
    {
        try
        {
            return now.InZone(Zone).Date;
        }
        catch (Exception e) when (e is ArgumentOutOfRangeException or OverflowException)
        {
            throw new ArgumentOutOfRangeException(nameof(now), $"Rule set '{Name}': the instant's local date in {Zone.Id} falls outside the dates NodaTime holds ({SupportedDates}).");
        }
    }

    /// <summary>Binds the rule set to a day, computing every date threshold once.</summary>
    /// <param name="today">The day that "today" means in the rules.</param>
    /// <returns>An evaluator for that day.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when a threshold (today plus a rule's period) falls outside NodaTime's dates (-9998-01-01 to 9999-12-31).</exception>
    public SegmentEvaluator For(LocalDate today) =>
        new(this, today, BindConditions(today) ?? throw new ArgumentOutOfRangeException(nameof(today), ThresholdOutOfRange()));

    /// <summary>Binds the rule set to the day of an instant in <see cref="Zone"/>.</summary>
    /// <param name="now">The instant, usually from an injected <see cref="IClock"/>.</param>
    /// <returns>An evaluator for that day.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when the day, or a threshold (the day plus a rule's period), falls outside NodaTime's dates (-9998-01-01 to 9999-12-31).</exception>
    public SegmentEvaluator For(Instant now)
    {
        var today = TodayAt(now);
        return new(this, today, BindConditions(today) ?? throw new ArgumentOutOfRangeException(nameof(now), ThresholdOutOfRange()));
    }

    /// <summary>Compiles every condition for one day: date conditions get their threshold, <c>today + period</c>.</summary>
    /// <returns>The conditions, or <see langword="null"/> when a threshold falls outside NodaTime's dates.</returns>
    internal CompiledCondition[]? BindConditions(LocalDate today)
    {
        var bound = new CompiledCondition[Conditions.Length];
        for (var i = 0; i < bound.Length; i++)
        {
            if (ConditionOffsets[i] is not { } offset)
            {
                bound[i] = Conditions[i];
                continue;
            }

            try
            {
                bound[i] = Conditions[i].WithDay(FactValue.DayNumber(today.Plus(offset)));
            }
            catch (Exception e) when (e is ArgumentOutOfRangeException or OverflowException)
            {
                // NodaTime's date arithmetic reports a result past -9998-01-01 or 9999-12-31 this way.
                return null;
            }
        }

        return bound;
    }

    private string ThresholdOutOfRange() =>
        $"Rule set '{Name}': today plus a rule's period falls outside the dates NodaTime holds ({SupportedDates}).";

    /// <summary>Describes the rule set.</summary>
    /// <returns>The name, mode and rule count.</returns>
    public override string ToString() => $"{Name} ({Mode}, {_rules.Length} rules)";

    private static CompiledCondition Compile(FactSchema schema, RuleCondition condition)
    {
        var index = schema.IndexOf(condition.Fact);
        var fact = schema.Facts[index];
        ulong mask = 0;
        foreach (var value in condition.Values)
        {
            mask |= 1UL << FactSchema.IndexOfValue(fact.Values, value);
        }

        return new CompiledCondition(index, condition.Operator, (byte)fact.Kind, condition.Operand, mask, 0);
    }

    internal static string? Check(FactSchema schema, string ruleName, RuleCondition condition)
    {
        if (!schema.TryGetIndex(condition.Fact, out var index))
        {
            return $"rule '{ruleName}' reads fact '{condition.Fact}', which the schema does not declare";
        }

        var kind = schema.Facts[index].Kind;
        var op = condition.Operator;
        var ok = op switch
        {
            _ when RuleCondition.IsDateOperator(op) => kind == FactKind.Date,
            _ when RuleCondition.IsNumberOperator(op) => kind is FactKind.Number or FactKind.Count,
            ConditionOperator.IsTrue or ConditionOperator.IsFalse => kind == FactKind.Flag,
            ConditionOperator.In => kind == FactKind.Enum,
            ConditionOperator.IsMissing or ConditionOperator.IsPresent => true,
            _ => false,
        };
        if (!ok)
        {
            return $"rule '{ruleName}' applies {op} to fact '{condition.Fact}', a {kind} fact";
        }

        if (op == ConditionOperator.In)
        {
            var unknown = condition.Values.FirstOrDefault(v => FactSchema.IndexOfValue(schema.Facts[index].Values, v) < 0);
            if (unknown is not null)
            {
                return $"rule '{ruleName}' tests enum fact '{condition.Fact}' for '{unknown}', a value it does not declare";
            }
        }

        return null;
    }

    /// <summary>Builds a <see cref="SegmentationRuleSet"/>.</summary>
    /// <threadsafety>This type is not thread-safe; use one builder per rule set, once.</threadsafety>
    public sealed class Builder
    {
        private readonly string _name;
        private readonly FactSchema _schema;
        private readonly DateTimeZone _zone;
        private readonly RuleSetMode _mode;
        private readonly List<SegmentationRule> _rules = [];
        private readonly List<ScoreBand> _bands = [];
        private string? _default;
        private bool _built;

        internal Builder(string name, FactSchema schema, DateTimeZone zone, RuleSetMode mode)
        {
            _name = name;
            _schema = schema;
            _zone = zone;
            _mode = mode;
        }

        /// <summary>Adds a first-match rule that assigns <paramref name="segment"/> when all <paramref name="conditions"/> hold.</summary>
        /// <param name="name">The rule's unique name.</param>
        /// <param name="segment">The segment assigned.</param>
        /// <param name="conditions">The conditions; none means the rule always matches.</param>
        /// <returns>This builder.</returns>
        /// <exception cref="ArgumentNullException">Thrown when <paramref name="conditions"/> is or holds <see langword="null"/>.</exception>
        /// <exception cref="ArgumentException">Thrown when a name is empty or used, a condition does not fit the schema, or the rule set is a scoring one (its rules add scores, they assign no <paramref name="segment"/>: use <see cref="AddScoringRule"/>).</exception>
        /// <exception cref="InvalidOperationException">Thrown when the builder has already built.</exception>
        public Builder AddRule(string name, string segment, params RuleCondition[] conditions)
        {
            ThrowIfBuilt();
            if (_mode != RuleSetMode.FirstMatch)
            {
                throw new ArgumentException($"Rule set '{_name}' is a scoring rule set: its rules add scores and assign no segment; add them with AddScoringRule.", nameof(segment));
            }

            ArgumentException.ThrowIfNullOrWhiteSpace(segment);
            return Add(name, segment, 0, conditions);
        }

        /// <summary>Adds a scoring rule that adds <paramref name="score"/> when all <paramref name="conditions"/> hold.</summary>
        /// <param name="name">The rule's unique name.</param>
        /// <param name="score">The score added (may be negative), within ±<see cref="MaxRuleScore"/>.</param>
        /// <param name="conditions">The conditions; none means the rule always matches.</param>
        /// <returns>This builder.</returns>
        /// <exception cref="ArgumentNullException">Thrown when <paramref name="conditions"/> is or holds <see langword="null"/>.</exception>
        /// <exception cref="ArgumentException">Thrown when a name is empty or used, a condition does not fit the schema, there would be more than 64 rules, or the rule set is a first-match one (its rules assign segments, they add no <paramref name="score"/>: use <see cref="AddRule"/>).</exception>
        /// <exception cref="ArgumentOutOfRangeException">Thrown when <paramref name="score"/> is outside ±<see cref="MaxRuleScore"/>.</exception>
        /// <exception cref="InvalidOperationException">Thrown when the builder has already built.</exception>
        public Builder AddScoringRule(string name, int score, params RuleCondition[] conditions)
        {
            ThrowIfBuilt();
            if (_mode != RuleSetMode.Scoring)
            {
                throw new ArgumentException($"Rule set '{_name}' is a first-match rule set: its rules assign segments and add no score; add them with AddRule.", nameof(score));
            }

            if (_rules.Count == MaxScoringRules)
            {
                throw new ArgumentException($"Rule set '{_name}' cannot hold more than {MaxScoringRules} scoring rules.", nameof(name));
            }

            if (score is < -MaxRuleScore or > MaxRuleScore)
            {
                throw new ArgumentOutOfRangeException(nameof(score), $"Rule set '{_name}': a rule's score lies within ±{MaxRuleScore}, so that the total of {MaxScoringRules} rules fits an int.");
            }

            return Add(name, null, score, conditions);
        }

        /// <summary>Adds a score band to a scoring rule set: totals at or above <paramref name="minScore"/> get <paramref name="segment"/> (the highest band that fits wins).</summary>
        /// <param name="minScore">The smallest total in the band.</param>
        /// <param name="segment">The band's segment.</param>
        /// <returns>This builder.</returns>
        /// <exception cref="ArgumentException">Thrown when <paramref name="segment"/> is empty, another band has the same minimum, or the rule set is a first-match one (it has no scores, so no <paramref name="minScore"/>).</exception>
        /// <exception cref="InvalidOperationException">Thrown when the builder has already built.</exception>
        public Builder AddBand(int minScore, string segment)
        {
            ThrowIfBuilt();
            if (_mode != RuleSetMode.Scoring)
            {
                throw new ArgumentException($"Rule set '{_name}' is a first-match rule set: it has no scores, so no score bands.", nameof(minScore));
            }

            ArgumentException.ThrowIfNullOrWhiteSpace(segment);
            if (_bands.Any(b => b.MinScore == minScore))
            {
                throw new ArgumentException($"Rule set '{_name}' already has a band starting at {minScore}.", nameof(minScore));
            }

            _bands.Add(new ScoreBand(minScore, segment));
            return this;
        }

        /// <summary>Sets the segment given when no rule or band applies (required: segmentation is total).</summary>
        /// <param name="segment">The default segment.</param>
        /// <returns>This builder.</returns>
        /// <exception cref="ArgumentException">Thrown when <paramref name="segment"/> is empty.</exception>
        /// <exception cref="InvalidOperationException">Thrown when the builder has already built.</exception>
        public Builder Otherwise(string segment)
        {
            ThrowIfBuilt();
            ArgumentException.ThrowIfNullOrWhiteSpace(segment);
            _default = segment;
            return this;
        }

        /// <summary>Validates and compiles the rule set; the builder cannot be used afterwards.</summary>
        /// <remarks>
        /// A rule set without rules, or a scoring rule set without bands, would put every customer in the default
        /// segment; it is rejected rather than built, so a rule list lost to a misspelt configuration key cannot go
        /// unnoticed.
        /// </remarks>
        /// <returns>The rule set.</returns>
        /// <exception cref="ArgumentException">Thrown when the definition is incomplete: no default segment (call <see cref="Otherwise"/>), no rule, or a scoring rule set without a band.</exception>
        /// <exception cref="InvalidOperationException">Thrown when the builder has already built.</exception>
        public SegmentationRuleSet Build()
        {
            ThrowIfBuilt();
            if (_default is null)
            {
                throw new ArgumentException($"Rule set '{_name}' needs a default segment (call Otherwise) so that every customer gets one.");
            }

            if (_rules.Count == 0)
            {
                throw new ArgumentException($"Rule set '{_name}' has no rules, so every customer would get the default segment '{_default}': add at least one rule.");
            }

            if (_mode == RuleSetMode.Scoring && _bands.Count == 0)
            {
                throw new ArgumentException($"Scoring rule set '{_name}' has no score bands, so every customer would get the default segment '{_default}': add at least one band.");
            }

            _built = true;
            return new SegmentationRuleSet(_name, _schema, _zone, _mode, _rules.ToArray(), _bands.OrderByDescending(b => b.MinScore).ToArray(), _default);
        }

        private Builder Add(string name, string? segment, int score, RuleCondition[] conditions)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(name);
            ArgumentNullException.ThrowIfNull(conditions);
            if (_rules.Any(r => string.Equals(r.Name, name, StringComparison.Ordinal)))
            {
                throw new ArgumentException($"Rule set '{_name}' already has a rule named '{name}'.", nameof(name));
            }

            foreach (var condition in conditions)
            {
                ArgumentNullException.ThrowIfNull(condition, nameof(conditions));
                var error = Check(_schema, name, condition);
                if (error is not null)
                {
                    throw new ArgumentException($"Rule set '{_name}': {error}.", nameof(conditions));
                }
            }

            _rules.Add(new SegmentationRule(name, segment, score, conditions.ToArray()));
            return this;
        }

        private void ThrowIfBuilt()
        {
            if (_built)
            {
                throw new InvalidOperationException("Cannot change the rule set: this builder has already built it.");
            }
        }
    }
}

/// <summary>A condition compiled against its schema: fact index, operator, declared kind and operands (32 bytes, no references).</summary>
internal readonly struct CompiledCondition(int fact, ConditionOperator op, byte kind, double number, ulong mask, int day)
{
    public readonly int Fact = fact;
    public readonly byte Op = (byte)op;
    public readonly byte Kind = kind;
    public readonly int Day = day;
    public readonly double Number = number;
    public readonly ulong Mask = mask;

    public CompiledCondition WithDay(int day) => new(Fact, (ConditionOperator)Op, Kind, Number, Mask, day);
}
