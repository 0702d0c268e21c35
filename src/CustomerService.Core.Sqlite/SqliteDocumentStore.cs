using System.Collections.Concurrent;
using System.Globalization;
using CustomerService.Core.Persistence;
using CustomerService.Core.Storage;
using Microsoft.Data.Sqlite;
using NodaTime;

namespace CustomerService.Core.Sqlite;

/// <summary>
/// The embedded default store: entities, history entries and the outbox in one SQLite file, as JSON rows
/// (<see cref="IDocumentStore"/>; wrap it in a <see cref="DocumentStorage"/>, or register it with
/// <see cref="SqliteStorageBuilderExtensions.AddSqliteStorage(DependencyInjection.CustomerServiceCoreBuilder, string)"/>).
/// </summary>
/// <remarks>
/// <para>
/// The schema is created and migrated by the store on first use (or by <see cref="MigrateAsync"/>): versioned,
/// idempotent, safe with several processes on one file (a migration runs in an immediate transaction, so one process
/// migrates while the others wait and then find it done). A database whose schema is newer than this version knows
/// makes every call throw <see cref="StorageSchemaException"/>, and nothing is touched.
/// </para>
/// <para>
/// The file runs in WAL mode; each save is one <c>BEGIN IMMEDIATE</c> transaction (entity row, history rows, outbox
/// rows). Connections are kept open with their statements prepared, one per concurrent call. Instants are stored as
/// Unix nanoseconds in 64-bit integers: exact, with no local-time conversion (the supported range is 1678 to 2262).
/// Microsoft.Data.Sqlite is synchronous underneath: the asynchronous methods complete on the calling thread.
/// </para>
/// <para>
/// Every method reports a file it cannot use — a missing directory, a read-only or locked file (past
/// <see cref="SqliteStorageOptions.BusyTimeout"/>), a corrupt file or one that is not a database — as a
/// <see cref="StorageException"/> naming the file; a save that fails that way wrote nothing.
/// </para>
/// </remarks>
/// <threadsafety>This type is thread-safe: concurrent calls use separate connections, and SQLite serializes writers.</threadsafety>
public sealed class SqliteDocumentStore : IDocumentStore, IDisposable
{
    private readonly string _connectionString;
    private readonly string _dataSource;
    private readonly SqliteStorageOptions _options;
    private readonly ConcurrentBag<Session> _sessions = [];
    private readonly SemaphoreSlim _migration = new(1, 1);
    private volatile bool _migrated;
    private volatile bool _disposed;

    /// <summary>Initializes a new instance of the <see cref="SqliteDocumentStore"/> class on a database file.</summary>
    /// <param name="options">The connection string and durability settings; copied.</param>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">Thrown when a setting is not valid (the message names it).</exception>
    public SqliteDocumentStore(SqliteStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate(string.Empty).ToList();
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", errors), nameof(options));
        }

