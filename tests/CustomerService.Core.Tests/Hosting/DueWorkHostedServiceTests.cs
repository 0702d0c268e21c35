using CustomerService.Core.Callbacks;
using CustomerService.Core.Complaints;
using CustomerService.Core.Sla;
using CustomerService.Core.Storage;
using CustomerService.Core.Tickets;
using CustomerService.Core.Tour;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace CustomerService.Core.Tests.Hosting;

public sealed class DueWorkHostedServiceTests
{
    private static readonly DateTimeZone Utc = DateTimeZone.Utc;

    [Fact]
    public async Task RunOnceAsync_EachNotificationEvent_ReachesTheHostSinkThroughTheOutbox()
    {
        await using var kit = new HostTestKit();
        var tickets = kit.Provider.GetRequiredService<ITicketService>();
        var complaints = kit.Provider.GetRequiredService<IComplaintService>();
        var callbacks = kit.Provider.GetRequiredService<ICallbackService>();
        await tickets.OpenAsync(new TicketId("T-1"), ContactChannel.Phone, TicketCategory.Inquiry, TicketPriority.Normal, "agent-1");
        await tickets.OpenAsync(new TicketId("T-2"), ContactChannel.Phone, TicketCategory.Inquiry, TicketPriority.Normal, "agent-1");
        await tickets.ExecuteAsync(new TicketId("T-2"), new TicketCommand.Assign("agent-1"), "agent-1");
        await tickets.ExecuteAsync(new TicketId("T-2"), new TicketCommand.AgentReply(), "agent-1");
        await tickets.ExecuteAsync(new TicketId("T-2"), new TicketCommand.Dispatch("billing", Duration.FromHours(1)), "agent-1");
        await complaints.ReceiveAsync(new ComplaintId("C-1"), new ComplaintOrigin(ContactChannel.Email), "mailbox");
        await complaints.ExecuteAsync(new ComplaintId("C-1"), new ComplaintCommand.Acknowledge(HostTestKit.Start + Duration.FromHours(3)), "agent-2");
        await callbacks.RequestAsync(new CallbackId("CB-1"), new CallbackDetails(CallbackPurpose.SatisfactionCheck, Utc), "agent-1");
        await callbacks.ExecuteAsync(new CallbackId("CB-1"), new CallbackCommand.Schedule(HostTestKit.Start + Duration.FromHours(2), HostTestKit.Start + Duration.FromHours(4)), "agent-1");

        kit.Advance(Duration.FromHours(10));
        await kit.Runner.RunOnceAsync(kit.Clock.GetCurrentInstant(), poll: true, CancellationToken.None);

        var templates = kit.Notifications.Sent.Select(n => n.Template).ToHashSet();
        Assert.Contains("sla.warning", templates);
        Assert.Contains("sla.breached", templates);
        Assert.Contains("dispatch.deadline-passed", templates);
        Assert.Contains("complaint.response-overdue", templates);
        Assert.Contains("callback.due", templates);
        Assert.All(kit.Notifications.Sent, n => Assert.DoesNotContain("agent-", string.Join(" ", n.Fields.Values), StringComparison.Ordinal));
    }

