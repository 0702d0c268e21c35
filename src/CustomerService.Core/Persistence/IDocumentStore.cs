using CustomerService.Core.Storage;
using NodaTime;

namespace CustomerService.Core.Persistence;

/// <summary>
/// The database-facing storage contract: entities, their history entries and outbox messages as rows of JSON text
/// (written by <see cref="Serialization.CustomerServiceJson"/>). Implement it over your database in a few queries and
/// wrap it in a <see cref="DocumentStorage"/> to get the typed stores the services use.
/// </summary>
/// <remarks>
/// <para>The semantics are those of <see cref="IEntityStore{TEntity}"/> and <see cref="IOutboxStore"/>, with rows instead of objects:</para>
/// <list type="bullet">
/// <item><see cref="SaveAsync"/>: in ONE transaction, check the stored token of (<see cref="DocumentChange.EntityKind"/>,
/// <see cref="DocumentChange.Id"/>) against <see cref="DocumentChange.ExpectedToken"/> (<see langword="null"/>: the row must not exist),
/// throw <see cref="ConcurrencyConflictException"/> and write nothing on a mismatch; otherwise insert or update the
/// entity row (snapshot, token, next due instant, due flags), insert the history rows numbered from
/// <see cref="DocumentChange.HistoryStart"/>, and insert the outbox rows with increasing sequence numbers.</item>
/// <item><see cref="FindAsync"/>: the entity row, its history row count, and its history rows numbered from
/// <c>historyFrom</c> on, in number order, read consistently (one read transaction). History rows are append-only, so
/// <see cref="DocumentStorage"/> keeps the entries it parsed and asks only for the rows after them.
/// <see cref="FindManyAsync"/> does the same for several rows of a kind (optional: by default one
/// <see cref="FindAsync"/> per row; override it to read them in one query).</item>
/// <item><see cref="ListDueAsync"/>: <c>WHERE kind = @kind AND next_due_at &lt;= @t ORDER BY next_due_at, id LIMIT @n</c>, with ids compared ordinally (binary collation).</item>
/// <item><see cref="ListAsync"/>: <c>WHERE kind = @kind AND id &gt; @after ORDER BY id LIMIT @n</c> (without the id
/// condition for the first page), served by the primary key <c>(kind, id)</c> in the same ordinal order: keyset paging,
/// so every page costs its own rows however far the listing has gone.</item>
/// <item><see cref="ListDeliverableAsync"/>: pending outbox rows by sequence, leaving out those whose entity has an
/// earlier pending row with a next attempt after <c>now</c> (and that row itself).</item>
/// </list>
/// <para>Instants must be stored exactly (for example as Unix nanoseconds in a 64-bit integer); ids and texts unchanged.
/// Ids compare ordinally: by their UTF-8 bytes (SQLite's <c>BINARY</c>, PostgreSQL's <c>COLLATE "C"</c>), which is the
/// order of <see cref="string.CompareOrdinal(string, string)"/> for every id without characters above U+FFFF.</para>
/// </remarks>
/// <threadsafety>Implementations must be safe to call concurrently; the package calls them from any thread.</threadsafety>
public interface IDocumentStore
{
    /// <summary>Loads an entity row with its history rows from a given number on.</summary>
    /// <param name="entityKind">The kind of entity (<c>Ticket</c>, <c>Complaint</c>, <c>Callback</c>, <c>CustomerProfile</c>).</param>
    /// <param name="id">The entity's identifier.</param>
    /// <param name="historyFrom">The number of the first history row to return (0 for all of them; <see cref="int.MaxValue"/>, or any number at or past the row count, for none); not negative.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The row with <see cref="DocumentRecord.HistoryCount"/> and the history rows numbered <paramref name="historyFrom"/> and later, or <see langword="null"/> when none is stored.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when <paramref name="historyFrom"/> is negative.</exception>
    /// <exception cref="OperationCanceledException">Thrown when <paramref name="cancellationToken"/> is cancelled.</exception>
    ValueTask<DocumentRecord?> FindAsync(string entityKind, string id, int historyFrom, CancellationToken cancellationToken = default);

