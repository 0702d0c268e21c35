using CustomerService.Core.Storage;
using CustomerService.Core.Testing.Internal;
using NodaTime;

namespace CustomerService.Core.Testing;

/// <content>Saving and loading: creation, updates, conflicts, replays, tokens, snapshot equality and histories.</content>
public abstract partial class StorageConformanceTests
{
    /// <summary>A lookup of an id that was never stored returns <see langword="null"/>.</summary>
    /// <param name="entityKind">The entity kind.</param>
    /// <returns>A task that completes when the test has run.</returns>
    [Theory]
    [MemberData(nameof(EntityKinds), MemberType = typeof(StorageConformanceTests))]
    public virtual async Task FindAsync_UnknownId_ReturnsNull(string entityKind)
    {
        var kind = Kind(entityKind);
        await using var storage = await OpenAsync();
        var store = kind.View(storage);
        await CreateAsync(store, kind, "E-1");

        Assert.Null(await store.FindAsync("E-2"));
        Assert.Null(await store.FindAsync("e-1"));
    }

    /// <summary>A creation stores the snapshot, the initial token, the due work and the outbox message.</summary>
    /// <param name="entityKind">The entity kind.</param>
    /// <returns>A task that completes when the test has run.</returns>
    [Theory]
    [MemberData(nameof(EntityKinds), MemberType = typeof(StorageConformanceTests))]
    public virtual async Task SaveAsync_Creation_StoresSnapshotTokenDueWorkAndMessages(string entityKind)
    {
        var kind = Kind(entityKind);
        await using var storage = await OpenAsync();
        var store = kind.View(storage);

        var change = await CreateAsync(store, kind, "E-1", KindSamples.Start + Duration.FromHours(1), entries: 2, messages: 2);

        var loaded = await store.FindAsync("E-1");
        AssertStored(kind, change, loaded);
        Assert.Equal(ConcurrencyToken.Initial, loaded!.Token);
        AssertMessages(change.Messages, await storage.Outbox.ListDeliverableAsync(KindSamples.Start, 10));
        Assert.Equal(2, await storage.Outbox.CountPendingAsync());
    }

    /// <summary>Creating an id that exists throws a conflict naming the id and writes nothing: not the snapshot, its due work nor its messages.</summary>
    /// <param name="entityKind">The entity kind.</param>
    /// <returns>A task that completes when the test has run.</returns>
    [Theory]
    [MemberData(nameof(EntityKinds), MemberType = typeof(StorageConformanceTests))]
    public virtual async Task SaveAsync_CreationOfExistingId_ThrowsConflictAndWritesNothing(string entityKind)
    {
        var kind = Kind(entityKind);
        await using var storage = await OpenAsync();
        var store = kind.View(storage);
        await CreateAsync(store, kind, "E-1", KindSamples.Start + Duration.FromHours(1));
        var before = await ObserveAsync(storage, (kind.Kind, "E-1"));

        var second = kind.Append(kind.New("E-1", KindSamples.Start + Duration.FromMinutes(5)), 1, KindSamples.Start + Duration.FromMinutes(5), "agent-2");
        await AssertConflictAsync(kind.Kind, "E-1", null, async () => await store.SaveAsync(Creation(kind, "E-1", second, KindSamples.Start, messages: 3)));

        await AssertUnchangedAsync(storage, before, (kind.Kind, "E-1"));
    }

    /// <summary>An update with the stored token replaces the snapshot, appends its new history, replaces token and due work, and adds its messages after the earlier ones.</summary>
    /// <param name="entityKind">The entity kind.</param>
    /// <returns>A task that completes when the test has run.</returns>
    [Theory]
    [MemberData(nameof(EntityKinds), MemberType = typeof(StorageConformanceTests))]
    public virtual async Task SaveAsync_UpdateWithStoredToken_ReplacesSnapshotTokenAndDueWork(string entityKind)
    {
        var kind = Kind(entityKind);
        await using var storage = await OpenAsync();
        var store = kind.View(storage);
        var created = await CreateAsync(store, kind, "E-1", KindSamples.Start + Duration.FromHours(1));
        var next = kind.Append(created.Entity, 2, KindSamples.Start + Duration.FromMinutes(1), "agent-2");

        var update = Update(kind, "E-1", created.Token, created.Entity, next, KindSamples.Start + Duration.FromHours(2), messages: 2, due: DueWork.AutoClose | DueWork.SlaChange);
        await store.SaveAsync(update);

        var loaded = await store.FindAsync("E-1");
        AssertStored(kind, update, loaded);
        Assert.NotEqual(created.Token, loaded!.Token);
        Assert.Equal([new DueEntity("E-1", update.Token, update.NextDueAt!.Value, DueWork.AutoClose | DueWork.SlaChange)], await store.ListDueAsync(LatestInstant, 10));
        AssertMessages([.. created.Messages, .. update.Messages], await storage.Outbox.ListDeliverableAsync(KindSamples.Start, 10));
    }

