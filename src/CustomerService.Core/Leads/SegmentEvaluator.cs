using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using NodaTime;
using NodaTime.Text;

namespace CustomerService.Core.Leads;

/// <summary>The outcome of segmenting one facts row: the segment and, to explain it, the rule or rules that matched.</summary>
/// <remarks>
/// A small value that allocates nothing. In a first-match rule set <see cref="RuleIndex"/> is the matching rule
/// (−1 when the default segment applied). In a scoring rule set <see cref="Score"/> is the total,
/// <see cref="MatchedRules"/> has bit <c>i</c> set when rule <c>i</c> matched, and <see cref="RuleIndex"/> is always −1.
/// <see cref="IsDefault"/> says whether the rule set's default segment applied: in a first-match rule set because no
/// rule matched, in a scoring rule set because the total is below every band (even when some rules matched and added
/// to it). The default value of the struct has a <see langword="null"/> segment and is never returned by an evaluator.
/// Use <see cref="SegmentEvaluator.Explain"/> for the full explanation with fact values.
/// </remarks>
/// <param name="Segment">The segment.</param>
/// <param name="RuleIndex">The index of the first-match rule that matched, or −1.</param>
/// <param name="Score">The total score (scoring rule sets; 0 otherwise).</param>
/// <param name="MatchedRules">The matched scoring rules as a bit mask (0 in first-match rule sets).</param>
/// <param name="IsDefault">Whether the default segment applied because no rule (first-match) or no band (scoring) did.</param>
/// <threadsafety>This type is an immutable value type and is thread-safe.</threadsafety>
public readonly record struct SegmentDecision(string Segment, int RuleIndex, int Score, ulong MatchedRules, bool IsDefault)
{
    /// <summary>Gets the segment.</summary>
    public string Segment { get; } = Segment;

    /// <summary>Gets the index of the first-match rule that matched, or −1.</summary>
    public int RuleIndex { get; } = RuleIndex;

    /// <summary>Gets the total score (scoring rule sets; 0 otherwise).</summary>
    public int Score { get; } = Score;

    /// <summary>Gets the matched scoring rules as a bit mask (0 in first-match rule sets).</summary>
    public ulong MatchedRules { get; } = MatchedRules;

    /// <summary>Gets whether the default segment applied because no rule (first-match) or no band (scoring) did.</summary>
    public bool IsDefault { get; } = IsDefault;
}

/// <summary>A rule set bound to one "today": segments facts rows with precomputed date thresholds and no allocation.</summary>
/// <remarks>Create one per day (or per batch) with <see cref="SegmentationRuleSet.For(LocalDate)"/> and share it between threads.</remarks>
/// <threadsafety>This type is immutable and thread-safe.</threadsafety>
public sealed class SegmentEvaluator
{
    private readonly CompiledCondition[] _conditions;
    private readonly int[] _ruleStarts;
    private readonly string[] _ruleSegments;
    private readonly int[] _ruleScores;
    private readonly ScoreBand[] _bands;
    private readonly bool _scoring;
    private readonly string _default;
    private readonly int _factCount;

    internal SegmentEvaluator(SegmentationRuleSet ruleSet, LocalDate today, CompiledCondition[] conditions)
    {
        RuleSet = ruleSet;
        Today = today;
        _conditions = conditions;

        _ruleStarts = ruleSet.RuleStarts;
        _ruleSegments = ruleSet.RuleSegments;
        _ruleScores = ruleSet.RuleScores;
        _bands = ruleSet.BandArray;
        _scoring = ruleSet.Mode == RuleSetMode.Scoring;
        _default = ruleSet.DefaultSegment;
        _factCount = ruleSet.Schema.Count;
    }

    /// <summary>Gets the rule set evaluated.</summary>
    /// <value>The rule set.</value>
    public SegmentationRuleSet RuleSet { get; }

    /// <summary>Gets the day "today" means.</summary>
    /// <value>The day.</value>
    public LocalDate Today { get; }

    /// <summary>Segments one facts row.</summary>
    /// <param name="facts">One value per schema fact, in schema order.</param>
    /// <returns>The decision.</returns>
    /// <exception cref="ArgumentException">Thrown when <paramref name="facts"/> is shorter than the schema.</exception>
    public SegmentDecision Evaluate(ReadOnlySpan<FactValue> facts)
    {
        if (facts.Length < _factCount)
        {
            ThrowShortRow(facts.Length, nameof(facts));
        }

        // Every compiled fact index is below the schema's count and the row is at least that long (checked above), and
        // every rule start is within the condition array: the loops read both without bounds checks.
        ref var row = ref MemoryMarshal.GetReference(facts);
        ref var conditions = ref MemoryMarshal.GetArrayDataReference(_conditions);
        var starts = _ruleStarts;
        var ruleCount = starts.Length - 1;
        var score = 0;
        ulong mask = 0;
        var end = 0;
        for (var r = 0; r < ruleCount; r++)
        {
            var c = end;
            end = starts[r + 1];
            while (c < end && Test(in Unsafe.Add(ref conditions, c), in Unsafe.Add(ref row, Unsafe.Add(ref conditions, c).Fact)))
            {
                c++;
            }

            if (c < end)
            {
                continue;
            }

            if (!_scoring)
            {
                return new SegmentDecision(_ruleSegments[r], r, 0, 0, false);
            }

            score += _ruleScores[r];
            mask |= 1UL << r;
        }

        if (_scoring)
        {
            foreach (var band in _bands)
            {
                if (score >= band.MinScore)
                {
                    return new SegmentDecision(band.Segment, -1, score, mask, false);
                }
            }

            return new SegmentDecision(_default, -1, score, mask, true);
        }

        return new SegmentDecision(_default, -1, 0, 0, true);
    }

