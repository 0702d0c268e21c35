using CustomerService.Core.PostgreSql;
using Npgsql;

namespace CustomerService.Core.Benchmarks.PostgreSql;

/// <summary>
/// A schema of its own on the server of <c>CUSTOMERSERVICE_POSTGRES</c> (the local server eng/test.sh prepares by
/// default), dropped afterwards. Commits wait for the disk (<c>synchronous_commit = on</c>) whatever the database's
/// default, so the figures are those of a durable server.
/// </summary>
internal sealed class BenchmarkDatabase
{
    private const string LocalServer = "Host=127.0.0.1;Port=5432;Username=customerservice;Password=customerservice;Database=customerservice_test";

    public BenchmarkDatabase()
    {
        var server = Environment.GetEnvironmentVariable("CUSTOMERSERVICE_POSTGRES") is { Length: > 0 } value ? value : LocalServer;
        ConnectionString = new NpgsqlConnectionStringBuilder(server) { Options = "-c synchronous_commit=on", MaxAutoPrepare = 64, AutoPrepareMinUsages = 2, MaxPoolSize = 64 }.ConnectionString;
    }

    public string ConnectionString { get; }

    public string Schema { get; } = "cs_bench_" + Guid.NewGuid().ToString("N")[..12];

    public string Quoted => "\"" + Schema + "\"";

    public PostgreSqlDocumentStore OpenStore() => new(new PostgreSqlStorageOptions { ConnectionString = ConnectionString, Schema = Schema });

    public void Execute(string sql)
    {
        using var connection = new NpgsqlConnection(ConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql.Replace("{s}", Quoted, StringComparison.Ordinal), connection);
        command.CommandTimeout = 600;
        command.ExecuteNonQuery();
    }

    public void Drop() => Execute("DROP SCHEMA IF EXISTS {s} CASCADE");
}
