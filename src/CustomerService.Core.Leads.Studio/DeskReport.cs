using NodaTime;
using NodaTime.Calendars;

namespace CustomerService.Core.Leads.Studio;

/// <summary>What happened at the desk, as recorded for the daily statistics.</summary>
/// <threadsafety>Enum values are immutable and thread-safe.</threadsafety>
public enum DeskEventKind
{
    /// <summary>A customer came into the store (入客).</summary>
    Visit = 1,

    /// <summary>A customer signed an order (成交).</summary>
    Deal = 2,

    /// <summary>A customer left without an order (C单).</summary>
    NoDeal = 3,

    /// <summary>The desk called a customer back (电访).</summary>
    Callback = 4,

    /// <summary>An existing customer referred a new one (老点 / 转介绍).</summary>
    Referral = 5,

    /// <summary>A customer complained (客怨).</summary>
    Complaint = 6,
}

/// <summary>One desk event: when, what, and which customer (an opaque id, never personal data).</summary>
/// <param name="At">When it happened.</param>
/// <param name="Kind">What happened.</param>
/// <param name="CustomerId">The customer's opaque id.</param>
/// <threadsafety>This type is an immutable value type and is thread-safe.</threadsafety>
public readonly record struct DeskEvent(Instant At, DeskEventKind Kind, string CustomerId);

/// <summary>The desk's counts for a day or a week.</summary>
/// <param name="Visitors">Distinct customers who visited, per day (a week adds its days).</param>
/// <param name="Deals">Orders signed.</param>
/// <param name="NoDeals">Visits that ended without an order (C单).</param>
/// <param name="NoDealReturns">Orders signed by a customer whose earlier visit ended without one (C单回头成交).</param>
/// <param name="Callbacks">Callbacks made.</param>
/// <param name="CallbackConversions">Orders signed by a customer called back since their last order (电访成交).</param>
/// <param name="Referrals">Referrals by existing customers (老点).</param>
/// <param name="Complaints">Complaints received (客怨).</param>
/// <threadsafety>This type is an immutable value type and is thread-safe.</threadsafety>
public readonly record struct DeskTotals(int Visitors, int Deals, int NoDeals, int NoDealReturns, int Callbacks, int CallbackConversions, int Referrals, int Complaints)
{
    /// <summary>Gets the share of visitors who signed an order.</summary>
    /// <value>Deals divided by visitors, or <see langword="null"/> with no visitors.</value>
    public double? DealRate => Visitors == 0 ? null : (double)Deals / Visitors;

    /// <summary>Adds two totals.</summary>
    /// <param name="left">The first totals.</param>
    /// <param name="right">The second totals.</param>
    /// <returns>The sums.</returns>
    /// <exception cref="OverflowException">Thrown when a sum exceeds <see cref="int.MaxValue"/> (or falls below <see cref="int.MinValue"/>).</exception>
    public static DeskTotals operator +(DeskTotals left, DeskTotals right) => checked(new(
        left.Visitors + right.Visitors, left.Deals + right.Deals, left.NoDeals + right.NoDeals, left.NoDealReturns + right.NoDealReturns,
        left.Callbacks + right.Callbacks, left.CallbackConversions + right.CallbackConversions, left.Referrals + right.Referrals, left.Complaints + right.Complaints));

    /// <summary>Adds two totals.</summary>
    /// <param name="left">The first totals.</param>
    /// <param name="right">The second totals.</param>
    /// <returns>The sums.</returns>
    /// <exception cref="OverflowException">Thrown when a sum exceeds <see cref="int.MaxValue"/> (or falls below <see cref="int.MinValue"/>).</exception>
    public static DeskTotals Add(DeskTotals left, DeskTotals right) => left + right;
}

/// <summary>The desk's counts for one local day.</summary>
/// <param name="Date">The day, in the studio's zone.</param>
/// <param name="Totals">The counts.</param>
/// <threadsafety>This type is immutable and thread-safe.</threadsafety>
public sealed record DeskDay(LocalDate Date, DeskTotals Totals);

/// <summary>The desk's counts for one ISO week (Monday to Sunday), for the weekly summary to the manager.</summary>
/// <param name="WeekYear">The ISO week-year.</param>
/// <param name="Week">The ISO week number, 1 to 53.</param>
/// <param name="Monday">The week's Monday.</param>
/// <param name="Totals">The counts, the sum of the week's days.</param>
/// <threadsafety>This type is immutable and thread-safe.</threadsafety>
public sealed record DeskWeek(int WeekYear, int Week, LocalDate Monday, DeskTotals Totals);

/// <summary>The desk's daily and weekly statistics (统计与建档), computed in one pass from an event stream.</summary>
/// <remarks>
/// Events are taken in time order (the input is sorted by <see cref="DeskEvent.At"/>, stably). Each event counts on the
/// local date of its instant in the report's zone; weeks are ISO weeks of those dates. Derived counts follow each
/// customer through the stream: an order after a no-deal visit is a no-deal return, an order after a callback (since the
/// customer's previous order) is a callback conversion. Only days with at least one event are listed.
/// </remarks>
/// <threadsafety>This type is immutable and thread-safe.</threadsafety>
public sealed class DeskReport
{
    // The first Monday NodaTime holds: an ISO week starting before it has no Monday to report.
    private static readonly LocalDate FirstMonday = LocalDate.MinIsoValue.With(DateAdjusters.NextOrSame(IsoDayOfWeek.Monday));

