using CustomerService.Core.Calendars;

namespace CustomerService.Core.Sla;

/// <content>Per-metric calendars (issue 23): a metric may count on its own calendar, for example a 24×7 first response beside a resolution in business hours.</content>
public sealed partial class SlaPolicy
{
    private readonly SlaMetricCalendar?[]? _metricCalendars;

    /// <summary>Gets the calendar a metric's business-time targets count on: the metric's own calendar when the policy gives it one, otherwise <see cref="Calendar"/>.</summary>
    /// <param name="metric">The metric.</param>
    /// <returns>The metric's calendar. A metric's own calendar wins over the policy's calendar, also over a calendar chosen for the case by <see cref="SlaCatalog.CalendarResolution"/>.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when <paramref name="metric"/> is not a defined metric or is <see cref="SlaMetric.Unspecified"/>.</exception>
    public BusinessCalendar GetCalendar(SlaMetric metric)
    {
        if (!SlaEnums.IsSpecified(metric))
        {
            throw new ArgumentOutOfRangeException(nameof(metric), metric, SlaEnums.Unspecified(metric));
        }

        return MetricCalendarOf(metric)?.Calendar ?? Calendar;
    }

    /// <summary>Gets the version of the calendar a metric counts on (see <see cref="GetCalendar"/>); every clock of the metric records it as <see cref="SlaClock.CalendarVersion"/>.</summary>
    /// <param name="metric">The metric.</param>
    /// <returns>The version tag given with the metric's own calendar, or its fingerprint; <see cref="CalendarVersion"/> for a metric without its own calendar.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when <paramref name="metric"/> is not a defined metric or is <see cref="SlaMetric.Unspecified"/>.</exception>
    public string GetCalendarVersion(SlaMetric metric)
    {
        if (!SlaEnums.IsSpecified(metric))
        {
            throw new ArgumentOutOfRangeException(nameof(metric), metric, SlaEnums.Unspecified(metric));
        }

        return MetricCalendarOf(metric)?.Version.Value ?? CalendarVersion;
    }

    private SlaMetricCalendar? MetricCalendarOf(SlaMetric metric) =>
        _metricCalendars is { } calendars && (uint)metric < (uint)calendars.Length ? calendars[(int)metric] : null;
}

/// <summary>A metric's own calendar, its version and the timeline that counts on it; shared by every copy of the policy.</summary>
internal sealed class SlaMetricCalendar(BusinessCalendar calendar, SlaCalendarVersionSource version)
{
    public BusinessCalendar Calendar { get; } = calendar;

    public SlaCalendarVersionSource Version { get; } = version;

    public SlaTimeline Timeline { get; } = new CalendarTimeline(calendar);
}
