using CustomerService.Core.PostgreSql;
using Npgsql;

namespace CustomerService.Core.Tests.PostgreSql;

/// <summary>
/// A fresh schema on the test server (<see cref="Variable"/>, or the local server eng/test.sh starts), dropped with
/// everything in it afterwards. No test is skipped: when the server is unreachable, the tests that use it fail with the
/// store's error, which names the setting to check.
/// </summary>
public sealed class PostgreSqlTestSchema
{
    /// <summary>The environment variable holding the test server's connection string.</summary>
    public const string Variable = "CUSTOMERSERVICE_POSTGRES";

    /// <summary>The local server eng/test.sh starts and prepares.</summary>
    public const string LocalServer = "Host=127.0.0.1;Port=5432;Username=customerservice;Password=customerservice;Database=customerservice_test";

    public static string ConnectionString => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value ? value : LocalServer;

    public string Schema { get; } = "cs_t_" + Guid.NewGuid().ToString("N");

    public PostgreSqlStorageOptions Options => new() { ConnectionString = ConnectionString, Schema = Schema };

    public PostgreSqlDocumentStore Open() => new(Options);

    public async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql.Replace("{s}", "\"" + Schema + "\"", StringComparison.Ordinal), connection);
        await command.ExecuteNonQueryAsync();
    }

    public async Task<object?> ScalarAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql.Replace("{s}", "\"" + Schema + "\"", StringComparison.Ordinal), connection);
        return await command.ExecuteScalarAsync();
    }

    public async Task DropAsync()
    {
        try
        {
            await ExecuteAsync("DROP SCHEMA IF EXISTS {s} CASCADE");
        }
        catch (NpgsqlException)
        {
            // The server is gone (a test that failed because of it already says so); nothing to drop.
        }
    }
}
