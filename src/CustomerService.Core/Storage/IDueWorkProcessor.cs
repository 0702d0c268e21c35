using NodaTime;

namespace CustomerService.Core.Storage;

/// <summary>
/// The due work of an entity kind that a package defines (the knowledge base's review dates, for example), for a due-work
/// runner to process next to the library's own kinds: the hosting package's runner runs every registered processor in
/// its passes, wakes at the instants <see cref="IDueWorkSignal.EntityDue"/> reports for <see cref="EntityKind"/>, and asks
/// <see cref="FindEarliestDueAsync"/> at each safety poll.
/// </summary>
/// <remarks>
/// A package registers its processor as an enumerable service (<c>TryAddEnumerable</c>, one per entity kind, not one of
/// <c>Ticket</c>, <c>Complaint</c>, <c>Callback</c>, <c>Outbox</c>); the runner resolves it in a scope per batch. The
/// processor isolates a failing entity as the library's services do (reported, pushed back, the batch goes on), and
/// processing again at the same instant changes nothing.
/// </remarks>
/// <threadsafety>Implementations must be thread-safe when their stores are; the runner calls one at a time.</threadsafety>
public interface IDueWorkProcessor
{
    /// <summary>Gets the entity kind whose due work the processor does.</summary>
    /// <value>The kind stored with the entities (and reported to <see cref="IDueWorkSignal.EntityDue"/>), for example <c>Article</c>.</value>
    string EntityKind { get; }

    /// <summary>Processes the entities due at <paramref name="now"/>, at most <paramref name="maxCount"/>.</summary>
    /// <param name="now">The current instant.</param>
    /// <param name="maxCount">The most entities to process; not negative.</param>
    /// <param name="cancellationToken">Cancels the run between entities; what was not processed stays due.</param>
    /// <returns>How many were listed, the entities changed and the failures (a batch that listed <paramref name="maxCount"/> is followed by another).</returns>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when <paramref name="maxCount"/> is negative.</exception>
    Task<DueWorkReport<object>> ProcessDueAsync(Instant now, int maxCount, CancellationToken cancellationToken = default);

    /// <summary>Finds the earliest due instant of the kind, up to <paramref name="dueAtOrBefore"/>.</summary>
    /// <param name="dueAtOrBefore">The latest instant of interest.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>The earliest entity's due instant, or <see langword="null"/> when none is due by <paramref name="dueAtOrBefore"/>.</returns>
    ValueTask<Instant?> FindEarliestDueAsync(Instant dueAtOrBefore, CancellationToken cancellationToken = default);
}
