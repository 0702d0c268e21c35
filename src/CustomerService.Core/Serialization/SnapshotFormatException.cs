namespace CustomerService.Core.Serialization;

/// <summary>
/// Thrown when a stored payload (a snapshot, a history entry, an event) cannot be read: malformed, missing a field,
/// holding an unknown value, or written by a newer schema version than this library understands.
/// </summary>
/// <remarks>The message names the payload's type, schema version and JSON path only, never its content (which may hold customer data).</remarks>
/// <threadsafety>Instances are immutable once thrown and may be shared between threads.</threadsafety>
public sealed class SnapshotFormatException : CustomerServiceException
{
    /// <summary>Initializes a new instance of the <see cref="SnapshotFormatException"/> class.</summary>
    /// <param name="message">What is wrong, without the payload's content.</param>
    /// <param name="schemaVersion">The payload's schema version, when it could be read.</param>
    /// <param name="innerException">The parser's exception, or <see langword="null"/>.</param>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="message"/> is <see langword="null"/>.</exception>
    public SnapshotFormatException(string message, int? schemaVersion = null, Exception? innerException = null)
        : base(message ?? throw new ArgumentNullException(nameof(message)), innerException)
    {
        SchemaVersion = schemaVersion;
    }

    /// <summary>Gets the payload's schema version.</summary>
    /// <value>The version the payload declares, or <see langword="null"/> when it could not be read.</value>
    public int? SchemaVersion { get; }
}
