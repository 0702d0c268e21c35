using CustomerService.Core.Storage;
using CustomerService.Core.Testing.Internal;
using NodaTime;

namespace CustomerService.Core.Testing;

/// <content>The due-work index: <c>NextDueAt &lt;= t</c>, ordered by instant then id, at most n; deferrals.</content>
public abstract partial class StorageConformanceTests
{
    /// <summary>An entity due exactly at <c>t</c> is listed at <c>t</c>, and not at one tick nor one nanosecond before.</summary>
    /// <param name="entityKind">The entity kind.</param>
    /// <returns>A task that completes when the test has run.</returns>
    [Theory]
    [MemberData(nameof(EntityKinds), MemberType = typeof(StorageConformanceTests))]
    public virtual async Task ListDueAsync_AtTheBoundary_IncludesDueAtTAndExcludesEarlierQueries(string entityKind)
    {
        var kind = Kind(entityKind);
        var t = KindSamples.Start + Duration.FromHours(1);
        await using var storage = await OpenAsync();
        var store = kind.View(storage);
        await CreateAsync(store, kind, "E-1", t);

        Assert.Equal([new DueEntity("E-1", ConcurrencyToken.Initial, t, DueWork.SlaChange)], await store.ListDueAsync(t, 10));
        Assert.Single(await store.ListDueAsync(t + Duration.FromNanoseconds(1), 10));
        Assert.Empty(await store.ListDueAsync(t - Duration.FromTicks(1), 10));
        Assert.Empty(await store.ListDueAsync(t - Duration.FromNanoseconds(1), 10));
    }

    /// <summary>Entities due at the same instant are listed by id in ordinal order (<c>"B"</c> before <c>"a"</c>, <c>"a10"</c> before <c>"a9"</c>).</summary>
    /// <param name="entityKind">The entity kind.</param>
    /// <returns>A task that completes when the test has run.</returns>
    [Theory]
    [MemberData(nameof(EntityKinds), MemberType = typeof(StorageConformanceTests))]
    public virtual async Task ListDueAsync_SameInstant_OrdersByOrdinalId(string entityKind)
    {
        var kind = Kind(entityKind);
        var t = KindSamples.Start + Duration.FromHours(1);
        await using var storage = await OpenAsync();
        var store = kind.View(storage);
        foreach (var id in new[] { "a", "B", "b", "a10", "a9", "_", "A" })
        {
            await CreateAsync(store, kind, id, t);
        }

        Assert.Equal(["A", "B", "_", "a", "a10", "a9", "b"], (await store.ListDueAsync(t, 10)).Select(d => d.Id));
    }

    /// <summary>Due entities are listed by next due instant first, then by id, whatever order they were written in.</summary>
    /// <param name="entityKind">The entity kind.</param>
    /// <returns>A task that completes when the test has run.</returns>
    [Theory]
    [MemberData(nameof(EntityKinds), MemberType = typeof(StorageConformanceTests))]
    public virtual async Task ListDueAsync_SeveralInstants_OrdersByNextDueAtThenId(string entityKind)
    {
        var kind = Kind(entityKind);
        var t = KindSamples.Start;
        await using var storage = await OpenAsync();
        var store = kind.View(storage);
        (string Id, Instant At)[] rows =
        [
            ("c", t + Duration.FromMinutes(2)), ("a", t + Duration.FromMinutes(3)), ("b", t + Duration.FromMinutes(2)),
            ("d", t + Duration.FromMinutes(1)), ("e", t + Duration.FromMinutes(3)), ("f", t + Duration.FromDays(400)),
            ("g", t - Duration.FromDays(400)), ("h", t + Duration.FromMinutes(2) - Duration.FromNanoseconds(1)),
        ];
        foreach (var (id, at) in rows)
        {
            await CreateAsync(store, kind, id, at);
        }

        Assert.Equal(["g", "d", "h", "b", "c", "a", "e"], (await store.ListDueAsync(t + Duration.FromMinutes(3), 100)).Select(d => d.Id));
        Assert.Equal(["g", "d", "h"], (await store.ListDueAsync(t + Duration.FromMinutes(2) - Duration.FromNanoseconds(1), 100)).Select(d => d.Id));
    }

