using CustomerService.Core.Storage;
using CustomerService.Core.Testing.Internal;
using NodaTime;

namespace CustomerService.Core.Testing;

/// <content>The transactional outbox: messages with their save or not at all, sequence order, per-entity hold-back, settling.</content>
public abstract partial class StorageConformanceTests
{
    /// <summary>
    /// Messages appear with the save that wrote them, in writing order across entities and kinds, and never with a save
    /// that failed; ids, entity kind and id and the events round-trip equal.
    /// </summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task SaveAsync_WithMessages_WritesThemAtomicallyInWritingOrder()
    {
        await using var storage = await OpenAsync();
        var expected = new List<OutboxMessage>();
        var stored = new Dictionary<(string, string), Change>();
        for (var round = 0; round < 3; round++)
        {
            foreach (var kind in KindSamples.All)
            {
                foreach (var id in new[] { "M-2", "M-1" })
                {
                    var store = kind.View(storage);
                    Change change;
                    if (stored.TryGetValue((kind.Kind, id), out var previous))
                    {
                        change = Update(kind, id, previous.Token, previous.Entity, kind.Append(previous.Entity, 1, KindSamples.Start, "agent-1"), messages: 1 + round);

                        // A stale save of the same entity, with messages, writes none of them.
                        await Assert.ThrowsAsync<ConcurrencyConflictException>(async () =>
                            await store.SaveAsync(Update(kind, id, previous.ExpectedToken ?? previous.Token.Next(), previous.Entity, change.Entity, messages: 2)));
                    }
                    else
                    {
                        change = Creation(kind, id, kind.New(id, KindSamples.Start), messages: 1);
                    }

                    await store.SaveAsync(change);
                    stored[(kind.Kind, id)] = change;
                    expected.AddRange(change.Messages);
                    AssertMessages(expected, await storage.Outbox.ListDeliverableAsync(KindSamples.Start, AllRows));
                }
            }
        }

        Assert.Equal(expected.Count, await storage.Outbox.CountPendingAsync());
    }

    /// <summary>The events the library's services really raise (opened, transitioned, SLA milestones, deadlines) round-trip equal through the outbox.</summary>
    /// <param name="entityKind">The entity kind.</param>
    /// <returns>A task that completes when the test has run.</returns>
    [Theory]
    [MemberData(nameof(EntityKinds), MemberType = typeof(StorageConformanceTests))]
    public virtual async Task ListDeliverableAsync_ServiceEvents_RoundTripEqual(string entityKind)
    {
        var kind = Kind(entityKind);
        var script = await kind.ScriptAsync("E-1");
        await using var storage = await OpenAsync();
        foreach (var change in script)
        {
            await kind.View(storage).SaveAsync(change);
        }

        var expected = script.SelectMany(c => c.Messages).ToList();
        var listed = await storage.Outbox.ListDeliverableAsync(KindSamples.Start, AllRows);
        AssertMessages(expected, listed);
        Assert.Equal(expected.Select(m => m.Event), listed.Select(m => m.Event));
        Assert.Equal(expected.Select(m => m.Event.GetType()), listed.Select(m => m.Event.GetType()));
        Assert.All(listed, m => Assert.Equal(m.Id, m.Event.Id));
        Assert.True(expected.Select(m => m.Event.GetType()).Distinct().Count() >= 2, "The script raises several kinds of events.");
    }

