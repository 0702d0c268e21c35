using CustomerService.Core.Callbacks;
using CustomerService.Core.Storage;
using CustomerService.Core.Tests.Callbacks;
using NodaTime;

namespace CustomerService.Core.Tests.Storage;

public sealed class InMemoryCallbackStoreTests
{
    private static readonly Instant T0 = CallbackArbitraries.Start;
    private readonly CallbackLifecycle _lifecycle = new(CallbackArbitraries.Policy, DateTimeZoneProviders.Tzdb);
    private readonly InMemoryCallbackStore _store = new();

    [Fact]
    public async Task ListDueAsync_MixedCallbacks_ReturnsScheduledOnesDueByTheInstantEarliestFirst()
    {
        async Task<Callback> Save(string id, Instant? start)
        {
            var callback = CallbackArbitraries.NewCallback(id);
            if (start is { } s)
            {
                callback = _lifecycle.Apply(callback, new CallbackCommand.Schedule(s, s + Duration.FromHours(1)), "a", T0);
            }

            await _store.SaveAsync(callback, null);
            return callback;
        }

        var second = await Save("second", T0 + Duration.FromHours(2));
        var first = await Save("first", T0 + Duration.FromHours(1));
        await Save("requested", null);
        await Save("later", T0 + Duration.FromHours(5));

        var due = await _store.ListDueAsync(T0 + Duration.FromHours(2), 10);
        Assert.Equal([first.Id, second.Id], due.Select(c => c.Id));
    }

    [Fact]
    public async Task SaveAsync_StaleVersion_ThrowsAndKeepsTheStoredCallback()
    {
        var callback = CallbackArbitraries.NewCallback();
        await _store.SaveAsync(callback, null);
        var scheduled = _lifecycle.Apply(callback, new CallbackCommand.Schedule(T0, T0 + Duration.FromHours(1)), "a", T0);
        await _store.SaveAsync(scheduled, 0);
        var error = await Assert.ThrowsAsync<ConcurrencyConflictException>(async () => await _store.SaveAsync(_lifecycle.Apply(callback, new CallbackCommand.DoNotCall(), "a", T0), 0));
        Assert.Equal(("Callback", (long?)1), (error.EntityType, error.ActualVersion));
        Assert.Same(scheduled, await _store.FindAsync(callback.Id));
    }
}
