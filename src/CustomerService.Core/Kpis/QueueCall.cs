using NodaTime;

namespace CustomerService.Core.Kpis;

/// <summary>How a queued contact left the queue.</summary>
/// <threadsafety>This type is an enumeration; its values are immutable and thread-safe.</threadsafety>
public enum QueueCallOutcome
{
    /// <summary>An agent answered it.</summary>
    Answered = 0,

    /// <summary>The caller hung up (or the chat was closed) before an agent answered.</summary>
    Abandoned = 1,
}

/// <summary>One offered contact as the queue KPIs need it: how long it waited and whether it was answered or abandoned.</summary>
/// <remarks>The default value is a call answered with no wait.</remarks>
/// <threadsafety>This type is an immutable value type: any number of threads may share and read an instance without locking.</threadsafety>
public readonly record struct QueueCall
{
    /// <summary>The longest wait a record can hold: 2<sup>62</sup> − 1 ns, about 146 years.</summary>
    internal const long MaximumWaitNanoseconds = (1L << 62) - 1;

    // One 8-byte word so that a batch streams through memory quickly: wait in nanoseconds << 1 | 1 when abandoned.
    private readonly long _packed;

    /// <summary>Initializes a new instance of the <see cref="QueueCall"/> struct.</summary>
    /// <param name="wait">The time in queue: until answered, or until abandoned; not negative.</param>
    /// <param name="outcome">Whether the contact was answered or abandoned.</param>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when <paramref name="wait"/> is negative or longer than about 146 years, or <paramref name="outcome"/> is not defined.</exception>
    public QueueCall(Duration wait, QueueCallOutcome outcome)
    {
        long nanos = KpiGuard.NonNegativeNanoseconds(wait, nameof(wait));
        if (nanos > MaximumWaitNanoseconds)
        {
            throw new ArgumentOutOfRangeException(nameof(wait), wait, "The wait must be from zero to about 146 years (2^62 − 1 ns).");
        }

        if (outcome is not (QueueCallOutcome.Answered or QueueCallOutcome.Abandoned))
        {
            throw new ArgumentOutOfRangeException(nameof(outcome), outcome, "The outcome must be Answered or Abandoned.");
        }

        _packed = (nanos << 1) | (long)outcome;
    }

    /// <summary>Gets the time in queue.</summary>
    /// <value>Not negative.</value>
    public Duration Wait => Duration.FromNanoseconds(_packed >> 1);

    /// <summary>Gets how the contact left the queue.</summary>
    /// <value>Answered or abandoned.</value>
    public QueueCallOutcome Outcome => (QueueCallOutcome)(_packed & 1);

    internal long WaitNanoseconds => _packed >> 1;

    internal long Packed => _packed;
}