    /// <summary>Loads several entity rows of one kind, each with its history rows from its own number on, as <see cref="FindAsync"/> would.</summary>
    /// <remarks>The default implementation calls <see cref="FindAsync"/> for each read; an adapter overrides it to answer in one query (one round trip, one consistent snapshot).</remarks>
    /// <param name="entityKind">The kind of entity.</param>
    /// <param name="reads">The rows to load: each id with the number of its first history row to return.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>One slot per read, in the order of <paramref name="reads"/>: the row, or <see langword="null"/> when none is stored.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="entityKind"/>, <paramref name="reads"/> or an id is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when a history number is negative.</exception>
    /// <exception cref="OperationCanceledException">Thrown when <paramref name="cancellationToken"/> is cancelled.</exception>
    ValueTask<IReadOnlyList<DocumentRecord?>> FindManyAsync(string entityKind, IReadOnlyList<DocumentRead> reads, CancellationToken cancellationToken = default) =>
        DocumentReads.FindOneByOneAsync(this, entityKind, reads, cancellationToken);

    /// <summary>Writes a change atomically if the stored token is still the expected one.</summary>
    /// <param name="change">The rows to write.</param>
    /// <param name="cancellationToken">Cancels the operation (before anything is written).</param>
    /// <returns>A task that completes when the change is committed.</returns>
    /// <exception cref="ConcurrencyConflictException">Thrown when the stored token is not the expected one; nothing was written.</exception>
    /// <exception cref="OperationCanceledException">Thrown when <paramref name="cancellationToken"/> is cancelled; nothing was written.</exception>
    ValueTask SaveAsync(DocumentChange change, CancellationToken cancellationToken = default);

    /// <summary>Lists the entities of a kind whose next due instant is at or before an instant.</summary>
    /// <param name="entityKind">The kind of entity.</param>
    /// <param name="dueAtOrBefore">The latest due instant to include.</param>
    /// <param name="maxCount">The most rows to return; not negative.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The due entities, earliest first, then by id (ordinal).</returns>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when <paramref name="maxCount"/> is negative.</exception>
    /// <exception cref="OperationCanceledException">Thrown when <paramref name="cancellationToken"/> is cancelled.</exception>
    ValueTask<IReadOnlyList<DueEntity>> ListDueAsync(string entityKind, Instant dueAtOrBefore, int maxCount, CancellationToken cancellationToken = default);

    /// <summary>Lists the entity rows of one kind in ordinal id order, one page at a time (keyset paging).</summary>
    /// <remarks>
    /// Pass the last id of a page as <paramref name="afterId"/> to get the next one; a page shorter than
    /// <paramref name="maxCount"/> is the last. Each call reads on its own: a row written between two pages is listed if its
    /// id comes after the page it falls behind, and no row is listed twice.
    /// </remarks>
    /// <param name="entityKind">The kind of entity.</param>
    /// <param name="afterId">Only rows whose id comes ordinally after this one are listed; <see langword="null"/> for the first page.</param>
    /// <param name="maxCount">The most rows to return; not negative.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The rows in ordinal id order, each with its token, snapshot, due work and <see cref="DocumentRecord.HistoryCount"/>, and without history rows (<see cref="DocumentRecord.History"/> is empty).</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="entityKind"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when <paramref name="maxCount"/> is negative.</exception>
    /// <exception cref="OperationCanceledException">Thrown when <paramref name="cancellationToken"/> is cancelled.</exception>
    ValueTask<IReadOnlyList<DocumentRecord>> ListAsync(string entityKind, string? afterId, int maxCount, CancellationToken cancellationToken = default);

    /// <summary>Replaces only an entity's due work and token (to <c>expectedToken.Next()</c>, due <see cref="DueWork.Retry"/>) if the token matches.</summary>
    /// <param name="entityKind">The kind of entity.</param>
    /// <param name="id">The entity's identifier.</param>
    /// <param name="expectedToken">The token from the due-work query.</param>
    /// <param name="nextDueAt">The new next due instant.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns><see langword="true"/> when written; <see langword="false"/> when the row is gone or its token changed.</returns>
    /// <exception cref="OperationCanceledException">Thrown when <paramref name="cancellationToken"/> is cancelled.</exception>
    ValueTask<bool> DeferAsync(string entityKind, string id, ConcurrencyToken expectedToken, Instant nextDueAt, CancellationToken cancellationToken = default);

