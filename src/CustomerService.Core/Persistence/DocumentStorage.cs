using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json.Serialization.Metadata;
using CustomerService.Core.Callbacks;
using CustomerService.Core.Complaints;
using CustomerService.Core.Serialization;
using CustomerService.Core.Storage;
using CustomerService.Core.Tickets;
using NodaTime;

namespace CustomerService.Core.Persistence;

/// <summary>
/// Turns an <see cref="IDocumentStore"/> (rows of JSON text in the host's database) into the typed stores and the
/// outbox the services use: snapshots, history entries and events are written and read
/// with <see cref="CustomerServiceJson"/>, so an adapter only moves text, tokens and instants.
/// </summary>
/// <remarks>
/// <para>
/// A snapshot is stored without its history; the history entries are separate rows appended by each save, so a
/// transition writes one new entry however long the history is. History rows never change once written, so the
/// storage keeps the parsed histories of the most recently loaded or saved entities (a bounded cache) and reads only
/// the rows after them: loading a ticket with a long history costs its new entries, not all of them. With each history
/// it keeps the text of the stored snapshot and the entity that text parses to (after a save, the text written and the
/// entity saved): a load that reads back the same text, compared ordinally, returns that entity without parsing, and
/// any other text (written by another process, restored, edited) is parsed. Loading checks that the
/// snapshot's <c>Version</c> equals its history count and reports a <see cref="SnapshotFormatException"/> otherwise.
/// </para>
/// <para>
/// Outbox messages are written as <see cref="CustomerServiceEvent"/> payloads: the library's own event types and the
/// packages' event types given to the constructor (<see cref="CustomerServiceEventType"/>), each under its stable name.
/// </para>
/// <para>
/// An outbox row that cannot be read (a payload from a newer library, a corrupt row) is not handed to the dispatcher:
/// it is marked failed with the retry delays of <see cref="OutboxOptions"/>, which also holds back the later events of
/// its entity, and the other entities' events go on.
/// </para>
/// <para>
/// When the document store is an <see cref="IClaimableDocumentStore"/> (<see cref="SupportsClaims"/>), the typed stores
/// are <see cref="IClaimableEntityStore{TEntity}"/> and <see cref="Outbox"/> is an <see cref="IClaimableOutboxStore"/>: the
/// services and the dispatcher then claim their work with leases, so several nodes can share the database.
/// </para>
/// <para>
/// The batch members of the typed stores go to the document store's own: <see cref="IEntityStore{TEntity}.FindManyAsync"/>
/// to <see cref="IDocumentStore.FindManyAsync"/> (each row read from the first history row not yet parsed) and
/// <see cref="IClaimableEntityStore{TEntity}.CompleteClaimsAsync"/> to <see cref="IClaimableDocumentStore.CompleteClaimsAsync"/>
/// (a change that cannot be turned into rows is refused alone). A document store that does not override them answers
/// with one call per row.
/// </para>
/// </remarks>
/// <threadsafety>This type is thread-safe when its document store is.</threadsafety>
public sealed class DocumentStorage : IOutboxStore
{
    private readonly IDocumentStore _documents;
    private readonly OutboxOptions _outbox;
    private readonly IClaimableDocumentStore? _claims;
    private readonly HistoryCache _cache;
    private readonly Dictionary<string, object> _packageStores = new(StringComparer.Ordinal);
    private readonly JsonTypeInfo<CustomerServiceEvent> _events;

