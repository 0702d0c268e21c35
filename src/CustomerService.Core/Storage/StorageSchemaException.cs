using System.Globalization;

namespace CustomerService.Core.Storage;

/// <summary>
/// Thrown by a database adapter when the database's schema was written by a newer version of the adapter than the one
/// running (or is not the adapter's schema at all); nothing was changed.
/// </summary>
/// <remarks>Upgrade the package (or point the adapter at its own database). The adapter never downgrades a schema.</remarks>
/// <threadsafety>Instances are immutable once thrown and may be shared between threads.</threadsafety>
public sealed class StorageSchemaException : CustomerServiceException
{
    /// <summary>Initializes a new instance of the <see cref="StorageSchemaException"/> class.</summary>
    /// <param name="adapter">The adapter's name, for example <c>SQLite</c>.</param>
    /// <param name="foundVersion">The schema version found in the database.</param>
    /// <param name="supportedVersion">The newest schema version the running adapter knows.</param>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="adapter"/> is <see langword="null"/>.</exception>
    public StorageSchemaException(string adapter, int foundVersion, int supportedVersion)
        : base(string.Format(
            CultureInfo.InvariantCulture,
            "The {0} database has schema version {1}, newer than the {2} this version of the adapter knows; nothing was changed. Upgrade the package.",
            adapter ?? throw new ArgumentNullException(nameof(adapter)),
            foundVersion,
            supportedVersion))
    {
        Adapter = adapter;
        FoundVersion = foundVersion;
        SupportedVersion = supportedVersion;
    }

    /// <summary>Gets the adapter's name.</summary>
    /// <value>For example <c>SQLite</c> or <c>PostgreSQL</c>.</value>
    public string Adapter { get; }

    /// <summary>Gets the schema version found in the database.</summary>
    /// <value>A version greater than <see cref="SupportedVersion"/>.</value>
    public int FoundVersion { get; }

    /// <summary>Gets the newest schema version the running adapter knows.</summary>
    /// <value>The adapter's schema version.</value>
    public int SupportedVersion { get; }
}
