using System.Text.Json;
using System.Text.Json.Serialization;
using NodaTime;
using NodaTime.Text;

namespace CustomerService.Core.Serialization;

/// <summary>Writes an <see cref="Instant"/> as an extended ISO-8601 string in UTC with up to nine fraction digits (exact to the nanosecond).</summary>
/// <remarks>
/// The text is <see cref="InstantPattern.ExtendedIso"/>'s. Instants of years 1–9999 are formatted and parsed straight
/// on the UTF-8 bytes (no pattern engine, no intermediate string): the same text, byte for byte, and the same value; any
/// other text or year goes through the pattern, which also words the errors.
/// </remarks>
internal sealed class InstantJsonConverter : JsonConverter<Instant>
{
    /// <summary>The longest text of the fast path: <c>yyyy-MM-ddTHH:mm:ss.fffffffffZ</c>.</summary>
    internal const int MaxFastLength = 30;

    private static readonly InstantPattern Pattern = InstantPattern.ExtendedIso;
    private static readonly Instant FastMin = Instant.FromUtc(1, 1, 1, 0, 0);
    private static readonly Instant FastMax = Instant.FromUtc(9999, 12, 31, 23, 59, 59) + Duration.FromNanoseconds(999_999_999);

    public override Instant Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException("An instant must be a JSON string such as \"2026-03-02T01:00:00Z\".");
        }

        if (!reader.HasValueSequence && !reader.ValueIsEscaped && TryParse(reader.ValueSpan, out var fast))
        {
            return fast;
        }

        var result = Pattern.Parse(reader.GetString()!);
        return result.Success ? result.Value : throw new JsonException("An instant must be an ISO-8601 UTC string such as \"2026-03-02T01:00:00Z\".");
    }

    public override void Write(Utf8JsonWriter writer, Instant value, JsonSerializerOptions options)
    {
        Span<byte> text = stackalloc byte[MaxFastLength];
        if (TryFormat(value, text, out var written))
        {
            writer.WriteStringValue(text[..written]);
        }
        else
        {
            writer.WriteStringValue(Pattern.Format(value));
        }
    }

    /// <summary>Formats an instant of years 1–9999 as <see cref="InstantPattern.ExtendedIso"/> does, into ASCII bytes; <see langword="false"/> for other years.</summary>
    internal static bool TryFormat(Instant value, Span<byte> destination, out int written)
    {
        written = 0;
        if (value < FastMin || value > FastMax || destination.Length < MaxFastLength)
        {
            return false;
        }

        var local = value.InUtc().LocalDateTime;
        Digits(destination[..4], local.Year);
        destination[4] = (byte)'-';
        Digits(destination.Slice(5, 2), local.Month);
        destination[7] = (byte)'-';
        Digits(destination.Slice(8, 2), local.Day);
        destination[10] = (byte)'T';
        Digits(destination.Slice(11, 2), local.Hour);
        destination[13] = (byte)':';
        Digits(destination.Slice(14, 2), local.Minute);
        destination[16] = (byte)':';
        Digits(destination.Slice(17, 2), local.Second);
        written = 19;
        var nanoseconds = local.NanosecondOfSecond;
        if (nanoseconds != 0)
        {
            // ";FFFFFFFFF": up to nine digits without the trailing zeros.
            var digits = 9;
            while (nanoseconds % 10 == 0)
            {
                nanoseconds /= 10;
                digits--;
            }

            destination[written++] = (byte)'.';
            Digits(destination.Slice(written, digits), nanoseconds);
            written += digits;
        }

        destination[written++] = (byte)'Z';
        return true;
    }

    /// <summary>
    /// Parses <c>yyyy-MM-ddTHH:mm:ss[.f…]Z</c> (one to nine fraction digits, years 1–9999) from ASCII bytes: a strict
    /// subset of what <see cref="InstantPattern.ExtendedIso"/> accepts, read to the same value; <see langword="false"/> for
    /// anything else (which the pattern then parses or refuses).
    /// </summary>
    internal static bool TryParse(ReadOnlySpan<byte> text, out Instant value)
    {
        value = default;
        if (text.Length < 20 || text.Length > MaxFastLength || text.Length == 21
            || text[4] != '-' || text[7] != '-' || text[10] != 'T' || text[13] != ':' || text[16] != ':' || text[^1] != 'Z'
            || !TryDigits(text[..4], out var year) || !TryDigits(text.Slice(5, 2), out var month) || !TryDigits(text.Slice(8, 2), out var day)
            || !TryDigits(text.Slice(11, 2), out var hour) || !TryDigits(text.Slice(14, 2), out var minute) || !TryDigits(text.Slice(17, 2), out var second))
        {
            return false;
        }

        var nanoseconds = 0;
        if (text.Length > 20)
        {
            var fraction = text[20..^1];
            if (text[19] != '.' || !TryDigits(fraction, out nanoseconds))
            {
                return false;
            }

            for (var i = fraction.Length; i < 9; i++)
            {
                nanoseconds *= 10;
            }
        }

        if (year < 1 || month is < 1 or > 12 || day < 1 || day > CalendarSystem.Iso.GetDaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        value = Instant.FromUtc(year, month, day, hour, minute, second) + Duration.FromNanoseconds(nanoseconds);
        return true;
    }

    private static void Digits(Span<byte> destination, int value)
    {
        for (var i = destination.Length - 1; i >= 0; i--)
        {
            destination[i] = (byte)('0' + (value % 10));
            value /= 10;
        }
    }

    private static bool TryDigits(ReadOnlySpan<byte> text, out int value)
    {
        value = 0;
        if (text.IsEmpty)
        {
            return false;
        }

        foreach (var c in text)
        {
            var digit = c - '0';
            if ((uint)digit > 9)
            {
                return false;
            }

            value = (value * 10) + digit;
        }

        return true;
    }
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
