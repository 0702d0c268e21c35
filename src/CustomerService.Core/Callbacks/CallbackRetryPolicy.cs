using System.Collections.Immutable;
using CustomerService.Core.Calendars;
using NodaTime;

namespace CustomerService.Core.Callbacks;

/// <summary>
/// Maps a candidate instant to the earliest instant at or after it at which a contact in the given time zone may be
/// called (the contact window, for example 08:00–21:00 local time).
/// </summary>
/// <param name="candidate">The earliest instant the caller would like.</param>
/// <param name="contactTimeZone">The contact's time zone.</param>
/// <returns>An instant at or after <paramref name="candidate"/> inside the contact window.</returns>
/// <threadsafety>The function must be pure and safe to call concurrently: a retry policy calls it from any thread.</threadsafety>
public delegate Instant CallbackContactWindow(Instant candidate, DateTimeZone contactTimeZone);

/// <summary>
/// How failed call attempts (no answer, busy, voicemail) are retried: at most <see cref="MaxAttempts"/> attempts, the
/// n-th retry after <see cref="RetryIntervals"/>[n - 1] (the last interval repeats), moved into the contact window.
/// </summary>
/// <threadsafety>This type is immutable and thread-safe, provided the contact window function is pure.</threadsafety>
public sealed class CallbackRetryPolicy
{
    /// <summary>Initializes a new instance of the <see cref="CallbackRetryPolicy"/> class.</summary>
    /// <param name="maxAttempts">The most attempts a callback gets before it is exhausted: 1 to 100.</param>
    /// <param name="retryIntervals">The waits before the first, second, … retry; at least one, each positive.</param>
    /// <param name="contactWindow">The contact window; <see cref="Anytime"/> when calls may be made at any hour.</param>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="retryIntervals"/> or <paramref name="contactWindow"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when <paramref name="maxAttempts"/> is outside 1 to 100.</exception>
    /// <exception cref="ArgumentException">Thrown when <paramref name="retryIntervals"/> is empty or holds a non-positive duration.</exception>
    public CallbackRetryPolicy(int maxAttempts, IEnumerable<Duration> retryIntervals, CallbackContactWindow contactWindow)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxAttempts, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxAttempts, 100);
        ArgumentNullException.ThrowIfNull(retryIntervals);
        ArgumentNullException.ThrowIfNull(contactWindow);
        var intervals = retryIntervals.ToImmutableArray();
        if (intervals.IsEmpty || intervals.Any(i => i <= Duration.Zero))
        {
            throw new ArgumentException("At least one retry interval is required, and every interval must be positive.", nameof(retryIntervals));
        }

        MaxAttempts = maxAttempts;
        RetryIntervals = intervals;
        ContactWindow = contactWindow;
    }

    /// <summary>Gets a contact window that allows calls at any hour.</summary>
    /// <value>A window that returns its candidate unchanged.</value>
    public static CallbackContactWindow Anytime { get; } = (candidate, _) => candidate;

    /// <summary>Gets the most attempts a callback gets before it is exhausted.</summary>
    /// <value>1 to 100.</value>
    public int MaxAttempts { get; }

    /// <summary>Gets the waits before the first, second, … retry; the last one repeats.</summary>
    /// <value>At least one positive duration.</value>
    public IReadOnlyList<Duration> RetryIntervals { get; }

    /// <summary>Gets the contact window every planned attempt is moved into.</summary>
    /// <value>The window function.</value>
    public CallbackContactWindow ContactWindow { get; }

    /// <summary>Creates a contact window of the same local hours every day, for example 08:00–21:00.</summary>
    /// <param name="opens">The local time calls may start.</param>
    /// <param name="closes">The local time calls must stop; after <paramref name="opens"/> (no overnight windows).</param>
    /// <returns>The window function. Local times map to instants leniently (a skipped time moves forward, an ambiguous one takes the earlier instant).</returns>
    /// <exception cref="ArgumentException">Thrown when <paramref name="closes"/> is not after <paramref name="opens"/>.</exception>
    public static CallbackContactWindow DailyLocalHours(LocalTime opens, LocalTime closes)
    {
        if (closes <= opens)
        {
            throw new ArgumentException("The contact window must close after it opens on the same day.", nameof(closes));
        }

        return (candidate, zone) =>
        {
            ArgumentNullException.ThrowIfNull(zone);
            var local = candidate.InZone(zone).LocalDateTime;
            if (local.TimeOfDay >= opens && local.TimeOfDay < closes)
            {
                return candidate;
            }

            var date = local.TimeOfDay < opens ? local.Date : local.Date.PlusDays(1);
            var opening = date.At(opens).InZoneLeniently(zone).ToInstant();
            return opening < candidate ? candidate : opening;
        };
    }

    /// <summary>Creates a contact window from a business calendar: calls are made while the calendar is open.</summary>
    /// <param name="calendar">The calendar of callable hours (for example 08:00–21:00 every day, closed on holidays), in its own zone.</param>
    /// <returns>The window function: <see cref="BusinessCalendar.IsOpen"/> keeps the candidate, otherwise <see cref="BusinessCalendar.NextOpening"/>.
    /// The contact's zone is not used: the calendar's zone decides. Use <see cref="BusinessCalendarWindow(Func{DateTimeZone, BusinessCalendar})"/> for one calendar per zone.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="calendar"/> is <see langword="null"/>.</exception>
    public static CallbackContactWindow BusinessCalendarWindow(BusinessCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        return (candidate, _) => calendar.IsOpen(candidate) ? candidate : calendar.NextOpening(candidate);
    }

    /// <summary>Creates a contact window from the business calendar of each contact's time zone.</summary>
    /// <param name="calendarFor">Returns the calendar of callable hours for a contact's zone (typically from a small cache); must be pure.</param>
    /// <returns>The window function: the candidate when that calendar is open, otherwise its next opening.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="calendarFor"/> is <see langword="null"/>.</exception>
    public static CallbackContactWindow BusinessCalendarWindow(Func<DateTimeZone, BusinessCalendar> calendarFor)
    {
        ArgumentNullException.ThrowIfNull(calendarFor);
        return (candidate, zone) =>
        {
            var calendar = calendarFor(zone) ?? throw new InvalidOperationException("The calendar selector returned no calendar for the contact's zone.");
            return calendar.IsOpen(candidate) ? candidate : calendar.NextOpening(candidate);
        };
    }

    /// <summary>Plans the next attempt after a failed one.</summary>
    /// <param name="failedAt">The instant the attempt failed.</param>
    /// <param name="attemptsMade">How many attempts were made so far (1 or more).</param>
    /// <param name="contactTimeZone">The contact's time zone.</param>
    /// <returns>The instant the next attempt is due, inside the contact window.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when <paramref name="attemptsMade"/> is less than 1.</exception>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="contactTimeZone"/> is <see langword="null"/>.</exception>
    public Instant NextAttemptAt(Instant failedAt, int attemptsMade, DateTimeZone contactTimeZone)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attemptsMade, 1);
        ArgumentNullException.ThrowIfNull(contactTimeZone);
        var interval = RetryIntervals[Math.Min(attemptsMade, RetryIntervals.Count) - 1];
        return ContactWindow(failedAt + interval, contactTimeZone);
    }
}