    /// <summary>Segments many rows laid out back to back, one decision per row.</summary>
    /// <param name="rows">Rows of exactly <see cref="FactSchema.Count"/> values each.</param>
    /// <param name="decisions">Receives one decision per row.</param>
    /// <exception cref="ArgumentException">Thrown when <paramref name="rows"/> is not a whole number of rows, or <paramref name="decisions"/> is too short.</exception>
    public void EvaluateMany(ReadOnlySpan<FactValue> rows, Span<SegmentDecision> decisions)
    {
        var width = Math.Max(_factCount, 1);
        if (rows.Length % width != 0 || (_factCount == 0 && rows.Length != 0))
        {
            throw new ArgumentException($"The rows hold {rows.Length} values, not a whole number of {_factCount}-fact rows.", nameof(rows));
        }

        var count = _factCount == 0 ? decisions.Length : rows.Length / width;
        if (decisions.Length < count)
        {
            throw new ArgumentException($"{count} rows need {count} decisions; the span holds {decisions.Length}.", nameof(decisions));
        }

        for (var i = 0; i < count; i++)
        {
            decisions[i] = Evaluate(_factCount == 0 ? default : rows.Slice(i * width, width));
        }
    }

    /// <summary>Segments one row and explains the decision: the rule(s) that matched and the fact values each condition read.</summary>
    /// <param name="facts">One value per schema fact, in schema order.</param>
    /// <returns>The explanation (allocated; call it only when someone asks why).</returns>
    /// <exception cref="ArgumentException">Thrown when <paramref name="facts"/> is shorter than the schema.</exception>
    public SegmentExplanation Explain(ReadOnlySpan<FactValue> facts)
    {
        var decision = Evaluate(facts);
        var matches = new List<RuleMatch>();
        for (var r = 0; r < _ruleStarts.Length - 1; r++)
        {
            var isMatch = _scoring ? (decision.MatchedRules & (1UL << r)) != 0 : decision.RuleIndex == r;
            if (!isMatch)
            {
                continue;
            }

            var rule = RuleSet.Rules[r];
            var evidence = new List<ConditionEvidence>();
            for (var c = _ruleStarts[r]; c < _ruleStarts[r + 1]; c++)
            {
                var compiled = _conditions[c];
                var condition = rule.Conditions[c - _ruleStarts[r]];
                var threshold = RuleSet.ConditionOffsets[c] is null ? null : LocalDatePattern.Iso.Format(FactValue.ToLocalDate(compiled.Day));
                evidence.Add(new ConditionEvidence(condition.ToString(), condition.Fact, Describe(compiled.Fact, facts[compiled.Fact]), threshold));
            }

            matches.Add(new RuleMatch(rule.Name, rule.Score, evidence));
        }

        return new SegmentExplanation(RuleSet.Name, Today, decision, matches, _scoring);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Test(in CompiledCondition c, in FactValue v)
    {
        var kind = v.RawKind;
        switch ((ConditionOperator)c.Op)
        {
            case ConditionOperator.DateOnOrBefore: return kind == (byte)FactKind.Date && v.RawDay <= c.Day;
            case ConditionOperator.DateBefore: return kind == (byte)FactKind.Date && v.RawDay < c.Day;
            case ConditionOperator.DateOnOrAfter: return kind == (byte)FactKind.Date && v.RawDay >= c.Day;
            case ConditionOperator.DateAfter: return kind == (byte)FactKind.Date && v.RawDay > c.Day;
            case ConditionOperator.AtLeast: return kind == c.Kind && v.RawNumber >= c.Number;
            case ConditionOperator.AtMost: return kind == c.Kind && v.RawNumber <= c.Number;
            case ConditionOperator.GreaterThan: return kind == c.Kind && v.RawNumber > c.Number;
            case ConditionOperator.LessThan: return kind == c.Kind && v.RawNumber < c.Number;
            case ConditionOperator.EqualTo: return kind == c.Kind && v.RawNumber == c.Number;
            case ConditionOperator.IsTrue: return kind == (byte)FactKind.Flag && v.RawNumber != 0;
            case ConditionOperator.IsFalse: return kind == (byte)FactKind.Flag && v.RawNumber == 0;
            case ConditionOperator.In: return kind == (byte)FactKind.Enum && ((c.Mask >> (int)v.RawNumber) & 1) != 0;
            case ConditionOperator.IsMissing: return kind != c.Kind;
            default: return kind == c.Kind;
        }
    }

    private string Describe(int fact, FactValue value)
    {
        var definition = RuleSet.Schema.Facts[fact];
        if (value.RawKind != (byte)definition.Kind)
        {
            return "(missing)";
        }

        if (definition.Kind != FactKind.Enum)
        {
            return value.ToString();
        }

        // An ordinal the schema does not declare matches no In condition; it is described, never looked up out of range.
        var ordinal = (int)value.RawNumber;
        return ordinal < definition.Values.Count ? definition.Values[ordinal] : value + " (undeclared)";
    }

    private void ThrowShortRow(int length, string paramName) =>
        throw new ArgumentException($"Rule set '{RuleSet.Name}' reads {_factCount} facts; the row holds {length.ToString(CultureInfo.InvariantCulture)}.", paramName);
}

/// <summary>Why a facts row got its segment: the decision, the day, and each matched rule with the facts it read.</summary>
/// <threadsafety>This type is immutable and thread-safe.</threadsafety>
public sealed class SegmentExplanation
{
    private readonly bool _scoring;

