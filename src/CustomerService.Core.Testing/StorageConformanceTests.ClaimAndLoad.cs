using System.Collections.Concurrent;
using CustomerService.Core.Storage;
using CustomerService.Core.Testing.Internal;
using NodaTime;

namespace CustomerService.Core.Testing;

/// <content>
/// Claiming and loading at once (<see cref="SupportsClaims"/>): <see cref="IClaimableEntityStore{TEntity}.ClaimDueAndLoadAsync"/>
/// claims exactly as <see cref="IClaimableEntityStore{TEntity}.ClaimDueAsync"/> does and loads each claimed entity as
/// <see cref="IEntityStore{TEntity}.FindAsync"/> would. The member is optional for an adapter (its default implementation
/// claims, then reads the batch); these tests hold whichever implementation the store has.
/// </content>
public abstract partial class StorageConformanceTests
{
    /// <summary>
    /// A claim-and-load takes the due entities in order, at most <c>maxCount</c>, with new tokens and leases (the undue and
    /// the leased ones are left), and each claimed entity comes loaded as a read right after the claim returns it: whole
    /// history (entries appended after the creation included), the claim's token, due work, no load error.
    /// </summary>
    /// <param name="entityKind">The entity kind.</param>
    /// <returns>A task that completes when the test has run.</returns>
    [Theory]
    [MemberData(nameof(EntityKinds), MemberType = typeof(StorageConformanceTests))]
    public virtual async Task ClaimDueAndLoadAsync_DueEntities_ClaimsAsClaimDueAndLoadsEachAsFindAsync(string entityKind)
    {
        var kind = Kind(entityKind);
        var t = KindSamples.Start;
        await using var storage = await OpenAsync();
        if (!ClaimsSupported(storage))
        {
            return;
        }

        var store = kind.View(storage);
        await CreateAsync(store, kind, "E-3", t + Duration.FromMinutes(3), entries: 2);
        var first = await CreateAsync(store, kind, "E-1", t + Duration.FromHours(9), entries: 1);
        await store.SaveAsync(Update(kind, "E-1", first.Token, first.Entity, kind.Append(first.Entity, 3, t + Duration.FromMinutes(1), "agent-2"), t + Duration.FromMinutes(1)));
        await CreateAsync(store, kind, "E-2", t + Duration.FromMinutes(1));
        await CreateAsync(store, kind, "E-later", t + Duration.FromHours(5), entries: 1);
        await CreateAsync(store, kind, "E-none");
        var before = new Dictionary<string, Loaded>(StringComparer.Ordinal);
        foreach (var id in new[] { "E-1", "E-2", "E-3", "E-later" })
        {
            before[id] = await store.GetAsync(id);
        }

        var claimed = await store.ClaimDueAndLoadAsync(t + Duration.FromHours(1), 2, OwnerA, LongLease);

        Assert.Equal(
            [
                new DueEntity("E-1", before["E-1"].Token.Next(), t + Duration.FromMinutes(1), DueWork.SlaChange),
                new DueEntity("E-2", before["E-2"].Token.Next(), t + Duration.FromMinutes(1), DueWork.SlaChange),
            ],
            claimed.Select(c => c.Due));
        foreach (var c in claimed)
        {
            Assert.Null(c.LoadError);
            Assert.Equal(before[c.Due.Id] with { Token = c.Due.Token }, c.Stored);
            Assert.Equal(await store.FindAsync(c.Due.Id), c.Stored);
        }

        Assert.Equal(4, kind.HistoryCount(claimed[0].Stored!.Entity));
        var other = Assert.Single(await store.ClaimDueAndLoadAsync(t + Duration.FromHours(1), 10, OwnerB, LongLease));
        Assert.Equal(new DueEntity("E-3", before["E-3"].Token.Next(), t + Duration.FromMinutes(3), DueWork.SlaChange), other.Due);
        Assert.Equal(before["E-3"] with { Token = other.Due.Token }, other.Stored);
        Assert.Empty(await store.ClaimDueAndLoadAsync(t + Duration.FromHours(1), 10, OwnerA, LongLease));
        Assert.Empty(await store.ClaimDueAsync(t + Duration.FromHours(1), 10, OwnerB, LongLease));
        Assert.Empty(await store.ClaimDueAndLoadAsync(t + Duration.FromHours(6), 0, OwnerB, LongLease));
        Assert.Equal(before["E-later"], await store.GetAsync("E-later"));

        // The leases are A's: A's completion under the claimed token is written, B's is refused.
        var e1 = claimed[0].Stored!;
        var e2 = claimed[1].Stored!;
        var outcomes = await store.CompleteClaimsAsync(
        [
            Update(kind, "E-1", e1.Token, e1.Entity, kind.Append(e1.Entity, 1, t + Duration.FromMinutes(2), "due-work"), nextDueAt: null) with { ClaimOwner = OwnerA },
            Update(kind, "E-2", e2.Token, e2.Entity, kind.Append(e2.Entity, 1, t + Duration.FromMinutes(2), "due-work"), nextDueAt: null) with { ClaimOwner = OwnerB },
        ]);
        Assert.Equal([ClaimCompletionStatus.Saved, ClaimCompletionStatus.LeaseExpired], outcomes.Select(o => o.Status));
    }