        _options = new SqliteStorageOptions { ConnectionString = options.ConnectionString, Synchronous = options.Synchronous, BusyTimeout = options.BusyTimeout };
        var builder = new SqliteConnectionStringBuilder(options.ConnectionString)
        {
            Pooling = false, // this store keeps its own connections, with their prepared statements
            DefaultTimeout = (int)Math.Max(1, Math.Ceiling(options.BusyTimeout.TotalSeconds)),
        };
        _connectionString = builder.ToString();
        _dataSource = builder.DataSource;
    }

    /// <summary>Gets the schema version this store writes and the newest it reads.</summary>
    /// <value>1.</value>
    public static int SchemaVersion => SqliteSchema.Version;

    /// <summary>Creates or migrates the schema now (the store otherwise does it on first use).</summary>
    /// <param name="cancellationToken">Cancels the wait for another process's migration.</param>
    /// <returns>A task that completes when the schema is current.</returns>
    /// <exception cref="StorageSchemaException">Thrown when the database's schema is newer than this version knows; nothing was changed.</exception>
    /// <exception cref="StorageException">Thrown when the file cannot be used (missing directory, read-only, locked, corrupt, not a database); the message names the file.</exception>
    /// <exception cref="ObjectDisposedException">Thrown when the store was disposed.</exception>
    public async Task MigrateAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_migrated)
        {
            return;
        }

        await _migration.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_migrated)
            {
                return;
            }

            try
            {
                using var connection = Open();
                Execute(connection, null, "PRAGMA journal_mode = WAL;");
                using (var transaction = connection.BeginTransaction(deferred: false))
                {
                    Execute(connection, transaction, "CREATE TABLE IF NOT EXISTS cs_schema (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL, description TEXT NOT NULL);");
                    var found = Convert.ToInt32(Scalar(connection, transaction, "SELECT COALESCE(MAX(version), 0) FROM cs_schema;"), CultureInfo.InvariantCulture);
                    if (found > SqliteSchema.Version)
                    {
                        transaction.Rollback();
                        throw new StorageSchemaException(SqliteSchema.Adapter, found, SqliteSchema.Version);
                    }

                    foreach (var (version, description, sql) in SqliteSchema.Migrations)
                    {
                        if (version > found)
                        {
                            Execute(connection, transaction, sql);
                            Execute(connection, transaction, $"INSERT INTO cs_schema (version, applied_at, description) VALUES ({version}, datetime('now'), '{description}');");
                        }
                    }

                    transaction.Commit();
                }
            }
            catch (SqliteException e)
            {
                throw Failure(e);
            }

            _migrated = true;
        }
        finally
        {
            _migration.Release();
        }
    }

    /// <inheritdoc/>
    public async ValueTask<DocumentRecord?> FindAsync(string entityKind, string id, int historyFrom, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entityKind);
        ArgumentNullException.ThrowIfNull(id);
        ArgumentOutOfRangeException.ThrowIfNegative(historyFrom);
        Session? session = await RentAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var find = session.FindEntity;
            find.Transaction = null;
            find.Parameters["@kind"].Value = entityKind;
            find.Parameters["@id"].Value = id;
            ConcurrencyToken token;
            string snapshot;
            Instant? nextDueAt;
            DueWork due;
            int historyCount;
            if (historyFrom > 0)
            {
                // The caller has the first rows already: the entity row alone, one statement, is a consistent read when
                // no newer history row is needed (the usual case for an entity this process wrote last).
                using (var reader = find.ExecuteReader())
                {
                    if (!reader.Read())
                    {
                        return null;
                    }

                    (token, snapshot, nextDueAt, due, historyCount) = ReadEntity(reader);
                }

                if (historyFrom >= historyCount)
                {
                    return new DocumentRecord(entityKind, id, token, snapshot, historyCount, []) { NextDueAt = nextDueAt, Due = due };
                }
            }

            using var transaction = session.Connection.BeginTransaction(deferred: true); // one consistent read of entity and history
            find.Transaction = transaction;
            using (var reader = find.ExecuteReader())
            {
                if (!reader.Read())
                {
                    return null;
                }

                (token, snapshot, nextDueAt, due, historyCount) = ReadEntity(reader);
            }

            var history = new List<string>(Math.Max(0, historyCount - historyFrom));
            if (historyFrom < historyCount)
            {
                var entries = session.FindHistory;
                entries.Transaction = transaction;
                entries.Parameters["@kind"].Value = entityKind;
                entries.Parameters["@id"].Value = id;
                entries.Parameters["@from"].Value = historyFrom;
                using var reader = entries.ExecuteReader();
                while (reader.Read())
                {
                    history.Add(reader.GetString(0));
                }
            }

            transaction.Commit();
            return new DocumentRecord(entityKind, id, token, snapshot, historyCount, history) { NextDueAt = nextDueAt, Due = due };
        }
        catch (SqliteException e)
        {
            session = Discard(session);
            throw Failure(e);
        }
        finally
        {
            Return(session);
        }
    }

    private static (ConcurrencyToken Token, string Snapshot, Instant? NextDueAt, DueWork Due, int HistoryCount) ReadEntity(SqliteDataReader reader) =>
        (new ConcurrencyToken(reader.GetInt64(0)),
         reader.GetString(1),
         reader.IsDBNull(2) ? null : FromNanoseconds(reader.GetInt64(2)),
         (DueWork)reader.GetInt32(3),
         reader.GetInt32(4));

    /// <inheritdoc/>
    public async ValueTask SaveAsync(DocumentChange change, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        Session? session = await RentAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Everything below is one transaction: nothing is visible before the commit, everything after it.
            using var transaction = session.Connection.BeginTransaction(deferred: false);
            var write = change.ExpectedToken is { } expected ? session.UpdateEntity : session.InsertEntity;
            write.Transaction = transaction;
            write.Parameters["@kind"].Value = change.EntityKind;
            write.Parameters["@id"].Value = change.Id;
            write.Parameters["@token"].Value = change.Token.Value;
            write.Parameters["@snapshot"].Value = change.Snapshot;
            write.Parameters["@next_due_at"].Value = change.NextDueAt is { } at ? ToNanoseconds(at) : DBNull.Value;
            write.Parameters["@due"].Value = (int)change.Due;
            write.Parameters["@history_count"].Value = change.HistoryStart + change.NewHistory.Count;
            if (change.ExpectedToken is { } e)
            {
                write.Parameters["@expected"].Value = e.Value;
            }

            if (write.ExecuteNonQuery() == 0)
            {
                var read = session.ReadToken;
                read.Transaction = transaction;
                read.Parameters["@kind"].Value = change.EntityKind;
                read.Parameters["@id"].Value = change.Id;
                var actual = read.ExecuteScalar() is long value ? new ConcurrencyToken(value) : (ConcurrencyToken?)null;
                transaction.Rollback();
                throw new ConcurrencyConflictException(change.EntityKind, change.Id, change.ExpectedToken, actual);
            }

            var history = session.InsertHistory;
            history.Transaction = transaction;
            history.Parameters["@kind"].Value = change.EntityKind;
            history.Parameters["@id"].Value = change.Id;
            for (var i = 0; i < change.NewHistory.Count; i++)
            {
                history.Parameters["@seq"].Value = change.HistoryStart + i;
                history.Parameters["@entry"].Value = change.NewHistory[i];
                history.ExecuteNonQuery();
            }

            var outbox = session.InsertOutbox;
            outbox.Transaction = transaction;
            foreach (var message in change.Messages)
            {
                outbox.Parameters["@message_id"].Value = message.Id;
                outbox.Parameters["@kind"].Value = message.EntityKind;
                outbox.Parameters["@entity_id"].Value = message.EntityId;
                outbox.Parameters["@payload"].Value = message.Payload;
                outbox.ExecuteNonQuery();
            }

            transaction.Commit();
        }
        catch (SqliteException e)
        {
            session = Discard(session);
            throw Failure(e);
        }
        finally
        {
            Return(session);
        }
    }

    /// <inheritdoc/>
    public async ValueTask<IReadOnlyList<DueEntity>> ListDueAsync(string entityKind, Instant dueAtOrBefore, int maxCount, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entityKind);
        ArgumentOutOfRangeException.ThrowIfNegative(maxCount);
        Session? session = await RentAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var list = session.ListDue;
            list.Transaction = null;
            list.Parameters["@kind"].Value = entityKind;
            list.Parameters["@t"].Value = ClampedNanoseconds(dueAtOrBefore);
            list.Parameters["@n"].Value = maxCount;
            var due = new List<DueEntity>(Math.Min(maxCount, 1024));
            using var reader = list.ExecuteReader();
            while (reader.Read())
            {
                due.Add(new DueEntity(reader.GetString(0), new ConcurrencyToken(reader.GetInt64(1)), FromNanoseconds(reader.GetInt64(2)), (DueWork)reader.GetInt32(3)));
            }

            return due;
        }
        catch (SqliteException e)
        {
            session = Discard(session);
            throw Failure(e);
        }
        finally
        {
            Return(session);
        }
    }

    /// <inheritdoc/>
    /// <remarks>One query on the primary key <c>(kind, id)</c>, which holds the rows in the order listed (no sort).</remarks>
    public async ValueTask<IReadOnlyList<DocumentRecord>> ListAsync(string entityKind, string? afterId, int maxCount, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entityKind);
        ArgumentOutOfRangeException.ThrowIfNegative(maxCount);
        Session? session = await RentAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var list = afterId is null ? session.ListFirst : session.ListAfter;
            list.Transaction = null;
            list.Parameters["@kind"].Value = entityKind;
            list.Parameters["@n"].Value = maxCount;
            if (afterId is not null)
            {
                list.Parameters["@after"].Value = afterId;
            }

            var records = new List<DocumentRecord>();
            using var reader = list.ExecuteReader();
            while (reader.Read())
            {
                records.Add(new DocumentRecord(entityKind, reader.GetString(0), new ConcurrencyToken(reader.GetInt64(1)), reader.GetString(2), reader.GetInt32(5), [])
                {
                    NextDueAt = reader.IsDBNull(3) ? null : FromNanoseconds(reader.GetInt64(3)),
                    Due = (DueWork)reader.GetInt32(4),
                });
            }

            return records;
        }
        catch (SqliteException e)
        {
            session = Discard(session);
            throw Failure(e);
        }
        finally
        {
            Return(session);
        }
    }

    /// <inheritdoc/>
    public async ValueTask<bool> DeferAsync(string entityKind, string id, ConcurrencyToken expectedToken, Instant nextDueAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entityKind);
        ArgumentNullException.ThrowIfNull(id);
        Session? session = await RentAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var defer = session.Defer;
            defer.Transaction = null;
            defer.Parameters["@kind"].Value = entityKind;
            defer.Parameters["@id"].Value = id;
            defer.Parameters["@expected"].Value = expectedToken.Value;
            defer.Parameters["@token"].Value = expectedToken.Next().Value;
            defer.Parameters["@next_due_at"].Value = ToNanoseconds(nextDueAt);
            defer.Parameters["@due"].Value = (int)DueWork.Retry;
            return defer.ExecuteNonQuery() == 1;
        }
        catch (SqliteException e)
        {
            session = Discard(session);
            throw Failure(e);
        }
        finally
        {
            Return(session);
        }
    }

    /// <inheritdoc/>
    public async ValueTask<IReadOnlyList<OutboxRecord>> ListDeliverableAsync(Instant now, int maxCount, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxCount);
        Session? session = await RentAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var list = session.ListDeliverable;
            list.Transaction = null;
            list.Parameters["@now"].Value = ClampedNanoseconds(now);
            list.Parameters["@n"].Value = maxCount;
            var records = new List<OutboxRecord>();
            using var reader = list.ExecuteReader();
            while (reader.Read())
            {
                records.Add(new OutboxRecord
                {
                    Sequence = reader.GetInt64(0),
                    Id = reader.GetString(1),
                    EntityKind = reader.GetString(2),
                    EntityId = reader.GetString(3),
                    Payload = reader.GetString(4),
                    Attempts = reader.GetInt32(5),
                    NextAttemptAt = reader.IsDBNull(6) ? null : FromNanoseconds(reader.GetInt64(6)),
                    LastError = reader.IsDBNull(7) ? null : reader.GetString(7),
                });
            }

            return records;
        }
        catch (SqliteException e)
        {
            session = Discard(session);
            throw Failure(e);
        }
        finally
        {
            Return(session);
        }
    }

    /// <inheritdoc/>
    public async ValueTask<bool> MarkDeliveredAsync(string messageId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messageId);
        Session? session = await RentAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var mark = session.MarkDelivered;
            mark.Transaction = null;
            mark.Parameters["@message_id"].Value = messageId;
            return mark.ExecuteNonQuery() == 1;
        }
        catch (SqliteException e)
        {
            session = Discard(session);
            throw Failure(e);
        }
        finally
        {
            Return(session);
        }
    }

    /// <inheritdoc/>
    public async ValueTask<bool> MarkFailedAsync(string messageId, int attempts, Instant nextAttemptAt, string failure, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messageId);
        ArgumentNullException.ThrowIfNull(failure);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(attempts);
        Session? session = await RentAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var mark = session.MarkFailed;
            mark.Transaction = null;
            mark.Parameters["@message_id"].Value = messageId;
            mark.Parameters["@attempts"].Value = attempts;
            mark.Parameters["@next_attempt_at"].Value = ToNanoseconds(nextAttemptAt);
            mark.Parameters["@last_error"].Value = failure;
            return mark.ExecuteNonQuery() == 1;
        }
        catch (SqliteException e)
        {
            session = Discard(session);
            throw Failure(e);
        }
        finally
        {
            Return(session);
        }
    }

    /// <inheritdoc/>
    public async ValueTask<long> CountPendingAsync(CancellationToken cancellationToken = default)
    {
        Session? session = await RentAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            session.CountPending.Transaction = null;
            return (long)session.CountPending.ExecuteScalar()!;
        }
        catch (SqliteException e)
        {
            session = Discard(session);
            throw Failure(e);
        }
        finally
        {
            Return(session);
        }
    }

    /// <summary>Closes the store's connections; calls after this throw <see cref="ObjectDisposedException"/>.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        while (_sessions.TryTake(out var session))
        {
            session.Dispose();
        }

        _migration.Dispose();
    }

    /// <summary>Maps SQLite's failures to the typed error that names the database file.</summary>
    private StorageException Failure(SqliteException e)
    {
        var reason = (e.SqliteErrorCode & 0xFF) switch
        {
            5 or 6 => "another connection holds the lock longer than the busy timeout",
            8 => "the file is read-only",
            10 => "the disk reported an input/output error",
            11 or 26 => "the file is not a SQLite database or is corrupt",
            13 => "the disk is full",
            14 => "the file cannot be opened (does its directory exist, and may this process write there?)",
            23 => "access was denied",
            _ => "SQLite error " + e.SqliteErrorCode.ToString(CultureInfo.InvariantCulture),
        };
        return new StorageException(SqliteSchema.Adapter, _dataSource, reason, e);
    }

    /// <summary>The first page of a listing: the primary key <c>(kind, id)</c> holds the rows in this order.</summary>
    internal const string ListFirstSql = "SELECT id, token, snapshot, next_due_at, due, history_count FROM cs_entity WHERE kind = @kind ORDER BY id LIMIT @n;";

    /// <summary>A later page of a listing: a range of the primary key from the previous page's last id.</summary>
    internal const string ListAfterSql = "SELECT id, token, snapshot, next_due_at, due, history_count FROM cs_entity WHERE kind = @kind AND id > @after ORDER BY id LIMIT @n;";

    internal static long ToNanoseconds(Instant instant)
    {
        try
        {
            return (instant - NodaConstants.UnixEpoch).ToInt64Nanoseconds();
        }
        catch (OverflowException)
        {
            throw new ArgumentOutOfRangeException(nameof(instant), instant, "The SQLite store holds instants from 1678 to 2262 (Unix nanoseconds in 64 bits).");
        }
    }

    internal static Instant FromNanoseconds(long nanoseconds) => NodaConstants.UnixEpoch + Duration.FromNanoseconds(nanoseconds);

    // A query bound beyond the storable range compares like the range's end.
    private static long ClampedNanoseconds(Instant instant) =>
        instant < FromNanoseconds(long.MinValue) ? long.MinValue : instant > FromNanoseconds(long.MaxValue) ? long.MaxValue : ToNanoseconds(instant);

    private static void Execute(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static object? Scalar(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            connection.Open();
            var synchronous = _options.Synchronous == SqliteSynchronous.Normal ? "NORMAL" : "FULL";
            Execute(connection, null, $"PRAGMA busy_timeout = {(long)_options.BusyTimeout.TotalMilliseconds}; PRAGMA synchronous = {synchronous};");
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private async ValueTask<Session> RentAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!_migrated)
        {
            await MigrateAsync(cancellationToken).ConfigureAwait(false);
        }

        if (_sessions.TryTake(out var session))
        {
            return session;
        }

        try
        {
            return new Session(Open());
        }
        catch (SqliteException e)
        {
            throw Failure(e);
        }
    }

    private static Session? Discard(Session? session)
    {
        // A connection that failed may be in a bad state: close it rather than reuse it.
        session?.Dispose();
        return null;
    }

    private void Return(Session? session)
    {
        if (session is null)
        {
            return;
        }

        if (_disposed)
        {
            session.Dispose();
            return;
        }

        _sessions.Add(session);
    }

    /// <summary>One open connection with its statements prepared; used by one call at a time.</summary>
    private sealed class Session : IDisposable
    {
        public Session(SqliteConnection connection)
        {
            Connection = connection;
            FindEntity = Prepare("SELECT token, snapshot, next_due_at, due, history_count FROM cs_entity WHERE kind = @kind AND id = @id;", "@kind", "@id");
            FindHistory = Prepare("SELECT entry FROM cs_history WHERE kind = @kind AND id = @id AND seq >= @from ORDER BY seq;", "@kind", "@id", "@from");
            InsertEntity = Prepare(
                "INSERT INTO cs_entity (kind, id, token, snapshot, next_due_at, due, history_count) VALUES (@kind, @id, @token, @snapshot, @next_due_at, @due, @history_count) ON CONFLICT (kind, id) DO NOTHING;",
                "@kind", "@id", "@token", "@snapshot", "@next_due_at", "@due", "@history_count");
            UpdateEntity = Prepare(
                "UPDATE cs_entity SET token = @token, snapshot = @snapshot, next_due_at = @next_due_at, due = @due, history_count = @history_count WHERE kind = @kind AND id = @id AND token = @expected;",
                "@kind", "@id", "@token", "@snapshot", "@next_due_at", "@due", "@history_count", "@expected");
            ReadToken = Prepare("SELECT token FROM cs_entity WHERE kind = @kind AND id = @id;", "@kind", "@id");
            InsertHistory = Prepare("INSERT INTO cs_history (kind, id, seq, entry) VALUES (@kind, @id, @seq, @entry);", "@kind", "@id", "@seq", "@entry");
            InsertOutbox = Prepare(
                "INSERT INTO cs_outbox (message_id, kind, entity_id, payload) VALUES (@message_id, @kind, @entity_id, @payload);",
                "@message_id", "@kind", "@entity_id", "@payload");
            ListDue = Prepare(
                "SELECT id, token, next_due_at, due FROM cs_entity WHERE kind = @kind AND next_due_at IS NOT NULL AND next_due_at <= @t ORDER BY next_due_at, id LIMIT @n;",
                "@kind", "@t", "@n");
            ListFirst = Prepare(ListFirstSql, "@kind", "@n");
            ListAfter = Prepare(ListAfterSql, "@kind", "@after", "@n");
            Defer = Prepare(
                "UPDATE cs_entity SET token = @token, next_due_at = @next_due_at, due = @due WHERE kind = @kind AND id = @id AND token = @expected;",
                "@kind", "@id", "@expected", "@token", "@next_due_at", "@due");
            ListDeliverable = Prepare(
                """
                SELECT o.sequence, o.message_id, o.kind, o.entity_id, o.payload, o.attempts, o.next_attempt_at, o.last_error
                  FROM cs_outbox o
                 WHERE (o.next_attempt_at IS NULL OR o.next_attempt_at <= @now)
                   AND NOT EXISTS (SELECT 1 FROM cs_outbox p
                                    WHERE p.kind = o.kind AND p.entity_id = o.entity_id AND p.sequence < o.sequence
                                      AND p.next_attempt_at IS NOT NULL AND p.next_attempt_at > @now)
                 ORDER BY o.sequence
                 LIMIT @n;
                """,
                "@now", "@n");
            MarkDelivered = Prepare("DELETE FROM cs_outbox WHERE message_id = @message_id;", "@message_id");
            MarkFailed = Prepare(
                "UPDATE cs_outbox SET attempts = @attempts, next_attempt_at = @next_attempt_at, last_error = @last_error WHERE message_id = @message_id;",
                "@message_id", "@attempts", "@next_attempt_at", "@last_error");
            CountPending = Prepare("SELECT COUNT(*) FROM cs_outbox;");
        }

        public SqliteConnection Connection { get; }

        public SqliteCommand FindEntity { get; }

        public SqliteCommand FindHistory { get; }

        public SqliteCommand InsertEntity { get; }

        public SqliteCommand UpdateEntity { get; }

        public SqliteCommand ReadToken { get; }

        public SqliteCommand InsertHistory { get; }

        public SqliteCommand InsertOutbox { get; }

        public SqliteCommand ListDue { get; }

        public SqliteCommand ListFirst { get; }

        public SqliteCommand ListAfter { get; }

        public SqliteCommand Defer { get; }

        public SqliteCommand ListDeliverable { get; }

        public SqliteCommand MarkDelivered { get; }

        public SqliteCommand MarkFailed { get; }

        public SqliteCommand CountPending { get; }

        public void Dispose()
        {
            foreach (var command in new[] { FindEntity, FindHistory, InsertEntity, UpdateEntity, ReadToken, InsertHistory, InsertOutbox, ListDue, ListFirst, ListAfter, Defer, ListDeliverable, MarkDelivered, MarkFailed, CountPending })
            {
                command.Dispose();
            }

            Connection.Dispose();
        }

        private SqliteCommand Prepare(string sql, params string[] parameters)
        {
            var command = Connection.CreateCommand();
            command.CommandText = sql;
            foreach (var name in parameters)
            {
                command.Parameters.Add(new SqliteParameter(name, null));
            }

            command.Prepare();
            return command;
        }
    }
}
