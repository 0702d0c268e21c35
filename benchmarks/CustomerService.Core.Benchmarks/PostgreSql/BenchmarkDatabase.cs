using CustomerService.Core.PostgreSql;
using Npgsql;

namespace CustomerService.Core.Benchmarks.PostgreSql;

/// <summary>
/// A schema of its own on the server of <c>CUSTOMERSERVICE_POSTGRES</c> (the local server eng/test.sh prepares by
/// default), dropped afterwards. Measured writes wait for the disk (<c>synchronous_commit = on</c>, PostgreSQL's default)
/// even though the test database eng/test.sh prepares turns it off, so the figures are those of a durable server; only
/// seeding, which is not measured, may skip the wait (<see cref="OpenStore(bool)"/>).
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

    /// <summary>Opens a store on the schema; <paramref name="durable"/> <see langword="false"/> (seeding only) lets commits return before the disk has them.</summary>
    public PostgreSqlDocumentStore OpenStore(bool durable = true) => new(new PostgreSqlStorageOptions
    {
        ConnectionString = durable ? ConnectionString : new NpgsqlConnectionStringBuilder(ConnectionString) { Options = "-c synchronous_commit=off" }.ConnectionString,
        Schema = Schema,
    });

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
