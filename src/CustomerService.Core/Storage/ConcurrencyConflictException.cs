using System.Globalization;

namespace CustomerService.Core.Storage;

/// <summary>
/// Thrown by a store when a save was based on a version that is no longer the stored one (someone else saved first,
/// or the entity was created twice); nothing was written.
/// </summary>
/// <remarks>Reload the entity and decide again: the trigger may no longer be permitted in its new state.</remarks>
/// <threadsafety>Instances are immutable once thrown and may be shared between threads.</threadsafety>
public sealed class ConcurrencyConflictException : CustomerServiceException
{
    /// <summary>Initializes a new instance of the <see cref="ConcurrencyConflictException"/> class.</summary>
    /// <param name="entityType">The kind of entity, for example <c>Ticket</c>.</param>
    /// <param name="id">The entity's identifier.</param>
    /// <param name="expectedVersion">The version the save expected, or <see langword="null"/> when it expected the entity not to exist.</param>
    /// <param name="actualVersion">The stored version, or <see langword="null"/> when nothing is stored under <paramref name="id"/>.</param>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="entityType"/> or <paramref name="id"/> is <see langword="null"/>.</exception>
    public ConcurrencyConflictException(string entityType, string id, long? expectedVersion, long? actualVersion)
        : base(FormatMessage(entityType, id, expectedVersion, actualVersion))
    {
        EntityType = entityType;
        Id = id;
        ExpectedVersion = expectedVersion;
        ActualVersion = actualVersion;
    }

    /// <summary>Gets the kind of entity.</summary>
    /// <value><c>Ticket</c>, <c>Complaint</c> or <c>Callback</c>.</value>
    public string EntityType { get; }

    /// <summary>Gets the entity's identifier.</summary>
    /// <value>The identifier's text.</value>
    public string Id { get; }

    /// <summary>Gets the version the save expected.</summary>
    /// <value>The version loaded before the change, or <see langword="null"/> for a creation.</value>
    public long? ExpectedVersion { get; }

    /// <summary>Gets the version that was stored when the save was attempted.</summary>
    /// <value>The stored version, or <see langword="null"/> when nothing was stored.</value>
    public long? ActualVersion { get; }

    private static string FormatMessage(string entityType, string id, long? expectedVersion, long? actualVersion)
    {
        ArgumentNullException.ThrowIfNull(entityType);
        ArgumentNullException.ThrowIfNull(id);
        return string.Format(
            CultureInfo.InvariantCulture,
            "{0} '{1}' was not saved: expected {2}, but the store holds {3}.",
            entityType,
            id,
            expectedVersion is { } e ? "version " + e.ToString(CultureInfo.InvariantCulture) : "no stored entity",
            actualVersion is { } a ? "version " + a.ToString(CultureInfo.InvariantCulture) : "none");
    }
}
