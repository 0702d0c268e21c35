using System.Xml.Linq;
using CustomerService.Core.Routing;
using CustomerService.Core.Storage;
using CustomerService.Core.Tickets;
using NodaTime;
using NodaTime.Testing;

namespace CustomerService.Core.Tests.Routing;

/// <summary>The routing package's documentation promises, and what a failing command leaves behind.</summary>
public sealed class RoutingPackageTests
{
    [Fact]
    public void EveryPublicType_StatesItsThreadSafety()
    {
        var assembly = typeof(RoutingTable).Assembly;
        var documented = XDocument.Load(Path.ChangeExtension(assembly.Location, ".xml")).Descendants("member")
            .Where(m => m.Element("threadsafety") is not null)
            .Select(m => (string)m.Attribute("name")!)
            .ToHashSet(StringComparer.Ordinal);

        var missing = assembly.GetExportedTypes().Select(t => "T:" + t.FullName!.Replace('+', '.')).Where(id => !documented.Contains(id)).ToList();

        Assert.True(assembly.GetExportedTypes().Length > 20, "the package's public types were not found");
        Assert.True(missing.Count == 0, "Public types without <threadsafety>: " + string.Join(", ", missing));
    }

    [Fact]
    public void Package_DependsOnlyOnTheCore()
    {
        var referenced = typeof(RoutingTable).Assembly.GetReferencedAssemblies().Select(a => a.Name!)
            .Where(n => !n.StartsWith("System", StringComparison.Ordinal) && n != "netstandard")
            .ToList();

        // The core and what the core itself depends on: no package of its own (the nuspec check in .ci/run agrees).
        Assert.Contains("CustomerService.Core", referenced);
        Assert.All(referenced, name => Assert.Contains(name, new[] { "CustomerService.Core", "Microsoft.Extensions.DependencyInjection.Abstractions", "Microsoft.Extensions.Options", "NodaTime" }));
    }

    [Fact]
    public async Task Open_TicketCommandFails_ReleasesTheClaim()
    {
        var table = SmallTable.Create(RoutingStrategy.LeastOpenWork, sticky: false, [(1, 0, 0)]);
        var board = new AgentBoard(table);
        var clock = new FakeClock(SmallTable.Now);
        var storage = new InMemoryStorage();
        var tickets = new FailingAssign(new TicketService(storage.GetStore<Ticket>(TicketService.EntityKind), new TicketLifecycle(new TicketOptions()), clock));
        var service = new RoutingService(table, tickets, board, clock);

        await Assert.ThrowsAsync<InvalidOperationException>(() => service.OpenAsync(new TicketId("T-1"), ContactChannel.Phone, TicketCategory.Inquiry, SmallTable.Facts(table), CustomerAffinity.None));

        Assert.Equal(0, board.GetOpenWork("a00"));
        Assert.Equal(TicketState.New, (await tickets.FindAsync(new TicketId("T-1")))!.State);
    }

    [Fact]
    public async Task Open_ShortFactsRow_ThrowsAndOpensNothing()
    {
        var table = SmallTable.Create(RoutingStrategy.LeastOpenWork, sticky: false, [(1, 0, 0)]);
        var clock = new FakeClock(SmallTable.Now);
        var storage = new InMemoryStorage();
        var tickets = new TicketService(storage.GetStore<Ticket>(TicketService.EntityKind), new TicketLifecycle(new TicketOptions()), clock);
        var board = new AgentBoard(table);
        var service = new RoutingService(table, tickets, board, clock);

        var e = await Assert.ThrowsAsync<ArgumentException>(() => service.OpenAsync(new TicketId("T-1"), ContactChannel.Phone, TicketCategory.Inquiry, Array.Empty<global::CustomerService.Core.Leads.FactValue>(), CustomerAffinity.None));

        Assert.Equal("facts", e.ParamName);
        Assert.Null(await tickets.FindAsync(new TicketId("T-1")));
        Assert.Equal(0, board.GetOpenWork("a00"));
    }

    [Fact]
    public void Constructors_NullArguments_ThrowNamingThem()
    {
        var table = SmallTable.Create(RoutingStrategy.LeastOpenWork, sticky: false, [(1, 0, 0)]);
        var clock = new FakeClock(SmallTable.Now);
        var tickets = new TicketService(new InMemoryStorage().GetStore<Ticket>(TicketService.EntityKind), new TicketLifecycle(new TicketOptions()), clock);

        Assert.Equal("table", Assert.Throws<ArgumentNullException>(() => new RoutingService(null!, tickets, new AgentBoard(table), clock)).ParamName);
        Assert.Equal("availability", Assert.Throws<ArgumentNullException>(() => new RoutingService(table, tickets, null!, clock)).ParamName);
        Assert.Equal("table", Assert.Throws<ArgumentNullException>(() => new AgentBoard(null!)).ParamName);
        Assert.Equal("table", Assert.Throws<ArgumentException>(() => new AgentBoard(table).GetStatuses(SmallTable.Create(RoutingStrategy.RoundRobin, false, [(1, 0, 0)]), SmallTable.Now, new AgentStatus[2])).ParamName);
    }

    /// <summary>A ticket service whose assignments fail (a store error after the agent was claimed).</summary>
    private sealed class FailingAssign(ITicketService inner) : ITicketService
    {
        public Task<Ticket> OpenAsync(TicketId id, ContactChannel channel, TicketCategory category, TicketPriority priority, string actor, CancellationToken cancellationToken = default) =>
            inner.OpenAsync(id, channel, category, priority, actor, cancellationToken);

        public Task<Ticket> ExecuteAsync(TicketId id, TicketCommand command, string actor, CancellationToken cancellationToken = default) =>
            command is TicketCommand.Assign ? throw new InvalidOperationException("store down") : inner.ExecuteAsync(id, command, actor, cancellationToken);

        public Task<Ticket?> FindAsync(TicketId id, CancellationToken cancellationToken = default) => inner.FindAsync(id, cancellationToken);

        public Task<IReadOnlyList<TicketTrigger>> GetPermittedTriggersAsync(TicketId id, CancellationToken cancellationToken = default) => inner.GetPermittedTriggersAsync(id, cancellationToken);

        public Task<DueWorkReport<Ticket>> ProcessDueAsync(Instant now, int maxCount = 100, CancellationToken cancellationToken = default) => inner.ProcessDueAsync(now, maxCount, cancellationToken);
    }
}
