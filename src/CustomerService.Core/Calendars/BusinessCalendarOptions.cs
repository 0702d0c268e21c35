using NodaTime;

namespace CustomerService.Core.Calendars;

/// <summary>
/// The configuration of one business calendar, bindable from JSON or any configuration source, that builds the same
/// calendar as <see cref="BusinessCalendarBuilder"/>.
/// </summary>
/// <remarks>
/// <para>Ranges are strings <c>"HH:mm-HH:mm"</c> (seconds allowed: <c>"HH:mm:ss-HH:mm:ss"</c>), start inclusive, end
/// exclusive. A range that runs past midnight says so with the next-day marker, <c>"22:00-06:00+1"</c> (or ends at
/// <c>"24:00"</c>; <c>"00:00-24:00"</c> is a whole day): an end not after the start without it is an error naming the
/// key, because <c>"13:00-08:00"</c> is more often a typo than a night shift. The code API
/// (<see cref="BusinessCalendarBuilder"/>) keeps its rule that an end not after the start runs past midnight. Dates are ISO <c>"yyyy-MM-dd"</c>. Validate with <see cref="BusinessCalendarOptionsValidator"/>; its messages
/// name the bad key (for example <c>Weekly:Monday:1</c>).</para>
/// <code language="json">
/// {
///   "Name": "Shanghai help desk",
///   "TimeZone": "Asia/Shanghai",
///   "Weekdays": [ "09:00-12:00", "13:00-18:00" ],
///   "Weekly": { "Saturday": [ "10:00-14:00" ] },
///   "Holidays": [ "2025-10-01", "2025-10-02" ],
///   "OpenDates": { "2025-10-11": [ "09:00-12:00", "13:00-18:00" ] },
///   "Breaks": { "Saturday": [ "12:00-12:30" ] },
///   "DatePrecedence": "OpeningWins"
/// }
/// </code>
/// </remarks>
/// <threadsafety>This type is a mutable options object: configure it on one thread, then treat it as read-only.</threadsafety>
public sealed class BusinessCalendarOptions
{
    /// <summary>Gets or sets the calendar's name, used in error messages.</summary>
    /// <value>The default value is the empty string, which validation rejects.</value>
    public string Name { get; set; } = string.Empty;

    /// <summary>Gets or sets the TZDB id of the zone in which local dates and times are read, for example <c>"Asia/Shanghai"</c>.</summary>
    /// <value>The default value is the empty string, which validation rejects: there is no implicit zone.</value>
    public string TimeZone { get; set; } = string.Empty;

    /// <summary>Gets the ranges open every Monday to Friday, as <c>"HH:mm-HH:mm"</c> strings.</summary>
    /// <value>The default value is an empty list.</value>
    public IList<string> Weekdays { get; } = [];

    /// <summary>Gets the ranges open on given days of the week, keyed by English day name (<c>"Monday"</c> … <c>"Sunday"</c>).</summary>
    /// <value>The default value is an empty dictionary; its keys compare without regard to case.</value>
    public IDictionary<string, IList<string>> Weekly { get; } = new Dictionary<string, IList<string>>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Gets the dates closed all day (holidays), as <c>"yyyy-MM-dd"</c> strings.</summary>
    /// <value>The default value is an empty list.</value>
    public IList<string> Holidays { get; } = [];

    /// <summary>Gets the dates open with their own ranges instead of the weekly ones (half days, make-up working days), keyed by <c>"yyyy-MM-dd"</c>.</summary>
    /// <value>The default value is an empty dictionary.</value>
    public IDictionary<string, IList<string>> OpenDates { get; } = new Dictionary<string, IList<string>>(StringComparer.Ordinal);

    /// <summary>
    /// Gets the breaks cut out of open ranges, as <c>"HH:mm-HH:mm"</c> strings keyed by <c>"Weekdays"</c> (Monday to
    /// Friday), a day of the week (<c>"Saturday"</c>) or a date (<c>"2025-10-11"</c>).
    /// </summary>
    /// <remarks>A break cuts a range wherever the range passes its time of day; weekly breaks do not apply to dates in
    /// <see cref="Holidays"/> or <see cref="OpenDates"/>, dated breaks apply to their date whatever its ranges. A break must be
    /// shorter than a day.</remarks>
    /// <value>The default value is an empty dictionary; its keys compare without regard to case.</value>
    public IDictionary<string, IList<string>> Breaks { get; } = new Dictionary<string, IList<string>>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Gets or sets which override wins on a date listed both in <see cref="Holidays"/> and in <see cref="OpenDates"/>.</summary>
    /// <value>The default value is <see cref="DatePrecedence.OpeningWins"/>.</value>
    public DatePrecedence DatePrecedence { get; set; } = DatePrecedence.OpeningWins;

    /// <summary>Builds the calendar these options describe, reading the zone from TZDB.</summary>
    /// <returns>The immutable calendar.</returns>
    /// <exception cref="CalendarConfigurationException">Thrown when the options are not valid; the message lists every error with its key.</exception>
    public BusinessCalendar BuildCalendar() => BuildCalendar(DateTimeZoneProviders.Tzdb);

    /// <summary>Builds the calendar these options describe, reading the zone from the given provider.</summary>
    /// <param name="zoneProvider">The provider that resolves <see cref="TimeZone"/>, for example <see cref="DateTimeZoneProviders.Tzdb"/>.</param>
    /// <returns>The immutable calendar.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="zoneProvider"/> is <see langword="null"/>.</exception>
    /// <exception cref="CalendarConfigurationException">Thrown when the options are not valid; the message lists every error with its key.</exception>
    public BusinessCalendar BuildCalendar(IDateTimeZoneProvider zoneProvider)
    {
        ArgumentNullException.ThrowIfNull(zoneProvider);
        var parsed = BusinessCalendarOptionsValidator.Parse(this, zoneProvider);
        if (parsed.Errors.Count != 0)
        {
            var name = string.IsNullOrWhiteSpace(Name) ? "(unnamed)" : Name;
            throw new CalendarConfigurationException(name, $"The business calendar options '{name}' are not valid: {string.Join(" ", parsed.Errors)}");
        }

        var builder = BusinessCalendar.CreateBuilder(Name, parsed.Zone!);
        foreach (var (day, ranges) in parsed.Weekly)
        {
            foreach (var (range, _) in ranges)
            {
                builder.Open(day, range.Start, range.End);
            }
        }

        foreach (var date in parsed.Holidays)
        {
            builder.Closed(date);
        }

        foreach (var (date, ranges) in parsed.OpenDates)
        {
            foreach (var range in ranges)
            {
                builder.OpenOn(date, range.Start, range.End);
            }
        }

        foreach (var (day, range) in parsed.WeeklyBreaks)
        {
            builder.Break(day, range.Start, range.End);
        }

        foreach (var (date, range) in parsed.DatedBreaks)
        {
            builder.BreakOn(date, range.Start, range.End);
        }

        return builder.WithDatePrecedence(DatePrecedence).Build();
    }
}
