using System.Globalization;
using CustomerService.Core.Leads.Studio;
using CustomerService.Core.Storage;
using NodaTime;

namespace CustomerService.Core.Testing;

/// <summary>
/// The conformance kit of customer profile stores: the tests every <see cref="ICustomerProfileStore"/> must pass. Derive
/// a test class in the adapter's test project and implement <see cref="CreateStoreAsync"/>; xunit runs every inherited
/// test against the store.
/// </summary>
/// <remarks>
/// <para>
/// The tests check the public behaviour that <see cref="ICustomerProfileStore"/> and <c>docs/leads.md</c> state: a
/// creation stores version 1 and reads back equal (every field, personal data, dates, the reclassification's instant to
/// the nanosecond); a save with a stale version, a second creation of an id and an update of an unknown id throw
/// <see cref="ConcurrencyConflictException"/> (entity kind <see cref="CustomerProfile.EntityKind"/>) and change nothing —
/// the profile, its segment history and the listing are compared before and after; a segment assignment is appended by
/// the save that carries it and by no other (concurrent writers, conflicts); the history is oldest first; the listing
/// holds every profile once, in ordinal id order, across as many pages as the store reads; unknown ids read as
/// <see langword="null"/> and an empty history; bad arguments and cancelled tokens throw before anything is written; and
/// random sequences of every operation match a reference model.
/// </para>
/// <para>
/// Each test asks for a fresh, empty store. The kit does not dispose it: a store that holds resources (a file, a schema)
/// is released by the derived class (xunit disposes a test class that implements <see cref="IDisposable"/> or
/// <c>IAsyncLifetime</c>). Every test is <see langword="virtual"/>; the sizes of the heavy tests are
/// <see langword="virtual"/> properties, to lower only by an explicit override.
/// </para>
/// </remarks>
/// <example>
/// <code language="csharp">
/// public sealed class SqliteProfileStoreConformanceTests : CustomerProfileStoreConformanceTests, IDisposable
/// {
///     private readonly string _file = Path.GetTempFileName();
///     private readonly List&lt;SqliteDocumentStore&gt; _stores = [];
///
///     protected override ValueTask&lt;ICustomerProfileStore&gt; CreateStoreAsync() => new(Open());
///
///     private ICustomerProfileStore Open()
///     {
///         var store = new SqliteDocumentStore(new SqliteStorageOptions { ConnectionString = "Data Source=" + _file });
///         _stores.Add(store);
///         return new DocumentStorage(store).CustomerProfiles;
///     }
///
///     public void Dispose() => _stores.ForEach(s => s.Dispose());
/// }
/// </code>
/// </example>
/// <threadsafety>xunit creates one instance per test; instances are not shared between threads, but the tests themselves call the store from many threads.</threadsafety>
public abstract class CustomerProfileStoreConformanceTests
{
    /// <summary>The instant the kit's assignments and reclassifications start from: 2026-11-23T02:00:00Z.</summary>
    protected static readonly Instant Start = Instant.FromUtc(2026, 11, 23, 2, 0);

    /// <summary>Ids whose ordinal order differs from a case-insensitive, numeric or culture-aware one.</summary>
    private static readonly string[] TrickyIds = ["A", "B", "Z", "_", "a", "a10", "a9", "b", "z", "é", "客户-1"];

    /// <summary>Gets the store methods the cancellation test calls.</summary>
    /// <value>The method names of <see cref="ICustomerProfileStore"/>.</value>
    public static TheoryData<string> ProfileStoreMethods => new()
    {
        nameof(ICustomerProfileStore.FindAsync),
        nameof(ICustomerProfileStore.SaveAsync),
        nameof(ICustomerProfileStore.GetSegmentHistoryAsync),
        nameof(ICustomerProfileStore.ListAsync),
    };

    /// <summary>Gets a value indicating whether the adapter can open a second handle on the same database (<see cref="ReopenStoreAsync"/>).</summary>
    /// <value>The default value is <see langword="false"/>; return <see langword="true"/> from a durable adapter so the kit checks that everything written is read back through a new store, not from a cache.</value>
    protected virtual bool SupportsReopen => false;

