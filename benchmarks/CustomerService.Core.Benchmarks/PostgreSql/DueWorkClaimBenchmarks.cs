using BenchmarkDotNet.Attributes;
using CustomerService.Core.Persistence;
using CustomerService.Core.PostgreSql;
using CustomerService.Core.Storage;
using CustomerService.Core.Tickets;
using NodaTime;
using Npgsql;
using NpgsqlTypes;

namespace CustomerService.Core.Benchmarks.PostgreSql;

/// <summary>
/// Due items claimed and completed per second by 4 nodes on one PostgreSQL schema (each node with a store and
/// connection pool of its own, as separate processes have), batches of 500: through the tickets' <c>ProcessDueAsync</c>
/// (claim with <c>FOR UPDATE SKIP LOCKED</c> and a lease in one statement that returns the snapshots and history rows,
/// raise each ticket's dispatch deadline event, complete the batch under the lease in one statement), the same with the
/// claim and the batch load as two calls (the path before), the same with the store's batch members left
/// at their defaults (one load and one save per ticket, the path before batching), against the raw rate of the same
/// claim statement followed by one batch UPDATE that completes the batch (clears the due work and the lease; no snapshot,
/// no history, no outbox row). 20,000 tickets whose dispatch deadline has passed are re-armed before each iteration;
/// the time per operation is one due item; items/s = 1 / Mean.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 3)]
public class DueWorkClaimBenchmarks
{
    private const int Items = 20_000;
    private const int Nodes = 4;
    private const int Batch = 500;
    private static readonly Instant Now = Instant.FromUtc(2026, 3, 2, 12, 0);
    private readonly BenchmarkDatabase _database = new();
    private PostgreSqlDocumentStore[] _stores = null!;
    private TicketService[] _services = null!;
    private TicketService[] _onePerEntity = null!;
    private TicketService[] _claimThenLoad = null!;
    private NpgsqlDataSource _raw = null!;

    [GlobalSetup]
    public void Setup()
    {
        try
        {
            _stores = [.. Enumerable.Range(0, Nodes).Select(_ => _database.OpenStore())];
            var lifecycle = new TicketLifecycle(new TicketOptions());
            var clock = new FixedClock(Now);
            _services = [.. Enumerable.Range(0, Nodes).Select(i => new TicketService(new DocumentStorage(_stores[i]).Tickets, lifecycle, clock, dueWork: new DueWorkOptions { NodeId = $"bench-{i}" }))];
            _claimThenLoad = [.. Enumerable.Range(0, Nodes).Select(i => new TicketService(new ClaimThenLoadStore(new DocumentStorage(_stores[i]).Tickets), lifecycle, clock, dueWork: new DueWorkOptions { NodeId = $"split-{i}" }))];
            _onePerEntity = [.. Enumerable.Range(0, Nodes).Select(i => new TicketService(new OnePerEntityStore(new DocumentStorage(_stores[i]).Tickets), lifecycle, clock, dueWork: new DueWorkOptions { NodeId = $"single-{i}" }))];
            Seed(lifecycle);

            // The armed state, to restore before each iteration.
            _database.Execute("CREATE TABLE {s}.armed AS SELECT kind, id, token, snapshot, next_due_at, due FROM {s}.cs_entity");
            _raw = NpgsqlDataSource.Create(_database.ConnectionString);
        }
        catch
        {
            _database.Drop(); // BenchmarkDotNet does not clean up after a failed setup
            throw;
        }
    }

