using System.Text.Json;
using System.Text.Json.Serialization;

namespace CustomerService.Core;

/// <summary>The rules shared by the entity identifiers (ticket, complaint, callback): one place to validate their text.</summary>
internal static class Identifier
{
    /// <summary>The greatest number of characters an identifier may have.</summary>
    public const int MaxLength = 128;

    /// <summary>Returns <paramref name="value"/> when it is a valid identifier; throws naming <paramref name="paramName"/> otherwise.</summary>
    public static string Validate(string value, string paramName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value, paramName);
        if (value.Length > MaxLength)
        {
            throw new ArgumentException("An identifier must have at most 128 characters.", paramName);
        }

        return value;
    }
}

/// <summary>Writes an identifier as a plain JSON string, so snapshots stored as JSON read naturally.</summary>
/// <typeparam name="TId">The identifier type.</typeparam>
internal abstract class IdentifierJsonConverter<TId> : JsonConverter<TId>
    where TId : struct
{
    public sealed override TId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.TokenType == JsonTokenType.String ? reader.GetString()! : throw new JsonException("An identifier must be a JSON string.");
        try
        {
            return Create(text);
        }
        catch (ArgumentException e)
        {
            throw new JsonException("An identifier must be 1 to 128 characters, not all white space.", e);
        }
    }

    public sealed override void Write(Utf8JsonWriter writer, TId value, JsonSerializerOptions options) =>
        writer.WriteStringValue(TextOf(value));

    /// <summary>Builds the identifier from its text (validating it).</summary>
    protected abstract TId Create(string value);

    /// <summary>Gets the identifier's text.</summary>
    protected abstract string TextOf(TId value);
}