    /// <summary>Gets how many profiles <see cref="ListAsync_ManyProfiles_ListsEachOnceInOrdinalIdOrder"/> stores.</summary>
    /// <value>The default value is 600: more than two pages of the document storage's listing (256 rows a page). An adapter that pages its listing otherwise should store more than two of its pages.</value>
    protected virtual int ListingProfileCount => 600;

    /// <summary>Gets how many tasks save one profile at once in the concurrency tests.</summary>
    /// <value>The default value is 8.</value>
    protected virtual int ConcurrentWriters => 8;

    /// <summary>Gets how many successful saves each concurrent writer makes in <see cref="SaveAsync_ConcurrentWritersWithRetry_LoseAndDuplicateNoAssignment"/>.</summary>
    /// <value>The default value is 50.</value>
    protected virtual int SavesPerWriter => 50;

    /// <summary>Gets how many random operations <see cref="ProfileStore_RandomOperations_MatchTheReferenceModel"/> runs per seed.</summary>
    /// <value>The default value is 300.</value>
    protected virtual int RandomOperationCount => 300;

    /// <summary>Creates a fresh, empty store.</summary>
    /// <returns>The store; the derived class releases what it holds when the test ends.</returns>
    protected abstract ValueTask<ICustomerProfileStore> CreateStoreAsync();

    /// <summary>Opens a second store on the database behind <paramref name="store"/> (a new connection, a new instance), when <see cref="SupportsReopen"/> is <see langword="true"/>.</summary>
    /// <param name="store">A store made by <see cref="CreateStoreAsync"/>, still open.</param>
    /// <returns>A new store over the same data.</returns>
    /// <exception cref="NotSupportedException">Thrown by the default implementation.</exception>
    protected virtual ValueTask<ICustomerProfileStore> ReopenStoreAsync(ICustomerProfileStore store) =>
        throw new NotSupportedException("Override ReopenStoreAsync and return true from SupportsReopen to run the reopen test.");

    /// <summary>A lookup of an id that was never stored returns <see langword="null"/> and an empty segment history.</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task FindAsync_UnknownId_ReturnsNullAndAnEmptyHistory()
    {
        var store = await OpenAsync();
        Assert.Null(await store.FindAsync("P-1"));
        Assert.Empty(await store.GetSegmentHistoryAsync("P-1"));
        await store.SaveAsync(Profile("P-1", 1), null, Assignment(1));

        Assert.Null(await store.FindAsync("P-2"));
        Assert.Null(await store.FindAsync("p-1"));
        Assert.Empty(await store.GetSegmentHistoryAsync("P-2"));
        Assert.Empty(await store.GetSegmentHistoryAsync("p-1"));
        Assert.Equal(["P-1"], (await ListAllAsync(store)).Select(p => p.Id));
    }

    /// <summary>
    /// A creation returns version 1 and the profile reads back equal with <see cref="CustomerProfile.Version"/> 1 (the
    /// version passed in is ignored): every field, empty ones, personal data in any script, dates of other calendars and
    /// the reclassification's instant to the nanosecond; long and non-ASCII ids.
    /// </summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task SaveAsync_Creation_ReturnsVersionOneAndReadsBackExact()
    {
        var store = await OpenAsync();
        CustomerProfile[] profiles =
        [
            Profile("P-1", 1) with { Version = 42 },
            new CustomerProfile("P-2"),
            Profile("P-3", 3) with
            {
                Name = "王小美",
                Address = "扬州市文昌路88号",
                Birthday = new LocalDate(1998, 4, 17, CalendarSystem.Julian),
                WeddingDate = LocalDate.MaxIsoValue,
                Reclassification = new Reclassification("D", "playbook ended without a deal", Instant.FromUtc(2262, 4, 11, 23, 47, 16) + Duration.FromNanoseconds(854_775_807)),
            },
            Profile(new string('x', 120) + "-客户-é", 4),
        ];

        foreach (var profile in profiles)
        {
            Assert.Equal(1, await store.SaveAsync(profile, null));
        }

        foreach (var profile in profiles)
        {
            Assert.Equal(profile with { Version = 1 }, await store.FindAsync(profile.Id));
            Assert.Empty(await store.GetSegmentHistoryAsync(profile.Id));
        }

        Assert.Equal(profiles.Select(p => p with { Version = 1 }).OrderBy(p => p.Id, StringComparer.Ordinal), await ListAllAsync(store));
    }

