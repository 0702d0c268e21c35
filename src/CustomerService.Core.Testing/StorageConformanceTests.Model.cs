using CustomerService.Core.Storage;
using CustomerService.Core.Testing.Internal;
using NodaTime;

namespace CustomerService.Core.Testing;

/// <content>Random sequences of every operation, checked step by step against a reference model of the contract.</content>
public abstract partial class StorageConformanceTests
{
    private static readonly string[] ModelIds = ["a", "B", "b", "a10", "a9"];

    /// <summary>
    /// A random sequence of <see cref="RandomOperationCount"/> operations (creations, updates with the stored or a stale
    /// token, deferrals, due-work and outbox queries, delivered and failed marks) over the three kinds gives, at every
    /// step, exactly what a reference model of the contract gives: saves succeed or conflict alike, the stored history is
    /// the concatenation of the successful saves' entries, the due list equals the entities with <c>NextDueAt &lt;= t</c>
    /// ordered by (<c>NextDueAt</c>, id), and the deliverable messages follow the outbox rules. The seed makes a failure
    /// replayable.
    /// </summary>
    /// <param name="seed">The seed of the random sequence.</param>
    /// <returns>A task that completes when the test has run.</returns>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public virtual async Task StoreAndOutbox_RandomOperations_MatchTheReferenceModel(int seed)
    {
#pragma warning disable CA5394 // A seeded, replayable sequence is the point; nothing here is security-relevant.
        var random = new Random(seed);
        var t0 = KindSamples.Start;
        Instant RandomInstant() => t0 + Duration.FromMinutes(random.Next(0, 20)) + Duration.FromNanoseconds(random.Next(4) == 0 ? random.Next(1, 3) : 0);
        Instant? MaybeDue() => random.Next(4) == 0 ? null : RandomInstant();

        await using var storage = await OpenAsync();
        var model = new ReferenceModel();
        for (var step = 0; step < RandomOperationCount; step++)
        {
            var kind = KindSamples.All[random.Next(KindSamples.All.Count)];
            var store = kind.View(storage);
            var id = ModelIds[random.Next(ModelIds.Length)];
            var row = model.Find(kind.Kind, id);
            switch (random.Next(10))
            {
                case 0:
                {
                    var change = Creation(kind, id, kind.Append(kind.New(id, t0), random.Next(3), t0, "agent-1"), MaybeDue(), random.Next(3));
                    if (row is null)
                    {
                        await store.SaveAsync(change);
                        model.Save(kind.Kind, change);
                    }
                    else
                    {
                        await Assert.ThrowsAsync<ConcurrencyConflictException>(async () => await store.SaveAsync(change));
                    }

                    break;
                }

                case 1:
                case 2:
                {
                    if (row is null)
                    {
                        var entity = kind.New(id, t0);
                        await Assert.ThrowsAsync<ConcurrencyConflictException>(async () =>
                            await store.SaveAsync(Update(kind, id, ConcurrencyToken.Initial, entity, kind.Append(entity, 1, t0, "agent-1"))));
                        break;
                    }

                    var entries = random.Next(3);
                    var next = entries == 0 ? kind.Touch(row.Entity, t0 + Duration.FromSeconds(step)) : kind.Append(row.Entity, entries, t0, $"agent-{step}");
                    var update = Update(kind, id, row.Token, row.Entity, next, MaybeDue(), random.Next(3), random.Next(2) == 0 ? DueWork.SlaChange : DueWork.AutoClose | DueWork.HoldDeadline);
                    await store.SaveAsync(update);
                    model.Save(kind.Kind, update);
                    break;
                }

                case 3:
                {
                    if (row is not null)
                    {
                        var stale = row.Token.Value > 1 && random.Next(2) == 0 ? new ConcurrencyToken(row.Token.Value - 1) : row.Token.Next();
                        await Assert.ThrowsAsync<ConcurrencyConflictException>(async () =>
                            await store.SaveAsync(Update(kind, id, stale, row.Entity, kind.Append(row.Entity, 1, t0, "agent-stale"), MaybeDue(), 1)));
                    }

                    break;
                }

                case 4:
                {
                    var right = row is not null && random.Next(3) != 0;
                    var token = row is null ? ConcurrencyToken.Initial : right ? row.Token : row.Token.Next();
                    var to = RandomInstant();
                    Assert.Equal(right, await store.DeferAsync(id, token, to));
                    if (right)
                    {
                        model.Defer(kind.Kind, id, to);
                    }

                    break;
                }

                case 5:
                {
                    var t = RandomInstant();
                    var max = random.Next(0, 6);
                    Assert.Equal(model.Due(kind.Kind, t, max), await store.ListDueAsync(t, max));
                    break;
                }

                case 6:
                {
                    var now = RandomInstant();
                    var max = random.Next(0, 12);
                    Assert.Equal(model.Deliverable(now, max), (await storage.Outbox.ListDeliverableAsync(now, max)).Select(m => m with { Sequence = 0 }));
                    break;
                }

                case 7:
                {
                    var messageId = model.PickMessage(random) ?? "Ticket/none/1/0";
                    Assert.Equal(model.MarkDelivered(messageId), await storage.Outbox.MarkDeliveredAsync(messageId));
                    break;
                }

                case 8:
                {
                    var messageId = model.PickMessage(random) ?? "Ticket/none/1/0";
                    var (attempts, retryAt) = (random.Next(1, 5), RandomInstant());
                    Assert.Equal(model.MarkFailed(messageId, attempts, retryAt, "IOException"), await storage.Outbox.MarkFailedAsync(messageId, attempts, retryAt, "IOException"));
                    break;
                }

                default:
                    Assert.Equal(model.Pending, await storage.Outbox.CountPendingAsync());
                    break;
            }

            Assert.Equal(model.Find(kind.Kind, id)?.ToLoaded(), await store.FindAsync(id));
        }
#pragma warning restore CA5394

        foreach (var kind in KindSamples.All)
        {
            foreach (var id in ModelIds)
            {
                var expected = model.Find(kind.Kind, id);
                var loaded = await kind.View(storage).FindAsync(id);
                Assert.Equal(expected?.ToLoaded(), loaded);
                if (expected is not null)
                {
                    Assert.Equal(kind.History(expected.Entity), kind.History(loaded!.Entity));
                }
            }

            Assert.Equal(model.Due(kind.Kind, LatestInstant, AllRows), await kind.View(storage).ListDueAsync(LatestInstant, AllRows));
        }

        Assert.Equal(model.Deliverable(LatestInstant, AllRows), (await storage.Outbox.ListDeliverableAsync(LatestInstant, AllRows)).Select(m => m with { Sequence = 0 }));
        Assert.Equal(model.Pending, await storage.Outbox.CountPendingAsync());
    }

