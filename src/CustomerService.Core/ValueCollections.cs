using System.Collections;
using System.Collections.Immutable;

namespace CustomerService.Core;

/// <summary>
/// An immutable list with value equality, behind the <see cref="IReadOnlyList{T}"/> properties of the snapshots
/// (histories): two snapshots with equal entries are equal, so a snapshot reloaded from a store equals the one saved.
/// Appending shares the existing nodes (an <see cref="ImmutableList{T}"/>), so a transition does not copy the history.
/// </summary>
internal sealed class ValueList<T> : IReadOnlyList<T>, IEquatable<ValueList<T>>
{
    private readonly ImmutableList<T> _items;

    private ValueList(ImmutableList<T> items)
    {
        _items = items;
    }

    public static ValueList<T> Empty { get; } = new(ImmutableList<T>.Empty);

    public int Count => _items.Count;

    public T this[int index] => _items[index];

    /// <summary>Returns <paramref name="items"/> itself when it is a value list already; otherwise an immutable copy.</summary>
    public static ValueList<T> From(IReadOnlyList<T>? items) => items switch
    {
        null => throw new ArgumentNullException(nameof(items)),
        ValueList<T> list => list,
        { Count: 0 } => Empty,
        _ => new ValueList<T>([.. items]),
    };

    public ValueList<T> Add(T item) => new(_items.Add(item));

    public bool Equals(ValueList<T>? other) => other is not null && (ReferenceEquals(this, other) || SequenceEqual(_items, other._items));

    public override bool Equals(object? obj) => obj is ValueList<T> other && Equals(other);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Count);
        foreach (var item in _items)
        {
            hash.Add(item);
        }

        return hash.ToHashCode();
    }

    public override string ToString() => $"[{Count} entries]";

    public IEnumerator<T> GetEnumerator() => _items.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private static bool SequenceEqual(ImmutableList<T> left, ImmutableList<T> right)
    {
        if (left.Count != right.Count)
        {
            return false;
        }

        var comparer = EqualityComparer<T>.Default;
        using var a = left.GetEnumerator();
        using var b = right.GetEnumerator();
        while (a.MoveNext() && b.MoveNext())
        {
            if (!comparer.Equals(a.Current, b.Current))
            {
                return false;
            }
        }

        return true;
    }
}

/// <summary>
/// An immutable array with value equality, behind the <see cref="IReadOnlyList{T}"/> properties of the SLA clock
/// records (clocks, clock events): equal contents compare equal, and the clock code reads it as a span without copying.
/// </summary>
internal sealed class ValueArray<T> : IReadOnlyList<T>, IEquatable<ValueArray<T>>
{
    private readonly T[] _items;

    private ValueArray(T[] items)
    {
        _items = items;
    }

    public static ValueArray<T> Empty { get; } = new([]);

    public int Count => _items.Length;

    public T this[int index] => _items[index];

    public ReadOnlySpan<T> Span => _items;

    /// <summary>The array itself, for code that shares it with another immutable holder; never change it.</summary>
    internal T[] Items => _items;

    /// <summary>Returns <paramref name="items"/> itself when it is a value array already; otherwise an immutable copy.</summary>
    public static ValueArray<T> From(IReadOnlyList<T>? items) => items switch
    {
        null => throw new ArgumentNullException(nameof(items)),
        ValueArray<T> array => array,
        { Count: 0 } => Empty,
        _ => new ValueArray<T>([.. items]),
    };

    /// <summary>Takes ownership of an array nobody else holds (the caller must never change it afterwards).</summary>
    public static ValueArray<T> Own(T[] items) => items.Length == 0 ? Empty : new(items);

    public bool Equals(ValueArray<T>? other) =>
        other is not null && (ReferenceEquals(this, other) || _items.AsSpan().SequenceEqual(other._items, EqualityComparer<T>.Default));

    public override bool Equals(object? obj) => obj is ValueArray<T> other && Equals(other);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(_items.Length);
        foreach (var item in _items)
        {
            hash.Add(item);
        }

        return hash.ToHashCode();
    }

    public override string ToString() => $"[{Count} items]";

    public IEnumerator<T> GetEnumerator() => ((IEnumerable<T>)_items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
