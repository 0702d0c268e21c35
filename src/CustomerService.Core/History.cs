using System.Collections.Immutable;

namespace CustomerService.Core;

/// <summary>Appends to lifecycle histories without copying them: an <see cref="ImmutableList{T}"/> shares its nodes.</summary>
internal static class History
{
    public static ImmutableList<T> Append<T>(IReadOnlyList<T> history, T entry)
    {
        var list = history as ImmutableList<T> ?? [.. history];
        return list.Add(entry);
    }
}
