using System.Globalization;
using CustomerService.Core.Callbacks;
using CustomerService.Core.Complaints;
using CustomerService.Core.Storage;
using CustomerService.Core.Testing.Internal;
using CustomerService.Core.Tickets;
using NodaTime;

namespace CustomerService.Core.Testing;

/// <summary>
/// The storage conformance kit: the tests every storage adapter (<see cref="IEntityStore{TEntity}"/> for tickets,
/// complaints and callbacks, and their <see cref="IOutboxStore"/>) must pass. Derive a test class in the adapter's test
/// project and implement <see cref="CreateStorageAsync"/>; xunit runs every inherited test against the adapter.
/// </summary>
/// <remarks>
/// <para>
/// The tests check only public behaviour, as <c>docs/storage.md</c> and the XML docs of <see cref="IEntityStore{TEntity}"/>
/// and <see cref="IOutboxStore"/> state it: optimistic concurrency on the token (nothing written on a conflict, replays
/// refused, every write replacing the token), snapshots that load equal to what was saved (history, SLA clocks and
/// instants to the nanosecond included), the due-work query at its boundaries, the transactional outbox and its per-entity
/// order, concurrent writers, large histories and cancellation. The data are real snapshots and events made by the
/// library's lifecycles and services, so an adapter that serializes them is exercised on every field.
/// </para>
/// <para>
/// Each test asks for a fresh, empty database, so tests may run in any order. Every test is <see langword="virtual"/>: an
/// adapter that cannot meet one (say, while a feature is being built) overrides it visibly in its own code. The sizes of
/// the heavy tests are <see langword="virtual"/> properties for slow databases; lower them only by an explicit override.
/// Optional features are announced by capability properties (<see cref="SupportsReopen"/>).
/// </para>
/// </remarks>
/// <example>
/// <code language="csharp">
/// public sealed class SqliteStorageConformanceTests : StorageConformanceTests
/// {
///     protected override async ValueTask&lt;ConformanceStorage&gt; CreateStorageAsync()
///     {
///         var database = await SqliteTestDatabase.CreateAsync(); // a new file per test
///         return new ConformanceStorage(database.Tickets, database.Complaints, database.Callbacks, database.Outbox, database.DisposeAsync);
///     }
/// }
/// </code>
/// </example>
/// <threadsafety>xunit creates one instance per test; instances are not shared between threads, but the tests themselves call the stores from many threads.</threadsafety>
public abstract partial class StorageConformanceTests
{
    /// <summary>The earliest instant the kit stores: 1900-01-01T00:00:00Z (the library's calendars start there).</summary>
    protected static readonly Instant EarliestInstant = Instant.FromUtc(1900, 1, 1, 0, 0);

    /// <summary>The latest instant the kit stores: 2200-12-31T23:59:59.999999999Z.</summary>
    protected static readonly Instant LatestInstant = Instant.FromUtc(2200, 12, 31, 23, 59, 59) + Duration.FromNanoseconds(999_999_999);

    private const int AllRows = 1_000_000;

    /// <summary>Gets the entity kinds the parameterized tests run for.</summary>
    /// <value><see cref="TicketService.EntityKind"/>, <see cref="ComplaintService.EntityKind"/> and <see cref="CallbackService.EntityKind"/>.</value>
    public static TheoryData<string> EntityKinds => new() { TicketService.EntityKind, ComplaintService.EntityKind, CallbackService.EntityKind };

    /// <summary>Gets a value indicating whether the adapter can open a second handle on the same database (<see cref="ReopenStorageAsync"/>).</summary>
    /// <value>The default value is <see langword="false"/>; return <see langword="true"/> from a durable adapter so the kit checks that everything written is read back through a new connection, not from a cache.</value>
    protected virtual bool SupportsReopen => false;

    /// <summary>Gets a value indicating whether the adapter supports claims: its entity stores are <see cref="IClaimableEntityStore{TEntity}"/> and its outbox an <see cref="IClaimableOutboxStore"/>.</summary>
    /// <value>
    /// The default value is <see langword="false"/>: the claim tests then check only that the stores do not advertise the
    /// claim interfaces (the services would take the claim path). Return <see langword="true"/> from an adapter for several
    /// nodes so the kit checks exclusive claims, lease expiry and hand-over, stale completions and per-entity outbox order
    /// across owners.
    /// </value>
    protected virtual bool SupportsClaims => false;

