using System.Globalization;

namespace CustomerService.Core.Storage;

/// <summary>
/// The concurrency token of a stored entity: every write that changes anything stored for the entity (a transition, an
/// SLA check, a due-work check, a deferral) replaces it, and a save succeeds only while the stored token is still the one
/// the writer loaded.
/// </summary>
/// <remarks>
/// <para>
/// The library issues the tokens (<see cref="Initial"/> for a new entity, then <see cref="Next"/>), so an adapter only
/// stores the <see cref="Value"/> next to the entity and compares it: <c>UPDATE … SET token = @new WHERE id = @id AND
/// token = @expected</c>. Treat the value as opaque: order and arithmetic mean nothing outside the library.
/// </para>
/// <para>The default value (0) is not a token; it is rejected wherever a token is required.</para>
/// </remarks>
/// <threadsafety>This type is an immutable value type and may be shared freely between threads.</threadsafety>
public readonly record struct ConcurrencyToken
{
    /// <summary>Initializes a new instance of the <see cref="ConcurrencyToken"/> struct from a stored value.</summary>
    /// <param name="value">The value an adapter stored: positive.</param>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when <paramref name="value"/> is zero or negative.</exception>
    public ConcurrencyToken(long value)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(value);
        Value = value;
    }

    /// <summary>Gets the token of an entity's first write.</summary>
    /// <value>The token whose <see cref="Value"/> is 1.</value>
    public static ConcurrencyToken Initial { get; } = new(1);

    /// <summary>Gets the value adapters store.</summary>
    /// <value>A positive number; 0 for the default value, which is not a token.</value>
    public long Value { get; }

    /// <summary>Gets a value indicating whether this is the default value, which is not a token.</summary>
    /// <value><see langword="true"/> for <c>default(ConcurrencyToken)</c>.</value>
    public bool IsDefault => Value == 0;

    /// <summary>Returns the token that replaces this one on the next write.</summary>
    /// <returns>A token different from every earlier token of the entity.</returns>
    /// <exception cref="InvalidOperationException">Thrown when this is the default value.</exception>
    /// <exception cref="OverflowException">Thrown after 2^63 − 1 writes of one entity.</exception>
    public ConcurrencyToken Next() =>
        IsDefault ? throw new InvalidOperationException("The default ConcurrencyToken is not a token.") : new(checked(Value + 1));

    /// <summary>Returns the token's value as text.</summary>
    /// <returns>The value in invariant digits.</returns>
    public override string ToString() => Value.ToString(CultureInfo.InvariantCulture);
}
