using System.Collections.Concurrent;
using CustomerService.Core.Storage;
using CustomerService.Core.Testing.Internal;
using NodaTime;

namespace CustomerService.Core.Testing;

/// <content>Concurrent writers: no lost or duplicated history, exactly one winner per token.</content>
public abstract partial class StorageConformanceTests
{
    /// <summary>
    /// <see cref="ConcurrentWriters"/> tasks each make <see cref="UpdatesPerWriter"/> updates of one entity, reloading and
    /// retrying on every conflict: the history holds each successful save's entry exactly once (each writer's in its own
    /// order), the token advanced once per save, and the outbox holds one message per save.
    /// </summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task SaveAsync_ConcurrentWritersWithRetry_LoseAndDuplicateNothing()
    {
        var writers = ConcurrentWriters;
        var updates = UpdatesPerWriter;
        ArgumentOutOfRangeException.ThrowIfLessThan(writers, 2, nameof(ConcurrentWriters));
        ArgumentOutOfRangeException.ThrowIfLessThan(updates, 1, nameof(UpdatesPerWriter));
        var kind = KindSamples.Tickets;
        await using var storage = await OpenAsync();
        var store = kind.View(storage);
        await CreateAsync(store, kind, "T-1", KindSamples.Start);

        await Task.WhenAll(Enumerable.Range(0, writers).Select(writer => Task.Run(async () =>
        {
            for (var i = 0; i < updates; i++)
            {
                var actor = $"w{writer}-{i}";
                while (true)
                {
                    var loaded = await store.GetAsync("T-1");
                    var next = kind.Append(loaded.Entity, 1, KindSamples.Start, actor);
                    try
                    {
                        await store.SaveAsync(Update(kind, "T-1", loaded.Token, loaded.Entity, next, KindSamples.Start + Duration.FromSeconds(i)));
                        break;
                    }
                    catch (ConcurrencyConflictException)
                    {
                        // Another writer saved first: reload and apply the update again.
                    }
                }
            }
        })));

        var total = writers * updates;
        var final = await store.GetAsync("T-1");
        var actors = kind.Actors(final.Entity);
        Assert.Equal(total, actors.Count);
        Assert.Equal(total, actors.Distinct(StringComparer.Ordinal).Count());
        for (var writer = 0; writer < writers; writer++)
        {
            var prefix = $"w{writer}-";
            Assert.Equal(Enumerable.Range(0, updates).Select(i => prefix + i), actors.Where(a => a.StartsWith(prefix, StringComparison.Ordinal)));
        }

        var token = ConcurrencyToken.Initial;
        for (var i = 0; i < total; i++)
        {
            token = token.Next();
        }

        Assert.Equal(token, final.Token);
        Assert.Equal(1 + total, await storage.Outbox.CountPendingAsync());
        var messages = await storage.Outbox.ListDeliverableAsync(KindSamples.Start, AllRows);
        Assert.Equal(1 + total, messages.Select(m => m.Id).Distinct(StringComparer.Ordinal).Count());
    }

    /// <summary>Many tasks creating the same id at once: exactly one succeeds, the others conflict, and only the winner's snapshot and messages are stored.</summary>
    /// <param name="entityKind">The entity kind.</param>
    /// <returns>A task that completes when the test has run.</returns>
    [Theory]
    [MemberData(nameof(EntityKinds), MemberType = typeof(StorageConformanceTests))]
    public virtual async Task SaveAsync_ConcurrentCreationsOfOneId_ExactlyOneWins(string entityKind)
    {
        var kind = Kind(entityKind);
        await using var storage = await OpenAsync();
        var store = kind.View(storage);
        var changes = Enumerable.Range(0, 16)
            .Select(i => Creation(kind, "E-1", kind.Append(kind.New("E-1", KindSamples.Start), i % 4, KindSamples.Start, $"agent-{i}"), KindSamples.Start + Duration.FromMinutes(i), messages: 1 + (i % 3)))
            .ToList();
        var winners = new ConcurrentBag<Change>();

        await Task.WhenAll(changes.Select(change => Task.Run(async () =>
        {
            try
            {
                await store.SaveAsync(change);
                winners.Add(change);
            }
            catch (ConcurrencyConflictException)
            {
                // Lost the race, as all but one must.
            }
        })));

        var winner = Assert.Single(winners);
        AssertStored(kind, winner, await store.FindAsync("E-1"));
        AssertMessages(winner.Messages, await storage.Outbox.ListDeliverableAsync(LatestInstant, AllRows));
    }

    /// <summary>A deferral and a save based on the same token, racing: exactly one of them is written, and the stored state is wholly the winner's.</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task DeferAsyncAndSaveAsync_RacingOnOneToken_ExactlyOneWins()
    {
        var kind = KindSamples.Complaints;
        await using var storage = await OpenAsync();
        var store = kind.View(storage);
        var current = await CreateAsync(store, kind, "C-1", KindSamples.Start);
        var (entity, token) = (current.Entity, current.Token);
        var messages = 1;
        for (var round = 0; round < 50; round++)
        {
            var next = kind.Append(entity, 1, KindSamples.Start, $"agent-{round}");
            var update = Update(kind, "C-1", token, entity, next, KindSamples.Start + Duration.FromHours(1));
            var deferTo = KindSamples.Start + Duration.FromMinutes(round);
            var save = Task.Run(async () =>
            {
                try
                {
                    await store.SaveAsync(update);
                    return true;
                }
                catch (ConcurrencyConflictException)
                {
                    return false;
                }
            });
            var defer = Task.Run(async () => await store.DeferAsync("C-1", token, deferTo));
            var (saved, deferred) = (await save, await defer);

            Assert.True(saved ^ deferred, "Exactly one write based on one token may succeed.");
            var loaded = await store.GetAsync("C-1");
            Assert.Equal(token.Next(), loaded.Token);
            if (saved)
            {
                AssertStored(kind, update, loaded);
                (entity, messages) = (next, messages + 1);
            }
            else
            {
                Assert.Equal(entity, loaded.Entity);
                Assert.Equal((deferTo, DueWork.Retry), (loaded.NextDueAt, loaded.Due));
            }

            token = loaded.Token;
        }

        Assert.Equal(messages, await storage.Outbox.CountPendingAsync());
    }

    /// <summary>Many dispatchers marking the same message delivered at once: exactly one call returns <see langword="true"/>.</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task MarkDeliveredAsync_ConcurrentCallsForOneMessage_ExactlyOneReturnsTrue()
    {
        var kind = KindSamples.Tickets;
        await using var storage = await OpenAsync();
        var created = await CreateAsync(kind.View(storage), kind, "T-1", messages: 20);

        foreach (var message in created.Messages)
        {
            var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(async () => await storage.Outbox.MarkDeliveredAsync(message.Id))));
            Assert.Single(results, r => r);
        }

        Assert.Equal(0, await storage.Outbox.CountPendingAsync());
    }
}
