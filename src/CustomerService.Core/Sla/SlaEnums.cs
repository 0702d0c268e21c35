using System.Globalization;

namespace CustomerService.Core.Sla;

/// <summary>Checks that an SLA enum value is a business value: defined and not the zero "unspecified" value.</summary>
internal static class SlaEnums
{
    /// <summary>Returns whether a value is defined and not zero (<c>Unspecified</c> or <c>None</c>).</summary>
    public static bool IsSpecified<T>(T value)
        where T : struct, Enum =>
        Enum.IsDefined(value) && !EqualityComparer<T>.Default.Equals(value, default);

    /// <summary>The names a caller may use: every defined name but the zero one.</summary>
    public static string Names<T>()
        where T : struct, Enum =>
        string.Join(", ", Enum.GetValues<T>().Where(IsSpecified).Select(v => v.ToString()));

    /// <summary>The names a caller may use, as a list (for suggestions).</summary>
    public static string[] NameList<T>()
        where T : struct, Enum =>
        [.. Enum.GetValues<T>().Where(IsSpecified).Select(v => v.ToString())];

    /// <summary>Explains why a value is not accepted, listing the values that are.</summary>
    public static string Unspecified<T>(T value)
        where T : struct, Enum =>
        string.Create(
            CultureInfo.InvariantCulture,
            $"The {typeof(T).Name} must be one of {Names<T>()}; {(Enum.IsDefined(value) ? value.ToString() : ((IConvertible)value).ToInt32(CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture))} is {(Enum.IsDefined(value) ? "the zero value, which means unspecified" : "not a defined value")}.");

    /// <summary>Parses a configuration value by name only (no numbers), accepting only specified values.</summary>
    public static bool TryParseName<T>(string? text, out T value)
        where T : struct, Enum =>
        Enum.TryParse(text, ignoreCase: true, out value) && IsSpecified(value) && !int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out _);
}
