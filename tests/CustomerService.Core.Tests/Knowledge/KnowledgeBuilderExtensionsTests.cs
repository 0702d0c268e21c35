using System.Text;
using CustomerService.Core.DependencyInjection;
using CustomerService.Core.Hosting;
using CustomerService.Core.Knowledge;
using CustomerService.Core.Persistence;
using CustomerService.Core.Sqlite;
using CustomerService.Core.Storage;
using CustomerService.Core.Tests.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NodaTime;
using NodaTime.Testing;

namespace CustomerService.Core.Tests.Knowledge;

public sealed class KnowledgeBuilderExtensionsTests
{
    private const string Settings = """
        {
          "CustomerServiceCore": {
            "Calendars": {
              "Beijing": { "TimeZone": "Asia/Shanghai", "Weekdays": [ "09:00-18:00" ], "Holidays": [ "2026-10-01", "2026-10-02", "2026-10-05", "2026-10-06", "2026-10-07" ] },
              "London": { "TimeZone": "Europe/London", "Weekdays": [ "09:00-17:00" ] }
            },
            "Knowledge": {
              "Calendar": "Beijing",
              "DefaultReviewIntervalDays": 20,
              "ReviewIntervalDays": { "refund-status": 5 },
              "OwnerCalendars": { "agent-london": "London" }
            }
          }
        }
        """;

    private static readonly Instant Approved = new LocalDateTime(2026, 9, 30, 10, 0).InZoneStrictly(KnowledgeDesk.Shanghai).ToInstant();

    private static ServiceProvider Provider(string json, Action<CustomerServiceCoreBuilder>? more = null)
    {
        var configuration = new ConfigurationBuilder().AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(json))).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IClock>(new FakeClock(Approved));
        var builder = services.AddCustomerServiceCore(configuration);
        more?.Invoke(builder);
        builder.AddKnowledgeBase().AddKnowledgeBase();
        return services.BuildServiceProvider();
    }

    [Fact]
    public async Task AddKnowledgeBase_FromConfiguration_CountsReviewDatesOnTheConfiguredCalendars()
    {
        using var provider = Provider(Settings);
        provider.ValidateCustomerServiceCoreOptions();
        var service = provider.GetRequiredService<ArticleService>();

        await service.CreateAsync(KnowledgeDesk.Sample(), "agent-writer");
        await service.ExecuteAsync("KB-1", new ArticleCommand.Submit(), "agent-writer");
        var published = await service.ExecuteAsync("KB-1", new ArticleCommand.Approve(), "agent-reviewer");

        // 5 Beijing business days after Wednesday 30 September (1–2 and 5–7 October closed, 3–4 a weekend): 8, 9, 12, 13, 14.
        Assert.Equal(new LocalDateTime(2026, 10, 14, 10, 0).InZoneStrictly(KnowledgeDesk.Shanghai).ToInstant(), published.ReviewDueAt);
        Assert.Same(provider.GetRequiredService<IEntityStore<Article>>(), KnowledgeStorage.GetArticleStore(provider.GetRequiredService<InMemoryStorage>()));
        Assert.Single(provider.GetServices<IValidateOptions<KnowledgeOptions>>());
    }

    [Fact]
    public async Task AddKnowledgeBase_WithSqliteStorage_KeepsArticlesInTheDatabase()
    {
        using var file = new SqliteTestFile();
        using (var provider = Provider(Settings, b => b.AddSqliteStorage(file.ConnectionString)))
        {
            var service = provider.GetRequiredService<ArticleService>();
            await service.CreateAsync(KnowledgeDesk.Sample(), "agent-writer");
            Assert.Same(provider.GetRequiredService<IEntityStore<Article>>(), KnowledgeStorage.GetArticleStore(provider.GetRequiredService<DocumentStorage>()));
        }

        using var store = new SqliteDocumentStore(new SqliteStorageOptions { ConnectionString = file.ConnectionString });
        var stored = await KnowledgeStorage.GetArticleStore(new DocumentStorage(store, eventTypes: KnowledgeStorage.EventTypes)).FindAsync("KB-1");
        Assert.Equal(ArticleState.Draft, stored!.Entity.State);
    }

    [Fact]
    public void AddKnowledgeBase_BadSettings_AreReportedWithTheirKeys()
    {
        var json = Settings.Replace("\"Calendar\": \"Beijing\"", "\"Calendar\": \"Bejing\"", StringComparison.Ordinal)
            .Replace("\"refund-status\": 5", "\"refund-status\": 0", StringComparison.Ordinal)
            .Replace("\"agent-london\": \"London\"", "\"agent-london\": \"Londres\"", StringComparison.Ordinal);
        using var provider = Provider(json);

        var e = Assert.Throws<OptionsValidationException>(provider.ValidateCustomerServiceCoreOptions);

        Assert.Contains("CustomerServiceCore:Knowledge:Calendar: no business calendar is named 'Bejing'", e.Message, StringComparison.Ordinal);
        Assert.Contains("CustomerServiceCore:Knowledge:ReviewIntervalDays:refund-status: 0 is not 1 to 3650", e.Message, StringComparison.Ordinal);
        Assert.Contains("CustomerServiceCore:Knowledge:OwnerCalendars:agent-london: no business calendar is named 'Londres'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddKnowledgeBase_WithoutItsSection_StartsAndRefusesToResolveNamingTheKey()
    {
        using var provider = Provider("""{ "CustomerServiceCore": { } }""");
        provider.ValidateCustomerServiceCoreOptions();

        var e = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<ArticleService>());
        Assert.Contains("CustomerServiceCore:Knowledge:Calendar", e.Message, StringComparison.Ordinal);
    }
}