    /// <summary>An update with a stale token throws a conflict and writes nothing: snapshot, history, token, due work and outbox are as before.</summary>
    /// <param name="entityKind">The entity kind.</param>
    /// <returns>A task that completes when the test has run.</returns>
    [Theory]
    [MemberData(nameof(EntityKinds), MemberType = typeof(StorageConformanceTests))]
    public virtual async Task SaveAsync_UpdateWithStaleToken_ThrowsConflictAndWritesNothing(string entityKind)
    {
        var kind = Kind(entityKind);
        await using var storage = await OpenAsync();
        var store = kind.View(storage);
        var created = await CreateAsync(store, kind, "E-1", KindSamples.Start + Duration.FromHours(1));
        var first = kind.Append(created.Entity, 1, KindSamples.Start, "agent-1");
        await store.SaveAsync(Update(kind, "E-1", created.Token, created.Entity, first, KindSamples.Start + Duration.FromHours(2)));
        var before = await ObserveAsync(storage, (kind.Kind, "E-1"));

        // A second writer loaded the creation too, and saves its own change based on it.
        var rival = kind.Append(created.Entity, 3, KindSamples.Start + Duration.FromMinutes(1), "agent-2");
        await AssertConflictAsync(kind.Kind, "E-1", created.Token, async () =>
            await store.SaveAsync(Update(kind, "E-1", created.Token, created.Entity, rival, KindSamples.Start + Duration.FromMinutes(30), messages: 2)));

        await AssertUnchangedAsync(storage, before, (kind.Kind, "E-1"));
    }

    /// <summary>An update of an id that was never stored throws a conflict and writes nothing.</summary>
    /// <param name="entityKind">The entity kind.</param>
    /// <returns>A task that completes when the test has run.</returns>
    [Theory]
    [MemberData(nameof(EntityKinds), MemberType = typeof(StorageConformanceTests))]
    public virtual async Task SaveAsync_UpdateOfUnknownId_ThrowsConflictAndWritesNothing(string entityKind)
    {
        var kind = Kind(entityKind);
        await using var storage = await OpenAsync();
        var store = kind.View(storage);
        var before = await ObserveAsync(storage, (kind.Kind, "E-1"));
        var entity = kind.New("E-1", KindSamples.Start);
        var next = kind.Append(entity, 1, KindSamples.Start, "agent-1");

        await AssertConflictAsync(kind.Kind, "E-1", ConcurrencyToken.Initial, async () =>
            await store.SaveAsync(Update(kind, "E-1", ConcurrencyToken.Initial, entity, next, KindSamples.Start)));

        await AssertUnchangedAsync(storage, before, (kind.Kind, "E-1"));
    }

    /// <summary>
    /// Replaying a save that succeeded (a retry after a lost acknowledgement: same id, same expected token) throws a
    /// conflict: the history is appended exactly once and the messages are written once.
    /// </summary>
    /// <param name="entityKind">The entity kind.</param>
    /// <returns>A task that completes when the test has run.</returns>
    [Theory]
    [MemberData(nameof(EntityKinds), MemberType = typeof(StorageConformanceTests))]
    public virtual async Task SaveAsync_ReplayOfSucceededSave_ThrowsConflictAndAppendsHistoryOnce(string entityKind)
    {
        var kind = Kind(entityKind);
        await using var storage = await OpenAsync();
        var store = kind.View(storage);
        var created = await CreateAsync(store, kind, "E-1");
        var update = Update(kind, "E-1", created.Token, created.Entity, kind.Append(created.Entity, 2, KindSamples.Start, "agent-1"), KindSamples.Start + Duration.FromHours(1));
        await store.SaveAsync(update);
        var before = await ObserveAsync(storage, (kind.Kind, "E-1"));

        await AssertConflictAsync(kind.Kind, "E-1", created.Token, async () => await store.SaveAsync(update));
        await AssertConflictAsync(kind.Kind, "E-1", null, async () => await store.SaveAsync(created));

        await AssertUnchangedAsync(storage, before, (kind.Kind, "E-1"));
        Assert.Equal(2, kind.HistoryCount((await store.GetAsync("E-1")).Entity));
        Assert.Equal(2, await storage.Outbox.CountPendingAsync());
    }