    /// <summary>A save with the stored version replaces the whole profile (fields cleared included) and returns the next version.</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task SaveAsync_UpdateWithStoredVersion_ReplacesTheProfileAndBumpsTheVersion()
    {
        var store = await OpenAsync();
        var created = Profile("P-1", 1);
        await store.SaveAsync(created, null);

        var first = created with { Segment = "D", Reclassification = new Reclassification("D", "desk", Start + Duration.FromNanoseconds(1)), Store = "SZ-2" };
        Assert.Equal(2, await store.SaveAsync(first, 1));
        var second = first with { Name = null, Phone = null, Address = null, Birthday = null, Reclassification = null, HasPartner = null, OrderCustomer = false, Segment = "A" };
        Assert.Equal(3, await store.SaveAsync(second, 2));

        Assert.Equal(second with { Version = 3 }, await store.FindAsync("P-1"));
        Assert.Equal([second with { Version = 3 }], await ListAllAsync(store));
    }

    /// <summary>A save with a stale version (older or newer than the stored one) throws a conflict naming the kind, id and expected version, and changes nothing: profile, history and listing.</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task SaveAsync_StaleVersion_ThrowsConflictAndChangesNothing()
    {
        var store = await OpenAsync();
        await store.SaveAsync(Profile("P-1", 1), null, Assignment(1));
        await store.SaveAsync(Profile("P-1", 2), 1);
        await store.SaveAsync(Profile("P-2", 3), null, Assignment(2));
        var before = await ObserveAsync(store, "P-1", "P-2");

        foreach (var stale in new long[] { 1, 3, long.MaxValue })
        {
            var conflict = await AssertConflictAsync("P-1", stale, async () => await store.SaveAsync(Profile("P-1", 9), stale, Assignment(9)));
            Assert.True(conflict.ActualToken is null || conflict.ActualToken.Value.Value == 2, "A conflict that reads the stored version must report the stored one (2).");
        }

        await AssertUnchangedAsync(store, before);
    }

    /// <summary>Creating an id that exists and updating an id never stored throw a conflict and change nothing; the assignment passed is not appended.</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task SaveAsync_CreationOfExistingIdOrUpdateOfUnknownId_ThrowsConflictAndChangesNothing()
    {
        var store = await OpenAsync();
        await store.SaveAsync(Profile("P-1", 1), null, Assignment(1));
        var before = await ObserveAsync(store, "P-1", "P-2");

        await AssertConflictAsync("P-1", null, async () => await store.SaveAsync(Profile("P-1", 2), null, Assignment(2)));
        await AssertConflictAsync("P-2", 1, async () => await store.SaveAsync(Profile("P-2", 3), 1, Assignment(3)));

        await AssertUnchangedAsync(store, before);
    }

    /// <summary>
    /// An assignment is appended by the save that carries it, in the same write: saves with and without one build the
    /// history in order, and a save that conflicts appends nothing.
    /// </summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task SaveAsync_WithAnAssignment_AppendsItAtomicallyWithTheSave()
    {
        var store = await OpenAsync();
        await store.SaveAsync(Profile("P-1", 1) with { Segment = "A" }, null, Assignment(1));
        Assert.Equal([Assignment(1)], await store.GetSegmentHistoryAsync("P-1"));

        await store.SaveAsync(Profile("P-1", 2) with { Segment = "A" }, 1);
        Assert.Equal([Assignment(1)], await store.GetSegmentHistoryAsync("P-1"));

        await store.SaveAsync(Profile("P-1", 3) with { Segment = "D" }, 2, Assignment(2));
        Assert.Equal([Assignment(1), Assignment(2)], await store.GetSegmentHistoryAsync("P-1"));

        await Assert.ThrowsAsync<ConcurrencyConflictException>(async () => await store.SaveAsync(Profile("P-1", 4), 2, Assignment(3)));
        Assert.Equal([Assignment(1), Assignment(2)], await store.GetSegmentHistoryAsync("P-1"));
        Assert.Equal(("D", 3L), ((await store.FindAsync("P-1"))!.Segment, (await store.FindAsync("P-1"))!.Version));
    }

