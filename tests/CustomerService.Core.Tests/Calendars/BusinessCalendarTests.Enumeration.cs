using CustomerService.Core.Calendars;
using FsCheck.Xunit;
using NodaTime;

namespace CustomerService.Core.Tests.Calendars;

/// <summary>The unbounded enumeration of open intervals (issue 22), against the bounded <c>OpenIntervals</c> and itself backward.</summary>
public sealed partial class BusinessCalendarTests
{
    private static List<Interval>? Take(OpenIntervalSequence sequence, int count)
    {
        var list = new List<Interval>();
        try
        {
            foreach (var interval in sequence)
            {
                list.Add(interval);
                if (list.Count == count)
                {
                    break;
                }
            }

            return list;
        }
        catch (CalendarConfigurationException)
        {
            return list.Count == 0 ? null : list;
        }
    }

    [Property(Arbitrary = [typeof(CalendarArbitraries)], MaxTest = 150)]
    public void OpenIntervalsAfter_AgreesWithTheBoundedQuestionAndBackward_Meets_Specification(CalendarSpec spec, Instant a, int n)
    {
        var calendar = spec.Calendar;
        var count = 1 + Math.Abs(n % 40);
        if (Take(calendar.OpenIntervalsAfter(a), count) is not List<Interval> forward)
        {
            Assert.IsType<CalendarConfigurationException>(Assert.ThrowsAny<Exception>(() => calendar.NextOpening(a)));
            return;
        }

        var end = forward.Count == count ? forward[^1].End : BusinessCalendar.MaxSupportedInstant;
        if (forward.Count < count && end - a > Duration.FromDays(4000))
        {
            // The walk stopped at a gap longer than the horizon; the bounded question over it is too long to ask here.
            return;
        }

        Assert.Equal(calendar.OpenIntervals(new Interval(a, end)), forward);

        // Backward from where the forward walk stopped meets the same intervals, latest first, down to a.
        var backward = new List<Interval>();
        foreach (var interval in forward.Count == 0 ? default : calendar.OpenIntervalsBefore(end))
        {
            backward.Add(interval.Start < a ? new Interval(a, interval.End) : interval);
            if (backward.Count == forward.Count)
            {
                break;
            }
        }

        backward.Reverse();
        Assert.Equal(forward, backward);
    }

    [Property(Arbitrary = [typeof(CalendarArbitraries)], MaxTest = 150)]
    public void OpenIntervalsBefore_AgreesWithTheBoundedQuestion_Meets_Specification(CalendarSpec spec, Instant b, int n)
    {
        var calendar = spec.Calendar;
        var count = 1 + Math.Abs(n % 40);
        if (Take(calendar.OpenIntervalsBefore(b), count) is not List<Interval> backward)
        {
            return;
        }

        var start = backward.Count == count ? backward[^1].Start : BusinessCalendar.MinSupportedInstant;
        if (backward.Count < count && b - start > Duration.FromDays(4000))
        {
            return;
        }

        backward.Reverse();
        Assert.Equal(calendar.OpenIntervals(new Interval(start, b)), backward);
        for (var i = 0; i < backward.Count; i++)
        {
            // Maximal: the calendar is closed just before each start and at each end (unless cut at b).
            Assert.False(backward[i].Start > BusinessCalendar.MinSupportedInstant && calendar.IsOpen(backward[i].Start - Duration.Epsilon));
            Assert.False(backward[i].End < b && calendar.IsOpen(backward[i].End));
        }
    }

    [Fact]
    public void OpenIntervalsAfter_NearTheEndOfTheRange_StopsAtMaxSupportedInstant()
    {
        var always = AlwaysOpen();
        var from = BusinessCalendar.MaxSupportedInstant - Duration.FromDays(2);
        Assert.Equal([new Interval(from, BusinessCalendar.MaxSupportedInstant)], always.OpenIntervalsAfter(from).ToList());
        Assert.Empty(always.OpenIntervalsAfter(BusinessCalendar.MaxSupportedInstant));
        Assert.Empty(always.OpenIntervalsBefore(BusinessCalendar.MinSupportedInstant));
        var to = BusinessCalendar.MinSupportedInstant + Duration.FromDays(1);
        Assert.Equal([new Interval(BusinessCalendar.MinSupportedInstant, to)], always.OpenIntervalsBefore(to).ToList());
    }

    [Fact]
    public void OpenIntervalsAfter_ShanghaiOffice_WalksTheDocumentedWeek()
    {
        var desk = Office();
        var intervals = desk.OpenIntervalsAfter(Local(2025, 3, 7, 10, 30)).Take(3).ToList();
        Assert.Equal(
            [new Interval(Local(2025, 3, 7, 10, 30), Local(2025, 3, 7, 12)), new Interval(Local(2025, 3, 7, 13), Local(2025, 3, 7, 18)), new Interval(Local(2025, 3, 10, 9), Local(2025, 3, 10, 12))],
            intervals);
        Assert.Equal(
            [new Interval(Local(2025, 3, 7, 9), Local(2025, 3, 7, 10, 30)), new Interval(Local(2025, 3, 6, 13), Local(2025, 3, 6, 18))],
            desk.OpenIntervalsBefore(Local(2025, 3, 7, 10, 30)).Take(2).ToList());
    }

    [Fact]
    public void OpenIntervals_Enumeration_BadInputAndEmptyCalendars_ThrowTypedErrors()
    {
        var desk = Office();
        Assert.Equal("start", Assert.Throws<ArgumentOutOfRangeException>(() => desk.OpenIntervalsAfter(BusinessCalendar.MaxSupportedInstant + Duration.Epsilon)).ParamName);
        Assert.Equal("end", Assert.Throws<ArgumentOutOfRangeException>(() => desk.OpenIntervalsBefore(BusinessCalendar.MinSupportedInstant - Duration.Epsilon)).ParamName);
        Assert.Empty(default(OpenIntervalSequence));
        var closed = ExtremeCalendars.All[3].Calendar;
        var noon = Instant.FromUtc(2025, 1, 1, 12, 0);
        Assert.Equal(closed.Name, Assert.Throws<CalendarConfigurationException>(() => closed.OpenIntervalsAfter(noon).First()).CalendarName);
        Assert.Throws<CalendarConfigurationException>(() => closed.OpenIntervalsBefore(noon).First());
        Assert.Throws<NotSupportedException>(() => desk.OpenIntervalsAfter(noon).GetEnumerator().Reset());
    }

    [Fact]
    public void OpenIntervalsAfter_SteadyState_AllocatesNothing()
    {
        var desk = Office();
        var from = Local(2025, 1, 1, 0);
        long Walk()
        {
            long ticks = 0;
            var n = 0;
            foreach (var interval in desk.OpenIntervalsAfter(from))
            {
                ticks += (interval.End - interval.Start).BclCompatibleTicks;
                if (++n == 2000)
                {
                    break;
                }
            }

            return ticks;
        }

        var expected = Walk();
        var before = GC.GetAllocatedBytesForCurrentThread();
        var again = Walk();
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(expected, again);
    }
}
