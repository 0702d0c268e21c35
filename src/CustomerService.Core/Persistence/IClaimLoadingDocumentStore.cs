using CustomerService.Core.Storage;
using NodaTime;

namespace CustomerService.Core.Persistence;

/// <summary>
/// A claimable document store that returns the claimed rows themselves from the claim: snapshot, history rows and all,
/// in the claim's own statement. An optional capability: a <see cref="DocumentStorage"/> over such a store serves
/// <see cref="IClaimableEntityStore{TEntity}.ClaimDueAndLoadAsync"/> (the services' due-work path) with one call, and over
/// any other <see cref="IClaimableDocumentStore"/> with a claim followed by a batch read.
/// </summary>
/// <remarks>
/// <para>
/// <see cref="ClaimAndLoadDueAsync"/> claims exactly as <see cref="IClaimableDocumentStore.ClaimDueAsync"/> does (the same
/// rows, leases, new tokens and order) and returns each claimed row as <see cref="IDocumentStore.FindAsync"/> with
/// <c>historyFrom</c> 0 would right after the claim, read in the same transaction: its new token, its snapshot, its next
/// due instant and due flags, its history row count and all its history rows in number order. No write can come between
/// the claim and the read (the claimed rows stay locked until the claim commits).
/// </para>
/// <para>
/// Every history row is returned, whatever the caller has parsed before: which rows will be claimed is known only to the
/// statement. <see cref="DocumentStorage"/> parses only the rows past the entries it keeps in its history cache, and
/// skips parsing a snapshot whose text is the one it wrote or read last.
/// </para>
/// </remarks>
/// <threadsafety>Implementations must be safe to call concurrently, from one process or many.</threadsafety>
public interface IClaimLoadingDocumentStore : IClaimableDocumentStore
{
    /// <summary>Claims a batch of due rows of one kind (see <see cref="IClaimableDocumentStore.ClaimDueAsync"/>) and returns them with their snapshots and history rows.</summary>
    /// <param name="entityKind">The kind of entity.</param>
    /// <param name="dueAtOrBefore">The latest due instant to include.</param>
    /// <param name="maxCount">The most rows to claim; not negative.</param>
    /// <param name="owner">The claiming node's identifier; not empty, at most 200 characters.</param>
    /// <param name="leaseDuration">How long the lease runs, by the store's clock; positive.</param>
    /// <param name="cancellationToken">Cancels the operation (before anything is claimed).</param>
    /// <returns>The claimed rows with their new tokens, <see cref="DocumentRecord.NextDueAt"/> set, every history row, earliest first, then by id (ordinal).</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="entityKind"/> or <paramref name="owner"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">Thrown when <paramref name="owner"/> is empty or longer than 200 characters.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when <paramref name="maxCount"/> is negative or <paramref name="leaseDuration"/> is not positive.</exception>
    /// <exception cref="OperationCanceledException">Thrown when <paramref name="cancellationToken"/> is cancelled; nothing was claimed.</exception>
    ValueTask<IReadOnlyList<DocumentRecord>> ClaimAndLoadDueAsync(string entityKind, Instant dueAtOrBefore, int maxCount, string owner, Duration leaseDuration, CancellationToken cancellationToken = default);
}
