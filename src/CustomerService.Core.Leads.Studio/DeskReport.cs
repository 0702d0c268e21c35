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

/// <summary>One desk event: when, what, and which customer (an opaque id, never personal data), with the record the desk keeps for it.</summary>
/// <remarks>
/// A <see cref="DeskEventKind.Deal"/> may carry its order's record (<see cref="Order"/>: segment on the day, package,
/// price, shoot date, notes); a <see cref="DeskEventKind.NoDeal"/> its C-order record (<see cref="NoDeal"/>: phone left,
/// approximate budget and wedding date, reason); a <see cref="DeskEventKind.Complaint"/> a short summary
/// (<see cref="Note"/>). A record on an event of another kind is rejected by <see cref="DeskReport.Build"/>.
/// </remarks>
/// <param name="At">When it happened.</param>
/// <param name="Kind">What happened.</param>
/// <param name="CustomerId">The customer's opaque id.</param>
/// <threadsafety>This type is an immutable value type and is thread-safe.</threadsafety>
public readonly record struct DeskEvent(Instant At, DeskEventKind Kind, string CustomerId)
{
    /// <summary>Gets the order's record, for a <see cref="DeskEventKind.Deal"/>.</summary>
    /// <value>The record, or <see langword="null"/> when the desk did not register one (the deal then counts under no segment).</value>
    public OrderRecord? Order { get; init; }

    /// <summary>Gets the C-order record, for a <see cref="DeskEventKind.NoDeal"/>.</summary>
    /// <value>The record, or <see langword="null"/> when the desk did not register one (the C-order then counts as without a phone number).</value>
    public NoDealRecord? NoDeal { get; init; }

    /// <summary>Gets a short summary of a <see cref="DeskEventKind.Complaint"/>, for the weekly summary to the manager; keep personal data out of it.</summary>
    /// <value>The summary, or <see langword="null"/>.</value>
    public string? Note { get; init; }
}

/// <summary>What the desk registers for an order (seed: 套系名称, 套系价格, 拍摄日期, 备注; the customer's A/B/D mark written on the contract).</summary>
/// <remarks>The customer's name, phone, address and birthday belong to the <see cref="CustomerProfile"/>, not here.</remarks>
/// <threadsafety>This type is immutable and thread-safe.</threadsafety>
public sealed record OrderRecord
{
    /// <summary>Initializes a new instance of the <see cref="OrderRecord"/> class.</summary>
    /// <param name="segment">The customer's segment on the day of the order: <see cref="StudioSegments.A"/>, <see cref="StudioSegments.B"/> or <see cref="StudioSegments.D"/> (order customers are marked only A, B or D).</param>
    /// <param name="packageName">The package's name (套系名称).</param>
    /// <param name="price">The package's price (套系价格), not negative.</param>
    /// <exception cref="ArgumentException">Thrown when <paramref name="segment"/> is not A, B or D, or <paramref name="packageName"/> is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when <paramref name="price"/> is negative.</exception>
    public OrderRecord(string segment, string packageName, decimal price)
    {
        if (segment is not (StudioSegments.A or StudioSegments.B or StudioSegments.D))
        {
            throw new ArgumentException($"An order is registered as A, B or D (把每天定单的顾客分 A、B、D 客); '{segment}' is none of them.", nameof(segment));
        }

        ArgumentException.ThrowIfNullOrWhiteSpace(packageName);
        ArgumentOutOfRangeException.ThrowIfNegative(price);
        Segment = segment;
        PackageName = packageName;
        Price = price;
    }

    /// <summary>Gets the customer's segment on the day of the order.</summary>
    /// <value><see cref="StudioSegments.A"/>, <see cref="StudioSegments.B"/> or <see cref="StudioSegments.D"/>.</value>
    public string Segment { get; }

    /// <summary>Gets the package's name.</summary>
    /// <value>A non-empty name.</value>
    public string PackageName { get; }

    /// <summary>Gets the package's price.</summary>
    /// <value>A price, not negative, in the studio's currency.</value>
    public decimal Price { get; }

    /// <summary>Gets the shoot date (拍摄日期).</summary>
    /// <value>The date, or <see langword="null"/> when not booked yet.</value>
    public LocalDate? ShootDate { get; init; }

    /// <summary>Gets the desk's notes (备注); keep personal data out of them.</summary>
    /// <value>The notes, or <see langword="null"/>.</value>
    public string? Notes { get; init; }
}

