using System.Collections.Concurrent;
using System.Diagnostics;
using CustomerService.Core.Storage;
using CustomerService.Core.Testing.Internal;
using NodaTime;

namespace CustomerService.Core.Testing;

/// <content>Claims for several nodes (<see cref="SupportsClaims"/>): exclusive leases, expiry and hand-over, completion under the lease, per-entity outbox order across owners.</content>
public abstract partial class StorageConformanceTests
{
    private const string OwnerA = "node-a/1";
    private const string OwnerB = "node-b/2";
    private static readonly Duration LongLease = Duration.FromMinutes(10);

    /// <summary>A claim takes the due entities in order, at most <c>maxCount</c>, replaces each one's token, and leaves the undue and the already claimed ones for others.</summary>
    /// <param name="entityKind">The entity kind.</param>
    /// <returns>A task that completes when the test has run.</returns>
    [Theory]
    [MemberData(nameof(EntityKinds), MemberType = typeof(StorageConformanceTests))]
    public virtual async Task ClaimDueAsync_DueEntities_ClaimsInOrderReplacingTokensAndExcludesLeased(string entityKind)
    {
        var kind = Kind(entityKind);
        var t = KindSamples.Start;
        await using var storage = await OpenAsync();
        if (!ClaimsSupported(storage))
        {
            return;
        }

        var store = kind.View(storage);
        await CreateAsync(store, kind, "E-3", t + Duration.FromMinutes(3));
        await CreateAsync(store, kind, "E-1", t + Duration.FromMinutes(1));
        await CreateAsync(store, kind, "E-2", t + Duration.FromMinutes(1));
        await CreateAsync(store, kind, "E-later", t + Duration.FromHours(5));
        await CreateAsync(store, kind, "E-none");

        var first = await store.ClaimDueAsync(t + Duration.FromHours(1), 2, OwnerA, LongLease);

        var next = ConcurrencyToken.Initial.Next();
        Assert.Equal([new DueEntity("E-1", next, t + Duration.FromMinutes(1), DueWork.SlaChange), new DueEntity("E-2", next, t + Duration.FromMinutes(1), DueWork.SlaChange)], first);
        Assert.Equal(next, (await store.GetAsync("E-1")).Token);
        Assert.Equal(["E-1", "E-2", "E-3"], (await store.ListDueAsync(t + Duration.FromHours(1), 10)).Select(d => d.Id));
        Assert.Equal([new DueEntity("E-3", next, t + Duration.FromMinutes(3), DueWork.SlaChange)], await store.ClaimDueAsync(t + Duration.FromHours(1), 10, OwnerB, LongLease));
        Assert.Empty(await store.ClaimDueAsync(t + Duration.FromHours(1), 10, OwnerA, LongLease));
        Assert.Empty(await store.ClaimDueAsync(t + Duration.FromHours(1), 0, OwnerB, LongLease));
        Assert.Equal(ConcurrencyToken.Initial, (await store.GetAsync("E-later")).Token);
    }

