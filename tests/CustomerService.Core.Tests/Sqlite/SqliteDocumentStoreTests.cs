using CustomerService.Core.Leads.Studio;
using CustomerService.Core.Persistence;
using CustomerService.Core.Sla;
using CustomerService.Core.Sqlite;
using CustomerService.Core.Storage;
using CustomerService.Core.Tests.Leads.Studio;
using CustomerService.Core.Tests.Serialization;
using CustomerService.Core.Tests.Sla;
using CustomerService.Core.Tests.Tickets;
using CustomerService.Core.Tickets;
using Microsoft.Data.Sqlite;
using NodaTime;
using NodaTime.Testing;

namespace CustomerService.Core.Tests.Sqlite;

public sealed class SqliteDocumentStoreTests : IDisposable
{
    private readonly SqliteTestFile _file = new();

    public void Dispose() => _file.Dispose();

    private SqliteDocumentStore Open() => new(new SqliteStorageOptions { ConnectionString = _file.ConnectionString });

    [Fact]
    public async Task Tickets_ThroughTheService_SurviveReopeningTheFileEqual()
    {
        var clock = new FakeClock(SlaTestData.Sh(2026, 3, 2, 9));
        var sla = new SlaCatalog([], [TicketSlaTests.DeskPolicy()], "Desk");
        Ticket saved;
        using (var store = Open())
        {
            var tickets = new TicketService(new DocumentStorage(store).Tickets, new TicketLifecycle(new TicketOptions()), clock, sla);
            await tickets.OpenAsync(new TicketId("T-1"), ContactChannel.Phone, TicketCategory.Repair, TicketPriority.High, "desk");
            clock.AdvanceMinutes(3);
            await tickets.ExecuteAsync(new TicketId("T-1"), new TicketCommand.Assign("a"), "a");
            clock.Advance(Duration.FromNanoseconds(1));
            saved = await tickets.ExecuteAsync(new TicketId("T-1"), new TicketCommand.AgentReply(), "a");
        }

        using var reopened = Open();
        var storage = new DocumentStorage(reopened);
        var loaded = (await storage.Tickets.FindAsync("T-1"))!;

        Assert.Equal(saved, loaded.Entity);
        Assert.Equal(new ConcurrencyToken(3), loaded.Token);
        Assert.Equal(saved.Sla!.NextChangeAt, loaded.NextDueAt);
        Assert.Equal(3, await storage.CountPendingAsync());
    }

    /// <summary>The backup of docs/storage.md: SQLite's online backup API copies a live store (a writer still open) into a file that opens as a store with everything committed before it.</summary>
    [Fact]
    public async Task OnlineBackup_OfALiveStore_OpensAsAStoreWithEveryCommittedSave()
    {
        var clock = new FakeClock(SlaTestData.Sh(2026, 3, 2, 9));
        var backupPath = Path.Combine(Path.GetDirectoryName(_file.FilePath)!, "desk-backup.db");
        using var store = Open();
        var tickets = new TicketService(new DocumentStorage(store).Tickets, new TicketLifecycle(new TicketOptions()), clock);
        for (var i = 0; i < 20; i++)
        {
            await tickets.OpenAsync(new TicketId($"T-{i}"), ContactChannel.Phone, TicketCategory.Repair, TicketPriority.Normal, "desk");
        }

        var last = await tickets.ExecuteAsync(new TicketId("T-7"), new TicketCommand.Assign("a"), "a");

        // The documented snippet, while the store above stays open.
        using (var source = new SqliteConnection(_file.ConnectionString))
        using (var destination = new SqliteConnection($"Data Source={backupPath}"))
        {
            source.Open();
            source.BackupDatabase(destination);
        }

        SqliteConnection.ClearAllPools();
        using var restored = new SqliteDocumentStore(new SqliteStorageOptions { ConnectionString = $"Data Source={backupPath}" });
        var storage = new DocumentStorage(restored);
        Assert.Equal(last, (await storage.Tickets.FindAsync("T-7"))!.Entity);
        Assert.NotNull(await storage.Tickets.FindAsync("T-19"));
        Assert.Equal(21, await storage.CountPendingAsync());
    }

