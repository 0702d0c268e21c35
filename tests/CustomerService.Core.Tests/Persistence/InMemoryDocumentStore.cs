using CustomerService.Core.Persistence;
using CustomerService.Core.Storage;
using NodaTime;

namespace CustomerService.Core.Tests.Persistence;

/// <summary>
/// A reference <see cref="IDocumentStore"/> that keeps rows as text the way a SQL adapter does (entity rows, history
/// rows, outbox rows), behind one lock standing in for a transaction. Tests can reach into the rows to corrupt them.
/// </summary>
public sealed class InMemoryDocumentStore : IDocumentStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(string Kind, string Id), Row> _rows = [];
    private readonly SortedDictionary<long, OutboxRecord> _outbox = [];
    private long _sequence;

    public int HistoryRowsWritten { get; private set; }

    /// <summary>Replaces an entity row's snapshot text (to simulate a corrupt or foreign row).</summary>
    public void Corrupt(string kind, string id, string snapshot)
    {
        lock (_gate)
        {
            _rows[(kind, id)].Snapshot = snapshot;
        }
    }

    /// <summary>Replaces an outbox row's payload.</summary>
    public void CorruptMessage(string messageId, string payload)
    {
        lock (_gate)
        {
            var (sequence, record) = _outbox.Single(r => r.Value.Id == messageId);
            _outbox[sequence] = record with { Payload = payload };
        }
    }

    public int HistoryRowsRead { get; private set; }

    public ValueTask<DocumentRecord?> FindAsync(string entityKind, string id, int historyFrom, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(historyFrom);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            if (!_rows.TryGetValue((entityKind, id), out var row))
            {
                return new((DocumentRecord?)null);
            }

            string[] rows = [.. row.History.Skip(historyFrom)];
            HistoryRowsRead += rows.Length;
            return new(new DocumentRecord(entityKind, id, row.Token, row.Snapshot, row.History.Count, rows) { NextDueAt = row.NextDueAt, Due = row.Due });
        }
    }

    public ValueTask SaveAsync(DocumentChange change, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            _rows.TryGetValue((change.EntityKind, change.Id), out var row);
            if (row?.Token != change.ExpectedToken)
            {
                throw new ConcurrencyConflictException(change.EntityKind, change.Id, change.ExpectedToken, row?.Token);
            }

            row ??= _rows[(change.EntityKind, change.Id)] = new Row();
            if (row.History.Count != change.HistoryStart)
            {
                throw new InvalidOperationException("History rows are appended from the stored count only.");
            }

            row.Token = change.Token;
            row.Snapshot = change.Snapshot;
            row.NextDueAt = change.NextDueAt;
            row.Due = change.Due;
            row.History.AddRange(change.NewHistory);
            HistoryRowsWritten += change.NewHistory.Count;
            foreach (var message in change.Messages)
            {
                var sequence = ++_sequence;
                _outbox.Add(sequence, message with { Sequence = sequence });
            }
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask<IReadOnlyList<DueEntity>> ListDueAsync(string entityKind, Instant dueAtOrBefore, int maxCount, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxCount);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            IReadOnlyList<DueEntity> due = [.. _rows
                .Where(r => r.Key.Kind == entityKind && r.Value.NextDueAt <= dueAtOrBefore)
                .Select(r => new DueEntity(r.Key.Id, r.Value.Token, r.Value.NextDueAt!.Value, r.Value.Due))
                .OrderBy(d => d.NextDueAt)
                .ThenBy(d => d.Id, StringComparer.Ordinal)
                .Take(maxCount)];
            return new(due);
        }
    }

    public int ListCalls { get; private set; }

    public ValueTask<IReadOnlyList<DocumentRecord>> ListAsync(string entityKind, string? afterId, int maxCount, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entityKind);
        ArgumentOutOfRangeException.ThrowIfNegative(maxCount);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            ListCalls++;
            IReadOnlyList<DocumentRecord> page = [.. _rows
                .Where(r => r.Key.Kind == entityKind && (afterId is null || string.CompareOrdinal(r.Key.Id, afterId) > 0))
                .OrderBy(r => r.Key.Id, StringComparer.Ordinal)
                .Take(maxCount)
                .Select(r => new DocumentRecord(entityKind, r.Key.Id, r.Value.Token, r.Value.Snapshot, r.Value.History.Count, []) { NextDueAt = r.Value.NextDueAt, Due = r.Value.Due })];
            return new(page);
        }
    }

    public ValueTask<bool> DeferAsync(string entityKind, string id, ConcurrencyToken expectedToken, Instant nextDueAt, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            if (!_rows.TryGetValue((entityKind, id), out var row) || row.Token != expectedToken)
            {
                return new(false);
            }

            row.Token = expectedToken.Next();
            row.NextDueAt = nextDueAt;
            row.Due = DueWork.Retry;
            return new(true);
        }
    }

    public ValueTask<IReadOnlyList<OutboxRecord>> ListDeliverableAsync(Instant now, int maxCount, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxCount);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            var blocked = new HashSet<(string, string)>();
            var result = new List<OutboxRecord>();
            foreach (var record in _outbox.Values)
            {
                if (result.Count == maxCount)
                {
                    break;
                }

                if (blocked.Contains((record.EntityKind, record.EntityId)))
                {
                    continue;
                }

                if (record.NextAttemptAt > now)
                {
                    blocked.Add((record.EntityKind, record.EntityId));
                    continue;
                }

                result.Add(record);
            }

            return new(result);
        }
    }

    public ValueTask<bool> MarkDeliveredAsync(string messageId, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            var entry = _outbox.FirstOrDefault(r => r.Value.Id == messageId);
            return new(entry.Value is not null && _outbox.Remove(entry.Key));
        }
    }

    public ValueTask<bool> MarkFailedAsync(string messageId, int attempts, Instant nextAttemptAt, string failure, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            var entry = _outbox.FirstOrDefault(r => r.Value.Id == messageId);
            if (entry.Value is null)
            {
                return new(false);
            }

            _outbox[entry.Key] = entry.Value with { Attempts = attempts, NextAttemptAt = nextAttemptAt, LastError = failure };
            return new(true);
        }
    }

    public ValueTask<long> CountPendingAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            return new(_outbox.Count);
        }
    }

    private sealed class Row
    {
        public ConcurrencyToken Token { get; set; }

        public string Snapshot { get; set; } = string.Empty;

        public List<string> History { get; } = [];

        public Instant? NextDueAt { get; set; }

        public DueWork Due { get; set; }
    }
}
