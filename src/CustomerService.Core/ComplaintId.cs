using System.Text.Json.Serialization;

namespace CustomerService.Core;

/// <summary>Identifies a complaint; the value is chosen by the host (its database key, a reference number).</summary>
/// <remarks>Identifiers appear in exception messages and events, so they must not be personal data (use a key or a reference number, never a phone number). In JSON (System.Text.Json) an identifier is a plain string. The default value has a <see langword="null"/> <see cref="Value"/> and identifies nothing; construct ids with the constructor.</remarks>
/// <threadsafety>This type is an immutable value type and may be shared freely between threads.</threadsafety>
[JsonConverter(typeof(ComplaintIdJsonConverter))]
public readonly record struct ComplaintId
{
    /// <summary>The greatest number of characters an identifier may have.</summary>
    public const int MaxLength = Identifier.MaxLength;

    /// <summary>Initializes a new instance of the <see cref="ComplaintId"/> struct.</summary>
    /// <param name="value">The identifier: 1 to <see cref="MaxLength"/> characters, not all white space.</param>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="value"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">Thrown when <paramref name="value"/> is empty, white space or longer than <see cref="MaxLength"/>.</exception>
    public ComplaintId(string value) => Value = Identifier.Validate(value, nameof(value));

    /// <summary>Gets the identifier's text.</summary>
    /// <value>The text given to the constructor.</value>
    public string Value { get; }

    /// <summary>Returns the identifier's text.</summary>
    /// <returns>The same text as <see cref="Value"/>.</returns>
    public override string ToString() => Value;
}

/// <summary>Writes a <see cref="ComplaintId"/> as a plain JSON string, so snapshots stored as JSON read naturally.</summary>
internal sealed class ComplaintIdJsonConverter : IdentifierJsonConverter<ComplaintId>
{
    protected override ComplaintId Create(string value) => new(value);

    protected override string TextOf(ComplaintId value) => value.Value;
}
