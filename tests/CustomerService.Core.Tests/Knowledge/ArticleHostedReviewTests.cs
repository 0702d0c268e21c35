using CustomerService.Core.Hosting;
using CustomerService.Core.Knowledge;
using CustomerService.Core.Sla;
using CustomerService.Core.Sqlite;
using CustomerService.Core.Tests.Hosting;
using CustomerService.Core.Tests.Sqlite;
using CustomerService.Core.Tickets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using NodaTime;
using NodaTime.Testing;

namespace CustomerService.Core.Tests.Knowledge;

/// <summary>The knowledge base's review dates run in the hosted due work of a real Generic Host over a SQLite file, on a fake clock and timer.</summary>
public sealed class ArticleHostedReviewTests
{
    private const string Settings = """
        {
          "CustomerServiceCore": {
            "Calendars": { "Beijing": { "TimeZone": "Asia/Shanghai", "Weekdays": [ "09:00-18:00" ] } },
            "Knowledge": { "Calendar": "Beijing", "DefaultReviewIntervalDays": 20, "ReviewIntervalDays": { "refund-status": 5 } },
            "HostedDueWork": { "MinimumDelay": "0s", "SafetyPollInterval": "1h" }
          }
        }
        """;

    [Fact]
    public async Task HostedDueWork_PublishedArticleWhoseReviewDatePasses_MovesToNeedsReviewAndItsEventIsDelivered()
    {
        using var file = new SqliteTestFile();
        var clock = new FakeClock(KnowledgeDesk.Monday);
        var time = new FakeTimeProvider(KnowledgeDesk.Monday.ToDateTimeOffset());
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddJsonStreamText(Settings);
        builder.Services.AddSingleton<IClock>(clock);
        builder.Services.AddSingleton<TimeProvider>(time);
        builder.Services.AddCustomerServiceCore(builder.Configuration)
            .AddSqliteStorage(file.ConnectionString)
            .AddHostedDueWork()
            .AddKnowledgeBase()
            .AddEventSink<RecordingEventSink>();
        using var host = builder.Build();
        var runner = host.Services.GetServices<IHostedService>().OfType<DueWorkHostedService>().Single();
        var events = host.Services.GetServices<ICustomerServiceEventSink>().OfType<RecordingEventSink>().Single();
        await host.StartAsync();
        await Eventually(() => runner.Batches >= 5); // the start-up pass: tickets, complaints, callbacks, articles, outbox

        var service = host.Services.GetRequiredService<ArticleService>();
        await service.CreateAsync(KnowledgeDesk.Sample(), "agent-writer");
        await service.ExecuteAsync("KB-1", new ArticleCommand.Submit(), "agent-writer");
        var published = await service.ExecuteAsync("KB-1", new ArticleCommand.Approve(), "agent-reviewer");
        await Eventually(() => events.Events.Count == 3); // created, submitted, approved: delivered by the runner through the outbox

        // A minute before the review date (the hourly polls run meanwhile): still published.
        var peeks = runner.Peeks;
        Advance(clock, time, published.ReviewDueAt!.Value - Duration.FromMinutes(1) - clock.GetCurrentInstant());
        await Eventually(() => runner.Peeks > peeks);
        Assert.Equal(ArticleState.Published, (await service.FindAsync("KB-1"))!.State);

        // The review date comes: the runner, armed at it, moves the article and delivers its event.
        Advance(clock, time, Duration.FromMinutes(1));
        await Eventually(() => events.Events.Count == 4);

        var review = Assert.IsType<ArticleTransitioned>(events.Events[^1]);
        Assert.Equal((ArticleState.Published, ArticleState.NeedsReview, ArticleTrigger.ReviewDue, ArticleService.DueWorkActor), (review.Transition.From, review.Transition.To, review.Transition.Trigger, review.Actor));
        Assert.Equal(published.ReviewDueAt, review.OccurredAt);
        var stored = (await service.FindAsync("KB-1"))!;
        Assert.Equal(ArticleState.NeedsReview, stored.State);
        Assert.Equal(review.Article.Version, stored.Version);
        await host.StopAsync();
    }

    [Fact]
    public async Task RunOnceAsync_KnowledgeBaseThatCannotBeResolved_FailsItsOwnBatchOnlyAndTheOtherSourcesRun()
    {
        // No Knowledge section: the article service cannot be built, so the Article batch fails (logged, retried later).
        await using var kit = new HostTestKit(configure: b => b.AddKnowledgeBase());
        await kit.Provider.GetRequiredService<ITicketService>().OpenAsync(new TicketId("T-1"), ContactChannel.Chat, TicketCategory.Inquiry, TicketPriority.Normal, "agent-1");
        kit.Advance(Duration.FromHours(3));

        await kit.Runner.RunOnceAsync(kit.Clock.GetCurrentInstant(), poll: true, CancellationToken.None);

        var failure = Assert.Single(kit.Logs.Entries, e => e.EventId.Id == 2002);
        Assert.StartsWith("Article run failed", failure.Message, StringComparison.Ordinal);
        Assert.IsType<InvalidOperationException>(failure.Exception);
        Assert.Contains(kit.Events.Events, e => e is SlaMilestoneReached); // the tickets' work and the outbox ran in the same pass
    }

    private static void Advance(FakeClock clock, FakeTimeProvider time, Duration by)
    {
        clock.Advance(by);
        time.Advance(by.ToTimeSpan());
    }

    private static async Task Eventually(Func<bool> condition)
    {
        // The runner works on the thread pool; this waits for it in short real steps.
        for (var i = 0; i < 4000 && !condition(); i++)
        {
            await Task.Delay(5);
        }

        Assert.True(condition(), "The hosted due work did not get there.");
    }
}
