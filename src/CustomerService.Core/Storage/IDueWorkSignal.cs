using NodaTime;

namespace CustomerService.Core.Storage;

/// <summary>
/// An in-process signal the services raise after every committed save, so that a due-work runner can re-arm its timer
/// when a save brings work forward instead of polling (the hosting package registers one).
/// </summary>
/// <remarks>
/// <para>The services call it only after the store accepted a save, on the thread of the command, with instants the
/// domain computed: <see cref="EntityDue"/> with the entity's new <c>NextDueAt</c>, and <see cref="OutboxDue"/> when the
/// save wrote outbox messages (deliverable from the instant of the change) or a delivery failed (deliverable again at
/// its retry instant). It is a hint for this process only: work written by other processes is found by the runner's
/// safety poll.</para>
/// <para>Implementations must be cheap, must not block and must not throw: a signal is not allowed to fail or delay the
/// command that raised it. Without a registered signal nothing is raised.</para>
/// </remarks>
/// <threadsafety>Implementations must be safe to call concurrently from any thread.</threadsafety>
public interface IDueWorkSignal
{
    /// <summary>Reports that an entity was saved and must be looked at again at <paramref name="nextDueAt"/>.</summary>
    /// <param name="entityKind">The kind of entity: <c>Ticket</c>, <c>Complaint</c> or <c>Callback</c>.</param>
    /// <param name="nextDueAt">The entity's new <c>NextDueAt</c>.</param>
    void EntityDue(string entityKind, Instant nextDueAt);

    /// <summary>Reports that outbox messages are deliverable from <paramref name="deliverableAt"/> on.</summary>
    /// <param name="deliverableAt">The instant of the change that wrote them, or the retry instant of a failed delivery.</param>
    void OutboxDue(Instant deliverableAt);
}
