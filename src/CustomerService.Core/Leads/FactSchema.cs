namespace CustomerService.Core.Leads;

/// <summary>The named, typed customer facts a rule set reads, each at a fixed index of a facts row.</summary>
/// <remarks>
/// A facts row is a <see cref="ReadOnlySpan{T}"/> of <see cref="FactValue"/> with one slot per fact, in declaration
/// order. Hosts fill a reusable row per customer (see <see cref="CreateRow"/>), so evaluation allocates nothing.
/// Fact names are compared ordinally and case-sensitively.
/// </remarks>
/// <threadsafety>This type is immutable and thread-safe; its builder is not thread-safe and is single-use.</threadsafety>
public sealed class FactSchema
{
    /// <summary>The largest number of names an enum fact may declare.</summary>
    public const int MaxEnumValues = 64;

    private readonly Dictionary<string, int> _indexes;

    private FactSchema(List<FactDefinition> facts)
    {
        Facts = facts.ToArray();
        _indexes = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < facts.Count; i++)
        {
            _indexes.Add(facts[i].Name, i);
        }
    }

    /// <summary>Gets the facts in row order.</summary>
    /// <value>The fact definitions.</value>
    public IReadOnlyList<FactDefinition> Facts { get; }

    /// <summary>Gets the number of facts (the length of a row).</summary>
    /// <value>The number of facts.</value>
    public int Count => Facts.Count;

    /// <summary>Creates a builder for a new schema.</summary>
    /// <returns>A single-use builder.</returns>
    public static Builder CreateBuilder() => new();

    /// <summary>Gets the row index of a fact.</summary>
    /// <param name="name">The fact's name.</param>
    /// <returns>The zero-based index.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="name"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">Thrown when the schema has no fact named <paramref name="name"/>.</exception>
    public int IndexOf(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return TryGetIndex(name, out var index)
            ? index
            : throw new ArgumentException($"The schema has no fact named '{name}'.", nameof(name));
    }

    /// <summary>Looks up the row index of a fact.</summary>
    /// <param name="name">The fact's name.</param>
    /// <param name="index">The zero-based index when found.</param>
    /// <returns><see langword="true"/> when the fact exists.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="name"/> is <see langword="null"/>.</exception>
    public bool TryGetIndex(string name, out int index)
    {
        ArgumentNullException.ThrowIfNull(name);
        return _indexes.TryGetValue(name, out index);
    }

    /// <summary>Creates the value of an enum fact from one of its declared names.</summary>
    /// <param name="fact">The enum fact's name.</param>
    /// <param name="value">One of the names the fact declares.</param>
    /// <returns>The value.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="fact"/> or <paramref name="value"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">Thrown when the fact is unknown, not an enum, or does not declare <paramref name="value"/>.</exception>
    public FactValue EnumValue(string fact, string value)
    {
        ArgumentNullException.ThrowIfNull(fact);
        ArgumentNullException.ThrowIfNull(value);
        var definition = Facts[IndexOf(fact)];
        if (definition.Kind != FactKind.Enum)
        {
            throw new ArgumentException($"Fact '{fact}' is a {definition.Kind} fact, not an enum.", nameof(fact));
        }

        var ordinal = IndexOfValue(definition.Values, value);
        return ordinal >= 0
            ? FactValue.FromEnumOrdinal(ordinal)
            : throw new ArgumentException($"Enum fact '{fact}' does not declare the value '{value}'.", nameof(value));
    }

    /// <summary>Creates a new row with every fact missing, to be reused across customers.</summary>
    /// <returns>A new array of <see cref="Count"/> missing values.</returns>
    public FactValue[] CreateRow() => new FactValue[Count];

    internal static int IndexOfValue(IReadOnlyList<string> values, string value)
    {
        for (var i = 0; i < values.Count; i++)
        {
            if (string.Equals(values[i], value, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Builds a <see cref="FactSchema"/>.</summary>
    /// <threadsafety>This type is not thread-safe; use one builder per schema, once.</threadsafety>
    public sealed class Builder
    {
        private readonly List<FactDefinition> _facts = [];
        private bool _built;

        internal Builder()
        {
        }

        /// <summary>Adds a date fact.</summary>
        /// <param name="name">The fact's unique name.</param>
        /// <returns>This builder.</returns>
        /// <exception cref="ArgumentException">Thrown when the name is empty or already used.</exception>
        /// <exception cref="InvalidOperationException">Thrown when the builder has already built its schema.</exception>
        public Builder AddDate(string name) => Add(name, FactKind.Date, []);

        /// <summary>Adds a number fact.</summary>
        /// <param name="name">The fact's unique name.</param>
        /// <returns>This builder.</returns>
        /// <exception cref="ArgumentException">Thrown when the name is empty or already used.</exception>
        /// <exception cref="InvalidOperationException">Thrown when the builder has already built its schema.</exception>
        public Builder AddNumber(string name) => Add(name, FactKind.Number, []);

        /// <summary>Adds a count fact.</summary>
        /// <param name="name">The fact's unique name.</param>
        /// <returns>This builder.</returns>
        /// <exception cref="ArgumentException">Thrown when the name is empty or already used.</exception>
        /// <exception cref="InvalidOperationException">Thrown when the builder has already built its schema.</exception>
        public Builder AddCount(string name) => Add(name, FactKind.Count, []);

        /// <summary>Adds a flag fact.</summary>
        /// <param name="name">The fact's unique name.</param>
        /// <returns>This builder.</returns>
        /// <exception cref="ArgumentException">Thrown when the name is empty or already used.</exception>
        /// <exception cref="InvalidOperationException">Thrown when the builder has already built its schema.</exception>
        public Builder AddFlag(string name) => Add(name, FactKind.Flag, []);

        /// <summary>Adds an enum fact with its closed list of names.</summary>
        /// <param name="name">The fact's unique name.</param>
        /// <param name="values">One to 64 distinct, non-empty names.</param>
        /// <returns>This builder.</returns>
        /// <exception cref="ArgumentException">Thrown when the name is empty or used, or the values are empty, duplicated or more than 64.</exception>
        /// <exception cref="InvalidOperationException">Thrown when the builder has already built its schema.</exception>
        public Builder AddEnum(string name, params string[] values)
        {
            ArgumentNullException.ThrowIfNull(values);
            if (values.Length is 0 or > MaxEnumValues)
            {
                throw new ArgumentException($"Enum fact '{name}' must declare 1 to {MaxEnumValues} values.", nameof(values));
            }

            if (values.Any(string.IsNullOrWhiteSpace) || values.Distinct(StringComparer.Ordinal).Count() != values.Length)
            {
                throw new ArgumentException($"Enum fact '{name}' must declare distinct, non-empty values.", nameof(values));
            }

            return Add(name, FactKind.Enum, values.ToArray());
        }

        /// <summary>Builds the schema; the builder cannot be used afterwards.</summary>
        /// <returns>The schema.</returns>
        /// <exception cref="InvalidOperationException">Thrown when the builder has already built its schema.</exception>
        public FactSchema Build()
        {
            ThrowIfBuilt();
            _built = true;
            return new FactSchema(_facts);
        }

        private Builder Add(string name, FactKind kind, string[] values)
        {
            ThrowIfBuilt();
            ArgumentException.ThrowIfNullOrWhiteSpace(name);
            if (_facts.Any(f => string.Equals(f.Name, name, StringComparison.Ordinal)))
            {
                throw new ArgumentException($"The schema already has a fact named '{name}'.", nameof(name));
            }

            _facts.Add(new FactDefinition(name, kind, values));
            return this;
        }

        private void ThrowIfBuilt()
        {
            if (_built)
            {
                throw new InvalidOperationException("Cannot add any more facts: this builder has already built its schema.");
            }
        }
    }
}

/// <summary>One fact of a <see cref="FactSchema"/>: its name, kind and, for enums, its names.</summary>
/// <threadsafety>This type is immutable and thread-safe.</threadsafety>
public sealed class FactDefinition
{
    internal FactDefinition(string name, FactKind kind, string[] values)
    {
        Name = name;
        Kind = kind;
        Values = values;
    }

    /// <summary>Gets the fact's name.</summary>
    /// <value>The name, unique in its schema.</value>
    public string Name { get; }

    /// <summary>Gets the fact's kind.</summary>
    /// <value>The kind.</value>
    public FactKind Kind { get; }

    /// <summary>Gets the names an enum fact declares, in ordinal order.</summary>
    /// <value>The names; empty for other kinds.</value>
    public IReadOnlyList<string> Values { get; }

    /// <summary>Returns the fact's name and kind.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => $"{Name} ({Kind})";
}