    /// <summary>Profiles, versions, segment histories and the listing written through one store are read back by a new store on the file after the first closed every connection.</summary>
    [Fact]
    public async Task CustomerProfiles_AfterARestart_AreReadBackByANewStoreOnTheFile()
    {
        var profile = CustomerProfileTests.Sample() with { Reclassification = new Reclassification("D", "playbook ended without a deal", Instant.FromUtc(2026, 11, 24, 7, 20) + Duration.FromNanoseconds(1)) };
        var first = new SegmentAssignment("studio-abcd", "C", "WithinTwoYears", new LocalDate(2026, 11, 23), Instant.FromUtc(2026, 11, 23, 2, 0));
        var second = new SegmentAssignment("studio-playbook", "D", null, new LocalDate(2026, 11, 24), Instant.FromUtc(2026, 11, 24, 7, 20) + Duration.FromNanoseconds(1), "playbook ended without a deal");
        using (var store = Open())
        {
            var profiles = new DocumentCustomerProfileStore(store);
            await profiles.SaveAsync(profile with { Segment = "C", Reclassification = null }, null, first);
            await profiles.SaveAsync(profile with { Segment = "D" }, 1, second);
            for (var i = 0; i < 300; i++)
            {
                await profiles.SaveAsync(new CustomerProfile($"P-{i:D3}") { OrderCustomer = i % 2 == 0 }, null);
            }
        }

        using var restarted = Open();
        var reread = new DocumentCustomerProfileStore(restarted);

        Assert.Equal(profile with { Segment = "D", Version = 2 }, await reread.FindAsync(profile.Id));
        Assert.Equal([first, second], await reread.GetSegmentHistoryAsync(profile.Id));
        var ids = new List<string>();
        await foreach (var listed in reread.ListAsync())
        {
            ids.Add(listed.Id);
        }

        Assert.Equal(Enumerable.Range(0, 300).Select(i => $"P-{i:D3}").Append(profile.Id).Order(StringComparer.Ordinal), ids);
        await Assert.ThrowsAsync<ConcurrencyConflictException>(async () => await reread.SaveAsync(profile, 1));
        Assert.Equal(3, await reread.SaveAsync(profile with { Segment = "A", Reclassification = null }, 2, first with { Segment = "A" }));
        Assert.Equal(3, (await reread.GetSegmentHistoryAsync(profile.Id)).Count);
    }

    [Fact]
    public async Task SaveAsync_StaleToken_ConflictsNamingTheActualTokenAndWritesNothing()
    {
        using var store = Open();
        var storage = new DocumentStorage(store);
        var ticket = TicketArbitraries.NewTicket();
        await storage.Tickets.SaveAsync(new EntityChange<Ticket>("T-1", ticket, null, ConcurrencyToken.Initial, 0, null, DueWork.None, null));
        var next = new TicketLifecycle(new TicketOptions()).Apply(ticket, new TicketCommand.Assign("a"), "a", TicketArbitraries.Start);
        await storage.Tickets.SaveAsync(new EntityChange<Ticket>("T-1", next, ConcurrencyToken.Initial, ConcurrencyToken.Initial.Next(), 0, null, DueWork.None, null));

        var conflict = await Assert.ThrowsAsync<ConcurrencyConflictException>(async () =>
            await storage.Tickets.SaveAsync(new EntityChange<Ticket>("T-1", next, ConcurrencyToken.Initial, ConcurrencyToken.Initial.Next(), 0, TicketArbitraries.Start, DueWork.AutoClose, null)));

        Assert.Equal((new ConcurrencyToken(1), new ConcurrencyToken(2)), (conflict.ExpectedToken!.Value, conflict.ActualToken!.Value));
        var stored = (await storage.Tickets.FindAsync("T-1"))!;
        Assert.Equal((next, (Instant?)null), (stored.Entity, stored.NextDueAt));
        Assert.Single(stored.Entity.History);
    }

