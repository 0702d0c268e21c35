using CustomerService.Core.Callbacks;
using CustomerService.Core.Complaints;
using CustomerService.Core.Tickets;
using NodaTime;

namespace CustomerService.Core.Storage;

/// <summary>
/// Keeps tickets in the host's database. Tickets are snapshots (plain records); a save writes the new state and
/// appends the new history entries in one atomic step, guarded by the version the caller loaded.
/// </summary>
/// <remarks>
/// <para>Contract for implementers:</para>
/// <list type="bullet">
/// <item><see cref="SaveAsync"/> compares the stored version with <c>expectedVersion</c> (<see langword="null"/>: nothing may be stored under the id).
/// On a mismatch it throws <see cref="ConcurrencyConflictException"/> and writes nothing.</item>
/// <item>On success it replaces the state and appends <c>ticket.History[expectedVersion ?? 0 ..]</c> (the entries not stored yet),
/// in the same transaction. Entries already stored are never rewritten. <c>ticket.Version == ticket.History.Count</c> always holds.</item>
/// <item><see cref="FindAsync"/> returns the ticket with its whole history in order.</item>
/// <item>All members are safe to call concurrently.</item>
/// </list>
/// </remarks>
/// <threadsafety>Implementations must be safe to call concurrently; the package calls them from any thread.</threadsafety>
public interface ITicketStore
{
    /// <summary>Loads a ticket.</summary>
    /// <param name="id">The ticket's identifier.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The ticket at its stored version, or <see langword="null"/> when none is stored under <paramref name="id"/>.</returns>
    ValueTask<Ticket?> FindAsync(TicketId id, CancellationToken cancellationToken = default);

    /// <summary>Saves a ticket if the stored version is still <paramref name="expectedVersion"/>.</summary>
    /// <param name="ticket">The ticket at its new version.</param>
    /// <param name="expectedVersion">The version loaded before the change, or <see langword="null"/> to create the ticket.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task that completes when the ticket is saved.</returns>
    /// <exception cref="ConcurrencyConflictException">Thrown when the stored version is not <paramref name="expectedVersion"/>; nothing was written.</exception>
    /// <exception cref="ArgumentException">Thrown when the ticket's version is not its history count or not after <paramref name="expectedVersion"/>.</exception>
    ValueTask SaveAsync(Ticket ticket, long? expectedVersion, CancellationToken cancellationToken = default);

    /// <summary>Lists solved tickets solved at or before an instant (the candidates for automatic closing).</summary>
    /// <param name="solvedAtOrBefore">The latest solving instant to include.</param>
    /// <param name="maxCount">The most tickets to return.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>Tickets in state <see cref="TicketState.Solved"/>, oldest solved first.</returns>
    ValueTask<IReadOnlyList<Ticket>> ListSolvedBeforeAsync(Instant solvedAtOrBefore, int maxCount, CancellationToken cancellationToken = default);

    /// <summary>Lists the tickets whose SLA clocks have something to evaluate: <c>Sla.NextChangeAt</c> at or before an instant (the clocks to evaluate).</summary>
    /// <param name="nextChangeAtOrBefore">The latest next-change instant to include.</param>
    /// <param name="maxCount">The most tickets to return.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>Tickets whose <c>Sla.NextChangeAt</c> is not <see langword="null"/> and at or before <paramref name="nextChangeAtOrBefore"/>, earliest first.</returns>
    ValueTask<IReadOnlyList<Ticket>> ListSlaDueAsync(Instant nextChangeAtOrBefore, int maxCount, CancellationToken cancellationToken = default);

    /// <summary>Stores a new SLA check of a ticket (its <c>Sla</c> only) if the stored version is still the ticket's version.</summary>
    /// <param name="ticket">The ticket at its stored version with an updated <c>Sla</c>; nothing else changed and no history was added.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns><see langword="true"/> when saved; <see langword="false"/> when the ticket is gone or changed since it was loaded (nothing was written; its own transition recorded the clocks).</returns>
    ValueTask<bool> SaveSlaCheckAsync(Ticket ticket, CancellationToken cancellationToken = default);
}

/// <summary>Keeps complaints in the host's database, with the same save contract as <see cref="ITicketStore"/>.</summary>
/// <remarks>See <see cref="ITicketStore"/> for the contract: optimistic versions, nothing written on a conflict, history appended atomically with the state.</remarks>
/// <threadsafety>Implementations must be safe to call concurrently; the package calls them from any thread.</threadsafety>
public interface IComplaintStore
{
    /// <summary>Loads a complaint.</summary>
    /// <param name="id">The complaint's identifier.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The complaint at its stored version, or <see langword="null"/> when none is stored under <paramref name="id"/>.</returns>
    ValueTask<Complaint?> FindAsync(ComplaintId id, CancellationToken cancellationToken = default);

