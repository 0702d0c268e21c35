using CustomerService.Core.Persistence;
using CustomerService.Core.Sqlite;
using CustomerService.Core.Tests.Persistence;
using Microsoft.Data.Sqlite;

namespace CustomerService.Core.Tests.Sqlite;

/// <summary>The SQLite store lists as the contract says, on a real file, with queries its primary key serves in order.</summary>
public sealed class SqliteDocumentStoreListingTests : DocumentStoreListingTests, IDisposable
{
    private readonly SqliteTestFile _file = new();
    private readonly SqliteDocumentStore _store;

    public SqliteDocumentStoreListingTests()
    {
        _store = new SqliteDocumentStore(new SqliteStorageOptions { ConnectionString = _file.ConnectionString });
    }

    protected override IDocumentStore Store => _store;

    public void Dispose()
    {
        _store.Dispose();
        _file.Dispose();
    }

    [Theory]
    [InlineData(SqliteDocumentStore.ListFirstSql)]
    [InlineData(SqliteDocumentStore.ListAfterSql)]
    public async Task ListAsync_Query_SearchesThePrimaryKeyWithoutSorting(string sql)
    {
        await _store.MigrateAsync();
        using var connection = new SqliteConnection(_file.ConnectionString + ";Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + sql;
        command.Parameters.AddWithValue("@kind", "CustomerProfile");
        command.Parameters.AddWithValue("@n", 256);
        if (sql.Contains("@after", StringComparison.Ordinal))
        {
            command.Parameters.AddWithValue("@after", "P-1");
        }

        var plan = new List<string>();
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                plan.Add(reader.GetString(3));
            }
        }

        var search = Assert.Single(plan);
        Assert.StartsWith("SEARCH cs_entity USING PRIMARY KEY (kind=?", search, StringComparison.Ordinal);
        Assert.Equal(sql.Contains("@after", StringComparison.Ordinal), search.Contains("id>?", StringComparison.Ordinal));
        Assert.DoesNotContain("TEMP B-TREE", search, StringComparison.Ordinal);
    }
}