    /// <summary>Lists the outbox rows that may be delivered now (see <see cref="IOutboxStore.ListDeliverableAsync"/>).</summary>
    /// <param name="now">The current instant.</param>
    /// <param name="maxCount">The most rows to return; not negative.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>Deliverable rows in sequence order.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when <paramref name="maxCount"/> is negative.</exception>
    /// <exception cref="OperationCanceledException">Thrown when <paramref name="cancellationToken"/> is cancelled.</exception>
    ValueTask<IReadOnlyList<OutboxRecord>> ListDeliverableAsync(Instant now, int maxCount, CancellationToken cancellationToken = default);

    /// <summary>Marks an outbox row delivered.</summary>
    /// <param name="messageId">The message's identifier.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns><see langword="true"/> when the row was pending.</returns>
    /// <exception cref="OperationCanceledException">Thrown when <paramref name="cancellationToken"/> is cancelled.</exception>
    ValueTask<bool> MarkDeliveredAsync(string messageId, CancellationToken cancellationToken = default);

    /// <summary>Records a failed delivery of an outbox row.</summary>
    /// <param name="messageId">The message's identifier.</param>
    /// <param name="attempts">How many deliveries have failed now.</param>
    /// <param name="nextAttemptAt">The earliest instant of the next attempt.</param>
    /// <param name="failure">A short description of the failure (an exception type name).</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns><see langword="true"/> when the row was pending.</returns>
    /// <exception cref="OperationCanceledException">Thrown when <paramref name="cancellationToken"/> is cancelled.</exception>
    ValueTask<bool> MarkFailedAsync(string messageId, int attempts, Instant nextAttemptAt, string failure, CancellationToken cancellationToken = default);

    /// <summary>Counts the pending outbox rows.</summary>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The number of rows not delivered yet.</returns>
    /// <exception cref="OperationCanceledException">Thrown when <paramref name="cancellationToken"/> is cancelled.</exception>
    ValueTask<long> CountPendingAsync(CancellationToken cancellationToken = default);
}

/// <summary>An entity row as a document store holds it.</summary>
/// <param name="EntityKind">The kind of entity.</param>
/// <param name="Id">The entity's identifier.</param>
/// <param name="Token">The stored concurrency token.</param>
/// <param name="Snapshot">The snapshot's JSON (without its history).</param>
/// <param name="HistoryCount">How many history rows the entity has.</param>
/// <param name="History">The history entries' JSON from the requested number on, oldest first (none in a listing).</param>
/// <threadsafety>This type is immutable and may be shared freely between threads.</threadsafety>
public sealed record DocumentRecord(string EntityKind, string Id, ConcurrencyToken Token, string Snapshot, int HistoryCount, IReadOnlyList<string> History)
{
    /// <summary>Gets the stored next due instant.</summary>
    /// <value>The instant, or <see langword="null"/> when nothing is due.</value>
    public Instant? NextDueAt { get; init; }

    /// <summary>Gets the stored due flags.</summary>
    /// <value>What is due at <see cref="NextDueAt"/>.</value>
    public DueWork Due { get; init; }
}

/// <summary>The rows of one atomic write.</summary>
/// <param name="EntityKind">The kind of entity.</param>
/// <param name="Id">The entity's identifier.</param>
/// <param name="ExpectedToken">The token the writer loaded, or <see langword="null"/> when the row must not exist.</param>
/// <param name="Token">The token to store.</param>
/// <param name="Snapshot">The snapshot's JSON (without its history).</param>
/// <param name="HistoryStart">The number of the first new history row (the count already stored).</param>
/// <param name="NewHistory">The new history entries' JSON, to number from <paramref name="HistoryStart"/>.</param>
/// <param name="NextDueAt">The next due instant to store, or <see langword="null"/>.</param>
/// <param name="Due">The due flags to store.</param>
/// <param name="Messages">The outbox rows to append, in order.</param>
/// <threadsafety>This type is immutable and may be shared freely between threads.</threadsafety>
public sealed record DocumentChange(
    string EntityKind,
    string Id,
    ConcurrencyToken? ExpectedToken,
    ConcurrencyToken Token,
    string Snapshot,
    int HistoryStart,
    IReadOnlyList<string> NewHistory,
    Instant? NextDueAt,
    DueWork Due,
    IReadOnlyList<OutboxRecord> Messages)
{
    /// <summary>Gets the node whose claim this change completes (see <see cref="EntityChange{TEntity}.ClaimOwner"/>).</summary>
    /// <value>The default value is <see langword="null"/>: a plain save. An <see cref="IClaimableDocumentStore"/> writes a change with an owner only while that owner's lease on the row is unexpired by its clock, and throws <see cref="LeaseExpiredException"/> otherwise.</value>
    public string? ClaimOwner { get; init; }
}

