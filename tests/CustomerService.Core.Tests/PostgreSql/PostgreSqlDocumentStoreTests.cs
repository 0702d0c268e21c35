using CustomerService.Core.DependencyInjection;
using CustomerService.Core.Leads.Studio;
using CustomerService.Core.Persistence;
using CustomerService.Core.PostgreSql;
using CustomerService.Core.Storage;
using CustomerService.Core.Tickets;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Npgsql;

namespace CustomerService.Core.Tests.PostgreSql;

/// <summary>The PostgreSQL store beyond the kit: migrations, schema versions, connection failures, registration.</summary>
public sealed class PostgreSqlDocumentStoreTests : IAsyncLifetime
{
    private readonly PostgreSqlTestSchema _schema = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _schema.DropAsync();

    [Fact]
    public async Task MigrateAsync_FromFourStoresAtOnce_CreatesTheSchemaOnce()
    {
        var stores = Enumerable.Range(0, 4).Select(_ => _schema.Open()).ToList();
        await Task.WhenAll(stores.Select(s => Task.Run(() => s.MigrateAsync())));
        await stores[0].MigrateAsync();
        foreach (var store in stores)
        {
            await store.DisposeAsync();
        }

        Assert.Equal((long)PostgreSqlDocumentStore.SchemaVersion, (long)(await _schema.ScalarAsync("SELECT count(*) FROM {s}.cs_schema"))!);
        Assert.Equal(PostgreSqlDocumentStore.SchemaVersion, (int)(await _schema.ScalarAsync("SELECT max(version) FROM {s}.cs_schema"))!);
    }

    [Fact]
    public async Task AnyCall_OnANewerSchema_ThrowsStorageSchemaAndTouchesNothing()
    {
        await using (var store = _schema.Open())
        {
            await store.MigrateAsync();
        }

        await _schema.ExecuteAsync("INSERT INTO {s}.cs_schema (version, description) VALUES (99, 'from the future')");
        var tables = await _schema.ScalarAsync("SELECT string_agg(table_name || ':' || column_name, ',' ORDER BY table_name, column_name) FROM information_schema.columns WHERE table_schema = '" + _schema.Schema + "'");
        await using var newer = _schema.Open();

        var error = await Assert.ThrowsAsync<StorageSchemaException>(async () => await newer.FindAsync("Ticket", "T-1", 0));

        Assert.Equal(("PostgreSQL", 99, PostgreSqlDocumentStore.SchemaVersion), (error.Adapter, error.FoundVersion, error.SupportedVersion));
        Assert.Equal(tables, await _schema.ScalarAsync("SELECT string_agg(table_name || ':' || column_name, ',' ORDER BY table_name, column_name) FROM information_schema.columns WHERE table_schema = '" + _schema.Schema + "'"));
        await Assert.ThrowsAsync<StorageSchemaException>(async () => await newer.SaveAsync(new DocumentChange("Ticket", "T-1", null, ConcurrencyToken.Initial, "{}", 0, [], null, DueWork.None, [])));
        Assert.Equal(0L, (long)(await _schema.ScalarAsync("SELECT count(*) FROM {s}.cs_entity"))!);
    }

