using CustomerService.Core.DependencyInjection;
using CustomerService.Core.Persistence;
using CustomerService.Core.Sla;
using CustomerService.Core.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NodaTime;

namespace CustomerService.Core.Knowledge;

/// <summary>Registers the knowledge base on a <see cref="CustomerServiceCoreBuilder"/>.</summary>
/// <example><code>services.AddCustomerServiceCore(configuration).AddKnowledgeBase();</code></example>
/// <threadsafety>Call the methods at start-up from one thread; service collections are not thread-safe.</threadsafety>
public static class KnowledgeBuilderExtensions
{
    /// <summary>
    /// Registers the knowledge base from the section <c>CustomerServiceCore:Knowledge</c> (<see cref="KnowledgeOptions"/>):
    /// the <see cref="ArticleReviewSchedule"/> (calendars from <c>CustomerServiceCore:Calendars</c>), the
    /// <see cref="ArticleLifecycle"/>, the article store — in the registered <see cref="DocumentStorage"/>'s database when
    /// there is one (<c>AddSqliteStorage</c>, <c>AddPostgreSqlStorage</c>, <c>AddDocumentStorage</c>), in the in-memory
    /// storage otherwise, unless the host registered its own <see cref="IEntityStore{TEntity}"/> of articles — and the
    /// <see cref="ArticleService"/>; the article events' types for the outbox (<see cref="KnowledgeStorage.EventTypes"/>,
    /// read and written by the registered <see cref="DocumentStorage"/>); and the review dates as an
    /// <see cref="IDueWorkProcessor"/>, which the hosted due work (<c>AddHostedDueWork</c>) runs next to tickets' due work,
    /// woken by the service's saves. The section's keys and values are checked with the rest of the settings (a calendar
    /// that is not defined, an interval out of range). Calling it twice registers it once.
    /// </summary>
    /// <param name="builder">The builder <c>AddCustomerServiceCore</c> returned.</param>
    /// <param name="configure">Changes the settings in code after binding, or <see langword="null"/>.</param>
    /// <returns>The builder, for chaining.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="builder"/> is <see langword="null"/>.</exception>
    public static CustomerServiceCoreBuilder AddKnowledgeBase(this CustomerServiceCoreBuilder builder, Action<KnowledgeOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        if (!services.Any(d => d.ServiceType == typeof(IValidateOptions<KnowledgeOptions>) && d.ImplementationType == typeof(KnowledgeOptionsValidator)))
        {
            builder.AddSettingsSection<KnowledgeOptions>(KnowledgeOptions.SectionKey)
                   .AddSettingsCheck<KnowledgeOptions>(KnowledgeOptionsValidator.Calendars);
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<KnowledgeOptions>, KnowledgeOptionsValidator>());
            foreach (var eventType in KnowledgeStorage.EventTypes)
            {
                services.AddSingleton(eventType);
            }
        }

        var options = services.AddOptions<KnowledgeOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddSingleton(sp =>
        {
            var knowledge = sp.GetRequiredService<IOptions<KnowledgeOptions>>().Value;
            if (string.IsNullOrWhiteSpace(knowledge.Calendar))
            {
                throw new InvalidOperationException($"The knowledge base is not configured: set {KnowledgeOptionsValidator.Prefix}{nameof(KnowledgeOptions.Calendar)} (the calendar review dates are counted on) or configure KnowledgeOptions in AddKnowledgeBase.");
            }

            var calendars = sp.GetRequiredService<SlaCatalog>().Calendars;
            return new ArticleReviewSchedule(
                calendars[knowledge.Calendar],
                knowledge.DefaultReviewIntervalDays,
                new Dictionary<string, int>(knowledge.ReviewIntervalDays, StringComparer.Ordinal),
                knowledge.OwnerCalendars.ToDictionary(p => p.Key, p => calendars[p.Value], StringComparer.Ordinal));
        });
        services.TryAddSingleton(sp => new ArticleLifecycle(sp.GetRequiredService<ArticleReviewSchedule>()));
        services.TryAddSingleton(sp => sp.GetService<DocumentStorage>() is { } storage
            ? KnowledgeStorage.GetArticleStore(storage)
            : KnowledgeStorage.GetArticleStore(sp.GetRequiredService<InMemoryStorage>()));
        services.TryAddTransient(sp => new ArticleService(
            sp.GetRequiredService<IEntityStore<Article>>(),
            sp.GetRequiredService<ArticleLifecycle>(),
            sp.GetRequiredService<IClock>(),
            sp.GetRequiredService<IOptions<CustomerServiceCoreOptions>>().Value.DueWork.FailureBackoff,
            sp.GetService<ILogger<ArticleService>>(),
            sp.GetService<IDueWorkSignal>()));
        services.TryAddEnumerable(ServiceDescriptor.Transient<IDueWorkProcessor, ArticleDueWorkProcessor>());
        return builder;
    }
}