    /// <summary>Initializes a new instance of the <see cref="DocumentStorage"/> class.</summary>
    /// <param name="documents">The database-facing store.</param>
    /// <param name="outbox">The retry delays for unreadable outbox rows; <see langword="null"/> for the defaults.</param>
    /// <param name="historyCacheSize">How many entities' parsed histories and snapshots to keep (least recently used ones are dropped first); 0 keeps none. The default value is <see cref="DefaultHistoryCacheSize"/>.</param>
    /// <param name="eventTypes">The packages' event types the outbox writes and reads besides the library's own (the knowledge base's, for example); <see langword="null"/> for none. Every process that reads the outbox must give the same ones.</param>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="documents"/> is <see langword="null"/>, or <paramref name="eventTypes"/> holds <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">Thrown when <paramref name="outbox"/> is not valid, or two of <paramref name="eventTypes"/> share a name or a type.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when <paramref name="historyCacheSize"/> is negative.</exception>
    public DocumentStorage(IDocumentStore documents, OutboxOptions? outbox = null, int historyCacheSize = DefaultHistoryCacheSize, IEnumerable<CustomerServiceEventType>? eventTypes = null)
    {
        ArgumentNullException.ThrowIfNull(documents);
        ArgumentOutOfRangeException.ThrowIfNegative(historyCacheSize);
        _documents = documents;
        _outbox = (outbox ?? new OutboxOptions()).Checked(nameof(outbox));
        var packageEvents = eventTypes is null ? [] : new List<CustomerServiceEventType>(eventTypes);
        _events = CustomerServiceJson.EventTypeInfo(packageEvents, nameof(eventTypes));
        EventTypes = packageEvents.AsReadOnly();
        var cache = new HistoryCache(historyCacheSize);
        var claims = documents as IClaimableDocumentStore;
        _claims = claims;
        _cache = cache;
        Tickets = Store(documents, claims, cache, _events, TicketService.EntityKind, CustomerServiceJson.TypeInfo<Ticket>(), CustomerServiceJson.TypeInfo<TransitionRecord<TicketState, TicketTrigger>>(), t => t.History, (t, h) => t with { History = h }, t => t.Version);
        Complaints = Store(documents, claims, cache, _events, ComplaintService.EntityKind, CustomerServiceJson.TypeInfo<Complaint>(), CustomerServiceJson.TypeInfo<TransitionRecord<ComplaintState, ComplaintTrigger>>(), c => c.History, (c, h) => c with { History = h }, c => c.Version);
        Callbacks = Store(documents, claims, cache, _events, CallbackService.EntityKind, CustomerServiceJson.TypeInfo<Callback>(), CustomerServiceJson.TypeInfo<TransitionRecord<CallbackState, CallbackTrigger>>(), c => c.History, (c, h) => c with { History = h }, c => c.Version);
        Outbox = claims is null ? this : new ClaimableOutbox(this, claims);
    }

    /// <summary>The number of entities whose parsed histories are kept by default: 4,096.</summary>
    public const int DefaultHistoryCacheSize = 4096;

    /// <summary>Gets the ticket store.</summary>
    /// <value>Tickets of kind <c>Ticket</c> in the document store.</value>
    public IEntityStore<Ticket> Tickets { get; }

    /// <summary>Gets the complaint store.</summary>
    /// <value>Complaints of kind <c>Complaint</c> in the document store.</value>
    public IEntityStore<Complaint> Complaints { get; }

    /// <summary>Gets the callback store.</summary>
    /// <value>Callbacks of kind <c>Callback</c> in the document store.</value>
    public IEntityStore<Callback> Callbacks { get; }

    /// <summary>Gets the packages' event types the outbox writes and reads besides the library's own.</summary>
    /// <value>The event types given to the constructor, in their order; empty when none were given.</value>
    public IReadOnlyList<CustomerServiceEventType> EventTypes { get; }

    /// <summary>Gets the document store this storage writes to.</summary>
    /// <value>The adapter given to the constructor; packages keep their own kinds of rows in it (the studio desk's customer profiles, for example).</value>
    public IDocumentStore Documents => _documents;

    /// <summary>Gets a value indicating whether the document store supports claims (<see cref="IClaimableDocumentStore"/>).</summary>
    /// <value><see langword="true"/> when <see cref="Tickets"/>, <see cref="Complaints"/> and <see cref="Callbacks"/> are
    /// <see cref="IClaimableEntityStore{TEntity}"/> and <see cref="Outbox"/> is an <see cref="IClaimableOutboxStore"/>.</value>
    public bool SupportsClaims => !ReferenceEquals(Outbox, this);

    /// <summary>Gets the outbox to register and to hand to the <see cref="OutboxDispatcher"/>.</summary>
    /// <value>This storage itself when the document store has no claims; otherwise an <see cref="IClaimableOutboxStore"/> over the same rows.</value>
    public IOutboxStore Outbox { get; }

