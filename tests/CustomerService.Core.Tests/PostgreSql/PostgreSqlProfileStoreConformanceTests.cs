using CustomerService.Core.Leads.Studio;
using CustomerService.Core.Persistence;
using CustomerService.Core.PostgreSql;
using CustomerService.Core.Testing;

namespace CustomerService.Core.Tests.PostgreSql;

/// <summary>The PostgreSQL store's profiles pass the profile store kit on the real server (one schema per test), reopened through a second store.</summary>
public sealed class PostgreSqlProfileStoreConformanceTests : CustomerProfileStoreConformanceTests, IAsyncLifetime
{
    private readonly PostgreSqlTestSchema _schema = new();
    private readonly List<PostgreSqlDocumentStore> _stores = [];

    protected override bool SupportsReopen => true;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var store in _stores)
        {
            await store.DisposeAsync();
        }

        await _schema.DropAsync();
    }

    protected override ValueTask<ICustomerProfileStore> CreateStoreAsync() => new(Open());

    protected override ValueTask<ICustomerProfileStore> ReopenStoreAsync(ICustomerProfileStore store) => new(Open());

    private DocumentCustomerProfileStore Open()
    {
        var store = _schema.Open();
        _stores.Add(store);
        return new DocumentCustomerProfileStore(store);
    }
}
