using System.Globalization;

namespace CustomerService.Core.Storage;

/// <summary>
/// Thrown by a database adapter when its database cannot be used — the file or server is missing, locked, read-only,
/// corrupt, unreachable, or refuses the credentials; the operation wrote nothing it did not commit.
/// </summary>
/// <remarks>
/// <see cref="Target"/> names the database (a file path, or a server and database name) and never a password. The
/// adapter's own exception is the <see cref="Exception.InnerException"/>. Retrying is safe: a save either committed
/// (and its acknowledgement was lost — the retry then conflicts) or wrote nothing.
/// </remarks>
/// <threadsafety>Instances are immutable once thrown and may be shared between threads.</threadsafety>
public sealed class StorageException : CustomerServiceException
{
    /// <summary>Initializes a new instance of the <see cref="StorageException"/> class.</summary>
    /// <param name="adapter">The adapter's name, for example <c>SQLite</c>.</param>
    /// <param name="target">The database the adapter could not use (a file path, or server and database name; never a password).</param>
    /// <param name="reason">What went wrong, in a few words (for example <c>the file is read-only</c>).</param>
    /// <param name="innerException">The adapter's exception, or <see langword="null"/>.</param>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="adapter"/>, <paramref name="target"/> or <paramref name="reason"/> is <see langword="null"/>.</exception>
    public StorageException(string adapter, string target, string reason, Exception? innerException = null)
        : base(
            string.Format(
                CultureInfo.InvariantCulture,
                "The {0} database '{1}' cannot be used: {2}.",
                adapter ?? throw new ArgumentNullException(nameof(adapter)),
                target ?? throw new ArgumentNullException(nameof(target)),
                reason ?? throw new ArgumentNullException(nameof(reason))),
            innerException)
    {
        Adapter = adapter;
        Target = target;
        Reason = reason;
    }

    /// <summary>Gets the adapter's name.</summary>
    /// <value>For example <c>SQLite</c> or <c>PostgreSQL</c>.</value>
    public string Adapter { get; }

    /// <summary>Gets the database the adapter could not use.</summary>
    /// <value>A file path, or a server and database name; never a password.</value>
    public string Target { get; }

    /// <summary>Gets what went wrong.</summary>
    /// <value>A few words, for example <c>the file is read-only</c>.</value>
    public string Reason { get; }
}