    /// <summary>
    /// Every write replaces the token: each save and each deferral stores a token different from all earlier ones, and a
    /// save based on any earlier token conflicts.
    /// </summary>
    /// <param name="entityKind">The entity kind.</param>
    /// <returns>A task that completes when the test has run.</returns>
    [Theory]
    [MemberData(nameof(EntityKinds), MemberType = typeof(StorageConformanceTests))]
    public virtual async Task SaveAsync_EveryWrite_ReplacesTheToken(string entityKind)
    {
        var kind = Kind(entityKind);
        await using var storage = await OpenAsync();
        var store = kind.View(storage);
        var created = await CreateAsync(store, kind, "E-1", KindSamples.Start + Duration.FromHours(1));
        var tokens = new List<ConcurrencyToken> { (await store.GetAsync("E-1")).Token };

        // A transition, a data-only check (no new history, no message), a deferral, another transition.
        var entity = created.Entity;
        var transition = kind.Append(entity, 1, KindSamples.Start, "agent-1");
        await store.SaveAsync(Update(kind, "E-1", tokens[^1], entity, transition, KindSamples.Start + Duration.FromHours(1)));
        tokens.Add((await store.GetAsync("E-1")).Token);
        var check = kind.Touch(transition, KindSamples.Start + Duration.FromMinutes(1));
        await store.SaveAsync(Update(kind, "E-1", tokens[^1], transition, check, KindSamples.Start + Duration.FromHours(1), messages: 0));
        tokens.Add((await store.GetAsync("E-1")).Token);
        Assert.True(await store.DeferAsync("E-1", tokens[^1], KindSamples.Start + Duration.FromHours(3)));
        tokens.Add((await store.GetAsync("E-1")).Token);
        var last = kind.Append(check, 1, KindSamples.Start + Duration.FromMinutes(2), "agent-1");
        await store.SaveAsync(Update(kind, "E-1", tokens[^1], check, last, null));
        tokens.Add((await store.GetAsync("E-1")).Token);

        Assert.Equal(tokens.Count, tokens.Distinct().Count());
        for (var i = 0; i < tokens.Count - 1; i++)
        {
            var stale = tokens[i];
            await AssertConflictAsync(kind.Kind, "E-1", stale, async () =>
                await store.SaveAsync(Update(kind, "E-1", stale, last, kind.Append(last, 1, KindSamples.Start + Duration.FromMinutes(3), "agent-2"))));
            Assert.False(await store.DeferAsync("E-1", stale, KindSamples.Start));
        }

        Assert.Equal(tokens[^1], (await store.GetAsync("E-1")).Token);
    }

    /// <summary>
    /// The changes the library's own service writes along a realistic script (creation, transitions, SLA checks with
    /// their warning and breach events, due-work checks) load back equal: the snapshot by record equality with its history
    /// and SLA clocks, the token, the due work, and every outbox message with its event.
    /// </summary>
    /// <param name="entityKind">The entity kind.</param>
    /// <returns>A task that completes when the test has run.</returns>
    [Theory]
    [MemberData(nameof(EntityKinds), MemberType = typeof(StorageConformanceTests))]
    public virtual async Task FindAsync_AfterTheServicesScript_EqualsEverySavedSnapshot(string entityKind)
    {
        var kind = Kind(entityKind);
        var script = await kind.ScriptAsync("E-1");
        await using var storage = await OpenAsync();
        var store = kind.View(storage);

        foreach (var change in script)
        {
            await store.SaveAsync(change);
            AssertStored(kind, change, await store.FindAsync("E-1"));
        }

        AssertMessages(script.SelectMany(c => c.Messages), await storage.Outbox.ListDeliverableAsync(LatestInstant, AllRows));
        Assert.True(script.Count >= 8, "The script makes a realistic number of writes.");
    }

