using System.Globalization;

namespace CustomerService.Core.Storage;

/// <summary>
/// Thrown by a claimable store when a node completes claimed work (saves a claimed entity, settles a claimed outbox
/// message) after its lease expired, by the store's clock, or passed to another node; nothing was written.
/// </summary>
/// <remarks>
/// The work is not lost: once the lease has expired another node (or this one) claims it again and processes it. A
/// dispatch stops its batch when it sees this exception, since the batch's other leases expired at the same instant; a
/// due-work run completes its batch in one call (<see cref="IClaimableEntityStore{TEntity}.CompleteClaimsAsync"/>), which
/// reports the refused completions in their slots and writes the others. Lengthen the lease (<see cref="DueWorkOptions.LeaseDuration"/>, <see cref="OutboxOptions.LeaseDuration"/>)
/// when this happens often.
/// </remarks>
/// <threadsafety>Instances are immutable once thrown and may be shared between threads.</threadsafety>
public sealed class LeaseExpiredException : CustomerServiceException
{
    /// <summary>Initializes a new instance of the <see cref="LeaseExpiredException"/> class.</summary>
    /// <param name="kind">What was claimed: an entity kind (<c>Ticket</c>, <c>Complaint</c>, <c>Callback</c>) or <c>Outbox</c>.</param>
    /// <param name="id">The entity's or the outbox message's identifier.</param>
    /// <param name="owner">The node that tried to complete the claim.</param>
    /// <exception cref="ArgumentNullException">Thrown when an argument is <see langword="null"/>.</exception>
    public LeaseExpiredException(string kind, string id, string owner)
        : base(string.Format(
            CultureInfo.InvariantCulture,
            "{0} '{1}' was not written: the lease of '{2}' on it has expired or passed to another node.",
            kind ?? throw new ArgumentNullException(nameof(kind)),
            id ?? throw new ArgumentNullException(nameof(id)),
            owner ?? throw new ArgumentNullException(nameof(owner))))
    {
        Kind = kind;
        Id = id;
        Owner = owner;
    }

    /// <summary>Gets what was claimed.</summary>
    /// <value>An entity kind, or <c>Outbox</c> for an outbox message.</value>
    public string Kind { get; }

    /// <summary>Gets the identifier of the entity or message.</summary>
    /// <value>The identifier's text.</value>
    public string Id { get; }

    /// <summary>Gets the node whose lease expired.</summary>
    /// <value>The owner given when claiming.</value>
    public string Owner { get; }
}
