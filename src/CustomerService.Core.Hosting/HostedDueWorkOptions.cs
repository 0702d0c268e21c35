using CustomerService.Core.DependencyInjection;
using Microsoft.Extensions.Options;
using NodaTime;

namespace CustomerService.Core.Hosting;

/// <summary>How the hosted due work runs (section <c>CustomerServiceCore:HostedDueWork</c>).</summary>
/// <remarks>
/// The runner sleeps until the earliest due instant it knows (from the services' saves in this process and its polls),
/// but never less than <see cref="MinimumDelay"/> after its last run and never longer than <see cref="SafetyPollInterval"/>,
/// which is how work written by other processes is found.
/// </remarks>
/// <example><code language="json">
/// { "CustomerServiceCore": { "HostedDueWork": { "BatchSize": 100, "MinimumDelay": "1s", "SafetyPollInterval": "30s", "ErrorRetryDelay": "5s" } } }
/// </code></example>
/// <threadsafety>This mutable options class is not thread-safe; configure it at start-up, then only read it.</threadsafety>
public sealed class HostedDueWorkOptions
{
    /// <summary>The key of these settings under <c>CustomerServiceCore</c>: <c>HostedDueWork</c>.</summary>
    public const string SectionKey = "HostedDueWork";

    /// <summary>Gets or sets the most entities (or outbox messages) one batch takes; a full batch is followed by another at once.</summary>
    /// <value>The default value is 100. Must be 1 to 10,000.</value>
    public int BatchSize { get; set; } = 100;

    /// <summary>Gets or sets the shortest wait between two runs, so that bursts of saves are handled together.</summary>
    /// <value>The default value is 1 second. Must be 0 to 1 minute.</value>
    public Duration MinimumDelay { get; set; } = Duration.FromSeconds(1);

    /// <summary>Gets or sets the longest wait between two runs: the safety poll that finds work written by other processes.</summary>
    /// <value>The default value is 30 seconds. Must be 1 second to 1 hour, and at least <see cref="MinimumDelay"/>.</value>
    public Duration SafetyPollInterval { get; set; } = Duration.FromSeconds(30);

    /// <summary>Gets or sets the wait before a run that failed as a whole (a store that is down) is tried again; it doubles up to <see cref="SafetyPollInterval"/>.</summary>
    /// <value>The default value is 5 seconds. Must be 10 milliseconds to 1 hour.</value>
    public Duration ErrorRetryDelay { get; set; } = Duration.FromSeconds(5);

    internal IEnumerable<string> Validate(string prefix)
    {
        if (BatchSize is < 1 or > 10_000)
        {
            yield return $"{prefix}{nameof(BatchSize)}: must be 1 to 10000 (it is {BatchSize}).";
        }

        if (MinimumDelay < Duration.Zero || MinimumDelay > Duration.FromMinutes(1))
        {
            yield return $"{prefix}{nameof(MinimumDelay)}: must be 0 to 1 minute (it is {MinimumDelay}).";
        }

        if (SafetyPollInterval < Duration.FromSeconds(1) || SafetyPollInterval > Duration.FromHours(1) || SafetyPollInterval < MinimumDelay)
        {
            yield return $"{prefix}{nameof(SafetyPollInterval)}: must be 1 second to 1 hour and at least MinimumDelay (it is {SafetyPollInterval}).";
        }

        if (ErrorRetryDelay < Duration.FromMilliseconds(10) || ErrorRetryDelay > Duration.FromHours(1))
        {
            yield return $"{prefix}{nameof(ErrorRetryDelay)}: must be 10 milliseconds to 1 hour (it is {ErrorRetryDelay}).";
        }
    }
}

/// <summary>Checks <see cref="HostedDueWorkOptions"/>, naming each key under <c>CustomerServiceCore:HostedDueWork</c>.</summary>
internal sealed class HostedDueWorkOptionsValidator : IValidateOptions<HostedDueWorkOptions>
{
    public ValidateOptionsResult Validate(string? name, HostedDueWorkOptions options)
    {
        var errors = options.Validate($"{CustomerServiceCoreOptions.SectionName}:{HostedDueWorkOptions.SectionKey}:").ToList();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