    /// <summary>An entity leased to one owner is claimed by another only after the lease expired (not before), with a new token; the first owner's completion then conflicts and writes nothing.</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task ClaimDueAsync_AfterTheLeaseExpires_HandsOverAndTheStaleCompletionConflicts()
    {
        var kind = KindSamples.Tickets;
        var t = KindSamples.Start;
        await using var storage = await OpenAsync();
        if (!ClaimsSupported(storage))
        {
            return;
        }

        var store = kind.View(storage);
        var created = await CreateAsync(store, kind, "T-1", t);
        var clock = Stopwatch.StartNew();
        var claimedByA = Assert.Single(await store.ClaimDueAsync(t, 10, OwnerA, ShortLease));
        Assert.Empty(await store.ClaimDueAsync(t, 10, OwnerB, ShortLease));

        IReadOnlyList<DueEntity> claimedByB;
        while ((claimedByB = await store.ClaimDueAsync(t, 10, OwnerB, LongLease)).Count == 0)
        {
            Assert.True(clock.Elapsed < ShortLease.ToTimeSpan() * 20, "The expired lease was never handed over.");
            await Task.Delay(50);
        }

        Assert.True(clock.Elapsed >= ShortLease.ToTimeSpan() - TimeSpan.FromMilliseconds(50), $"Claimed again after {clock.Elapsed}, before the {ShortLease} lease expired.");
        Assert.Equal(claimedByA.Token.Next(), Assert.Single(claimedByB).Token);
        var before = await ObserveAsync(storage, (kind.Kind, "T-1"));

        var stale = Update(kind, "T-1", claimedByA.Token, created.Entity, kind.Append(created.Entity, 1, t, "due-work"), t + Duration.FromHours(1)) with { ClaimOwner = OwnerA };
        await AssertConflictAsync(kind.Kind, "T-1", claimedByA.Token, async () => await store.SaveAsync(stale));
        await AssertUnchangedAsync(storage, before, (kind.Kind, "T-1"));

        var completed = Update(kind, "T-1", claimedByB[0].Token, created.Entity, kind.Append(created.Entity, 1, t, "due-work"), t + Duration.FromHours(1)) with { ClaimOwner = OwnerB };
        await store.SaveAsync(completed);
        AssertStored(kind, completed, await store.FindAsync("T-1"));
    }

    /// <summary>Completing after the lease expired, even when nobody took the entity over, throws <see cref="LeaseExpiredException"/> and writes nothing; so does completing under another owner's name.</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task SaveAsync_CompletingWithoutAnUnexpiredLease_ThrowsLeaseExpiredAndWritesNothing()
    {
        var kind = KindSamples.Complaints;
        var t = KindSamples.Start;
        await using var storage = await OpenAsync();
        if (!ClaimsSupported(storage))
        {
            return;
        }

        var store = kind.View(storage);
        var created = await CreateAsync(store, kind, "C-1", t);
        var claimed = Assert.Single(await store.ClaimDueAsync(t, 10, OwnerA, ShortLease));
        var next = kind.Append(created.Entity, 1, t, "due-work");
        var before = await ObserveAsync(storage, (kind.Kind, "C-1"));

        var byOther = await Assert.ThrowsAsync<LeaseExpiredException>(async () =>
            await store.SaveAsync(Update(kind, "C-1", claimed.Token, created.Entity, next, t + Duration.FromHours(1)) with { ClaimOwner = OwnerB }));
        Assert.Equal((kind.Kind, "C-1", OwnerB), (byOther.Kind, byOther.Id, byOther.Owner));

        await Task.Delay(ShortLease.ToTimeSpan() + TimeSpan.FromMilliseconds(300));
        var expired = await Assert.ThrowsAsync<LeaseExpiredException>(async () =>
            await store.SaveAsync(Update(kind, "C-1", claimed.Token, created.Entity, next, t + Duration.FromHours(1)) with { ClaimOwner = OwnerA }));
        Assert.Equal((kind.Kind, "C-1", OwnerA), (expired.Kind, expired.Id, expired.Owner));
        await AssertUnchangedAsync(storage, before, (kind.Kind, "C-1"));
    }

