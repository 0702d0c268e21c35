using CustomerService.Core.Storage;

namespace CustomerService.Core.PostgreSql;

/// <summary>
/// Thrown by the PostgreSQL store when the server cannot be used: it is unreachable, refused the credentials, has no
/// such database, or the connection broke during a call. The message names the setting to check, never its secret.
/// </summary>
/// <remarks>
/// <para>
/// Reads and claims are tried again (<see cref="PostgreSqlStorageOptions.MaxRetries"/>) before this is thrown; saves and
/// outbox settlements are not, since their outcome is unknown once the connection broke. Each write is one statement
/// (one transaction), so a broken connection never leaves it half-written: either everything of it is stored or nothing.
/// After a save failed this way, reload the entity: a retried save of a change that did commit conflicts, as every
/// replayed save does.
/// </para>
/// <para>The database's own error, if any, is the <see cref="Exception.InnerException"/> (an Npgsql exception; its message never holds the password).</para>
/// </remarks>
/// <threadsafety>Instances are immutable once thrown and may be shared between threads.</threadsafety>
public sealed class PostgreSqlStorageException : CustomerServiceException
{
    /// <summary>Initializes a new instance of the <see cref="PostgreSqlStorageException"/> class.</summary>
    /// <param name="message">What failed and which setting to check; never a password.</param>
    /// <param name="setting">The setting to check, for example <c>CustomerServiceCore:PostgreSql:ConnectionString (Password)</c>.</param>
    /// <param name="isTransient">Whether trying again later may succeed (a restart, a network drop) rather than needing a configuration change.</param>
    /// <param name="innerException">The database client's error.</param>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="message"/> or <paramref name="setting"/> is <see langword="null"/>.</exception>
    public PostgreSqlStorageException(string message, string setting, bool isTransient, Exception? innerException)
        : base(message ?? throw new ArgumentNullException(nameof(message)), innerException)
    {
        Setting = setting ?? throw new ArgumentNullException(nameof(setting));
        IsTransient = isTransient;
    }

    /// <summary>Gets the setting to check.</summary>
    /// <value>The configuration key, with the connection-string key in parentheses (<c>Host</c>, <c>Port</c>, <c>Database</c>, <c>Username</c>, <c>Password</c>).</value>
    public string Setting { get; }

    /// <summary>Gets a value indicating whether trying again later may succeed.</summary>
    /// <value><see langword="true"/> for a broken or refused connection and a server shutting down or starting; <see langword="false"/> for wrong credentials or a missing database.</value>
    public bool IsTransient { get; }
}
