using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Reflection;
using System.Text.RegularExpressions;
using CustomerService.Core.Hosting;
using CustomerService.Core.Storage;
using CustomerService.Core.Tickets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NodaTime;

namespace CustomerService.Core.Tests.Hosting;

/// <summary>
/// The collection of <see cref="TelemetryTests"/> runs alone: the meter and the activity source are process-wide, so a
/// listener also hears the services other tests run at the same time (a first-response time from another host's ticket
/// once made the test see three where its ticket records one).
/// </summary>
[CollectionDefinition(nameof(TelemetryTests), DisableParallelization = true)]
public sealed class TelemetryRunsAlone;

/// <summary>The log events, spans and histograms are emitted, carry no personal data, and docs/telemetry.md lists each one.</summary>
[Collection(nameof(TelemetryTests))]
public sealed partial class TelemetryTests
{
    private const string Actor = "li.na@desk.example"; // an agent's e-mail: a host may use one as the actor, it must never leave as telemetry

    [Fact]
    public async Task ExecuteAsync_AgentReplyAndSolve_RecordsResponseTimesAndSpansWithoutPersonalData()
    {
        var measurements = new List<(string Name, double Value, KeyValuePair<string, object?>[] Tags)>();
        using var meters = new MeterListener();
        meters.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == CustomerServiceTelemetry.MeterName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        meters.SetMeasurementEventCallback<double>((instrument, value, tags, _) =>
        {
            lock (measurements)
            {
                measurements.Add((instrument.Name, value, tags.ToArray()));
            }
        });
        meters.Start();
        var spans = new List<Activity>();
        using var activities = new ActivityListener
        {
            ShouldListenTo = s => s.Name == CustomerServiceTelemetry.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a =>
            {
                lock (spans)
                {
                    spans.Add(a);
                }
            },
        };
        ActivitySource.AddActivityListener(activities);

        await using var kit = new HostTestKit();
        var tickets = kit.Provider.GetRequiredService<ITicketService>();
        var id = new TicketId("T-7");
        await tickets.OpenAsync(id, ContactChannel.Chat, TicketCategory.Inquiry, TicketPriority.High, Actor);
        await tickets.ExecuteAsync(id, new TicketCommand.Assign("agent-7"), Actor);
        kit.Advance(Duration.FromMinutes(90));
        await tickets.ExecuteAsync(id, new TicketCommand.AgentReply(), Actor);
        kit.Advance(Duration.FromHours(9)); // the 8 h resolution target passes
        await kit.Runner.RunOnceAsync(kit.Clock.GetCurrentInstant(), poll: true, CancellationToken.None);
        await tickets.ExecuteAsync(id, new TicketCommand.Solve("fixed"), Actor);

        List<(string Name, double Value, KeyValuePair<string, object?>[] Tags)> seen;
        lock (measurements)
        {
            seen = [.. measurements.Where(m => m.Tags.Any(t => t.Value as string == "Ticket") || m.Name == CustomerServiceTelemetry.DueWorkLatencyInstrument)];
        }

        var firstResponse = Assert.Single(seen, m => m.Name == CustomerServiceTelemetry.FirstResponseTimeInstrument);
        Assert.Equal(90 * 60, firstResponse.Value);
        Assert.Contains(firstResponse.Tags, t => t.Key == CustomerServiceTelemetry.TimeBasisTag && (string?)t.Value == "BusinessTime");
        Assert.Contains(seen, m => m.Name == CustomerServiceTelemetry.ResolutionTimeInstrument);
        Assert.Contains(seen, m => m.Name == CustomerServiceTelemetry.DueWorkLatencyInstrument);
        Assert.All(seen.SelectMany(m => m.Tags), t => Assert.DoesNotContain("T-7", t.Value?.ToString() ?? string.Empty, StringComparison.Ordinal));

        Activity[] ours;
        lock (spans)
        {
            ours = [.. spans.Where(s => s.GetTagItem(CustomerServiceTelemetry.EntityIdTag) as string == "T-7" || s.OperationName.EndsWith("ProcessDue", StringComparison.Ordinal))];
        }

        Assert.Contains(ours, s => s.OperationName == "Ticket.Open");
        Assert.Contains(ours, s => s.OperationName == "Ticket.Execute" && s.GetTagItem(CustomerServiceTelemetry.CommandTag) as string == "AgentReply");
        Assert.Contains(ours, s => s.OperationName == "Ticket.ProcessDue");
        Assert.All(ours.SelectMany(s => s.TagObjects), t => Assert.DoesNotContain(Actor, t.Value?.ToString() ?? string.Empty, StringComparison.Ordinal));
        Assert.All(kit.Logs.Entries, e => Assert.DoesNotContain(Actor, e.Message, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ExecuteAsync_ConflictAndClockBehind_AreLoggedWithTheirEventIds()
    {
        var store = new StaleOnceStore();
        await using var kit = new HostTestKit(configure: b => b.AddTicketStore(sp => store.Over(sp.GetRequiredService<InMemoryStorage>()), ServiceLifetime.Singleton));
        var tickets = kit.Provider.GetRequiredService<ITicketService>();
        var id = new TicketId("T-8");
        await tickets.OpenAsync(id, ContactChannel.Chat, TicketCategory.Inquiry, TicketPriority.Normal, Actor);
        var snapshot = await store.FindAsync("T-8");
        await tickets.ExecuteAsync(id, new TicketCommand.Assign("agent-7"), Actor);
        store.Stale = snapshot; // the next command loads the ticket as it was before the assignment

        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => tickets.ExecuteAsync(id, new TicketCommand.Assign("agent-8"), Actor));
        kit.Clock.Reset(HostTestKit.Start - Duration.FromMinutes(5)); // a second server whose clock is behind
        await tickets.ExecuteAsync(id, new TicketCommand.WaitOnCustomer(), Actor);

        Assert.Contains(kit.Logs.Entries, e => e.EventId.Id == 1001 && e.EventId.Name == "SaveConflict" && e.Message.Contains("T-8", StringComparison.Ordinal));
        Assert.Contains(kit.Logs.Entries, e => e.EventId.Id == 1004 && e.EventId.Name == "ClockClamped" && e.Message.Contains("T-8", StringComparison.Ordinal));
        Assert.All(kit.Logs.Entries, e => Assert.DoesNotContain(Actor, e.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void TelemetryPage_ListsEveryInstrumentSpanAndLogEvent()
    {
        var page = File.ReadAllText(Path.Combine(DocumentationConsistencyTests.RepositoryRoot(), "docs", "telemetry.md"));
        var instruments = typeof(CustomerServiceTelemetry).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.Name.EndsWith("Instrument", StringComparison.Ordinal))
            .Select(f => (string)f.GetValue(null)!);
        var events = new[] { typeof(CustomerServiceException).Assembly, typeof(HostedDueWorkOptions).Assembly }
            .SelectMany(a => a.GetTypes())
            .SelectMany(t => t.GetMethods(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic))
            .Select(m => m.GetCustomAttribute<LoggerMessageAttribute>())
            .OfType<LoggerMessageAttribute>()
            .ToList();

        Assert.NotEmpty(events);
        Assert.All(instruments, name => Assert.Contains($"`{name}`", page, StringComparison.Ordinal));
        Assert.All(events, e => Assert.Matches($@"\|\s*{e.EventId}\s*\|\s*`{e.EventName}`", page));
        Assert.All(["Ticket.Open", "Ticket.Execute", "Complaint.Receive", "Callback.Request", "Ticket.ProcessDue", "Outbox.Dispatch"], span => Assert.Contains(span, page, StringComparison.Ordinal));
    }

    /// <summary>Returns an old snapshot once, as a second agent's screen would, so that the next save conflicts.</summary>
    private sealed class StaleOnceStore : IEntityStore<Ticket>
    {
        private IEntityStore<Ticket> _inner = null!;

        public StoredEntity<Ticket>? Stale { get; set; }

        public StaleOnceStore Over(InMemoryStorage storage)
        {
            _inner = storage.GetStore<Ticket>(TicketService.EntityKind);
            return this;
        }

        public ValueTask<StoredEntity<Ticket>?> FindAsync(string id, CancellationToken cancellationToken = default)
        {
            if (Stale is { } stale && stale.Entity.Id.Value == id && _inner is not null)
            {
                Stale = null;
                return ValueTask.FromResult<StoredEntity<Ticket>?>(stale);
            }

            return _inner!.FindAsync(id, cancellationToken);
        }

        public ValueTask SaveAsync(EntityChange<Ticket> change, CancellationToken cancellationToken = default) => _inner.SaveAsync(change, cancellationToken);

        public ValueTask<IReadOnlyList<DueEntity>> ListDueAsync(Instant now, int maxCount, CancellationToken cancellationToken = default) => _inner.ListDueAsync(now, maxCount, cancellationToken);

        public ValueTask<bool> DeferAsync(string id, ConcurrencyToken expectedToken, Instant nextDueAt, CancellationToken cancellationToken = default) =>
            _inner.DeferAsync(id, expectedToken, nextDueAt, cancellationToken);
    }
}