    [Fact]
    public async Task ExecuteAsync_SaveBringsWorkForward_RunsAtThatInstantWithoutWaitingForThePoll()
    {
        await using var kit = new HostTestKit(HostTestKit.DeskJson.Replace("\"Default\": \"4h\"", "\"Default\": \"1h\"", StringComparison.Ordinal));
        var runner = kit.Runner;
        using var stop = new CancellationTokenSource();
        await runner.StartAsync(stop.Token);
        await Eventually(() => runner.Batches >= 4); // the start-up pass over every source
        var batchesAtStart = runner.Batches;

        await kit.Provider.GetRequiredService<ITicketService>().OpenAsync(new TicketId("T-1"), ContactChannel.Chat, TicketCategory.Inquiry, TicketPriority.Normal, "agent-1");
        kit.Advance(Duration.FromMinutes(30)); // 50 % of the 1 h first-response target: the first warning, before the hourly poll

        await Eventually(() => kit.Events.Events.OfType<SlaMilestoneReached>().Any());
        var warning = kit.Events.Events.OfType<SlaMilestoneReached>().First();
        Assert.Equal((SlaMetric.FirstResponse, 0.5), (warning.Metric, warning.Fraction));
        // The opening's event (outbox), then at the warning instant the tickets and the warning's event: no poll, no other source.
        Assert.True(runner.Batches - batchesAtStart <= 3, $"{runner.Batches - batchesAtStart} batches");
        Assert.Equal(0, runner.Peeks - 3);

        await runner.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task RunOnceAsync_StoreDown_LogsAndRetriesLaterWithoutThrowing()
    {
        var failing = new FailingTicketStore();
        await using var kit = new HostTestKit(configure: b => b.AddTicketStore(sp => failing.Over(sp.GetRequiredService<InMemoryStorage>()), ServiceLifetime.Singleton));

        await kit.Runner.RunOnceAsync(HostTestKit.Start, poll: true, CancellationToken.None);

        // The batch failed and is retried after ErrorRetryDelay (the poll's peek failed too, and is logged the same way).
        Assert.Contains(kit.Logs.Entries, e => e.EventId.Id == 2002 && e.Message.StartsWith("Ticket run failed", StringComparison.Ordinal) && e.Message.Contains("2026-03-02T08:00:05Z", StringComparison.Ordinal));

        failing.Down = false;
        kit.Advance(Duration.FromSeconds(5));
        await kit.Runner.RunOnceAsync(kit.Clock.GetCurrentInstant(), poll: false, CancellationToken.None);
        Assert.True(failing.Listed >= 1);
    }

    [Fact]
    public async Task RunOnceAsync_OneDueInstant_QueriesEachStoreOncePerBatch()
    {
        var counting = new FailingTicketStore { Down = false };
        await using var kit = new HostTestKit(configure: b => b.AddTicketStore(sp => counting.Over(sp.GetRequiredService<InMemoryStorage>()), ServiceLifetime.Singleton));
        var tickets = kit.Provider.GetRequiredService<ITicketService>();
        for (var i = 0; i < 250; i++)
        {
            await tickets.OpenAsync(new TicketId($"T-{i}"), ContactChannel.Chat, TicketCategory.Inquiry, TicketPriority.Normal, "agent-1");
        }

        kit.Advance(Duration.FromHours(2));
        await kit.Runner.RunOnceAsync(kit.Clock.GetCurrentInstant(), poll: false, CancellationToken.None);

        Assert.Equal(3, counting.Listed); // 100 + 100 + 50: three batches, one query each
        Assert.Equal(250, kit.Events.Events.OfType<SlaMilestoneReached>().Count());
    }

    [Fact]
    public async Task StopAsync_WhileSleeping_EndsAndLogsTheStop()
    {
        await using var kit = new HostTestKit();
        await kit.Runner.StartAsync(CancellationToken.None);
        await Eventually(() => kit.Runner.Batches >= 4);

        await kit.Runner.StopAsync(CancellationToken.None);

        Assert.Contains(kit.Logs.Entries, e => e.EventId.Id == 2005);
    }

    private static async Task Eventually(Func<bool> condition)
    {
        // The runner works on the thread pool; this waits for it in short real steps (a few milliseconds in practice).
        for (var i = 0; i < 2000 && !condition(); i++)
        {
            await Task.Delay(5);
        }

        Assert.True(condition(), "The hosted due work did not get there.");
    }

    /// <summary>An in-memory ticket store that can be down and counts its due-work queries.</summary>
    private sealed class FailingTicketStore : IEntityStore<Ticket>
    {
        private IEntityStore<Ticket> _inner = null!;

        public FailingTicketStore Over(InMemoryStorage storage)
        {
            _inner = storage.GetStore<Ticket>(TicketService.EntityKind);
            return this;
        }

        public bool Down { get; set; } = true;

        public int Listed { get; private set; }

        public ValueTask<StoredEntity<Ticket>?> FindAsync(string id, CancellationToken cancellationToken = default) => _inner.FindAsync(id, cancellationToken);

        public ValueTask SaveAsync(EntityChange<Ticket> change, CancellationToken cancellationToken = default) => _inner.SaveAsync(change, cancellationToken);

        public ValueTask<IReadOnlyList<DueEntity>> ListDueAsync(Instant now, int maxCount, CancellationToken cancellationToken = default)
        {
            if (Down)
            {
                throw new IOException("The database is down.");
            }

            Listed++;
            return _inner.ListDueAsync(now, maxCount, cancellationToken);
        }

        public ValueTask<bool> DeferAsync(string id, ConcurrencyToken expectedToken, Instant nextDueAt, CancellationToken cancellationToken = default) =>
            _inner.DeferAsync(id, expectedToken, nextDueAt, cancellationToken);
    }
}
