using CustomerService.Core.Callbacks;
using CustomerService.Core.Complaints;
using CustomerService.Core.Tickets;
using NodaTime;

namespace CustomerService.Core.Storage;

/// <summary>The default ticket store: tickets kept in process memory (lost when the process ends).</summary>
/// <remarks>Good for tests, samples and single-process tools; the queries scan every ticket.</remarks>
/// <threadsafety>This type is thread-safe: saves are serialized by a lock, and tickets are immutable snapshots.</threadsafety>
public sealed class InMemoryTicketStore : ITicketStore
{
    private readonly InMemoryStore<TicketId, Ticket> _store = new("Ticket", "ticket", t => t.Id, t => t.Version, t => t.History.Count);

    /// <inheritdoc/>
    public ValueTask<Ticket?> FindAsync(TicketId id, CancellationToken cancellationToken = default) => _store.FindAsync(id, cancellationToken);

    /// <inheritdoc/>
    public ValueTask SaveAsync(Ticket ticket, long? expectedVersion, CancellationToken cancellationToken = default) =>
        _store.SaveAsync(ticket, expectedVersion, cancellationToken);

    /// <inheritdoc/>
    public ValueTask<IReadOnlyList<Ticket>> ListSolvedBeforeAsync(Instant solvedAtOrBefore, int maxCount, CancellationToken cancellationToken = default) =>
        _store.ListAsync(t => t.State == TicketState.Solved && t.SolvedAt <= solvedAtOrBefore, t => t.SolvedAt, maxCount);

    /// <inheritdoc/>
    public ValueTask<IReadOnlyList<Ticket>> ListSlaDueAsync(Instant nextChangeAtOrBefore, int maxCount, CancellationToken cancellationToken = default) =>
        _store.ListAsync(t => t.Sla?.NextChangeAt <= nextChangeAtOrBefore, t => t.Sla!.NextChangeAt, maxCount);

    /// <inheritdoc/>
    public ValueTask<bool> SaveSlaCheckAsync(Ticket ticket, CancellationToken cancellationToken = default) =>
        _store.SaveSlaCheckAsync(ticket, cancellationToken);
}

/// <summary>The default complaint store: complaints kept in process memory (lost when the process ends).</summary>
/// <remarks>Good for tests, samples and single-process tools; the queries scan every complaint.</remarks>
/// <threadsafety>This type is thread-safe: saves are serialized by a lock, and complaints are immutable snapshots.</threadsafety>
public sealed class InMemoryComplaintStore : IComplaintStore
{
    private readonly InMemoryStore<ComplaintId, Complaint> _store = new("Complaint", "complaint", c => c.Id, c => c.Version, c => c.History.Count);

    /// <inheritdoc/>
    public ValueTask<Complaint?> FindAsync(ComplaintId id, CancellationToken cancellationToken = default) => _store.FindAsync(id, cancellationToken);

    /// <inheritdoc/>
    public ValueTask SaveAsync(Complaint complaint, long? expectedVersion, CancellationToken cancellationToken = default) =>
        _store.SaveAsync(complaint, expectedVersion, cancellationToken);

    /// <inheritdoc/>
    public ValueTask<IReadOnlyList<Complaint>> ListOverdueAsync(Instant respondByAtOrBefore, int maxCount, CancellationToken cancellationToken = default) =>
        _store.ListAsync(c => c.State is ComplaintState.Acknowledged or ComplaintState.Investigating && c.RespondBy <= respondByAtOrBefore, c => c.RespondBy, maxCount);

    /// <inheritdoc/>
    public ValueTask<IReadOnlyList<Complaint>> ListSlaDueAsync(Instant nextChangeAtOrBefore, int maxCount, CancellationToken cancellationToken = default) =>
        _store.ListAsync(c => c.Sla?.NextChangeAt <= nextChangeAtOrBefore, c => c.Sla!.NextChangeAt, maxCount);

    /// <inheritdoc/>
    public ValueTask<bool> SaveSlaCheckAsync(Complaint complaint, CancellationToken cancellationToken = default) =>
        _store.SaveSlaCheckAsync(complaint, cancellationToken);
}

/// <summary>The default callback store: callbacks kept in process memory (lost when the process ends).</summary>
/// <remarks>Good for tests, samples and single-process tools; the queries scan every callback.</remarks>
/// <threadsafety>This type is thread-safe: saves are serialized by a lock, and callbacks are immutable snapshots.</threadsafety>
public sealed class InMemoryCallbackStore : ICallbackStore
{
    private readonly InMemoryStore<CallbackId, Callback> _store = new("Callback", "callback", c => c.Id, c => c.Version, c => c.History.Count);

    /// <inheritdoc/>
    public ValueTask<Callback?> FindAsync(CallbackId id, CancellationToken cancellationToken = default) => _store.FindAsync(id, cancellationToken);

    /// <inheritdoc/>
    public ValueTask SaveAsync(Callback callback, long? expectedVersion, CancellationToken cancellationToken = default) =>
        _store.SaveAsync(callback, expectedVersion, cancellationToken);

    /// <inheritdoc/>
    public ValueTask<IReadOnlyList<Callback>> ListDueAsync(Instant dueAtOrBefore, int maxCount, CancellationToken cancellationToken = default) =>
        _store.ListAsync(c => c.State == CallbackState.Scheduled && c.DueAt <= dueAtOrBefore, c => c.DueAt, maxCount);
}