    /// <summary>Gets the lease the claim tests let expire (they wait for it, so keep it short).</summary>
    /// <value>The default value is 1.5 seconds; a store whose clock is coarse or whose calls are slow may lengthen it.</value>
    protected virtual Duration ShortLease => Duration.FromMilliseconds(1500);

    /// <summary>Gets how many tasks write one entity at once in <see cref="SaveAsync_ConcurrentWritersWithRetry_LoseAndDuplicateNothing"/>.</summary>
    /// <value>The default value is 8.</value>
    protected virtual int ConcurrentWriters => 8;

    /// <summary>Gets how many successful updates each concurrent writer makes.</summary>
    /// <value>The default value is 1,000 (8,000 saves of one entity in all).</value>
    protected virtual int UpdatesPerWriter => 1_000;

    /// <summary>Gets the length of the history in <see cref="SaveAsync_LargeHistory_LoadsCompleteAndInOrder"/>.</summary>
    /// <value>The default value is 5,000 entries.</value>
    protected virtual int LargeHistoryLength => 5_000;

    /// <summary>Gets how many random operations <see cref="StoreAndOutbox_RandomOperations_MatchTheReferenceModel"/> runs per seed.</summary>
    /// <value>The default value is 400.</value>
    protected virtual int RandomOperationCount => 400;

    /// <summary>Creates the stores and the outbox of one fresh, empty database.</summary>
    /// <returns>The storage; the kit disposes it when the test ends.</returns>
    protected abstract ValueTask<ConformanceStorage> CreateStorageAsync();

    /// <summary>Opens a second handle on the database behind <paramref name="storage"/> (a new connection, a new store instance), when <see cref="SupportsReopen"/> is <see langword="true"/>.</summary>
    /// <param name="storage">A storage made by <see cref="CreateStorageAsync"/>, still open.</param>
    /// <returns>A new storage over the same data; the kit disposes it before <paramref name="storage"/>.</returns>
    /// <exception cref="NotSupportedException">Thrown by the default implementation.</exception>
    protected virtual ValueTask<ConformanceStorage> ReopenStorageAsync(ConformanceStorage storage) =>
        throw new NotSupportedException("Override ReopenStorageAsync and return true from SupportsReopen to run the reopen tests.");

    private async ValueTask<ConformanceStorage> OpenAsync() =>
        await CreateStorageAsync() ?? throw new InvalidOperationException("CreateStorageAsync returned null.");

    private static KindSamples Kind(string entityKind) => KindSamples.Of(entityKind);

    /// <summary>A message id as the services make them: kind, entity, token of the write, index.</summary>
    private static string MessageId(string kind, string id, ConcurrencyToken token, int index) =>
        string.Create(CultureInfo.InvariantCulture, $"{kind}/{id}/{token.Value}/{index}");

    private static OutboxMessage[] Messages(KindSamples kind, string id, ConcurrencyToken token, object entity, int count)
    {
        var messages = new OutboxMessage[count];
        for (var i = 0; i < count; i++)
        {
            var messageId = MessageId(kind.Kind, id, token, i);
            messages[i] = new OutboxMessage { Id = messageId, EntityKind = kind.Kind, EntityId = id, Event = kind.EventOf(entity, messageId) };
        }

        return messages;
    }

    /// <summary>A creation of <paramref name="entity"/> with one outbox message (by default) and the given due work.</summary>
    private static Change Creation(KindSamples kind, string id, object entity, Instant? nextDueAt = null, int messages = 1, DueWork due = DueWork.SlaChange) =>
        new(id, entity, null, 0, nextDueAt, nextDueAt is null ? DueWork.None : due, Messages(kind, id, ConcurrencyToken.Initial, entity, messages));

