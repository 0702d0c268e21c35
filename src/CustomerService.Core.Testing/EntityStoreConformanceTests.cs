using System.Globalization;
using CustomerService.Core.Storage;
using NodaTime;

namespace CustomerService.Core.Testing;

/// <summary>
/// The conformance kit of one entity store of any snapshot type — a kind a package defines (the knowledge base's
/// articles, say) kept through <see cref="IEntityStore{TEntity}"/> — checking the contract of <c>docs/storage.md</c> with
/// snapshots the derived class makes: optimistic concurrency on the token, nothing written by a refused save, history
/// appended exactly once, loads equal to saves, the due-work query at its boundaries, deferral, ids compared ordinally,
/// concurrent writers, batches and cancellation. Derive a test class, implement <see cref="CreateStoreAsync"/> and the
/// sample hooks; xunit runs every inherited test.
/// </summary>
/// <remarks>
/// <para>
/// <see cref="StorageConformanceTests"/> checks the library's own kinds (tickets, complaints, callbacks) and the outbox;
/// this kit checks one more kind of a store that already passes it, without outbox messages. Each test asks for a fresh,
/// empty store; the kit does not dispose it (release a file or schema from the derived class). Every test is
/// <see langword="virtual"/>.
/// </para>
/// </remarks>
/// <typeparam name="TEntity">The snapshot type: an immutable record with value equality, its history included.</typeparam>
/// <threadsafety>xunit creates one instance per test; instances are not shared between threads, but the tests themselves call the store from many threads.</threadsafety>
public abstract class EntityStoreConformanceTests<TEntity>
    where TEntity : class
{
    /// <summary>The instant the kit's samples start from: 2026-03-02T01:00:00Z.</summary>
    protected static readonly Instant Start = Instant.FromUtc(2026, 3, 2, 1, 0);

    private const int AllRows = 1_000_000;

    /// <summary>Gets the entity kind the store reports in <see cref="ConcurrencyConflictException.EntityKind"/>.</summary>
    /// <value>For example <c>Article</c>.</value>
    protected abstract string EntityKind { get; }

    /// <summary>Gets a value indicating whether the adapter can open a second store on the same database (<see cref="ReopenStoreAsync"/>).</summary>
    /// <value>The default value is <see langword="false"/>.</value>
    protected virtual bool SupportsReopen => false;

    /// <summary>Gets how many tasks write one entity at once in <see cref="SaveAsync_ConcurrentWritersWithRetry_LoseAndDuplicateNothing"/>.</summary>
    /// <value>The default value is 4.</value>
    protected virtual int ConcurrentWriters => 4;

    /// <summary>Gets how many successful updates each concurrent writer makes.</summary>
    /// <value>The default value is 50.</value>
    protected virtual int UpdatesPerWriter => 50;

    /// <summary>Creates a fresh, empty store.</summary>
    /// <returns>The store.</returns>
    protected abstract ValueTask<IEntityStore<TEntity>> CreateStoreAsync();

    /// <summary>Opens a second store on the database behind <paramref name="store"/> when <see cref="SupportsReopen"/> is <see langword="true"/>.</summary>
    /// <param name="store">A store made by <see cref="CreateStoreAsync"/>.</param>
    /// <returns>A new store over the same data.</returns>
    /// <exception cref="NotSupportedException">Thrown by the default implementation.</exception>
    protected virtual ValueTask<IEntityStore<TEntity>> ReopenStoreAsync(IEntityStore<TEntity> store) =>
        throw new NotSupportedException("Override ReopenStoreAsync and return true from SupportsReopen to run the reopen test.");

    /// <summary>Makes a new entity, as the package's lifecycle creates it (no history yet).</summary>
    /// <param name="id">Its id.</param>
    /// <param name="at">Its creation instant.</param>
    /// <returns>The entity.</returns>
    protected abstract TEntity NewEntity(string id, Instant at);

    /// <summary>Returns the entity with one more history entry, made by the package's lifecycle, recorded at <paramref name="at"/> by <paramref name="actor"/>.</summary>
    /// <param name="entity">The entity.</param>
    /// <param name="at">The instant of the change.</param>
    /// <param name="actor">Who makes it.</param>
    /// <returns>The changed entity.</returns>
    protected abstract TEntity Append(TEntity entity, Instant at, string actor);

    /// <summary>Counts the entity's history entries.</summary>
    /// <param name="entity">The entity.</param>
    /// <returns>The number of entries.</returns>
    protected abstract int HistoryCount(TEntity entity);

    /// <summary>An unknown id loads as <see langword="null"/>, alone and in a batch.</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task FindAsync_UnknownId_ReturnsNull()
    {
        var store = await CreateStoreAsync();
        Assert.Null(await store.FindAsync("missing"));
        Assert.Equal([null, null], await store.FindManyAsync(["missing", "other"]));
    }

    /// <summary>A creation stores the snapshot, the initial token and the due work, and loads back equal.</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task SaveAsync_Creation_LoadsBackEqual()
    {
        var store = await CreateStoreAsync();
        var entity = Append(NewEntity("E-1", Start), Start, "agent-1");
        var change = Create("E-1", entity, Start + Duration.FromHours(1));
        await store.SaveAsync(change);

        AssertStored(change, await store.FindAsync("E-1"));
        var many = await store.FindManyAsync(["E-1", "missing", "E-1"]);
        AssertStored(change, many[0]);
        Assert.Null(many[1]);
        AssertStored(change, many[2]);
    }

    /// <summary>Creating an existing id, updating with a stale token and updating an unknown id conflict and write nothing.</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task SaveAsync_Conflicts_WriteNothing()
    {
        var store = await CreateStoreAsync();
        var first = Create("E-1", NewEntity("E-1", Start), Start + Duration.FromHours(1));
        await store.SaveAsync(first);
        var before = await store.FindAsync("E-1");

        var again = await Assert.ThrowsAsync<ConcurrencyConflictException>(async () => await store.SaveAsync(Create("E-1", Append(NewEntity("E-1", Start), Start, "x"), null)));
        Assert.Equal(EntityKind, again.EntityKind);
        Assert.Equal("E-1", again.Id);

        var stale = new ConcurrencyToken(first.Token.Value + 7);
        await Assert.ThrowsAsync<ConcurrencyConflictException>(async () => await store.SaveAsync(Update("E-1", stale, first.Entity, Append(first.Entity, Start, "x"), null)));
        await Assert.ThrowsAsync<ConcurrencyConflictException>(async () => await store.SaveAsync(Update("E-2", ConcurrencyToken.Initial, first.Entity, Append(first.Entity, Start, "x"), null)));

        Assert.Equal(before, await store.FindAsync("E-1"));
        Assert.Null(await store.FindAsync("E-2"));
        Assert.Equal([new DueEntity("E-1", first.Token, Start + Duration.FromHours(1), first.Due)], await store.ListDueAsync(Start + Duration.FromDays(1), AllRows));
    }

    /// <summary>Replaying a save that succeeded conflicts and appends the history once; every write replaces the token.</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task SaveAsync_Replay_ConflictsAndAppendsOnce()
    {
        var store = await CreateStoreAsync();
        var created = Create("E-1", NewEntity("E-1", Start), null);
        await store.SaveAsync(created);
        var update = Update("E-1", created.Token, created.Entity, Append(created.Entity, Start + Duration.FromMinutes(1), "agent-1"), null);
        await store.SaveAsync(update);

        await Assert.ThrowsAsync<ConcurrencyConflictException>(async () => await store.SaveAsync(update));
        var loaded = await store.FindAsync("E-1");
        AssertStored(update, loaded);
        Assert.Equal(HistoryCount(created.Entity) + 1, HistoryCount(loaded!.Entity));
        Assert.NotEqual(created.Token, loaded.Token);
    }

    /// <summary>Many appends keep the whole history, in order, and each save loads back equal.</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task SaveAsync_ManyAppends_KeepHistoryCompleteAndInOrder()
    {
        var store = await CreateStoreAsync();
        var change = Create("E-1", NewEntity("E-1", Start), null);
        await store.SaveAsync(change);
        for (var i = 1; i <= 120; i++)
        {
            var next = Append(change.Entity, Start + Duration.FromSeconds(i), "agent-" + (i % 3).ToString(CultureInfo.InvariantCulture));
            change = Update("E-1", change.Token, change.Entity, next, i % 2 == 0 ? Start + Duration.FromDays(i) : null);
            await store.SaveAsync(change);
            if (i % 20 == 0)
            {
                AssertStored(change, await store.FindAsync("E-1"));
            }
        }

        Assert.Equal(HistoryCount(change.Entity), HistoryCount((await store.FindAsync("E-1"))!.Entity));
    }

    /// <summary>The due-work query: at its boundary instant, ordered by instant then ordinal id, at most <c>maxCount</c>, never entities without due work.</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task ListDueAsync_BoundariesAndOrder_AsTheContractSays()
    {
        var store = await CreateStoreAsync();
        var at = Start + Duration.FromDays(3);
        string[] ids = ["b", "a9", "A", "_", "a10", "B", "a"];
        foreach (var id in ids)
        {
            await store.SaveAsync(Create(id, NewEntity(id, Start), at));
        }

        await store.SaveAsync(Create("early", NewEntity("early", Start), at - Duration.FromNanoseconds(1)));
        await store.SaveAsync(Create("none", NewEntity("none", Start), null));

        Assert.Equal(["early"], (await store.ListDueAsync(at - Duration.FromNanoseconds(1), AllRows)).Select(d => d.Id));
        var due = await store.ListDueAsync(at, AllRows);
        Assert.Equal(["early", .. ids.Order(StringComparer.Ordinal)], due.Select(d => d.Id));
        Assert.Equal(3, (await store.ListDueAsync(at, 3)).Count);
        Assert.Empty(await store.ListDueAsync(at, 0));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await store.ListDueAsync(at, -1));
    }

    /// <summary>An update moves, re-flags and removes due work.</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task SaveAsync_Update_MovesAndRemovesDueWork()
    {
        var store = await CreateStoreAsync();
        var created = Create("E-1", NewEntity("E-1", Start), Start + Duration.FromHours(1));
        await store.SaveAsync(created);
        var moved = Update("E-1", created.Token, created.Entity, Append(created.Entity, Start, "a"), Start + Duration.FromHours(5));
        await store.SaveAsync(moved);
        Assert.Empty(await store.ListDueAsync(Start + Duration.FromHours(4), AllRows));
        Assert.Equal([new DueEntity("E-1", moved.Token, Start + Duration.FromHours(5), moved.Due)], await store.ListDueAsync(Start + Duration.FromHours(5), AllRows));

        var removed = Update("E-1", moved.Token, moved.Entity, Append(moved.Entity, Start, "a"), null);
        await store.SaveAsync(removed);
        Assert.Empty(await store.ListDueAsync(Instant.FromUtc(2200, 1, 1, 0, 0), AllRows));
        AssertStored(removed, await store.FindAsync("E-1"));
    }

    /// <summary>A deferral with the stored token moves only the due work (<see cref="DueWork.Retry"/>, the next token); a stale token or an unknown id returns <see langword="false"/> and writes nothing.</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task DeferAsync_StoredAndStaleTokens_AsTheContractSays()
    {
        var store = await CreateStoreAsync();
        var created = Create("E-1", NewEntity("E-1", Start), Start + Duration.FromHours(1));
        await store.SaveAsync(created);
        var later = Start + Duration.FromHours(2);

        Assert.False(await store.DeferAsync("E-1", created.Token.Next(), later));
        Assert.False(await store.DeferAsync("missing", created.Token, later));
        AssertStored(created, await store.FindAsync("E-1"));

        Assert.True(await store.DeferAsync("E-1", created.Token, later));
        var loaded = await store.FindAsync("E-1");
        Assert.Equal(created.Entity, loaded!.Entity);
        Assert.Equal(created.Token.Next(), loaded.Token);
        Assert.Equal(later, loaded.NextDueAt);
        Assert.Equal(DueWork.Retry, loaded.Due);
        await Assert.ThrowsAsync<ConcurrencyConflictException>(async () => await store.SaveAsync(Update("E-1", created.Token, created.Entity, Append(created.Entity, Start, "a"), null)));
    }

    /// <summary>Ids differing only in case, or 128 characters long and not ASCII, name distinct entities.</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task SaveAsync_TrickyIds_AreDistinct()
    {
        var store = await CreateStoreAsync();
        string[] ids = ["case", "CASE", "Case", new string('知', 128)];
        var entities = ids.Select(id => Append(NewEntity(id, Start), Start, "agent-" + id)).ToArray();
        for (var i = 0; i < ids.Length; i++)
        {
            await store.SaveAsync(Create(ids[i], entities[i], null));
        }

        for (var i = 0; i < ids.Length; i++)
        {
            Assert.Equal(entities[i], (await store.FindAsync(ids[i]))!.Entity);
        }
    }

    /// <summary>Concurrent writers of one entity that reload and retry on a conflict: each successful save's entry exactly once, the token advanced once per save.</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task SaveAsync_ConcurrentWritersWithRetry_LoseAndDuplicateNothing()
    {
        var store = await CreateStoreAsync();
        var created = Create("E-1", NewEntity("E-1", Start), null);
        await store.SaveAsync(created);

        var writers = Enumerable.Range(0, ConcurrentWriters).Select(w => Task.Run(async () =>
        {
            for (var done = 0; done < UpdatesPerWriter;)
            {
                var stored = (await store.FindAsync("E-1"))!;
                var next = Append(stored.Entity, Start + Duration.FromSeconds(done), "writer-" + w.ToString(CultureInfo.InvariantCulture));
                try
                {
                    await store.SaveAsync(Update("E-1", stored.Token, stored.Entity, next, null));
                    done++;
                }
                catch (ConcurrencyConflictException)
                {
                    // Another writer won: reload and retry.
                }
            }
        })).ToArray();
        await Task.WhenAll(writers);

        var loaded = (await store.FindAsync("E-1"))!;
        Assert.Equal(HistoryCount(created.Entity) + (ConcurrentWriters * UpdatesPerWriter), HistoryCount(loaded.Entity));
        Assert.Equal(created.Token.Value + (ConcurrentWriters * UpdatesPerWriter), loaded.Token.Value);
    }

    /// <summary>Every method with a cancelled token throws <see cref="OperationCanceledException"/> and writes nothing; bad arguments throw before anything is written.</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task Methods_CancelledOrBadArguments_ThrowAndWriteNothing()
    {
        var store = await CreateStoreAsync();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        var creation = Create("E-1", NewEntity("E-1", Start), Start);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await store.SaveAsync(creation, cancelled.Token));
        Assert.Null(await store.FindAsync("E-1"));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await store.FindAsync("E-1", cancelled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await store.FindManyAsync(["E-1"], cancelled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await store.ListDueAsync(Start, 10, cancelled.Token));
        await store.SaveAsync(creation);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await store.DeferAsync("E-1", creation.Token, Start + Duration.FromDays(1), cancelled.Token));
        AssertStored(creation, await store.FindAsync("E-1"));

        await Assert.ThrowsAsync<ArgumentNullException>(async () => await store.FindAsync(null!));
        await Assert.ThrowsAsync<ArgumentNullException>(async () => await store.SaveAsync(null!));
        await Assert.ThrowsAsync<ArgumentNullException>(async () => await store.FindManyAsync(null!));
        await Assert.ThrowsAsync<ArgumentNullException>(async () => await store.DeferAsync(null!, creation.Token, Start));
        AssertStored(creation, await store.FindAsync("E-1"));
    }

    /// <summary>A second store on the same database reads back snapshots, tokens and due work, and goes on from them.</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task Reopen_ReadsBackEverything()
    {
        if (!SupportsReopen)
        {
            return;
        }

        var store = await CreateStoreAsync();
        var created = Create("E-1", Append(NewEntity("E-1", Start), Start, "agent-1"), Start + Duration.FromHours(3));
        await store.SaveAsync(created);
        var reopened = await ReopenStoreAsync(store);
        AssertStored(created, await reopened.FindAsync("E-1"));
        var update = Update("E-1", created.Token, created.Entity, Append(created.Entity, Start, "agent-2"), null);
        await reopened.SaveAsync(update);
        AssertStored(update, await store.FindAsync("E-1"));
    }

    private static EntityChange<TEntity> Create(string id, TEntity entity, Instant? nextDueAt) =>
        new(id, entity, null, ConcurrencyToken.Initial, 0, nextDueAt, nextDueAt is null ? DueWork.None : DueWork.SlaChange, null);

    private EntityChange<TEntity> Update(string id, ConcurrencyToken expected, TEntity before, TEntity entity, Instant? nextDueAt) =>
        new(id, entity, expected, expected.Next(), HistoryCount(before), nextDueAt, nextDueAt is null ? DueWork.None : DueWork.AutoClose, null);

    private static void AssertStored(EntityChange<TEntity> change, StoredEntity<TEntity>? loaded)
    {
        Assert.NotNull(loaded);
        Assert.Equal(change.Entity, loaded.Entity);
        Assert.Equal(change.Token, loaded.Token);
        Assert.Equal(change.NextDueAt, loaded.NextDueAt);
        Assert.Equal(change.Due, loaded.Due);
    }
}
