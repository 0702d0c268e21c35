using CustomerService.Core.Persistence;
using CustomerService.Core.Testing;

namespace CustomerService.Core.Tests.Persistence;

/// <summary>The document bridge passes the conformance kit over the reference document store: what an adapter writes as JSON rows loads back equal.</summary>
public sealed class DocumentStorageConformanceTests : StorageConformanceTests
{
    private readonly InMemoryDocumentStore _documents = new();

    protected override bool SupportsReopen => true;

    protected override ValueTask<ConformanceStorage> CreateStorageAsync() => new(ConformanceStorage.From(new DocumentStorage(_documents)));

    // A new bridge over the same rows: nothing is served from the first bridge's objects.
    protected override ValueTask<ConformanceStorage> ReopenStorageAsync(ConformanceStorage storage) => new(ConformanceStorage.From(new DocumentStorage(_documents)));
}