    /// <summary>Bad arguments throw before anything is claimed, and so does a cancelled token: the entity is then still free for another owner.</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task ClaimDueAndLoadAsync_BadArgumentsOrCancelled_ThrowAndClaimNothing()
    {
        var kind = KindSamples.Callbacks;
        var t = KindSamples.Start;
        await using var storage = await OpenAsync();
        if (!ClaimsSupported(storage))
        {
            return;
        }

        var store = kind.View(storage);
        await CreateAsync(store, kind, "B-1", t);
        var before = await store.GetAsync("B-1");

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await store.ClaimDueAndLoadAsync(t, -1, OwnerA, LongLease));
        await Assert.ThrowsAsync<ArgumentNullException>(async () => await store.ClaimDueAndLoadAsync(t, 1, null!, LongLease));
        await Assert.ThrowsAsync<ArgumentException>(async () => await store.ClaimDueAndLoadAsync(t, 1, " ", LongLease));
        await Assert.ThrowsAsync<ArgumentException>(async () => await store.ClaimDueAndLoadAsync(t, 1, new string('n', 201), LongLease));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await store.ClaimDueAndLoadAsync(t, 1, OwnerA, Duration.Zero));
        using (var cancelled = new CancellationTokenSource())
        {
            await cancelled.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await store.ClaimDueAndLoadAsync(t, 1, OwnerA, LongLease, cancelled.Token));
        }

        Assert.Equal(before, await store.GetAsync("B-1"));
        var claimed = Assert.Single(await store.ClaimDueAndLoadAsync(t, 1, OwnerB, LongLease));
        Assert.Equal(new DueEntity("B-1", before.Token.Next(), t, DueWork.SlaChange), claimed.Due);
        Assert.Equal(before with { Token = claimed.Due.Token }, claimed.Stored);
    }

    /// <summary>An entity whose lease expired is claimed and loaded by another owner (with a new token), and the first owner's completion then conflicts.</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task ClaimDueAndLoadAsync_AfterTheLeaseExpires_HandsOverLoaded()
    {
        var kind = KindSamples.Complaints;
        var t = KindSamples.Start;
        await using var storage = await OpenAsync();
        if (!ClaimsSupported(storage))
        {
            return;
        }

        var store = kind.View(storage);
        await CreateAsync(store, kind, "C-1", t, entries: 2);
        var byA = Assert.Single(await store.ClaimDueAndLoadAsync(t, 10, OwnerA, ShortLease));
        Assert.Empty(await store.ClaimDueAndLoadAsync(t, 10, OwnerB, ShortLease));
        IReadOnlyList<ClaimedView> byB;
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while ((byB = await store.ClaimDueAndLoadAsync(t, 10, OwnerB, LongLease)).Count == 0)
        {
            Assert.True(waited.Elapsed < ShortLease.ToTimeSpan() * 20, "The expired lease was never handed over.");
            await Task.Delay(100);
        }

        var taken = Assert.Single(byB);
        Assert.Equal(byA.Due.Token.Next(), taken.Due.Token);
        Assert.Equal(byA.Stored! with { Token = taken.Due.Token }, taken.Stored);
        var stale = Update(kind, "C-1", byA.Due.Token, byA.Stored!.Entity, kind.Append(byA.Stored.Entity, 1, t, "due-work"), nextDueAt: null) with { ClaimOwner = OwnerA };
        Assert.Equal(ClaimCompletionStatus.Conflict, Assert.Single(await store.CompleteClaimsAsync([stale])).Status);
        Assert.Equal(taken.Stored, await store.FindAsync("C-1"));
    }

    /// <summary>Four owners claiming and loading (<see cref="IClaimableEntityStore{TEntity}.ClaimDueAndLoadAsync"/>) and completing small batches at once until nothing is due: every entity is loaded whole with its claim's token and completed exactly once.</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task ClaimDueAndLoadAsync_ConcurrentOwnersInBatches_CompleteEveryEntityOnce()
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
            await CreateAsync(store, kind, id, t + Duration.FromSeconds(i % 17), entries: i % 3);
        }

        var completed = new ConcurrentBag<string>();
        var problems = new ConcurrentBag<string>();
        await Task.WhenAll(Enumerable.Range(0, 4).Select(owner => Task.Run(async () =>
        {
            var name = $"node-{owner}";
            IReadOnlyList<ClaimedView> batch;
            while ((batch = await store.ClaimDueAndLoadAsync(t + Duration.FromHours(1), 9, name, LongLease)).Count > 0)
            {
                foreach (var c in batch.Where(c => c.Stored is null || c.Stored.Token != c.Due.Token || c.LoadError is not null))
                {
                    problems.Add($"{c.Due.Id}: loaded {c.Stored?.Token}, claimed {c.Due.Token}, error {c.LoadError?.GetType().Name}");
                }

                var changes = batch.Where(c => c.Stored is not null)
                    .Select(c => Update(kind, c.Due.Id, c.Due.Token, c.Stored!.Entity, kind.Append(c.Stored.Entity, 1, t, name), nextDueAt: null) with { ClaimOwner = name })
                    .ToList();
                var outcomes = await store.CompleteClaimsAsync(changes);
                for (var i = 0; i < outcomes.Count; i++)
                {
                    if (outcomes[i].Status == ClaimCompletionStatus.Saved)
                    {
                        completed.Add(changes[i].Id);
                    }
                    else
                    {
                        problems.Add($"{changes[i].Id}: {outcomes[i]}");
                    }
                }
            }
        })));

        Assert.Empty(problems);
        Assert.Equal(ids, completed.Order(StringComparer.Ordinal));
        var stored = await store.FindManyAsync(ids);
        Assert.All(ids.Select((id, i) => (i, stored[i])), s => Assert.Equal((s.i % 3) + 1, kind.HistoryCount(s.Item2!.Entity)));
        Assert.Empty(await store.ListDueAsync(LatestInstant, AllRows));
    }
}
