using System.Globalization;
using CustomerService.Core.Storage;
using CustomerService.Core.Tests.Tickets;
using CustomerService.Core.Tickets;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NodaTime;

namespace CustomerService.Core.Tests.Conformance;

/// <summary>One save of a random storage script: which entity, with the stored or a stale token, what it appends and when it falls due.</summary>
public readonly record struct SaveStep(int Entity, bool Stale, int Entries, int Messages, int DueMinutes);

/// <summary>A random sequence of saves over a few tickets.</summary>
public sealed record SaveScript(SaveStep[] Steps)
{
    public override string ToString() =>
        string.Join(" ", Steps.Select(s => $"{StorageArbitraries.Ids[s.Entity]}{(s.Stale ? "!" : "")}+{s.Entries}/{s.Messages}@{s.DueMinutes}"));
}

/// <summary>Generators for the storage properties.</summary>
public static class StorageArbitraries
{
    /// <summary>Ids whose ordinal order differs from a case-insensitive or numeric one.</summary>
    public static readonly string[] Ids = ["a", "B", "b", "a10", "a9"];

    public static Arbitrary<SaveScript> Scripts() =>
        (from entity in Gen.Choose(0, Ids.Length - 1)
         from stale in Gen.Elements(false, false, true)
         from entries in Gen.Choose(0, 3)
         from messages in Gen.Choose(0, 2)
         from due in Gen.Choose(-1, 30)
         select new SaveStep(entity, stale, entries, messages, due))
        .ArrayOf()
        .Select(steps => new SaveScript(steps))
        .ToArbitrary();
}

/// <summary>Invariants of the in-memory storage over random sequences of saves with the stored and with stale tokens.</summary>
public sealed class StoragePropertyTests
{
    private static readonly Instant T0 = TicketArbitraries.Start;
    private static readonly TicketLifecycle Lifecycle = new(new TicketOptions());

    /// <summary>
    /// For any sequence of saves, each with the stored token or a stale one: the stale ones conflict and write nothing,
    /// and each ticket's stored history is exactly the concatenation of its successful saves' new entries, its token
    /// advanced once per successful save, and the outbox holds exactly the successful saves' messages in order.
    /// </summary>
    [Property(Arbitrary = [typeof(StorageArbitraries)], MaxTest = 150)]
    public async Task SaveAsync_RandomSavesWithStoredAndStaleTokens_Meets_Specification(SaveScript script)
    {
        var (storage, model) = await RunAsync(script);
        var store = storage.GetStore<Ticket>(TicketService.EntityKind);

        foreach (var (id, expected) in model)
        {
            var stored = (await store.FindAsync(id))!;
            Assert.Equal(expected.Actors, stored.Entity.History.Select(h => h.Actor));
            Assert.Equal(expected.Saves, stored.Token.Value);
            Assert.Equal(expected.Ticket, stored.Entity);
        }

        Assert.Equal(model.Values.Sum(m => m.Messages.Count), await storage.CountPendingAsync());
        var pending = await storage.ListDeliverableAsync(T0, int.MaxValue);
        foreach (var (id, expected) in model)
        {
            Assert.Equal(expected.Messages, pending.Where(m => m.EntityId == id).Select(m => m.Id));
        }
    }

    /// <summary>
    /// For any sequence of saves, the due list at any instant equals the tickets whose stored <c>NextDueAt &lt;= t</c>,
    /// ordered by (<c>NextDueAt</c>, ordinal id), cut at <c>maxCount</c>.
    /// </summary>
    [Property(Arbitrary = [typeof(StorageArbitraries)], MaxTest = 150)]
    public async Task ListDueAsync_AfterRandomSaves_Meets_Specification(SaveScript script, byte queryMinutes, byte maxCount)
    {
        var (storage, model) = await RunAsync(script);
        var t = T0 + Duration.FromMinutes(queryMinutes % 32);
        var max = maxCount % 7;

        var expected = model
            .Where(m => m.Value.NextDueAt is { } at && at <= t)
            .OrderBy(m => m.Value.NextDueAt)
            .ThenBy(m => m.Key, StringComparer.Ordinal)
            .Take(max)
            .Select(m => (m.Key, m.Value.NextDueAt!.Value));

        Assert.Equal(expected, (await storage.GetStore<Ticket>(TicketService.EntityKind).ListDueAsync(t, max)).Select(d => (d.Id, d.NextDueAt)));
    }

