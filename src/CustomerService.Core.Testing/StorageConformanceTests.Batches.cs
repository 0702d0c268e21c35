using System.Collections.Concurrent;
using CustomerService.Core.Storage;
using CustomerService.Core.Testing.Internal;
using NodaTime;

namespace CustomerService.Core.Testing;

/// <content>
/// Batches: <see cref="IEntityStore{TEntity}.FindManyAsync"/> answers each slot as <see cref="IEntityStore{TEntity}.FindAsync"/>
/// would, and <see cref="IClaimableEntityStore{TEntity}.CompleteClaimsAsync"/> (<see cref="SupportsClaims"/>) writes or
/// refuses each change of a claimed batch on its own. Both members are optional for an adapter (their default
/// implementations call the single-entity members); these tests hold whichever implementation the store has.
/// </content>
public abstract partial class StorageConformanceTests
{
    /// <summary>A batch read answers each slot, in order, as a single read would: stored entities (history read after later appends included), <see langword="null"/> for unknown ids, repeated ids twice.</summary>
    /// <param name="entityKind">The entity kind.</param>
    /// <returns>A task that completes when the test has run.</returns>
    [Theory]
    [MemberData(nameof(EntityKinds), MemberType = typeof(StorageConformanceTests))]
    public virtual async Task FindManyAsync_StoredUnknownAndRepeatedIds_AnswersEachSlotAsFindAsync(string entityKind)
    {
        var kind = Kind(entityKind);
        var t = KindSamples.Start;
        await using var storage = await OpenAsync();
        var store = kind.View(storage);
        var first = await CreateAsync(store, kind, "E-1", t + Duration.FromHours(1), entries: 2);
        var second = await CreateAsync(store, kind, "E-2", entries: 0);
        AssertStored(kind, first, Assert.Single(await store.FindManyAsync(["E-1"])));

        // Entries appended after a first read must be returned too (a store may remember what it read before).
        var update = Update(kind, "E-1", first.Token, first.Entity, kind.Append(first.Entity, 3, t + Duration.FromMinutes(1), "agent-2"), t + Duration.FromHours(2));
        await store.SaveAsync(update);

        var found = await store.FindManyAsync(["E-2", "E-0", "E-1", "e-1", "E-2"]);

        Assert.Equal(5, found.Count);
        AssertStored(kind, second, found[0]);
        Assert.Null(found[1]);
        AssertStored(kind, update, found[2]);
        Assert.Null(found[3]);
        AssertStored(kind, second, found[4]);
        Assert.Equal(await store.FindAsync("E-1"), found[2]);
        Assert.Empty(await store.FindManyAsync([]));
        await Assert.ThrowsAsync<ArgumentNullException>(async () => await store.FindManyAsync(null!));
        await Assert.ThrowsAsync<ArgumentNullException>(async () => await store.FindManyAsync(["E-1", null!]));
    }

