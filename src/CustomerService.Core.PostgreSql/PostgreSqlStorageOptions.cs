using System.Text.RegularExpressions;
using Npgsql;
using NodaTime;

namespace CustomerService.Core.PostgreSql;

/// <summary>Settings of the PostgreSQL store (bound from the section <c>CustomerServiceCore:PostgreSql</c> by the registration).</summary>
/// <example><code language="json">"PostgreSql": { "ConnectionString": "Host=db;Database=desk;Username=desk", "Schema": "customer_service" }</code></example>
/// <threadsafety>This mutable options class is not thread-safe; configure it at start-up, then only read it.</threadsafety>
public sealed partial class PostgreSqlStorageOptions
{
    /// <summary>Gets or sets the Npgsql connection string.</summary>
    /// <value>
    /// For example <c>Host=db;Database=desk;Username=desk;Password=…</c>. Required. Keep the password out of source
    /// control (an environment variable or a secret store); the store never writes it into a message or log.
    /// </value>
    public string ConnectionString { get; set; } = string.Empty;

    /// <summary>Gets or sets the schema the store's tables live in; created by the first migration when missing.</summary>
    /// <value>The default value is <c>public</c>. Letters, digits and underscores, starting with a letter or underscore, at most 63 characters.</value>
    public string Schema { get; set; } = "public";

    /// <summary>Gets or sets how many times a read or a claim is tried again after the connection failed (the server restarted, the network dropped).</summary>
    /// <value>The default value is 3. Must be 0 to 10. Saves and settlements are never retried: their outcome would be unknown.</value>
    public int MaxRetries { get; set; } = 3;

    /// <summary>Gets or sets the wait before the first retry; it doubles with each further one.</summary>
    /// <value>The default value is 200 milliseconds. Must be 1 millisecond to 1 minute.</value>
    public Duration FirstRetryDelay { get; set; } = Duration.FromMilliseconds(200);

    internal IEnumerable<string> Validate(string prefix)
    {
        if (string.IsNullOrWhiteSpace(ConnectionString))
        {
            yield return $"{prefix}{nameof(ConnectionString)} is required (for example \"Host=db;Database=desk;Username=desk\").";
        }
        else
        {
            string? error = null;
            try
            {
                var builder = new NpgsqlConnectionStringBuilder(ConnectionString);
                if (string.IsNullOrWhiteSpace(builder.Host))
                {
                    error = $"{prefix}{nameof(ConnectionString)} must name a Host.";
                }
            }
            catch (ArgumentException)
            {
                // The parser's message may quote the connection string (and so a password): name the setting only.
                error = $"{prefix}{nameof(ConnectionString)} is not a valid Npgsql connection string (a key is unknown or a value malformed).";
            }
            catch (FormatException)
            {
                error = $"{prefix}{nameof(ConnectionString)} is not a valid Npgsql connection string (a value is malformed).";
            }

            if (error is not null)
            {
                yield return error;
            }
        }

        if (Schema is null || !SchemaName().IsMatch(Schema))
        {
            yield return $"{prefix}{nameof(Schema)} must be 1 to 63 letters, digits or underscores, starting with a letter or underscore.";
        }

        if (MaxRetries is < 0 or > 10)
        {
            yield return $"{prefix}{nameof(MaxRetries)} must be 0 to 10 (it is {MaxRetries}).";
        }

        if (FirstRetryDelay < Duration.FromMilliseconds(1) || FirstRetryDelay > Duration.FromMinutes(1))
        {
            yield return $"{prefix}{nameof(FirstRetryDelay)} must be 1 millisecond to 1 minute (it is {FirstRetryDelay}).";
        }
    }

    internal PostgreSqlStorageOptions Copy() => new() { ConnectionString = ConnectionString, Schema = Schema, MaxRetries = MaxRetries, FirstRetryDelay = FirstRetryDelay };

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]{0,62}$", RegexOptions.CultureInvariant)]
    private static partial Regex SchemaName();
}
