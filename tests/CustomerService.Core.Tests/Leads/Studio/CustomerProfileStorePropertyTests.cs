using System.Globalization;
using CustomerService.Core.Leads.Studio;
using CustomerService.Core.Persistence;
using CustomerService.Core.Sqlite;
using CustomerService.Core.Storage;
using CustomerService.Core.Tests.Persistence;
using CustomerService.Core.Tests.Sqlite;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NodaTime;

namespace CustomerService.Core.Tests.Leads.Studio;

/// <summary>How a step of a profile script saves: a creation, a save from the stored version, or one from a stale version.</summary>
public enum ProfileSave
{
    /// <summary>Expected version <see langword="null"/>.</summary>
    Create,

    /// <summary>The stored version (1 for an id never stored).</summary>
    Stored,

    /// <summary>A version that is not the stored one.</summary>
    Stale,
}

/// <summary>One save of a random profile script: which profile, how, whether it carries an assignment, which segment.</summary>
public readonly record struct ProfileStep(int Profile, ProfileSave Save, bool WithAssignment, int Segment);

/// <summary>A random sequence of profile saves.</summary>
public sealed record ProfileScript(ProfileStep[] Steps)
{
    public override string ToString() =>
        string.Join(" ", Steps.Select(s => $"{ProfileStoreArbitraries.Ids[s.Profile]}:{s.Save}{(s.WithAssignment ? "+" : "")}{ProfileStoreArbitraries.Segments[s.Segment]}"));
}

/// <summary>Generators for the profile store properties.</summary>
public static class ProfileStoreArbitraries
{
    /// <summary>Ids whose ordinal order differs from a case-insensitive or numeric one.</summary>
    public static readonly string[] Ids = ["a", "B", "b", "a10", "a9", "_", "é"];

    public static readonly string[] Segments = ["A", "B", "C", "D"];

    public static Arbitrary<ProfileScript> Scripts() =>
        (from profile in Gen.Choose(0, Ids.Length - 1)
         from save in Gen.Elements(ProfileSave.Create, ProfileSave.Stored, ProfileSave.Stored, ProfileSave.Stale)
         from withAssignment in Gen.Elements(true, true, false)
         from segment in Gen.Choose(0, Segments.Length - 1)
         select new ProfileStep(profile, save, withAssignment, segment))
        .ArrayOf()
        .Select(steps => new ProfileScript(steps))
        .ToArbitrary();
}

/// <summary>Any sequence of saves, with and without assignments, from stored and stale versions, leaves every store equal to a model.</summary>
public sealed class CustomerProfileStorePropertyTests
{
    private static readonly Instant T0 = Instant.FromUtc(2026, 11, 23, 2, 0);

    /// <summary>
    /// For any script, run against the in-memory store and the document storage (listing pages of 2 rows, a history cache
    /// smaller than the ids): the saves succeed or conflict as the model says, each returning the model's version; the
    /// listing equals the model's profiles in ordinal id order; each history equals the assignments of that profile's
    /// successful saves, in order; each lookup equals the model's profile.
    /// </summary>
    [Property(Arbitrary = [typeof(ProfileStoreArbitraries)], MaxTest = 150)]
    public async Task SaveAsync_AnySequenceOfSavesAndAssignments_Meets_Specification(ProfileScript script)
    {
        ICustomerProfileStore[] stores =
        [
            new InMemoryCustomerProfileStore(),
            new DocumentCustomerProfileStore(new InMemoryDocumentStore(), 2),
        ];

        foreach (var store in stores)
        {
            await RunAndCheckAsync(store, script);
        }
    }

    /// <summary>The same property on a real SQLite file (fewer cases: each makes a database).</summary>
    [Property(Arbitrary = [typeof(ProfileStoreArbitraries)], MaxTest = 15)]
    public async Task SaveAsync_AnySequenceOnSqlite_Meets_Specification(ProfileScript script)
    {
        using var file = new SqliteTestFile();
        using var documents = new SqliteDocumentStore(new SqliteStorageOptions { ConnectionString = file.ConnectionString, Synchronous = SqliteSynchronous.Normal });
        await RunAndCheckAsync(new DocumentCustomerProfileStore(documents, 2), script);
    }

    private static async Task RunAndCheckAsync(ICustomerProfileStore store, ProfileScript script)
    {
        var profiles = new SortedDictionary<string, CustomerProfile>(StringComparer.Ordinal);
        var histories = new Dictionary<string, List<SegmentAssignment>>(StringComparer.Ordinal);
        for (var i = 0; i < script.Steps.Length; i++)
        {
            var (index, save, withAssignment, segmentIndex) = script.Steps[i];
            var id = ProfileStoreArbitraries.Ids[index];
            var segment = ProfileStoreArbitraries.Segments[segmentIndex];
            var stored = profiles.GetValueOrDefault(id);
            long? expected = save switch
            {
                ProfileSave.Create => null,
                ProfileSave.Stored => stored?.Version ?? 1,
                _ => stored is { Version: > 1 } && i % 2 == 0 ? stored.Version - 1 : (stored?.Version ?? 0) + 1 + (i % 3),
            };
            var profile = new CustomerProfile(id) { Segment = segment, Store = "S" + i.ToString(CultureInfo.InvariantCulture), Married = i % 3 == 0 ? null : i % 2 == 0 };
            var assignment = withAssignment ? new SegmentAssignment("rules", segment, i % 2 == 0 ? null : "R" + i.ToString(CultureInfo.InvariantCulture), new LocalDate(2026, 11, 23).PlusDays(i), T0 + Duration.FromNanoseconds(i)) : null;

            if (expected == stored?.Version)
            {
                var version = (stored?.Version ?? 0) + 1;
                Assert.Equal(version, await store.SaveAsync(profile, expected, assignment));
                profiles[id] = profile with { Version = version };
                if (assignment is not null)
                {
                    (histories.TryGetValue(id, out var list) ? list : histories[id] = []).Add(assignment);
                }
            }
            else
            {
                var conflict = await Assert.ThrowsAsync<ConcurrencyConflictException>(async () => await store.SaveAsync(profile, expected, assignment));
                Assert.Equal((CustomerProfile.EntityKind, id), (conflict.EntityKind, conflict.Id));
            }
        }

        var listed = new List<CustomerProfile>();
        await foreach (var profile in store.ListAsync())
        {
            listed.Add(profile);
        }

        Assert.Equal(profiles.Values, listed);
        foreach (var id in ProfileStoreArbitraries.Ids)
        {
            Assert.Equal(profiles.GetValueOrDefault(id), await store.FindAsync(id));
            Assert.Equal(histories.TryGetValue(id, out var history) ? history : [], await store.GetSegmentHistoryAsync(id));
        }
    }
}