    /// <summary>
    /// One batch of completions with every outcome: two written (history, token, due work, messages; the lease cleared),
    /// one conflicting with a user's command made since the claim, one under another owner's name, one carrying a message
    /// id that is already pending. Each refused change writes nothing and is reported in its slot with the exception a
    /// save of it alone would have thrown; the written ones are not affected by them.
    /// </summary>
    /// <param name="entityKind">The entity kind.</param>
    /// <returns>A task that completes when the test has run.</returns>
    [Theory]
    [MemberData(nameof(EntityKinds), MemberType = typeof(StorageConformanceTests))]
    public virtual async Task CompleteClaimsAsync_MixedBatch_WritesOrRefusesEachChangeOnItsOwn(string entityKind)
    {
        var kind = Kind(entityKind);
        var t = KindSamples.Start;
        await using var storage = await OpenAsync();
        if (!ClaimsSupported(storage))
        {
            return;
        }

        var store = kind.View(storage);
        var ids = new[] { "E-1", "E-2", "E-3", "E-4", "E-5" };
        var created = new List<Change>();
        foreach (var id in ids)
        {
            created.Add(await CreateAsync(store, kind, id, t));
        }

        var claimed = (await store.ClaimDueAsync(t, 10, OwnerA, LongLease)).ToDictionary(d => d.Id, d => d.Token, StringComparer.Ordinal);
        Assert.Equal(ids, claimed.Keys.Order(StringComparer.Ordinal));
        Change Completion(int i, string owner, Instant? nextDueAt, int messages = 2) =>
            Update(kind, ids[i], claimed[ids[i]], created[i].Entity, kind.Append(created[i].Entity, 1, t, "due-work"), nextDueAt, messages) with { ClaimOwner = owner };

        // A user's command between the claim and its completion: a plain save on the claimed token.
        var command = Update(kind, "E-2", claimed["E-2"], created[1].Entity, kind.Append(created[1].Entity, 2, t, "agent-1"), t);
        await store.SaveAsync(command);
        var batch = new[]
        {
            Completion(0, OwnerA, t),
            Completion(1, OwnerA, t + Duration.FromHours(1)),
            Completion(2, OwnerB, t + Duration.FromHours(1)),
            Completion(3, OwnerA, t + Duration.FromHours(1)) with { Messages = created[3].Messages },
            Completion(4, OwnerA, null, messages: 1),
        };
        var leasedByA = new[] { await store.GetAsync("E-3"), await store.GetAsync("E-4") };

        var outcomes = await store.CompleteClaimsAsync(batch);

        Assert.Equal(
            [ClaimCompletionStatus.Saved, ClaimCompletionStatus.Conflict, ClaimCompletionStatus.LeaseExpired, ClaimCompletionStatus.Failed, ClaimCompletionStatus.Saved],
            outcomes.Select(o => o.Status));
        Assert.Null(outcomes[0].Error);
        Assert.Null(outcomes[4].Error);
        var conflict = Assert.IsType<ConcurrencyConflictException>(outcomes[1].Error);
        Assert.Equal((kind.Kind, "E-2", (ConcurrencyToken?)claimed["E-2"]), (conflict.EntityKind, conflict.Id, conflict.ExpectedToken));
        var lost = Assert.IsType<LeaseExpiredException>(outcomes[2].Error);
        Assert.Equal((kind.Kind, "E-3", OwnerB), (lost.Kind, lost.Id, lost.Owner));
        Assert.IsAssignableFrom<ArgumentException>(outcomes[3].Error);

        AssertStored(kind, batch[0], await store.FindAsync("E-1"));
        AssertStored(kind, command, await store.FindAsync("E-2"));
        Assert.Equal(leasedByA, new[] { await store.GetAsync("E-3"), await store.GetAsync("E-4") });
        AssertStored(kind, batch[4], await store.FindAsync("E-5"));
        AssertMessages(
            [.. created.SelectMany(c => c.Messages), .. command.Messages, .. batch[0].Messages, .. batch[4].Messages],
            await storage.Outbox.ListDeliverableAsync(LatestInstant, AllRows));

        // The written completion cleared its lease (E-1 is due again at once), the command too (E-2); the refused ones
        // are still leased to A.
        Assert.Equal(["E-1", "E-2"], (await store.ClaimDueAsync(t + Duration.FromHours(2), 10, OwnerB, LongLease)).Select(d => d.Id));
    }

    /// <summary>
    /// A batch whose leases ran out in part: of two entities claimed with a short lease, one was claimed again by
    /// another owner (the completion conflicts) and one was not (the completion finds the lease expired); both write
    /// nothing, while the two entities of the same batch claimed with a long lease are written.
    /// </summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task CompleteClaimsAsync_LeasesExpiredOrTakenOverMidBatch_RefusesOnlyThoseChanges()
    {
        var kind = KindSamples.Tickets;
        var t = KindSamples.Start;
        await using var storage = await OpenAsync();
        if (!ClaimsSupported(storage))
        {
            return;
        }

        var store = kind.View(storage);
        var created = new List<Change>();
        foreach (var id in new[] { "T-1", "T-2", "T-3", "T-4" })
        {
            created.Add(await CreateAsync(store, kind, id, t));
        }

        var claimed = new List<DueEntity>(await store.ClaimDueAsync(t, 2, OwnerA, ShortLease));
        claimed.AddRange(await store.ClaimDueAsync(t, 10, OwnerA, LongLease));
        Assert.Equal(["T-1", "T-2", "T-3", "T-4"], claimed.Select(d => d.Id));
        await Task.Delay(ShortLease.ToTimeSpan() + TimeSpan.FromMilliseconds(300));
        var takenOver = Assert.Single(await store.ClaimDueAsync(t, 1, OwnerB, LongLease));
        Assert.Equal("T-1", takenOver.Id);
        var expired = await store.GetAsync("T-2");
        Change Completion(int i, ConcurrencyToken token, string owner) =>
            Update(kind, claimed[i].Id, token, created[i].Entity, kind.Append(created[i].Entity, 1, t, "due-work"), nextDueAt: null) with { ClaimOwner = owner };

        var outcomes = await store.CompleteClaimsAsync([.. Enumerable.Range(0, 4).Select(i => Completion(i, claimed[i].Token, OwnerA))]);

        Assert.Equal([ClaimCompletionStatus.Conflict, ClaimCompletionStatus.LeaseExpired, ClaimCompletionStatus.Saved, ClaimCompletionStatus.Saved], outcomes.Select(o => o.Status));
        Assert.Equal(expired, await store.GetAsync("T-2"));
        Assert.Equal(takenOver.Token, (await store.GetAsync("T-1")).Token);
        AssertStored(kind, Completion(2, claimed[2].Token, OwnerA), await store.FindAsync("T-3"));
        AssertStored(kind, Completion(3, claimed[3].Token, OwnerA), await store.FindAsync("T-4"));

        // The new owner completes its claim; the expired one is claimable again.
        Assert.Equal([ClaimCompletionStatus.Saved], (await store.CompleteClaimsAsync([Completion(0, takenOver.Token, OwnerB)])).Select(o => o.Status));
        Assert.Equal(["T-2"], (await store.ClaimDueAsync(t, 10, OwnerB, LongLease)).Select(d => d.Id));
    }

