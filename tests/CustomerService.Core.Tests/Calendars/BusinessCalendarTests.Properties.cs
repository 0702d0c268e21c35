using CustomerService.Core.Calendars;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NodaTime;
using Interval = NodaTime.Interval;

namespace CustomerService.Core.Tests.Calendars;

/// <summary>The laws of business time, checked over random calendars, instants and amounts.</summary>
public sealed partial class BusinessCalendarTests
{
    /// <summary>Runs a question and returns its answer, or the type of the exception it threw.</summary>
    private static object Outcome<T>(Func<T> question)
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

    [Property(Arbitrary = [typeof(CalendarArbitraries)], MaxTest = 150)]
    public void CompiledTimeline_AgreesWithDayWalkAndDefinition_Meets_Specification(CalendarSpec spec, InstantPair pair, Duration d)
    {
        var (a, b) = (pair.A, pair.B);
        var calendar = spec.Calendar;
        var walk = calendar.DayWalk;
        d = d > Duration.FromDays(1000) ? Duration.FromDays(d.Days % 1000) : d;

        Assert.Equal(OpenSet.ContainsByDefinition(calendar.Schedule, calendar.Zone, a), calendar.IsOpen(a));
        Assert.Equal(walk.IsOpen(Ns(a)), calendar.IsOpen(a));
        Assert.Equal(walk.IsOpen(Ns(b)), calendar.IsOpen(b));
        Assert.Equal(walk.Between(Ns(a), Ns(b)), calendar.BusinessTimeBetween(a, b));
        Assert.Equal(Outcome(() => FromNs(walk.Add(Ns(a), (ulong)d.ToInt64Nanoseconds(), nameof(d)))), Outcome(() => calendar.Add(a, d)));
        Assert.Equal(Outcome(() => FromNs(walk.Subtract(Ns(b), (ulong)d.ToInt64Nanoseconds(), nameof(d)))), Outcome(() => calendar.Subtract(b, d)));
        Assert.Equal(Outcome(() => FromNs(walk.NextOpening(Ns(a), nameof(a)))), Outcome(() => calendar.NextOpening(a)));
    }

    [Property(Arbitrary = [typeof(CalendarArbitraries)])]
    public void Add_IsTheEarliestInstantReachingTheAmount_Meets_Specification(CalendarSpec spec, Instant a, Duration d)
    {
        var calendar = spec.Calendar;
        if (Outcome(() => calendar.Add(a, d)) is not Instant due)
        {
            return;
        }

        Assert.True(due >= a);
        Assert.Equal(d, calendar.BusinessTimeBetween(a, due));
        if (due > a)
        {
            Assert.True(calendar.BusinessTimeBetween(a, due - Duration.Epsilon) < d);
        }
    }

    [Property(Arbitrary = [typeof(CalendarArbitraries)])]
    public void Subtract_IsTheLatestInstantLeavingTheAmount_Meets_Specification(CalendarSpec spec, Instant b, Duration d)
    {
        var calendar = spec.Calendar;
        if (Outcome(() => calendar.Subtract(b, d)) is not Instant start)
        {
            return;
        }

        Assert.True(start <= b);
        Assert.Equal(d, calendar.BusinessTimeBetween(start, b));
        if (start < b)
        {
            Assert.True(calendar.BusinessTimeBetween(start + Duration.Epsilon, b) < d);
        }
    }

    [Property(Arbitrary = [typeof(CalendarArbitraries)])]
    public void Add_IsMonotoneInBothArguments_Meets_Specification(CalendarSpec spec, Instant a1, Instant a2, Duration d1, Duration d2)
    {
        var calendar = spec.Calendar;
        (a1, a2) = a1 <= a2 ? (a1, a2) : (a2, a1);
        (d1, d2) = d1 <= d2 ? (d1, d2) : (d2, d1);
        if (Outcome(() => calendar.Add(a2, d2)) is not Instant latest)
        {
            return;
        }

        Assert.True(calendar.Add(a2, d1) <= latest);

        // From an earlier start the count may first meet a stretch without open time longer than the search horizon:
        // then Add reports the calendar instead of answering; otherwise it is no later.
        foreach (var (amount, bound) in new[] { (d2, latest), (d1, calendar.Add(a2, d1)) })
        {
            var earlier = Outcome(() => calendar.Add(a1, amount));
            Assert.True(earlier is Instant due ? due <= bound : Equals(earlier, typeof(CalendarConfigurationException)), $"Add({a1}, {amount}) gave {earlier}");
        }
    }

    [Property(Arbitrary = [typeof(CalendarArbitraries)])]
    public void BusinessTimeBetween_IsAdditive_Meets_Specification(CalendarSpec spec, Instant a, Instant b, Instant c)
    {
        var calendar = spec.Calendar;
        Assert.Equal(calendar.BusinessTimeBetween(a, c), calendar.BusinessTimeBetween(a, b) + calendar.BusinessTimeBetween(b, c));
        Assert.Equal(-calendar.BusinessTimeBetween(a, b), calendar.BusinessTimeBetween(b, a));
    }