    /// <summary>Many saves, each appending one to three entries, leave the whole history in order, each entry once.</summary>
    /// <param name="entityKind">The entity kind.</param>
    /// <returns>A task that completes when the test has run.</returns>
    [Theory]
    [MemberData(nameof(EntityKinds), MemberType = typeof(StorageConformanceTests))]
    public virtual async Task SaveAsync_ManyAppends_KeepTheHistoryCompleteAndInOrder(string entityKind)
    {
        var kind = Kind(entityKind);
        await using var storage = await OpenAsync();
        var store = kind.View(storage);
        var current = await CreateAsync(store, kind, "E-1");
        var entity = current.Entity;
        var token = current.Token;
        for (var i = 0; i < 200; i++)
        {
            var next = kind.Append(entity, 1 + (i % 3), KindSamples.Start + Duration.FromSeconds(i), $"agent-{i}");
            var update = Update(kind, "E-1", token, entity, next, messages: 0);
            await store.SaveAsync(update);
            (entity, token) = (next, update.Token);
        }

        var loaded = await store.GetAsync("E-1");
        Assert.Equal(kind.History(entity), kind.History(loaded.Entity));
        Assert.Equal(entity, loaded.Entity);
        Assert.Equal(Enumerable.Range(0, 200).Sum(i => 1 + (i % 3)), kind.HistoryCount(loaded.Entity));
    }

    /// <summary>
    /// A save appends only the entries from <see cref="EntityChange{TEntity}.HistoryStart"/>: a change that appends none
    /// (an SLA or due-work check) keeps the history as stored and replaces only the other fields.
    /// </summary>
    /// <param name="entityKind">The entity kind.</param>
    /// <returns>A task that completes when the test has run.</returns>
    [Theory]
    [MemberData(nameof(EntityKinds), MemberType = typeof(StorageConformanceTests))]
    public virtual async Task SaveAsync_ChangeAppendingNoHistory_KeepsTheStoredHistory(string entityKind)
    {
        var kind = Kind(entityKind);
        await using var storage = await OpenAsync();
        var store = kind.View(storage);
        var created = await CreateAsync(store, kind, "E-1", entries: 3);
        var check = kind.Touch(created.Entity, KindSamples.Start + Duration.FromMinutes(1));
        var update = Update(kind, "E-1", created.Token, created.Entity, check, KindSamples.Start + Duration.FromHours(1), messages: 0);

        await store.SaveAsync(update);

        var loaded = await store.FindAsync("E-1");
        AssertStored(kind, update, loaded);
        Assert.Equal(kind.History(created.Entity), kind.History(loaded!.Entity));
        Assert.NotEqual(created.Entity, loaded.Entity);
    }

    /// <summary>A history of <see cref="LargeHistoryLength"/> entries, written in one creation and in chunks of updates, loads complete and in order.</summary>
    /// <param name="entityKind">The entity kind.</param>
    /// <returns>A task that completes when the test has run.</returns>
    [Theory]
    [MemberData(nameof(EntityKinds), MemberType = typeof(StorageConformanceTests))]
    public virtual async Task SaveAsync_LargeHistory_LoadsCompleteAndInOrder(string entityKind)
    {
        var kind = Kind(entityKind);
        var length = LargeHistoryLength;
        await using var storage = await OpenAsync();
        var store = kind.View(storage);
        var created = await CreateAsync(store, kind, "E-1", entries: length / 2);
        var (entity, token) = (created.Entity, created.Token);
        var chunk = Math.Max(1, length / 20);
        for (var written = length / 2; written < length; written += chunk)
        {
            var next = kind.Append(entity, Math.Min(chunk, length - written), KindSamples.Start + Duration.FromSeconds(written), $"agent-{written}");
            var update = Update(kind, "E-1", token, entity, next);
            await store.SaveAsync(update);
            (entity, token) = (next, update.Token);
        }

        var loaded = await store.GetAsync("E-1");
        Assert.Equal(length, kind.HistoryCount(loaded.Entity));
        Assert.Equal(kind.History(entity), kind.History(loaded.Entity));
        Assert.Equal(entity, loaded.Entity);
    }

