using BenchmarkDotNet.Attributes;
using CustomerService.Core.Persistence;
using CustomerService.Core.PostgreSql;
using CustomerService.Core.Serialization;
using CustomerService.Core.Tickets;
using NodaTime;
using Npgsql;
using NpgsqlTypes;

namespace CustomerService.Core.Benchmarks.PostgreSql;

/// <summary>
/// Ticket transitions per second on PostgreSQL with 8 concurrent callers (each on its own tickets, so nothing
/// conflicts): through <see cref="TicketService.ExecuteAsync"/> on the PostgreSQL store (load, lifecycle, save of
/// snapshot + history entry + outbox event in one statement), against a raw Npgsql loop doing the same writes (update
/// of the entity row guarded by its token, history insert, outbox insert, one transaction per transition, the same
/// JSON texts precomputed, no read). The time per operation is one transition; transitions/s = 1 / Mean.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class TicketTransitionBenchmarks
{
    private const int Callers = 8;
    private const int TicketsPerCaller = 8;
    private const int TransitionsPerCaller = 250;
    private readonly BenchmarkDatabase _database = new();
    private PostgreSqlDocumentStore _store = null!;
    private TicketService _service = null!;
    private NpgsqlDataSource _raw = null!;
    private string _snapshot = null!;
    private string _entry = null!;
    private string _event = null!;
    private long[][] _tokens = null!;
    private long _messages;

    [GlobalSetup]
    public void Setup()
    {
        _store = _database.OpenStore();
        var clock = new StepClock();
        _service = new TicketService(new DocumentStorage(_store).Tickets, new TicketLifecycle(new TicketOptions()), clock);
        _tokens = new long[Callers][];
        for (var caller = 0; caller < Callers; caller++)
        {
            _tokens[caller] = new long[TicketsPerCaller];
            for (var i = 0; i < TicketsPerCaller; i++)
            {
                Run(_service.OpenAsync(Id("svc", caller, i), ContactChannel.Phone, TicketCategory.Inquiry, TicketPriority.Normal, "bench"));
                var ticket = Run(_service.ExecuteAsync(Id("svc", caller, i), new TicketCommand.Assign("agent-1"), "agent-1"));
                _snapshot ??= CustomerServiceJson.Serialize(ticket with { History = [] });
                _entry ??= CustomerServiceJson.Serialize(ticket.History[^1]);
                _event ??= CustomerServiceJson.Serialize<CustomerServiceEvent>(new TicketTransitioned(ticket with { History = [] }, ticket.History[^1]) with { Id = "Ticket/x/2/0" });

                // The raw loop's rows: the same snapshot, its token and history count, in the same tables.
                _database.Execute($"INSERT INTO {{s}}.cs_entity (kind, id, token, snapshot, next_due_at, due, history_count) VALUES ('Ticket', '{Id("raw", caller, i).Value}', 1, '{_snapshot.Replace("'", "''", StringComparison.Ordinal)}', NULL, 0, 0)");
                _tokens[caller][i] = 1;
            }
        }

        _raw = NpgsqlDataSource.Create(_database.ConnectionString);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _store.Dispose();
        _raw.Dispose();
        _database.Drop();
    }

    /// <summary>The raw loop: per transition one transaction of UPDATE (token-guarded) + history INSERT + outbox INSERT.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Callers * TransitionsPerCaller)]
    public Task RawNpgsql_UpdateHistoryOutbox() => Parallel.ForAsync(0, Callers, async (caller, ct) =>
    {
        await using var connection = await _raw.OpenConnectionAsync(ct);
        for (var n = 0; n < TransitionsPerCaller; n++)
        {
            var i = n % TicketsPerCaller;
            var id = Id("raw", caller, i).Value;
            var token = _tokens[caller][i];
            await using var transaction = await connection.BeginTransactionAsync(ct);
            await using (var update = new NpgsqlCommand($"UPDATE {_database.Quoted}.cs_entity SET token = $1, snapshot = $2, history_count = history_count + 1 WHERE kind = 'Ticket' AND id = $3 AND token = $4", connection, transaction))
            {
                update.Parameters.Add(new NpgsqlParameter<long> { TypedValue = token + 1 });
                update.Parameters.Add(new NpgsqlParameter<string> { TypedValue = _snapshot, NpgsqlDbType = NpgsqlDbType.Text });
                update.Parameters.Add(new NpgsqlParameter<string> { TypedValue = id, NpgsqlDbType = NpgsqlDbType.Text });
                update.Parameters.Add(new NpgsqlParameter<long> { TypedValue = token });
                if (await update.ExecuteNonQueryAsync(ct) != 1)
                {
                    throw new InvalidOperationException("conflict");
                }
            }

            await using (var history = new NpgsqlCommand($"INSERT INTO {_database.Quoted}.cs_history (kind, id, seq, entry) VALUES ('Ticket', $1, $2, $3)", connection, transaction))
            {
                history.Parameters.Add(new NpgsqlParameter<string> { TypedValue = id, NpgsqlDbType = NpgsqlDbType.Text });
                history.Parameters.Add(new NpgsqlParameter<int> { TypedValue = (int)token });
                history.Parameters.Add(new NpgsqlParameter<string> { TypedValue = _entry, NpgsqlDbType = NpgsqlDbType.Text });
                await history.ExecuteNonQueryAsync(ct);
            }

            await using (var outbox = new NpgsqlCommand($"INSERT INTO {_database.Quoted}.cs_outbox (message_id, kind, entity_id, payload) VALUES ($1, 'Ticket', $2, $3)", connection, transaction))
            {
                outbox.Parameters.Add(new NpgsqlParameter<string> { TypedValue = "raw/" + Interlocked.Increment(ref _messages), NpgsqlDbType = NpgsqlDbType.Text });
                outbox.Parameters.Add(new NpgsqlParameter<string> { TypedValue = id, NpgsqlDbType = NpgsqlDbType.Text });
                outbox.Parameters.Add(new NpgsqlParameter<string> { TypedValue = _event, NpgsqlDbType = NpgsqlDbType.Text });
                await outbox.ExecuteNonQueryAsync(ct);
            }

            await transaction.CommitAsync(ct);
            _tokens[caller][i] = token + 1;
        }
    });

    /// <summary>The service: load, apply the AgentReply transition, save snapshot + history + event with the token check.</summary>
    [Benchmark(OperationsPerInvoke = Callers * TransitionsPerCaller)]
    public Task TicketService_ExecuteAsync() => Parallel.ForAsync(0, Callers, async (caller, ct) =>
    {
        for (var n = 0; n < TransitionsPerCaller; n++)
        {
            await _service.ExecuteAsync(Id("svc", caller, n % TicketsPerCaller), new TicketCommand.AgentReply(), "agent-1", ct);
        }
    });

    private static TicketId Id(string prefix, int caller, int i) => new($"{prefix}-{caller}-{i}");

    private static T Run<T>(Task<T> task) => task.GetAwaiter().GetResult();

    /// <summary>A clock that moves one microsecond per reading (thread-safe), so every transition has its own instant.</summary>
    private sealed class StepClock : IClock
    {
        private long _ticks = Instant.FromUtc(2026, 3, 2, 1, 0).ToUnixTimeTicks();

        public Instant GetCurrentInstant() => Instant.FromUnixTimeTicks(Interlocked.Add(ref _ticks, 10));
    }
}