/// <summary>One row to load with <see cref="IDocumentStore.FindManyAsync"/>: an id, and the number of its first history row to return.</summary>
/// <param name="Id">The entity's identifier.</param>
/// <param name="HistoryFrom">The number of the first history row to return (0 for all of them); not negative.</param>
/// <threadsafety>This type is an immutable value type and may be shared freely between threads. Its default value has a <see langword="null"/> id and is refused.</threadsafety>
public readonly record struct DocumentRead(string Id, int HistoryFrom);

/// <summary>An outbox row as a document store holds it.</summary>
/// <threadsafety>This type is immutable and may be shared freely between threads.</threadsafety>
public sealed record OutboxRecord
{
    /// <summary>Gets the message's identifier (unique, stable across retries).</summary>
    /// <value>For example <c>Ticket/T-1001/7/0</c>.</value>
    public required string Id { get; init; }

    /// <summary>Gets the kind of entity that raised it.</summary>
    /// <value><c>Ticket</c>, <c>Complaint</c> or <c>Callback</c>.</value>
    public required string EntityKind { get; init; }

    /// <summary>Gets the identifier of the entity that raised it.</summary>
    /// <value>The entity's identifier.</value>
    public required string EntityId { get; init; }

    /// <summary>Gets the event's JSON.</summary>
    /// <value>A payload written by <see cref="Serialization.CustomerServiceJson"/> as a <see cref="CustomerServiceEvent"/>.</value>
    public required string Payload { get; init; }

    /// <summary>Gets the row's place in the outbox (assigned by the store on insert).</summary>
    /// <value>Increasing in writing order; 0 before the row is stored.</value>
    public long Sequence { get; init; }

    /// <summary>Gets how many deliveries failed.</summary>
    /// <value>The default value is 0.</value>
    public int Attempts { get; init; }

    /// <summary>Gets the earliest instant of the next attempt after a failure.</summary>
    /// <value><see langword="null"/> for a row never tried.</value>
    public Instant? NextAttemptAt { get; init; }

    /// <summary>Gets the last failure's description.</summary>
    /// <value>The description, or <see langword="null"/>.</value>
    public string? LastError { get; init; }
}

