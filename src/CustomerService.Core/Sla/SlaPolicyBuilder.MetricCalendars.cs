using System.Globalization;
using CustomerService.Core.Calendars;

namespace CustomerService.Core.Sla;

/// <content>Per-metric calendars (issue 23).</content>
public sealed partial class SlaPolicyBuilder
{
    private SlaMetricCalendar?[]? _metricCalendars;

    /// <summary>Gives a metric its own calendar: its business-time targets count on it instead of the policy's calendar (for example a first response counted 24×7 beside a resolution in business hours, as Jira Service Management does per goal).</summary>
    /// <remarks>
    /// The metric's own calendar wins over the policy's calendar, also when the case's calendar is chosen by
    /// <see cref="SlaCatalog.CalendarResolution"/> or the policy is copied with <see cref="SlaPolicy.WithCalendar"/>. Its clocks record
    /// its version (<see cref="SlaClock.CalendarVersion"/>), and with <see cref="DeliverWarningsAtNextOpening"/> their warnings are
    /// delivered at its next opening. A calendar-time target of the metric still counts plain time.
    /// </remarks>
    /// <param name="metric">The metric.</param>
    /// <param name="calendar">The calendar the metric counts on.</param>
    /// <param name="calendarVersion">A version tag for <paramref name="calendar"/>, or <see langword="null"/> to use its fingerprint.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="calendar"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when <paramref name="metric"/> is not a defined metric or is <see cref="SlaMetric.Unspecified"/>.</exception>
    /// <exception cref="ArgumentException">Thrown when the metric already has its own calendar, or <paramref name="calendarVersion"/> is empty or white space.</exception>
    /// <exception cref="InvalidOperationException">Thrown when the builder has already built its policy.</exception>
    public SlaPolicyBuilder MetricCalendar(SlaMetric metric, BusinessCalendar calendar, string? calendarVersion = null)
    {
        ThrowIfBuilt();
        if (!SlaEnums.IsSpecified(metric))
        {
            throw new ArgumentOutOfRangeException(nameof(metric), metric, SlaEnums.Unspecified(metric));
        }

        ArgumentNullException.ThrowIfNull(calendar);
        var version = SlaPolicy.VersionSource(calendar, calendarVersion);
        _metricCalendars ??= new SlaMetricCalendar?[Enum.GetValues<SlaMetric>().Length];
        if (_metricCalendars[(int)metric] is not null)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"SLA policy '{_name}' already gives {metric} its own calendar."), nameof(metric));
        }

        _metricCalendars[(int)metric] = new SlaMetricCalendar(calendar, version);
        return this;
    }

    private SlaMetricCalendar?[]? BuildMetricCalendars() => (SlaMetricCalendar?[]?)_metricCalendars?.Clone();
}