    /// <summary>
    /// Gets the typed store of an entity kind that a package defines (the knowledge base's articles, for example), kept in
    /// the same document rows, history rows and history cache as the library's own kinds, with the same contract.
    /// </summary>
    /// <remarks>
    /// The snapshot is written without its history (with <paramref name="withHistory"/> given an empty list) and each new
    /// history entry as its own row, all with <see cref="CustomerServiceJson"/>'s envelope and rules through the package's
    /// metadata (made by <see cref="CustomerServiceJson.CreateOptions"/>). Loading checks that the snapshot's version equals
    /// its history count. The store is claimable when the document store is. Outbox messages of such a store carry the
    /// library's own event types or the event types given to the constructor (<see cref="CustomerServiceEventType"/>).
    /// </remarks>
    /// <typeparam name="TEntity">The snapshot type: an immutable record with value equality (its history included).</typeparam>
    /// <typeparam name="TEntry">The history entry type.</typeparam>
    /// <param name="entityKind">The kind's name (the rows' <c>kind</c>); not one of the library's own kinds. One snapshot type per name.</param>
    /// <param name="snapshot">The snapshot's metadata.</param>
    /// <param name="entry">The history entry's metadata.</param>
    /// <param name="historyOf">Reads a snapshot's history, oldest entry first.</param>
    /// <param name="withHistory">Returns the snapshot with another history.</param>
    /// <param name="versionOf">Reads the snapshot's version (its number of history entries).</param>
    /// <returns>The store; every call with the same name returns the same instance.</returns>
    /// <exception cref="ArgumentNullException">Thrown when an argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">Thrown when <paramref name="entityKind"/> is empty, is <c>Ticket</c>, <c>Complaint</c> or <c>Callback</c>, or was used before with another snapshot type.</exception>
    public IEntityStore<TEntity> GetStore<TEntity, TEntry>(
        string entityKind,
        JsonTypeInfo<TEntity> snapshot,
        JsonTypeInfo<TEntry> entry,
        Func<TEntity, IReadOnlyList<TEntry>> historyOf,
        Func<TEntity, IReadOnlyList<TEntry>, TEntity> withHistory,
        Func<TEntity, long> versionOf)
        where TEntity : class
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(entityKind);
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(historyOf);
        ArgumentNullException.ThrowIfNull(withHistory);
        ArgumentNullException.ThrowIfNull(versionOf);
        if (entityKind is TicketService.EntityKind or ComplaintService.EntityKind or CallbackService.EntityKind)
        {
            throw new ArgumentException($"'{entityKind}' is one of the library's own entity kinds; use the storage's {entityKind}s store.", nameof(entityKind));
        }

