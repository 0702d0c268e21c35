using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using CustomerService.Core.DependencyInjection;
using CustomerService.Core.Hosting;
using CustomerService.Core.Storage;
using CustomerService.Core.Tickets;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace CustomerService.Core.Benchmarks.Hosting;

/// <summary>
/// One simulated day of the hosted due work over 100,000 tickets whose SLA clocks change all day (first response 4 h,
/// resolution 8 h, warnings at 50/75/90 %, breaches), on a fake clock with the in-memory storage: the runner wakes at each
/// due instant it knows (no sooner than 1 s after its last run, as configured by default) and runs what is due, exactly as
/// <c>AddHostedDueWork()</c> does, minus the real timer.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 3)]
public class HostedDueWorkBenchmarks
{
    private const int Tickets = 100_000;
    private static readonly Instant Start = Instant.FromUtc(2026, 3, 2, 0, 0);

    private ServiceProvider _provider = null!;
    private Clock _clock = null!;
    private CountingTicketStore _store = null!;

    /// <summary>Gets the counts of the last simulated day (printed by the cleanup, recorded in docs/benchmarks.md).</summary>
    public static string LastDay { get; private set; } = string.Empty;

    [IterationSetup]
    public void Seed()
    {
        _clock = new Clock(Start);
        _store = new CountingTicketStore();
        var services = new ServiceCollection();
        services.AddSingleton<IClock>(_clock);
        services.AddCustomerServiceCore(Settings(), configure: null)
            .AddTicketStore(sp => _store.Over(sp.GetRequiredService<InMemoryStorage>()), ServiceLifetime.Singleton)
            .AddHostedDueWork();
        _provider = services.BuildServiceProvider();
        var tickets = _provider.GetRequiredService<ITicketService>();

        // Opened over the first 14 hours, one every half second: their clocks cross thresholds all day.
        for (var i = 0; i < Tickets; i++)
        {
            _clock.Now = Start + Duration.FromMilliseconds(500L * i);
            tickets.OpenAsync(new TicketId("T-" + i.ToString("D6", System.Globalization.CultureInfo.InvariantCulture)), ContactChannel.Chat, TicketCategory.Inquiry, TicketPriority.Normal, "desk").GetAwaiter().GetResult();
        }

        // The events of the openings are not part of the day's due work.
        var dispatcher = _provider.GetRequiredService<OutboxDispatcher>();
        while (dispatcher.DispatchAsync(_clock.Now, 10_000).GetAwaiter().GetResult().Delivered > 0)
        {
        }

        _clock.Now = Start;
        _store.Reset();
    }

    [IterationCleanup]
    public void Cleanup()
    {
        Console.WriteLine($"// day: {LastDay}");
        _provider.Dispose();
    }

    /// <summary>Runs the hosted due work over one simulated day.</summary>
    [Benchmark]
    public long SimulatedDay_100kTickets()
    {
        var runner = _provider.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<DueWorkHostedService>().Single();
        var signal = _provider.GetRequiredService<DueWorkSignal>();
        var end = Start + Duration.FromDays(1);
        var now = Start;
        var wakes = 0;
        var floor = Duration.FromSeconds(1);
        while (now <= end)
        {
            _clock.Now = now;
            runner.RunOnceAsync(now, poll: wakes == 0, CancellationToken.None).GetAwaiter().GetResult();
            wakes++;
            var next = signal.Earliest();
            if (next is not { } at)
            {
                break;
            }

            now = at < now + floor ? now + floor : at;
        }

        LastDay = $"wakes {wakes}, batches {runner.Batches}, ticket queries {_store.Listed}, ticket visits {_store.Saves}, peeks {runner.Peeks}";
        return _store.Saves;
    }

    private static IEnumerable<KeyValuePair<string, string?>> Settings() =>
    [
        new("Calendars:Always:TimeZone", "UTC"),
        new("Calendars:Always:Weekdays:0", "00:00-24:00"),
        new("Calendars:Always:Weekly:Saturday:0", "00:00-24:00"),
        new("Calendars:Always:Weekly:Sunday:0", "00:00-24:00"),
        new("SlaPolicies:Standard:Calendar", "Always"),
        new("SlaPolicies:Standard:Metrics:FirstResponse:Targets:Default", "4h"),
        new("SlaPolicies:Standard:Metrics:Resolution:Targets:Default", "8h"),
        new("Sla:TicketPolicy", "Standard"),
        new("HostedDueWork:BatchSize", "1000"),
    ];

    private sealed class Clock(Instant now) : IClock
    {
        public Instant Now { get; set; } = now;

        public Instant GetCurrentInstant() => Now;
    }

    /// <summary>The in-memory ticket store, counting the due-work queries and the saves.</summary>
    private sealed class CountingTicketStore : IEntityStore<Ticket>
    {
        private IEntityStore<Ticket> _inner = null!;

        public long Listed { get; private set; }

        public long Saves { get; private set; }

        public CountingTicketStore Over(InMemoryStorage storage)
        {
            _inner = storage.GetStore<Ticket>(TicketService.EntityKind);
            return this;
        }

        public void Reset() => (Listed, Saves) = (0, 0);

        public ValueTask<StoredEntity<Ticket>?> FindAsync(string id, CancellationToken cancellationToken = default) => _inner.FindAsync(id, cancellationToken);

        public ValueTask SaveAsync(EntityChange<Ticket> change, CancellationToken cancellationToken = default)
        {
            Saves++;
            return _inner.SaveAsync(change, cancellationToken);
        }

        public ValueTask<IReadOnlyList<DueEntity>> ListDueAsync(Instant now, int maxCount, CancellationToken cancellationToken = default)
        {
            Listed++;
            return _inner.ListDueAsync(now, maxCount, cancellationToken);
        }

        public ValueTask<bool> DeferAsync(string id, ConcurrencyToken expectedToken, Instant nextDueAt, CancellationToken cancellationToken = default) =>
            _inner.DeferAsync(id, expectedToken, nextDueAt, cancellationToken);
    }
}
