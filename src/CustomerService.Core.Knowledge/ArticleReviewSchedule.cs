using CustomerService.Core.Calendars;
using NodaTime;

namespace CustomerService.Core.Knowledge;

/// <summary>
/// When published articles must be reviewed again: a review interval in business days per question category (a
/// default for the others), counted on the business calendar of the article's owner (a default calendar for owners
/// without one of their own).
/// </summary>
/// <remarks>
/// The review date of an article approved or confirmed at <c>t</c> is
/// <c>CalendarFor(owner).AddBusinessDays(t, IntervalFor(category))</c>: the same local time of day on the business day
/// reached (see <see cref="BusinessCalendar.AddBusinessDays(Instant, int)"/>; a time skipped by a DST change moves forward,
/// a repeated one takes its earlier occurrence). So a price article reviewed every 20 business days and approved on a
/// Friday before a week of public holidays falls due 20 of its owner's working days later, not 28 calendar days.
/// </remarks>
/// <threadsafety>This type is immutable and thread-safe: one instance serves all threads.</threadsafety>
public sealed class ArticleReviewSchedule
{
    /// <summary>The longest review interval: 3,650 business days.</summary>
    public const int MaxIntervalDays = 3650;

    private readonly Dictionary<string, int> _intervals;
    private readonly Dictionary<string, BusinessCalendar> _calendars;

    /// <summary>Initializes a new instance of the <see cref="ArticleReviewSchedule"/> class.</summary>
    /// <param name="defaultCalendar">The calendar of owners without one of their own.</param>
    /// <param name="defaultIntervalDays">The review interval of categories without one of their own, in business days (1 to <see cref="MaxIntervalDays"/>).</param>
    /// <param name="categoryIntervals">Review intervals by category key (ordinal), in business days; <see langword="null"/> for none. Copied.</param>
    /// <param name="ownerCalendars">Calendars by owner id (ordinal); <see langword="null"/> for none. Copied.</param>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="defaultCalendar"/>, a key or a calendar is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when an interval is outside 1 to <see cref="MaxIntervalDays"/> (the message names the category).</exception>
    public ArticleReviewSchedule(
        BusinessCalendar defaultCalendar,
        int defaultIntervalDays,
        IReadOnlyDictionary<string, int>? categoryIntervals = null,
        IReadOnlyDictionary<string, BusinessCalendar>? ownerCalendars = null)
    {
        ArgumentNullException.ThrowIfNull(defaultCalendar);
        DefaultCalendar = defaultCalendar;
        DefaultIntervalDays = CheckInterval(defaultIntervalDays, nameof(defaultIntervalDays), "the default");
        _intervals = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (category, days) in categoryIntervals ?? new Dictionary<string, int>())
        {
            ArgumentNullException.ThrowIfNull(category, nameof(categoryIntervals));
            _intervals.Add(category, CheckInterval(days, nameof(categoryIntervals), $"category '{category}'"));
        }

        _calendars = new Dictionary<string, BusinessCalendar>(StringComparer.Ordinal);
        foreach (var (owner, calendar) in ownerCalendars ?? new Dictionary<string, BusinessCalendar>())
        {
            ArgumentNullException.ThrowIfNull(owner, nameof(ownerCalendars));
            _calendars.Add(owner, calendar ?? throw new ArgumentNullException(nameof(ownerCalendars), $"The calendar of owner '{owner}' is null."));
        }
    }

    /// <summary>Gets the calendar of owners without one of their own.</summary>
    /// <value>The default calendar.</value>
    public BusinessCalendar DefaultCalendar { get; }

    /// <summary>Gets the review interval of categories without one of their own.</summary>
    /// <value>Business days, 1 to <see cref="MaxIntervalDays"/>.</value>
    public int DefaultIntervalDays { get; }

    /// <summary>Returns the review interval of a category.</summary>
    /// <param name="category">The category key.</param>
    /// <returns>The category's interval in business days, or <see cref="DefaultIntervalDays"/>.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="category"/> is <see langword="null"/>.</exception>
    public int IntervalFor(string category)
    {
        ArgumentNullException.ThrowIfNull(category);
        return _intervals.TryGetValue(category, out var days) ? days : DefaultIntervalDays;
    }

    /// <summary>Returns the calendar an owner's review dates are counted on.</summary>
    /// <param name="ownerId">The owner's agent id.</param>
    /// <returns>The owner's calendar, or <see cref="DefaultCalendar"/>.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="ownerId"/> is <see langword="null"/>.</exception>
    public BusinessCalendar CalendarFor(string ownerId)
    {
        ArgumentNullException.ThrowIfNull(ownerId);
        return _calendars.TryGetValue(ownerId, out var calendar) ? calendar : DefaultCalendar;
    }

    /// <summary>Returns the review date of an article of <paramref name="category"/> owned by <paramref name="ownerId"/> and reviewed at <paramref name="reviewedAt"/>.</summary>
    /// <param name="category">The article's category.</param>
    /// <param name="ownerId">The article's owner.</param>
    /// <param name="reviewedAt">When it was approved or confirmed.</param>
    /// <returns><c>CalendarFor(ownerId).AddBusinessDays(reviewedAt, IntervalFor(category))</c>.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="category"/> or <paramref name="ownerId"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when the date falls outside the calendar's supported range.</exception>
    public Instant ReviewDueAt(string category, string ownerId, Instant reviewedAt) =>
        CalendarFor(ownerId).AddBusinessDays(reviewedAt, IntervalFor(category));

    private static int CheckInterval(int days, string paramName, string what) =>
        days is >= 1 and <= MaxIntervalDays
            ? days
            : throw new ArgumentOutOfRangeException(paramName, days, $"The review interval of {what} must be 1 to {MaxIntervalDays} business days.");
}
