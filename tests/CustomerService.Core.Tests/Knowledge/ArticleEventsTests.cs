using CustomerService.Core.Knowledge;
using CustomerService.Core.Storage;
using CustomerService.Core.Testing;
using FsCheck.Xunit;
using NodaTime;
using NodaTime.Testing;
using static CustomerService.Core.Tests.Knowledge.KnowledgeDesk;

namespace CustomerService.Core.Tests.Knowledge;

/// <summary>The article service's events: one per committed save, in the outbox exactly when the article is, whatever fails.</summary>
public sealed class ArticleEventsTests
{
    private static readonly ArticleCommand[] Commands =
    [
        new ArticleCommand.Edit("Q", "cms://q"), new ArticleCommand.Submit(), new ArticleCommand.Approve(), new ArticleCommand.RequestChanges("unclear"),
        new ArticleCommand.ReviewDue(), new ArticleCommand.Confirm(), new ArticleCommand.Retire("gone"), new ArticleCommand.ChangeOwner("agent-other"),
    ];

    private static readonly string[] Actors = ["agent-writer", "agent-reviewer", "agent-owner"];

    /// <summary>
    /// Random commands, each save failing before its commit, after it, or not at all: the outbox holds the creation's event
    /// and one transition event per stored history entry, equal to it, in order, with the ids of the writes that stored them.
    /// </summary>
    [Property(MaxTest = 200)]
    public async Task RandomCommandsAndSaveFaults_Meets_Specification(int[] picks)
    {
        var storage = new InMemoryStorage();
        var clock = new FakeClock(Monday);
        var store = new FaultInjectingEntityStore<Article>(KnowledgeStorage.GetArticleStore(storage));
        var service = new ArticleService(store, Lifecycle, clock);
        await service.CreateAsync(Sample(), "agent-writer");
        var committed = 1;
        foreach (var pick in picks ?? [])
        {
            var value = pick & int.MaxValue;
            var command = Commands[value % Commands.Length];
            var actor = Actors[value / Commands.Length % Actors.Length];
            var fault = value / 24 % 3; // 0: none, 1: before the commit, 2: after it
            clock.Advance(Duration.FromDays(value % 30));
            var before = (await store.Inner.FindAsync("KB-1"))!.Entity;
            if (command is ArticleCommand.ChangeOwner && before.OwnerId == "agent-other")
            {
                command = new ArticleCommand.ChangeOwner("agent-owner");
            }

            if (fault > 0)
            {
                store.FailSave(fault == 1 ? FaultTiming.BeforeCall : FaultTiming.AfterCall);
            }

            try
            {
                await service.ExecuteAsync("KB-1", command, actor);
            }
            catch (Exception e) when (e is InvalidTransitionException<ArticleState, ArticleTrigger> or InjectedFaultException)
            {
            }

            store.ClearFaults();
            var after = (await store.Inner.FindAsync("KB-1"))!.Entity;
            committed += after.Version > before.Version ? 1 : 0;
        }

        var stored = (await store.Inner.FindAsync("KB-1"))!;
        var messages = await storage.ListDeliverableAsync(Instant.MaxValue, 10_000);
        Assert.Equal(committed, messages.Count);
        Assert.Equal(stored.Entity.Version + 1, messages.Count);
        Assert.IsType<ArticleCreated>(messages[0].Event);
        Assert.Equal(stored.Entity.History, messages.Skip(1).Select(m => Assert.IsType<ArticleTransitioned>(m.Event).Transition));
        Assert.Equal(Enumerable.Range(1, messages.Count).Select(token => $"Article/KB-1/{token}/0"), messages.Select(m => m.Id));
        Assert.Equal($"Article/KB-1/{stored.Token.Value}/0", messages[^1].Event.Id);
    }

    [Fact]
    public async Task ProcessDueAsync_NothingDue_WritesNoEvent()
    {
        var storage = new InMemoryStorage();
        var service = new ArticleService(KnowledgeStorage.GetArticleStore(storage), Lifecycle, new FakeClock(Monday));
        await service.CreateAsync(Sample(), "agent-writer");
        await service.ExecuteAsync("KB-1", new ArticleCommand.Submit(), "agent-writer");
        var published = await service.ExecuteAsync("KB-1", new ArticleCommand.Approve(), "agent-reviewer");

        var early = await service.ProcessDueAsync(published.ReviewDueAt!.Value - Duration.FromTicks(1));

        Assert.Empty(early.Changed);
        Assert.Equal(3, await storage.CountPendingAsync());
    }
}
