using NodaTime;

namespace CustomerService.Core.Kpis;

/// <summary>How a queued contact left the queue.</summary>
public enum QueueCallOutcome
{
    /// <summary>An agent answered it.</summary>
    Answered = 0,

    /// <summary>The caller hung up (or the chat was closed) before an agent answered.</summary>
    Abandoned = 1,
}

/// <summary>One offered contact as the queue KPIs need it: how long it waited and whether it was answered or abandoned.</summary>
/// <remarks>The default value is a call answered with no wait.</remarks>
/// <threadsafety>This type is an immutable value type. See the thread safety section of the user guide for more information.</threadsafety>
public readonly record struct QueueCall
{
    private readonly long _wait;
    private readonly QueueCallOutcome _outcome;

    /// <summary>Initializes a new instance of the <see cref="QueueCall"/> struct.</summary>
    /// <param name="wait">The time in queue: until answered, or until abandoned; not negative.</param>
    /// <param name="outcome">Whether the contact was answered or abandoned.</param>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when <paramref name="wait"/> is negative or <paramref name="outcome"/> is not defined.</exception>
    public QueueCall(Duration wait, QueueCallOutcome outcome)
    {
        _wait = KpiGuard.NonNegativeNanoseconds(wait, nameof(wait));
        if (outcome is not (QueueCallOutcome.Answered or QueueCallOutcome.Abandoned))
        {
            throw new ArgumentOutOfRangeException(nameof(outcome), outcome, "The outcome must be Answered or Abandoned.");
        }

        _outcome = outcome;
    }

    /// <summary>Gets the time in queue.</summary>
    /// <value>Not negative.</value>
    public Duration Wait => Duration.FromNanoseconds(_wait);

    /// <summary>Gets how the contact left the queue.</summary>
    /// <value>Answered or abandoned.</value>
    public QueueCallOutcome Outcome => _outcome;

    internal long WaitNanoseconds => _wait;
}