    /// <summary>
    /// For any sequence of saves and any batch sizes, claims by alternating owners (none expiring) hand out the due list
    /// at <c>t</c> in its order, each entity once, each with its token replaced once; a claim after the list is exhausted
    /// is empty.
    /// </summary>
    [Property(Arbitrary = [typeof(StorageArbitraries)], MaxTest = 150)]
    public async Task ClaimDueAsync_AfterRandomSaves_Meets_Specification(SaveScript script, byte queryMinutes, byte[] batches)
    {
        var (storage, model) = await RunAsync(script);
        var store = (IClaimableEntityStore<Ticket>)storage.GetStore<Ticket>(TicketService.EntityKind);
        var t = T0 + Duration.FromMinutes(queryMinutes % 32);
        var due = await store.ListDueAsync(t, int.MaxValue);

        var claimed = new List<DueEntity>();
        for (var i = 0; i < (batches?.Length ?? 0); i++)
        {
            claimed.AddRange(await store.ClaimDueAsync(t, batches![i] % 4, i % 2 == 0 ? "node-a" : "node-b", Duration.FromHours(1)));
        }

        claimed.AddRange(await store.ClaimDueAsync(t, int.MaxValue, "node-c", Duration.FromHours(1)));

        Assert.Equal(due.Select(d => d with { Token = d.Token.Next() }), claimed);
        Assert.Empty(await store.ClaimDueAsync(t, int.MaxValue, "node-d", Duration.FromHours(1)));
        foreach (var entry in claimed)
        {
            Assert.Equal(model[entry.Id].Saves + 1, (await store.FindAsync(entry.Id))!.Token.Value);
        }
    }

    /// <summary>Runs a script against a new storage and a model of what must be stored.</summary>
    private static async Task<(InMemoryStorage Storage, Dictionary<string, Expected> Model)> RunAsync(SaveScript script)
    {
        var storage = new InMemoryStorage();
        var store = storage.GetStore<Ticket>(TicketService.EntityKind);
        var model = new Dictionary<string, Expected>(StringComparer.Ordinal);
        for (var step = 0; step < script.Steps.Length; step++)
        {
            var (entity, stale, entries, messageCount, dueMinutes) = script.Steps[step];
            var id = StorageArbitraries.Ids[entity];
            var current = model.GetValueOrDefault(id);
            var before = current?.Ticket ?? TicketArbitraries.NewTicket(id);
            var next = before;
            var actors = new List<string>();
            for (var k = 0; k < entries; k++)
            {
                var actor = string.Create(CultureInfo.InvariantCulture, $"s{step}-{k}");
                next = Lifecycle.Apply(next, next.State == TicketState.New ? new TicketCommand.Assign("agent-1") : new TicketCommand.AgentReply(), actor, T0);
                actors.Add(actor);
            }

            // A stale writer expects a token that is not the stored one: an older one, or a creation of an existing id.
            ConcurrencyToken? expected = current is null ? null : new ConcurrencyToken(current.Saves);
            if (stale)
            {
                expected = current is null ? ConcurrencyToken.Initial : current.Saves > 1 ? new ConcurrencyToken(current.Saves - 1) : null;
            }

            var token = expected?.Next() ?? ConcurrencyToken.Initial;
            var messages = Enumerable.Range(0, messageCount)
                .Select(i => string.Create(CultureInfo.InvariantCulture, $"Ticket/{id}/{token.Value}/{i}"))
                .Select(messageId => new OutboxMessage { Id = messageId, EntityKind = TicketService.EntityKind, EntityId = id, Event = new TicketOpened(next, "desk") { Id = messageId } })
                .ToArray();
            Instant? nextDueAt = dueMinutes < 0 ? null : T0 + Duration.FromMinutes(dueMinutes);
            var change = new EntityChange<Ticket>(id, next, expected, token, before.History.Count, nextDueAt, nextDueAt is null ? DueWork.None : DueWork.SlaChange, messages);

            if (stale)
            {
                await Assert.ThrowsAsync<ConcurrencyConflictException>(async () => await store.SaveAsync(change));
                continue;
            }

            await store.SaveAsync(change);
            model[id] = new Expected(
                next,
                (current?.Saves ?? 0) + 1,
                [.. current?.Actors ?? [], .. actors],
                [.. current?.Messages ?? [], .. messages.Select(m => m.Id)],
                nextDueAt);
        }

        return (storage, model);
    }

    private sealed record Expected(Ticket Ticket, long Saves, IReadOnlyList<string> Actors, IReadOnlyList<string> Messages, Instant? NextDueAt);
}
