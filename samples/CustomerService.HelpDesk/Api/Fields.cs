using System.Globalization;
using NodaTime;
using NodaTime.Text;

namespace CustomerService.HelpDesk.Api;

/// <summary>Reads the fields of a request, refusing a missing or malformed one by name (never echoing its value).</summary>
public static class Fields
{
    public static T Required<T>(T? value, string field)
        where T : struct => value ?? throw new BadFieldException(field, "is required.");

    public static string Required(string? value, string field) =>
        string.IsNullOrWhiteSpace(value) ? throw new BadFieldException(field, "is required.") : value;

    /// <summary>An ISO-8601 duration without years or months (<c>PT4H</c>, <c>P1DT2H</c>), positive.</summary>
    public static Duration PositiveDuration(string? value, string field)
    {
        var result = PeriodPattern.NormalizingIso.Parse(Required(value, field));
        if (!result.Success || result.Value.HasDateComponent && (result.Value.Years != 0 || result.Value.Months != 0))
        {
            throw new BadFieldException(field, "is not an ISO-8601 duration such as PT4H or P1DT2H (no years or months).");
        }

        var duration = result.Value.ToDuration();
        return duration > Duration.Zero ? duration : throw new BadFieldException(field, "must be positive.");
    }

    /// <summary>An ISO-8601 instant with its offset, e.g. <c>2026-09-30T08:00:00Z</c> or <c>2026-09-30T16:00:00+08:00</c>.</summary>
    public static Instant Instant(string? value, string field)
    {
        var result = OffsetDateTimePattern.ExtendedIso.Parse(Required(value, field));
        return result.Success ? result.Value.ToInstant() : throw new BadFieldException(field, "is not an ISO-8601 date and time with an offset, such as 2026-09-30T16:00:00+08:00.");
    }

    public static LocalDate? Date(string? value, string field)
    {
        if (value is null)
        {
            return null;
        }

        var result = LocalDatePattern.Iso.Parse(value);
        return result.Success ? result.Value : throw new BadFieldException(field, "is not a date such as 2027-05-01.");
    }

    /// <summary>The version a client expects, from <c>If-Match: "7"</c>; <see langword="null"/> when the header is absent.</summary>
    public static long? IfMatch(HttpContext http)
    {
        var header = http.Request.Headers.IfMatch.ToString();
        if (header.Length == 0)
        {
            return null;
        }

        return long.TryParse(header.Trim().Trim('"'), NumberStyles.None, CultureInfo.InvariantCulture, out var version)
            ? version
            : throw new BadFieldException("If-Match", "must be the ETag of the resource, such as \"7\".");
    }

    /// <summary>A new identifier for a resource the client did not name.</summary>
    public static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid().ToString("N")[..8].ToUpperInvariant()}";
}
