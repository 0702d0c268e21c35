using CustomerService.Core.Knowledge;
using CustomerService.Core.Storage;
using CustomerService.Core.Testing;
using CustomerService.Core.Tests.Hosting;
using Microsoft.Extensions.Logging;
using NodaTime;
using NodaTime.Testing;
using static CustomerService.Core.Tests.Knowledge.KnowledgeDesk;

namespace CustomerService.Core.Tests.Knowledge;

public sealed class ArticleServiceTests : IDisposable
{
    private readonly InMemoryStorage _storage = new();
    private readonly FakeClock _clock = new(Monday);
    private readonly CapturingLoggerProvider _logs = new();
    private readonly LoggerFactory _loggerFactory;
    private readonly ArticleService _service;

    public ArticleServiceTests()
    {
        _loggerFactory = new LoggerFactory([_logs]);
        _service = new ArticleService(KnowledgeStorage.GetArticleStore(_storage), Lifecycle, _clock, logger: _loggerFactory.CreateLogger<ArticleService>());
    }

    private IEntityStore<Article> Store => KnowledgeStorage.GetArticleStore(_storage);

    public void Dispose() => _loggerFactory.Dispose();

    private async Task<Article> PublishAsync(string id = "KB-1")
    {
        await _service.CreateAsync(Sample(id), "agent-writer");
        await _service.ExecuteAsync(id, new ArticleCommand.Submit(), "agent-writer");
        return await _service.ExecuteAsync(id, new ArticleCommand.Approve(), "agent-reviewer");
    }

    [Fact]
    public async Task ExecuteAsync_Approve_StoresTheReviewDateAsDueWork()
    {
        var published = await PublishAsync();

        var stored = await Store.FindAsync("KB-1");
        Assert.Equal(published, stored!.Entity);
        Assert.Equal(published.ReviewDueAt, stored.NextDueAt);
        Assert.Equal(DueWork.ArticleReview, stored.Due);
    }

    [Fact]
    public async Task ProcessDueAsync_AtTheReviewDate_MovesToNeedsReviewOnce()
    {
        var published = await PublishAsync();
        var due = published.ReviewDueAt!.Value;

        var early = await _service.ProcessDueAsync(due - Duration.FromNanoseconds(1));
        Assert.Equal(0, early.Listed);

        var report = await _service.ProcessDueAsync(due);
        var changed = Assert.Single(report.Changed);
        Assert.Equal(ArticleState.NeedsReview, changed.State);
        Assert.Equal(ArticleService.DueWorkActor, changed.History[^1].Actor);
        Assert.Empty(report.Failures);
        var stored = await Store.FindAsync("KB-1");
        Assert.Null(stored!.NextDueAt);

        var again = await _service.ProcessDueAsync(due);
        Assert.Equal(0, again.Listed);
        Assert.Equal(stored, await Store.FindAsync("KB-1"));
    }

    [Fact]
    public async Task ProcessDueAsync_FailingArticle_IsReportedAndPushedBackWhileTheBatchGoesOn()
    {
        var first = await PublishAsync("KB-1");
        await PublishAsync("KB-2");
        var due = first.ReviewDueAt!.Value;
        var faulty = new FaultInjectingEntityStore<Article>(Store).FailFind("KB-1");
        var service = new ArticleService(faulty, Lifecycle, _clock);

        var report = await service.ProcessDueAsync(due);

        Assert.Equal(2, report.Listed);
        Assert.Equal("KB-2", Assert.Single(report.Changed).Id);
        var failure = Assert.Single(report.Failures);
        Assert.Equal(("Article", "KB-1"), (failure.EntityKind, failure.EntityId));
        Assert.IsType<InjectedFaultException>(failure.Error);
        var pushed = await Store.FindAsync("KB-1");
        Assert.Equal(ArticleState.Published, pushed!.Entity.State);
        Assert.Equal(due + Duration.FromMinutes(5), pushed.NextDueAt);
        Assert.Equal(DueWork.Retry, pushed.Due);
    }

    [Fact]
    public async Task ProcessDueAsync_StaleDueWork_IsRecomputedWithoutATransition()
    {
        var published = await PublishAsync();
        var stored = (await Store.FindAsync("KB-1"))!;
        var early = published.ReviewDueAt!.Value - Duration.FromDays(3);
        await Store.DeferAsync("KB-1", stored.Token, early);

        var report = await _service.ProcessDueAsync(early);

        Assert.Equal(published, Assert.Single(report.Changed));
        var recomputed = await Store.FindAsync("KB-1");
        Assert.Equal((published.ReviewDueAt, DueWork.ArticleReview), (recomputed!.NextDueAt, recomputed.Due));
        Assert.Equal(published, recomputed.Entity);
    }