        lock (_packageStores)
        {
            if (_packageStores.TryGetValue(entityKind, out var existing))
            {
                return existing as IEntityStore<TEntity>
                    ?? throw new ArgumentException($"The entity kind '{entityKind}' is used already with another snapshot type.", nameof(entityKind));
            }

            var store = Store(_documents, _claims, _cache, _events, entityKind, snapshot, entry, historyOf, withHistory, versionOf);
            _packageStores.Add(entityKind, store);
            return store;
        }
    }

    /// <inheritdoc/>
    public async ValueTask<IReadOnlyList<OutboxMessage>> ListDeliverableAsync(Instant now, int maxCount, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxCount);
        var records = await _documents.ListDeliverableAsync(now, maxCount, cancellationToken).ConfigureAwait(false);
        return await ToMessagesAsync(records, now, owner: null, cancellationToken).ConfigureAwait(false);
    }

    private static IEntityStore<TEntity> Store<TEntity, TEntry>(
        IDocumentStore documents,
        IClaimableDocumentStore? claims,
        HistoryCache cache,
        JsonTypeInfo<CustomerServiceEvent> eventInfo,
        string kind,
        JsonTypeInfo<TEntity> snapshotInfo,
        JsonTypeInfo<TEntry> entryInfo,
        Func<TEntity, IReadOnlyList<TEntry>> historyOf,
        Func<TEntity, IReadOnlyList<TEntry>, TEntity> withHistory,
        Func<TEntity, long> versionOf)
        where TEntity : class =>
        claims is null
            ? new EntityStore<TEntity, TEntry>(documents, cache, eventInfo, kind, snapshotInfo, entryInfo, historyOf, withHistory, versionOf)
            : new ClaimableEntityStore<TEntity, TEntry>(claims, cache, eventInfo, kind, snapshotInfo, entryInfo, historyOf, withHistory, versionOf);

    /// <summary>Reads outbox rows into messages; an unreadable row is marked failed (under the owner's lease when claimed) and holds back its entity's later rows.</summary>
    private async ValueTask<IReadOnlyList<OutboxMessage>> ToMessagesAsync(IReadOnlyList<OutboxRecord> records, Instant now, string? owner, CancellationToken cancellationToken)
    {
        var messages = new List<OutboxMessage>(records.Count);
        HashSet<(string Kind, string Id)>? held = null;
        foreach (var record in records)
        {
            if (held is not null && held.Contains((record.EntityKind, record.EntityId)))
            {
                continue;
            }

            CustomerServiceEvent domainEvent;
            try
            {
                domainEvent = CustomerServiceJson.Deserialize(record.Payload, _events);
            }
            catch (SnapshotFormatException)
            {
                // A poison row: hold it (and its entity's later rows) back with backoff; the other entities go on.
                var attempts = record.Attempts + 1;
                var retryAt = now + _outbox.RetryDelay(attempts);
                if (owner is not null && _documents is IClaimableDocumentStore claims)
                {
                    await claims.MarkClaimedFailedAsync(record.Id, owner, attempts, retryAt, nameof(SnapshotFormatException), cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await _documents.MarkFailedAsync(record.Id, attempts, retryAt, nameof(SnapshotFormatException), cancellationToken).ConfigureAwait(false);
                }

                (held ??= []).Add((record.EntityKind, record.EntityId));
                continue;
            }

            messages.Add(new OutboxMessage
            {
                Id = record.Id,
                EntityKind = record.EntityKind,
                EntityId = record.EntityId,
                Event = domainEvent,
                Sequence = record.Sequence,
                Attempts = record.Attempts,
                NextAttemptAt = record.NextAttemptAt,
                LastError = record.LastError,
            });
        }

        return messages;
    }

    /// <inheritdoc/>
    public ValueTask<bool> MarkDeliveredAsync(string messageId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messageId);
        return _documents.MarkDeliveredAsync(messageId, cancellationToken);
    }

    /// <inheritdoc/>
    public ValueTask<bool> MarkFailedAsync(string messageId, int attempts, Instant nextAttemptAt, string failure, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messageId);
        ArgumentNullException.ThrowIfNull(failure);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(attempts);
        return _documents.MarkFailedAsync(messageId, attempts, nextAttemptAt, failure, cancellationToken);
    }

    /// <inheritdoc/>
    public ValueTask<long> CountPendingAsync(CancellationToken cancellationToken = default) => _documents.CountPendingAsync(cancellationToken);

    /// <summary>
    /// Loads an entity row with its whole parsed history: the entries the cache holds, and the rows after them read and
    /// parsed. The caller checks the row and then stores the history in the cache.
    /// </summary>
    private static async ValueTask<(DocumentRecord Record, ValueList<TEntry> History)?> LoadAsync<TEntry>(IDocumentStore documents, HistoryCache cache, string kind, JsonTypeInfo<TEntry> entryInfo, string id, CancellationToken cancellationToken)
    {
        var known = cache.Get(kind, id)?.History as ValueList<TEntry>;
        if (await documents.FindAsync(kind, id, known?.Count ?? 0, cancellationToken).ConfigureAwait(false) is not { } record)
        {
            return null;
        }

        if (known is not null && record.HistoryCount < known.Count)
        {
            // Fewer rows than parsed before: not the database the cache was filled from (a restore). Start over.
            cache.Remove(kind, id);
            known = null;
            record = await documents.FindAsync(kind, id, 0, cancellationToken).ConfigureAwait(false);
            if (record is null)
            {
                return null;
            }
        }

        return (record, ParseHistory(kind, entryInfo, id, record, known));
    }

    /// <summary>The whole parsed history of a row read from history row <c>known.Count</c> on: the known entries and the new rows parsed.</summary>
    private static ValueList<TEntry> ParseHistory<TEntry>(string kind, JsonTypeInfo<TEntry> entryInfo, string id, DocumentRecord record, ValueList<TEntry>? known)
    {
        var history = known ?? ValueList<TEntry>.Empty;
        var from = known?.Count ?? 0;
        if (record.History.Count != record.HistoryCount - from)
        {
            throw new SnapshotFormatException($"{kind} '{id}' has {record.HistoryCount} history rows, but {record.History.Count} were returned from row {from}.", CustomerServiceJson.SchemaVersion);
        }

        foreach (var entry in record.History)
        {
            history = history.Add(CustomerServiceJson.Deserialize(entry, entryInfo));
        }

        return history;
    }

    /// <summary>One kind's typed store over the document rows.</summary>
    private class EntityStore<TEntity, TEntry>(
        IDocumentStore documents,
        HistoryCache cache,
        JsonTypeInfo<CustomerServiceEvent> eventInfo,
        string kind,
        JsonTypeInfo<TEntity> snapshotInfo,
        JsonTypeInfo<TEntry> entryInfo,
        Func<TEntity, IReadOnlyList<TEntry>> historyOf,
        Func<TEntity, IReadOnlyList<TEntry>, TEntity> withHistory,
        Func<TEntity, long> versionOf) : IEntityStore<TEntity>
        where TEntity : class
    {
        public async ValueTask<StoredEntity<TEntity>?> FindAsync(string id, CancellationToken cancellationToken = default)
        {
            ArgumentNullException.ThrowIfNull(id);
            if (await LoadAsync(documents, cache, kind, entryInfo, id, cancellationToken).ConfigureAwait(false) is not { } loaded)
            {
                return null;
            }

            var (record, history) = loaded;
            return Complete(id, record, history);
        }

        public async ValueTask<IReadOnlyList<StoredEntity<TEntity>?>> FindManyAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken = default)
        {
            EntityReads.Check(ids);
            cancellationToken.ThrowIfCancellationRequested();
            var known = new ValueList<TEntry>?[ids.Count];
            var reads = new DocumentRead[ids.Count];
            for (var i = 0; i < reads.Length; i++)
            {
                known[i] = cache.Get(kind, ids[i])?.History as ValueList<TEntry>;
                reads[i] = new DocumentRead(ids[i], known[i]?.Count ?? 0);
            }

            var records = await documents.FindManyAsync(kind, reads, cancellationToken).ConfigureAwait(false);
            if (records.Count != reads.Length)
            {
                throw new InvalidOperationException($"The document store returned {records.Count} rows for {reads.Length} reads of {kind}.");
            }

            var found = new StoredEntity<TEntity>?[reads.Length];
            for (var i = 0; i < found.Length; i++)
            {
                found[i] = records[i] switch
                {
                    null => null,

                    // Fewer rows than parsed before (a restore): the single read starts over.
                    { } record when known[i] is { } cached && record.HistoryCount < cached.Count => await FindAsync(ids[i], cancellationToken).ConfigureAwait(false),
                    { } record => Materialize(ids[i], record, known[i]),
                };
            }

            return found;
        }

        /// <summary>Parses a row read with all its history rows into the entity, parsing only the rows past the cached entries, and caches its history.</summary>
        protected StoredEntity<TEntity> MaterializeWhole(DocumentRecord record)
        {
            var known = cache.Get(kind, record.Id)?.History as ValueList<TEntry>;
            if (known is null || known.Count > record.HistoryCount || record.History.Count != record.HistoryCount)
            {
                // Nothing cached, or fewer rows than parsed before (a restore), or a row that is not whole: parse it all.
                return Materialize(record.Id, record, null);
            }

            if (known.Count == 0)
            {
                return Materialize(record.Id, record, known);
            }

            var tail = new string[record.HistoryCount - known.Count];
            for (var i = 0; i < tail.Length; i++)
            {
                tail[i] = record.History[known.Count + i];
            }

            return Materialize(record.Id, record with { History = tail }, known);
        }

        /// <summary>Parses a row read from history row <c>known.Count</c> on into the entity, and caches its history.</summary>
        private StoredEntity<TEntity> Materialize(string id, DocumentRecord record, ValueList<TEntry>? known) =>
            Complete(id, record, ParseHistory(kind, entryInfo, id, record, known));

        /// <summary>Builds the entity from its row and its whole parsed history, checks they agree, and caches both.</summary>
        /// <remarks>
        /// When the cache holds this very history and a snapshot whose text is the row's (ordinal comparison), the cached
        /// entity is the parse of this row: it is returned without parsing the text again. The key is the text, not the
        /// token, so a restored or rewritten row is parsed whatever its token says.
        /// </remarks>
        private StoredEntity<TEntity> Complete(string id, DocumentRecord record, ValueList<TEntry> history)
        {
            TEntity entity;
            if (cache.Get(kind, id) is { Entity: TEntity cached } entry
                && ReferenceEquals(entry.History, history)
                && string.Equals(entry.Snapshot, record.Snapshot, StringComparison.Ordinal))
            {
                entity = cached;
            }
            else
            {
                entity = withHistory(CustomerServiceJson.Deserialize(record.Snapshot, snapshotInfo), history);
                if (versionOf(entity) != history.Count)
                {
                    throw new SnapshotFormatException($"{kind} '{id}' is stored at version {versionOf(entity)} with {history.Count} history entries; they must be equal.", CustomerServiceJson.SchemaVersion);
                }

                cache.Set(kind, id, history, record.Snapshot, entity);
            }

            return new StoredEntity<TEntity>(entity, record.Token) { NextDueAt = record.NextDueAt, Due = record.Due };
        }

        /// <summary>After a committed write: caches the written snapshot's text with the entity and its whole history, so the next load of the row parses nothing.</summary>
        protected void Remember(EntityChange<TEntity> change, string snapshot)
        {
            if (historyOf(change.Entity) is ValueList<TEntry> history && versionOf(change.Entity) == history.Count)
            {
                cache.Set(kind, change.Id, history, snapshot, change.Entity);
            }
            else
            {
                cache.Remove(kind, change.Id);
            }
        }

        protected string Kind => kind;

        /// <summary>Drops an entity's cached history and snapshot (after a write that may or may not have happened).</summary>
        protected void RemoveCached(string id) => cache.Remove(kind, id);

        public async ValueTask SaveAsync(EntityChange<TEntity> change, CancellationToken cancellationToken = default)
        {
            ArgumentNullException.ThrowIfNull(change);
            cancellationToken.ThrowIfCancellationRequested();
            var document = ToDocument(change);
            try
            {
                await documents.SaveAsync(document, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                // Whatever the store says (a conflict, a failure after the commit), the next load parses the row it finds.
                cache.Remove(kind, change.Id);
                throw;
            }

            Remember(change, document.Snapshot);
        }

        /// <summary>The rows of a change: the snapshot without its history, the new history entries and the events as JSON.</summary>
        protected DocumentChange ToDocument(EntityChange<TEntity> change)
        {
            var history = historyOf(change.Entity);
            if (change.HistoryStart > history.Count)
            {
                throw new ArgumentException("HistoryStart is past the end of the snapshot's history.", nameof(change));
            }

            var newHistory = new string[history.Count - change.HistoryStart];
            for (var i = 0; i < newHistory.Length; i++)
            {
                newHistory[i] = CustomerServiceJson.Serialize(history[change.HistoryStart + i], entryInfo);
            }

            var messages = new OutboxRecord[change.Messages.Count];
            for (var i = 0; i < messages.Length; i++)
            {
                var message = change.Messages[i];
                messages[i] = new OutboxRecord { Id = message.Id, EntityKind = message.EntityKind, EntityId = message.EntityId, Payload = CustomerServiceJson.Serialize(message.Event, eventInfo) };
            }

            var snapshot = CustomerServiceJson.Serialize(withHistory(change.Entity, []), snapshotInfo);
            return new DocumentChange(kind, change.Id, change.ExpectedToken, change.Token, snapshot, change.HistoryStart, newHistory, change.NextDueAt, change.Due, messages) { ClaimOwner = change.ClaimOwner };
        }

        public ValueTask<IReadOnlyList<DueEntity>> ListDueAsync(Instant dueAtOrBefore, int maxCount, CancellationToken cancellationToken = default)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(maxCount);
            return documents.ListDueAsync(kind, dueAtOrBefore, maxCount, cancellationToken);
        }

        public ValueTask<bool> DeferAsync(string id, ConcurrencyToken expectedToken, Instant nextDueAt, CancellationToken cancellationToken = default)
        {
            ArgumentNullException.ThrowIfNull(id);
            return documents.DeferAsync(kind, id, expectedToken, nextDueAt, cancellationToken);
        }
    }

    /// <summary>One kind's typed store over the rows of a document store with claims.</summary>
    private sealed class ClaimableEntityStore<TEntity, TEntry>(
        IClaimableDocumentStore documents,
        HistoryCache cache,
        JsonTypeInfo<CustomerServiceEvent> eventInfo,
        string kind,
        JsonTypeInfo<TEntity> snapshotInfo,
        JsonTypeInfo<TEntry> entryInfo,
        Func<TEntity, IReadOnlyList<TEntry>> historyOf,
        Func<TEntity, IReadOnlyList<TEntry>, TEntity> withHistory,
        Func<TEntity, long> versionOf) : EntityStore<TEntity, TEntry>(documents, cache, eventInfo, kind, snapshotInfo, entryInfo, historyOf, withHistory, versionOf), IClaimableEntityStore<TEntity>
        where TEntity : class
    {
        public ValueTask<IReadOnlyList<DueEntity>> ClaimDueAsync(Instant dueAtOrBefore, int maxCount, string owner, Duration leaseDuration, CancellationToken cancellationToken = default)
        {
            ClaimArguments.Check(maxCount, owner, leaseDuration);
            return documents.ClaimDueAsync(Kind, dueAtOrBefore, maxCount, owner, leaseDuration, cancellationToken);
        }

        public async ValueTask<IReadOnlyList<ClaimedEntity<TEntity>>> ClaimDueAndLoadAsync(Instant dueAtOrBefore, int maxCount, string owner, Duration leaseDuration, CancellationToken cancellationToken = default)
        {
            if (documents is not IClaimLoadingDocumentStore loading)
            {
                return await ClaimLoads.ClaimThenFindAsync(this, dueAtOrBefore, maxCount, owner, leaseDuration, cancellationToken).ConfigureAwait(false);
            }

            ClaimArguments.Check(maxCount, owner, leaseDuration);
            var records = await loading.ClaimAndLoadDueAsync(Kind, dueAtOrBefore, maxCount, owner, leaseDuration, cancellationToken).ConfigureAwait(false);
            var claimed = new ClaimedEntity<TEntity>[records.Count];
            for (var i = 0; i < claimed.Length; i++)
            {
                var record = records[i];
                if (record?.NextDueAt is not { } nextDueAt)
                {
                    throw new InvalidOperationException($"The document store returned a claimed {Kind} row without its next due instant.");
                }

                var due = new DueEntity(record.Id, record.Token, nextDueAt, record.Due);
                try
                {
                    claimed[i] = new ClaimedEntity<TEntity>(due, MaterializeWhole(record));
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // A row that cannot be parsed stays with its entity; the rest of the batch goes on.
                    RemoveCached(record.Id);
                    claimed[i] = new ClaimedEntity<TEntity>(due, e);
                }
            }

            return claimed;
        }

        public async ValueTask<IReadOnlyList<ClaimCompletion>> CompleteClaimsAsync(IReadOnlyList<EntityChange<TEntity>> changes, CancellationToken cancellationToken = default)
        {
            ClaimCompletions.Check(changes);
            cancellationToken.ThrowIfCancellationRequested();

            // A change that cannot be turned into rows (its history start past its history) is refused alone.
            var outcomes = new ClaimCompletion?[changes.Count];
            var rows = new List<DocumentChange>(changes.Count);
            for (var i = 0; i < changes.Count; i++)
            {
                try
                {
                    rows.Add(ToDocument(changes[i]));
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    outcomes[i] = ClaimCompletion.NotSaved(e);
                }
            }

            var written = rows.Count == 0 ? [] : await documents.CompleteClaimsAsync(rows, cancellationToken).ConfigureAwait(false);
            if (written.Count != rows.Count)
            {
                throw new InvalidOperationException($"The document store returned {written.Count} outcomes for {rows.Count} completions of {Kind}.");
            }

            var next = 0;
            var result = new ClaimCompletion[changes.Count];
            for (var i = 0; i < result.Length; i++)
            {
                if (outcomes[i] is { } refused)
                {
                    result[i] = refused;
                    continue;
                }

                var row = rows[next];
                result[i] = written[next++];
                if (result[i].Status == ClaimCompletionStatus.Saved)
                {
                    Remember(changes[i], row.Snapshot);
                }
                else
                {
                    RemoveCached(changes[i].Id);
                }
            }

            return result;
        }
    }

    /// <summary>The claimable outbox over a document store with claims; the plain members are the storage's own.</summary>
    private sealed class ClaimableOutbox(DocumentStorage storage, IClaimableDocumentStore documents) : IClaimableOutboxStore
    {
        public async ValueTask<IReadOnlyList<OutboxMessage>> ClaimDeliverableAsync(Instant now, int maxCount, string owner, Duration leaseDuration, CancellationToken cancellationToken = default)
        {
            ClaimArguments.Check(maxCount, owner, leaseDuration);
            var records = await documents.ClaimDeliverableAsync(now, maxCount, owner, leaseDuration, cancellationToken).ConfigureAwait(false);
            return await storage.ToMessagesAsync(records, now, owner, cancellationToken).ConfigureAwait(false);
        }

        public ValueTask<bool> MarkClaimedDeliveredAsync(string messageId, string owner, CancellationToken cancellationToken = default)
        {
            ArgumentNullException.ThrowIfNull(messageId);
            ArgumentNullException.ThrowIfNull(owner);
            return documents.MarkClaimedDeliveredAsync(messageId, owner, cancellationToken);
        }

        public ValueTask<bool> MarkClaimedFailedAsync(string messageId, string owner, int attempts, Instant nextAttemptAt, string failure, CancellationToken cancellationToken = default)
        {
            ArgumentNullException.ThrowIfNull(messageId);
            ArgumentNullException.ThrowIfNull(owner);
            ArgumentNullException.ThrowIfNull(failure);
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(attempts);
            return documents.MarkClaimedFailedAsync(messageId, owner, attempts, nextAttemptAt, failure, cancellationToken);
        }

        public ValueTask<IReadOnlyList<OutboxMessage>> ListDeliverableAsync(Instant now, int maxCount, CancellationToken cancellationToken = default) =>
            storage.ListDeliverableAsync(now, maxCount, cancellationToken);

        public ValueTask<bool> MarkDeliveredAsync(string messageId, CancellationToken cancellationToken = default) =>
            storage.MarkDeliveredAsync(messageId, cancellationToken);

        public ValueTask<bool> MarkFailedAsync(string messageId, int attempts, Instant nextAttemptAt, string failure, CancellationToken cancellationToken = default) =>
            storage.MarkFailedAsync(messageId, attempts, nextAttemptAt, failure, cancellationToken);

        public ValueTask<long> CountPendingAsync(CancellationToken cancellationToken = default) => storage.CountPendingAsync(cancellationToken);
    }

    /// <summary>What is cached for an entity: its parsed history and, when known, the text of its stored snapshot with the entity that text parses to.</summary>
    private sealed record CacheEntry(object History, string? Snapshot, object? Entity);

    /// <summary>The parsed histories (and snapshots) of the most recently loaded or saved entities, least recently used dropped first.</summary>
    private sealed class HistoryCache(int capacity)
    {
        private readonly Lock _gate = new();
        private readonly Dictionary<(string Kind, string Id), LinkedListNode<((string Kind, string Id) Key, CacheEntry Entry)>> _entries = [];
        private readonly LinkedList<((string Kind, string Id) Key, CacheEntry Entry)> _order = new();

        public CacheEntry? Get(string kind, string id)
        {
            if (capacity == 0)
            {
                return null;
            }

            lock (_gate)
            {
                if (!_entries.TryGetValue((kind, id), out var node))
                {
                    return null;
                }

                _order.Remove(node);
                _order.AddFirst(node);
                return node.Value.Entry;
            }
        }

        public void Set(string kind, string id, object history, string? snapshot = null, object? entity = null)
        {
            if (capacity == 0)
            {
                return;
            }

            var entry = new CacheEntry(history, snapshot, entity);
            lock (_gate)
            {
                if (_entries.TryGetValue((kind, id), out var node))
                {
                    _order.Remove(node);
                    node.Value = ((kind, id), entry);
                }
                else
                {
                    if (_entries.Count == capacity)
                    {
                        _entries.Remove(_order.Last!.Value.Key);
                        _order.RemoveLast();
                    }

                    node = new LinkedListNode<((string Kind, string Id) Key, CacheEntry Entry)>(((kind, id), entry));
                    _entries[(kind, id)] = node;
                }

                _order.AddFirst(node);
            }
        }

        public void Remove(string kind, string id)
        {
            lock (_gate)
            {
                if (_entries.Remove((kind, id), out var node))
                {
                    _order.Remove(node);
                }
            }
        }
    }
}
