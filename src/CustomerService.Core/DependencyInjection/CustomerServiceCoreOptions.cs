using CustomerService.Core.Callbacks;
using CustomerService.Core.Tickets;
using Microsoft.Extensions.Options;

namespace CustomerService.Core.DependencyInjection;

/// <summary>
/// The root of the package's settings, bindable from a configuration section (by convention
/// <see cref="SectionName"/>); each area has its own sub-section.
/// </summary>
/// <example>
/// <code language="json">
/// "CustomerServiceCore": {
///   "Tickets": { "ReopenWindow": "7:00:00:00", "AutoCloseAfter": "4:00:00:00" },
///   "Callbacks": { "MaxAttempts": 3, "RetryIntervals": [ "0:00:30:00", "0:02:00:00" ], "ContactWindowOpens": "08:00", "ContactWindowCloses": "21:00" }
/// }
/// </code>
/// </example>
/// <threadsafety>This mutable options class is not thread-safe; configure it at start-up, then only read it.</threadsafety>
public sealed class CustomerServiceCoreOptions
{
    /// <summary>The conventional configuration section name: <c>CustomerServiceCore</c>.</summary>
    public const string SectionName = "CustomerServiceCore";

    /// <summary>Gets the ticket lifecycle's settings (section <c>Tickets</c>).</summary>
    /// <value>The default value has a 7-day reopen window and closes solved tickets automatically after 7 days.</value>
    public TicketOptions Tickets { get; } = new();

    /// <summary>Gets the callback retry policy's settings (section <c>Callbacks</c>).</summary>
    /// <value>The default value allows 3 attempts between 08:00 and 21:00 in the contact's zone.</value>
    public CallbackOptions Callbacks { get; } = new();
}

/// <summary>Validates every area's settings at once, naming each bad key.</summary>
internal sealed class CustomerServiceCoreOptionsValidator : IValidateOptions<CustomerServiceCoreOptions>
{
    public ValidateOptionsResult Validate(string? name, CustomerServiceCoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = new ValidateOptionsResultBuilder();
        Add(builder, options.Tickets.Validate(nameof(CustomerServiceCoreOptions.Tickets) + ":"));
        Add(builder, options.Callbacks.Validate(nameof(CustomerServiceCoreOptions.Callbacks) + ":"));
        return builder.Build();
    }

    // Each area's options yield their errors with the key relative to the area; this adds the root section's name.
    private static void Add(ValidateOptionsResultBuilder builder, IEnumerable<string> errors)
    {
        foreach (var error in errors)
        {
            builder.AddError(CustomerServiceCoreOptions.SectionName + ":" + error);
        }
    }
}
