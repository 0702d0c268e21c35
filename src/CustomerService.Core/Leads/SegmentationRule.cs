namespace CustomerService.Core.Leads;

/// <summary>How a <see cref="SegmentationRuleSet"/> turns matching rules into a segment.</summary>
/// <threadsafety>Enum values are immutable and thread-safe.</threadsafety>
public enum RuleSetMode
{
    /// <summary>Rules are tried in order; the first rule whose conditions all hold gives the segment.</summary>
    FirstMatch = 1,

    /// <summary>Every rule whose conditions all hold adds its score; the total picks a segment from the score bands.</summary>
    Scoring = 2,
}

/// <summary>One named rule: a conjunction of conditions with, by mode, the segment it assigns or the score it adds.</summary>
/// <remarks>A rule without conditions always matches (useful as a catch-all). Express "or" as two rules with the same segment.</remarks>
/// <threadsafety>This type is immutable and thread-safe.</threadsafety>
public sealed class SegmentationRule
{
    internal SegmentationRule(string name, string? segment, int score, RuleCondition[] conditions)
    {
        Name = name;
        Segment = segment;
        Score = score;
        Conditions = conditions;
    }

    /// <summary>Gets the rule's name, unique in its rule set and used in explanations.</summary>
    /// <value>The name.</value>
    public string Name { get; }

    /// <summary>Gets the segment a first-match rule assigns.</summary>
    /// <value>The segment; <see langword="null"/> in a scoring rule set.</value>
    public string? Segment { get; }

    /// <summary>Gets the score a scoring rule adds.</summary>
    /// <value>The score; 0 in a first-match rule set.</value>
    public int Score { get; }

    /// <summary>Gets the conditions that must all hold.</summary>
    /// <value>The conditions, in order.</value>
    public IReadOnlyList<RuleCondition> Conditions { get; }

    /// <summary>Describes the rule.</summary>
    /// <returns>The text.</returns>
    public override string ToString() =>
        $"{Name}: {(Conditions.Count == 0 ? "always" : string.Join(" and ", Conditions))} -> {Segment ?? "+" + Score.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
}

/// <summary>A score band of a scoring rule set: totals at or above <see cref="MinScore"/> fall in <see cref="Segment"/>.</summary>
/// <param name="MinScore">The smallest total in the band.</param>
/// <param name="Segment">The segment of the band.</param>
/// <threadsafety>This type is an immutable value type and is thread-safe.</threadsafety>
public readonly record struct ScoreBand(int MinScore, string Segment);
