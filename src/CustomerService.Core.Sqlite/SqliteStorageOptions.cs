using NodaTime;

namespace CustomerService.Core.Sqlite;

/// <summary>Settings of the SQLite store (bound from the section <c>CustomerServiceCore:Sqlite</c> by the registration).</summary>
/// <example><code language="json">"Sqlite": { "ConnectionString": "Data Source=desk.db", "Synchronous": "Full", "BusyTimeout": "30s" }</code></example>
/// <threadsafety>This mutable options class is not thread-safe; configure it at start-up, then only read it.</threadsafety>
public sealed class SqliteStorageOptions
{
    /// <summary>Gets or sets the Microsoft.Data.Sqlite connection string of the database file.</summary>
    /// <value>For example <c>Data Source=desk.db</c>. Required. A relative path is relative to the process's working directory.</value>
    public string ConnectionString { get; set; } = string.Empty;

    /// <summary>Gets or sets how hard SQLite syncs to disk (<c>PRAGMA synchronous</c>).</summary>
    /// <value>
    /// The default value is <see cref="SqliteSynchronous.Full"/>: a committed save survives a process crash and a power
    /// loss. <see cref="SqliteSynchronous.Normal"/> (with WAL) survives a process crash but may lose the last commits on a
    /// power loss, and is faster.
    /// </value>
    public SqliteSynchronous Synchronous { get; set; } = SqliteSynchronous.Full;

    /// <summary>Gets or sets how long a write waits for another process's write lock before failing.</summary>
    /// <value>The default value is 30 seconds. Must be 1 millisecond to 10 minutes.</value>
    public Duration BusyTimeout { get; set; } = Duration.FromSeconds(30);

    internal IEnumerable<string> Validate(string prefix)
    {
        if (string.IsNullOrWhiteSpace(ConnectionString))
        {
            yield return $"{prefix}{nameof(ConnectionString)} is required (for example \"Data Source=desk.db\").";
        }
        else
        {
            string? error = null;
            try
            {
                var builder = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(ConnectionString);
                if (string.IsNullOrWhiteSpace(builder.DataSource) || builder.DataSource == ":memory:" || builder.Mode == Microsoft.Data.Sqlite.SqliteOpenMode.Memory)
                {
                    error = $"{prefix}{nameof(ConnectionString)} must name a database file: an in-memory SQLite database is not shared between connections (use the in-memory storage instead).";
                }
                else if (builder.Mode == Microsoft.Data.Sqlite.SqliteOpenMode.ReadOnly)
                {
                    error = $"{prefix}{nameof(ConnectionString)} must not be read-only: the store writes.";
                }
            }
            catch (ArgumentException e)
            {
                error = $"{prefix}{nameof(ConnectionString)} is not a valid SQLite connection string ({e.Message}).";
            }

            if (error is not null)
            {
                yield return error;
            }
        }

        if (!Enum.IsDefined(Synchronous))
        {
            yield return $"{prefix}{nameof(Synchronous)} must be Full or Normal.";
        }

        if (BusyTimeout < Duration.FromMilliseconds(1) || BusyTimeout > Duration.FromMinutes(10))
        {
            yield return $"{prefix}{nameof(BusyTimeout)} must be 1 millisecond to 10 minutes (it is {BusyTimeout}).";
        }
    }
}

/// <summary>How hard SQLite syncs to disk.</summary>
/// <threadsafety>Enumeration values are immutable and may be shared freely between threads.</threadsafety>
public enum SqliteSynchronous
{
    /// <summary><c>PRAGMA synchronous = FULL</c>: commits survive a power loss.</summary>
    Full = 1,

    /// <summary><c>PRAGMA synchronous = NORMAL</c>: with WAL, commits survive a process crash; the last ones may be lost on a power loss.</summary>
    Normal = 2,
}