    [Fact]
    public async Task Instants_AtTheEndsOfTheRangeAndToTheNanosecond_AreStoredExactly()
    {
        using var store = Open();
        Instant[] instants = [Instant.FromUtc(1900, 1, 1, 0, 0), Instant.FromUtc(2200, 12, 31, 23, 59, 59) + Duration.FromNanoseconds(999_999_999), Instant.FromUtc(2026, 3, 2, 1, 0) + Duration.FromNanoseconds(1)];
        for (var i = 0; i < instants.Length; i++)
        {
            await store.SaveAsync(new DocumentChange("Ticket", "T-" + i, null, ConcurrencyToken.Initial, "{}", 0, [], instants[i], DueWork.SlaChange, []));
        }

        var due = await store.ListDueAsync("Ticket", Instant.MaxValue, 10);

        Assert.Equal(instants.Order(), due.Select(d => d.NextDueAt));
        Assert.Empty(await store.ListDueAsync("Ticket", Instant.MinValue, 10));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () =>
            await store.SaveAsync(new DocumentChange("Ticket", "T-far", null, ConcurrencyToken.Initial, "{}", 0, [], Instant.FromUtc(2300, 1, 1, 0, 0), DueWork.SlaChange, [])));
        Assert.Null(await store.FindAsync("Ticket", "T-far", 0));
    }

    [Fact]
    public async Task MigrateAsync_TwiceAndFromTwoStoresAtOnce_CreatesTheSchemaOnce()
    {
        using var first = Open();
        using var second = Open();
        await Task.WhenAll(Task.Run(() => first.MigrateAsync()), Task.Run(() => second.MigrateAsync()));
        await first.MigrateAsync();

        using var connection = new SqliteConnection(_file.ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*), MAX(version) FROM cs_schema; ";
        using var reader = command.ExecuteReader();
        reader.Read();
        Assert.Equal(((long)SqliteDocumentStore.SchemaVersion, (long)SqliteDocumentStore.SchemaVersion), (reader.GetInt64(0), reader.GetInt64(1)));
        using var wal = connection.CreateCommand();
        wal.CommandText = "PRAGMA journal_mode;";
        Assert.Equal("wal", (string)wal.ExecuteScalar()!);
    }

    /// <summary>A file written by the first schema version is migrated in place: its rows stay, the due query uses the covering index.</summary>
    [Fact]
    public async Task MigrateAsync_AFileOfSchemaVersion1_MigratesKeepingEveryRow()
    {
        using (var connection = new SqliteConnection(_file.ConnectionString))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE cs_schema (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL, description TEXT NOT NULL);"
                + SqliteSchema.Migrations[0].Sql
                + "INSERT INTO cs_schema VALUES (1, '2026-01-01T00:00:00Z', 'entities, history, outbox');"
                + "INSERT INTO cs_entity VALUES ('Ticket', 'T-1', 3, '{}', 1000, 4, 0), ('Ticket', 'T-2', 1, '{}', NULL, 0, 0);";
            command.ExecuteNonQuery();
        }

        SqliteConnection.ClearAllPools();
        using var store = Open();
        var due = await store.ListDueAsync("Ticket", Instant.MaxValue, 10);

        Assert.Equal([new DueEntity("T-1", new ConcurrencyToken(3), Instant.FromUnixTimeTicks(10), DueWork.HoldDeadline)], due);
        Assert.NotNull(await store.FindAsync("Ticket", "T-2", 0));
        using var check = new SqliteConnection(_file.ConnectionString);
        check.Open();
        using var plan = check.CreateCommand();
        plan.CommandText = "EXPLAIN QUERY PLAN SELECT id, token, next_due_at, due FROM cs_entity WHERE kind = 'Ticket' AND next_due_at IS NOT NULL AND next_due_at <= 5 ORDER BY next_due_at, id LIMIT 10;";
        using var reader = plan.ExecuteReader();
        var steps = new List<string>();
        while (reader.Read())
        {
            steps.Add(reader.GetString(3));
        }

        Assert.Contains(steps, step => step.Contains("USING COVERING INDEX cs_entity_due_covering", StringComparison.Ordinal));
        using var versions = check.CreateCommand();
        versions.CommandText = "SELECT group_concat(version) FROM cs_schema;";
        Assert.Equal("1,2", (string)versions.ExecuteScalar()!);
    }

    [Fact]
    public async Task AnyCall_OnANewerSchema_ThrowsStorageSchemaAndTouchesNothing()
    {
        using (var store = Open())
        {
            await store.MigrateAsync();
        }

        using (var connection = new SqliteConnection(_file.ConnectionString + ";Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "INSERT INTO cs_schema (version, applied_at, description) VALUES (99, 'later', 'from the future');";
            command.ExecuteNonQuery();
        }

        var before = await File.ReadAllBytesAsync(_file.FilePath);
        using var newer = Open();

        var error = await Assert.ThrowsAsync<StorageSchemaException>(async () => await newer.FindAsync("Ticket", "T-1", 0));

        Assert.Equal(("SQLite", 99, SqliteDocumentStore.SchemaVersion), (error.Adapter, error.FoundVersion, error.SupportedVersion));
        Assert.Equal(before, await File.ReadAllBytesAsync(_file.FilePath));
    }

    [Fact]
    public void Constructor_InMemoryOrEmptyConnectionString_ThrowsNamingTheKey()
    {
        var memory = Assert.Throws<ArgumentException>(() => new SqliteDocumentStore(new SqliteStorageOptions { ConnectionString = "Data Source=:memory:" }));
        Assert.Contains("ConnectionString", memory.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new SqliteDocumentStore(new SqliteStorageOptions()));
        Assert.Throws<ArgumentException>(() => new SqliteDocumentStore(new SqliteStorageOptions { ConnectionString = _file.ConnectionString, BusyTimeout = Duration.Zero }));
    }

    [Fact]
    public async Task Store_AfterDispose_ThrowsObjectDisposed()
    {
        var store = Open();
        await store.MigrateAsync();
        store.Dispose();
        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await store.CountPendingAsync());
    }

    [Fact]
    public async Task BusyTicket_RoundTripsThroughTheFile()
    {
        var ticket = await CustomerServiceJsonTests.BusyTicketAsync();
        using var store = Open();
        var storage = new DocumentStorage(store);
        await storage.Tickets.SaveAsync(new EntityChange<Ticket>("T-9", ticket, null, ConcurrencyToken.Initial, 0, null, DueWork.None, null));
        Assert.Equal(ticket, (await storage.Tickets.FindAsync("T-9"))!.Entity);
    }
}
