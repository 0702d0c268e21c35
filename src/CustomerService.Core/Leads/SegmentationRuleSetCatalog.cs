using System.Collections.ObjectModel;
using System.Diagnostics.CodeAnalysis;

namespace CustomerService.Core.Leads;

/// <summary>
/// The host's named segmentation rule sets; dependency injection builds it from <c>CustomerServiceCore:Leads:RuleSets</c>.
/// </summary>
/// <threadsafety>This type is immutable and thread-safe.</threadsafety>
public sealed class SegmentationRuleSetCatalog
{
    /// <summary>Initializes a new instance of the <see cref="SegmentationRuleSetCatalog"/> class.</summary>
    /// <param name="ruleSets">The rule sets by name.</param>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="ruleSets"/> is <see langword="null"/> or holds <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">Thrown when a rule set's name is <see langword="null"/> or empty, or two rule sets share a name.</exception>
    public SegmentationRuleSetCatalog(IEnumerable<KeyValuePair<string, SegmentationRuleSet>> ruleSets)
    {
        ArgumentNullException.ThrowIfNull(ruleSets);
        var byName = new Dictionary<string, SegmentationRuleSet>(StringComparer.Ordinal);
        foreach (var (name, ruleSet) in ruleSets)
        {
            ArgumentNullException.ThrowIfNull(ruleSet, nameof(ruleSets));
            if (string.IsNullOrWhiteSpace(name))
            {
                throw new ArgumentException("Every rule set of a catalog needs a name.", nameof(ruleSets));
            }

            if (!byName.TryAdd(name, ruleSet))
            {
                throw new ArgumentException($"Two rule sets are named '{name}'; names must be unique.", nameof(ruleSets));
            }
        }

        RuleSets = new ReadOnlyDictionary<string, SegmentationRuleSet>(byName);
    }

    /// <summary>Gets the rule sets.</summary>
    /// <value>Rule sets by name (ordinal comparison).</value>
    public IReadOnlyDictionary<string, SegmentationRuleSet> RuleSets { get; }

    /// <summary>Looks a rule set up by name.</summary>
    /// <param name="name">The rule set's name.</param>
    /// <param name="ruleSet">The rule set, when found.</param>
    /// <returns><see langword="true"/> when a rule set has that name.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="name"/> is <see langword="null"/>.</exception>
    public bool TryGetRuleSet(string name, [MaybeNullWhen(false)] out SegmentationRuleSet ruleSet)
    {
        ArgumentNullException.ThrowIfNull(name);
        return RuleSets.TryGetValue(name, out ruleSet);
    }
}
