using NodaTime;

namespace CustomerService.Core.Kpis;

/// <summary>What happened on one customer contact, as first-contact resolution and repeat-contact rate need it.</summary>
/// <remarks>
/// The host links contacts by customer (and by issue, if it tracks issues) and passes, for each contact, the time
/// until the same customer's next contact on the same matter, or <see langword="null"/> when none was seen.
/// The default value is a contact that was not resolved, not transferred and not followed by another contact.
/// </remarks>
/// <threadsafety>This type is an immutable value type. See the thread safety section of the user guide for more information.</threadsafety>
public readonly record struct ContactOutcome
{
    private const byte ResolvedFlag = 1;
    private const byte TransferredFlag = 2;

    // Nanoseconds until the next contact plus one; zero means "no next contact", so default is "none".
    private readonly long _nextContactPlusOne;
    private readonly byte _flags;

    /// <summary>Initializes a new instance of the <see cref="ContactOutcome"/> struct.</summary>
    /// <param name="resolved">Whether the contact ended with the matter resolved (as recorded by the agent or the system).</param>
    /// <param name="transferred">Whether the contact was transferred to another agent, queue or department.</param>
    /// <param name="timeToNextContact">The time from this contact to the same customer's next contact on the same matter, or <see langword="null"/> when there was none.</param>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when <paramref name="timeToNextContact"/> is negative.</exception>
    public ContactOutcome(bool resolved, bool transferred, Duration? timeToNextContact)
    {
        _flags = (byte)((resolved ? ResolvedFlag : 0) | (transferred ? TransferredFlag : 0));
        if (timeToNextContact is { } gap)
        {
            long nanos = KpiGuard.NonNegativeNanoseconds(gap, nameof(timeToNextContact));
            _nextContactPlusOne = nanos == long.MaxValue ? long.MaxValue : nanos + 1;
        }
    }

    /// <summary>Gets a value indicating whether the contact ended with the matter resolved.</summary>
    /// <value><see langword="true"/> when resolved on this contact.</value>
    public bool Resolved => (_flags & ResolvedFlag) != 0;

    /// <summary>Gets a value indicating whether the contact was transferred.</summary>
    /// <value><see langword="true"/> when transferred.</value>
    public bool Transferred => (_flags & TransferredFlag) != 0;

    /// <summary>Gets the time until the same customer's next contact on the same matter.</summary>
    /// <value>The gap, or <see langword="null"/> when no next contact was seen.</value>
    public Duration? TimeToNextContact => _nextContactPlusOne == 0 ? null : Duration.FromNanoseconds(_nextContactPlusOne - 1);

    internal byte Flags => _flags;

    internal long NextContactPlusOne => _nextContactPlusOne;
}
