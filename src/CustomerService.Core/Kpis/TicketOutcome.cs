using System.Globalization;
using NodaTime;

namespace CustomerService.Core.Kpis;

/// <summary>A ticket's life as the resolution and reopen KPIs need it: when it was created, when (if) it was last resolved, and how often it was reopened.</summary>
/// <remarks>The default value is a ticket created at the Unix epoch, unresolved and never reopened.</remarks>
/// <threadsafety>This type is an immutable value type: any number of threads may share and read an instance without locking.</threadsafety>
public readonly record struct TicketOutcome
{
    /// <summary>Initializes a new instance of the <see cref="TicketOutcome"/> struct.</summary>
    /// <param name="created">When the ticket was created.</param>
    /// <param name="resolved">When the ticket was (last) resolved, or <see langword="null"/> when it is still open.</param>
    /// <param name="reopenCount">How many times the ticket was reopened after a resolution; not negative.</param>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when <paramref name="resolved"/> is before <paramref name="created"/> or <paramref name="reopenCount"/> is negative.</exception>
    public TicketOutcome(Instant created, Instant? resolved, int reopenCount)
    {
        if (resolved is { } r && r < created)
        {
            throw new ArgumentOutOfRangeException(nameof(resolved), r, string.Create(CultureInfo.InvariantCulture, $"The resolution instant {r} is before the creation instant {created}; the allowed range is at or after creation."));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(reopenCount);
        Created = created;
        Resolved = resolved;
        ReopenCount = reopenCount;
    }

    /// <summary>Gets when the ticket was created.</summary>
    /// <value>The creation instant.</value>
    public Instant Created { get; }

    /// <summary>Gets when the ticket was (last) resolved.</summary>
    /// <value>The resolution instant, or <see langword="null"/> while open.</value>
    public Instant? Resolved { get; }

    /// <summary>Gets how many times the ticket was reopened.</summary>
    /// <value>A non-negative count.</value>
    public int ReopenCount { get; }
}
