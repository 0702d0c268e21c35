using CustomerService.Core.Storage;
using CustomerService.Core.Tickets;
using NodaTime;
using NodaTime.Testing;

namespace CustomerService.Core.Tests.Tickets;

public sealed class TicketConcurrencyTests
{
    [Fact]
    public async Task ExecuteAsync_EightThreadsOnOneTicket_EveryOperationCommitsOrConflictsAndHistoryHasOneEntryPerCommit()
    {
        const int Threads = 8;
        const int OperationsPerThread = 10_000;
        var storage = new InMemoryStorage();
        var store = storage.GetStore<Ticket>(TicketService.EntityKind);
        var service = new TicketService(store, new TicketLifecycle(new TicketOptions()), new FakeClock(TicketArbitraries.Start));
        var id = new TicketId("T-hot");
        await service.OpenAsync(id, ContactChannel.Phone, TicketCategory.TechnicalSupport, TicketPriority.Urgent, "ivr");
        await service.ExecuteAsync(id, new TicketCommand.Assign("agent-0"), "agent-0");

        var commits = new int[Threads];
        var conflicts = new int[Threads];
        var others = new int[Threads];
        using var start = new Barrier(Threads);
        var workers = Enumerable.Range(0, Threads).Select(n => Task.Factory.StartNew(
            () =>
            {
                start.SignalAndWait();
                var actor = "agent-" + n;
                for (var i = 0; i < OperationsPerThread; i++)
                {
                    try
                    {
                        service.ExecuteAsync(id, new TicketCommand.AgentReply(), actor).GetAwaiter().GetResult();
                        commits[n]++;
                    }
                    catch (ConcurrencyConflictException)
                    {
                        conflicts[n]++;
                    }
                    catch (Exception)
                    {
                        others[n]++;
                    }
                }
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default)).ToArray();
        await Task.WhenAll(workers);

        var ticket = (await store.GetAsync(id.Value))!;
        Assert.Equal(0, others.Sum());
        Assert.Equal(Threads * OperationsPerThread, commits.Sum() + conflicts.Sum());
        Assert.Equal(commits.Sum() + 1, ticket.History.Count);
        Assert.Equal(ticket.History.Count, ticket.Version);

        // Every commit wrote exactly one event with its state, and no conflicting save wrote one.
        Assert.Equal(commits.Sum() + 2, await storage.CountPendingAsync());
        for (var n = 0; n < Threads; n++)
        {
            Assert.Equal(commits[n], ticket.History.Count(h => h.Actor == "agent-" + n && h.Trigger == TicketTrigger.AgentReply));
        }
    }
}