    /// <summary>Completing under the unexpired lease writes the change and clears the lease: if the entity is still due, any owner may claim it at once.</summary>
    /// <param name="entityKind">The entity kind.</param>
    /// <returns>A task that completes when the test has run.</returns>
    [Theory]
    [MemberData(nameof(EntityKinds), MemberType = typeof(StorageConformanceTests))]
    public virtual async Task SaveAsync_CompletingUnderTheLease_WritesAndClearsTheLease(string entityKind)
    {
        var kind = Kind(entityKind);
        var t = KindSamples.Start;
        await using var storage = await OpenAsync();
        if (!ClaimsSupported(storage))
        {
            return;
        }

        var store = kind.View(storage);
        var created = await CreateAsync(store, kind, "E-1", t);
        var claimed = Assert.Single(await store.ClaimDueAsync(t, 10, OwnerA, LongLease));

        var completed = Update(kind, "E-1", claimed.Token, created.Entity, kind.Append(created.Entity, 1, t, "due-work"), t, due: DueWork.HoldDeadline) with { ClaimOwner = OwnerA };
        await store.SaveAsync(completed);

        AssertStored(kind, completed, await store.FindAsync("E-1"));
        Assert.Equal([new DueEntity("E-1", completed.Token.Next(), t, DueWork.HoldDeadline)], await store.ClaimDueAsync(t, 10, OwnerB, LongLease));
    }

    /// <summary>A plain save (a user's command) and a deferral of a claimed entity are guarded by the token alone, and clear the lease.</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task SaveAsyncAndDeferAsync_OnAClaimedEntity_SucceedByTokenAndClearTheLease()
    {
        var kind = KindSamples.Callbacks;
        var t = KindSamples.Start;
        await using var storage = await OpenAsync();
        if (!ClaimsSupported(storage))
        {
            return;
        }

        var store = kind.View(storage);
        var created = await CreateAsync(store, kind, "B-1", t);
        var claimed = Assert.Single(await store.ClaimDueAsync(t, 10, OwnerA, LongLease));

        // A claim is a write: the token loaded before it is stale.
        var next = kind.Append(created.Entity, 1, t, "agent-1");
        await AssertConflictAsync(kind.Kind, "B-1", created.Token, async () => await store.SaveAsync(Update(kind, "B-1", created.Token, created.Entity, next, t)));

        var command = Update(kind, "B-1", claimed.Token, created.Entity, next, t);
        await store.SaveAsync(command);
        var reclaimed = Assert.Single(await store.ClaimDueAsync(t, 10, OwnerB, LongLease));
        Assert.Equal(command.Token.Next(), reclaimed.Token);

        Assert.True(await store.DeferAsync("B-1", reclaimed.Token, t + Duration.FromMinutes(5)));
        Assert.Empty(await store.ClaimDueAsync(t, 10, OwnerA, LongLease));
        Assert.Equal([new DueEntity("B-1", reclaimed.Token.Next().Next(), t + Duration.FromMinutes(5), DueWork.Retry)], await store.ClaimDueAsync(t + Duration.FromMinutes(5), 10, OwnerA, LongLease));
    }

    /// <summary>Eight claimers taking small batches at once until nothing is left: every due entity is claimed exactly once.</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task ClaimDueAsync_ConcurrentClaimers_NeverReceiveTheSameEntity()
    {
        var kind = KindSamples.Tickets;
        var t = KindSamples.Start;
        await using var storage = await OpenAsync();
        if (!ClaimsSupported(storage))
        {
            return;
        }

        var store = kind.View(storage);
        var ids = Enumerable.Range(0, 240).Select(i => $"T-{i:D3}").ToList();
        foreach (var id in ids)
        {
            await CreateAsync(store, kind, id, t + Duration.FromSeconds(ids.Count - int.Parse(id.AsSpan(2), provider: null)));
        }

        var claimed = new ConcurrentBag<(string Owner, string Id)>();
        await Task.WhenAll(Enumerable.Range(0, 8).Select(claimer => Task.Run(async () =>
        {
            var owner = $"node-{claimer}";
            IReadOnlyList<DueEntity> batch;
            while ((batch = await store.ClaimDueAsync(t + Duration.FromHours(1), 7, owner, LongLease)).Count > 0)
            {
                foreach (var entry in batch)
                {
                    claimed.Add((owner, entry.Id));
                }
            }
        })));

        Assert.Equal(ids, claimed.Select(c => c.Id).Order(StringComparer.Ordinal));
        Assert.All(await store.ListDueAsync(t + Duration.FromHours(1), 1000), d => Assert.Equal(ConcurrencyToken.Initial.Next(), d.Token));
    }

