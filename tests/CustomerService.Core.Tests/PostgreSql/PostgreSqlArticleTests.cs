using CustomerService.Core.Knowledge;
using CustomerService.Core.Persistence;
using CustomerService.Core.PostgreSql;
using CustomerService.Core.Storage;
using CustomerService.Core.Tests.Knowledge;

namespace CustomerService.Core.Tests.PostgreSql;

/// <summary>Articles on the real server (one schema per test) pass the entity store kit, as tickets do, reopened through a second store.</summary>
public sealed class PostgreSqlArticleStoreConformanceTests : ArticleStoreConformanceTestsBase, IAsyncLifetime
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

    protected override ValueTask<IEntityStore<Article>> CreateStoreAsync() => new(Open());

    protected override ValueTask<IEntityStore<Article>> ReopenStoreAsync(IEntityStore<Article> store) => new(Open());

    private IEntityStore<Article> Open()
    {
        var store = _schema.Open();
        _stores.Add(store);
        return KnowledgeStorage.GetArticleStore(new DocumentStorage(store, eventTypes: KnowledgeStorage.EventTypes));
    }
}

/// <summary>Article events through the real server's outbox (one schema per test).</summary>
public sealed class PostgreSqlArticleOutboxTests : ArticleOutboxTestsBase, IAsyncLifetime
{
    private readonly PostgreSqlTestSchema _schema = new();
    private readonly List<PostgreSqlDocumentStore> _stores = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var store in _stores)
        {
            await store.DisposeAsync();
        }

        await _schema.DropAsync();
    }

    protected override IDocumentStore OpenDocuments()
    {
        var store = _schema.Open();
        _stores.Add(store);
        return store;
    }
}