    /// <summary>An update from <paramref name="before"/> (the stored token and snapshot) to <paramref name="entity"/>.</summary>
    private static Change Update(KindSamples kind, string id, ConcurrencyToken expected, object before, object entity, Instant? nextDueAt = null, int messages = 1, DueWork due = DueWork.SlaChange) =>
        new(id, entity, expected, kind.HistoryCount(before), nextDueAt, nextDueAt is null ? DueWork.None : due, Messages(kind, id, expected.Next(), entity, messages));

    /// <summary>Stores a new entity (version 0 plus <paramref name="entries"/> history entries) and returns the change.</summary>
    private static async Task<Change> CreateAsync(StoreView store, KindSamples kind, string id, Instant? nextDueAt = null, int entries = 0, int messages = 1)
    {
        var entity = kind.Append(kind.New(id, KindSamples.Start), entries, KindSamples.Start, "agent-1");
        var change = Creation(kind, id, entity, nextDueAt, messages);
        await store.SaveAsync(change);
        return change;
    }

    /// <summary>Everything a test can observe of some entities, the due lists of every kind and the whole outbox.</summary>
    private static async Task<StorageSnapshot> ObserveAsync(ConformanceStorage storage, params (string Kind, string Id)[] entities)
    {
        var loaded = new List<Loaded?>();
        foreach (var (kind, id) in entities)
        {
            loaded.Add(await Kind(kind).View(storage).FindAsync(id));
        }

        var due = new List<IReadOnlyList<DueEntity>>();
        foreach (var kind in KindSamples.All)
        {
            due.Add(await kind.View(storage).ListDueAsync(LatestInstant, AllRows));
        }

        return new StorageSnapshot(loaded, due, await storage.Outbox.ListDeliverableAsync(LatestInstant, AllRows), await storage.Outbox.CountPendingAsync());
    }

    /// <summary>Asserts that nothing observable changed since <paramref name="before"/>.</summary>
    private static async Task AssertUnchangedAsync(ConformanceStorage storage, StorageSnapshot before, params (string Kind, string Id)[] entities)
    {
        var after = await ObserveAsync(storage, entities);
        for (var i = 0; i < entities.Length; i++)
        {
            Assert.Equal(before.Entities[i], after.Entities[i]);
        }

        for (var i = 0; i < before.Due.Count; i++)
        {
            Assert.Equal(before.Due[i], after.Due[i]);
        }

        Assert.Equal(before.Outbox, after.Outbox);
        Assert.Equal(before.Pending, after.Pending);
    }

    /// <summary>Asserts that a loaded entity is exactly what a change stored.</summary>
    private static void AssertStored(KindSamples kind, Change change, Loaded? loaded)
    {
        Assert.NotNull(loaded);
        Assert.Equal(change.Entity, loaded.Entity);
        Assert.Equal(kind.History(change.Entity), kind.History(loaded.Entity));
        Assert.Equal(change.Token, loaded.Token);
        Assert.Equal(change.NextDueAt, loaded.NextDueAt);
        Assert.Equal(change.Due, loaded.Due);
    }

    /// <summary>Asserts that the outbox holds exactly these messages, in this order, with store-assigned increasing sequences.</summary>
    private static void AssertMessages(IEnumerable<OutboxMessage> expected, IReadOnlyList<OutboxMessage> actual)
    {
        Assert.Equal(expected, actual.Select(m => m with { Sequence = 0 }));
        for (var i = 0; i < actual.Count; i++)
        {
            Assert.True(actual[i].Sequence > 0, "The store must assign every outbox message a positive sequence.");
            Assert.True(i == 0 || actual[i].Sequence > actual[i - 1].Sequence, "Outbox messages must be listed in increasing sequence order.");
        }
    }

    private static async Task<ConcurrencyConflictException> AssertConflictAsync(string kind, string id, ConcurrencyToken? expected, Func<Task> save)
    {
        var conflict = await Assert.ThrowsAsync<ConcurrencyConflictException>(save);
        Assert.Equal(kind, conflict.EntityKind);
        Assert.Equal(id, conflict.Id);
        Assert.Equal(expected, conflict.ExpectedToken);
        return conflict;
    }

    private sealed record StorageSnapshot(IReadOnlyList<Loaded?> Entities, IReadOnlyList<IReadOnlyList<DueEntity>> Due, IReadOnlyList<OutboxMessage> Outbox, long Pending);
}
