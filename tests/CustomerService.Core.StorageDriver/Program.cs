// Drives a SQLite store from its own process, for the tests that start several processes or kill one mid-write.
//   migrate <file>                 migrate the schema, print "migrated"
//   write <file> <prefix> <count>  open tickets and apply transitions forever (count tickets round-robin), printing
//                                  "ok <ticket> <version>" after each committed save; the test kills the process.
using CustomerService.Core;
using CustomerService.Core.Persistence;
using CustomerService.Core.Sqlite;
using CustomerService.Core.Tickets;
using NodaTime;

if (args.Length < 2)
{
    Console.Error.WriteLine("usage: migrate <file> | write <file> <prefix> <count>");
    return 2;
}

using var store = new SqliteDocumentStore(new SqliteStorageOptions { ConnectionString = "Data Source=" + args[1] });
switch (args[0])
{
    case "migrate":
        await store.MigrateAsync();
        Console.WriteLine("migrated");
        return 0;

    case "write" when args.Length == 4:
        var clock = new SteppingClock();
        var service = new TicketService(new DocumentStorage(store).Tickets, new TicketLifecycle(new TicketOptions()), clock);
        var count = int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture);
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

    default:
        Console.Error.WriteLine("usage: migrate <file> | write <file> <prefix> <count>");
        return 2;
}

/// <summary>A clock that moves one second per reading, so every transition has its own instant.</summary>
internal sealed class SteppingClock : IClock
{
    private Instant _now = Instant.FromUtc(2026, 3, 2, 1, 0);

    public Instant GetCurrentInstant() => _now += Duration.FromSeconds(1);
}
