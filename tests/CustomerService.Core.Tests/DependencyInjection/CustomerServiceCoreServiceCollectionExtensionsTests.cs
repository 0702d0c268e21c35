using System.Diagnostics.Metrics;
using System.Text;
using CustomerService.Core.Callbacks;
using CustomerService.Core.Complaints;
using CustomerService.Core.DependencyInjection;
using CustomerService.Core.Storage;
using CustomerService.Core.Tests.Tickets;
using CustomerService.Core.Tickets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NodaTime;
using NodaTime.Testing;

namespace CustomerService.Core.Tests.DependencyInjection;

public sealed class CustomerServiceCoreServiceCollectionExtensionsTests
{
    [Fact]
    public void AddCustomerServiceCore_Defaults_ResolvesServicesStoresAndLifecycles()
    {
        using var provider = new ServiceCollection().AddCustomerServiceCore().Services.BuildServiceProvider();
        Assert.IsType<TicketService>(provider.GetRequiredService<ITicketService>());
        Assert.IsType<ComplaintService>(provider.GetRequiredService<IComplaintService>());
        Assert.IsType<CallbackService>(provider.GetRequiredService<ICallbackService>());
        Assert.Same(provider.GetRequiredService<InMemoryStorage>(), provider.GetRequiredService<IOutboxStore>());
        Assert.Same(provider.GetRequiredService<InMemoryStorage>().GetStore<Ticket>(TicketService.EntityKind), provider.GetRequiredService<IEntityStore<Ticket>>());
        Assert.NotNull(provider.GetRequiredService<OutboxDispatcher>());
        Assert.Same(SystemClock.Instance, provider.GetRequiredService<IClock>());
        Assert.Equal(Duration.FromDays(7), provider.GetRequiredService<TicketLifecycle>().ReopenWindow);
        Assert.Equal(3, provider.GetRequiredService<CallbackLifecycle>().Policy.MaxAttempts);
    }

    [Fact]
    public async Task AddCustomerServiceCore_HostRegistrations_WinOverTheDefaults()
    {
        var clock = new FakeClock(TicketArbitraries.Start);
        var storage = new InMemoryStorage();
        var store = storage.GetStore<Ticket>(TicketService.EntityKind);
        var services = new ServiceCollection()
            .AddSingleton<IClock>(clock)
            .AddSingleton(store)
            .AddSingleton<IOutboxStore>(storage);
        using var provider = services.AddCustomerServiceCore().AddEventSink<RecordingEventSink>().Services.BuildServiceProvider();

        var tickets = provider.GetRequiredService<ITicketService>();
        var ticket = await tickets.OpenAsync(new TicketId("T-1"), ContactChannel.InPerson, TicketCategory.Inquiry, TicketPriority.Normal, "front-desk");
        Assert.Equal(clock.GetCurrentInstant(), ticket.CreatedAt);
        Assert.Same(ticket, await store.GetAsync("T-1"));

        // The event waits in the host's outbox until the dispatcher delivers it to the host's sink.
        var sink = (RecordingEventSink)Assert.Single(provider.GetServices<ICustomerServiceEventSink>());
        Assert.Empty(sink.Events);
        Assert.Equal(1, (await provider.GetRequiredService<OutboxDispatcher>().DispatchAsync(clock.GetCurrentInstant())).Delivered);
        Assert.IsType<TicketOpened>(Assert.Single(sink.Events));
    }

    [Fact]
    public async Task Builder_AddStoresAndSink_ReplaceTheDefaultsEvenWhenRegisteredEarlier()
    {
        var storage = new InMemoryStorage();
        var services = new ServiceCollection().AddSingleton(storage.GetStore<Ticket>(TicketService.EntityKind));
        services.AddCustomerServiceCore()
            .AddTicketStore<CountingTicketStore>(ServiceLifetime.Singleton)
            .AddComplaintStore(_ => storage.GetStore<Complaint>(ComplaintService.EntityKind), ServiceLifetime.Singleton)
            .AddCallbackStore(_ => storage.GetStore<Callback>(CallbackService.EntityKind), ServiceLifetime.Singleton)
            .AddOutboxStore(_ => storage, ServiceLifetime.Singleton)
            .AddEventSink<RecordingEventSink>()
            .AddEventSink<RecordingEventSink>();
        Assert.Single(services, d => d.ServiceType == typeof(IEntityStore<Ticket>));
        Assert.Single(services, d => d.ServiceType == typeof(ICustomerServiceEventSink));
        using var provider = services.BuildServiceProvider();

        await provider.GetRequiredService<ITicketService>().OpenAsync(new TicketId("T-1"), ContactChannel.Video, TicketCategory.TechnicalSupport, TicketPriority.High, "video");
        Assert.Equal(1, ((CountingTicketStore)provider.GetRequiredService<IEntityStore<Ticket>>()).Saves);
    }

