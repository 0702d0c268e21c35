namespace CustomerService.Core.Sla;

/// <summary>The priority an SLA target applies to, named so that policies can be bound from configuration.</summary>
/// <remarks>
/// Four priorities are predefined (<see cref="Urgent"/>, <see cref="High"/>, <see cref="Normal"/>, <see cref="Low"/>);
/// a host may define its own with the constructor. Names compare ordinally and ignoring case. The default value of this
/// struct has no name and is not accepted where a priority is required.
/// </remarks>
/// <threadsafety>This type is an immutable value type: an instance may be read from any number of threads at once without locking.</threadsafety>
public readonly record struct SlaPriority
{
    private readonly string? _name;

    /// <summary>Initializes a new instance of the <see cref="SlaPriority"/> struct.</summary>
    /// <param name="name">The priority's name: 1 to 64 ASCII letters, digits, '-' or '_'.</param>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="name"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">Thrown when <paramref name="name"/> is empty, longer than 64 characters or holds other characters.</exception>
    public SlaPriority(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!IsValidName(name))
        {
            throw new ArgumentException("A priority name must be 1 to 64 ASCII letters, digits, '-' or '_'.", nameof(name));
        }

        _name = name;
    }

    /// <summary>Gets the priority for urgent cases.</summary>
    /// <value>The priority named "Urgent".</value>
    public static SlaPriority Urgent { get; } = new("Urgent");

    /// <summary>Gets the priority for high-priority cases.</summary>
    /// <value>The priority named "High".</value>
    public static SlaPriority High { get; } = new("High");

    /// <summary>Gets the priority for normal cases.</summary>
    /// <value>The priority named "Normal".</value>
    public static SlaPriority Normal { get; } = new("Normal");

    /// <summary>Gets the priority for low-priority cases.</summary>
    /// <value>The priority named "Low".</value>
    public static SlaPriority Low { get; } = new("Low");

    /// <summary>Gets the priority's name.</summary>
    /// <value>The name given to the constructor, or the empty string for the default value.</value>
    public string Name => _name ?? string.Empty;

    /// <summary>Gets a value indicating whether this is the default value, which has no name.</summary>
    /// <value><see langword="true"/> for <c>default(SlaPriority)</c>; otherwise <see langword="false"/>.</value>
    public bool IsDefault => _name is null;

    /// <summary>Determines whether this priority has the same name as another, ignoring case.</summary>
    /// <param name="other">The priority to compare with.</param>
    /// <returns><see langword="true"/> when both names are equal ignoring case; otherwise <see langword="false"/>.</returns>
    public bool Equals(SlaPriority other) => string.Equals(_name, other._name, StringComparison.OrdinalIgnoreCase);

    /// <summary>Returns a hash code consistent with <see cref="Equals(SlaPriority)"/>.</summary>
    /// <returns>A hash code of the name, ignoring case.</returns>
    public override int GetHashCode() => _name is null ? 0 : StringComparer.OrdinalIgnoreCase.GetHashCode(_name);

    /// <summary>Returns the priority's name.</summary>
    /// <returns>The name, or the empty string for the default value.</returns>
    public override string ToString() => Name;

    internal static bool IsValidName(string name)
    {
        if (name.Length is 0 or > 64)
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            {
                return false;
            }
        }

        return true;
    }
}
