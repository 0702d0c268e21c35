using CustomerService.Core.Leads.Studio;
using CustomerService.Core.Persistence;
using CustomerService.Core.Testing;

namespace CustomerService.Core.Tests.Persistence;

/// <summary>The document storage's profile store passes the profile store kit over the reference document store.</summary>
public sealed class DocumentStorageProfileConformanceTests : CustomerProfileStoreConformanceTests
{
    private readonly InMemoryDocumentStore _documents = new();

    protected override bool SupportsReopen => true;

    protected override ValueTask<ICustomerProfileStore> CreateStoreAsync() => new(new DocumentCustomerProfileStore(_documents));

    // A new storage over the same rows: nothing is served from the first one's history cache.
    protected override ValueTask<ICustomerProfileStore> ReopenStoreAsync(ICustomerProfileStore store) => new(new DocumentCustomerProfileStore(_documents));
}

/// <summary>The same kit with listing pages of 3 rows and no history cache: every listing crosses many page boundaries, every history is read whole.</summary>
public sealed class DocumentStorageSmallPageProfileConformanceTests : CustomerProfileStoreConformanceTests
{
    private readonly InMemoryDocumentStore _documents = new();

    protected override bool SupportsReopen => true;

    protected override ValueTask<ICustomerProfileStore> CreateStoreAsync() => new(Open());

    protected override ValueTask<ICustomerProfileStore> ReopenStoreAsync(ICustomerProfileStore store) => new(Open());

    private DocumentCustomerProfileStore Open() => new DocumentCustomerProfileStore(_documents, 3);
}
