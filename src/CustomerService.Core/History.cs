namespace CustomerService.Core;

/// <summary>Appends to lifecycle histories without copying them: a <see cref="ValueList{T}"/> shares its nodes.</summary>
internal static class History
{
    public static ValueList<T> Append<T>(IReadOnlyList<T> history, T entry) => ValueList<T>.From(history).Add(entry);
}
