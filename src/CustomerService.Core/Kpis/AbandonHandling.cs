namespace CustomerService.Core.Kpis;

/// <summary>How a service level treats abandoned contacts; the four variants in industry use.</summary>
/// <remarks>With A = answered, A<sub>Y</sub> = answered within the threshold, B = abandoned, B<sub>Y</sub> = abandoned within the threshold, B<sub>S</sub> = short abandons (under the short-abandon threshold).</remarks>
/// <threadsafety>This type is an enumeration; its values are immutable and thread-safe.</threadsafety>
public enum AbandonHandling
{
    /// <summary>Abandons are ignored: <c>SL = A<sub>Y</sub> / A</c>.</summary>
    Ignore = 0,

    /// <summary>Every abandon counts as a miss: <c>SL = A<sub>Y</sub> / (A + B)</c>.</summary>
    CountAsMissed = 1,

    /// <summary>Abandons within the threshold count as met, later ones as misses: <c>SL = (A<sub>Y</sub> + B<sub>Y</sub>) / (A + B)</c>.</summary>
    CountEarlyAsMet = 2,

    /// <summary>Short abandons are left out, the other abandons count as misses: <c>SL = A<sub>Y</sub> / (A + B − B<sub>S</sub>)</c>.</summary>
    ExcludeShortAbandons = 3,
}