    /// <summary>The contract as plain collections: what every store must answer.</summary>
    private sealed class ReferenceModel
    {
        private readonly Dictionary<(string Kind, string Id), Row> _rows = [];
        private readonly List<(OutboxMessage Message, bool Delivered)> _outbox = [];

        public long Pending => _outbox.Count(m => !m.Delivered);

        public Row? Find(string kind, string id) => _rows.GetValueOrDefault((kind, id));

        public void Save(string kind, Change change)
        {
            _rows[(kind, change.Id)] = new Row(change.Entity, change.Token, change.NextDueAt, change.Due);
            _outbox.AddRange(change.Messages.Select(m => (m, false)));
        }

        public void Defer(string kind, string id, Instant to)
        {
            var row = _rows[(kind, id)];
            _rows[(kind, id)] = row with { Token = row.Token.Next(), NextDueAt = to, Due = DueWork.Retry };
        }

        public IReadOnlyList<DueEntity> Due(string kind, Instant t, int max) =>
            [.. _rows
                .Where(r => r.Key.Kind == kind && r.Value.NextDueAt is { } at && at <= t)
                .Select(r => new DueEntity(r.Key.Id, r.Value.Token, r.Value.NextDueAt!.Value, r.Value.Due))
                .OrderBy(d => d.NextDueAt)
                .ThenBy(d => d.Id, StringComparer.Ordinal)
                .Take(max)];

        public List<OutboxMessage> Deliverable(Instant now, int max)
        {
            var blocked = new HashSet<(string, string)>();
            var result = new List<OutboxMessage>();
            foreach (var (message, delivered) in _outbox)
            {
                if (result.Count == max)
                {
                    break;
                }

                if (delivered || blocked.Contains((message.EntityKind, message.EntityId)))
                {
                    continue;
                }

                if (message.NextAttemptAt is { } next && next > now)
                {
                    blocked.Add((message.EntityKind, message.EntityId));
                    continue;
                }

                result.Add(message);
            }

            return result;
        }

        public string? PickMessage(Random random) =>
#pragma warning disable CA5394 // Seeded on purpose (see the test).
            _outbox.Count == 0 ? null : _outbox[random.Next(_outbox.Count)].Message.Id;
#pragma warning restore CA5394

        public bool MarkDelivered(string messageId)
        {
            var index = _outbox.FindIndex(m => m.Message.Id == messageId && !m.Delivered);
            if (index < 0)
            {
                return false;
            }

            _outbox[index] = (_outbox[index].Message, true);
            return true;
        }

        public bool MarkFailed(string messageId, int attempts, Instant retryAt, string failure)
        {
            var index = _outbox.FindIndex(m => m.Message.Id == messageId && !m.Delivered);
            if (index < 0)
            {
                return false;
            }

            _outbox[index] = (_outbox[index].Message with { Attempts = attempts, NextAttemptAt = retryAt, LastError = failure }, false);
            return true;
        }

        public sealed record Row(object Entity, ConcurrencyToken Token, Instant? NextDueAt, DueWork Due)
        {
            public Loaded ToLoaded() => new(Entity, Token, NextDueAt, Due);
        }
    }
}
