using NodaTime;

namespace CustomerService.Core.Tickets;

/// <summary>Settings of the ticket lifecycle, bindable from configuration (section <c>Tickets</c>).</summary>
/// <threadsafety>This mutable options class is not thread-safe; configure it at start-up, then only read it.</threadsafety>
public sealed class TicketOptions
{
    /// <summary>Gets or sets how long after solving the customer may still reopen a ticket.</summary>
    /// <value>The default value is 7 days. Must be positive.</value>
    public Duration ReopenWindow { get; set; } = Duration.FromDays(7);

    /// <summary>Gets or sets how long after solving a ticket is closed automatically.</summary>
    /// <value>The default value is 7 days. Must be positive.</value>
    public Duration AutoCloseAfter { get; set; } = Duration.FromDays(7);

    internal IEnumerable<string> Validate(string prefix)
    {
        if (ReopenWindow <= Duration.Zero)
        {
            yield return $"{prefix}{nameof(ReopenWindow)} must be positive (it is {ReopenWindow}).";
        }

        if (AutoCloseAfter <= Duration.Zero)
        {
            yield return $"{prefix}{nameof(AutoCloseAfter)} must be positive (it is {AutoCloseAfter}).";
        }
    }
}
