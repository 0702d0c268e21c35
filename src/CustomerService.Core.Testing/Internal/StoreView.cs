using CustomerService.Core.Storage;
using NodaTime;

namespace CustomerService.Core.Testing.Internal;

/// <summary>A change as the kit builds it, for any entity kind; <see cref="StoreView"/> turns it into an <see cref="EntityChange{TEntity}"/>.</summary>
internal sealed record Change(string Id, object Entity, ConcurrencyToken? ExpectedToken, int HistoryStart, Instant? NextDueAt, DueWork Due, IReadOnlyList<OutboxMessage> Messages)
{
    /// <summary>Gets the token the change stores.</summary>
    public ConcurrencyToken Token => ExpectedToken?.Next() ?? ConcurrencyToken.Initial;

    /// <summary>Gets the owner whose claim the change completes, or <see langword="null"/> for a plain save.</summary>
    public string? ClaimOwner { get; init; }
}

/// <summary>One entity of a batch claimed and loaded at once, for any entity kind.</summary>
internal sealed record ClaimedView(DueEntity Due, Loaded? Stored, Exception? LoadError);

/// <summary>A loaded entity, for any entity kind (record equality compares the snapshots with their own equality).</summary>
internal sealed record Loaded(object Entity, ConcurrencyToken Token, Instant? NextDueAt, DueWork Due);

/// <summary>An entity store seen without its snapshot type, so that one test body serves the three kinds.</summary>
internal abstract class StoreView
{
    public abstract string Kind { get; }

    public abstract ValueTask SaveAsync(Change change, CancellationToken cancellationToken = default);

    public abstract ValueTask SaveNullAsync();

    public abstract ValueTask<Loaded?> FindAsync(string id, CancellationToken cancellationToken = default);

    public abstract ValueTask<IReadOnlyList<Loaded?>> FindManyAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken = default);

    public abstract ValueTask<IReadOnlyList<DueEntity>> ListDueAsync(Instant dueAtOrBefore, int maxCount, CancellationToken cancellationToken = default);

    public abstract ValueTask<bool> DeferAsync(string id, ConcurrencyToken expectedToken, Instant nextDueAt, CancellationToken cancellationToken = default);

    /// <summary>Gets a value indicating whether the store implements <see cref="IClaimableEntityStore{TEntity}"/>.</summary>
    public abstract bool IsClaimable { get; }

    public abstract ValueTask<IReadOnlyList<DueEntity>> ClaimDueAsync(Instant dueAtOrBefore, int maxCount, string owner, Duration leaseDuration, CancellationToken cancellationToken = default);

    /// <summary>Claims and loads through <see cref="IClaimableEntityStore{TEntity}.ClaimDueAndLoadAsync"/>.</summary>
    public abstract ValueTask<IReadOnlyList<ClaimedView>> ClaimDueAndLoadAsync(Instant dueAtOrBefore, int maxCount, string owner, Duration leaseDuration, CancellationToken cancellationToken = default);

    /// <summary>Completes claims through <see cref="IClaimableEntityStore{TEntity}.CompleteClaimsAsync"/>; a <see langword="null"/> list or change is passed on as it is.</summary>
    public abstract ValueTask<IReadOnlyList<ClaimCompletion>> CompleteClaimsAsync(IReadOnlyList<Change?>? changes, CancellationToken cancellationToken = default);

    /// <summary>Loads an entity that must exist.</summary>
    public async ValueTask<Loaded> GetAsync(string id) =>
        await FindAsync(id) ?? throw new Xunit.Sdk.XunitException($"{Kind} '{id}' was expected in the store, but FindAsync returned null.");
}

/// <summary>The typed side of <see cref="StoreView"/>.</summary>
internal sealed class StoreView<TEntity>(string kind, IEntityStore<TEntity> store) : StoreView
    where TEntity : class
{
    public override string Kind => kind;

    public override ValueTask SaveAsync(Change change, CancellationToken cancellationToken = default) =>
        store.SaveAsync(ToEntityChange(change), cancellationToken);

    public override ValueTask SaveNullAsync() => store.SaveAsync(null!);

    public override async ValueTask<Loaded?> FindAsync(string id, CancellationToken cancellationToken = default) =>
        await store.FindAsync(id, cancellationToken) is { } stored ? new Loaded(stored.Entity, stored.Token, stored.NextDueAt, stored.Due) : null;

    public override async ValueTask<IReadOnlyList<Loaded?>> FindManyAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken = default)
    {
        var found = await store.FindManyAsync(ids, cancellationToken);
        return [.. found.Select(stored => stored is null ? null : new Loaded(stored.Entity, stored.Token, stored.NextDueAt, stored.Due))];
    }

    public override ValueTask<IReadOnlyList<DueEntity>> ListDueAsync(Instant dueAtOrBefore, int maxCount, CancellationToken cancellationToken = default) =>
        store.ListDueAsync(dueAtOrBefore, maxCount, cancellationToken);

    public override ValueTask<bool> DeferAsync(string id, ConcurrencyToken expectedToken, Instant nextDueAt, CancellationToken cancellationToken = default) =>
        store.DeferAsync(id, expectedToken, nextDueAt, cancellationToken);

    public override bool IsClaimable => store is IClaimableEntityStore<TEntity>;

    public override ValueTask<IReadOnlyList<DueEntity>> ClaimDueAsync(Instant dueAtOrBefore, int maxCount, string owner, Duration leaseDuration, CancellationToken cancellationToken = default) =>
        ((IClaimableEntityStore<TEntity>)store).ClaimDueAsync(dueAtOrBefore, maxCount, owner, leaseDuration, cancellationToken);

    public override async ValueTask<IReadOnlyList<ClaimedView>> ClaimDueAndLoadAsync(Instant dueAtOrBefore, int maxCount, string owner, Duration leaseDuration, CancellationToken cancellationToken = default)
    {
        var claimed = await ((IClaimableEntityStore<TEntity>)store).ClaimDueAndLoadAsync(dueAtOrBefore, maxCount, owner, leaseDuration, cancellationToken);
        return [.. claimed.Select(c => new ClaimedView(c.Due, c.Stored is { } stored ? new Loaded(stored.Entity, stored.Token, stored.NextDueAt, stored.Due) : null, c.LoadError))];
    }

    public override ValueTask<IReadOnlyList<ClaimCompletion>> CompleteClaimsAsync(IReadOnlyList<Change?>? changes, CancellationToken cancellationToken = default) =>
        ((IClaimableEntityStore<TEntity>)store).CompleteClaimsAsync(changes is null ? null! : [.. changes.Select(c => c is null ? null! : ToEntityChange(c))], cancellationToken);

    public static EntityChange<TEntity> ToEntityChange(Change change) =>
        new(change.Id, (TEntity)change.Entity, change.ExpectedToken, change.Token, change.HistoryStart, change.NextDueAt, change.Due, change.Messages) { ClaimOwner = change.ClaimOwner };
}
