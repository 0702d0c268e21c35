using CustomerService.Core.Knowledge;
using CustomerService.Core.Persistence;
using CustomerService.Core.Sqlite;
using CustomerService.Core.Storage;
using CustomerService.Core.Testing;
using CustomerService.Core.Tests.Sqlite;
using NodaTime;
using NodaTime.Testing;
using static CustomerService.Core.Tests.Knowledge.KnowledgeDesk;

namespace CustomerService.Core.Tests.Knowledge;

/// <summary>
/// Article events go through a document store's outbox as tickets' do: written in the save that commits the article (and
/// only then), read back by their stable type names, delivered by the dispatcher, and never lost to a failing sink.
/// </summary>
public abstract class ArticleOutboxTestsBase
{
    private readonly FakeClock _clock = new(Monday);

    /// <summary>Opens the database under test (the same one on every call).</summary>
    protected abstract IDocumentStore OpenDocuments();

    private DocumentStorage Storage(bool withEvents = true) =>
        new(OpenDocuments(), eventTypes: withEvents ? KnowledgeStorage.EventTypes : null);

    private ArticleService Service(IEntityStore<Article> store) => new(store, Lifecycle, _clock);

    [Fact]
    public async Task ExecuteAsync_EachCommittedSave_WritesItsEventInTheSameSave()
    {
        var service = Service(KnowledgeStorage.GetArticleStore(Storage()));
        await service.CreateAsync(Sample(), "agent-writer");
        await service.ExecuteAsync("KB-1", new ArticleCommand.Submit(), "agent-writer");
        var published = await service.ExecuteAsync("KB-1", new ArticleCommand.Approve(), "agent-reviewer");
        _clock.Reset(published.ReviewDueAt!.Value);
        var review = await service.ProcessDueAsync(_clock.GetCurrentInstant());
        await service.ExecuteAsync("KB-1", new ArticleCommand.Retire("product withdrawn"), "agent-owner");

        // Read back through another storage: the events come from the rows, by their stored type names.
        var reopened = Storage();
        var stored = (await KnowledgeStorage.GetArticleStore(reopened).FindAsync("KB-1"))!.Entity;
        var messages = await reopened.Outbox.ListDeliverableAsync(Instant.MaxValue, 100);
        Assert.Equal(ArticleState.NeedsReview, Assert.Single(review.Changed).State);
        Assert.Equal(5, messages.Count);
        Assert.Equal(["Article/KB-1/1/0", "Article/KB-1/2/0", "Article/KB-1/3/0", "Article/KB-1/4/0", "Article/KB-1/5/0"], messages.Select(m => m.Id));
        Assert.All(messages, m => Assert.Equal((KnowledgeStorage.EntityKind, "KB-1", m.Id), (m.EntityKind, m.EntityId, m.Event.Id)));
        var created = Assert.IsType<ArticleCreated>(messages[0].Event);
        Assert.Equal((ArticleState.Draft, 0L, "agent-writer", Monday), (created.Article.State, created.Article.Version, created.Actor, created.OccurredAt));
        var transitions = messages.Skip(1).Select(m => Assert.IsType<ArticleTransitioned>(m.Event)).ToList();
        Assert.Equal(stored.History, transitions.Select(t => t.Transition));
        Assert.Equal([ArticleState.InReview, ArticleState.Published, ArticleState.NeedsReview, ArticleState.Retired], transitions.Select(t => t.Article.State));
        Assert.Equal([1L, 2L, 3L, 4L], transitions.Select(t => t.Article.Version));
        Assert.All(transitions, t => Assert.Empty(t.Article.History));
        Assert.Equal(ArticleService.DueWorkActor, transitions[2].Actor);

        // The stored form names the type with its stable name, as the library's own events.
        var records = await reopened.Documents.ListDeliverableAsync(Instant.MaxValue, 100);
        Assert.Contains("\"$type\":\"ArticleCreated\"", records[0].Payload, StringComparison.Ordinal);
        Assert.All(records.Skip(1), r => Assert.Contains("\"$type\":\"ArticleTransitioned\"", r.Payload, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ExecuteAsync_SaveFailsBeforeOrAfterItsCommit_TheEventIsInTheOutboxExactlyWhenTheArticleIs()
    {
        var storage = Storage();
        var faulty = new FaultInjectingEntityStore<Article>(KnowledgeStorage.GetArticleStore(storage));
        var service = Service(faulty);
        await service.CreateAsync(Sample(), "agent-writer");

        faulty.FailSave(FaultTiming.BeforeCall);
        await Assert.ThrowsAsync<InjectedFaultException>(async () => await service.ExecuteAsync("KB-1", new ArticleCommand.Submit(), "agent-writer"));
        Assert.Equal(ArticleState.Draft, (await service.FindAsync("KB-1"))!.State);
        Assert.Equal(1, await storage.Outbox.CountPendingAsync());

        faulty.FailSave(FaultTiming.AfterCall);
        await Assert.ThrowsAsync<InjectedFaultException>(async () => await service.ExecuteAsync("KB-1", new ArticleCommand.Submit(), "agent-writer"));
        Assert.Equal(ArticleState.InReview, (await service.FindAsync("KB-1"))!.State);
        var messages = await storage.Outbox.ListDeliverableAsync(Instant.MaxValue, 10);
        Assert.Equal(ArticleTrigger.Submit, Assert.IsType<ArticleTransitioned>(messages[^1].Event).Transition.Trigger);
        Assert.Equal(2, messages.Count);

        // A stale writer conflicts: neither its article nor its event is written.
        var stale = new ArticleService(KnowledgeStorage.GetArticleStore(Storage()), Lifecycle, _clock);
        await Assert.ThrowsAsync<ConcurrencyConflictException>(async () => await stale.CreateAsync(Sample(), "agent-writer"));
        Assert.Equal(2, await storage.Outbox.CountPendingAsync());
    }

    [Fact]
    public async Task DispatchAsync_SinkOrDeliveredMarkFails_KeepsTheArticleEventsAndDeliversThemLater()
    {
        var storage = Storage();
        var service = Service(KnowledgeStorage.GetArticleStore(storage));
        await service.CreateAsync(Sample(), "agent-writer");
        await service.ExecuteAsync("KB-1", new ArticleCommand.Submit(), "agent-writer");
        var recording = new RecordingEventSink();
        var failing = new FailingSink(failures: 1);
        var outbox = new FaultInjectingOutboxStore(storage.Outbox);
        var dispatcher = new OutboxDispatcher(outbox, [recording, failing]);

        var first = await dispatcher.DispatchAsync(Monday);
        Assert.Equal(0, first.Delivered);
        Assert.Equal("Article/KB-1/1/0", Assert.Single(first.Failures).MessageId);
        Assert.Equal(2, await storage.Outbox.CountPendingAsync());

        // The delivered mark fails (after the sinks took the event): it stays pending and is delivered again.
        outbox.FailMarkDelivered(FaultTiming.BeforeCall);
        var retryAt = first.Failures[0].RetryAt;
        await Assert.ThrowsAsync<InjectedFaultException>(() => dispatcher.DispatchAsync(retryAt));
        Assert.Equal(2, await storage.Outbox.CountPendingAsync());

        var last = await dispatcher.DispatchAsync(retryAt);
        Assert.Equal(2, last.Delivered);
        Assert.Equal(0, await storage.Outbox.CountPendingAsync());
        Assert.Equal(["Article/KB-1/1/0", "Article/KB-1/2/0"], recording.Events.Select(e => e.Id).Distinct());
        Assert.True(recording.Events.Count > 2); // at least once: the sinks deduplicate by id
    }

    [Fact]
    public async Task ListDeliverableAsync_NodeWithoutTheKnowledgeEventTypes_HoldsTheRowsBackUntilANodeThatKnowsThem()
    {
        await Service(KnowledgeStorage.GetArticleStore(Storage())).CreateAsync(Sample(), "agent-writer");

        var unaware = await Storage(withEvents: false).Outbox.ListDeliverableAsync(Monday, 10);

        Assert.Empty(unaware);
        var record = Assert.Single(await OpenDocuments().ListDeliverableAsync(Instant.MaxValue, 10));
        Assert.Equal((1, "SnapshotFormatException"), (record.Attempts, record.LastError));
        var aware = await Storage().Outbox.ListDeliverableAsync(record.NextAttemptAt!.Value, 10);
        Assert.IsType<ArticleCreated>(Assert.Single(aware).Event);
    }

    [Fact]
    public void GetArticleStore_StorageWithoutTheKnowledgeEventTypes_ThrowsNamingThem()
    {
        var e = Assert.Throws<ArgumentException>(() => KnowledgeStorage.GetArticleStore(Storage(withEvents: false)));

        Assert.Contains("KnowledgeStorage.EventTypes", e.Message, StringComparison.Ordinal);
    }

    private sealed class FailingSink(int failures) : ICustomerServiceEventSink
    {
        private int _left = failures;

        public ValueTask PublishAsync(CustomerServiceEvent domainEvent, CancellationToken cancellationToken = default) =>
            Interlocked.Decrement(ref _left) >= 0 ? throw new InvalidOperationException("The bus is down.") : ValueTask.CompletedTask;
    }
}

/// <summary>Article events through a SQLite file's outbox.</summary>
public sealed class SqliteArticleOutboxTests : ArticleOutboxTestsBase, IDisposable
{
    private readonly SqliteTestFile _file = new();
    private readonly List<SqliteDocumentStore> _stores = [];

    protected override IDocumentStore OpenDocuments()
    {
        var store = new SqliteDocumentStore(new SqliteStorageOptions { ConnectionString = _file.ConnectionString, Synchronous = SqliteSynchronous.Normal });
        _stores.Add(store);
        return store;
    }

    public void Dispose()
    {
        foreach (var store in _stores)
        {
            store.Dispose();
        }

        _file.Dispose();
    }
}