/// <summary>
/// A document store that several nodes can share: the claim operations of <see cref="IClaimableEntityStore{TEntity}"/> and
/// <see cref="IClaimableOutboxStore"/> over rows. A <see cref="DocumentStorage"/> over it exposes claimable typed stores
/// and a claimable <see cref="DocumentStorage.Outbox"/>, so the services and the dispatcher claim their work with leases.
/// </summary>
/// <remarks>
/// <para>The semantics are exactly those of the typed claim interfaces, with rows:</para>
/// <list type="bullet">
/// <item><see cref="ClaimDueAsync"/>: in one transaction, take up to <c>maxCount</c> rows of the kind with
/// <c>next_due_at &lt;= dueAtOrBefore</c> and no unexpired lease (by the store's clock), skipping rows other claimers hold
/// (<c>FOR UPDATE SKIP LOCKED</c>), set <c>lease_owner</c>, <c>lease_expires_at = now() + leaseDuration</c> and
/// <c>token = token + 1</c>, and return them ordered by <c>next_due_at</c> then id.</item>
/// <item><see cref="IDocumentStore.SaveAsync"/> of a change with <see cref="DocumentChange.ClaimOwner"/>: the update also
/// requires <c>lease_owner = owner AND lease_expires_at &gt; now()</c>; when the token matches but the lease does not,
/// throw <see cref="LeaseExpiredException"/>. Every save and deferral clears the lease.</item>
/// <item><see cref="ClaimDeliverableAsync"/>: lease the pending rows, in sequence order, that <see cref="IDocumentStore.ListDeliverableAsync"/>
/// would return and that are not leased, leaving out every row whose entity has an earlier pending row that is backing
/// off or leased; lock each entity's first pending row so that two claimers never split one entity's stream.</item>
/// <item><see cref="CompleteClaimsAsync"/>: each change as its own owner-checked <see cref="IDocumentStore.SaveAsync"/>,
/// independently, with its outcome in its slot (optional: by default one save per change; override it to write the batch
/// in one statement or transaction).</item>
/// <item>The owner-checked <see cref="MarkClaimedDeliveredAsync"/> and <see cref="MarkClaimedFailedAsync"/> write only under the owner's
/// unexpired lease and throw <see cref="LeaseExpiredException"/> otherwise; a failure also releases the owner's leases on
/// the entity's later rows (they wait behind it).</item>
/// </list>
/// </remarks>
/// <threadsafety>Implementations must be safe to call concurrently, from one process or many.</threadsafety>
public interface IClaimableDocumentStore : IDocumentStore
{
    /// <summary>Claims a batch of due entity rows of one kind (see <see cref="IClaimableEntityStore{TEntity}.ClaimDueAsync"/>).</summary>
    /// <param name="entityKind">The kind of entity.</param>
    /// <param name="dueAtOrBefore">The latest due instant to include.</param>
    /// <param name="maxCount">The most rows to claim; not negative.</param>
    /// <param name="owner">The claiming node's identifier.</param>
    /// <param name="leaseDuration">How long the lease runs, by the store's clock; positive.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The claimed rows with their new tokens, earliest first, then by id (ordinal).</returns>
    /// <exception cref="ArgumentException">Thrown when an argument is not valid (see <see cref="IClaimableEntityStore{TEntity}.ClaimDueAsync"/>).</exception>
    /// <exception cref="OperationCanceledException">Thrown when <paramref name="cancellationToken"/> is cancelled.</exception>
    ValueTask<IReadOnlyList<DueEntity>> ClaimDueAsync(string entityKind, Instant dueAtOrBefore, int maxCount, string owner, Duration leaseDuration, CancellationToken cancellationToken = default);

    /// <summary>Writes a batch of claim completions (see <see cref="IClaimableEntityStore{TEntity}.CompleteClaimsAsync"/>): each as its own <see cref="IDocumentStore.SaveAsync"/> would, independently of the others.</summary>
    /// <remarks>
    /// The default implementation saves the changes one by one and reports each save's exception in its slot. An adapter
    /// that overrides it writes the batch in as few round trips and commits as it can, still each change all or nothing
    /// and a refused one (token, lease, duplicate message id) never failing the others; it may throw for the whole batch
    /// only when the database fails, and then each change was written entirely or not at all.
    /// </remarks>
    /// <param name="changes">The changes, at most one per row, each with <see cref="DocumentChange.ClaimOwner"/> and <see cref="DocumentChange.ExpectedToken"/> set.</param>
    /// <param name="cancellationToken">Cancels the operation (before anything is written).</param>
    /// <returns>One outcome per change, in order.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="changes"/> is or holds <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">Thrown when a change has no owner or no expected token, or two changes are of one row; nothing was written.</exception>
    /// <exception cref="OperationCanceledException">Thrown when <paramref name="cancellationToken"/> is cancelled.</exception>
    ValueTask<IReadOnlyList<ClaimCompletion>> CompleteClaimsAsync(IReadOnlyList<DocumentChange> changes, CancellationToken cancellationToken = default) =>
        DocumentReads.SaveOneByOneAsync(this, changes, cancellationToken);

