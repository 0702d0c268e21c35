using System.Globalization;

namespace CustomerService.Core;

/// <summary>Argument checks shared by the package.</summary>
internal static class Guard
{

    public static void Defined<TEnum>(TEnum value, string paramName)
        where TEnum : struct, Enum
    {
        if (!Enum.IsDefined(value))
        {
            throw new ArgumentOutOfRangeException(paramName, value, string.Format(CultureInfo.InvariantCulture, "The value must be one of the {0} values.", typeof(TEnum).Name));
        }
    }

    public static void Text(string? value, string paramName, int maxLength = 200)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value, paramName);
        if (value.Length > maxLength)
        {
            throw new ArgumentException(string.Format(CultureInfo.InvariantCulture, "The value must have at most {0} characters.", maxLength), paramName);
        }
    }

    /// <summary>Checks a command's data; the exception names the command parameter of the lifecycle's Apply method and the property.</summary>
    public static void Command(bool valid, string property, string rule, string command = "command")
    {
        if (!valid)
        {
            throw new ArgumentException(string.Format(CultureInfo.InvariantCulture, "{0} {1}.", property, rule), command);
        }
    }

    public static void CommandText(string? value, string property, int maxLength = 200) =>
        Command(!string.IsNullOrWhiteSpace(value) && value.Length <= maxLength, property, string.Format(CultureInfo.InvariantCulture, "must be 1 to {0} characters, not all white space", maxLength));

    public static void CommandDefined<TEnum>(TEnum value, string property)
        where TEnum : struct, Enum =>
        Command(Enum.IsDefined(value), property, "must be one of the " + typeof(TEnum).Name + " values");
}
