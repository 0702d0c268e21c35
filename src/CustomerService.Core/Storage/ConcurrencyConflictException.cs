using System.Globalization;

namespace CustomerService.Core.Storage;

/// <summary>
/// Thrown by a store when a save was based on a token that is no longer the stored one (someone else wrote first, or
/// the entity was created twice); nothing was written.
/// </summary>
/// <remarks>Reload the entity and decide again: the trigger may no longer be permitted in its new state.</remarks>
/// <threadsafety>Instances are immutable once thrown and may be shared between threads.</threadsafety>
public sealed class ConcurrencyConflictException : CustomerServiceException
{
    /// <summary>Initializes a new instance of the <see cref="ConcurrencyConflictException"/> class.</summary>
    /// <param name="entityKind">The kind of entity, for example <c>Ticket</c>.</param>
    /// <param name="id">The entity's identifier.</param>
    /// <param name="expectedToken">The token the save expected, or <see langword="null"/> when it expected the entity not to exist.</param>
    /// <param name="actualToken">The stored token, or <see langword="null"/> when nothing is stored under <paramref name="id"/> (or the store did not read it).</param>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="entityKind"/> or <paramref name="id"/> is <see langword="null"/>.</exception>
    public ConcurrencyConflictException(string entityKind, string id, ConcurrencyToken? expectedToken, ConcurrencyToken? actualToken)
        : base(FormatMessage(entityKind, id, expectedToken, actualToken))
    {
        EntityKind = entityKind;
        Id = id;
        ExpectedToken = expectedToken;
        ActualToken = actualToken;
    }

    /// <summary>Gets the kind of entity.</summary>
    /// <value><c>Ticket</c>, <c>Complaint</c> or <c>Callback</c>.</value>
    public string EntityKind { get; }

    /// <summary>Gets the entity's identifier.</summary>
    /// <value>The identifier's text.</value>
    public string Id { get; }

    /// <summary>Gets the token the save expected.</summary>
    /// <value>The token loaded before the change, or <see langword="null"/> for a creation.</value>
    public ConcurrencyToken? ExpectedToken { get; }

    /// <summary>Gets the token that was stored when the save was attempted.</summary>
    /// <value>The stored token, or <see langword="null"/> when nothing was stored or the store did not read it.</value>
    public ConcurrencyToken? ActualToken { get; }

    private static string FormatMessage(string entityKind, string id, ConcurrencyToken? expectedToken, ConcurrencyToken? actualToken)
    {
        ArgumentNullException.ThrowIfNull(entityKind);
        ArgumentNullException.ThrowIfNull(id);
        return string.Format(
            CultureInfo.InvariantCulture,
            "{0} '{1}' was not saved: expected {2}, but the store holds {3}.",
            entityKind,
            id,
            expectedToken is { } e ? "token " + e : "no stored entity",
            actualToken is { } a ? "token " + a : "another state");
    }
}
