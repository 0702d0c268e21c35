using CustomerService.Core.Calendars;
using FsCheck.Xunit;
using NodaTime;
using Interval = NodaTime.Interval;

namespace CustomerService.Core.Tests.Calendars;

/// <summary>
/// The laws of plain calendars, checked for composed and versioned calendars: against the day-walking reference over
/// the same definition, against an oracle built from the configurations alone, and as laws of their own.
/// </summary>
public sealed class ComposedCalendarTests
{
    private const string Arbitraries = nameof(Arbitraries);

    internal static object Outcome<T>(Func<T> question)
    {
        try
        {
            return question()!;
        }
        catch (Exception exception) when (exception is CalendarConfigurationException or ArgumentOutOfRangeException)
        {
            return exception.GetType();
        }
    }

    private static long Ns(Instant instant) => (instant - NodaConstants.UnixEpoch).ToInt64Nanoseconds();

    private static Instant FromNs(long nanoseconds) => NodaConstants.UnixEpoch + Duration.FromNanoseconds(nanoseconds);

    /// <summary>The compiled answers equal the day walk's, and membership equals the oracle's.</summary>
    internal static void AgreesWithDayWalkAndOracle(BusinessCalendar calendar, Func<Instant, bool> oracle, Instant a, Instant b, Duration d)
    {
        var walk = calendar.DayWalk;
        d = d > Duration.FromDays(1000) ? Duration.FromDays(d.Days % 1000) : d;
        Assert.Equal(oracle(a), calendar.IsOpen(a));
        Assert.Equal(oracle(b), calendar.IsOpen(b));
        Assert.Equal(oracle(a), calendar.Definition.Contains(a));
        Assert.Equal(walk.IsOpen(Ns(a)), calendar.IsOpen(a));
        Assert.Equal(walk.Between(Ns(a), Ns(b)), calendar.BusinessTimeBetween(a, b));
        Assert.Equal(Outcome(() => FromNs(walk.Add(Ns(a), (ulong)d.ToInt64Nanoseconds(), nameof(d)))), Outcome(() => calendar.Add(a, d)));
        Assert.Equal(Outcome(() => FromNs(walk.Subtract(Ns(b), (ulong)d.ToInt64Nanoseconds(), nameof(d)))), Outcome(() => calendar.Subtract(b, d)));
        Assert.Equal(Outcome(() => FromNs(walk.NextOpening(Ns(a), nameof(a)))), Outcome(() => calendar.NextOpening(a)));
        Assert.Equal(calendar.IsOpen(a), calendar.WhyClosed(a) == ClosedReason.None);
    }

    /// <summary>The open intervals of a few days around an instant are maximal and agree with the oracle at both ends.</summary>
    internal static void IntervalsAgreeWithOracle(BusinessCalendar calendar, Func<Instant, bool> oracle, Instant a)
    {
        var from = Max(a - Duration.FromDays(2), BusinessCalendar.MinSupportedInstant);
        var to = Min(a + Duration.FromDays(3), BusinessCalendar.MaxSupportedInstant);
        var intervals = calendar.OpenIntervals(new Interval(from, to));
        var previousEnd = from - Duration.Epsilon;
        foreach (var interval in intervals)
        {
            Assert.True(interval.Start > previousEnd, $"{interval} touches or overlaps the interval before it");
            Assert.True(oracle(interval.Start));
            Assert.True(oracle(interval.End - Duration.Epsilon));
            Assert.True(interval.Start == from || !oracle(interval.Start - Duration.Epsilon));
            Assert.True(interval.End == to || !oracle(interval.End));
            previousEnd = interval.End;
        }

        var total = intervals.Aggregate(Duration.Zero, (sum, i) => sum + i.Duration);
        Assert.Equal(calendar.BusinessTimeBetween(from, to), total);
    }

    /// <summary>The laws of <c>Add</c>, <c>Subtract</c> and <c>BusinessTimeBetween</c> that hold for every calendar.</summary>
    internal static void Laws(BusinessCalendar calendar, Instant a, Instant b, Instant c, Duration d1, Duration d2)
    {
        Assert.Equal(calendar.BusinessTimeBetween(a, c), calendar.BusinessTimeBetween(a, b) + calendar.BusinessTimeBetween(b, c));
        Assert.Equal(-calendar.BusinessTimeBetween(a, b), calendar.BusinessTimeBetween(b, a));
        if (Outcome(() => calendar.Add(a, d1)) is Instant due)
        {
            Assert.True(due >= a);
            Assert.Equal(d1, calendar.BusinessTimeBetween(a, due));
            Assert.True(due == a || calendar.BusinessTimeBetween(a, due - Duration.Epsilon) < d1);
        }

        if (Outcome(() => calendar.Subtract(b, d1)) is Instant start)
        {
            Assert.True(start <= b);
            Assert.Equal(d1, calendar.BusinessTimeBetween(start, b));
            Assert.True(start == b || calendar.BusinessTimeBetween(start + Duration.Epsilon, b) < d1);
        }

        if (Outcome(() => calendar.Add(a, d1 + d2)) is Instant whole)
        {
            Assert.Equal(whole, calendar.Add(calendar.Add(a, d1), d2));
            var (low, high) = d1 <= d2 ? (d1, d2) : (d2, d1);
            Assert.True(calendar.Add(a, low) <= calendar.Add(a, high));
        }

        var (early, late) = a <= b ? (a, b) : (b, a);
        if (Outcome(() => calendar.Add(late, d1)) is Instant lateDue)
        {
            var earlyDue = Outcome(() => calendar.Add(early, d1));
            Assert.True(earlyDue is Instant e ? e <= lateDue : Equals(earlyDue, typeof(CalendarConfigurationException)));
        }
    }

