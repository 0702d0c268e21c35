using CustomerService.Core.Knowledge;
using CustomerService.Core.Persistence;
using CustomerService.Core.Sqlite;
using CustomerService.Core.Storage;
using CustomerService.Core.Testing;
using CustomerService.Core.Tests.Sqlite;
using NodaTime;

namespace CustomerService.Core.Tests.Knowledge;

/// <summary>Article samples for the entity store kit: drafts made by the article lifecycle, changed by alternating edits and changes of owner.</summary>
public abstract class ArticleStoreConformanceTestsBase : EntityStoreConformanceTests<Article>
{
    protected override string EntityKind => KnowledgeStorage.EntityKind;

    protected override Article NewEntity(string id, Instant at) =>
        KnowledgeDesk.Lifecycle.Create(new NewArticle(id, "refund-status", "agent-owner", "Q " + id, "cms://" + id), "agent-writer", at);

    protected override Article Append(Article entity, Instant at, string actor) =>
        KnowledgeDesk.Lifecycle.Apply(
            entity,
            entity.Version % 2 == 0 ? new ArticleCommand.Edit("Q v" + entity.Version, "cms://v" + entity.Version) : new ArticleCommand.ChangeOwner(entity.OwnerId + "+"),
            actor,
            at);

    protected override int HistoryCount(Article entity) => entity.History.Count;
}

/// <summary>The in-memory storage's article store passes the kit.</summary>
public sealed class InMemoryArticleStoreConformanceTests : ArticleStoreConformanceTestsBase
{
    private readonly InMemoryStorage _storage = new();

    protected override bool SupportsReopen => true;

    protected override ValueTask<IEntityStore<Article>> CreateStoreAsync() => new(KnowledgeStorage.GetArticleStore(_storage));

    protected override ValueTask<IEntityStore<Article>> ReopenStoreAsync(IEntityStore<Article> store) => new(KnowledgeStorage.GetArticleStore(_storage));
}

/// <summary>Articles in a SQLite file, through the document storage, pass the kit (reopened through a second connection).</summary>
public sealed class SqliteArticleStoreConformanceTests : ArticleStoreConformanceTestsBase, IDisposable
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

    protected override ValueTask<IEntityStore<Article>> CreateStoreAsync() => new(Open());

    protected override ValueTask<IEntityStore<Article>> ReopenStoreAsync(IEntityStore<Article> store) => new(Open());

    private IEntityStore<Article> Open()
    {
        var store = new SqliteDocumentStore(new SqliteStorageOptions { ConnectionString = _file.ConnectionString, Synchronous = SqliteSynchronous.Normal });
        _stores.Add(store);
        return KnowledgeStorage.GetArticleStore(new DocumentStorage(store, eventTypes: KnowledgeStorage.EventTypes));
    }
}
