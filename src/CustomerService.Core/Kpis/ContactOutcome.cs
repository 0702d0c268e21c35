using NodaTime;

namespace CustomerService.Core.Kpis;

/// <summary>What happened on one customer contact, as first-contact resolution and repeat-contact rate need it.</summary>
/// <remarks>
/// The host links contacts by customer (and by issue, if it tracks issues) and passes, for each contact, the time
/// until the same customer's next contact on the same matter, or <see langword="null"/> when none was seen.
/// The default value is a contact that was not resolved, not transferred and not followed by another contact.
/// </remarks>
/// <threadsafety>This type is an immutable value type: any number of threads may share and read an instance without locking.</threadsafety>
public readonly record struct ContactOutcome
{
    /// <summary>The longest time to the next contact a record can hold: 2<sup>61</sup> − 2 ns, about 73 years.</summary>
    internal const long MaximumGapNanoseconds = (1L << 61) - 2;

    private const long ResolvedFlag = 1;
    private const long TransferredFlag = 2;

    // One 8-byte word so that a batch streams through memory quickly: bits 0–1 are the flags, bits 2–63 hold
    // (nanoseconds until the next contact + 1), where zero means "no next contact" (so the default is "none").
    private readonly long _packed;

    /// <summary>Initializes a new instance of the <see cref="ContactOutcome"/> struct.</summary>
    /// <param name="resolved">Whether the contact ended with the matter resolved (as recorded by the agent or the system).</param>
    /// <param name="transferred">Whether the contact was transferred to another agent, queue or department.</param>
    /// <param name="timeToNextContact">The time from this contact to the same customer's next contact on the same matter, or <see langword="null"/> when there was none.</param>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when <paramref name="timeToNextContact"/> is negative or longer than about 73 years.</exception>
    public ContactOutcome(bool resolved, bool transferred, Duration? timeToNextContact)
    {
        long packed = (resolved ? ResolvedFlag : 0) | (transferred ? TransferredFlag : 0);
        if (timeToNextContact is { } gap)
        {
            long nanos = KpiGuard.NonNegativeNanoseconds(gap, nameof(timeToNextContact));
            if (nanos > MaximumGapNanoseconds)
            {
                throw new ArgumentOutOfRangeException(nameof(timeToNextContact), gap, "The time to the next contact must be from zero to about 73 years (2^61 − 2 ns).");
            }

            packed |= (nanos + 1) << 2;
        }

        _packed = packed;
    }

    /// <summary>Gets a value indicating whether the contact ended with the matter resolved.</summary>
    /// <value><see langword="true"/> when resolved on this contact.</value>
    public bool Resolved => (_packed & ResolvedFlag) != 0;

    /// <summary>Gets a value indicating whether the contact was transferred.</summary>
    /// <value><see langword="true"/> when transferred.</value>
    public bool Transferred => (_packed & TransferredFlag) != 0;

    /// <summary>Gets the time until the same customer's next contact on the same matter.</summary>
    /// <value>The gap, or <see langword="null"/> when no next contact was seen.</value>
    public Duration? TimeToNextContact => (_packed >>> 2) == 0 ? null : Duration.FromNanoseconds((_packed >>> 2) - 1);

    internal long Packed => _packed;
}
