using System.Text.Json;
using System.Text.Json.Serialization;
using NodaTime;
using NodaTime.Text;

namespace CustomerService.Core.Serialization;

/// <summary>Writes an <see cref="Instant"/> as an extended ISO-8601 string in UTC with up to nine fraction digits (exact to the nanosecond).</summary>
internal sealed class InstantJsonConverter : JsonConverter<Instant>
{
    private static readonly InstantPattern Pattern = InstantPattern.ExtendedIso;

    public override Instant Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException("An instant must be a JSON string such as \"2026-03-02T01:00:00Z\".");
        }

        var result = Pattern.Parse(reader.GetString()!);
        return result.Success ? result.Value : throw new JsonException("An instant must be an ISO-8601 UTC string such as \"2026-03-02T01:00:00Z\".");
    }

    public override void Write(Utf8JsonWriter writer, Instant value, JsonSerializerOptions options) =>
        writer.WriteStringValue(Pattern.Format(value));
}

/// <summary>Writes a <see cref="Duration"/> as NodaTime's round-trip pattern (<c>-D:hh:mm:ss.FFFFFFFFF</c>).</summary>
internal sealed class DurationJsonConverter : JsonConverter<Duration>
{
    private static readonly DurationPattern Pattern = DurationPattern.Roundtrip;

    public override Duration Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException("A duration must be a JSON string such as \"1:02:00:00\".");
        }

        var result = Pattern.Parse(reader.GetString()!);
        return result.Success ? result.Value : throw new JsonException("A duration must be written as days:hours:minutes:seconds, such as \"1:02:00:00\".");
    }

    public override void Write(Utf8JsonWriter writer, Duration value, JsonSerializerOptions options) =>
        writer.WriteStringValue(Pattern.Format(value));
}

/// <summary>
/// Writes a <see cref="LocalDate"/> as an ISO-8601 date (<c>2026-11-23</c>); a date of another calendar system keeps its
/// calendar (<c>2026-11-10 (Julian)</c>, NodaTime's round-trip pattern), so the round trip is exact either way.
/// </summary>
internal sealed class LocalDateJsonConverter : JsonConverter<LocalDate>
{
    private static readonly LocalDatePattern IsoPattern = LocalDatePattern.Iso;
    private static readonly LocalDatePattern RoundtripPattern = LocalDatePattern.FullRoundtrip;

    public override LocalDate Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException("A date must be a JSON string such as \"2026-11-23\".");
        }

        var text = reader.GetString()!;
        var result = (text.EndsWith(')') ? RoundtripPattern : IsoPattern).Parse(text);
        return result.Success ? result.Value : throw new JsonException("A date must be an ISO-8601 date such as \"2026-11-23\", or one followed by its calendar such as \"2026-11-10 (Julian)\".");
    }

    public override void Write(Utf8JsonWriter writer, LocalDate value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.Calendar == CalendarSystem.Iso ? IsoPattern.Format(value) : RoundtripPattern.Format(value));
}
