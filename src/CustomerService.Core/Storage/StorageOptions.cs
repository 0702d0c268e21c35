using NodaTime;

namespace CustomerService.Core.Storage;

/// <summary>How due work treats an entity whose processing failed, and how a node claims due work when several share one database (bound from the section <c>DueWork</c>).</summary>
/// <remarks>
/// <see cref="NodeId"/> and <see cref="LeaseDuration"/> matter only when the store is an <see cref="IClaimableEntityStore{TEntity}"/>
/// (the PostgreSQL store, the in-memory storage): the services then claim their due entities with a lease instead of
/// listing them, so several nodes never process one entity at once.
/// </remarks>
/// <example><code language="json">"DueWork": { "FailureBackoff": "00:05:00", "NodeId": "desk-1", "LeaseDuration": "00:05:00" }</code></example>
/// <threadsafety>This mutable options class is not thread-safe; configure it at start-up, then only read it.</threadsafety>
public sealed class DueWorkOptions
{
    /// <summary>Gets or sets how far a failed entity's <c>NextDueAt</c> is pushed back, so that it cannot block the due queue.</summary>
    /// <value>The default value is 5 minutes. Must be 1 second to 1 day.</value>
    public Duration FailureBackoff { get; set; } = Duration.FromMinutes(5);

    /// <summary>Gets or sets the name this process claims due work under (the lease owner).</summary>
    /// <value>The default value is the machine name and the process id, for example <c>desk-host/4242</c>: unique per
    /// running process. Must be 1 to 200 characters; two processes must never share one.</value>
    public string NodeId { get; set; } = ClaimDefaults.NodeId;

    /// <summary>Gets or sets how long a claimed batch of due entities stays reserved for this node, by the store's clock.</summary>
    /// <value>The default value is 5 minutes. Must be 1 second to 1 day. A node that dies holds its batch this long; a
    /// batch not finished within it may be processed by another node (each write then conflicts, so nothing is done twice).</value>
    public Duration LeaseDuration { get; set; } = Duration.FromMinutes(5);

    internal IEnumerable<string> Validate(string prefix)
    {
        if (FailureBackoff < Duration.FromSeconds(1) || FailureBackoff > Duration.FromDays(1))
        {
            yield return $"{prefix}{nameof(FailureBackoff)} must be 1 second to 1 day (it is {FailureBackoff}).";
        }

        foreach (var error in ClaimDefaults.Validate(prefix, NodeId, LeaseDuration))
        {
            yield return error;
        }
    }

    internal DueWorkOptions Checked(string paramName)
    {
        var errors = Validate(string.Empty).ToList();
        return errors.Count == 0 ? this : throw new ArgumentException(string.Join(" ", errors), paramName);
    }
}

/// <summary>How the <see cref="OutboxDispatcher"/> retries failed deliveries (bound from the section <c>Outbox</c>).</summary>
/// <remarks>
/// The n-th failed attempt of a message is retried after <c>min(FirstRetryDelay × 2^(n−1), MaxRetryDelay)</c>.
/// <see cref="NodeId"/> and <see cref="LeaseDuration"/> matter only when the outbox is an <see cref="IClaimableOutboxStore"/>:
/// the dispatcher then claims messages with a lease, so several nodes deliver one outbox without overlapping.
/// </remarks>
/// <example><code language="json">"Outbox": { "FirstRetryDelay": "00:00:05", "MaxRetryDelay": "00:15:00", "NodeId": "desk-1", "LeaseDuration": "00:01:00" }</code></example>
/// <threadsafety>This mutable options class is not thread-safe; configure it at start-up, then only read it.</threadsafety>
public sealed class OutboxOptions
{
    /// <summary>Gets or sets the wait after a message's first failed delivery.</summary>
    /// <value>The default value is 5 seconds. Must be 1 millisecond to 1 hour.</value>
    public Duration FirstRetryDelay { get; set; } = Duration.FromSeconds(5);

    /// <summary>Gets or sets the longest wait between two attempts.</summary>
    /// <value>The default value is 15 minutes. Must be at least <see cref="FirstRetryDelay"/> and at most 1 day.</value>
    public Duration MaxRetryDelay { get; set; } = Duration.FromMinutes(15);

    /// <summary>Gets or sets the name this process claims outbox messages under (the lease owner).</summary>
    /// <value>The default value is the machine name and the process id, as for <see cref="DueWorkOptions.NodeId"/>. Must be 1 to 200 characters.</value>
    public string NodeId { get; set; } = ClaimDefaults.NodeId;

    /// <summary>Gets or sets how long a claimed batch of messages stays reserved for this node's dispatcher, by the store's clock.</summary>
    /// <value>The default value is 1 minute. Must be 1 second to 1 day, and longer than a batch takes to deliver: after
    /// it, another node may deliver the same messages again (at least once; sinks deduplicate by id).</value>
    public Duration LeaseDuration { get; set; } = Duration.FromMinutes(1);

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

        foreach (var error in ClaimDefaults.Validate(prefix, NodeId, LeaseDuration))
        {
            yield return error;
        }
    }

    internal OutboxOptions Checked(string paramName)
    {
        var errors = Validate(string.Empty).ToList();
        return errors.Count == 0 ? this : throw new ArgumentException(string.Join(" ", errors), paramName);
    }
}

/// <summary>The default lease owner and the checks of the claim settings.</summary>
internal static class ClaimDefaults
{
    /// <summary>The machine name and the process id: unique per running process.</summary>
    public static readonly string NodeId = $"{Environment.MachineName}/{Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture)}";

    public static IEnumerable<string> Validate(string prefix, string? nodeId, Duration leaseDuration)
    {
        if (string.IsNullOrWhiteSpace(nodeId) || nodeId.Length > ClaimArguments.MaxOwnerLength)
        {
            yield return $"{prefix}NodeId must be 1 to {ClaimArguments.MaxOwnerLength} characters, not blank.";
        }

        if (leaseDuration < Duration.FromSeconds(1) || leaseDuration > Duration.FromDays(1))
        {
            yield return $"{prefix}LeaseDuration must be 1 second to 1 day (it is {leaseDuration}).";
        }
    }
}