    /// <summary>
    /// Instants are stored exactly, at both ends of the supported range (1900-01-01 and 2200-12-31 UTC) and to the
    /// nanosecond: in the snapshot, in the due work and in the due-work query.
    /// </summary>
    /// <param name="entityKind">The entity kind.</param>
    /// <returns>A task that completes when the test has run.</returns>
    [Theory]
    [MemberData(nameof(EntityKinds), MemberType = typeof(StorageConformanceTests))]
    public virtual async Task SaveAsync_InstantsAtTheRangeEndsAndNanoseconds_AreStoredExactly(string entityKind)
    {
        var kind = Kind(entityKind);
        Instant[] instants =
        [
            EarliestInstant,
            EarliestInstant + Duration.FromNanoseconds(1),
            Instant.FromUnixTimeTicks(-1) + Duration.FromNanoseconds(1),
            KindSamples.Start + Duration.FromNanoseconds(1),
            KindSamples.Start + Duration.FromNanoseconds(100),
            KindSamples.Start + Duration.FromNanoseconds(999),
            LatestInstant - Duration.FromNanoseconds(1),
            LatestInstant,
        ];
        await using var storage = await OpenAsync();
        var store = kind.View(storage);
        var changes = new List<Change>();
        for (var i = 0; i < instants.Length; i++)
        {
            var id = $"E-{i}";
            var change = Creation(kind, id, kind.New(id, instants[i]), instants[i]);
            await store.SaveAsync(change);
            changes.Add(change);
        }

        foreach (var change in changes)
        {
            AssertStored(kind, change, await store.FindAsync(change.Id));
        }

        Assert.Equal(changes.Select(c => (c.Id, c.NextDueAt!.Value)), (await store.ListDueAsync(LatestInstant, AllRows)).Select(d => (d.Id, d.NextDueAt)));
        for (var i = 0; i < instants.Length; i++)
        {
            var due = await store.ListDueAsync(instants[i], AllRows);
            Assert.Equal(changes.Take(i + 1).Select(c => c.Id), due.Select(d => d.Id));
            Assert.Equal(changes.Take(i).Select(c => c.Id), (await store.ListDueAsync(instants[i] - Duration.FromNanoseconds(1), AllRows)).Select(d => d.Id));
        }
    }

    /// <summary>Identifiers are compared ordinally and kept as given: ids differing only in case, non-ASCII ids and ids of the maximum length (128) are distinct entities.</summary>
    /// <param name="entityKind">The entity kind.</param>
    /// <returns>A task that completes when the test has run.</returns>
    [Theory]
    [MemberData(nameof(EntityKinds), MemberType = typeof(StorageConformanceTests))]
    public virtual async Task SaveAsync_IdsDifferingInCaseOrScript_AreDistinctEntities(string entityKind)
    {
        var kind = Kind(entityKind);
        string[] ids = ["case-a", "CASE-A", "Case-A", "工单-1", "工单-2", "e\u0301-1", "\u00e9-1", new string('x', 127) + "1", new string('x', 127) + "2"];
        await using var storage = await OpenAsync();
        var store = kind.View(storage);
        var changes = new List<Change>();
        for (var i = 0; i < ids.Length; i++)
        {
            changes.Add(await CreateAsync(store, kind, ids[i], KindSamples.Start + Duration.FromMinutes(i), entries: i % 3));
        }

        foreach (var change in changes)
        {
            AssertStored(kind, change, await store.FindAsync(change.Id));
        }

        Assert.Equal(ids, (await store.ListDueAsync(LatestInstant, AllRows)).Select(d => d.Id));
        Assert.Equal(ids, (await storage.Outbox.ListDeliverableAsync(LatestInstant, AllRows)).Select(m => m.EntityId));
    }