    /// <summary>Stores the tickets on hold, their dispatch deadlines 1 to 120 minutes after the dispatch, 3 hours before <see cref="Now"/>.</summary>
    private void Seed(TicketLifecycle lifecycle)
    {
        using var seeding = _database.OpenStore(durable: false); // seeding is not measured: its commits need not wait for the disk
        var tickets = new DocumentStorage(seeding).Tickets;
        var at = Now - Duration.FromHours(3);
        Parallel.For(0, Items, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            var id = new TicketId($"T-{i:D6}");
            var ticket = Ticket.Create(id, ContactChannel.Phone, TicketCategory.Repair, TicketPriority.Normal, at);
            ticket = lifecycle.Apply(ticket, new TicketCommand.Assign("agent-1"), "agent-1", at);
            ticket = lifecycle.Apply(ticket, new TicketCommand.Dispatch("billing", Duration.FromMinutes(1 + (i % 120))), "agent-1", at);
            tickets.SaveAsync(new EntityChange<Ticket>(id.Value, ticket, null, ConcurrencyToken.Initial, 0, ticket.Hold!.Value.Deadline, DueWork.HoldDeadline, null)).AsTask().GetAwaiter().GetResult();
        });
    }

    [IterationSetup]
    public void Rearm()
    {
        _database.Execute("""
            UPDATE {s}.cs_entity e SET token = a.token, snapshot = a.snapshot, next_due_at = a.next_due_at, due = a.due, lease_owner = NULL, lease_expires_at = NULL
              FROM {s}.armed a WHERE e.kind = a.kind AND e.id = a.id;
            TRUNCATE {s}.cs_outbox;
            """);
        _database.Execute("VACUUM ANALYZE {s}.cs_entity"); // VACUUM cannot run inside the multi-statement transaction above
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (var store in _stores)
        {
            store.Dispose();
        }

        _raw.Dispose();
        _database.Drop();
    }

    /// <summary>The raw rate: the claim statement (SKIP LOCKED, lease, token + 1), then one UPDATE completing the claimed batch.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Items)]
    public Task RawSkipLocked_ClaimAndCompleteBatches() => Parallel.ForAsync(0, Nodes, async (node, ct) =>
    {
        var claim = $"""
            WITH c AS (SELECT kind, id FROM {_database.Quoted}.cs_entity
                        WHERE kind = 'Ticket' AND next_due_at IS NOT NULL AND next_due_at <= $1
                          AND (lease_expires_at IS NULL OR lease_expires_at <= clock_timestamp())
                        ORDER BY next_due_at, id LIMIT $2 FOR UPDATE SKIP LOCKED)
            UPDATE {_database.Quoted}.cs_entity u SET token = u.token + 1, lease_owner = $3, lease_expires_at = clock_timestamp() + interval '5 minutes'
              FROM c WHERE u.kind = c.kind AND u.id = c.id
            RETURNING u.id, u.token
            """;
        var complete = $"""
            UPDATE {_database.Quoted}.cs_entity u SET token = x.token + 1, next_due_at = NULL, due = 0, lease_owner = NULL, lease_expires_at = NULL
              FROM unnest($1::text[], $2::bigint[]) AS x(id, token)
             WHERE u.kind = 'Ticket' AND u.id = x.id AND u.token = x.token AND u.lease_owner = $3 AND u.lease_expires_at > clock_timestamp()
            """;
        var nanos = (Now - NodaConstants.UnixEpoch).ToInt64Nanoseconds();
        var owner = $"raw-{node}";
        while (true)
        {
            var ids = new List<string>(Batch);
            var tokens = new List<long>(Batch);
            await using (var command = _raw.CreateCommand(claim))
            {
                command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = nanos });
                command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = Batch });
                command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = owner, NpgsqlDbType = NpgsqlDbType.Text });
                await using var reader = await command.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                {
                    ids.Add(reader.GetString(0));
                    tokens.Add(reader.GetInt64(1));
                }
            }

            if (ids.Count == 0)
            {
                return;
            }

            await using var done = _raw.CreateCommand(complete);
            done.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. ids], NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
            done.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = [.. tokens], NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
            done.Parameters.Add(new NpgsqlParameter<string> { TypedValue = owner, NpgsqlDbType = NpgsqlDbType.Text });
            await done.ExecuteNonQueryAsync(ct);
        }
    });

    /// <summary>The due-work "now" of every node.</summary>
    private sealed class FixedClock(Instant now) : IClock
    {
        public Instant GetCurrentInstant() => now;
    }

    /// <summary>Four nodes running the tickets' due work through the claim path until nothing is due.</summary>
    [Benchmark(OperationsPerInvoke = Items)]
    public Task TicketService_ProcessDueAsync_FourNodes() => Parallel.ForAsync(0, Nodes, async (node, ct) =>
    {
        while ((await _services[node].ProcessDueAsync(Now, Batch, ct)).Listed > 0)
        {
        }
    });

    /// <summary>The same, with the claim and the batch load as two calls (the store's <c>ClaimDueAndLoadAsync</c> at its default: the claim statement, then one <c>FindManyAsync</c> query), the path before the claim returned the rows.</summary>
    [Benchmark(OperationsPerInvoke = Items)]
    public Task TicketService_ProcessDueAsync_FourNodes_ClaimThenLoad() => Parallel.ForAsync(0, Nodes, async (node, ct) =>
    {
        while ((await _claimThenLoad[node].ProcessDueAsync(Now, Batch, ct)).Listed > 0)
        {
        }
    });

    /// <summary>The same, with one load and one save per ticket (the store's batch members at their defaults).</summary>
    [Benchmark(OperationsPerInvoke = Items)]
    public Task TicketService_ProcessDueAsync_FourNodes_OneLoadAndSavePerTicket() => Parallel.ForAsync(0, Nodes, async (node, ct) =>
    {
        while ((await _onePerEntity[node].ProcessDueAsync(Now, Batch, ct)).Listed > 0)
        {
        }
    });

    /// <summary>A claimable store that forwards every member but <c>ClaimDueAndLoadAsync</c>, which runs its default: <c>ClaimDueAsync</c>, then <c>FindManyAsync</c>.</summary>
    private sealed class ClaimThenLoadStore(IEntityStore<Ticket> inner) : IClaimableEntityStore<Ticket>
    {
        private readonly IClaimableEntityStore<Ticket> _inner = (IClaimableEntityStore<Ticket>)inner;

        public ValueTask<IReadOnlyList<DueEntity>> ClaimDueAsync(Instant dueAtOrBefore, int maxCount, string owner, Duration leaseDuration, CancellationToken cancellationToken = default) =>
            _inner.ClaimDueAsync(dueAtOrBefore, maxCount, owner, leaseDuration, cancellationToken);

        public ValueTask<IReadOnlyList<ClaimCompletion>> CompleteClaimsAsync(IReadOnlyList<EntityChange<Ticket>> changes, CancellationToken cancellationToken = default) =>
            _inner.CompleteClaimsAsync(changes, cancellationToken);

        public ValueTask<StoredEntity<Ticket>?> FindAsync(string id, CancellationToken cancellationToken = default) => _inner.FindAsync(id, cancellationToken);

        public ValueTask<IReadOnlyList<StoredEntity<Ticket>?>> FindManyAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken = default) => _inner.FindManyAsync(ids, cancellationToken);

        public ValueTask SaveAsync(EntityChange<Ticket> change, CancellationToken cancellationToken = default) => _inner.SaveAsync(change, cancellationToken);

        public ValueTask<IReadOnlyList<DueEntity>> ListDueAsync(Instant dueAtOrBefore, int maxCount, CancellationToken cancellationToken = default) => _inner.ListDueAsync(dueAtOrBefore, maxCount, cancellationToken);

        public ValueTask<bool> DeferAsync(string id, ConcurrencyToken expectedToken, Instant nextDueAt, CancellationToken cancellationToken = default) => _inner.DeferAsync(id, expectedToken, nextDueAt, cancellationToken);
    }

    /// <summary>A claimable store that implements only the required members, so the batch members run their defaults: one FindAsync and one SaveAsync per entity.</summary>
    private sealed class OnePerEntityStore(IEntityStore<Ticket> inner) : IClaimableEntityStore<Ticket>
    {
        private readonly IClaimableEntityStore<Ticket> _inner = (IClaimableEntityStore<Ticket>)inner;

        public ValueTask<IReadOnlyList<DueEntity>> ClaimDueAsync(Instant dueAtOrBefore, int maxCount, string owner, Duration leaseDuration, CancellationToken cancellationToken = default) =>
            _inner.ClaimDueAsync(dueAtOrBefore, maxCount, owner, leaseDuration, cancellationToken);

        public ValueTask<StoredEntity<Ticket>?> FindAsync(string id, CancellationToken cancellationToken = default) => _inner.FindAsync(id, cancellationToken);

        public ValueTask SaveAsync(EntityChange<Ticket> change, CancellationToken cancellationToken = default) => _inner.SaveAsync(change, cancellationToken);

        public ValueTask<IReadOnlyList<DueEntity>> ListDueAsync(Instant dueAtOrBefore, int maxCount, CancellationToken cancellationToken = default) => _inner.ListDueAsync(dueAtOrBefore, maxCount, cancellationToken);

        public ValueTask<bool> DeferAsync(string id, ConcurrencyToken expectedToken, Instant nextDueAt, CancellationToken cancellationToken = default) => _inner.DeferAsync(id, expectedToken, nextDueAt, cancellationToken);
    }
}
