using CustomerService.Core.DependencyInjection;
using CustomerService.Core.Leads.Studio;
using CustomerService.Core.Persistence;
using CustomerService.Core.Sqlite;
using CustomerService.Core.Tests.Leads.Studio;
using CustomerService.Core.Tests.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Testing;

namespace CustomerService.Core.Tests.DependencyInjection;

/// <summary>The customer profile store is registered like the other stores: a default, the builder's replacements, and the database adapters' own.</summary>
public sealed class ProfileStoreRegistrationTests : IDisposable
{
    private static readonly FakeClock Clock = new(Instant.FromUtc(2026, 11, 23, 16, 30));

    private readonly SqliteTestFile _file = new();

    public void Dispose() => _file.Dispose();

    [Fact]
    public void AddCustomerProfileStore_TypeOrFactory_ReplacesTheDefaultWithTheGivenLifetime()
    {
        var services = new ServiceCollection();
        services.AddCustomerServiceCore().AddCustomerProfileStore<CountingProfileStore>(ServiceLifetime.Scoped);

        var descriptor = Assert.Single(services, d => d.ServiceType == typeof(ICustomerProfileStore));
        Assert.Equal((ServiceLifetime.Scoped, typeof(CountingProfileStore)), (descriptor.Lifetime, descriptor.ImplementationType));
        using (var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true }))
        {
            using var scope = provider.CreateScope();
            Assert.IsType<CountingProfileStore>(scope.ServiceProvider.GetRequiredService<ICustomerProfileStore>());
            Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<ICustomerProfileStore>());
        }

        var store = new InMemoryCustomerProfileStore();
        services.AddCustomerServiceCore().AddCustomerProfileStore(_ => store, ServiceLifetime.Singleton);
        Assert.Single(services, d => d.ServiceType == typeof(ICustomerProfileStore));
        using var second = services.BuildServiceProvider();
        Assert.Same(store, second.GetRequiredService<ICustomerProfileStore>());
    }

    [Fact]
    public void AddCustomerProfileStore_BadArguments_ThrowAndRegisterNothing()
    {
        var services = new ServiceCollection();
        var builder = services.AddCustomerServiceCore().AddStudioDesk();
        var before = services.Single(d => d.ServiceType == typeof(ICustomerProfileStore));

        Assert.Equal("factory", Assert.Throws<ArgumentNullException>(() => builder.AddCustomerProfileStore(null!, ServiceLifetime.Singleton)).ParamName);
        Assert.Equal("lifetime", Assert.Throws<ArgumentOutOfRangeException>(() => builder.AddCustomerProfileStore<CountingProfileStore>((ServiceLifetime)7)).ParamName);
        Assert.Equal("lifetime", Assert.Throws<ArgumentOutOfRangeException>(() => builder.AddCustomerProfileStore(_ => new InMemoryCustomerProfileStore(), (ServiceLifetime)7)).ParamName);

        Assert.Same(before, services.Single(d => d.ServiceType == typeof(ICustomerProfileStore)));
    }

    /// <summary>
    /// <c>AddSqliteStorage</c> registers the document storage's profile store; a segmentation run through it saves what
    /// the same run saves in the in-memory store, and a new store on the file reads it back.
    /// </summary>
    [Fact]
    public async Task AddSqliteStorage_RegistersTheDocumentProfileStoreThatSegmentationUses()
    {
        CustomerProfile[] profiles =
        [
            new("a") { HasPartner = true, WeddingDate = new LocalDate(2027, 5, 24) },
            new("b") { HasPartner = false, Segment = StudioSegments.D },
            new("c") { HasPartner = true, WeddingDate = new LocalDate(2028, 6, 1) },
        ];
        var reference = new InMemoryCustomerProfileStore();
        var services = new ServiceCollection();
        services.AddCustomerServiceCore().AddSqliteStorage(_file.ConnectionString).AddStudioDesk();
        Assert.Single(services, d => d.ServiceType == typeof(ICustomerProfileStore));
        SegmentationRunResult result;
        await using (var provider = services.BuildServiceProvider())
        {
            var store = provider.GetRequiredService<ICustomerProfileStore>();
            Assert.IsType<DocumentCustomerProfileStore>(store);
            foreach (var profile in profiles)
            {
                await store.SaveAsync(profile, null);
                await reference.SaveAsync(profile, null);
            }

            result = await LeadSegmentationService.ForStudio(store, OutreachPlannerTests.Shanghai, Clock).ResegmentAllAsync();
            Assert.Equal(result, await LeadSegmentationService.ForStudio(reference, OutreachPlannerTests.Shanghai, Clock).ResegmentAllAsync());
        }

        Assert.Equal(2, result.Changed);
        using var reopened = new SqliteDocumentStore(new SqliteStorageOptions { ConnectionString = _file.ConnectionString });
        var stored = new DocumentCustomerProfileStore(reopened);
        foreach (var profile in profiles)
        {
            Assert.Equal(await reference.FindAsync(profile.Id), await stored.FindAsync(profile.Id));
            Assert.Equal(await reference.GetSegmentHistoryAsync(profile.Id), await stored.GetSegmentHistoryAsync(profile.Id));
        }
    }

    /// <summary>A host's own profile store registered after the adapter wins over the adapter's.</summary>
    [Fact]
    public void AddCustomerProfileStore_AfterAddSqliteStorage_ReplacesTheAdaptersStore()
    {
        var services = new ServiceCollection();
        services.AddCustomerServiceCore().AddSqliteStorage(_file.ConnectionString).AddCustomerProfileStore<CountingProfileStore>(ServiceLifetime.Singleton);

        using var provider = services.BuildServiceProvider();

        Assert.IsType<CountingProfileStore>(provider.GetRequiredService<ICustomerProfileStore>());
    }

    /// <summary>A host's profile store (as a host would write one over the in-memory default).</summary>
    private sealed class CountingProfileStore : ICustomerProfileStore
    {
        private readonly InMemoryCustomerProfileStore _inner = new();

        public ValueTask<CustomerProfile?> FindAsync(string customerId, CancellationToken cancellationToken = default) => _inner.FindAsync(customerId, cancellationToken);

        public ValueTask<long> SaveAsync(CustomerProfile profile, long? expectedVersion, SegmentAssignment? assignment = null, CancellationToken cancellationToken = default) =>
            _inner.SaveAsync(profile, expectedVersion, assignment, cancellationToken);

        public ValueTask<IReadOnlyList<SegmentAssignment>> GetSegmentHistoryAsync(string customerId, CancellationToken cancellationToken = default) =>
            _inner.GetSegmentHistoryAsync(customerId, cancellationToken);

        public IAsyncEnumerable<CustomerProfile> ListAsync(CancellationToken cancellationToken = default) => _inner.ListAsync(cancellationToken);
    }
}
