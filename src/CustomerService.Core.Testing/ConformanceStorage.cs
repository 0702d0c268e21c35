using CustomerService.Core.Callbacks;
using CustomerService.Core.Complaints;
using CustomerService.Core.Persistence;
using CustomerService.Core.Storage;
using CustomerService.Core.Tickets;

namespace CustomerService.Core.Testing;

/// <summary>
/// One database as the conformance kit sees it: the stores of the three entity kinds and the outbox they write to, and
/// how to release them when a test ends.
/// </summary>
/// <remarks>
/// <para>
/// <see cref="StorageConformanceTests.CreateStorageAsync"/> returns one per test, over a fresh, empty database (a new
/// SQLite file, a new PostgreSQL schema, a new <see cref="InMemoryStorage"/>): every test starts from nothing and may
/// write whatever it likes. The three stores must write their outbox messages to <see cref="Outbox"/> in the same
/// atomic write as the snapshot (the transactional outbox).
/// </para>
/// <para>The kit disposes each instance it was given when the test ends, so <paramref name="dispose"/> is the place to drop the database.</para>
/// </remarks>
/// <param name="tickets">The ticket store (entity kind <see cref="TicketService.EntityKind"/>).</param>
/// <param name="complaints">The complaint store (entity kind <see cref="ComplaintService.EntityKind"/>).</param>
/// <param name="callbacks">The callback store (entity kind <see cref="CallbackService.EntityKind"/>).</param>
/// <param name="outbox">The outbox the three stores write to.</param>
/// <param name="dispose">Releases the database when the test ends (closes connections, deletes the file or schema); <see langword="null"/> when there is nothing to release.</param>
/// <exception cref="ArgumentNullException">Thrown when a store or <paramref name="outbox"/> is <see langword="null"/>.</exception>
/// <threadsafety>This type is thread-safe when its stores are: its members only return what it was given. <see cref="DisposeAsync"/> runs the callback at most once.</threadsafety>
public sealed class ConformanceStorage(
    IEntityStore<Ticket> tickets,
    IEntityStore<Complaint> complaints,
    IEntityStore<Callback> callbacks,
    IOutboxStore outbox,
    Func<ValueTask>? dispose = null) : IAsyncDisposable
{
    private Func<ValueTask>? _dispose = dispose;

    /// <summary>Gets the ticket store.</summary>
    /// <value>The store of entity kind <see cref="TicketService.EntityKind"/>.</value>
    public IEntityStore<Ticket> Tickets { get; } = tickets ?? throw new ArgumentNullException(nameof(tickets));

    /// <summary>Gets the complaint store.</summary>
    /// <value>The store of entity kind <see cref="ComplaintService.EntityKind"/>.</value>
    public IEntityStore<Complaint> Complaints { get; } = complaints ?? throw new ArgumentNullException(nameof(complaints));

    /// <summary>Gets the callback store.</summary>
    /// <value>The store of entity kind <see cref="CallbackService.EntityKind"/>.</value>
    public IEntityStore<Callback> Callbacks { get; } = callbacks ?? throw new ArgumentNullException(nameof(callbacks));

    /// <summary>Gets the outbox the three stores write their messages to.</summary>
    /// <value>The outbox of the same database.</value>
    public IOutboxStore Outbox { get; } = outbox ?? throw new ArgumentNullException(nameof(outbox));

    /// <summary>Creates the conformance view of an <see cref="InMemoryStorage"/>: its three stores under the services' entity kinds, and the storage itself as the outbox.</summary>
    /// <param name="storage">The storage.</param>
    /// <returns>The view; disposing it does nothing (the storage holds no resource).</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="storage"/> is <see langword="null"/>.</exception>
    public static ConformanceStorage From(InMemoryStorage storage)
    {
        ArgumentNullException.ThrowIfNull(storage);
        return new ConformanceStorage(
            storage.GetStore<Ticket>(TicketService.EntityKind),
            storage.GetStore<Complaint>(ComplaintService.EntityKind),
            storage.GetStore<Callback>(CallbackService.EntityKind),
            storage);
    }

    /// <summary>Creates the conformance view of a <see cref="DocumentStorage"/> (a database adapter implementing <see cref="IDocumentStore"/>).</summary>
    /// <param name="storage">The storage over the adapter.</param>
    /// <param name="dispose">Releases the database when the test ends, or <see langword="null"/>.</param>
    /// <returns>The view of the storage's three stores and its <see cref="DocumentStorage.Outbox"/> (claimable when the adapter supports claims).</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="storage"/> is <see langword="null"/>.</exception>
    public static ConformanceStorage From(DocumentStorage storage, Func<ValueTask>? dispose = null)
    {
        ArgumentNullException.ThrowIfNull(storage);
        return new ConformanceStorage(storage.Tickets, storage.Complaints, storage.Callbacks, storage.Outbox, dispose);
    }

    /// <summary>Releases the database by running the callback given to the constructor, once.</summary>
    /// <returns>A task that completes when the database is released.</returns>
    public ValueTask DisposeAsync() =>
        Interlocked.Exchange(ref _dispose, null) is { } callback ? callback() : ValueTask.CompletedTask;
}