    /// <summary>Claims a batch of deliverable outbox rows (see <see cref="IClaimableOutboxStore.ClaimDeliverableAsync"/>).</summary>
    /// <param name="now">The current instant.</param>
    /// <param name="maxCount">The most rows to claim; not negative.</param>
    /// <param name="owner">The claiming node's identifier.</param>
    /// <param name="leaseDuration">How long the lease runs, by the store's clock; positive.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The claimed rows in sequence order.</returns>
    /// <exception cref="ArgumentException">Thrown when an argument is not valid.</exception>
    /// <exception cref="OperationCanceledException">Thrown when <paramref name="cancellationToken"/> is cancelled.</exception>
    ValueTask<IReadOnlyList<OutboxRecord>> ClaimDeliverableAsync(Instant now, int maxCount, string owner, Duration leaseDuration, CancellationToken cancellationToken = default);

    /// <summary>Marks a claimed outbox row delivered under the owner's lease.</summary>
    /// <param name="messageId">The message's identifier.</param>
    /// <param name="owner">The owner that claimed it.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns><see langword="true"/> when the row was pending; <see langword="false"/> when it was unknown or delivered already.</returns>
    /// <exception cref="LeaseExpiredException">Thrown when the row is pending but not leased to <paramref name="owner"/> any more.</exception>
    /// <exception cref="OperationCanceledException">Thrown when <paramref name="cancellationToken"/> is cancelled.</exception>
    ValueTask<bool> MarkClaimedDeliveredAsync(string messageId, string owner, CancellationToken cancellationToken = default);

    /// <summary>Records a failed delivery of a claimed outbox row under the owner's lease, and releases the owner's leases on its entity's rows.</summary>
    /// <param name="messageId">The message's identifier.</param>
    /// <param name="owner">The owner that claimed it.</param>
    /// <param name="attempts">How many deliveries have failed now.</param>
    /// <param name="nextAttemptAt">The earliest instant of the next attempt.</param>
    /// <param name="failure">A short description of the failure.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns><see langword="true"/> when the row was pending; <see langword="false"/> when it was unknown or delivered already.</returns>
    /// <exception cref="LeaseExpiredException">Thrown when the row is pending but not leased to <paramref name="owner"/> any more.</exception>
    /// <exception cref="OperationCanceledException">Thrown when <paramref name="cancellationToken"/> is cancelled.</exception>
    ValueTask<bool> MarkClaimedFailedAsync(string messageId, string owner, int attempts, Instant nextAttemptAt, string failure, CancellationToken cancellationToken = default);
}

/// <summary>The default batch members of the document contracts: one call per row.</summary>
internal static class DocumentReads
{
    public static void Check(string entityKind, IReadOnlyList<DocumentRead> reads)
    {
        ArgumentNullException.ThrowIfNull(entityKind);
        ArgumentNullException.ThrowIfNull(reads);
        foreach (var read in reads)
        {
            ArgumentNullException.ThrowIfNull(read.Id, nameof(reads));
            ArgumentOutOfRangeException.ThrowIfNegative(read.HistoryFrom, nameof(reads));
        }
    }

    public static void CheckCompletions(IReadOnlyList<DocumentChange> changes) =>
        ClaimArguments.CheckCompletions(changes, static c => c.EntityKind + "/" + c.Id, static c => c.ClaimOwner, static c => c.ExpectedToken is not null);

    public static async ValueTask<IReadOnlyList<DocumentRecord?>> FindOneByOneAsync(IDocumentStore store, string entityKind, IReadOnlyList<DocumentRead> reads, CancellationToken cancellationToken)
    {
        Check(entityKind, reads);
        cancellationToken.ThrowIfCancellationRequested();
        var found = new DocumentRecord?[reads.Count];
        for (var i = 0; i < found.Length; i++)
        {
            found[i] = await store.FindAsync(entityKind, reads[i].Id, reads[i].HistoryFrom, cancellationToken).ConfigureAwait(false);
        }

        return found;
    }

    public static async ValueTask<IReadOnlyList<ClaimCompletion>> SaveOneByOneAsync(IDocumentStore store, IReadOnlyList<DocumentChange> changes, CancellationToken cancellationToken)
    {
        CheckCompletions(changes);
        cancellationToken.ThrowIfCancellationRequested();
        var outcomes = new ClaimCompletion[changes.Count];
        for (var i = 0; i < changes.Count; i++)
        {
            outcomes[i] = await ClaimCompletions.SaveOneAsync(store.SaveAsync, changes[i], cancellationToken).ConfigureAwait(false);
        }

        return outcomes;
    }
}
