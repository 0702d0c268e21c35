using BenchmarkDotNet.Attributes;
using CustomerService.Core.Persistence;
using CustomerService.Core.Serialization;
using CustomerService.Core.Sqlite;
using CustomerService.Core.Storage;
using CustomerService.Core.Tickets;
using Microsoft.Data.Sqlite;
using NodaTime;

namespace CustomerService.Core.Benchmarks.Sqlite;

/// <summary>
/// Ticket transitions on the SQLite store (one file, WAL, <c>synchronous</c> FULL — the store's default — or NORMAL) through
/// <see cref="TicketService.ExecuteAsync"/> — load, lifecycle, save of snapshot + history entry + outbox event in one
/// write transaction — against a raw Microsoft.Data.Sqlite loop doing the same writes on the same file with the same
/// pragmas (token-guarded UPDATE of the entity row, history INSERT, outbox INSERT, one <c>BEGIN IMMEDIATE</c>
/// transaction per transition, prepared commands, the JSON texts precomputed, no read). One writer, as SQLite allows.
/// <see cref="Stored"/> other tickets sit in the file, to show the cost and the memory per transition do not grow with it.
/// The time per operation is one transition; transitions/s = 1 / Mean.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 8)]
[System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001", Justification = "BenchmarkDotNet disposes them in [GlobalCleanup].")]
public class SqliteTransitionBenchmarks
{
    private const int Tickets = 16;
    private const int TransitionsPerInvoke = 500;
    private string _path = null!;
    private SqliteDocumentStore _store = null!;
    private TicketService _service = null!;
    private SqliteConnection _raw = null!;
    private SqliteCommand _update = null!;
    private SqliteCommand _history = null!;
    private SqliteCommand _outbox = null!;
    private string _snapshot = null!;
    private string _entry = null!;
    private string _event = null!;
    private readonly long[] _tokens = new long[Tickets];
    private long _messages;
    private int _next;

    /// <summary>Gets or sets how many other tickets the file holds.</summary>
    [Params(1_000, 1_000_000)]
    public int Stored { get; set; }

    /// <summary>Gets or sets the durability of both loops: <c>Full</c> (the store's default) waits for the disk at every commit; <c>Normal</c> (WAL) does not, so it shows the CPU cost.</summary>
    [Params(SqliteSynchronous.Normal, SqliteSynchronous.Full)]
    public SqliteSynchronous Synchronous { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _path = Path.Combine(Path.GetTempPath(), $"cs-bench-{Guid.NewGuid():N}.db");
        var connectionString = $"Data Source={_path}";
        _store = new SqliteDocumentStore(new SqliteStorageOptions { ConnectionString = connectionString, Synchronous = Synchronous });
        _store.MigrateAsync().GetAwaiter().GetResult();
        _service = new TicketService(new DocumentStorage(_store).Tickets, new TicketLifecycle(new TicketOptions()), new StepClock());
        for (var i = 0; i < Tickets; i++)
        {
            _service.OpenAsync(new TicketId($"svc-{i}"), ContactChannel.Phone, TicketCategory.Inquiry, TicketPriority.Normal, "bench").GetAwaiter().GetResult();
            var ticket = _service.ExecuteAsync(new TicketId($"svc-{i}"), new TicketCommand.Assign("agent-1"), "agent-1").GetAwaiter().GetResult();
            _snapshot ??= CustomerServiceJson.Serialize(ticket with { History = [] });
            _entry ??= CustomerServiceJson.Serialize(ticket.History[^1]);
            _event ??= CustomerServiceJson.Serialize<CustomerServiceEvent>(new TicketTransitioned(ticket with { History = [] }, ticket.History[^1]) with { Id = "Ticket/x/2/0" });
        }

        _raw = new SqliteConnection(connectionString);
        _raw.Open();
        Execute($"PRAGMA journal_mode = WAL; PRAGMA synchronous = {(Synchronous == SqliteSynchronous.Full ? "FULL" : "NORMAL")}; PRAGMA busy_timeout = 30000;");
        Seed();
        for (var i = 0; i < Tickets; i++)
        {
            Execute($"INSERT INTO cs_entity (kind, id, token, snapshot, next_due_at, due, history_count) VALUES ('Ticket', 'raw-{i}', 1, '{_snapshot.Replace("'", "''", StringComparison.Ordinal)}', NULL, 0, 0)");
            _tokens[i] = 1;
        }

        _update = Prepare("UPDATE cs_entity SET token = @next, snapshot = @snapshot, history_count = history_count + 1 WHERE kind = 'Ticket' AND id = @id AND token = @token", "@next", "@snapshot", "@id", "@token");
        _history = Prepare("INSERT INTO cs_history (kind, id, seq, entry) VALUES ('Ticket', @id, @seq, @entry)", "@id", "@seq", "@entry");
        _outbox = Prepare("INSERT INTO cs_outbox (message_id, kind, entity_id, payload) VALUES (@message, 'Ticket', @id, @payload)", "@message", "@id", "@payload");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _update.Dispose();
        _history.Dispose();
        _outbox.Dispose();
        _raw.Dispose();
        _store.Dispose();
        SqliteConnection.ClearAllPools();
        foreach (var file in new[] { _path, _path + "-wal", _path + "-shm" })
        {
            File.Delete(file);
        }
    }

    /// <summary>The raw loop: per transition one BEGIN IMMEDIATE transaction of UPDATE (token-guarded) + history INSERT + outbox INSERT.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = TransitionsPerInvoke)]
    public void RawSqlite_UpdateHistoryOutbox()
    {
        for (var n = 0; n < TransitionsPerInvoke; n++)
        {
            var i = n % Tickets;
            var token = _tokens[i];
            using var transaction = _raw.BeginTransaction(deferred: false);
            (_update.Transaction, _history.Transaction, _outbox.Transaction) = (transaction, transaction, transaction);
            _update.Parameters["@next"].Value = token + 1;
            _update.Parameters["@snapshot"].Value = _snapshot;
            _update.Parameters["@id"].Value = "raw-" + i;
            _update.Parameters["@token"].Value = token;
            if (_update.ExecuteNonQuery() != 1)
            {
                throw new InvalidOperationException("conflict");
            }

            _history.Parameters["@id"].Value = "raw-" + i;
            _history.Parameters["@seq"].Value = token;
            _history.Parameters["@entry"].Value = _entry;
            _history.ExecuteNonQuery();
            _outbox.Parameters["@message"].Value = "raw/" + ++_messages;
            _outbox.Parameters["@id"].Value = "raw-" + i;
            _outbox.Parameters["@payload"].Value = _event;
            _outbox.ExecuteNonQuery();
            transaction.Commit();
            _tokens[i] = token + 1;
        }
    }

    /// <summary>The service: load, apply the AgentReply transition, save snapshot + history + event with the token check.</summary>
    [Benchmark(OperationsPerInvoke = TransitionsPerInvoke)]
    public async Task TicketService_ExecuteAsync()
    {
        for (var n = 0; n < TransitionsPerInvoke; n++)
        {
            await _service.ExecuteAsync(new TicketId($"svc-{_next++ % Tickets}"), new TicketCommand.AgentReply(), "agent-1");
        }
    }

    private void Seed()
    {
        // The other tickets: rows never loaded here (a placeholder snapshot keeps the file small), each due somewhere in
        // the future, so they sit in the primary key and the due index the measured writes update.
        using var transaction = _raw.BeginTransaction(deferred: false);
        using var insert = _raw.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = "INSERT INTO cs_entity (kind, id, token, snapshot, next_due_at, due, history_count) VALUES ('Ticket', @id, 1, @snapshot, @due, 1, 0)";
        var id = insert.Parameters.Add("@id", SqliteType.Text);
        insert.Parameters.AddWithValue("@snapshot", "{}");
        var due = insert.Parameters.Add("@due", SqliteType.Integer);
        var far = Instant.FromUtc(2030, 1, 1, 0, 0).ToUnixTimeTicks() * 100;
        for (var i = 0; i < Stored; i++)
        {
            id.Value = $"other-{i:D7}";
            due.Value = far + i;
            insert.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    private void Execute(string sql)
    {
        using var command = _raw.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private SqliteCommand Prepare(string sql, params string[] names)
    {
        var command = _raw.CreateCommand();
        command.CommandText = sql;
        foreach (var name in names)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        return command;
    }

    /// <summary>A clock that moves one microsecond per reading, so every transition has its own instant.</summary>
    private sealed class StepClock : IClock
    {
        private long _ticks = Instant.FromUtc(2026, 3, 2, 1, 0).ToUnixTimeTicks();

        public Instant GetCurrentInstant() => Instant.FromUnixTimeTicks(Interlocked.Add(ref _ticks, 10));
    }
}

/// <summary>
/// The due-work query of the SQLite store: the 10,000 due tickets out of 1,000,000 stored (every other ticket due later),
/// through <see cref="SqliteDocumentStore.ListDueAsync"/> (prepared command, rows read into <see cref="DueEntity"/>), next
/// to the same SELECT run raw on the same file and index.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 10)]
[System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001", Justification = "BenchmarkDotNet disposes them in [GlobalCleanup].")]
public class SqliteDueQueryBenchmarks
{
    private const int Stored = 1_000_000;
    private const int Due = 10_000;
    private static readonly Instant Now = Instant.FromUtc(2026, 3, 2, 12, 0);
    private string _path = null!;
    private SqliteDocumentStore _store = null!;
    private SqliteConnection _raw = null!;
    private SqliteCommand _select = null!;

    [GlobalSetup]
    public void Setup()
    {
        _path = Path.Combine(Path.GetTempPath(), $"cs-bench-{Guid.NewGuid():N}.db");
        _store = new SqliteDocumentStore(new SqliteStorageOptions { ConnectionString = $"Data Source={_path}" });
        _store.MigrateAsync().GetAwaiter().GetResult();
        _raw = new SqliteConnection($"Data Source={_path}");
        _raw.Open();
        using (var transaction = _raw.BeginTransaction(deferred: false))
        using (var insert = _raw.CreateCommand())
        {
            insert.Transaction = transaction;
            insert.CommandText = "INSERT INTO cs_entity (kind, id, token, snapshot, next_due_at, due, history_count) VALUES ('Ticket', @id, 1, '{}', @due, 1, 0)";
            var id = insert.Parameters.Add("@id", SqliteType.Text);
            var due = insert.Parameters.Add("@due", SqliteType.Integer);
            var now = Now.ToUnixTimeTicks() * 100;
            for (var i = 0; i < Stored; i++)
            {
                // Every 100th ticket is due (an hour ago at most); the rest are due within the next 100 days.
                id.Value = $"T-{i:D7}";
                due.Value = i % (Stored / Due) == 0 ? now - (i % 3_600_000_000_000L) : now + 1_000_000_000L + (i * 8_640_000_000L);
                insert.ExecuteNonQuery();
            }

            transaction.Commit();
        }

        using (var analyze = _raw.CreateCommand())
        {
            analyze.CommandText = "ANALYZE;";
            analyze.ExecuteNonQuery();
        }

        _select = _raw.CreateCommand();
        _select.CommandText = "SELECT id, token, next_due_at, due FROM cs_entity WHERE kind = @kind AND next_due_at IS NOT NULL AND next_due_at <= @t ORDER BY next_due_at, id LIMIT @n";
        _select.Parameters.AddWithValue("@kind", "Ticket");
        _select.Parameters.AddWithValue("@t", Now.ToUnixTimeTicks() * 100);
        _select.Parameters.AddWithValue("@n", Due);
        if (RawSelect() != Due || _store.ListDueAsync("Ticket", Now, Due).AsTask().GetAwaiter().GetResult().Count != Due)
        {
            throw new InvalidOperationException($"The workload must have exactly {Due} due tickets.");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _select.Dispose();
        _raw.Dispose();
        _store.Dispose();
        SqliteConnection.ClearAllPools();
        foreach (var file in new[] { _path, _path + "-wal", _path + "-shm" })
        {
            File.Delete(file);
        }
    }

    /// <summary>The same SELECT, raw, reading the four columns of each row.</summary>
    [Benchmark(Baseline = true)]
    public int RawSelect()
    {
        var count = 0;
        using var reader = _select.ExecuteReader();
        while (reader.Read())
        {
            _ = (reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt32(3));
            count++;
        }

        return count;
    }

    /// <summary>The store's due-work query: 10,000 of 1,000,000.</summary>
    [Benchmark]
    public async Task<int> SqliteDocumentStore_ListDueAsync() => (await _store.ListDueAsync("Ticket", Now, Due)).Count;
}