    /// <summary>The three kinds are stored apart: the same id in two kinds names two entities, and each kind's due-work query lists only its own.</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task SaveAsync_SameIdInEveryKind_StoresIndependentEntities()
    {
        await using var storage = await OpenAsync();
        var changes = new List<(KindSamples Kind, Change Change)>();
        for (var i = 0; i < KindSamples.All.Count; i++)
        {
            var kind = KindSamples.All[i];
            changes.Add((kind, await CreateAsync(kind.View(storage), kind, "X-1", KindSamples.Start + Duration.FromMinutes(i), entries: i)));
        }

        foreach (var (kind, change) in changes)
        {
            var store = kind.View(storage);
            AssertStored(kind, change, await store.FindAsync("X-1"));
            Assert.Equal([new DueEntity("X-1", ConcurrencyToken.Initial, change.NextDueAt!.Value, change.Due)], await store.ListDueAsync(LatestInstant, AllRows));
        }

        // Updating the ticket does not touch the complaint or the callback of the same id.
        var ticket = changes[0];
        await ticket.Kind.View(storage).SaveAsync(Update(ticket.Kind, "X-1", ConcurrencyToken.Initial, ticket.Change.Entity, ticket.Kind.Append(ticket.Change.Entity, 1, KindSamples.Start, "agent-1")));
        foreach (var (kind, change) in changes.Skip(1))
        {
            AssertStored(kind, change, await kind.View(storage).FindAsync("X-1"));
        }

        AssertMessages(
            [.. changes.SelectMany(c => c.Change.Messages), .. Messages(ticket.Kind, "X-1", ConcurrencyToken.Initial.Next(), ticket.Kind.Append(ticket.Change.Entity, 1, KindSamples.Start, "agent-1"), 1)],
            await storage.Outbox.ListDeliverableAsync(LatestInstant, AllRows));
    }

    /// <summary>Bad arguments throw the documented argument exceptions and write nothing.</summary>
    /// <param name="entityKind">The entity kind.</param>
    /// <returns>A task that completes when the test has run.</returns>
    [Theory]
    [MemberData(nameof(EntityKinds), MemberType = typeof(StorageConformanceTests))]
    public virtual async Task EntityStore_BadArguments_ThrowArgumentExceptions(string entityKind)
    {
        var kind = Kind(entityKind);
        await using var storage = await OpenAsync();
        var store = kind.View(storage);
        await CreateAsync(store, kind, "E-1", KindSamples.Start);
        var before = await ObserveAsync(storage, (kind.Kind, "E-1"));

        await Assert.ThrowsAsync<ArgumentNullException>(async () => await store.FindAsync(null!));
        await Assert.ThrowsAsync<ArgumentNullException>(async () => await store.SaveNullAsync());
        await Assert.ThrowsAsync<ArgumentNullException>(async () => await store.DeferAsync(null!, ConcurrencyToken.Initial, KindSamples.Start));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await store.ListDueAsync(LatestInstant, -1));

        await AssertUnchangedAsync(storage, before, (kind.Kind, "E-1"));
    }

    /// <summary>A second handle on the same database (a new connection) reads back everything written: snapshots, tokens, due work, and pending and failed messages.</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task ReopenStorageAsync_AfterWrites_ReadsEverythingBack()
    {
        if (!SupportsReopen)
        {
            return; // An adapter without a durable database has nothing to reopen.
        }

        await using var storage = await OpenAsync();
        var written = new List<(KindSamples Kind, Change Change)>();
        foreach (var kind in KindSamples.All)
        {
            foreach (var change in await kind.ScriptAsync("R-1"))
            {
                await kind.View(storage).SaveAsync(change);
                written.Add((kind, change));
            }
        }

        var first = (await storage.Outbox.ListDeliverableAsync(LatestInstant, 1))[0];
        Assert.True(await storage.Outbox.MarkFailedAsync(first.Id, 2, KindSamples.Start, "TimeoutException"));
        var before = await ObserveAsync(storage, [.. KindSamples.All.Select(k => (k.Kind, "R-1"))]);

        await using (var reopened = await ReopenStorageAsync(storage))
        {
            foreach (var kind in KindSamples.All)
            {
                AssertStored(kind, written.Last(w => w.Kind == kind).Change, await kind.View(reopened).FindAsync("R-1"));
            }

            await AssertUnchangedAsync(reopened, before, [.. KindSamples.All.Select(k => (k.Kind, "R-1"))]);
            var failed = (await reopened.Outbox.ListDeliverableAsync(LatestInstant, 1))[0];
            Assert.Equal(first with { Attempts = 2, NextAttemptAt = KindSamples.Start, LastError = "TimeoutException" }, failed);
        }
    }
}