    [Fact]
    public async Task Builder_ScopedStore_IsUsedFromTheScopeThatResolvesTheService()
    {
        var services = new ServiceCollection().AddSingleton<IClock>(new FakeClock(TicketArbitraries.Start));
        services.AddCustomerServiceCore().AddTicketStore<CountingTicketStore>(ServiceLifetime.Scoped);
        using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });

        using (var scope = provider.CreateScope())
        {
            var service = scope.ServiceProvider.GetRequiredService<ITicketService>();
            await service.OpenAsync(new TicketId("T-1"), ContactChannel.Chat, TicketCategory.Inquiry, TicketPriority.Low, "chat");
            Assert.Equal(1, ((CountingTicketStore)scope.ServiceProvider.GetRequiredService<IEntityStore<Ticket>>()).Saves);
        }

        using (var scope = provider.CreateScope())
        {
            // A new unit of work: its own store instance.
            Assert.Equal(0, ((CountingTicketStore)scope.ServiceProvider.GetRequiredService<IEntityStore<Ticket>>()).Saves);
        }

        // Resolving a service that needs a scoped store outside any scope is refused, not silently captive.
        Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<ITicketService>());
    }

    [Fact]
    public void Builder_UndefinedLifetime_ThrowsNamingTheParameter()
    {
        var builder = new ServiceCollection().AddCustomerServiceCore();
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => builder.AddTicketStore<CountingTicketStore>((ServiceLifetime)7));
        Assert.Equal("lifetime", error.ParamName);
    }

    [Fact]
    public void AddCustomerServiceCore_CalledTwice_RegistersOnceAndAppliesBothConfigurations()
    {
        var services = new ServiceCollection()
            .AddCustomerServiceCore(o => o.Tickets.ReopenWindow = Duration.FromDays(2)).Services
            .AddCustomerServiceCore(o => o.Callbacks.MaxAttempts = 5).Services;
        Assert.Single(services, d => d.ServiceType == typeof(ITicketService));
        var validators = services.Where(d => d.ServiceType == typeof(IValidateOptions<CustomerServiceCoreOptions>)).Select(d => d.ImplementationType).ToList();
        Assert.Equal(validators.Distinct().Count(), validators.Count); // the rules' validator and the settings' validator, once each

        using var provider = services.BuildServiceProvider();
        var options = provider.GetRequiredService<IOptions<CustomerServiceCoreOptions>>().Value;
        Assert.Equal((Duration.FromDays(2), 5), (options.Tickets.ReopenWindow, options.Callbacks.MaxAttempts));
    }

    [Fact]
    public void AddCustomerServiceCore_BoundFromJson_ReadsDurationsAndLocalTimes()
    {
        const string Json = """
            { "CustomerServiceCore": {
                "Tickets": { "ReopenWindow": "3:00:00:00", "AutoCloseAfter": "4:12:00:00" },
                "Callbacks": { "MaxAttempts": 4, "RetryIntervals": [ "0:00:15:00", "0:01:00:00" ], "ContactWindowOpens": "09:00:00", "ContactWindowCloses": "20:30:00" } } }
            """;
        var configuration = new ConfigurationBuilder().AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(Json))).Build();
        var services = new ServiceCollection();
        services.AddOptions<CustomerServiceCoreOptions>().Bind(configuration.GetSection(CustomerServiceCoreOptions.SectionName));
        using var provider = services.AddCustomerServiceCore().Services.BuildServiceProvider();

        provider.ValidateCustomerServiceCoreOptions();
        var options = provider.GetRequiredService<IOptions<CustomerServiceCoreOptions>>().Value;
        Assert.Equal(Duration.FromDays(3), options.Tickets.ReopenWindow);
        Assert.Equal(Duration.FromHours(108), options.Tickets.AutoCloseAfter);
        Assert.Equal([Duration.FromMinutes(15), Duration.FromHours(1)], options.Callbacks.RetryIntervals);
        Assert.Equal((new LocalTime(9, 0), new LocalTime(20, 30)), (options.Callbacks.ContactWindowOpens, options.Callbacks.ContactWindowCloses));
        Assert.Equal(4, provider.GetRequiredService<CallbackLifecycle>().Policy.MaxAttempts);
    }

    [Fact]
    public void ValidateCustomerServiceCoreOptions_BadSettings_ThrowsNamingEveryBadKey()
    {
        using var provider = new ServiceCollection().AddCustomerServiceCore(o =>
        {
            o.Tickets.ReopenWindow = Duration.Zero;
            o.Callbacks.MaxAttempts = 0;
            o.Callbacks.RetryIntervals.Add(-Duration.FromMinutes(1));
            o.Callbacks.ContactWindowCloses = new LocalTime(7, 0);
        }).Services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(provider.ValidateCustomerServiceCoreOptions);
        Assert.Equal(4, error.Failures.Count());
        Assert.Contains(error.Failures, f => f.StartsWith("CustomerServiceCore:Tickets:ReopenWindow", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.StartsWith("CustomerServiceCore:Callbacks:MaxAttempts", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.StartsWith("CustomerServiceCore:Callbacks:RetryIntervals:0", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.StartsWith("CustomerServiceCore:Callbacks:ContactWindowCloses", StringComparison.Ordinal));
    }

    [Fact]
    public void AddCustomerServiceCore_BadSettings_FailStartUpValidation()
    {
        using var provider = new ServiceCollection().AddCustomerServiceCore(o => o.Tickets.AutoCloseAfter = -Duration.FromDays(1)).Services.BuildServiceProvider();
        var startup = provider.GetRequiredService<IStartupValidator>();
        var error = Assert.Throws<OptionsValidationException>(startup.Validate);
        Assert.Contains("AutoCloseAfter", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ValidateCustomerServiceCoreOptions_WithoutRegistration_ThrowsInvalidOperation()
    {
        using var provider = new ServiceCollection().BuildServiceProvider();
        Assert.Throws<InvalidOperationException>(provider.ValidateCustomerServiceCoreOptions);
    }

    [Fact]
    public async Task AddCustomerServiceCore_WithMeterFactory_CountsTransitionsWithLowCardinalityTags()
    {
        using var meterFactory = new TestMeterFactory();
        using var provider = new ServiceCollection()
            .AddSingleton<IMeterFactory>(meterFactory)
            .AddSingleton<IClock>(new FakeClock(TicketArbitraries.Start))
            .AddCustomerServiceCore()
            .Services.BuildServiceProvider();
        var measurements = new List<(string Instrument, long Value, Dictionary<string, object?> Tags)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Scope == meterFactory && instrument.Meter.Name == CustomerServiceTelemetry.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            lock (measurements)
            {
                measurements.Add((instrument.Name, value, tags.ToArray().ToDictionary(t => t.Key, t => t.Value)));
            }
        });
        listener.Start();

        var tickets = provider.GetRequiredService<ITicketService>();
        var id = new TicketId("T-secret-customer-42");
        await tickets.OpenAsync(id, ContactChannel.Phone, TicketCategory.Inquiry, TicketPriority.Normal, "ivr");
        await tickets.ExecuteAsync(id, new TicketCommand.Assign("agent-7"), "agent-7");
        await Assert.ThrowsAsync<InvalidTransitionException<TicketState, TicketTrigger>>(() => tickets.ExecuteAsync(id, new TicketCommand.Reopen(), "agent-7"));

        var transition = Assert.Single(measurements, m => m.Instrument == CustomerServiceTelemetry.TransitionsInstrument);
        Assert.Equal(1, transition.Value);
        Assert.Equal(
            new Dictionary<string, object?>
            {
                [CustomerServiceTelemetry.LifecycleTag] = "Ticket",
                [CustomerServiceTelemetry.FromStateTag] = "New",
                [CustomerServiceTelemetry.ToStateTag] = "Open",
                [CustomerServiceTelemetry.TriggerTag] = "Assign",
            },
            transition.Tags);
        var rejection = Assert.Single(measurements, m => m.Instrument == CustomerServiceTelemetry.RejectionsInstrument);
        Assert.Equal(("Open", "Reopen"), (rejection.Tags[CustomerServiceTelemetry.StateTag], rejection.Tags[CustomerServiceTelemetry.TriggerTag]));
        Assert.DoesNotContain(measurements.SelectMany(m => m.Tags.Values), v => v is string s && (s.Contains("secret", StringComparison.Ordinal) || s.Contains("agent", StringComparison.Ordinal)));
    }

    private sealed class TestMeterFactory : IMeterFactory
    {
        private readonly List<Meter> _meters = [];

        public Meter Create(MeterOptions options)
        {
            var meter = new Meter(options.Name, options.Version, options.Tags, scope: this);
            _meters.Add(meter);
            return meter;
        }

        public void Dispose() => _meters.ForEach(m => m.Dispose());
    }

    private sealed class CountingTicketStore : IEntityStore<Ticket>
    {
        private readonly IEntityStore<Ticket> _inner = new InMemoryStorage().GetStore<Ticket>(TicketService.EntityKind);

        public int Saves { get; private set; }

        public ValueTask<StoredEntity<Ticket>?> FindAsync(string id, CancellationToken cancellationToken = default) => _inner.FindAsync(id, cancellationToken);

        public ValueTask SaveAsync(EntityChange<Ticket> change, CancellationToken cancellationToken = default)
        {
            Saves++;
            return _inner.SaveAsync(change, cancellationToken);
        }

        public ValueTask<IReadOnlyList<DueEntity>> ListDueAsync(Instant dueAtOrBefore, int maxCount, CancellationToken cancellationToken = default) =>
            _inner.ListDueAsync(dueAtOrBefore, maxCount, cancellationToken);

        public ValueTask<bool> DeferAsync(string id, ConcurrencyToken expectedToken, Instant nextDueAt, CancellationToken cancellationToken = default) =>
            _inner.DeferAsync(id, expectedToken, nextDueAt, cancellationToken);
    }
}
