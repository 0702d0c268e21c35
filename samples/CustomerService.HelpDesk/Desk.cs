using CustomerService.Core.Calendars;
using CustomerService.Core.Sla;
using NodaTime;
using NodaTime.Text;

namespace CustomerService.HelpDesk;

/// <summary>The desk's time: its clock, business calendar and zone, and its SLA policies, shared by the API and the dashboard.</summary>
public sealed class Desk(IClock clock, SlaCatalog sla, BusinessCalendar calendar)
{
    private static readonly LocalDateTimePattern LocalPattern = LocalDateTimePattern.CreateWithInvariantCulture("ddd MM-dd HH:mm");

    public IClock Clock { get; } = clock;

    public BusinessCalendar Calendar { get; } = calendar;

    public DateTimeZone Zone => Calendar.Zone;

    public Instant Now => Clock.GetCurrentInstant();

    /// <summary>The desk's local date now.</summary>
    public LocalDate Today => Now.InZone(Zone).Date;

    /// <summary>The start of <see cref="Today"/> in the desk's zone.</summary>
    public Instant StartOfToday => Zone.AtStartOfDay(Today).ToInstant();

    /// <summary>Formats an instant in the desk's zone, e.g. <c>Thu 10-08 10:00</c>.</summary>
    public string Local(Instant instant) => LocalPattern.Format(instant.InZone(Zone).LocalDateTime);

    /// <summary>The status of each SLA clock a ticket or complaint carries, evaluated now.</summary>
    public IReadOnlyList<SlaStatus> Evaluate(SlaClockSet? clocks, Instant now)
    {
        // Judged as recorded: a clock met before a re-selection stays met under the target it was met under. Empty when the
        // stored policy or calendar is gone from the catalog.
        return clocks is null ? [] : [.. clocks.CreateClocks(sla).Select(c => c.Evaluate(now))];
    }
}