    [Fact]
    public async Task AnyCall_WrongPassword_ThrowsNamingTheSettingNeverThePassword()
    {
        const string secret = "not-the-password-4711";
        var options = _schema.Options;
        options.ConnectionString = new NpgsqlConnectionStringBuilder(options.ConnectionString) { Password = secret, Host = "127.0.0.1" }.ConnectionString;
        await using var store = new PostgreSqlDocumentStore(options);

        var error = await Assert.ThrowsAsync<PostgreSqlStorageException>(async () => await store.CountPendingAsync());

        Assert.False(error.IsTransient);
        Assert.Contains("Password", error.Setting, StringComparison.Ordinal);
        Assert.Contains("CustomerServiceCore:PostgreSql:ConnectionString", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnyCall_MissingDatabase_ThrowsNamingTheDatabaseSetting()
    {
        var options = _schema.Options;
        options.ConnectionString = new NpgsqlConnectionStringBuilder(options.ConnectionString) { Database = "cs_no_such_database" }.ConnectionString;
        await using var store = new PostgreSqlDocumentStore(options);

        var error = await Assert.ThrowsAsync<PostgreSqlStorageException>(async () => await store.FindAsync("Ticket", "T-1", 0));

        Assert.False(error.IsTransient);
        Assert.Contains("(Database)", error.Setting, StringComparison.Ordinal);
        Assert.Contains("cs_no_such_database", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnyCall_UnreachableServer_ThrowsTransientNamingHostAndPortAfterRetries()
    {
        var options = _schema.Options;
        options.ConnectionString = new NpgsqlConnectionStringBuilder(options.ConnectionString) { Host = "127.0.0.1", Port = 1, Timeout = 2 }.ConnectionString;
        options.MaxRetries = 2;
        options.FirstRetryDelay = Duration.FromMilliseconds(10);
        await using var store = new PostgreSqlDocumentStore(options);

        var error = await Assert.ThrowsAsync<PostgreSqlStorageException>(async () => await store.ListDueAsync("Ticket", Instant.MaxValue, 10));

        Assert.True(error.IsTransient);
        Assert.Contains("(Host, Port)", error.Setting, StringComparison.Ordinal);
        Assert.Contains("127.0.0.1:1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Calls_AfterTheServerDroppedEveryConnection_ReadsRetryAndNoSaveIsHalfWritten()
    {
        var options = _schema.Options;
        var application = "cs-drop-" + Guid.NewGuid().ToString("N")[..8];
        options.ConnectionString = new NpgsqlConnectionStringBuilder(options.ConnectionString) { ApplicationName = application }.ConnectionString;
        await using var store = new PostgreSqlDocumentStore(options);
        var storage = new DocumentStorage(store);
        var service = new TicketService(storage.Tickets, new TicketLifecycle(new TicketOptions()), NodaTime.Testing.FakeClock.FromUtc(2026, 3, 2, 9, 0, 0));
        await service.OpenAsync(new TicketId("T-1"), ContactChannel.Phone, TicketCategory.Repair, TicketPriority.High, "desk");
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(async () => await store.CountPendingAsync()))); // several pooled connections

        // What a server restart does to the clients: every session of the store is terminated.
        await _schema.ScalarAsync($"SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = '{application}'");

        Assert.NotNull(await service.FindAsync(new TicketId("T-1"))); // a read: retried on a new connection
        Ticket? saved = null;
        try
        {
            saved = await service.ExecuteAsync(new TicketId("T-1"), new TicketCommand.Assign("agent-1"), "agent-1");
        }
        catch (PostgreSqlStorageException e)
        {
            Assert.True(e.IsTransient); // a save is not retried: its outcome is reported, not guessed
        }

        // Either all of the save is stored (snapshot, history entry, event) or none of it.
        var stored = (await storage.Tickets.FindAsync("T-1"))!;
        Assert.Equal(stored.Entity.Version, stored.Entity.History.Count);
        Assert.Equal(stored.Entity.Version + 1, await storage.CountPendingAsync());
        Assert.True(saved is null || saved == stored.Entity);
        Assert.Equal(TicketState.Open, (await service.ExecuteAsync(new TicketId("T-1"), new TicketCommand.AgentReply(), "agent-1")).State);
    }

    [Fact]
    public void Constructor_BadSettings_ThrowNamingTheKeyNeverThePassword()
    {
        Assert.Contains("ConnectionString", Assert.Throws<ArgumentException>(() => new PostgreSqlDocumentStore(new PostgreSqlStorageOptions())).Message, StringComparison.Ordinal);
        var malformed = Assert.Throws<ArgumentException>(() => new PostgreSqlDocumentStore(new PostgreSqlStorageOptions { ConnectionString = "Host=db;Password=hunter2-secret;Bogus Key=1" }));
        Assert.Contains("ConnectionString", malformed.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2-secret", malformed.Message, StringComparison.Ordinal);
        Assert.Contains("Schema", Assert.Throws<ArgumentException>(() => new PostgreSqlDocumentStore(new PostgreSqlStorageOptions { ConnectionString = "Host=db", Schema = "bad-name\"; DROP" })).Message, StringComparison.Ordinal);
        Assert.Contains("MaxRetries", Assert.Throws<ArgumentException>(() => new PostgreSqlDocumentStore(new PostgreSqlStorageOptions { ConnectionString = "Host=db", MaxRetries = 11 })).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddPostgreSqlStorage_RegistersClaimableStoresAndTheProfileStoreThatTheServicesUse()
    {
        var services = new ServiceCollection();
        services.AddCustomerServiceCore().AddPostgreSqlStorage(o =>
        {
            o.ConnectionString = PostgreSqlTestSchema.ConnectionString;
            o.Schema = _schema.Schema;
        }).AddStudioDesk();
        await using var provider = services.BuildServiceProvider();
        provider.ValidateCustomerServiceCoreOptions();

        Assert.IsAssignableFrom<IClaimableEntityStore<Ticket>>(provider.GetRequiredService<IEntityStore<Ticket>>());
        Assert.IsAssignableFrom<IClaimableOutboxStore>(provider.GetRequiredService<IOutboxStore>());
        var profiles = provider.GetRequiredService<ICustomerProfileStore>();
        Assert.IsType<DocumentCustomerProfileStore>(profiles);
        Assert.Equal(1, await profiles.SaveAsync(new CustomerProfile("P-di") { Segment = "A" }, null));
        await using (var other = _schema.Open())
        {
            Assert.Equal(new CustomerProfile("P-di") { Segment = "A", Version = 1 }, await new DocumentCustomerProfileStore(other).FindAsync("P-di"));
        }
        var tickets = provider.GetRequiredService<ITicketService>();
        await tickets.OpenAsync(new TicketId("T-di"), ContactChannel.Email, TicketCategory.Inquiry, TicketPriority.Low, "desk");
        Assert.Equal(1, (await provider.GetRequiredService<OutboxDispatcher>().DispatchAsync(Instant.MaxValue - Duration.FromDays(1))).Delivered);
    }
}