    /// <summary>Saves a complaint if the stored version is still <paramref name="expectedVersion"/>.</summary>
    /// <param name="complaint">The complaint at its new version.</param>
    /// <param name="expectedVersion">The version loaded before the change, or <see langword="null"/> to create the complaint.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task that completes when the complaint is saved.</returns>
    /// <exception cref="ConcurrencyConflictException">Thrown when the stored version is not <paramref name="expectedVersion"/>; nothing was written.</exception>
    /// <exception cref="ArgumentException">Thrown when the complaint's version is not its history count or not after <paramref name="expectedVersion"/>.</exception>
    ValueTask SaveAsync(Complaint complaint, long? expectedVersion, CancellationToken cancellationToken = default);

    /// <summary>Lists complaints still awaiting a response whose response deadline is at or before an instant.</summary>
    /// <param name="respondByAtOrBefore">The latest deadline to include.</param>
    /// <param name="maxCount">The most complaints to return.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>Complaints in state <see cref="ComplaintState.Acknowledged"/> or <see cref="ComplaintState.Investigating"/>, earliest deadline first.</returns>
    ValueTask<IReadOnlyList<Complaint>> ListOverdueAsync(Instant respondByAtOrBefore, int maxCount, CancellationToken cancellationToken = default);

    /// <summary>Lists the complaints whose SLA clocks have something to evaluate: <c>Sla.NextChangeAt</c> at or before an instant (the clocks to evaluate).</summary>
    /// <param name="nextChangeAtOrBefore">The latest next-change instant to include.</param>
    /// <param name="maxCount">The most complaints to return.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>Complaints whose <c>Sla.NextChangeAt</c> is not <see langword="null"/> and at or before <paramref name="nextChangeAtOrBefore"/>, earliest first.</returns>
    ValueTask<IReadOnlyList<Complaint>> ListSlaDueAsync(Instant nextChangeAtOrBefore, int maxCount, CancellationToken cancellationToken = default);

    /// <summary>Stores a new SLA check of a complaint (its <c>Sla</c> only) if the stored version is still the complaint's version.</summary>
    /// <param name="complaint">The complaint at its stored version with an updated <c>Sla</c>; nothing else changed and no history was added.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns><see langword="true"/> when saved; <see langword="false"/> when the complaint is gone or changed since it was loaded (nothing was written; its own transition recorded the clocks).</returns>
    ValueTask<bool> SaveSlaCheckAsync(Complaint complaint, CancellationToken cancellationToken = default);
}

/// <summary>Keeps callbacks in the host's database, with the same save contract as <see cref="ITicketStore"/>.</summary>
/// <remarks>See <see cref="ITicketStore"/> for the contract: optimistic versions, nothing written on a conflict, history appended atomically with the state.</remarks>
/// <threadsafety>Implementations must be safe to call concurrently; the package calls them from any thread.</threadsafety>
public interface ICallbackStore
{
    /// <summary>Loads a callback.</summary>
    /// <param name="id">The callback's identifier.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The callback at its stored version, or <see langword="null"/> when none is stored under <paramref name="id"/>.</returns>
    ValueTask<Callback?> FindAsync(CallbackId id, CancellationToken cancellationToken = default);

    /// <summary>Saves a callback if the stored version is still <paramref name="expectedVersion"/>.</summary>
    /// <param name="callback">The callback at its new version.</param>
    /// <param name="expectedVersion">The version loaded before the change, or <see langword="null"/> to create the callback.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task that completes when the callback is saved.</returns>
    /// <exception cref="ConcurrencyConflictException">Thrown when the stored version is not <paramref name="expectedVersion"/>; nothing was written.</exception>
    /// <exception cref="ArgumentException">Thrown when the callback's version is not its history count or not after <paramref name="expectedVersion"/>.</exception>
    ValueTask SaveAsync(Callback callback, long? expectedVersion, CancellationToken cancellationToken = default);

    /// <summary>Lists scheduled callbacks due at or before an instant.</summary>
    /// <param name="dueAtOrBefore">The latest due instant to include.</param>
    /// <param name="maxCount">The most callbacks to return.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>Callbacks in state <see cref="CallbackState.Scheduled"/>, earliest due first.</returns>
    ValueTask<IReadOnlyList<Callback>> ListDueAsync(Instant dueAtOrBefore, int maxCount, CancellationToken cancellationToken = default);
}
