using NodaTime;

namespace CustomerService.Core.Leads.Studio;

/// <summary>The studio's operations on one day: shoots, photo selections, album pickups, weddings and dress pickups (拍摄量、选片量、取件量、结婚量、取衣量).</summary>
/// <param name="Shootings">Photo shoots booked for the day.</param>
/// <param name="Selections">Photo selections booked for the day.</param>
/// <param name="Pickups">Album pickups booked for the day.</param>
/// <param name="Weddings">Customers whose wedding is on the day.</param>
/// <param name="DressPickups">Dress pickups booked for the day.</param>
/// <threadsafety>This type is an immutable value type and is thread-safe.</threadsafety>
public readonly record struct WorkloadCounts(int Shootings, int Selections, int Pickups, int Weddings, int DressPickups);

/// <summary>The studio's daily operations counts, from the appointment and wedding-date events, for today and tomorrow (了解每天 / 次日的拍摄量，选片量，取件量，结婚量，取衣量).</summary>
/// <remarks>
/// <para>Counted from the events the host passes in, nothing else: each <see cref="AppointmentBooked"/> counts on the
/// local date of its <see cref="AppointmentBooked.AppointmentAt"/> in <see cref="Zone"/>, each
/// <see cref="WeddingDateSet"/> on its wedding date (other calendar systems as their ISO date); other events are ignored,
/// so the whole lead event stream can be passed.</para>
/// <para>A rebooking replaces the booking: per customer and appointment kind only the latest booking counts (latest
/// <see cref="LeadEvent.At"/>; at equal instants the later one in the input), and per customer only the latest wedding
/// date. A cancelled appointment is one the host leaves out. Wedding dates kept on profiles count through
/// <c>new WeddingDateSet(profile.Id, now, profile.WeddingDate.Value)</c>.</para>
/// </remarks>
/// <threadsafety>This type is immutable and thread-safe.</threadsafety>
public sealed class StudioWorkload
{
    private readonly Dictionary<LocalDate, WorkloadCounts> _days;

    private StudioWorkload(DateTimeZone zone, Dictionary<LocalDate, WorkloadCounts> days)
    {
        Zone = zone;
        _days = days;
    }

    /// <summary>Gets the zone the appointments' dates are read in.</summary>
    /// <value>The studio's zone.</value>
    public DateTimeZone Zone { get; }

    /// <summary>Builds the counts from lead events.</summary>
    /// <param name="events">The events, in any order; only <see cref="AppointmentBooked"/> and <see cref="WeddingDateSet"/> count.</param>
    /// <param name="zone">The studio's zone.</param>
    /// <returns>The workload.</returns>
    /// <exception cref="ArgumentNullException">Thrown when an argument or an event is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when a booking's appointment kind is not defined, or its start's local date falls outside NodaTime's dates (only within a day of <see cref="Instant"/>'s ends); the message gives the event's position.</exception>
    public static StudioWorkload Build(IEnumerable<LeadEvent> events, DateTimeZone zone)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(zone);
        var latest = new Dictionary<(string Customer, AppointmentKind? Kind), (Instant At, LocalDate Date)>();
        var position = 0;
        foreach (var e in events)
        {
            switch (e)
            {
                case null:
                    throw new ArgumentNullException(nameof(events), $"Lead event #{position} is null.");
                case AppointmentBooked booking:
                    if (!Enum.IsDefined(booking.Kind))
                    {
                        throw new ArgumentOutOfRangeException(nameof(events), $"Lead event #{position} has appointment kind {(int)booking.Kind}, which is not defined.");
                    }

                    var day = DateOf(booking.AppointmentAt, zone)
                        ?? throw new ArgumentOutOfRangeException(nameof(events), $"Lead event #{position}'s appointment falls, in zone {zone.Id}, outside the dates NodaTime holds.");
                    Keep(latest, (booking.CustomerId, booking.Kind), booking.At, day);
                    break;
                case WeddingDateSet wedding:
                    var date = wedding.WeddingDate.Calendar == CalendarSystem.Iso ? wedding.WeddingDate : wedding.WeddingDate.WithCalendar(CalendarSystem.Iso);
                    Keep(latest, (wedding.CustomerId, null), wedding.At, date);
                    break;
            }

            position++;
        }

        var days = new Dictionary<LocalDate, WorkloadCounts>();
        foreach (var ((_, kind), (_, date)) in latest)
        {
            var c = days.GetValueOrDefault(date);
            days[date] = kind switch
            {
                AppointmentKind.Shooting => c with { Shootings = c.Shootings + 1 },
                AppointmentKind.Selection => c with { Selections = c.Selections + 1 },
                AppointmentKind.Pickup => c with { Pickups = c.Pickups + 1 },
                AppointmentKind.DressPickup => c with { DressPickups = c.DressPickups + 1 },
                _ => c with { Weddings = c.Weddings + 1 },
            };
        }

        return new StudioWorkload(zone, days);
    }

    /// <summary>Gets the counts of one day.</summary>
    /// <param name="date">The local date (a date of another calendar system is read as its ISO date).</param>
    /// <returns>The counts; zero for a day with nothing booked.</returns>
    public WorkloadCounts On(LocalDate date) =>
        _days.GetValueOrDefault(date.Calendar == CalendarSystem.Iso ? date : date.WithCalendar(CalendarSystem.Iso));

    /// <summary>Gets the counts of the day after <paramref name="today"/>: what the reminders of today go out for (次日).</summary>
    /// <param name="today">Today, in the studio's zone.</param>
    /// <returns>Tomorrow's counts.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when <paramref name="today"/> is NodaTime's last date.</exception>
    public WorkloadCounts Tomorrow(LocalDate today) =>
        today < LocalDate.MaxIsoValue ? On(today.PlusDays(1)) : throw new ArgumentOutOfRangeException(nameof(today), "The last date NodaTime holds has no next day.");

    private static void Keep(Dictionary<(string, AppointmentKind?), (Instant, LocalDate)> latest, (string, AppointmentKind?) key, Instant at, LocalDate date)
    {
        if (!latest.TryGetValue(key, out var kept) || at >= kept.Item1)
        {
            latest[key] = (at, date);
        }
    }

    private static LocalDate? DateOf(Instant at, DateTimeZone zone)
    {
        try
        {
            return at.InZone(zone).Date;
        }
        catch (Exception e) when (e is ArgumentOutOfRangeException or OverflowException)
        {
            // Within a day of Instant's ends a zone's offset can push the local date past NodaTime's dates.
            return null;
        }
    }
}
