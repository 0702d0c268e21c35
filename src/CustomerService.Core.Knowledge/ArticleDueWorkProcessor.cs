using CustomerService.Core.Storage;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace CustomerService.Core.Knowledge;

/// <summary>The review dates as due work for a runner (the hosting package's): <see cref="ArticleService.ProcessDueAsync"/> and the article store's earliest due article.</summary>
/// <remarks>The service and the store are resolved when used, so that a knowledge base that is not configured fails its own batches (logged and retried by the runner), not the runner's other work.</remarks>
/// <threadsafety>This type is thread-safe when its store is.</threadsafety>
internal sealed class ArticleDueWorkProcessor(IServiceProvider services) : IDueWorkProcessor
{
    public string EntityKind => KnowledgeStorage.EntityKind;

    public async Task<DueWorkReport<object>> ProcessDueAsync(Instant now, int maxCount, CancellationToken cancellationToken = default)
    {
        var report = await services.GetRequiredService<ArticleService>().ProcessDueAsync(now, maxCount, cancellationToken).ConfigureAwait(false);
        return new DueWorkReport<object>(report.Listed, report.Changed, report.Failures);
    }

    public async ValueTask<Instant?> FindEarliestDueAsync(Instant dueAtOrBefore, CancellationToken cancellationToken = default)
    {
        var earliest = await services.GetRequiredService<IEntityStore<Article>>().ListDueAsync(dueAtOrBefore, 1, cancellationToken).ConfigureAwait(false);
        return earliest.Count == 0 ? null : earliest[0].NextDueAt;
    }
}
