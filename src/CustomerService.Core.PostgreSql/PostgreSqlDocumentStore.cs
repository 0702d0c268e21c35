using System.Globalization;
using System.Net.Sockets;
using CustomerService.Core.DependencyInjection;
using CustomerService.Core.Persistence;
using CustomerService.Core.Storage;
using NodaTime;
using Npgsql;
using NpgsqlTypes;

namespace CustomerService.Core.PostgreSql;

/// <summary>
/// The PostgreSQL store: entities, history entries and the outbox as JSON rows in one schema, shared by any number of
/// host processes (<see cref="IClaimableDocumentStore"/>; wrap it in a <see cref="DocumentStorage"/>, or register it with
/// <see cref="PostgreSqlStorageBuilderExtensions.AddPostgreSqlStorage(CustomerServiceCoreBuilder, string)"/>).
/// </summary>
/// <remarks>
/// <para>
/// The schema is created and migrated by the store on first use (or by <see cref="MigrateAsync"/>): versioned,
/// idempotent, and safe with several processes starting at once (the migration holds a transaction-scoped advisory lock,
/// so one process migrates while the others wait and then find it done). A database whose schema is newer than this
/// version knows makes every call throw <see cref="StorageSchemaException"/>, and nothing is touched.
/// </para>
/// <para>
/// Every write is <b>one statement</b>, hence one transaction: a save updates (or inserts) the entity row guarded by its
/// token, and appends the history and outbox rows from the same statement only when that row was written. A broken
/// connection can therefore never leave a half-written save. Instants are Unix nanoseconds in <c>bigint</c> columns
/// (exact; 1678 to 2262); ids compare ordinally (<c>COLLATE "C"</c>). Statements are prepared automatically on each
/// pooled connection (Npgsql's <c>Max Auto Prepare</c>, set to 64 unless the connection string sets it).
/// </para>
/// <para>
/// Claims take rows with <c>FOR UPDATE SKIP LOCKED</c> and record a lease <c>(lease_owner, lease_expires_at)</c>; lease
/// expiry is always decided by the server's <c>clock_timestamp()</c>, when claiming and when completing, so the nodes'
/// own clocks never matter for it. Which entities are due is decided by the caller's instant, as for every store.
/// </para>
/// <para>
/// Connection failures become <see cref="PostgreSqlStorageException"/> naming the setting to check (never the
/// password). Reads and claims are retried on a broken connection (<see cref="PostgreSqlStorageOptions.MaxRetries"/>);
/// saves, deferrals and settlements are not.
/// </para>
/// </remarks>
/// <threadsafety>This type is thread-safe: every call takes a pooled connection of its own.</threadsafety>
public sealed partial class PostgreSqlDocumentStore : IClaimableDocumentStore, IDisposable, IAsyncDisposable
{
    private const string SettingPrefix = CustomerServiceCoreOptions.SectionName + ":PostgreSql:";
    private const string OutboxKind = "Outbox";
    private readonly PostgreSqlStorageOptions _options;
    private readonly NpgsqlDataSource _dataSource;
    private readonly string _host;
    private readonly string _database;
    private readonly Sql _sql;
    private readonly SemaphoreSlim _migration = new(1, 1);
    private volatile bool _migrated;
    private volatile bool _disposed;

    /// <summary>Initializes a new instance of the <see cref="PostgreSqlDocumentStore"/> class.</summary>
    /// <param name="options">The connection string, schema and retry settings; copied.</param>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">Thrown when a setting is not valid (the message names it, never the password).</exception>
    public PostgreSqlDocumentStore(PostgreSqlStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate(string.Empty).ToList();
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", errors), nameof(options));
        }

        _options = options.Copy();
        var builder = new NpgsqlConnectionStringBuilder(options.ConnectionString);
        if (!options.ConnectionString.Contains("Auto Prepare", StringComparison.OrdinalIgnoreCase) && !options.ConnectionString.Contains("AutoPrepare", StringComparison.OrdinalIgnoreCase))
        {
            builder.MaxAutoPrepare = 64;
            builder.AutoPrepareMinUsages = 2;
        }

