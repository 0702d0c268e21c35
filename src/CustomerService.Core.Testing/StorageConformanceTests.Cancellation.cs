using CustomerService.Core.Storage;
using CustomerService.Core.Testing.Internal;
using NodaTime;

namespace CustomerService.Core.Testing;

/// <content>Cancellation: an already-cancelled token makes every method throw before anything is written.</content>
public abstract partial class StorageConformanceTests
{
    /// <summary>Gets the store and outbox methods the cancellation test calls.</summary>
    /// <value>The method names of <see cref="IEntityStore{TEntity}"/> and <see cref="IOutboxStore"/>.</value>
    public static TheoryData<string> StorageMethods => new()
    {
        nameof(IEntityStore<object>.FindAsync),
        nameof(IEntityStore<object>.FindManyAsync),
        nameof(IEntityStore<object>.SaveAsync),
        nameof(IEntityStore<object>.ListDueAsync),
        nameof(IEntityStore<object>.DeferAsync),
        nameof(IOutboxStore.ListDeliverableAsync),
        nameof(IOutboxStore.MarkDeliveredAsync),
        nameof(IOutboxStore.MarkFailedAsync),
        nameof(IOutboxStore.CountPendingAsync),
    };

    /// <summary>
    /// Every method called with an already-cancelled token throws <see cref="OperationCanceledException"/> and writes
    /// nothing, for every entity kind; the same call without cancellation then succeeds (nothing was half-done).
    /// </summary>
    /// <param name="method">The method to call.</param>
    /// <returns>A task that completes when the test has run.</returns>
    [Theory]
    [MemberData(nameof(StorageMethods), MemberType = typeof(StorageConformanceTests))]
    public virtual async Task EveryMethod_AlreadyCancelledToken_ThrowsAndWritesNothing(string method)
    {
        ArgumentNullException.ThrowIfNull(method);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        var token = cancelled.Token;
        foreach (var kind in KindSamples.All)
        {
            await using var storage = await OpenAsync();
            var store = kind.View(storage);
            var created = await CreateAsync(store, kind, "E-1", KindSamples.Start, entries: 1, messages: 2);
            var update = Update(kind, "E-1", created.Token, created.Entity, kind.Append(created.Entity, 1, KindSamples.Start, "agent-1"), KindSamples.Start + Duration.FromHours(1));
            var message = created.Messages[0].Id;
            var before = await ObserveAsync(storage, (kind.Kind, "E-1"));

            Func<CancellationToken, Task> call = method switch
            {
                nameof(IEntityStore<object>.FindAsync) => async ct => await store.FindAsync("E-1", ct),
                nameof(IEntityStore<object>.FindManyAsync) => async ct => await store.FindManyAsync(["E-1"], ct),
                nameof(IEntityStore<object>.SaveAsync) => async ct => await store.SaveAsync(update, ct),
                nameof(IEntityStore<object>.ListDueAsync) => async ct => await store.ListDueAsync(LatestInstant, 10, ct),
                nameof(IEntityStore<object>.DeferAsync) => async ct => Assert.True(await store.DeferAsync("E-1", created.Token, KindSamples.Start + Duration.FromMinutes(5), ct)),
                nameof(IOutboxStore.ListDeliverableAsync) => async ct => await storage.Outbox.ListDeliverableAsync(LatestInstant, 10, ct),
                nameof(IOutboxStore.MarkDeliveredAsync) => async ct => Assert.True(await storage.Outbox.MarkDeliveredAsync(message, ct)),
                nameof(IOutboxStore.MarkFailedAsync) => async ct => Assert.True(await storage.Outbox.MarkFailedAsync(message, 1, LatestInstant, "IOException", ct)),
                nameof(IOutboxStore.CountPendingAsync) => async ct => await storage.Outbox.CountPendingAsync(ct),
                _ => throw new ArgumentException($"Unknown storage method '{method}'.", nameof(method)),
            };

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call(token));
            await AssertUnchangedAsync(storage, before, (kind.Kind, "E-1"));

            await call(CancellationToken.None);
        }
    }
}
