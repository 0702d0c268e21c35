using NodaTime;

namespace CustomerService.Core.Storage;

/// <summary>How due work treats an entity whose processing failed (bound from the section <c>DueWork</c>).</summary>
/// <example><code language="json">"DueWork": { "FailureBackoff": "00:05:00" }</code></example>
/// <threadsafety>This mutable options class is not thread-safe; configure it at start-up, then only read it.</threadsafety>
public sealed class DueWorkOptions
{
    /// <summary>Gets or sets how far a failed entity's <c>NextDueAt</c> is pushed back, so that it cannot block the due queue.</summary>
    /// <value>The default value is 5 minutes. Must be 1 second to 1 day.</value>
    public Duration FailureBackoff { get; set; } = Duration.FromMinutes(5);

    internal IEnumerable<string> Validate(string prefix)
    {
        if (FailureBackoff < Duration.FromSeconds(1) || FailureBackoff > Duration.FromDays(1))
        {
            yield return $"{prefix}{nameof(FailureBackoff)} must be 1 second to 1 day (it is {FailureBackoff}).";
        }
    }

    internal DueWorkOptions Checked(string paramName)
    {
        var errors = Validate(string.Empty).ToList();
        return errors.Count == 0 ? this : throw new ArgumentException(string.Join(" ", errors), paramName);
    }
}

/// <summary>How the <see cref="OutboxDispatcher"/> retries failed deliveries (bound from the section <c>Outbox</c>).</summary>
/// <remarks>The n-th failed attempt of a message is retried after <c>min(FirstRetryDelay × 2^(n−1), MaxRetryDelay)</c>.</remarks>
/// <example><code language="json">"Outbox": { "FirstRetryDelay": "00:00:05", "MaxRetryDelay": "00:15:00" }</code></example>
/// <threadsafety>This mutable options class is not thread-safe; configure it at start-up, then only read it.</threadsafety>
public sealed class OutboxOptions
{
    /// <summary>Gets or sets the wait after a message's first failed delivery.</summary>
    /// <value>The default value is 5 seconds. Must be 1 millisecond to 1 hour.</value>
    public Duration FirstRetryDelay { get; set; } = Duration.FromSeconds(5);

    /// <summary>Gets or sets the longest wait between two attempts.</summary>
    /// <value>The default value is 15 minutes. Must be at least <see cref="FirstRetryDelay"/> and at most 1 day.</value>
    public Duration MaxRetryDelay { get; set; } = Duration.FromMinutes(15);

    /// <summary>Gets the wait before the next attempt after the given number of failed ones.</summary>
    /// <param name="attempts">How many deliveries have failed: at least 1.</param>
    /// <returns><c>min(FirstRetryDelay × 2^(attempts−1), MaxRetryDelay)</c>.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when <paramref name="attempts"/> is less than 1.</exception>
    public Duration RetryDelay(int attempts)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attempts, 1);
        var delay = FirstRetryDelay;
        for (var i = 1; i < attempts && delay < MaxRetryDelay; i++)
        {
            delay += delay;
        }

        return delay < MaxRetryDelay ? delay : MaxRetryDelay;
    }

    internal IEnumerable<string> Validate(string prefix)
    {
        if (FirstRetryDelay < Duration.FromMilliseconds(1) || FirstRetryDelay > Duration.FromHours(1))
        {
            yield return $"{prefix}{nameof(FirstRetryDelay)} must be 1 millisecond to 1 hour (it is {FirstRetryDelay}).";
        }

        if (MaxRetryDelay < FirstRetryDelay || MaxRetryDelay > Duration.FromDays(1))
        {
            yield return $"{prefix}{nameof(MaxRetryDelay)} must be at least {nameof(FirstRetryDelay)} and at most 1 day (it is {MaxRetryDelay}).";
        }
    }

    internal OutboxOptions Checked(string paramName)
    {
        var errors = Validate(string.Empty).ToList();
        return errors.Count == 0 ? this : throw new ArgumentException(string.Join(" ", errors), paramName);
    }
}