    [Property(Arbitrary = [typeof(CalendarArbitraries), typeof(ComposedCalendarArbitraries)], MaxTest = 100)]
    public void Composed_AgreesWithDayWalkAndOracle_Meets_Specification(ComposedSpec spec, InstantPair pair, Duration d)
    {
        AgreesWithDayWalkAndOracle(spec.Calendar, spec.ContainsBySpec, pair.A, pair.B, d);
        IntervalsAgreeWithOracle(spec.Calendar, spec.ContainsBySpec, pair.A);
    }

    [Property(Arbitrary = [typeof(CalendarArbitraries), typeof(ComposedCalendarArbitraries)], MaxTest = 100)]
    public void Composed_KeepsTheLawsOfBusinessTime_Meets_Specification(ComposedSpec spec, Instant a, Instant b, Instant c, Duration d1, Duration d2) =>
        Laws(spec.Calendar, a, b, c, d1, d2);

    [Property(Arbitrary = [typeof(CalendarArbitraries), typeof(ComposedCalendarArbitraries)], MaxTest = 100)]
    public void Composed_BusinessTimeIsInclusionExclusion_Meets_Specification(CalendarSpec first, CalendarSpec second, InstantPair pair)
    {
        // |A ∪ B| + |A ∩ B| = |A| + |B|, and |A \ B| = |A| - |A ∩ B|, over any span.
        var (a, b) = (first.Calendar, second.Calendar);
        var union = BusinessCalendar.Union("A ∪ B", a, b);
        var intersection = BusinessCalendar.Intersection("A ∩ B", a, b);
        var difference = BusinessCalendar.Difference("A \\ B", a, b);
        var (from, to) = (pair.A, pair.B);
        Assert.Equal(a.BusinessTimeBetween(from, to) + b.BusinessTimeBetween(from, to), union.BusinessTimeBetween(from, to) + intersection.BusinessTimeBetween(from, to));
        Assert.Equal(a.BusinessTimeBetween(from, to) - intersection.BusinessTimeBetween(from, to), difference.BusinessTimeBetween(from, to));
    }

    [Property(Arbitrary = [typeof(CalendarArbitraries), typeof(ComposedCalendarArbitraries)], MaxTest = 100)]
    public void Versioned_AgreesWithDayWalkAndOracle_Meets_Specification(VersionedSpec spec, InstantPair pair, Duration d)
    {
        AgreesWithDayWalkAndOracle(spec.Calendar, spec.ContainsBySpec, pair.A, pair.B, d);
        IntervalsAgreeWithOracle(spec.Calendar, spec.ContainsBySpec, pair.A);
    }

    [Property(Arbitrary = [typeof(CalendarArbitraries), typeof(ComposedCalendarArbitraries)], MaxTest = 100)]
    public void Versioned_KeepsTheLawsOfBusinessTime_Meets_Specification(VersionedSpec spec, Instant a, Instant b, Instant c, Duration d1, Duration d2) =>
        Laws(spec.Calendar, a, b, c, d1, d2);

    [Property(Arbitrary = [typeof(CalendarArbitraries), typeof(ComposedCalendarArbitraries)], MaxTest = 100)]
    public void Versioned_DateQuestionsFollowTheVersionInForceOnTheDate_Meets_Specification(VersionedSpec spec, LocalDate date)
    {
        var calendar = spec.Calendar;
        var zone = calendar.Zone;
        var version = spec.VersionAt(zone.AtStartOfDay(date).ToInstant()).Calendar;
        Assert.Equal(version.IsBusinessDay(date), calendar.IsBusinessDay(date));
        foreach (var interval in calendar.OpenIntervals(date))
        {
            Assert.True(spec.ContainsBySpec(interval.Start));
            Assert.True(spec.ContainsBySpec(interval.End - Duration.Epsilon));
        }
    }

    private static Instant Max(Instant x, Instant y) => x >= y ? x : y;

    private static Instant Min(Instant x, Instant y) => x <= y ? x : y;
}
