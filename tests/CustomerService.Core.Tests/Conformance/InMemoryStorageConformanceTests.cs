using CustomerService.Core.Storage;
using CustomerService.Core.Testing;

namespace CustomerService.Core.Tests.Conformance;

/// <summary>The reference adapter passes the conformance kit: one new <see cref="InMemoryStorage"/> per test.</summary>
public sealed class InMemoryStorageConformanceTests : StorageConformanceTests
{
    private readonly InMemoryStorage _storage = new();

    protected override bool SupportsReopen => true;

    // The in-memory storage implements the claim interfaces (leases by a monotonic stopwatch).
    protected override bool SupportsClaims => true;

    protected override ValueTask<ConformanceStorage> CreateStorageAsync() => new(ConformanceStorage.From(_storage));

    // The "database" is the InMemoryStorage object: a second handle asks it for its stores again.
    protected override ValueTask<ConformanceStorage> ReopenStorageAsync(ConformanceStorage storage) => new(ConformanceStorage.From(_storage));
}

/// <summary>
/// The fault-injecting wrappers without faults are transparent: the in-memory storage seen through them still passes the
/// kit, so a host's crash-path tests change nothing but the faults they configure.
/// </summary>
public sealed class FaultInjectingStorageConformanceTests : StorageConformanceTests
{
    private readonly InMemoryStorage _storage = new();

    protected override bool SupportsReopen => true;

    protected override ValueTask<ConformanceStorage> CreateStorageAsync() => new(FaultInjectingStorage.From(_storage).ToConformanceStorage());

    // New wrappers over the same storage: what the first wrappers counted or configured does not carry over.
    protected override ValueTask<ConformanceStorage> ReopenStorageAsync(ConformanceStorage storage) => new(FaultInjectingStorage.From(_storage).ToConformanceStorage());
}