    [Property(Arbitrary = [typeof(CalendarArbitraries)])]
    public void Add_ComposesOverSummedAmounts_Meets_Specification(CalendarSpec spec, Instant a, Duration d1, Duration d2)
    {
        var calendar = spec.Calendar;
        var whole = Outcome(() => calendar.Add(a, d1 + d2));
        if (whole is not Instant)
        {
            return;
        }

        Assert.Equal(whole, calendar.Add(calendar.Add(a, d1), d2));
    }

    [Property(Arbitrary = [typeof(CalendarArbitraries)])]
    public void AlwaysOpenUtcCalendar_IsPlainArithmetic_Meets_Specification(Instant a, Instant b, Duration d)
    {
        var builder = BusinessCalendar.CreateBuilder("Always open", DateTimeZone.Utc);
        for (var day = IsoDayOfWeek.Monday; day <= IsoDayOfWeek.Sunday; day++)
        {
            builder.Open(day, LocalTime.Midnight, LocalTime.Midnight);
        }

        var calendar = builder.Build();
        var (first, last) = (BusinessCalendar.MinSupportedInstant, BusinessCalendar.MaxSupportedInstant);
        Assert.Equal(a + d <= last ? a + d : typeof(ArgumentOutOfRangeException), Outcome(() => calendar.Add(a, d)));
        Assert.Equal(b - d >= first ? b - d : typeof(ArgumentOutOfRangeException), Outcome(() => calendar.Subtract(b, d)));
        Assert.Equal(b - a, calendar.BusinessTimeBetween(a, b));
        Assert.True(calendar.IsOpen(a));
        Assert.Equal(a, calendar.NextOpening(a));
        var (low, high) = a <= b ? (a, b) : (b, a);
        Interval[] expected = low == high ? [] : [new Interval(low, high)];
        Assert.Equal(expected, calendar.OpenIntervals(new Interval(low, high)));
    }

    [Property(Arbitrary = [typeof(CalendarArbitraries)])]
    public void OpenIntervals_AreMaximalAndMeasureTheBusinessTime_Meets_Specification(CalendarSpec spec, Instant a, Instant b)
    {
        var calendar = spec.Calendar;
        (a, b) = a <= b ? (a, b) : (b, a);
        var intervals = calendar.OpenIntervals(new Interval(a, b));
        Assert.Equal(calendar.BusinessTimeBetween(a, b), intervals.Aggregate(Duration.Zero, (sum, i) => sum + i.Duration));
        for (var i = 0; i < intervals.Count; i++)
        {
            Assert.True(intervals[i].Start < intervals[i].End);
            Assert.True(calendar.IsOpen(intervals[i].Start));
            Assert.True(calendar.IsOpen(intervals[i].End - Duration.Epsilon));
            if (i > 0)
            {
                Assert.True(intervals[i - 1].End < intervals[i].Start);
                Assert.False(calendar.IsOpen(intervals[i - 1].End));
            }
        }
    }

    [Property(Arbitrary = [typeof(CalendarArbitraries)], MaxTest = 30)]
    public void BatchForms_MatchTheSingleCalls_Meets_Specification(CalendarSpec spec, Instant[] starts, Duration[] amounts)
    {
        var calendar = spec.Calendar;
        var n = Math.Min(starts.Length, amounts.Length);
        starts = starts[..n];
        amounts = amounts[..n];
        var expected = starts.Zip(amounts, (s, d) => Outcome(() => calendar.Add(s, d))).ToArray();
        if (expected.Any(e => e is not Instant))
        {
            return;
        }

        var due = new Instant[n];
        calendar.Add(starts, amounts, due);
        Assert.Equal(expected, due.Cast<object>());

        var back = new Instant[n];
        calendar.Subtract(due, amounts, back);
        Assert.Equal(due.Zip(amounts, calendar.Subtract), back);

        var elapsed = new Duration[n];
        calendar.BusinessTimeBetween(starts, due, elapsed);
        Assert.Equal(amounts, elapsed);
    }

    [Fact]
    public void InstantGenerator_CoversTheWholeSupportedRange()
    {
        var samples = CalendarArbitraries.InstantGen().Sample(2000, 1);
        var (first, last) = (CalendarArbitraries.RangeStart, CalendarArbitraries.RangeEnd);
        var endRegion = Duration.FromDays(CalendarArbitraries.EndRegionDays);
        Assert.All(samples, s => Assert.InRange(s, first, last));
        Assert.Contains(first, samples);
        Assert.Contains(last, samples);
        Assert.Contains(samples, s => s > first && s < first + endRegion);
        Assert.Contains(samples, s => s < last && s > last - endRegion);
        Assert.Contains(samples, s => s < NodaConstants.UnixEpoch && s > CalendarArbitraries.EpochRegionStart);
        Assert.Contains(samples, s => s > first + endRegion && s < CalendarArbitraries.EpochRegionStart);
        Assert.Contains(samples, s => s > CalendarArbitraries.WindowEnd && s < last - endRegion);
        Assert.Contains(samples, s => CalendarArbitraries.SegmentBoundaries.Contains(s));
    }
}