    /// <summary><c>maxCount</c> is honoured: 0 lists nothing, n lists the first n in order, a large value lists all, a negative one throws.</summary>
    /// <param name="entityKind">The entity kind.</param>
    /// <returns>A task that completes when the test has run.</returns>
    [Theory]
    [MemberData(nameof(EntityKinds), MemberType = typeof(StorageConformanceTests))]
    public virtual async Task ListDueAsync_MaxCount_IsHonoured(string entityKind)
    {
        var kind = Kind(entityKind);
        await using var storage = await OpenAsync();
        var store = kind.View(storage);
        for (var i = 0; i < 5; i++)
        {
            await CreateAsync(store, kind, $"E-{i}", KindSamples.Start + Duration.FromMinutes(5 - i));
        }

        Assert.Empty(await store.ListDueAsync(LatestInstant, 0));
        Assert.Equal(["E-4"], (await store.ListDueAsync(LatestInstant, 1)).Select(d => d.Id));
        Assert.Equal(["E-4", "E-3", "E-2"], (await store.ListDueAsync(LatestInstant, 3)).Select(d => d.Id));
        Assert.Equal(["E-4", "E-3", "E-2", "E-1", "E-0"], (await store.ListDueAsync(LatestInstant, int.MaxValue)).Select(d => d.Id));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await store.ListDueAsync(LatestInstant, -1));
    }

    /// <summary>An entity without a next due instant is never listed, however late the query.</summary>
    /// <param name="entityKind">The entity kind.</param>
    /// <returns>A task that completes when the test has run.</returns>
    [Theory]
    [MemberData(nameof(EntityKinds), MemberType = typeof(StorageConformanceTests))]
    public virtual async Task ListDueAsync_EntityWithoutNextDueAt_IsNeverListed(string entityKind)
    {
        var kind = Kind(entityKind);
        await using var storage = await OpenAsync();
        var store = kind.View(storage);
        await CreateAsync(store, kind, "E-none");
        await CreateAsync(store, kind, "E-due", KindSamples.Start);

        Assert.Equal(["E-due"], (await store.ListDueAsync(LatestInstant, 10)).Select(d => d.Id));
        var loaded = await store.GetAsync("E-none");
        Assert.Null(loaded.NextDueAt);
        Assert.Equal(DueWork.None, loaded.Due);
    }

    /// <summary>An update moves the entity in the index (earlier, later, other flags) and one that clears its next due instant removes it.</summary>
    /// <param name="entityKind">The entity kind.</param>
    /// <returns>A task that completes when the test has run.</returns>
    [Theory]
    [MemberData(nameof(EntityKinds), MemberType = typeof(StorageConformanceTests))]
    public virtual async Task ListDueAsync_AfterUpdates_FollowsTheStoredDueWork(string entityKind)
    {
        var kind = Kind(entityKind);
        var t = KindSamples.Start;
        await using var storage = await OpenAsync();
        var store = kind.View(storage);
        var created = await CreateAsync(store, kind, "E-1", t + Duration.FromHours(2));
        await CreateAsync(store, kind, "E-2", t + Duration.FromHours(1));

        var earlier = Update(kind, "E-1", created.Token, created.Entity, kind.Append(created.Entity, 1, t, "agent-1"), t + Duration.FromMinutes(30), due: DueWork.HoldDeadline);
        await store.SaveAsync(earlier);
        Assert.Equal(
            [new DueEntity("E-1", earlier.Token, t + Duration.FromMinutes(30), DueWork.HoldDeadline), new DueEntity("E-2", ConcurrencyToken.Initial, t + Duration.FromHours(1), DueWork.SlaChange)],
            await store.ListDueAsync(LatestInstant, 10));

        var later = Update(kind, "E-1", earlier.Token, earlier.Entity, kind.Touch(earlier.Entity, t), t + Duration.FromHours(3), messages: 0, due: DueWork.AutoClose | DueWork.CallbackAttempt);
        await store.SaveAsync(later);
        Assert.Equal(["E-2", "E-1"], (await store.ListDueAsync(LatestInstant, 10)).Select(d => d.Id));
        Assert.Equal(["E-2"], (await store.ListDueAsync(t + Duration.FromHours(2), 10)).Select(d => d.Id));

        var cleared = Update(kind, "E-1", later.Token, later.Entity, kind.Append(later.Entity, 1, t, "agent-1"), null);
        await store.SaveAsync(cleared);
        Assert.Equal(["E-2"], (await store.ListDueAsync(LatestInstant, 10)).Select(d => d.Id));
        var loaded = await store.GetAsync("E-1");
        Assert.Null(loaded.NextDueAt);
        Assert.Equal(DueWork.None, loaded.Due);
    }

    /// <summary>
    /// A deferral with the stored token moves only the due work: the new instant with <see cref="DueWork.Retry"/>, the token
    /// <c>expected.Next()</c>; the snapshot, its history and the outbox are unchanged.
    /// </summary>
    /// <param name="entityKind">The entity kind.</param>
    /// <returns>A task that completes when the test has run.</returns>
    [Theory]
    [MemberData(nameof(EntityKinds), MemberType = typeof(StorageConformanceTests))]
    public virtual async Task DeferAsync_WithTheStoredToken_MovesTheDueWorkAndSetsRetry(string entityKind)
    {
        var kind = Kind(entityKind);
        var t = KindSamples.Start;
        await using var storage = await OpenAsync();
        var store = kind.View(storage);
        var created = await CreateAsync(store, kind, "E-1", t, entries: 2);
        await CreateAsync(store, kind, "E-2", t + Duration.FromMinutes(1));
        var outbox = await storage.Outbox.ListDeliverableAsync(LatestInstant, AllRows);

        Assert.True(await store.DeferAsync("E-1", created.Token, t + Duration.FromMinutes(5)));

        var loaded = await store.GetAsync("E-1");
        Assert.Equal(created.Entity, loaded.Entity);
        Assert.Equal(kind.History(created.Entity), kind.History(loaded.Entity));
        Assert.Equal(created.Token.Next(), loaded.Token);
        Assert.Equal(t + Duration.FromMinutes(5), loaded.NextDueAt);
        Assert.Equal(DueWork.Retry, loaded.Due);
        Assert.Equal(
            [new DueEntity("E-2", ConcurrencyToken.Initial, t + Duration.FromMinutes(1), DueWork.SlaChange), new DueEntity("E-1", created.Token.Next(), t + Duration.FromMinutes(5), DueWork.Retry)],
            await store.ListDueAsync(LatestInstant, 10));
        Assert.Equal(outbox, await storage.Outbox.ListDeliverableAsync(LatestInstant, AllRows));

        // The deferral is a write like any other: the next save must be based on its token.
        var next = kind.Append(created.Entity, 1, t, "agent-1");
        await AssertConflictAsync(kind.Kind, "E-1", created.Token, async () => await store.SaveAsync(Update(kind, "E-1", created.Token, created.Entity, next)));
        await store.SaveAsync(Update(kind, "E-1", loaded.Token, created.Entity, next));
        Assert.Equal(next, (await store.GetAsync("E-1")).Entity);
    }

    /// <summary>A deferral with a stale token, or of an unknown id, returns <see langword="false"/> and writes nothing.</summary>
    /// <param name="entityKind">The entity kind.</param>
    /// <returns>A task that completes when the test has run.</returns>
    [Theory]
    [MemberData(nameof(EntityKinds), MemberType = typeof(StorageConformanceTests))]
    public virtual async Task DeferAsync_WithAStaleTokenOrUnknownId_ReturnsFalseAndWritesNothing(string entityKind)
    {
        var kind = Kind(entityKind);
        var t = KindSamples.Start;
        await using var storage = await OpenAsync();
        var store = kind.View(storage);
        var created = await CreateAsync(store, kind, "E-1", t);
        await store.SaveAsync(Update(kind, "E-1", created.Token, created.Entity, kind.Append(created.Entity, 1, t, "agent-1"), t + Duration.FromMinutes(10)));
        var before = await ObserveAsync(storage, (kind.Kind, "E-1"), (kind.Kind, "E-2"));

        Assert.False(await store.DeferAsync("E-1", created.Token, t + Duration.FromHours(1)));
        Assert.False(await store.DeferAsync("E-1", created.Token.Next().Next(), t + Duration.FromHours(1)));
        Assert.False(await store.DeferAsync("E-2", ConcurrencyToken.Initial, t + Duration.FromHours(1)));

        await AssertUnchangedAsync(storage, before, (kind.Kind, "E-1"), (kind.Kind, "E-2"));
    }
}
