using CustomerService.Core.Persistence;
using CustomerService.Core.PostgreSql;
using CustomerService.Core.Tests.Persistence;
using Npgsql;

namespace CustomerService.Core.Tests.PostgreSql;

/// <summary>The PostgreSQL store lists as the contract says, on the real server, with keyset queries its primary key serves in order.</summary>
public sealed class PostgreSqlDocumentStoreListingTests : DocumentStoreListingTests, IAsyncLifetime
{
    private readonly PostgreSqlTestSchema _schema = new();
    private readonly PostgreSqlDocumentStore _store;

    public PostgreSqlDocumentStoreListingTests()
    {
        _store = _schema.Open();
    }

    protected override IDocumentStore Store => _store;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        await _schema.DropAsync();
    }

    /// <summary>With sequential and bitmap scans off, both pages are an index scan of the primary key with no sort: the index's "C" order is the order listed.</summary>
    [Fact]
    public async Task ListAsync_Queries_ScanThePrimaryKeyInOrderWithoutSorting()
    {
        await _store.MigrateAsync();
        var (first, after) = PostgreSqlDocumentStore.ListStatements("\"" + _schema.Schema + "\"");
        await using var connection = new NpgsqlConnection(PostgreSqlTestSchema.ConnectionString);
        await connection.OpenAsync();
        await using (var setup = new NpgsqlCommand($"SET enable_seqscan = off; SET enable_bitmapscan = off; PREPARE list_first(text, integer) AS {first}; PREPARE list_after(text, integer, text) AS {after};", connection))
        {
            await setup.ExecuteNonQueryAsync();
        }

        foreach (var execute in new[] { "EXECUTE list_first('CustomerProfile', 256)", "EXECUTE list_after('CustomerProfile', 256, 'P-1')" })
        {
            var plan = new List<string>();
            await using var explain = new NpgsqlCommand("EXPLAIN " + execute, connection);
            await using (var reader = await explain.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                    plan.Add(reader.GetString(0));
                }
            }

            var text = string.Join("\n", plan);
            Assert.Contains("Index Scan using cs_entity_pkey", text, StringComparison.Ordinal);
            Assert.DoesNotContain("Sort", text, StringComparison.Ordinal);
        }
    }
}