    internal SegmentExplanation(string ruleSetName, LocalDate today, SegmentDecision decision, IReadOnlyList<RuleMatch> matches, bool scoring)
    {
        _scoring = scoring;
        RuleSetName = ruleSetName;
        Today = today;
        Decision = decision;
        Matches = matches;
    }

    /// <summary>Gets the rule set's name.</summary>
    /// <value>The name.</value>
    public string RuleSetName { get; }

    /// <summary>Gets the day "today" meant.</summary>
    /// <value>The day.</value>
    public LocalDate Today { get; }

    /// <summary>Gets the decision explained.</summary>
    /// <value>The decision.</value>
    public SegmentDecision Decision { get; }

    /// <summary>Gets the rules that matched (one in first-match mode, any number in scoring mode, none when the default applied).</summary>
    /// <value>The matches, in rule order.</value>
    public IReadOnlyList<RuleMatch> Matches { get; }

    /// <summary>Formats the explanation on one line per rule.</summary>
    /// <returns>The text, for example <c>A by rule WithinSixMonths: WeddingDate &lt;= today + P6M (WeddingDate = 2027-01-10, threshold 2027-05-23)</c>.</returns>
    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{RuleSetName} on {LocalDatePattern.Iso.Format(Today)}: {Decision.Segment}");
        if (_scoring)
        {
            text.Append(CultureInfo.InvariantCulture, $" (score {Decision.Score})");
        }

        if (Matches.Count == 0)
        {
            text.Append(" (no rule matched: default segment)");
        }
        else if (Decision.IsDefault)
        {
            text.Append(" (below every band: default segment)");
        }

        foreach (var match in Matches)
        {
            text.AppendLine().Append("  by rule ").Append(match.RuleName);
            if (match.Score != 0)
            {
                text.Append(CultureInfo.InvariantCulture, $" (+{match.Score})");
            }

            text.Append(": ").Append(match.Evidence.Count == 0 ? "always" : string.Join("; ", match.Evidence));
        }

        return text.ToString();
    }
}

/// <summary>One rule that matched, with the evidence of each of its conditions.</summary>
/// <param name="RuleName">The rule's name.</param>
/// <param name="Score">The score it added (0 in first-match rule sets).</param>
/// <param name="Evidence">One entry per condition.</param>
/// <threadsafety>This type is immutable and thread-safe.</threadsafety>
public sealed record RuleMatch(string RuleName, int Score, IReadOnlyList<ConditionEvidence> Evidence);

/// <summary>One condition of a matched rule, with the value the fact had and, for dates, the threshold compared with.</summary>
/// <param name="Condition">The condition, as text (for example <c>WeddingDate &lt;= today + P6M</c>).</param>
/// <param name="Fact">The fact's name.</param>
/// <param name="Value">The fact's value, as text.</param>
/// <param name="Threshold">The date today plus the period came to, for date conditions; otherwise <see langword="null"/>.</param>
/// <threadsafety>This type is immutable and thread-safe.</threadsafety>
public sealed record ConditionEvidence(string Condition, string Fact, string Value, string? Threshold)
{
    /// <summary>Gets the condition, as text (for example <c>WeddingDate &lt;= today + P6M</c>).</summary>
    public string Condition { get; } = Condition;

    /// <summary>Gets the fact's name.</summary>
    public string Fact { get; } = Fact;

    /// <summary>Gets the fact's value, as text.</summary>
    public string Value { get; } = Value;

    /// <summary>Gets the date today plus the period came to, for date conditions; otherwise <see langword="null"/>.</summary>
    public string? Threshold { get; } = Threshold;

    /// <summary>Formats the evidence.</summary>
    /// <returns>The text.</returns>
    public override string ToString() =>
        Threshold is null ? $"{Condition} ({Fact} = {Value})" : $"{Condition} ({Fact} = {Value}, threshold {Threshold})";
}
