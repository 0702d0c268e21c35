using CustomerService.Core.Persistence;
using CustomerService.Core.Sqlite;
using CustomerService.Core.Testing;

namespace CustomerService.Core.Tests.Sqlite;

/// <summary>The SQLite store passes the whole conformance kit on a real file (one file per test), reopened through a second store.</summary>
public sealed class SqliteConformanceTests : StorageConformanceTests, IDisposable
{
    private readonly SqliteTestFile _file = new();

    public void Dispose() => _file.Dispose();

    protected override bool SupportsReopen => true;

    protected override ValueTask<ConformanceStorage> CreateStorageAsync() => new(Open());

    protected override ValueTask<ConformanceStorage> ReopenStorageAsync(ConformanceStorage storage) => new(Open());

    private ConformanceStorage Open()
    {
        var store = new SqliteDocumentStore(new SqliteStorageOptions { ConnectionString = _file.ConnectionString, Synchronous = SqliteSynchronous.Normal });
        return ConformanceStorage.From(new DocumentStorage(store), () =>
        {
            store.Dispose();
            return ValueTask.CompletedTask;
        });
    }
}