    [Fact]
    public async Task ExecuteAsync_ConcurrentChange_ConflictsAndWritesNothing()
    {
        await _service.CreateAsync(Sample(), "agent-writer");
        var stored = (await Store.FindAsync("KB-1"))!;
        await _service.ExecuteAsync("KB-1", new ArticleCommand.Submit(), "agent-writer");

        var stale = Lifecycle.Apply(stored.Entity, new ArticleCommand.Retire("x"), "agent-owner", Monday);
        await Assert.ThrowsAsync<ConcurrencyConflictException>(async () =>
            await Store.SaveAsync(new EntityChange<Article>("KB-1", stale, stored.Token, stored.Token.Next(), 0, null, DueWork.None, null)));
        Assert.Equal(ArticleState.InReview, (await _service.FindAsync("KB-1"))!.State);
        await Assert.ThrowsAsync<ConcurrencyConflictException>(async () => await _service.CreateAsync(Sample(), "agent-writer"));
        await Assert.ThrowsAsync<EntityNotFoundException>(async () => await _service.ExecuteAsync("missing", new ArticleCommand.Submit(), "a"));
    }

    [Fact]
    public async Task RecordAnswerAsync_LiveArticle_LinksIt_AndOtherStatesAreRefused()
    {
        await _service.CreateAsync(Sample(), "agent-writer");
        var e = await Assert.ThrowsAsync<ArticleNotLiveException>(async () => await _service.RecordAnswerAsync("T-1", "refund-status", "KB-1", "agent-7"));
        Assert.Equal(("KB-1", ArticleState.Draft), (e.ArticleId, e.State));

        await _service.ExecuteAsync("KB-1", new ArticleCommand.Submit(), "agent-writer");
        await _service.ExecuteAsync("KB-1", new ArticleCommand.Approve(), "agent-reviewer");
        _clock.Advance(Duration.FromMinutes(3));
        var link = await _service.RecordAnswerAsync("T-1", "refund-status", "KB-1", "agent-7");

        Assert.Equal(("T-1", "refund-status", ArticleLinkKind.Answered, "KB-1", "agent-7", Monday + Duration.FromMinutes(3)), (link.TicketId, link.Category, link.Kind, link.ArticleId, link.AgentId, link.At));
        var none = _service.RecordNoArticleHelped("T-2", "delivery", "agent-7");
        Assert.Equal(ArticleLinkKind.NoArticleHelped, none.Kind);
        Assert.Null(none.ArticleId);
        await Assert.ThrowsAsync<EntityNotFoundException>(async () => await _service.RecordAnswerAsync("T-1", "x", "missing", "agent-7"));
        Assert.Throws<ArgumentException>(() => _service.RecordNoArticleHelped("T-2", " ", "agent-7"));
    }

    [Fact]
    public async Task Logs_OfAWholeLife_NeverCarryTitlesOrContentReferences()
    {
        const string Title = "Refund for Zhang Wei, phone 138-0013-8000";
        const string Content = "cms://kb/customer-zhang-wei-13800138000";
        await _service.CreateAsync(new NewArticle("KB-9", "refund-status", "agent-owner", Title, Content), "agent-writer");
        await _service.ExecuteAsync("KB-9", new ArticleCommand.Edit(Title + " (v2)", Content + "-2"), "agent-writer");
        await _service.ExecuteAsync("KB-9", new ArticleCommand.Submit(), "agent-writer");
        var published = await _service.ExecuteAsync("KB-9", new ArticleCommand.Approve(), "agent-reviewer");
        await _service.ProcessDueAsync(published.ReviewDueAt!.Value);
        await Assert.ThrowsAsync<InvalidTransitionException<ArticleState, ArticleTrigger>>(async () => await _service.ExecuteAsync("KB-9", new ArticleCommand.Submit(), "agent-owner"));

        var entries = _logs.Entries;
        Assert.Equal(5, entries.Count);
        Assert.All(entries, entry =>
        {
            Assert.Contains("KB-9", entry.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("Zhang", entry.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("138", entry.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("cms://", entry.Message, StringComparison.Ordinal);
        });
    }
}
