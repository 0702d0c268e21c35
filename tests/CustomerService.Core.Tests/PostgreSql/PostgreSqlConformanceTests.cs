using CustomerService.Core.Persistence;
using CustomerService.Core.Testing;

namespace CustomerService.Core.Tests.PostgreSql;

/// <summary>The PostgreSQL store passes the whole conformance kit, claims included, on a real server (one schema per test), reopened through a second store.</summary>
public sealed class PostgreSqlConformanceTests : StorageConformanceTests, IAsyncLifetime
{
    private readonly PostgreSqlTestSchema _schema = new();

    protected override bool SupportsReopen => true;

    protected override bool SupportsClaims => true;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _schema.DropAsync();

    protected override ValueTask<ConformanceStorage> CreateStorageAsync() => new(Open());

    protected override ValueTask<ConformanceStorage> ReopenStorageAsync(ConformanceStorage storage) => new(Open());

    private ConformanceStorage Open()
    {
        var store = _schema.Open();
        return ConformanceStorage.From(new DocumentStorage(store), store.DisposeAsync);
    }
}