/// <summary>What the desk registers for a visit without an order, to follow it up (seed: 大概婚期, 大概预算, C单原因, and whether the customer left a phone number).</summary>
/// <param name="PhoneLeft">Whether the customer left a phone number (C单顾客的电话是否留下); the number itself belongs to the <see cref="CustomerProfile"/>.</param>
/// <threadsafety>This type is immutable and thread-safe.</threadsafety>
public sealed record NoDealRecord(bool PhoneLeft)
{
    private readonly decimal? _budget;

    /// <summary>Gets the customer's approximate budget (大概预算).</summary>
    /// <value>The budget, not negative, or <see langword="null"/> when not known.</value>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when set to a negative amount.</exception>
    public decimal? ApproximateBudget
    {
        get => _budget;
        init => _budget = value is < 0 ? throw new ArgumentOutOfRangeException(nameof(value), "An approximate budget cannot be negative.") : value;
    }

    /// <summary>Gets the approximate wedding date (大概婚期).</summary>
    /// <value>The date, or <see langword="null"/> when not known.</value>
    public LocalDate? ApproximateWeddingDate { get; init; }

    /// <summary>Gets why the customer did not order (C单原因); keep personal data out of it.</summary>
    /// <value>The reason, or <see langword="null"/>.</value>
    public string? Reason { get; init; }
}

/// <summary>The desk's counts for a day or a week.</summary>
/// <param name="Visitors">Distinct customers who visited, per day (a week adds its days).</param>
/// <param name="Deals">Orders signed.</param>
/// <param name="NoDeals">Visits that ended without an order (C单).</param>
/// <param name="NoDealReturns">Orders signed by a customer whose earlier visit ended without one (C单回头成交).</param>
/// <param name="Callbacks">Callbacks made.</param>
/// <param name="CallbackConversions">Orders signed by a customer called back since their last order (电访成交).</param>
/// <param name="Referrals">Referrals by existing customers (老点).</param>
/// <param name="Complaints">Complaints received (客怨).</param>
/// <remarks>The figures from records (<see cref="NoDealsWithPhone"/>, <see cref="OrdersA"/>, <see cref="OrdersB"/>, <see cref="OrdersD"/>) count only events that carry one.</remarks>
/// <threadsafety>This type is an immutable value type and is thread-safe.</threadsafety>
public readonly record struct DeskTotals(int Visitors, int Deals, int NoDeals, int NoDealReturns, int Callbacks, int CallbackConversions, int Referrals, int Complaints)
{
    /// <summary>Gets the C-orders whose customer left a phone number (C单顾客的电话是否留下).</summary>
    /// <value>At most <see cref="NoDeals"/>.</value>
    public int NoDealsWithPhone { get; init; }

    /// <summary>Gets the orders registered as A on the day of the order.</summary>
    /// <value>A count.</value>
    public int OrdersA { get; init; }

    /// <summary>Gets the orders registered as B on the day of the order.</summary>
    /// <value>A count.</value>
    public int OrdersB { get; init; }

    /// <summary>Gets the orders registered as D on the day of the order.</summary>
    /// <value>A count.</value>
    public int OrdersD { get; init; }

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
        left.Callbacks + right.Callbacks, left.CallbackConversions + right.CallbackConversions, left.Referrals + right.Referrals, left.Complaints + right.Complaints)
    {
        NoDealsWithPhone = left.NoDealsWithPhone + right.NoDealsWithPhone,
        OrdersA = left.OrdersA + right.OrdersA,
        OrdersB = left.OrdersB + right.OrdersB,
        OrdersD = left.OrdersD + right.OrdersD,
    });

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
public sealed record DeskWeek(int WeekYear, int Week, LocalDate Monday, DeskTotals Totals)
{
    /// <summary>Gets the week's dates, Monday to Sunday.</summary>
    /// <value>Seven dates (fewer only at the end of NodaTime's dates).</value>
    public DateInterval Dates => new(Monday, Monday < LocalDate.MaxIsoValue.PlusDays(-6) ? Monday.PlusDays(6) : LocalDate.MaxIsoValue);
}

/// <summary>The desk's counts for one calendar month: the seed renews its tables every month (做好每月更换).</summary>
/// <param name="Month">The month.</param>
/// <param name="Totals">The counts, the sum of the month's days.</param>
/// <threadsafety>This type is immutable and thread-safe.</threadsafety>
public sealed record DeskMonth(YearMonth Month, DeskTotals Totals)
{
    /// <summary>Gets the month's dates.</summary>
    /// <value>The first to the last day of <see cref="Month"/>.</value>
    public DateInterval Dates => Month.ToDateInterval();
}

