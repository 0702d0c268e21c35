using NodaTime;

namespace CustomerService.Core.Callbacks;

/// <summary>Settings of the callback retry policy, bindable from configuration (section <c>Callbacks</c>).</summary>
/// <threadsafety>This mutable options class is not thread-safe; configure it at start-up, then only read it.</threadsafety>
public sealed class CallbackOptions
{
    /// <summary>Gets or sets the most attempts a callback gets before it is exhausted.</summary>
    /// <value>The default value is 3. Must be 1 to 100.</value>
    public int MaxAttempts { get; set; } = 3;

    /// <summary>Gets the waits before the first, second, … retry (the last one repeats).</summary>
    /// <value>
    /// The default value is an empty list, which means <see cref="DefaultRetryIntervals"/> (configuration binding
    /// appends to a list, so the defaults are not pre-filled). Each interval must be positive.
    /// </value>
    public IList<Duration> RetryIntervals { get; } = [];

    /// <summary>Gets the retry intervals used when <see cref="RetryIntervals"/> is empty.</summary>
    /// <value>30 minutes, then 2 hours, then 1 day.</value>
    public static IReadOnlyList<Duration> DefaultRetryIntervals { get; } = [Duration.FromMinutes(30), Duration.FromHours(2), Duration.FromDays(1)];

    /// <summary>Gets or sets the local time, in the contact's zone, from which calls may be made.</summary>
    /// <value>The default value is 08:00.</value>
    public LocalTime ContactWindowOpens { get; set; } = new(8, 0);

    /// <summary>Gets or sets the local time, in the contact's zone, at which calls must stop.</summary>
    /// <value>The default value is 21:00. Must be after <see cref="ContactWindowOpens"/>.</value>
    public LocalTime ContactWindowCloses { get; set; } = new(21, 0);

    /// <summary>Gets or sets a contact window function that replaces the daily local hours (for example one built on a business calendar).</summary>
    /// <value>The default value is <see langword="null"/>: the window is <see cref="ContactWindowOpens"/>–<see cref="ContactWindowCloses"/> every day.</value>
    public CallbackContactWindow? ContactWindow { get; set; }

    /// <summary>Builds the retry policy these settings describe.</summary>
    /// <returns>The policy.</returns>
    /// <exception cref="ArgumentException">Thrown when a setting is not valid (the message names it).</exception>
    public CallbackRetryPolicy ToRetryPolicy()
    {
        var errors = Validate(string.Empty).ToList();
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", errors));
        }

        return new CallbackRetryPolicy(MaxAttempts, RetryIntervals.Count == 0 ? DefaultRetryIntervals : RetryIntervals, ContactWindow ?? CallbackRetryPolicy.DailyLocalHours(ContactWindowOpens, ContactWindowCloses));
    }

    internal IEnumerable<string> Validate(string prefix)
    {
        if (MaxAttempts is < 1 or > 100)
        {
            yield return $"{prefix}{nameof(MaxAttempts)} must be 1 to 100 (it is {MaxAttempts}).";
        }

        for (var i = 0; i < RetryIntervals.Count; i++)
        {
            if (RetryIntervals[i] <= Duration.Zero)
            {
                yield return $"{prefix}{nameof(RetryIntervals)}:{i} must be positive (it is {RetryIntervals[i]}).";
            }
        }

        if (ContactWindow is null && ContactWindowCloses <= ContactWindowOpens)
        {
            yield return $"{prefix}{nameof(ContactWindowCloses)} must be after {nameof(ContactWindowOpens)} (no overnight contact windows).";
        }
    }
}
