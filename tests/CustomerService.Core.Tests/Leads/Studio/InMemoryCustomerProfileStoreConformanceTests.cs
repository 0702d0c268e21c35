using CustomerService.Core.Leads.Studio;
using CustomerService.Core.Testing;

namespace CustomerService.Core.Tests.Leads.Studio;

/// <summary>The in-memory default passes the profile store kit: one new store per test.</summary>
public sealed class InMemoryCustomerProfileStoreConformanceTests : CustomerProfileStoreConformanceTests
{
    private readonly InMemoryCustomerProfileStore _store = new();

    protected override bool SupportsReopen => true;

    protected override ValueTask<ICustomerProfileStore> CreateStoreAsync() => new(_store);

    // The "database" is the store object itself: a second handle is the same object.
    protected override ValueTask<ICustomerProfileStore> ReopenStoreAsync(ICustomerProfileStore store) => new(_store);
}
