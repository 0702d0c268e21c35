using CustomerService.Core.Persistence;
using CustomerService.Core.Storage;
using NodaTime;

namespace CustomerService.Core.PostgreSql;

/// <content>The due-work claim that returns the claimed rows with their snapshots and history rows (<see cref="IClaimLoadingDocumentStore"/>).</content>
public sealed partial class PostgreSqlDocumentStore : IClaimLoadingDocumentStore
{
    private string? _claimAndLoadDue;

    /// <inheritdoc/>
    /// <remarks>
    /// <para>
    /// <b>One statement</b>, hence one round trip and one commit: the claim of <see cref="ClaimDueAsync"/> (<c>FOR UPDATE
    /// SKIP LOCKED</c>, the lease by <c>clock_timestamp()</c>, <c>token + 1</c>) whose result carries each row's snapshot,
    /// due work and history row count, with its history rows gathered by <c>ARRAY(…)</c> on the history table's primary key.
    /// There is no second lookup of the rows: the batch read of the earlier path (<c>unnest</c> of the ids joined back to
    /// the entity table) and its round trip are gone.
    /// </para>
    /// <para>
    /// A row written by someone else after the statement's snapshot was taken but before the claim locked it (the lock then
    /// sees the newer version, the history rows of that write are not in the snapshot) is locked but not claimed: it stays
    /// due and the next claim, with a fresh snapshot, takes it whole. Every returned row therefore carries exactly its
    /// <see cref="DocumentRecord.HistoryCount"/> history rows.
    /// </para>
    /// </remarks>
    public ValueTask<IReadOnlyList<DocumentRecord>> ClaimAndLoadDueAsync(string entityKind, Instant dueAtOrBefore, int maxCount, string owner, Duration leaseDuration, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entityKind);
        CheckClaim(maxCount, owner, leaseDuration);
        var sql = _claimAndLoadDue ??= ClaimAndLoadDueStatement(_sql.Schema);
        return RunAsync<IReadOnlyList<DocumentRecord>>(
            async (connection, ct) =>
            {
                await using var command = Command(connection, sql, Text(entityKind), Long(ClampedNanoseconds(dueAtOrBefore)), Int(maxCount), Text(owner), Interval(leaseDuration));
                await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
                var records = new List<DocumentRecord>();
                while (await reader.ReadAsync(ct).ConfigureAwait(false))
                {
                    records.Add(new DocumentRecord(entityKind, reader.GetString(0), new ConcurrencyToken(reader.GetInt64(1)), reader.GetString(4), reader.GetInt32(5), reader.GetFieldValue<string[]>(6))
                    {
                        NextDueAt = FromNanoseconds(reader.GetInt64(2)),
                        Due = (DueWork)reader.GetInt32(3),
                    });
                }

                return records;
            },
            retry: true,
            cancellationToken);
    }

    /// <summary>The claim-and-load statement: <c>$1</c> kind, <c>$2</c> due at or before (ns), <c>$3</c> batch size, <c>$4</c> owner, <c>$5</c> lease.</summary>
    /// <param name="schema">The quoted schema name.</param>
    /// <returns>The statement; it returns id, token, next_due_at, due, snapshot, history_count and the history rows, by next_due_at then id.</returns>
    internal static string ClaimAndLoadDueStatement(string schema)
    {
        var e = schema + ".cs_entity";
        var h = schema + ".cs_history";

        // c locks the rows (the newest version of a row written since the snapshot, when it is still due); r gathers each
        // one's history rows as the snapshot sees them; u claims only the rows whose gathered rows are all of them.
        return $"""
            WITH c AS (SELECT kind, id, history_count FROM {e}
                        WHERE kind = $1 AND next_due_at IS NOT NULL AND next_due_at <= $2
                          AND (lease_expires_at IS NULL OR lease_expires_at <= clock_timestamp())
                        ORDER BY next_due_at, id
                        LIMIT $3
                        FOR UPDATE SKIP LOCKED),
                 r AS (SELECT c.id, c.history_count,
                              ARRAY(SELECT h.entry FROM {h} h WHERE h.kind = c.kind AND h.id = c.id ORDER BY h.seq) AS history
                         FROM c),
                 u AS (UPDATE {e} u SET token = u.token + 1, lease_owner = $4, lease_expires_at = clock_timestamp() + $5
                         FROM r
                        WHERE u.kind = $1 AND u.id = r.id AND cardinality(r.history) = r.history_count
                       RETURNING u.id, u.token, u.next_due_at, u.due, u.snapshot, u.history_count)
            SELECT u.id, u.token, u.next_due_at, u.due, u.snapshot, u.history_count, r.history
              FROM u JOIN r ON r.id = u.id
             ORDER BY u.next_due_at, u.id
            """;
    }
}