        builder.ApplicationName ??= "CustomerService.Core";
        _host = $"{builder.Host}:{builder.Port.ToString(CultureInfo.InvariantCulture)}";
        _database = builder.Database ?? builder.Username ?? "(default)";
        _dataSource = new NpgsqlDataSourceBuilder(builder.ConnectionString).Build();
        _sql = new Sql("\"" + _options.Schema + "\"");
    }

    /// <summary>Gets the schema version this store writes and the newest it reads.</summary>
    /// <value>1.</value>
    public static int SchemaVersion => PostgreSqlSchema.Version;

    /// <summary>Creates or migrates the schema now (the store otherwise does it on first use).</summary>
    /// <param name="cancellationToken">Cancels the wait for another process's migration.</param>
    /// <returns>A task that completes when the schema is current.</returns>
    /// <exception cref="StorageSchemaException">Thrown when the database's schema is newer than this version knows; nothing was changed.</exception>
    /// <exception cref="PostgreSqlStorageException">Thrown when the server cannot be reached or refuses the connection.</exception>
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

            await WithRetriesAsync(MigrateOnceAsync, retry: true, cancellationToken).ConfigureAwait(false);
            _migrated = true;
        }
        finally
        {
            _migration.Release();
        }
    }

    /// <inheritdoc/>
    public ValueTask<DocumentRecord?> FindAsync(string entityKind, string id, int historyFrom, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entityKind);
        ArgumentNullException.ThrowIfNull(id);
        ArgumentOutOfRangeException.ThrowIfNegative(historyFrom);
        return RunAsync<DocumentRecord?>(
            async (connection, ct) =>
            {
                // One statement, one snapshot: the entity row and its history rows are read consistently.
                await using var command = Command(connection, _sql.Find, Text(entityKind), Text(id), Int(historyFrom));
                await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
                if (!await reader.ReadAsync(ct).ConfigureAwait(false))
                {
                    return null;
                }

                var history = reader.GetFieldValue<string[]>(5);
                return new DocumentRecord(entityKind, id, new ConcurrencyToken(reader.GetInt64(0)), reader.GetString(1), reader.GetInt32(4), history)
                {
                    NextDueAt = reader.IsDBNull(2) ? null : FromNanoseconds(reader.GetInt64(2)),
                    Due = (DueWork)reader.GetInt32(3),
                };
            },
            retry: true,
            cancellationToken);
    }

    /// <inheritdoc/>
    /// <remarks>One statement (hence one snapshot): the rows are joined to the requested ids, each with its new history rows.</remarks>
    public ValueTask<IReadOnlyList<DocumentRecord?>> FindManyAsync(string entityKind, IReadOnlyList<DocumentRead> reads, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entityKind);
        ArgumentNullException.ThrowIfNull(reads);
        var ids = new string[reads.Count];
        var from = new int[reads.Count];
        for (var i = 0; i < ids.Length; i++)
        {
            ids[i] = reads[i].Id ?? throw new ArgumentNullException(nameof(reads), "Every read must name an id.");
            from[i] = reads[i].HistoryFrom;
            ArgumentOutOfRangeException.ThrowIfNegative(from[i], nameof(reads));
        }

        return RunAsync<IReadOnlyList<DocumentRecord?>>(
            async (connection, ct) =>
            {
                var found = new DocumentRecord?[ids.Length];
                if (ids.Length == 0)
                {
                    return found;
                }

                await using var command = Command(connection, _sql.FindMany, Text(entityKind), TextArray(ids), IntArray(from));
                await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
                while (await reader.ReadAsync(ct).ConfigureAwait(false))
                {
                    var slot = (int)reader.GetInt64(0) - 1;
                    found[slot] = new DocumentRecord(entityKind, ids[slot], new ConcurrencyToken(reader.GetInt64(1)), reader.GetString(2), reader.GetInt32(5), reader.GetFieldValue<string[]>(6))
                    {
                        NextDueAt = reader.IsDBNull(3) ? null : FromNanoseconds(reader.GetInt64(3)),
                        Due = (DueWork)reader.GetInt32(4),
                    };
                }

                return found;
            },
            retry: true,
            cancellationToken);
    }

    /// <inheritdoc/>
    public async ValueTask SaveAsync(DocumentChange change, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        var nextDueAt = change.NextDueAt is { } at ? ToNanoseconds(at) : (long?)null;
        var messages = change.Messages;
        var ids = new string[messages.Count];
        var kinds = new string[messages.Count];
        var entities = new string[messages.Count];
        var payloads = new string[messages.Count];
        for (var i = 0; i < messages.Count; i++)
        {
            (ids[i], kinds[i], entities[i], payloads[i]) = (messages[i].Id, messages[i].EntityKind, messages[i].EntityId, messages[i].Payload);
        }

        var history = change.NewHistory as string[] ?? [.. change.NewHistory];
        await RunAsync(
            async (connection, ct) =>
            {
                var sql = change.ExpectedToken is null ? _sql.Insert : _sql.Update;
                await using var command = Command(
                    connection,
                    sql,
                    Text(change.EntityKind),
                    Text(change.Id),
                    Long(change.Token.Value),
                    Text(change.Snapshot),
                    NullableLong(nextDueAt),
                    Int((int)change.Due),
                    Int(change.HistoryStart + history.Length),
                    Int(change.HistoryStart),
                    TextArray(history),
                    TextArray(ids),
                    TextArray(kinds),
                    TextArray(entities),
                    TextArray(payloads),
                    Long(change.ExpectedToken?.Value ?? 0),
                    NullableText(change.ClaimOwner));
                long written;
                try
                {
                    written = (long)(await command.ExecuteScalarAsync(ct).ConfigureAwait(false))!;
                }
                catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation && e.ConstraintName is { } constraint && constraint.Contains("message_id", StringComparison.Ordinal))
                {
                    throw new ArgumentException("Every outbox message id must be unique among the pending messages; nothing was written.", nameof(change), e);
                }

                if (written == 0)
                {
                    await ThrowRefusedAsync(connection, change, ct).ConfigureAwait(false);
                }

                return true;
            },
            retry: false,
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    /// <remarks>
    /// <para>
    /// The batch is <b>one statement</b> (one round trip, one commit): the entity rows are updated from arrays, each guarded
    /// by its own token and by its owner's unexpired lease (<c>clock_timestamp()</c> when the row is written; the row stays
    /// locked until the commit, so nobody can claim it in between), and the history and outbox rows are inserted only for
    /// the rows that were written. A refused row writes nothing; the store then reads the refused rows' tokens to tell a
    /// conflict from an expired lease.
    /// </para>
    /// <para>
    /// If the statement fails as a whole for a reason of one change (an outbox message id already pending, a value out of
    /// range) nothing of it was written, and the changes are written again one statement each, so that only the bad one
    /// is refused. A broken connection throws <see cref="PostgreSqlStorageException"/> for the batch, which is not retried:
    /// each change was then written entirely or not at all.
    /// </para>
    /// </remarks>
    public async ValueTask<IReadOnlyList<ClaimCompletion>> CompleteClaimsAsync(IReadOnlyList<DocumentChange> changes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(changes);
        var ids = new HashSet<(string, string)>(changes.Count);
        foreach (var change in changes)
        {
            ArgumentNullException.ThrowIfNull(change, nameof(changes));
            if (change.ClaimOwner is null || change.ExpectedToken is null)
            {
                throw new ArgumentException("Every completion must name its ClaimOwner and expect the claimed token.", nameof(changes));
            }

            if (!ids.Add((change.EntityKind, change.Id)))
            {
                throw new ArgumentException("A batch of completions may hold one change per entity.", nameof(changes));
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
        var outcomes = new ClaimCompletion?[changes.Count];
        foreach (var group in Enumerable.Range(0, changes.Count).GroupBy(i => changes[i].EntityKind, StringComparer.Ordinal))
        {
            // A change whose values the schema cannot hold (an instant past 2262) is refused alone, before the batch.
            var batch = new List<int>();
            foreach (var i in group)
            {
                try
                {
                    _ = changes[i].NextDueAt is { } at ? ToNanoseconds(at) : 0;
                    batch.Add(i);
                }
                catch (ArgumentOutOfRangeException e)
                {
                    outcomes[i] = ClaimCompletion.NotSaved(e);
                }
            }

            if (batch.Count > 0)
            {
                await CompleteKindAsync(group.Key, changes, batch, outcomes, cancellationToken).ConfigureAwait(false);
            }
        }

        return [.. outcomes.Select(o => o!)];
    }

    /// <inheritdoc/>
    public ValueTask<IReadOnlyList<DueEntity>> ListDueAsync(string entityKind, Instant dueAtOrBefore, int maxCount, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entityKind);
        ArgumentOutOfRangeException.ThrowIfNegative(maxCount);
        return RunAsync(
            (connection, ct) => ReadDueAsync(Command(connection, _sql.ListDue, Text(entityKind), Long(ClampedNanoseconds(dueAtOrBefore)), Int(maxCount)), sort: false, ct),
            retry: true,
            cancellationToken);
    }

    /// <inheritdoc/>
    /// <remarks>Keyset paging on the primary key <c>(kind, id)</c>, whose ids are <c>COLLATE "C"</c>: one index range scan per page, in the order listed.</remarks>
    public ValueTask<IReadOnlyList<DocumentRecord>> ListAsync(string entityKind, string? afterId, int maxCount, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entityKind);
        ArgumentOutOfRangeException.ThrowIfNegative(maxCount);
        return RunAsync<IReadOnlyList<DocumentRecord>>(
            async (connection, ct) =>
            {
                await using var command = afterId is null
                    ? Command(connection, _sql.ListFirst, Text(entityKind), Int(maxCount))
                    : Command(connection, _sql.ListAfter, Text(entityKind), Int(maxCount), Text(afterId));
                await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
                var records = new List<DocumentRecord>();
                while (await reader.ReadAsync(ct).ConfigureAwait(false))
                {
                    records.Add(new DocumentRecord(entityKind, reader.GetString(0), new ConcurrencyToken(reader.GetInt64(1)), reader.GetString(2), reader.GetInt32(5), [])
                    {
                        NextDueAt = reader.IsDBNull(3) ? null : FromNanoseconds(reader.GetInt64(3)),
                        Due = (DueWork)reader.GetInt32(4),
                    });
                }

                return records;
            },
            retry: true,
            cancellationToken);
    }

    /// <inheritdoc/>
    public ValueTask<IReadOnlyList<DueEntity>> ClaimDueAsync(string entityKind, Instant dueAtOrBefore, int maxCount, string owner, Duration leaseDuration, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entityKind);
        CheckClaim(maxCount, owner, leaseDuration);
        return RunAsync(
            (connection, ct) => ReadDueAsync(
                Command(connection, _sql.ClaimDue, Text(entityKind), Long(ClampedNanoseconds(dueAtOrBefore)), Int(maxCount), Text(owner), Interval(leaseDuration)),
                sort: true,
                ct),
            retry: true,
            cancellationToken);
    }

    /// <inheritdoc/>
    public ValueTask<bool> DeferAsync(string entityKind, string id, ConcurrencyToken expectedToken, Instant nextDueAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entityKind);
        ArgumentNullException.ThrowIfNull(id);
        var at = ToNanoseconds(nextDueAt);
        return RunAsync(
            async (connection, ct) =>
            {
                await using var command = Command(connection, _sql.Defer, Text(entityKind), Text(id), Long(expectedToken.Value), Long(expectedToken.Next().Value), Long(at), Int((int)DueWork.Retry));
                return await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false) == 1;
            },
            retry: false,
            cancellationToken);
    }

    /// <inheritdoc/>
    public ValueTask<IReadOnlyList<OutboxRecord>> ListDeliverableAsync(Instant now, int maxCount, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxCount);
        return RunAsync(
            (connection, ct) => ReadOutboxAsync(Command(connection, _sql.ListDeliverable, Long(ClampedNanoseconds(now)), Int(maxCount)), sort: false, ct),
            retry: true,
            cancellationToken);
    }

    /// <inheritdoc/>
    public ValueTask<IReadOnlyList<OutboxRecord>> ClaimDeliverableAsync(Instant now, int maxCount, string owner, Duration leaseDuration, CancellationToken cancellationToken = default)
    {
        CheckClaim(maxCount, owner, leaseDuration);
        return RunAsync(
            (connection, ct) => ReadOutboxAsync(Command(connection, _sql.ClaimDeliverable, Long(ClampedNanoseconds(now)), Int(maxCount), Text(owner), Interval(leaseDuration)), sort: true, ct),
            retry: true,
            cancellationToken);
    }

    /// <inheritdoc/>
    public ValueTask<bool> MarkDeliveredAsync(string messageId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messageId);
        return RunAsync(
            async (connection, ct) =>
            {
                await using var command = Command(connection, _sql.MarkDelivered, Text(messageId));
                return await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false) == 1;
            },
            retry: false,
            cancellationToken);
    }

    /// <inheritdoc/>
    public ValueTask<bool> MarkFailedAsync(string messageId, int attempts, Instant nextAttemptAt, string failure, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messageId);
        ArgumentNullException.ThrowIfNull(failure);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(attempts);
        var at = ToNanoseconds(nextAttemptAt);
        return RunAsync(
            async (connection, ct) =>
            {
                await using var command = Command(connection, _sql.MarkFailed, Text(messageId), Int(attempts), Long(at), Text(failure));
                return await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false) == 1;
            },
            retry: false,
            cancellationToken);
    }

    /// <inheritdoc/>
    public ValueTask<bool> MarkClaimedDeliveredAsync(string messageId, string owner, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messageId);
        ArgumentNullException.ThrowIfNull(owner);
        return RunAsync(
            async (connection, ct) =>
            {
                await using var command = Command(connection, _sql.MarkClaimedDelivered, Text(messageId), Text(owner));
                return await SettledAsync(command, messageId, owner, ct).ConfigureAwait(false);
            },
            retry: false,
            cancellationToken);
    }

    /// <inheritdoc/>
    public ValueTask<bool> MarkClaimedFailedAsync(string messageId, string owner, int attempts, Instant nextAttemptAt, string failure, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messageId);
        ArgumentNullException.ThrowIfNull(owner);
        ArgumentNullException.ThrowIfNull(failure);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(attempts);
        var at = ToNanoseconds(nextAttemptAt);
        return RunAsync(
            async (connection, ct) =>
            {
                await using var command = Command(connection, _sql.MarkClaimedFailed, Text(messageId), Text(owner), Int(attempts), Long(at), Text(failure));
                return await SettledAsync(command, messageId, owner, ct).ConfigureAwait(false);
            },
            retry: false,
            cancellationToken);
    }

    /// <inheritdoc/>
    public ValueTask<long> CountPendingAsync(CancellationToken cancellationToken = default) =>
        RunAsync(
            async (connection, ct) =>
            {
                await using var command = Command(connection, _sql.CountPending);
                return (long)(await command.ExecuteScalarAsync(ct).ConfigureAwait(false))!;
            },
            retry: true,
            cancellationToken);

    /// <summary>Closes the store's connections; calls after this throw <see cref="ObjectDisposedException"/>.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _dataSource.Dispose();
        _migration.Dispose();
    }

    /// <summary>Closes the store's connections; calls after this throw <see cref="ObjectDisposedException"/>.</summary>
    /// <returns>A task that completes when the connections are closed.</returns>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        await _dataSource.DisposeAsync().ConfigureAwait(false);
        _migration.Dispose();
    }

    internal static long ToNanoseconds(Instant instant)
    {
        try
        {
            return (instant - NodaConstants.UnixEpoch).ToInt64Nanoseconds();
        }
        catch (OverflowException)
        {
            throw new ArgumentOutOfRangeException(nameof(instant), instant, "The PostgreSQL store holds instants from 1678 to 2262 (Unix nanoseconds in 64 bits).");
        }
    }

    internal static Instant FromNanoseconds(long nanoseconds) => NodaConstants.UnixEpoch + Duration.FromNanoseconds(nanoseconds);

    /// <summary>Classifies a client error: a typed storage error naming the setting, or <see langword="null"/> for one to pass through.</summary>
    internal PostgreSqlStorageException? Classify(Exception error)
    {
        const string connection = SettingPrefix + "ConnectionString";
        switch (error)
        {
            case OperationCanceledException:
                return null;
            case PostgresException { SqlState: PostgresErrorCodes.InvalidPassword or PostgresErrorCodes.InvalidAuthorizationSpecification } e:
                return new($"PostgreSQL at {_host} refused the credentials (check Username and Password in {connection}).", connection + " (Username, Password)", isTransient: false, e);
            case PostgresException { SqlState: PostgresErrorCodes.InvalidCatalogName } e:
                return new($"PostgreSQL at {_host} has no database '{_database}' (check Database in {connection}, or create it).", connection + " (Database)", isTransient: false, e);
            case PostgresException { SqlState: PostgresErrorCodes.InsufficientPrivilege } e:
                return new($"The PostgreSQL user may not use the schema '{_options.Schema}' (check Username in {connection} and the grants on the schema).", connection + " (Username)", isTransient: false, e);
            case PostgresException { SqlState: PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown or PostgresErrorCodes.CannotConnectNow or PostgresErrorCodes.TooManyConnections } e:
                return new($"PostgreSQL at {_host} is shutting down, starting or full ({e.SqlState}); the call was not completed.", connection + " (Host, Port)", isTransient: true, e);
            case PostgresException { SqlState: [ '0', '8', ..] } e:
                return new($"The connection to PostgreSQL at {_host} failed ({e.SqlState}); the call was not completed.", connection + " (Host, Port)", isTransient: true, e);
            case PostgresException:
                return null;
            case NpgsqlException e when e.InnerException is SocketException or IOException or EndOfStreamException or TimeoutException || e.IsTransient:
                return new($"PostgreSQL at {_host} cannot be reached or the connection broke (check Host and Port in {connection}, and that the server runs).", connection + " (Host, Port)", isTransient: true, e);
            case SocketException or IOException:
                return new($"PostgreSQL at {_host} cannot be reached or the connection broke (check Host and Port in {connection}, and that the server runs).", connection + " (Host, Port)", isTransient: true, error);
            default:
                return null;
        }
    }

    private static void CheckClaim(int maxCount, string owner, Duration leaseDuration)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxCount);
        ArgumentException.ThrowIfNullOrWhiteSpace(owner);
        if (owner.Length > 200)
        {
            throw new ArgumentException("The owner must be at most 200 characters.", nameof(owner));
        }

        if (leaseDuration <= Duration.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(leaseDuration), leaseDuration, "The lease duration must be positive.");
        }
    }

    // A query bound beyond the storable range compares like the range's end.
    private static long ClampedNanoseconds(Instant instant) =>
        instant < FromNanoseconds(long.MinValue) ? long.MinValue : instant > FromNanoseconds(long.MaxValue) ? long.MaxValue : ToNanoseconds(instant);

    private static NpgsqlCommand Command(NpgsqlConnection connection, string sql, params NpgsqlParameter[] parameters)
    {
        var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddRange(parameters);
        return command;
    }

    private static NpgsqlParameter<string> Text(string value) => new() { TypedValue = value, NpgsqlDbType = NpgsqlDbType.Text };

    private static NpgsqlParameter NullableText(string? value) => new() { Value = (object?)value ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text };

    private static NpgsqlParameter<string[]> TextArray(string[] value) => new() { TypedValue = value, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text };

    private static NpgsqlParameter<long[]> LongArray(long[] value) => new() { TypedValue = value, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint };

    private static NpgsqlParameter<long?[]> NullableLongArray(long?[] value) => new() { TypedValue = value, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint };

    private static NpgsqlParameter<int[]> IntArray(int[] value) => new() { TypedValue = value, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Integer };

    private static NpgsqlParameter<long> Long(long value) => new() { TypedValue = value, NpgsqlDbType = NpgsqlDbType.Bigint };

    private static NpgsqlParameter NullableLong(long? value) => new() { Value = value is { } v ? v : DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bigint };

    private static NpgsqlParameter<int> Int(int value) => new() { TypedValue = value, NpgsqlDbType = NpgsqlDbType.Integer };

    private static NpgsqlParameter<TimeSpan> Interval(Duration value) => new() { TypedValue = value.ToTimeSpan(), NpgsqlDbType = NpgsqlDbType.Interval };

    private static async Task<IReadOnlyList<DueEntity>> ReadDueAsync(NpgsqlCommand command, bool sort, CancellationToken cancellationToken)
    {
        await using (command.ConfigureAwait(false))
        {
            var due = new List<DueEntity>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                due.Add(new DueEntity(reader.GetString(0), new ConcurrencyToken(reader.GetInt64(1)), FromNanoseconds(reader.GetInt64(2)), (DueWork)reader.GetInt32(3)));
            }

            if (sort)
            {
                // RETURNING has no order: sort as the contract lists, by instant then ordinal id.
                due.Sort(static (a, b) => a.NextDueAt != b.NextDueAt ? a.NextDueAt.CompareTo(b.NextDueAt) : string.CompareOrdinal(a.Id, b.Id));
            }

            return due;
        }
    }

    private static async Task<IReadOnlyList<OutboxRecord>> ReadOutboxAsync(NpgsqlCommand command, bool sort, CancellationToken cancellationToken)
    {
        await using (command.ConfigureAwait(false))
        {
            var records = new List<OutboxRecord>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
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

            if (sort)
            {
                records.Sort(static (a, b) => a.Sequence.CompareTo(b.Sequence));
            }

            return records;
        }
    }

    /// <summary>Reads a settlement's (settled, still pending) pair: <see langword="true"/>, <see langword="false"/> or a lost lease.</summary>
    private static async Task<bool> SettledAsync(NpgsqlCommand command, string messageId, string owner, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        var (settled, pending) = (reader.GetInt64(0), reader.GetInt64(1));
        return settled == 1 ? true : pending == 0 ? false : throw new LeaseExpiredException(OutboxKind, messageId, owner);
    }

    /// <summary>Completes the changes at <paramref name="batch"/> (all of one kind) in one statement, filling in their outcomes.</summary>
    private async Task CompleteKindAsync(string kind, IReadOnlyList<DocumentChange> changes, List<int> batch, ClaimCompletion?[] outcomes, CancellationToken cancellationToken)
    {
        var count = batch.Count;
        var (ids, expected, tokens, snapshots, dueAt, due, historyCounts, owners) =
            (new string[count], new long[count], new long[count], new string[count], new long?[count], new int[count], new int[count], new string[count]);
        var (historyIds, historySeqs, historyEntries) = (new List<string>(), new List<int>(), new List<string>());
        var (messageOwners, messageIds, messageKinds, messageEntities, payloads) = (new List<string>(), new List<string>(), new List<string>(), new List<string>(), new List<string>());
        for (var k = 0; k < count; k++)
        {
            var change = changes[batch[k]];
            (ids[k], expected[k], tokens[k], snapshots[k]) = (change.Id, change.ExpectedToken!.Value.Value, change.Token.Value, change.Snapshot);
            (dueAt[k], due[k], historyCounts[k], owners[k]) = (change.NextDueAt is { } at ? ToNanoseconds(at) : null, (int)change.Due, change.HistoryStart + change.NewHistory.Count, change.ClaimOwner!);
            for (var j = 0; j < change.NewHistory.Count; j++)
            {
                historyIds.Add(change.Id);
                historySeqs.Add(change.HistoryStart + j);
                historyEntries.Add(change.NewHistory[j]);
            }

            foreach (var message in change.Messages)
            {
                messageOwners.Add(change.Id);
                messageIds.Add(message.Id);
                messageKinds.Add(message.EntityKind);
                messageEntities.Add(message.EntityId);
                payloads.Add(message.Payload);
            }
        }

        HashSet<string> written;
        try
        {
            written = await RunAsync(
                async (connection, ct) =>
                {
                    await using var command = Command(
                        connection,
                        _sql.CompleteClaims,
                        Text(kind),
                        TextArray(ids),
                        LongArray(expected),
                        LongArray(tokens),
                        TextArray(snapshots),
                        NullableLongArray(dueAt),
                        IntArray(due),
                        IntArray(historyCounts),
                        TextArray(owners),
                        TextArray([.. historyIds]),
                        IntArray([.. historySeqs]),
                        TextArray([.. historyEntries]),
                        TextArray([.. messageOwners]),
                        TextArray([.. messageIds]),
                        TextArray([.. messageKinds]),
                        TextArray([.. messageEntities]),
                        TextArray([.. payloads]));
                    var result = new HashSet<string>(StringComparer.Ordinal);
                    await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
                    while (await reader.ReadAsync(ct).ConfigureAwait(false))
                    {
                        result.Add(reader.GetString(0));
                    }

                    return result;
                },
                retry: false,
                cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException e) when (IsPerChangeFailure(e))
        {
            // The statement failed as a whole, for a reason of one change (a duplicate message id, a value out of range,
            // a deadlock with a user's command); nothing of it was written. One statement per change, so only the bad
            // one is refused.
            foreach (var i in batch)
            {
                outcomes[i] = await ClaimCompletionOf(changes[i], cancellationToken).ConfigureAwait(false);
            }

            return;
        }

        var refused = new List<int>();
        foreach (var i in batch)
        {
            if (written.Contains(changes[i].Id))
            {
                outcomes[i] = ClaimCompletion.Saved;
            }
            else
            {
                refused.Add(i);
            }
        }

        if (refused.Count == 0)
        {
            return;
        }

        // Tell a conflict (the token changed, or the row is gone) from a lease that expired under a matching token.
        var stored = await RunAsync(
            async (connection, ct) =>
            {
                await using var command = Command(connection, _sql.ReadTokens, Text(kind), TextArray([.. refused.Select(i => changes[i].Id)]));
                var result = new Dictionary<string, long>(StringComparer.Ordinal);
                await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
                while (await reader.ReadAsync(ct).ConfigureAwait(false))
                {
                    result[reader.GetString(0)] = reader.GetInt64(1);
                }

                return result;
            },
            retry: true,
            cancellationToken).ConfigureAwait(false);
        foreach (var i in refused)
        {
            var change = changes[i];
            ConcurrencyToken? actual = stored.TryGetValue(change.Id, out var value) ? new ConcurrencyToken(value) : null;
            outcomes[i] = ClaimCompletion.NotSaved(actual == change.ExpectedToken
                ? new LeaseExpiredException(kind, change.Id, change.ClaimOwner!)
                : new ConcurrencyConflictException(kind, change.Id, change.ExpectedToken, actual));
        }
    }

    /// <summary>Completes one change on its own statement and reports the outcome (a broken connection still throws).</summary>
    private async Task<ClaimCompletion> ClaimCompletionOf(DocumentChange change, CancellationToken cancellationToken)
    {
        try
        {
            await SaveAsync(change, cancellationToken).ConfigureAwait(false);
            return ClaimCompletion.Saved;
        }
        catch (Exception e) when (e is ConcurrencyConflictException or LeaseExpiredException or ArgumentException || (e is PostgresException p && IsPerChangeFailure(p)))
        {
            return ClaimCompletion.NotSaved(e);
        }
    }

    /// <summary>Tells whether a statement failed because of the data it wrote (a data exception, a constraint, a deadlock or serialization failure), not because of the statement or the connection.</summary>
    private static bool IsPerChangeFailure(PostgresException e) => e.SqlState.StartsWith("22", StringComparison.Ordinal) || e.SqlState.StartsWith("23", StringComparison.Ordinal) || e.SqlState.StartsWith("40", StringComparison.Ordinal);

    /// <summary>A save wrote nothing: throws the conflict (with the stored token) or, when the token matched, the lost lease.</summary>
    private async Task ThrowRefusedAsync(NpgsqlConnection connection, DocumentChange change, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, _sql.ReadToken, Text(change.EntityKind), Text(change.Id));
        var actual = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long value ? new ConcurrencyToken(value) : (ConcurrencyToken?)null;
        if (change.ClaimOwner is { } owner && actual is { } token && token == change.ExpectedToken)
        {
            throw new LeaseExpiredException(change.EntityKind, change.Id, owner);
        }

        throw new ConcurrencyConflictException(change.EntityKind, change.Id, change.ExpectedToken, actual);
    }

    private async ValueTask<T> RunAsync<T>(Func<NpgsqlConnection, CancellationToken, Task<T>> work, bool retry, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!_migrated)
        {
            await MigrateAsync(cancellationToken).ConfigureAwait(false);
        }

        return await WithRetriesAsync(work, retry, cancellationToken).ConfigureAwait(false);
    }

    private async Task<T> WithRetriesAsync<T>(Func<NpgsqlConnection, CancellationToken, Task<T>> work, bool retry, CancellationToken cancellationToken)
    {
        var delay = _options.FirstRetryDelay.ToTimeSpan();
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
                await using (connection.ConfigureAwait(false))
                {
                    return await work(connection, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (Exception e) when (Classify(e) is { } failure)
            {
                if (failure.IsTransient)
                {
                    _dataSource.Clear(); // the pool's other connections broke too when the server restarted
                }

                if (!retry || !failure.IsTransient || attempt >= _options.MaxRetries)
                {
                    throw failure;
                }

                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                delay += delay;
            }
        }
    }

    private async Task<bool> MigrateOnceAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        // Fast path: the schema is current (the usual case for every process but the first).
        if (await CurrentVersionAsync(connection, null, cancellationToken).ConfigureAwait(false) is { } current)
        {
            if (current > PostgreSqlSchema.Version)
            {
                throw new StorageSchemaException(PostgreSqlSchema.Adapter, current, PostgreSqlSchema.Version);
            }

            if (current == PostgreSqlSchema.Version)
            {
                return true;
            }
        }

        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock($1)", connection, transaction))
        {
            lockCommand.Parameters.Add(Long(AdvisoryKey(_options.Schema)));
            await lockCommand.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        var found = await CurrentVersionAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        if (found > PostgreSqlSchema.Version)
        {
            await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
            throw new StorageSchemaException(PostgreSqlSchema.Adapter, found.Value, PostgreSqlSchema.Version);
        }

        if (found is null)
        {
            await using (var schemaExists = new NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_namespace WHERE nspname = $1)", connection, transaction))
            {
                schemaExists.Parameters.Add(Text(_options.Schema));
                if (!(bool)(await schemaExists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!)
                {
                    await ExecuteAsync(connection, transaction, $"CREATE SCHEMA IF NOT EXISTS {_sql.Schema}", cancellationToken).ConfigureAwait(false);
                }
            }

            await ExecuteAsync(connection, transaction, $"CREATE TABLE IF NOT EXISTS {_sql.Schema}.cs_schema (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now(), description text NOT NULL)", cancellationToken).ConfigureAwait(false);
            found = await CurrentVersionAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
            if (found > PostgreSqlSchema.Version)
            {
                await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
                throw new StorageSchemaException(PostgreSqlSchema.Adapter, found.Value, PostgreSqlSchema.Version);
            }
        }

        foreach (var (version, description, sql) in PostgreSqlSchema.Migrations)
        {
            if (version > (found ?? 0))
            {
                await ExecuteAsync(connection, transaction, sql.Replace("{s}", _sql.Schema, StringComparison.Ordinal), cancellationToken).ConfigureAwait(false);
                await using var record = new NpgsqlCommand($"INSERT INTO {_sql.Schema}.cs_schema (version, description) VALUES ($1, $2)", connection, transaction);
                record.Parameters.Add(Int(version));
                record.Parameters.Add(Text(description));
                await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>The schema's version, or <see langword="null"/> when the store's tables do not exist yet.</summary>
    private async Task<int?> CurrentVersionAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, CancellationToken cancellationToken)
    {
        // A plain query of the catalog (not to_regclass, whose cache may not have seen another process's commit yet).
        await using (var exists = new NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relname = 'cs_schema')", connection, transaction))
        {
            exists.Parameters.Add(Text(_options.Schema));
            if (!(bool)(await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!)
            {
                return null;
            }
        }

        await using var read = new NpgsqlCommand($"SELECT COALESCE(MAX(version), 0) FROM {_sql.Schema}.cs_schema", connection, transaction);
        return (int)(await read.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A stable 64-bit key per schema for the migration's advisory lock (FNV-1a of the schema name).</summary>
    private static long AdvisoryKey(string schema)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in "CustomerService.Core/" + schema)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return unchecked((long)hash);
    }

    /// <summary>The listing's statements (first page; a later page, after <c>$3</c>): keyset paging on the primary key <c>(kind, id)</c>.</summary>
    /// <param name="schema">The quoted schema name.</param>
    /// <returns>The two statements; <c>$1</c> is the kind and <c>$2</c> the page size.</returns>
    internal static (string First, string After) ListStatements(string schema)
    {
        var listed = "SELECT id, token, snapshot, next_due_at, due, history_count FROM " + schema + ".cs_entity WHERE kind = $1";
        return (listed + " ORDER BY id LIMIT $2", listed + " AND id > $3 ORDER BY id LIMIT $2");
    }

    /// <summary>The statements, with the schema name filled in once.</summary>
    private sealed class Sql
    {
        public Sql(string schema)
        {
            Schema = schema;
            var e = schema + ".cs_entity";
            var h = schema + ".cs_history";
            var o = schema + ".cs_outbox";
            Find = $"""
                SELECT e.token, e.snapshot, e.next_due_at, e.due, e.history_count,
                       ARRAY(SELECT h.entry FROM {h} h WHERE h.kind = e.kind AND h.id = e.id AND h.seq >= $3 ORDER BY h.seq) AS history
                  FROM {e} e WHERE e.kind = $1 AND e.id = $2
                """;

            // $1 kind, $2 id, $3 token, $4 snapshot, $5 next_due_at, $6 due, $7 history_count, $8 history_start,
            // $9 entries, $10 message ids, $11 message kinds, $12 message entity ids, $13 payloads, $14 expected, $15 claim owner.
            const string appends = """
                , h AS (INSERT INTO {h} (kind, id, seq, entry)
                        SELECT $1, $2, $8 + (x.ord - 1)::integer, x.entry FROM w, unnest($9::text[]) WITH ORDINALITY AS x(entry, ord))
                , m AS (INSERT INTO {o} (message_id, kind, entity_id, payload)
                        SELECT x.mid, x.kind, x.eid, x.payload FROM w, unnest($10::text[], $11::text[], $12::text[], $13::text[]) WITH ORDINALITY AS x(mid, kind, eid, payload, ord)
                        ORDER BY x.ord)
                SELECT count(*) FROM w
                """;
            var tail = appends.Replace("{h}", h, StringComparison.Ordinal).Replace("{o}", o, StringComparison.Ordinal);
            Insert = $"""
                WITH w AS (INSERT INTO {e} (kind, id, token, snapshot, next_due_at, due, history_count)
                           SELECT $1, $2, $3, $4, $5, $6, $7 WHERE $14::bigint = 0 AND $15::text IS NULL
                           ON CONFLICT (kind, id) DO NOTHING RETURNING 1)
                """ + tail;
            Update = $"""
                WITH w AS (UPDATE {e} SET token = $3, snapshot = $4, next_due_at = $5, due = $6, history_count = $7, lease_owner = NULL, lease_expires_at = NULL
                            WHERE kind = $1 AND id = $2 AND token = $14
                              AND ($15::text IS NULL OR (lease_owner = $15 AND lease_expires_at > clock_timestamp()))
                           RETURNING 1)
                """ + tail;
            ReadToken = $"SELECT token FROM {e} WHERE kind = $1 AND id = $2";
            ReadTokens = $"SELECT id, token FROM {e} WHERE kind = $1 AND id = ANY($2)";
            FindMany = $"""
                SELECT x.ord, e.token, e.snapshot, e.next_due_at, e.due, e.history_count,
                       ARRAY(SELECT h.entry FROM {h} h WHERE h.kind = e.kind AND h.id = e.id AND h.seq >= x.history_from ORDER BY h.seq) AS history
                  FROM unnest($2::text[], $3::integer[]) WITH ORDINALITY AS x(id, history_from, ord)
                  JOIN {e} e ON e.kind = $1 AND e.id = x.id
                """;

            // $1 kind; per change: $2 id, $3 expected token, $4 token, $5 snapshot, $6 next_due_at, $7 due, $8 history_count,
            // $9 owner; per history row: $10 entity id, $11 seq, $12 entry; per message: $13 entity id (of the change),
            // $14 message id, $15 kind, $16 entity id, $17 payload. Each row is guarded by its own token and lease; the
            // history and outbox rows are joined to the rows written (w), so a refused change writes nothing at all.
            CompleteClaims = $"""
                WITH x AS (SELECT * FROM unnest($2::text[], $3::bigint[], $4::bigint[], $5::text[], $6::bigint[], $7::integer[], $8::integer[], $9::text[])
                                  AS x(id, expected, token, snapshot, next_due_at, due, history_count, owner)),
                     w AS (UPDATE {e} u SET token = x.token, snapshot = x.snapshot, next_due_at = x.next_due_at, due = x.due,
                                          history_count = x.history_count, lease_owner = NULL, lease_expires_at = NULL
                             FROM x
                            WHERE u.kind = $1 AND u.id = x.id AND u.token = x.expected
                              AND u.lease_owner = x.owner AND u.lease_expires_at > clock_timestamp()
                           RETURNING u.id),
                     h AS (INSERT INTO {h} (kind, id, seq, entry)
                           SELECT $1, y.id, y.seq, y.entry FROM unnest($10::text[], $11::integer[], $12::text[]) AS y(id, seq, entry)
                             JOIN w ON w.id = y.id),
                     m AS (INSERT INTO {o} (message_id, kind, entity_id, payload)
                           SELECT y.mid, y.kind, y.eid, y.payload
                             FROM unnest($13::text[], $14::text[], $15::text[], $16::text[], $17::text[]) WITH ORDINALITY AS y(change_id, mid, kind, eid, payload, ord)
                             JOIN w ON w.id = y.change_id
                            ORDER BY y.ord)
                SELECT id FROM w
                """;
            ListDue = $"SELECT id, token, next_due_at, due FROM {e} WHERE kind = $1 AND next_due_at IS NOT NULL AND next_due_at <= $2 ORDER BY next_due_at, id LIMIT $3";
            (ListFirst, ListAfter) = ListStatements(schema);
            ClaimDue = $"""
                WITH c AS (SELECT kind, id FROM {e}
                            WHERE kind = $1 AND next_due_at IS NOT NULL AND next_due_at <= $2
                              AND (lease_expires_at IS NULL OR lease_expires_at <= clock_timestamp())
                            ORDER BY next_due_at, id
                            LIMIT $3
                            FOR UPDATE SKIP LOCKED)
                UPDATE {e} u SET token = u.token + 1, lease_owner = $4, lease_expires_at = clock_timestamp() + $5
                  FROM c WHERE u.kind = c.kind AND u.id = c.id
                RETURNING u.id, u.token, u.next_due_at, u.due
                """;
            Defer = $"UPDATE {e} SET token = $4, next_due_at = $5, due = $6, lease_owner = NULL, lease_expires_at = NULL WHERE kind = $1 AND id = $2 AND token = $3";
            const string columns = "sequence, message_id, kind, entity_id, payload, attempts, next_attempt_at, last_error";
            ListDeliverable = $"""
                SELECT {columns} FROM {o} x
                 WHERE (x.next_attempt_at IS NULL OR x.next_attempt_at <= $1)
                   AND NOT EXISTS (SELECT 1 FROM {o} p
                                    WHERE p.kind = x.kind AND p.entity_id = x.entity_id AND p.sequence < x.sequence
                                      AND p.next_attempt_at IS NOT NULL AND p.next_attempt_at > $1)
                 ORDER BY x.sequence
                 LIMIT $2
                """;

            // Lock each entity's first pending row (its head) so that two claimers never split one entity's stream, then
            // lease the entity's rows in order up to the first one backing off or leased.
            ClaimDeliverable = $"""
                WITH heads AS (SELECT x.kind, x.entity_id FROM {o} x
                                WHERE (x.next_attempt_at IS NULL OR x.next_attempt_at <= $1)
                                  AND (x.lease_expires_at IS NULL OR x.lease_expires_at <= clock_timestamp())
                                  AND NOT EXISTS (SELECT 1 FROM {o} p WHERE p.kind = x.kind AND p.entity_id = x.entity_id AND p.sequence < x.sequence)
                                ORDER BY x.sequence
                                LIMIT $2
                                FOR UPDATE SKIP LOCKED),
                     picked AS (SELECT m.sequence FROM heads JOIN {o} m ON m.kind = heads.kind AND m.entity_id = heads.entity_id
                                 WHERE NOT EXISTS (SELECT 1 FROM {o} p
                                                    WHERE p.kind = m.kind AND p.entity_id = m.entity_id AND p.sequence <= m.sequence
                                                      AND ((p.next_attempt_at IS NOT NULL AND p.next_attempt_at > $1)
                                                           OR p.lease_expires_at > clock_timestamp()))
                                 ORDER BY m.sequence
                                 LIMIT $2)
                UPDATE {o} u SET lease_owner = $3, lease_expires_at = clock_timestamp() + $4
                  FROM picked WHERE u.sequence = picked.sequence
                RETURNING u.sequence, u.message_id, u.kind, u.entity_id, u.payload, u.attempts, u.next_attempt_at, u.last_error
                """;
            MarkDelivered = $"DELETE FROM {o} WHERE message_id = $1";
            MarkFailed = $"UPDATE {o} SET attempts = $2, next_attempt_at = $3, last_error = $4, lease_owner = NULL, lease_expires_at = NULL WHERE message_id = $1";
            MarkClaimedDelivered = $"""
                WITH d AS (DELETE FROM {o} WHERE message_id = $1 AND lease_owner = $2 AND lease_expires_at > clock_timestamp() RETURNING 1)
                SELECT (SELECT count(*) FROM d), (SELECT count(*) FROM {o} WHERE message_id = $1)
                """;
            MarkClaimedFailed = $"""
                WITH f AS (UPDATE {o} SET attempts = $3, next_attempt_at = $4, last_error = $5, lease_owner = NULL, lease_expires_at = NULL
                            WHERE message_id = $1 AND lease_owner = $2 AND lease_expires_at > clock_timestamp()
                           RETURNING kind, entity_id, sequence),
                     r AS (UPDATE {o} x SET lease_owner = NULL, lease_expires_at = NULL FROM f
                            WHERE x.kind = f.kind AND x.entity_id = f.entity_id AND x.sequence > f.sequence AND x.lease_owner = $2)
                SELECT (SELECT count(*) FROM f), (SELECT count(*) FROM {o} WHERE message_id = $1)
                """;
            CountPending = $"SELECT count(*) FROM {o}";
        }

        public string Schema { get; }

        public string Find { get; }

        public string Insert { get; }

        public string Update { get; }

        public string ReadToken { get; }

        public string ReadTokens { get; }

        public string FindMany { get; }

        public string CompleteClaims { get; }

        public string ListDue { get; }

        public string ListFirst { get; }

        public string ListAfter { get; }

        public string ClaimDue { get; }

        public string Defer { get; }

        public string ListDeliverable { get; }

        public string ClaimDeliverable { get; }

        public string MarkDelivered { get; }

        public string MarkFailed { get; }

        public string MarkClaimedDelivered { get; }

        public string MarkClaimedFailed { get; }

        public string CountPending { get; }
    }
}