    private DeskReport(DateTimeZone zone, IReadOnlyList<DeskDay> days, IReadOnlyList<DeskWeek> weeks)
    {
        Zone = zone;
        Days = days;
        Weeks = weeks;
    }

    /// <summary>Gets the zone the days are counted in.</summary>
    /// <value>The zone.</value>
    public DateTimeZone Zone { get; }

    /// <summary>Gets the days with events, in date order.</summary>
    /// <value>The days.</value>
    public IReadOnlyList<DeskDay> Days { get; }

    /// <summary>Gets the ISO weeks with events, in order.</summary>
    /// <value>The weeks.</value>
    public IReadOnlyList<DeskWeek> Weeks { get; }

    /// <summary>Gets the totals over the whole stream.</summary>
    /// <value>The sum of every day.</value>
    public DeskTotals Total => Days.Aggregate(default(DeskTotals), (sum, d) => sum + d.Totals);

    /// <summary>Builds the report from an event stream.</summary>
    /// <param name="events">The events, in any order.</param>
    /// <param name="zone">The studio's zone.</param>
    /// <returns>The report.</returns>
    /// <exception cref="ArgumentNullException">Thrown when an argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">Thrown when an event has an undefined kind or an empty customer id; the message gives its position in <paramref name="events"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when an event's local date in <paramref name="zone"/>, or the Monday of its ISO week, falls outside NodaTime's dates (-9998-01-01 to 9999-12-31) — only possible within a week of <see cref="Instant.MinValue"/> or a day of <see cref="Instant.MaxValue"/>; the message gives its position.</exception>
    public static DeskReport Build(IEnumerable<DeskEvent> events, DateTimeZone zone)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(zone);

        // Check every event, in the caller's order, before counting any: a rejected stream names the event's position.
        var dated = new List<(DeskEvent Event, LocalDate Date)>();
        foreach (var e in events)
        {
            var position = dated.Count;
            if (!Enum.IsDefined(e.Kind) || string.IsNullOrWhiteSpace(e.CustomerId))
            {
                throw new ArgumentException($"Desk event #{position} needs a defined kind and a customer id.", nameof(events));
            }

            var date = LocalDateOf(e.At, zone)
                ?? throw new ArgumentOutOfRangeException(nameof(events), $"Desk event #{position} falls, in zone {zone.Id}, on a day or in an ISO week outside the dates NodaTime holds (-9998-01-01 to 9999-12-31).");
            dated.Add((e, date));
        }

        var ordered = dated.OrderBy(d => d.Event.At).ToList();
        var counters = new SortedDictionary<LocalDate, int[]>();
        var visitorsByDay = new Dictionary<LocalDate, HashSet<string>>();
        var noDeal = new HashSet<string>(StringComparer.Ordinal);
        var calledBack = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (e, date) in ordered)
        {
            if (!counters.TryGetValue(date, out var c))
            {
                counters[date] = c = new int[8];
                visitorsByDay[date] = new HashSet<string>(StringComparer.Ordinal);
            }

            switch (e.Kind)
            {
                case DeskEventKind.Visit:
                    if (visitorsByDay[date].Add(e.CustomerId))
                    {
                        c[0]++;
                    }

                    break;
                case DeskEventKind.Deal:
                    c[1]++;
                    if (noDeal.Remove(e.CustomerId))
                    {
                        c[3]++;
                    }

                    if (calledBack.Remove(e.CustomerId))
                    {
                        c[5]++;
                    }

                    break;
                case DeskEventKind.NoDeal:
                    c[2]++;
                    noDeal.Add(e.CustomerId);
                    break;
                case DeskEventKind.Callback:
                    c[4]++;
                    calledBack.Add(e.CustomerId);
                    break;
                case DeskEventKind.Referral:
                    c[6]++;
                    break;
                default:
                    c[7]++;
                    break;
            }
        }

        var days = counters.Select(kv => new DeskDay(kv.Key, new DeskTotals(kv.Value[0], kv.Value[1], kv.Value[2], kv.Value[3], kv.Value[4], kv.Value[5], kv.Value[6], kv.Value[7]))).ToArray();
        var weeks = days
            .GroupBy(d => (Year: WeekYearRules.Iso.GetWeekYear(d.Date), Week: WeekYearRules.Iso.GetWeekOfWeekYear(d.Date)))
            .Select(g => new DeskWeek(g.Key.Year, g.Key.Week, Monday(g.First().Date), g.Aggregate(default(DeskTotals), (sum, d) => sum + d.Totals)))
            .ToArray();
        return new DeskReport(zone, days, weeks);
    }

    /// <summary>The event's local date, or <see langword="null"/> when it, or the Monday of its ISO week, is not a date NodaTime holds.</summary>
    private static LocalDate? LocalDateOf(Instant at, DateTimeZone zone)
    {
        LocalDate date;
        try
        {
            date = at.InZone(zone).Date;
        }
        catch (Exception e) when (e is ArgumentOutOfRangeException or OverflowException)
        {
            // Within a day of Instant's ends a zone's offset can push the local date past NodaTime's dates.
            return null;
        }

        return date >= FirstMonday ? date : null;
    }

    private static LocalDate Monday(LocalDate date) => date.With(DateAdjusters.PreviousOrSame(IsoDayOfWeek.Monday));
}
