using CustomerService.Core.Leads.Studio;
using CustomerService.Core.Persistence;
using CustomerService.Core.Sqlite;
using CustomerService.Core.Testing;

namespace CustomerService.Core.Tests.Sqlite;

/// <summary>The SQLite store's profiles pass the profile store kit on a real file (one file per test), reopened through a second store.</summary>
public sealed class SqliteProfileStoreConformanceTests : CustomerProfileStoreConformanceTests, IDisposable
{
    private readonly SqliteTestFile _file = new();
    private readonly List<SqliteDocumentStore> _stores = [];

    protected override bool SupportsReopen => true;

    public void Dispose()
    {
        foreach (var store in _stores)
        {
            store.Dispose();
        }

        _file.Dispose();
    }

    protected override ValueTask<ICustomerProfileStore> CreateStoreAsync() => new(Open());

    protected override ValueTask<ICustomerProfileStore> ReopenStoreAsync(ICustomerProfileStore store) => new(Open());

    private DocumentCustomerProfileStore Open()
    {
        var store = new SqliteDocumentStore(new SqliteStorageOptions { ConnectionString = _file.ConnectionString, Synchronous = SqliteSynchronous.Normal });
        _stores.Add(store);
        return new DocumentCustomerProfileStore(store);
    }
}