    /// <summary>Bad claim arguments throw the <see cref="ArgumentException"/> family and claim nothing.</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task Claims_BadArguments_ThrowArgumentExceptionsAndClaimNothing()
    {
        var kind = KindSamples.Tickets;
        var t = KindSamples.Start;
        await using var storage = await OpenAsync();
        if (!ClaimsSupported(storage))
        {
            return;
        }

        var store = kind.View(storage);
        var outbox = (IClaimableOutboxStore)storage.Outbox;
        await CreateAsync(store, kind, "T-1", t);

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await store.ClaimDueAsync(t, -1, OwnerA, LongLease));
        await Assert.ThrowsAsync<ArgumentNullException>(async () => await store.ClaimDueAsync(t, 1, null!, LongLease));
        await Assert.ThrowsAsync<ArgumentException>(async () => await store.ClaimDueAsync(t, 1, " ", LongLease));
        await Assert.ThrowsAsync<ArgumentException>(async () => await store.ClaimDueAsync(t, 1, new string('n', 201), LongLease));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await store.ClaimDueAsync(t, 1, OwnerA, Duration.Zero));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await outbox.ClaimDeliverableAsync(t, -1, OwnerA, LongLease));
        await Assert.ThrowsAsync<ArgumentNullException>(async () => await outbox.ClaimDeliverableAsync(t, 1, null!, LongLease));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await outbox.ClaimDeliverableAsync(t, 1, OwnerA, -Duration.Epsilon));
        await Assert.ThrowsAsync<ArgumentNullException>(async () => await outbox.MarkClaimedDeliveredAsync(null!, OwnerA));
        await Assert.ThrowsAsync<ArgumentNullException>(async () => await outbox.MarkClaimedDeliveredAsync("x", null!));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await outbox.MarkClaimedFailedAsync("x", OwnerA, 0, t, "E"));
        using (var cancelled = new CancellationTokenSource())
        {
            await cancelled.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await store.ClaimDueAsync(t, 1, OwnerA, LongLease, cancelled.Token));
            await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await outbox.ClaimDeliverableAsync(t, 1, OwnerA, LongLease, cancelled.Token));
        }

        Assert.Single(await store.ClaimDueAsync(t, 1, OwnerA, LongLease));
        Assert.Single(await outbox.ClaimDeliverableAsync(t, 10, OwnerA, LongLease));
    }

    /// <summary>
    /// Two owners claiming the outbox: an entity's messages go to one owner, in order; a later message of an entity whose
    /// earlier one is leased (or backing off) is not claimable; once the earlier ones are delivered, the rest are.
    /// </summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task ClaimDeliverableAsync_TwoOwners_KeepEachEntityStreamInOrder()
    {
        var kind = KindSamples.Tickets;
        var t = KindSamples.Start;
        await using var storage = await OpenAsync();
        if (!ClaimsSupported(storage))
        {
            return;
        }

        var store = kind.View(storage);
        var outbox = (IClaimableOutboxStore)storage.Outbox;
        var e1 = await CreateAsync(store, kind, "T-1", messages: 3);
        var e2 = await CreateAsync(store, kind, "T-2", messages: 2);
        var e3 = await CreateAsync(store, kind, "T-3", messages: 1);

        var byA = await outbox.ClaimDeliverableAsync(t, 2, OwnerA, LongLease);
        Assert.Equal(e1.Messages.Take(2).Select(m => m.Id), byA.Select(m => m.Id));

        // T-1's third message waits behind the two A holds; T-2 and T-3 are free.
        var byB = await outbox.ClaimDeliverableAsync(t, 10, OwnerB, LongLease);
        Assert.Equal(e2.Messages.Concat(e3.Messages).Select(m => m.Id), byB.Select(m => m.Id));
        Assert.Empty(await outbox.ClaimDeliverableAsync(t, 10, OwnerB, LongLease));

        Assert.True(await outbox.MarkClaimedDeliveredAsync(byA[0].Id, OwnerA));
        Assert.Empty(await outbox.ClaimDeliverableAsync(t, 10, OwnerB, LongLease));
        Assert.True(await outbox.MarkClaimedDeliveredAsync(byA[1].Id, OwnerA));
        var rest = await outbox.ClaimDeliverableAsync(t, 10, OwnerB, LongLease);
        Assert.Equal([e1.Messages[2].Id], rest.Select(m => m.Id));

        // Settling a message one does not hold is refused and changes nothing; settling it again after delivery is false.
        await Assert.ThrowsAsync<LeaseExpiredException>(async () => await outbox.MarkClaimedDeliveredAsync(rest[0].Id, OwnerA));
        Assert.True(await outbox.MarkClaimedDeliveredAsync(rest[0].Id, OwnerB));
        Assert.False(await outbox.MarkClaimedDeliveredAsync(rest[0].Id, OwnerB));
        Assert.Equal(3, await outbox.CountPendingAsync());
    }

    /// <summary>
    /// A claimed message that fails is held back with its entity's later messages (the owner's leases on them are
    /// released), and is claimable again, first, at its retry instant; another entity is not held.
    /// </summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task MarkClaimedFailedAsync_ClaimedMessageFails_HoldsItsEntityUntilTheRetryAndReleasesLaterMessages()
    {
        var kind = KindSamples.Tickets;
        var t = KindSamples.Start;
        await using var storage = await OpenAsync();
        if (!ClaimsSupported(storage))
        {
            return;
        }

        var store = kind.View(storage);
        var outbox = (IClaimableOutboxStore)storage.Outbox;
        var e1 = await CreateAsync(store, kind, "T-1", messages: 2);
        var claimed = await outbox.ClaimDeliverableAsync(t, 10, OwnerA, LongLease);
        Assert.Equal(2, claimed.Count);

        Assert.True(await outbox.MarkClaimedFailedAsync(claimed[0].Id, OwnerA, 1, t + Duration.FromMinutes(1), "SinkDown"));
        var e2 = await CreateAsync(store, kind, "T-2", messages: 1);
        Assert.Equal(e2.Messages.Select(m => m.Id), (await outbox.ClaimDeliverableAsync(t, 10, OwnerB, LongLease)).Select(m => m.Id));

        var retried = await outbox.ClaimDeliverableAsync(t + Duration.FromMinutes(1), 10, OwnerB, LongLease);
        Assert.Equal(e1.Messages.Select(m => m.Id), retried.Select(m => m.Id));
        Assert.Equal((1, "SinkDown", (Instant?)(t + Duration.FromMinutes(1))), (retried[0].Attempts, retried[0].LastError, retried[0].NextAttemptAt));
    }

    /// <summary>A claimed message whose lease expired cannot be settled by its first owner (typed, nothing written); another owner claims and delivers it, with the same id.</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task MarkClaimedDeliveredAsync_AfterTheLeaseExpired_ThrowsAndTheMessageIsReclaimed()
    {
        var kind = KindSamples.Tickets;
        var t = KindSamples.Start;
        await using var storage = await OpenAsync();
        if (!ClaimsSupported(storage))
        {
            return;
        }

        var outbox = (IClaimableOutboxStore)storage.Outbox;
        var created = await CreateAsync(kind.View(storage), kind, "T-1", messages: 1);
        var claimed = Assert.Single(await outbox.ClaimDeliverableAsync(t, 10, OwnerA, ShortLease));
        Assert.Empty(await outbox.ClaimDeliverableAsync(t, 10, OwnerB, LongLease));

        await Task.Delay(ShortLease.ToTimeSpan() + TimeSpan.FromMilliseconds(300));
        var error = await Assert.ThrowsAsync<LeaseExpiredException>(async () => await outbox.MarkClaimedDeliveredAsync(claimed.Id, OwnerA));
        Assert.Equal((claimed.Id, OwnerA), (error.Id, error.Owner));
        await Assert.ThrowsAsync<LeaseExpiredException>(async () => await outbox.MarkClaimedFailedAsync(claimed.Id, OwnerA, 1, t, "Late"));
        Assert.Equal(1, await outbox.CountPendingAsync());

        var again = Assert.Single(await outbox.ClaimDeliverableAsync(t, 10, OwnerB, LongLease));
        Assert.Equal((created.Messages[0].Id, 0), (again.Id, again.Attempts));
        Assert.True(await outbox.MarkClaimedDeliveredAsync(again.Id, OwnerB));
        Assert.False(await outbox.MarkClaimedDeliveredAsync(again.Id, OwnerA));
    }

    /// <summary>Eight dispatchers claiming and delivering at once: every message is delivered exactly once, and each entity's messages in writing order.</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task ClaimDeliverableAsync_ConcurrentDispatchers_DeliverEachMessageOnceInEntityOrder()
    {
        var kind = KindSamples.Complaints;
        var t = KindSamples.Start;
        await using var storage = await OpenAsync();
        if (!ClaimsSupported(storage))
        {
            return;
        }

        var outbox = (IClaimableOutboxStore)storage.Outbox;
        var store = kind.View(storage);
        var written = new List<OutboxMessage>();
        for (var i = 0; i < 60; i++)
        {
            written.AddRange((await CreateAsync(store, kind, $"C-{i:D2}", messages: 1 + (i % 3))).Messages);
        }

        var delivered = new ConcurrentQueue<(long Order, string Id)>();
        long order = 0;
        await Task.WhenAll(Enumerable.Range(0, 8).Select(dispatcher => Task.Run(async () =>
        {
            var owner = $"dispatcher-{dispatcher}";
            for (var idle = 0; idle < 20;)
            {
                var batch = await outbox.ClaimDeliverableAsync(t, 5, owner, LongLease);
                idle = batch.Count == 0 ? idle + 1 : 0;
                foreach (var message in batch)
                {
                    delivered.Enqueue((Interlocked.Increment(ref order), message.Id));
                    Assert.True(await outbox.MarkClaimedDeliveredAsync(message.Id, owner));
                }

                if (batch.Count == 0)
                {
                    await Task.Delay(5);
                }
            }
        })));

        Assert.Equal(written.Select(m => m.Id).Order(StringComparer.Ordinal), delivered.Select(d => d.Id).Order(StringComparer.Ordinal));
        var position = delivered.ToDictionary(d => d.Id, d => d.Order, StringComparer.Ordinal);
        foreach (var entity in written.GroupBy(m => m.EntityId))
        {
            Assert.Equal(entity.Select(m => m.Id), entity.OrderBy(m => position[m.Id]).Select(m => m.Id));
        }

        Assert.Equal(0, await outbox.CountPendingAsync());
    }

    /// <summary>Tells whether to run a claim test; without <see cref="SupportsClaims"/>, checks that the stores do not advertise claims.</summary>
    private bool ClaimsSupported(ConformanceStorage storage)
    {
        var claimable = KindSamples.All.Select(k => k.View(storage).IsClaimable).Append(storage.Outbox is IClaimableOutboxStore).ToList();
        if (!SupportsClaims)
        {
            // The services take the claim path whenever a store implements the interfaces: an adapter that does so must pass these tests.
            Assert.All(claimable, c => Assert.False(c, "The storage implements the claim interfaces, but SupportsClaims is false: return true from SupportsClaims so the kit checks them."));
            return false;
        }

        Assert.All(claimable, c => Assert.True(c, "SupportsClaims is true, but a store does not implement IClaimableEntityStore<T> / IClaimableOutboxStore."));
        return true;
    }
}
