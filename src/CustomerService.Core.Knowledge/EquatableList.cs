using System.Collections;
using System.Collections.Immutable;

namespace CustomerService.Core.Knowledge;

/// <summary>An immutable list with value equality, behind the list properties of <see cref="Article"/> (a reloaded snapshot equals the saved one).</summary>
internal sealed class EquatableList<T> : IReadOnlyList<T>, IEquatable<EquatableList<T>>
{
    private readonly ImmutableList<T> _items;

    private EquatableList(ImmutableList<T> items) => _items = items;

    public static EquatableList<T> Empty { get; } = new(ImmutableList<T>.Empty);

    public int Count => _items.Count;

    public T this[int index] => _items[index];

    public static EquatableList<T> From(IReadOnlyList<T>? items) => items switch
    {
        null => throw new ArgumentNullException(nameof(items)),
        EquatableList<T> list => list,
        _ when items.Count == 0 => Empty,
        _ => new(ImmutableList.CreateRange(items)),
    };

    public EquatableList<T> Add(T item) => new(_items.Add(item));

    public bool Equals(EquatableList<T>? other) =>
        other is not null && (ReferenceEquals(this, other) || (_items.Count == other._items.Count && _items.SequenceEqual(other._items)));

    public override bool Equals(object? obj) => obj is EquatableList<T> other && Equals(other);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(_items.Count);
        if (_items.Count > 0)
        {
            hash.Add(_items[^1]);
        }

        return hash.ToHashCode();
    }

    public override string ToString() => $"[{Count} items]";

    public IEnumerator<T> GetEnumerator() => _items.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