    /// <summary>Bad batches throw the <see cref="ArgumentException"/> family, and a cancelled token <see cref="OperationCanceledException"/>, writing nothing; an empty batch returns no outcome.</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task CompleteClaimsAsync_BadBatchesOrCancelled_ThrowAndWriteNothing()
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
        var other = await CreateAsync(store, kind, "C-2", t);
        var claimed = (await store.ClaimDueAsync(t, 10, OwnerA, LongLease)).ToDictionary(d => d.Id, d => d.Token, StringComparer.Ordinal);
        var completion = Update(kind, "C-1", claimed["C-1"], created.Entity, kind.Append(created.Entity, 1, t, "due-work"), nextDueAt: null) with { ClaimOwner = OwnerA };
        var second = Update(kind, "C-2", claimed["C-2"], other.Entity, kind.Append(other.Entity, 1, t, "due-work"), nextDueAt: null) with { ClaimOwner = OwnerA };
        var before = await ObserveAsync(storage, (kind.Kind, "C-1"), (kind.Kind, "C-2"));

        await Assert.ThrowsAsync<ArgumentNullException>(async () => await store.CompleteClaimsAsync(null));
        await Assert.ThrowsAsync<ArgumentNullException>(async () => await store.CompleteClaimsAsync([second, null]));
        await Assert.ThrowsAsync<ArgumentException>(async () => await store.CompleteClaimsAsync([second, completion with { ClaimOwner = null }]));
        await Assert.ThrowsAsync<ArgumentException>(async () => await store.CompleteClaimsAsync([second, completion, completion]));
        using (var cancelled = new CancellationTokenSource())
        {
            await cancelled.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await store.CompleteClaimsAsync([second, completion], cancelled.Token));
        }

        Assert.Empty(await store.CompleteClaimsAsync([]));
        await AssertUnchangedAsync(storage, before, (kind.Kind, "C-1"), (kind.Kind, "C-2"));
        Assert.All(await store.CompleteClaimsAsync([second, completion]), o => Assert.Equal(ClaimCompletionStatus.Saved, o.Status));
    }

    /// <summary>Four owners claiming, loading (<see cref="IEntityStore{TEntity}.FindManyAsync"/>) and completing small batches at once until nothing is due: every entity is completed exactly once, and no completion is refused.</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task CompleteClaimsAsync_ConcurrentOwnersInBatches_CompleteEveryEntityOnce()
    {
        var kind = KindSamples.Tickets;
        var t = KindSamples.Start;
        await using var storage = await OpenAsync();
        if (!ClaimsSupported(storage))
        {
            return;
        }

        var store = kind.View(storage);
        var ids = Enumerable.Range(0, 160).Select(i => $"T-{i:D3}").ToList();
        foreach (var (id, i) in ids.Select((id, i) => (id, i)))
        {
            await CreateAsync(store, kind, id, t + Duration.FromSeconds(i % 17));
        }

        var completed = new ConcurrentBag<string>();
        var refused = new ConcurrentBag<ClaimCompletion>();
        await Task.WhenAll(Enumerable.Range(0, 4).Select(owner => Task.Run(async () =>
        {
            var name = $"node-{owner}";
            IReadOnlyList<DueEntity> batch;
            while ((batch = await store.ClaimDueAsync(t + Duration.FromHours(1), 9, name, LongLease)).Count > 0)
            {
                var loaded = await store.FindManyAsync([.. batch.Select(d => d.Id)]);
                var changes = batch.Select((d, i) => Update(kind, d.Id, d.Token, loaded[i]!.Entity, kind.Append(loaded[i]!.Entity, 1, t, name), nextDueAt: null) with { ClaimOwner = name }).ToList();
                var outcomes = await store.CompleteClaimsAsync(changes);
                for (var i = 0; i < outcomes.Count; i++)
                {
                    if (outcomes[i].Status == ClaimCompletionStatus.Saved)
                    {
                        completed.Add(changes[i].Id);
                    }
                    else
                    {
                        refused.Add(outcomes[i]);
                    }
                }
            }
        })));

        Assert.Empty(refused);
        Assert.Equal(ids, completed.Order(StringComparer.Ordinal));
        Assert.All(await store.FindManyAsync(ids), e => Assert.Equal(1, kind.HistoryCount(e!.Entity)));
        Assert.Empty(await store.ListDueAsync(LatestInstant, AllRows));
        Assert.Equal(2 * ids.Count, await storage.Outbox.CountPendingAsync());
    }
}