    /// <summary>
    /// A history of many assignments, some saves without one, reads back complete and oldest first at every step —
    /// every field of every assignment (rule and reason present or not, instants to the nanosecond).
    /// </summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task GetSegmentHistoryAsync_ManySaves_ReturnsTheAssignmentsOldestFirst()
    {
        var store = await OpenAsync();
        var expected = new List<SegmentAssignment>();
        long? version = null;
        for (var i = 0; i < 60; i++)
        {
            var assignment = i % 3 == 2 ? null : Assignment(i);
            version = await store.SaveAsync(Profile("P-1", i), version, assignment);
            if (assignment is not null)
            {
                expected.Add(assignment);
            }

            if (i % 7 == 0)
            {
                Assert.Equal(expected, await store.GetSegmentHistoryAsync("P-1"));
            }
        }

        Assert.Equal(expected, await store.GetSegmentHistoryAsync("P-1"));
        Assert.Equal(60, (await store.FindAsync("P-1"))!.Version);
    }

    /// <summary>
    /// <see cref="ListingProfileCount"/> profiles stored in a shuffled order (ids whose ordinal order differs from other
    /// orders among them), some updated, are listed each exactly once, in ordinal id order, equal to what
    /// <see cref="ICustomerProfileStore.FindAsync"/> reads.
    /// </summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task ListAsync_ManyProfiles_ListsEachOnceInOrdinalIdOrder()
    {
        var count = ListingProfileCount;
        ArgumentOutOfRangeException.ThrowIfLessThan(count, TrickyIds.Length, nameof(ListingProfileCount));
        var store = await OpenAsync();
        var ids = TrickyIds.Concat(Enumerable.Range(0, count - TrickyIds.Length).Select(i => string.Create(CultureInfo.InvariantCulture, $"P-{i:D5}"))).ToArray();
#pragma warning disable CA5394 // A seeded, replayable order is the point; nothing here is security-relevant.
        new Random(7).Shuffle(ids);
#pragma warning restore CA5394
        var expected = new Dictionary<string, CustomerProfile>(StringComparer.Ordinal);
        for (var i = 0; i < ids.Length; i++)
        {
            var profile = Profile(ids[i], i);
            await store.SaveAsync(profile, null);
            expected[ids[i]] = profile with { Version = 1 };
            if (i % 10 == 0)
            {
                await store.SaveAsync(profile with { Segment = "B" }, 1, Assignment(i));
                expected[ids[i]] = profile with { Segment = "B", Version = 2 };
            }
        }

        var listed = await ListAllAsync(store);

        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), listed.Select(p => p.Id));
        Assert.Equal(listed.Select(p => expected[p.Id]), listed);
        foreach (var id in TrickyIds)
        {
            Assert.Equal(expected[id], await store.FindAsync(id));
        }
    }

    /// <summary>A store without profiles lists nothing.</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task ListAsync_EmptyStore_ListsNothing()
    {
        var store = await OpenAsync();
        Assert.Empty(await ListAllAsync(store));
    }

    /// <summary>
    /// Profiles saved while a listing runs do not break it: every profile stored before it started is listed, none
    /// twice, and the ids come in ordinal order.
    /// </summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task ListAsync_WhileProfilesAreSaved_ListsEachAtMostOnceInOrder()
    {
        var store = await OpenAsync();
        var before = Enumerable.Range(0, 300).Select(i => string.Create(CultureInfo.InvariantCulture, $"P-{i * 2:D4}")).ToList();
        foreach (var id in before)
        {
            await store.SaveAsync(Profile(id, 0), null);
        }

        var listed = new List<string>();
        var written = 0;
        await foreach (var profile in store.ListAsync())
        {
            listed.Add(profile.Id);
            if (written < 300)
            {
                // A new id on either side of the cursor, and an update of one already listed or still to come.
                await store.SaveAsync(Profile(string.Create(CultureInfo.InvariantCulture, $"P-{(written * 2) + 1:D4}"), 1), null);
                var existing = before[(written * 7) % before.Count];
                var current = (await store.FindAsync(existing))!;
                await store.SaveAsync(current with { Segment = "C" }, current.Version, Assignment(written));
                written++;
            }
        }

        Assert.Equal(listed.Order(StringComparer.Ordinal), listed);
        Assert.Equal(listed.Count, listed.Distinct(StringComparer.Ordinal).Count());
        Assert.Empty(before.Except(listed, StringComparer.Ordinal));
    }

    /// <summary>
    /// <see cref="ConcurrentWriters"/> tasks each save one profile from the same version with their own assignment:
    /// exactly one wins, its profile is stored and its assignment is the only one appended.
    /// </summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task SaveAsync_ConcurrentSavesOfOneVersion_ExactlyOneWinsWithItsAssignment()
    {
        var writers = ConcurrentWriters;
        ArgumentOutOfRangeException.ThrowIfLessThan(writers, 2, nameof(ConcurrentWriters));
        var store = await OpenAsync();
        await store.SaveAsync(Profile("P-1", 0), null, Assignment(0));

        for (var round = 0; round < 5; round++)
        {
            var version = (await store.FindAsync("P-1"))!.Version;
            var results = await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
            {
                try
                {
                    await store.SaveAsync(Profile("P-1", 0) with { Store = "S" + w }, version, Assignment((round * 100) + w));
                    return w;
                }
                catch (ConcurrencyConflictException)
                {
                    return -1;
                }
            })));

            var winner = Assert.Single(results, r => r >= 0);
            var stored = (await store.FindAsync("P-1"))!;
            Assert.Equal(("S" + winner, version + 1), (stored.Store, stored.Version));
            Assert.Equal(Assignment((round * 100) + winner), (await store.GetSegmentHistoryAsync("P-1"))[^1]);
            Assert.Equal(round + 2, (await store.GetSegmentHistoryAsync("P-1")).Count);
        }
    }

    /// <summary><see cref="ConcurrentWriters"/> simultaneous creations of one id: exactly one wins and only its profile and assignment are stored.</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task SaveAsync_ConcurrentCreationsOfOneId_ExactlyOneWins()
    {
        var writers = ConcurrentWriters;
        ArgumentOutOfRangeException.ThrowIfLessThan(writers, 2, nameof(ConcurrentWriters));
        var store = await OpenAsync();

        var results = await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            try
            {
                await store.SaveAsync(Profile("P-1", w), null, Assignment(w));
                return w;
            }
            catch (ConcurrencyConflictException)
            {
                return -1;
            }
        })));

        var winner = Assert.Single(results, r => r >= 0);
        Assert.Equal(Profile("P-1", winner) with { Version = 1 }, await store.FindAsync("P-1"));
        Assert.Equal([Assignment(winner)], await store.GetSegmentHistoryAsync("P-1"));
    }

    /// <summary>
    /// <see cref="ConcurrentWriters"/> tasks each make <see cref="SavesPerWriter"/> saves of one profile with an
    /// assignment, reloading and retrying on every conflict: the history holds each successful save's assignment exactly
    /// once, each writer's in its own order, and the version counts the saves.
    /// </summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task SaveAsync_ConcurrentWritersWithRetry_LoseAndDuplicateNoAssignment()
    {
        var writers = ConcurrentWriters;
        var saves = SavesPerWriter;
        ArgumentOutOfRangeException.ThrowIfLessThan(writers, 2, nameof(ConcurrentWriters));
        ArgumentOutOfRangeException.ThrowIfLessThan(saves, 1, nameof(SavesPerWriter));
        var store = await OpenAsync();
        await store.SaveAsync(Profile("P-1", 0), null);

        await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < saves; i++)
            {
                var assignment = new SegmentAssignment(string.Create(CultureInfo.InvariantCulture, $"w{w}"), "A", i.ToString(CultureInfo.InvariantCulture), new LocalDate(2026, 11, 23), Start);
                while (true)
                {
                    var current = (await store.FindAsync("P-1"))!;
                    try
                    {
                        await store.SaveAsync(current with { Store = "w" + w }, current.Version, assignment);
                        break;
                    }
                    catch (ConcurrencyConflictException)
                    {
                        // Another writer saved first: reload and save again.
                    }
                }
            }
        })));

        var history = await store.GetSegmentHistoryAsync("P-1");
        Assert.Equal(writers * saves, history.Count);
        Assert.Equal(1 + (writers * saves), (await store.FindAsync("P-1"))!.Version);
        for (var w = 0; w < writers; w++)
        {
            var writer = string.Create(CultureInfo.InvariantCulture, $"w{w}");
            Assert.Equal(Enumerable.Range(0, saves).Select(i => i.ToString(CultureInfo.InvariantCulture)), history.Where(a => a.RuleSet == writer).Select(a => a.Rule));
        }
    }

    /// <summary>Bad arguments throw the <see cref="ArgumentException"/> family naming the parameter, and change nothing.</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task ProfileStore_BadArguments_ThrowArgumentExceptionsAndChangeNothing()
    {
        var store = await OpenAsync();
        await store.SaveAsync(Profile("P-1", 1), null, Assignment(1));
        var before = await ObserveAsync(store, "P-1");

        Assert.Equal("profile", (await Assert.ThrowsAsync<ArgumentNullException>(async () => await store.SaveAsync(null!, 1, Assignment(2)))).ParamName);
        foreach (var version in new long[] { 0, -1, long.MinValue })
        {
            Assert.Equal("expectedVersion", (await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await store.SaveAsync(Profile("P-1", 2), version, Assignment(2)))).ParamName);
        }

        Assert.Equal("customerId", (await Assert.ThrowsAsync<ArgumentNullException>(async () => await store.FindAsync(null!))).ParamName);
        Assert.Equal("customerId", (await Assert.ThrowsAsync<ArgumentNullException>(async () => await store.GetSegmentHistoryAsync(null!))).ParamName);
        await AssertUnchangedAsync(store, before);
    }

    /// <summary>Every method called with an already-cancelled token throws <see cref="OperationCanceledException"/> and changes nothing; the same call then succeeds.</summary>
    /// <param name="method">The method to call.</param>
    /// <returns>A task that completes when the test has run.</returns>
    [Theory]
    [MemberData(nameof(ProfileStoreMethods), MemberType = typeof(CustomerProfileStoreConformanceTests))]
    public virtual async Task EveryMethod_AlreadyCancelledToken_ThrowsAndChangesNothing(string method)
    {
        ArgumentNullException.ThrowIfNull(method);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        var store = await OpenAsync();
        await store.SaveAsync(Profile("P-1", 1), null, Assignment(1));
        var before = await ObserveAsync(store, "P-1");

        Func<CancellationToken, Task> call = method switch
        {
            nameof(ICustomerProfileStore.FindAsync) => async ct => Assert.NotNull(await store.FindAsync("P-1", ct)),
            nameof(ICustomerProfileStore.SaveAsync) => async ct => Assert.Equal(2, await store.SaveAsync(Profile("P-1", 2), 1, Assignment(2), ct)),
            nameof(ICustomerProfileStore.GetSegmentHistoryAsync) => async ct => Assert.Single(await store.GetSegmentHistoryAsync("P-1", ct)),
            nameof(ICustomerProfileStore.ListAsync) => async ct => Assert.Single(await ListAllAsync(store, ct)),
            _ => throw new ArgumentException($"Unknown profile store method '{method}'.", nameof(method)),
        };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call(cancelled.Token));
        await AssertUnchangedAsync(store, before);

        await call(CancellationToken.None);
    }

    /// <summary>A second store on the same database reads back every profile, version, history and the listing, and goes on from the stored versions.</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task ReopenStoreAsync_AfterWrites_ReadsEverythingBack()
    {
        if (!SupportsReopen)
        {
            return;
        }

        var store = await OpenAsync();
        await store.SaveAsync(Profile("P-2", 2), null, Assignment(1));
        await store.SaveAsync(Profile("P-2", 3), 1);
        await store.SaveAsync(Profile("P-2", 4), 2, Assignment(2));
        await store.SaveAsync(Profile("P-1", 1), null);
        var before = await ObserveAsync(store, "P-1", "P-2");

        var reopened = await ReopenStoreAsync(store) ?? throw new InvalidOperationException("ReopenStoreAsync returned null.");

        await AssertUnchangedAsync(reopened, before);
        Assert.Equal(4, await reopened.SaveAsync(Profile("P-2", 5), 3, Assignment(3)));
        Assert.Equal([Assignment(1), Assignment(2), Assignment(3)], await store.GetSegmentHistoryAsync("P-2"));
        await Assert.ThrowsAsync<ConcurrencyConflictException>(async () => await store.SaveAsync(Profile("P-2", 6), 3));
    }

    /// <summary>
    /// A random sequence of <see cref="RandomOperationCount"/> operations (creations of new and existing ids, saves with
    /// the stored or a stale version, with and without assignments, lookups, histories and listings) gives, at every
    /// step, exactly what a reference model gives: saves succeed or conflict alike, versions count the successful saves,
    /// the history is the successful saves' assignments in order, the listing is the model's profiles by ordinal id. The
    /// seed makes a failure replayable.
    /// </summary>
    /// <param name="seed">The seed of the random sequence.</param>
    /// <returns>A task that completes when the test has run.</returns>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public virtual async Task ProfileStore_RandomOperations_MatchTheReferenceModel(int seed)
    {
#pragma warning disable CA5394 // A seeded, replayable sequence is the point; nothing here is security-relevant.
        var random = new Random(seed);
        var store = await OpenAsync();
        var profiles = new SortedDictionary<string, CustomerProfile>(StringComparer.Ordinal);
        var histories = new Dictionary<string, List<SegmentAssignment>>(StringComparer.Ordinal);
        for (var step = 0; step < RandomOperationCount; step++)
        {
            var id = TrickyIds[random.Next(6)];
            profiles.TryGetValue(id, out var stored);
            var assignment = random.Next(3) == 0 ? null : Assignment(step);
            switch (random.Next(8))
            {
                case 0:
                case 1:
                {
                    // A save from the stored version, or from a version that is not (an older or newer one, or any
                    // version of an id never stored).
                    long? expected = (stored, random.Next(4)) switch
                    {
                        (null, 0) => random.Next(1, 4),
                        (null, _) => null,
                        (_, 0) => stored!.Version > 1 && random.Next(2) == 0 ? stored.Version - 1 : stored.Version + random.Next(1, 4),
                        _ => stored!.Version,
                    };

                    var profile = Profile(id, step);
                    if (expected == stored?.Version)
                    {
                        Assert.Equal((stored?.Version ?? 0) + 1, await store.SaveAsync(profile, expected, assignment));
                        profiles[id] = profile with { Version = (stored?.Version ?? 0) + 1 };
                        if (assignment is not null)
                        {
                            (histories.TryGetValue(id, out var list) ? list : histories[id] = []).Add(assignment);
                        }
                    }
                    else
                    {
                        await AssertConflictAsync(id, expected, async () => await store.SaveAsync(profile, expected, assignment));
                    }

                    break;
                }

                case 2:
                    // A creation, which conflicts when the id exists.
                    if (stored is null)
                    {
                        Assert.Equal(1, await store.SaveAsync(Profile(id, step), null, assignment));
                        profiles[id] = Profile(id, step) with { Version = 1 };
                        if (assignment is not null)
                        {
                            histories[id] = [assignment];
                        }
                    }
                    else
                    {
                        await AssertConflictAsync(id, null, async () => await store.SaveAsync(Profile(id, step), null, assignment));
                    }

                    break;
                case 3:
                case 4:
                    Assert.Equal(stored, await store.FindAsync(id));
                    break;
                case 5:
                case 6:
                    Assert.Equal(histories.TryGetValue(id, out var history) ? history : [], await store.GetSegmentHistoryAsync(id));
                    break;
                default:
                    Assert.Equal(profiles.Values, await ListAllAsync(store));
                    break;
            }
        }
#pragma warning restore CA5394

        Assert.Equal(profiles.Values, await ListAllAsync(store));
        foreach (var id in TrickyIds)
        {
            Assert.Equal(histories.TryGetValue(id, out var history) ? history : [], await store.GetSegmentHistoryAsync(id));
        }
    }

    /// <summary>A profile with every field set, varied by <paramref name="n"/> (the personal data are made up).</summary>
    /// <param name="id">The customer's id.</param>
    /// <param name="n">Varies the fields.</param>
    /// <returns>The profile, at version 0.</returns>
    protected static CustomerProfile Profile(string id, int n) => new(id)
    {
        Name = "Customer " + n.ToString(CultureInfo.InvariantCulture),
        Phone = "1390000" + (n % 10_000).ToString("D4", CultureInfo.InvariantCulture),
        Address = (n % 100).ToString(CultureInfo.InvariantCulture) + " Wenchang Road",
        Birthday = new LocalDate(1990, 1, 1).PlusDays(n % 3_000),
        WeddingDate = n % 4 == 0 ? null : new LocalDate(2027, 5, 1).PlusDays(n % 400),
        HasPartner = (n % 3) switch { 0 => null, 1 => true, _ => false },
        Married = n % 5 == 0 ? null : n % 2 == 0,
        OrderCustomer = n % 2 == 1,
        Store = "YZ-" + (n % 7).ToString(CultureInfo.InvariantCulture),
        Segment = (n % 5) switch { 0 => null, 1 => "A", 2 => "B", 3 => "C", _ => "D" },
        Reclassification = n % 6 == 5 ? new Reclassification("D", "playbook ended without a deal", Start + Duration.FromMinutes(n) + Duration.FromNanoseconds(n % 1000)) : null,
    };

    /// <summary>A segment assignment varied by <paramref name="n"/>: rule and reason present or not, instants to the nanosecond.</summary>
    /// <param name="n">Varies the fields.</param>
    /// <returns>The assignment.</returns>
    protected static SegmentAssignment Assignment(int n) => new(
        n % 4 == 3 ? "playbook" : "studio-abcd",
        ((char)('A' + (n % 4))).ToString(),
        n % 3 == 0 ? null : "Rule" + n.ToString(CultureInfo.InvariantCulture),
        new LocalDate(2026, 11, 23).PlusDays(n),
        Start + Duration.FromHours(n) + Duration.FromNanoseconds(n % 7),
        n % 2 == 0 ? null : "reason " + n.ToString(CultureInfo.InvariantCulture));

    /// <summary>Reads a whole listing.</summary>
    /// <param name="store">The store.</param>
    /// <param name="cancellationToken">Cancels the listing.</param>
    /// <returns>The profiles listed, in the order listed.</returns>
    protected static async Task<List<CustomerProfile>> ListAllAsync(ICustomerProfileStore store, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        var profiles = new List<CustomerProfile>();
        await foreach (var profile in store.ListAsync(cancellationToken))
        {
            profiles.Add(profile);
        }

        return profiles;
    }

    private static async Task<ConcurrencyConflictException> AssertConflictAsync(string id, long? expectedVersion, Func<Task> save)
    {
        var conflict = await Assert.ThrowsAsync<ConcurrencyConflictException>(save);
        Assert.Equal((CustomerProfile.EntityKind, id, expectedVersion), (conflict.EntityKind, conflict.Id, conflict.ExpectedToken?.Value));
        return conflict;
    }

    /// <summary>Everything a test can observe of some profiles: each profile, its history, and the whole listing.</summary>
    private static async Task<Observation> ObserveAsync(ICustomerProfileStore store, params string[] ids)
    {
        var profiles = new List<CustomerProfile?>();
        var histories = new List<IReadOnlyList<SegmentAssignment>>();
        foreach (var id in ids)
        {
            profiles.Add(await store.FindAsync(id));
            histories.Add([.. await store.GetSegmentHistoryAsync(id)]);
        }

        return new Observation(ids, profiles, histories, await ListAllAsync(store));
    }

    private static async Task AssertUnchangedAsync(ICustomerProfileStore store, Observation before)
    {
        var after = await ObserveAsync(store, [.. before.Ids]);
        Assert.Equal(before.Profiles, after.Profiles);
        for (var i = 0; i < before.Histories.Count; i++)
        {
            Assert.Equal(before.Histories[i], after.Histories[i]);
        }

        Assert.Equal(before.Listing, after.Listing);
    }

    private async ValueTask<ICustomerProfileStore> OpenAsync() =>
        await CreateStoreAsync() ?? throw new InvalidOperationException("CreateStoreAsync returned null.");

    private sealed record Observation(IReadOnlyList<string> Ids, IReadOnlyList<CustomerProfile?> Profiles, IReadOnlyList<IReadOnlyList<SegmentAssignment>> Histories, IReadOnlyList<CustomerProfile> Listing);
}