/// <summary>The desk's daily, weekly and monthly statistics and registers (统计与建档), computed in one pass from an event stream.</summary>
/// <remarks>
/// <para>Events are taken in time order (the input is sorted by <see cref="DeskEvent.At"/>, stably). Each event counts on the
/// local date of its instant in the report's zone; weeks are ISO weeks of those dates, months calendar months. Derived
/// counts follow each customer through the stream: an order after a no-deal visit is a no-deal return (C单回头), an
/// order after a callback (since the customer's previous order) is a callback conversion (电访成交). Only days, weeks and
/// months with at least one event are listed; a week's and a month's totals are exactly the sum of their days.</para>
/// <para>The registers (<see cref="Register"/>, <see cref="PhoneVisitDeals"/>) list the events themselves, in time order,
/// for the tables the desk keeps: the complaints of a week for the manager (每周做整理), the C-orders to follow up, the
/// phone-visit deals registered separately (把电访回头的顾客另做登记).</para>
/// </remarks>
/// <threadsafety>This type is immutable and thread-safe.</threadsafety>
public sealed class DeskReport
{
    // The first Monday NodaTime holds: an ISO week starting before it has no Monday to report.
    private static readonly LocalDate FirstMonday = LocalDate.MinIsoValue.With(DateAdjusters.NextOrSame(IsoDayOfWeek.Monday));

    private readonly Entry[] _entries;