    /// <summary><c>maxCount</c> is honoured: 0 lists nothing, n lists the first n in sequence order, a negative one throws.</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task ListDeliverableAsync_MaxCount_IsHonoured()
    {
        await using var storage = await OpenAsync();
        var kind = KindSamples.Tickets;
        var change = await CreateAsync(kind.View(storage), kind, "T-1", messages: 5);

        Assert.Empty(await storage.Outbox.ListDeliverableAsync(KindSamples.Start, 0));
        AssertMessages(change.Messages.Take(2), await storage.Outbox.ListDeliverableAsync(KindSamples.Start, 2));
        AssertMessages(change.Messages, await storage.Outbox.ListDeliverableAsync(KindSamples.Start, int.MaxValue));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await storage.Outbox.ListDeliverableAsync(KindSamples.Start, -1));
    }

    /// <summary>
    /// A message that failed with a later retry instant holds back itself and every later message of the same entity (same
    /// kind and id), and nothing of other entities — not even an entity of another kind with the same id.
    /// </summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task ListDeliverableAsync_FailedMessage_HoldsBackOnlyItsEntitysLaterMessages()
    {
        await using var storage = await OpenAsync();
        var t = KindSamples.Start;
        var tickets = KindSamples.Tickets;
        var complaints = KindSamples.Complaints;
        var a = await CreateAsync(tickets.View(storage), tickets, "A", messages: 2);         // A/1/0, A/1/1
        var b = await CreateAsync(tickets.View(storage), tickets, "B", messages: 1);         // B/1/0
        var sameId = await CreateAsync(complaints.View(storage), complaints, "A", messages: 1); // Complaint A/1/0
        var a2 = Update(tickets, "A", a.Token, a.Entity, tickets.Append(a.Entity, 1, t, "agent-1"), messages: 1);
        await tickets.View(storage).SaveAsync(a2);                                            // A/2/0

        Assert.True(await storage.Outbox.MarkFailedAsync(a.Messages[1].Id, 1, t + Duration.FromMinutes(5), "TimeoutException"));

        var deliverable = await storage.Outbox.ListDeliverableAsync(t, AllRows);
        AssertMessages([a.Messages[0], b.Messages[0], sameId.Messages[0]], deliverable);
        Assert.Equal(5, await storage.Outbox.CountPendingAsync());

        // Delivered: the entity's first message; the failed one still blocks the rest of A.
        Assert.True(await storage.Outbox.MarkDeliveredAsync(a.Messages[0].Id));
        AssertMessages([b.Messages[0], sameId.Messages[0]], await storage.Outbox.ListDeliverableAsync(t + Duration.FromMinutes(5) - Duration.FromNanoseconds(1), AllRows));
    }

    /// <summary>
    /// A failed message is deliverable again once <c>now</c> reaches its retry instant (the instant itself included),
    /// with its attempts and last error kept, ahead of its entity's later messages.
    /// </summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task ListDeliverableAsync_AtTheRetryInstant_ListsTheFailedMessageWithItsAttempts()
    {
        await using var storage = await OpenAsync();
        var t = KindSamples.Start;
        var kind = KindSamples.Callbacks;
        var created = await CreateAsync(kind.View(storage), kind, "CB-1", messages: 3);
        var retryAt = t + Duration.FromMinutes(5) + Duration.FromNanoseconds(1);

        Assert.True(await storage.Outbox.MarkFailedAsync(created.Messages[0].Id, 1, t + Duration.FromSeconds(5), "HttpRequestException"));
        Assert.True(await storage.Outbox.MarkFailedAsync(created.Messages[0].Id, 2, retryAt, "TaskCanceledException"));

        Assert.Empty(await storage.Outbox.ListDeliverableAsync(retryAt - Duration.FromNanoseconds(1), AllRows));
        var listed = await storage.Outbox.ListDeliverableAsync(retryAt, AllRows);
        AssertMessages(
            [created.Messages[0] with { Attempts = 2, NextAttemptAt = retryAt, LastError = "TaskCanceledException" }, created.Messages[1], created.Messages[2]],
            listed);
        Assert.Equal(listed, await storage.Outbox.ListDeliverableAsync(LatestInstant, AllRows));
    }

    /// <summary>Marking a pending message delivered removes it (true); marking it again, or an unknown id, returns false; failing a delivered or unknown message returns false.</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task MarkDeliveredAsync_PendingThenAgainThenUnknown_ReturnsTrueThenFalse()
    {
        await using var storage = await OpenAsync();
        var kind = KindSamples.Complaints;
        var created = await CreateAsync(kind.View(storage), kind, "C-1", messages: 3);

        Assert.True(await storage.Outbox.MarkDeliveredAsync(created.Messages[1].Id));
        Assert.False(await storage.Outbox.MarkDeliveredAsync(created.Messages[1].Id));
        Assert.False(await storage.Outbox.MarkDeliveredAsync("Complaint/C-1/9/0"));
        Assert.False(await storage.Outbox.MarkFailedAsync(created.Messages[1].Id, 1, KindSamples.Start, "IOException"));
        Assert.False(await storage.Outbox.MarkFailedAsync("Complaint/C-1/9/0", 1, KindSamples.Start, "IOException"));

        AssertMessages([created.Messages[0], created.Messages[2]], await storage.Outbox.ListDeliverableAsync(LatestInstant, AllRows));
        Assert.Equal(2, await storage.Outbox.CountPendingAsync());
        Assert.True(await storage.Outbox.MarkDeliveredAsync(created.Messages[0].Id));
        Assert.True(await storage.Outbox.MarkDeliveredAsync(created.Messages[2].Id));
        Assert.Empty(await storage.Outbox.ListDeliverableAsync(LatestInstant, AllRows));
        Assert.Equal(0, await storage.Outbox.CountPendingAsync());
    }

    /// <summary>A failed message that is then delivered is gone, and its entity's later messages are deliverable at once.</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task MarkDeliveredAsync_FailedMessage_ReleasesItsEntitysLaterMessages()
    {
        await using var storage = await OpenAsync();
        var kind = KindSamples.Tickets;
        var created = await CreateAsync(kind.View(storage), kind, "T-1", messages: 2);
        Assert.True(await storage.Outbox.MarkFailedAsync(created.Messages[0].Id, 1, LatestInstant, "IOException"));
        Assert.Empty(await storage.Outbox.ListDeliverableAsync(KindSamples.Start, AllRows));

        Assert.True(await storage.Outbox.MarkDeliveredAsync(created.Messages[0].Id));

        AssertMessages([created.Messages[1]], await storage.Outbox.ListDeliverableAsync(KindSamples.Start, AllRows));
    }

    /// <summary><c>CountPendingAsync</c> counts every message not delivered yet, failed ones and held-back ones included.</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task CountPendingAsync_AfterWritesFailuresAndDeliveries_CountsThePendingMessages()
    {
        await using var storage = await OpenAsync();
        Assert.Equal(0, await storage.Outbox.CountPendingAsync());
        var ids = new List<string>();
        foreach (var kind in KindSamples.All)
        {
            ids.AddRange((await CreateAsync(kind.View(storage), kind, "P-1", messages: 2)).Messages.Select(m => m.Id));
            await CreateAsync(kind.View(storage), kind, "P-2", messages: 0);
        }

        Assert.Equal(6, await storage.Outbox.CountPendingAsync());
        Assert.True(await storage.Outbox.MarkFailedAsync(ids[0], 1, LatestInstant, "IOException"));
        Assert.Equal(6, await storage.Outbox.CountPendingAsync());
        Assert.True(await storage.Outbox.MarkDeliveredAsync(ids[2]));
        Assert.True(await storage.Outbox.MarkDeliveredAsync(ids[0]));
        Assert.Equal(4, await storage.Outbox.CountPendingAsync());
    }

    /// <summary>Bad arguments to the outbox throw the documented argument exceptions and change nothing.</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task Outbox_BadArguments_ThrowArgumentExceptions()
    {
        await using var storage = await OpenAsync();
        var kind = KindSamples.Tickets;
        var created = await CreateAsync(kind.View(storage), kind, "T-1", messages: 1);
        var before = await ObserveAsync(storage, (kind.Kind, "T-1"));
        var id = created.Messages[0].Id;

        await Assert.ThrowsAsync<ArgumentNullException>(async () => await storage.Outbox.MarkDeliveredAsync(null!));
        await Assert.ThrowsAsync<ArgumentNullException>(async () => await storage.Outbox.MarkFailedAsync(null!, 1, KindSamples.Start, "IOException"));
        await Assert.ThrowsAsync<ArgumentNullException>(async () => await storage.Outbox.MarkFailedAsync(id, 1, KindSamples.Start, null!));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await storage.Outbox.MarkFailedAsync(id, 0, KindSamples.Start, "IOException"));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await storage.Outbox.MarkFailedAsync(id, -1, KindSamples.Start, "IOException"));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await storage.Outbox.ListDeliverableAsync(KindSamples.Start, -1));

        await AssertUnchangedAsync(storage, before, (kind.Kind, "T-1"));
    }
}
