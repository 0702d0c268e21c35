// Drives a store from its own process, for the tests that start several processes or kill one mid-run.
//   migrate <file>                 SQLite: migrate the schema, print "migrated"
//   write <file> <prefix> <count>  SQLite: open tickets and apply transitions forever (count tickets round-robin),
//                                  printing "ok <ticket> <version>" after each committed save; the test kills the process.
//   node <schema> <node-id> <lease-ms> <until-unix-ms> <pause-ms>
//                                  PostgreSQL (connection string from CUSTOMERSERVICE_POSTGRES): one host node running the
//                                  tickets' due work through the claim path until the wall clock passes <until> and
//                                  nothing is left to claim; pauses <pause-ms> after each non-empty claim (a slow node);
//                                  prints "claimed <n>" after each non-empty claim and "done <changed> <failures>" at the end.
using System.Globalization;
using CustomerService.Core;
using CustomerService.Core.Persistence;
using CustomerService.Core.PostgreSql;
using CustomerService.Core.Sqlite;
using CustomerService.Core.Storage;
using CustomerService.Core.Tickets;
using NodaTime;

const string Usage = "usage: migrate <file> | write <file> <prefix> <count> | node <schema> <node-id> <lease-ms> <until-unix-ms> <pause-ms>";
if (args.Length < 2)
{
    Console.Error.WriteLine(Usage);
    return 2;
}

switch (args[0])
{
    case "migrate":
    {
        using var store = new SqliteDocumentStore(new SqliteStorageOptions { ConnectionString = "Data Source=" + args[1] });
        await store.MigrateAsync();
        Console.WriteLine("migrated");
        return 0;
    }

    case "write" when args.Length == 4:
    {
        using var store = new SqliteDocumentStore(new SqliteStorageOptions { ConnectionString = "Data Source=" + args[1] });
        var clock = new SteppingClock();
        var service = new TicketService(new DocumentStorage(store).Tickets, new TicketLifecycle(new TicketOptions()), clock);
        var count = int.Parse(args[3], CultureInfo.InvariantCulture);
        var ids = Enumerable.Range(0, count).Select(i => new TicketId($"{args[2]}-{i}")).ToArray();
        foreach (var id in ids)
        {
            var opened = await service.OpenAsync(id, ContactChannel.Phone, TicketCategory.Inquiry, TicketPriority.Normal, "driver");
            Console.WriteLine($"ok {id} {opened.Version}");
            var assigned = await service.ExecuteAsync(id, new TicketCommand.Assign("agent-1"), "agent-1");
            Console.WriteLine($"ok {id} {assigned.Version}");
        }

        for (var i = 0; ; i++)
        {
            var id = ids[i % ids.Length];
            var ticket = await service.ExecuteAsync(id, new TicketCommand.AgentReply(), "agent-1");
            Console.WriteLine($"ok {id} {ticket.Version}");
        }
    }

    case "node" when args.Length == 6:
    {
        var connectionString = Environment.GetEnvironmentVariable("CUSTOMERSERVICE_POSTGRES")
            ?? throw new InvalidOperationException("CUSTOMERSERVICE_POSTGRES is not set.");
        await using var store = new PostgreSqlDocumentStore(new PostgreSqlStorageOptions { ConnectionString = connectionString, Schema = args[1] });
        var options = new DueWorkOptions { NodeId = args[2], LeaseDuration = Duration.FromMilliseconds(long.Parse(args[3], CultureInfo.InvariantCulture)) };
        var until = Instant.FromUnixTimeMilliseconds(long.Parse(args[4], CultureInfo.InvariantCulture));
        var pause = TimeSpan.FromMilliseconds(int.Parse(args[5], CultureInfo.InvariantCulture));
        var clock = SystemClock.Instance;
        var service = new TicketService(new DocumentStorage(store).Tickets, new TicketLifecycle(new TicketOptions()), clock, dueWork: options);
        var pausing = pause > TimeSpan.Zero ? new PausingStore(new DocumentStorage(store).Tickets, pause) : null;
        if (pausing is not null)
        {
            service = new TicketService(pausing, new TicketLifecycle(new TicketOptions()), clock, dueWork: options);
        }

        long changed = 0, failures = 0;
        while (true)
        {
            var now = clock.GetCurrentInstant();
            var report = await service.ProcessDueAsync(now, 100);
            changed += report.Changed.Count;
            failures += report.Failures.Count;
            foreach (var failure in report.Failures)
            {
                Console.Error.WriteLine($"failure {failure.EntityId}: {failure.Error.GetType().Name}: {failure.Error.Message}");
            }

            if (report.Listed > 0)
            {
                Console.WriteLine($"claimed {report.Listed}");
                continue;
            }

            if (now > until)
            {
                break;
            }

            await Task.Delay(20);
        }

        Console.WriteLine($"done {changed} {failures}");
        return 0;
    }

    default:
        Console.Error.WriteLine(Usage);
        return 2;
}

/// <summary>A clock that moves one second per reading, so every transition has its own instant.</summary>
internal sealed class SteppingClock : IClock
{
    private Instant _now = Instant.FromUtc(2026, 3, 2, 1, 0);

    public Instant GetCurrentInstant() => _now += Duration.FromSeconds(1);
}

/// <summary>A slow node: holds each claimed batch for a while before processing it (so a kill lands while it holds leases).</summary>
internal sealed class PausingStore(IEntityStore<Ticket> inner, TimeSpan pause) : IClaimableEntityStore<Ticket>
{
    private readonly IClaimableEntityStore<Ticket> _inner = (IClaimableEntityStore<Ticket>)inner;

    public async ValueTask<IReadOnlyList<DueEntity>> ClaimDueAsync(Instant dueAtOrBefore, int maxCount, string owner, Duration leaseDuration, CancellationToken cancellationToken = default)
    {
        var claimed = await _inner.ClaimDueAsync(dueAtOrBefore, maxCount, owner, leaseDuration, cancellationToken);
        if (claimed.Count > 0)
        {
            Console.WriteLine($"holding {claimed.Count}");
            await Task.Delay(pause, cancellationToken);
        }

        return claimed;
    }

    public ValueTask<StoredEntity<Ticket>?> FindAsync(string id, CancellationToken cancellationToken = default) => _inner.FindAsync(id, cancellationToken);

    public ValueTask SaveAsync(EntityChange<Ticket> change, CancellationToken cancellationToken = default) => _inner.SaveAsync(change, cancellationToken);

    public ValueTask<IReadOnlyList<DueEntity>> ListDueAsync(Instant dueAtOrBefore, int maxCount, CancellationToken cancellationToken = default) => _inner.ListDueAsync(dueAtOrBefore, maxCount, cancellationToken);

    public ValueTask<bool> DeferAsync(string id, ConcurrencyToken expectedToken, Instant nextDueAt, CancellationToken cancellationToken = default) => _inner.DeferAsync(id, expectedToken, nextDueAt, cancellationToken);
}