    private DeskReport(DateTimeZone zone, Entry[] entries, IReadOnlyList<DeskDay> days, IReadOnlyList<DeskWeek> weeks, IReadOnlyList<DeskMonth> months)
    {
        Zone = zone;
        _entries = entries;
        Days = days;
        Weeks = weeks;
        Months = months;
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

    /// <summary>Gets the calendar months with events, in order.</summary>
    /// <value>The months.</value>
    public IReadOnlyList<DeskMonth> Months { get; }

    /// <summary>Gets the totals over the whole stream.</summary>
    /// <value>The sum of every day.</value>
    public DeskTotals Total => Days.Aggregate(default(DeskTotals), (sum, d) => sum + d.Totals);

    /// <summary>Lists the events of one kind whose local date lies in <paramref name="dates"/>, in time order: a register of the desk (the week's complaints, the month's C-orders or orders).</summary>
    /// <param name="kind">The kind.</param>
    /// <param name="dates">The dates, for example <see cref="DeskWeek.Dates"/> or <see cref="DeskMonth.Dates"/>.</param>
    /// <returns>The events, with their records.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="dates"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when <paramref name="kind"/> is not defined.</exception>
    public IReadOnlyList<DeskEvent> Register(DeskEventKind kind, DateInterval dates)
    {
        ArgumentNullException.ThrowIfNull(dates);
        if (!Enum.IsDefined(kind))
        {
            throw new ArgumentOutOfRangeException(nameof(kind), $"Desk event kind {(int)kind} is not defined.");
        }

        return Select(dates, e => e.Event.Kind == kind);
    }

    /// <summary>Lists the phone-visit deals (电访成交) whose local date lies in <paramref name="dates"/>, in time order: the deals counted in <see cref="DeskTotals.CallbackConversions"/>, registered apart from the walk-in deals (把电访回头的顾客另做登记).</summary>
    /// <param name="dates">The dates.</param>
    /// <returns>The deal events.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="dates"/> is <see langword="null"/>.</exception>
    public IReadOnlyList<DeskEvent> PhoneVisitDeals(DateInterval dates)
    {
        ArgumentNullException.ThrowIfNull(dates);
        return Select(dates, e => e.PhoneVisitDeal);
    }

    private DeskEvent[] Select(DateInterval dates, Func<Entry, bool> predicate)
    {
        var start = Iso(dates.Start);
        var end = Iso(dates.End);
        return _entries.Where(e => e.Date >= start && e.Date <= end && predicate(e)).Select(e => e.Event).ToArray();
    }

    private static LocalDate Iso(LocalDate date) => date.Calendar == CalendarSystem.Iso ? date : date.WithCalendar(CalendarSystem.Iso);

    /// <summary>Builds the report from an event stream.</summary>
    /// <param name="events">The events, in any order.</param>
    /// <param name="zone">The studio's zone.</param>
    /// <returns>The report.</returns>
    /// <exception cref="ArgumentNullException">Thrown when an argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">Thrown when an event has an undefined kind or an empty customer id, or carries a record of another kind (an <see cref="DeskEvent.Order"/> on anything but a deal, a <see cref="DeskEvent.NoDeal"/> record on anything but a C-order, a <see cref="DeskEvent.Note"/> on anything but a complaint); the message gives its position in <paramref name="events"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when an event's local date in <paramref name="zone"/>, or the Monday of its ISO week, falls outside NodaTime's dates (-9998-01-01 to 9999-12-31) — only possible within a week of <see cref="Instant.MinValue"/> or a day of <see cref="Instant.MaxValue"/>; the message gives its position.</exception>
    public static DeskReport Build(IEnumerable<DeskEvent> events, DateTimeZone zone)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(zone);

        // Check every event, in the caller's order, before counting any: a rejected stream names the event's position.
        var dated = new List<Entry>();
        foreach (var e in events)
        {
            var position = dated.Count;
            if (!Enum.IsDefined(e.Kind) || string.IsNullOrWhiteSpace(e.CustomerId))
            {
                throw new ArgumentException($"Desk event #{position} needs a defined kind and a customer id.", nameof(events));
            }

            if ((e.Order is not null && e.Kind != DeskEventKind.Deal) || (e.NoDeal is not null && e.Kind != DeskEventKind.NoDeal) || (e.Note is not null && e.Kind != DeskEventKind.Complaint))
            {
                throw new ArgumentException($"Desk event #{position} ({e.Kind}) carries a record of another kind: an order record belongs to a Deal, a C-order record to a NoDeal, a note to a Complaint.", nameof(events));
            }

            var date = LocalDateOf(e.At, zone)
                ?? throw new ArgumentOutOfRangeException(nameof(events), $"Desk event #{position} falls, in zone {zone.Id}, on a day or in an ISO week outside the dates NodaTime holds (-9998-01-01 to 9999-12-31).");
            dated.Add(new Entry(e, date, false));
        }

        var ordered = dated.OrderBy(d => d.Event.At).ToArray();
        var counters = new SortedDictionary<LocalDate, int[]>();
        var visitorsByDay = new Dictionary<LocalDate, HashSet<string>>();
        var noDeal = new HashSet<string>(StringComparer.Ordinal);
        var calledBack = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < ordered.Length; i++)
        {
            var (e, date, _) = ordered[i];
            if (!counters.TryGetValue(date, out var c))
            {
                counters[date] = c = new int[Counters];
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
                        ordered[i] = ordered[i] with { PhoneVisitDeal = true };
                    }

                    switch (e.Order?.Segment)
                    {
                        case StudioSegments.A: c[9]++; break;
                        case StudioSegments.B: c[10]++; break;
                        case StudioSegments.D: c[11]++; break;
                    }

                    break;
                case DeskEventKind.NoDeal:
                    c[2]++;
                    noDeal.Add(e.CustomerId);
                    if (e.NoDeal is { PhoneLeft: true })
                    {
                        c[8]++;
                    }

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

        var days = counters.Select(kv => new DeskDay(kv.Key, Totals(kv.Value))).ToArray();
        var weeks = days
            .GroupBy(d => (Year: WeekYearRules.Iso.GetWeekYear(d.Date), Week: WeekYearRules.Iso.GetWeekOfWeekYear(d.Date)))
            .Select(g => new DeskWeek(g.Key.Year, g.Key.Week, Monday(g.First().Date), Sum(g)))
            .ToArray();
        var months = days
            .GroupBy(d => d.Date.ToYearMonth())
            .Select(g => new DeskMonth(g.Key, Sum(g)))
            .ToArray();
        return new DeskReport(zone, ordered, days, weeks, months);
    }

    private const int Counters = 12;

    private static DeskTotals Totals(int[] c) => new(c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7])
    {
        NoDealsWithPhone = c[8],
        OrdersA = c[9],
        OrdersB = c[10],
        OrdersD = c[11],
    };

    private static DeskTotals Sum(IEnumerable<DeskDay> days) => days.Aggregate(default(DeskTotals), (sum, d) => sum + d.Totals);

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

    private readonly record struct Entry(DeskEvent Event, LocalDate Date, bool PhoneVisitDeal);
}
