using CustomerService.Core.Calendars;
using FsCheck.Xunit;
using NodaTime;
using Interval = NodaTime.Interval;

namespace CustomerService.Core.Tests.Calendars;

/// <summary>
/// The public calendar API driven with extreme values: every answer is right, or the documented exception naming the
/// caller's parameter; nothing else (no overflow, no index error, no NodaTime parameter name, no wrong sign).
/// </summary>
public sealed partial class BusinessCalendarTests
{
    private static readonly Duration RangeLength = BusinessCalendar.MaxSupportedInstant - BusinessCalendar.MinSupportedInstant;

    private static bool InRange(Instant instant) =>
        instant >= BusinessCalendar.MinSupportedInstant && instant <= BusinessCalendar.MaxSupportedInstant;

    private static bool ValidAmount(Duration amount) => amount >= Duration.Zero && amount <= RangeLength;

    /// <summary>Runs a question and returns its answer or the exception it threw, whatever its type.</summary>
    private static object Attempt<T>(Func<T> question)
    {
        try
        {
            return question()!;
        }
        catch (Exception exception)
        {
            return exception;
        }
    }

    private static void AssertOutOfRange(object outcome, string parameterName)
    {
        var error = Assert.IsType<ArgumentOutOfRangeException>(outcome);
        Assert.Equal(parameterName, error.ParamName);
    }

    private static void AssertNoOpenTime(object outcome, BusinessCalendar calendar, bool hasLongGaps)
    {
        var error = Assert.IsType<CalendarConfigurationException>(outcome);
        Assert.True(hasLongGaps, $"{calendar.Name} has no stretch without open time as long as the search horizon: {error.Message}");
        Assert.Equal(calendar.Name, error.CalendarName);
    }

    [Property(Arbitrary = [typeof(CalendarArbitraries)], MaxTest = 600)]
    public void PublicApi_ExtremeValues_Meets_Specification(ExtremeCalendarCase c)
    {
        var calendar = c.Calendar;
        var hasLongGaps = ExtremeCalendars.All[c.CalendarIndex].HasLongGaps;
        var (a, b, d) = (c.A, c.B, c.Amount);
        switch (c.Question)
        {
            case CalendarQuestion.IsOpen:
                var open = Attempt(() => calendar.IsOpen(a));
                if (!InRange(a))
                {
                    AssertOutOfRange(open, "instant");
                    break;
                }

                Assert.Equal(OpenSet.ContainsByDefinition(calendar.Schedule, calendar.Zone, a), open);
                break;

            case CalendarQuestion.BusinessTimeBetween:
                var between = Attempt(() => calendar.BusinessTimeBetween(a, b));
                if (!InRange(a) || !InRange(b))
                {
                    AssertOutOfRange(between, InRange(a) ? "to" : "from");
                    break;
                }

                var measure = Assert.IsType<Duration>(between);
                Assert.Equal(-measure, calendar.BusinessTimeBetween(b, a));
                Assert.True(a <= b ? measure >= Duration.Zero && measure <= b - a : measure <= Duration.Zero && measure >= b - a, $"{measure} over {b - a}");
                break;

            case CalendarQuestion.Add:
                CheckAdd(calendar, hasLongGaps, a, d, Attempt(() => calendar.Add(a, d)));
                break;

            case CalendarQuestion.Subtract:
                CheckSubtract(calendar, hasLongGaps, a, d, Attempt(() => calendar.Subtract(a, d)));
                break;

            case CalendarQuestion.NextOpening:
                var next = Attempt(() => calendar.NextOpening(a));
                if (!InRange(a) || next is ArgumentOutOfRangeException)
                {
                    AssertOutOfRange(next, "instant");
                    Assert.True(!InRange(a) || (calendar.BusinessTimeBetween(a, BusinessCalendar.MaxSupportedInstant) == Duration.Zero && !calendar.IsOpen(BusinessCalendar.MaxSupportedInstant)));
                }
                else if (next is CalendarConfigurationException)
                {
                    AssertNoOpenTime(next, calendar, hasLongGaps);
                }
                else
                {
                    var opening = Assert.IsType<Instant>(next);
                    Assert.True(opening >= a && calendar.IsOpen(opening) && calendar.BusinessTimeBetween(a, opening) == Duration.Zero);
                }

                break;

            case CalendarQuestion.NextClosing:
                var closing = Attempt(() => calendar.NextClosing(a));
                if (!InRange(a) || closing is ArgumentOutOfRangeException)
                {
                    AssertOutOfRange(closing, "instant");
                    Assert.True(!InRange(a) || calendar.IsOpen(BusinessCalendar.MaxSupportedInstant));
                }
                else if (closing is CalendarConfigurationException neverCloses)
                {
                    Assert.Equal(calendar.Name, neverCloses.CalendarName);
                    Assert.Equal(BusinessCalendar.SearchHorizon, calendar.BusinessTimeBetween(a, a + BusinessCalendar.SearchHorizon));
                }
                else
                {
                    var c2 = Assert.IsType<Instant>(closing);
                    Assert.True(c2 >= a && !calendar.IsOpen(c2) && calendar.BusinessTimeBetween(a, c2) == c2 - a);
                }

                break;

            case CalendarQuestion.PreviousOpeningAndClosing:
                foreach (var outcome in new[] { Attempt(() => calendar.PreviousOpening(a)), Attempt(() => calendar.PreviousClosing(a)) })
                {
                    if (!InRange(a) || outcome is ArgumentOutOfRangeException)
                    {
                        AssertOutOfRange(outcome, "instant");
                    }
                    else if (outcome is CalendarConfigurationException error)
                    {
                        Assert.Equal(calendar.Name, error.CalendarName);
                    }
                    else
                    {
                        Assert.True(Assert.IsType<Instant>(outcome) <= a);
                    }
                }

                break;

            case CalendarQuestion.Enumeration:
                var forward = Attempt(() => calendar.OpenIntervalsAfter(a).Take(3).ToList());
                var backward = Attempt(() => calendar.OpenIntervalsBefore(b).Take(3).ToList());
                if (!InRange(a))
                {
                    AssertOutOfRange(forward, "start");
                }
                else if (forward is CalendarConfigurationException noOpenTime)
                {
                    AssertNoOpenTime(noOpenTime, calendar, hasLongGaps);
                }
                else
                {
                    Assert.All(Assert.IsType<List<Interval>>(forward), i => Assert.True(i.Start >= a && i.End <= BusinessCalendar.MaxSupportedInstant && i.Start < i.End));
                }

                if (!InRange(b))
                {
                    AssertOutOfRange(backward, "end");
                }
                else if (backward is CalendarConfigurationException noOpenTimeBefore)
                {
                    AssertNoOpenTime(noOpenTimeBefore, calendar, hasLongGaps);
                }
                else
                {
                    Assert.All(Assert.IsType<List<Interval>>(backward), i => Assert.True(i.End <= b && i.Start >= BusinessCalendar.MinSupportedInstant && i.Start < i.End));
                }

                break;

            case CalendarQuestion.WhyClosed:
                var why = Attempt(() => calendar.WhyClosed(a));
                if (!InRange(a))
                {
                    AssertOutOfRange(why, "instant");
                }
                else
                {
                    Assert.Equal(calendar.IsOpen(a), Assert.IsType<ClosedReason>(why) == ClosedReason.None);
                }

                break;

            case CalendarQuestion.DateQuestions:
                var date = a.InUtc().Date;
                var validDate = date >= new LocalDate(1900, 1, 1) && date <= new LocalDate(2199, 12, 31);
                var days = (int)Math.Clamp(d.Days, int.MinValue, int.MaxValue);
                var isBusinessDay = Attempt(() => calendar.IsBusinessDay(date));
                var added = Attempt(() => calendar.AddBusinessDays(date, days));
                var addedToInstant = Attempt(() => calendar.AddBusinessDays(a, days));
                var counted = Attempt(() => calendar.BusinessDaysBetween(date, b.InUtc().Date));
                if (!validDate)
                {
                    AssertOutOfRange(isBusinessDay, "date");
                    AssertOutOfRange(added, "date");
                    AssertOutOfRange(counted, "from");
                }
                else
                {
                    Assert.IsType<bool>(isBusinessDay);
                    if (days < 0)
                    {
                        AssertOutOfRange(added, "days");
                    }
                    else if (added is not LocalDate)
                    {
                        Assert.True(added is CalendarConfigurationException || (added is ArgumentOutOfRangeException { ParamName: "days" }), $"{added}");
                    }
                }

                if (InRange(a) && days < 0)
                {
                    AssertOutOfRange(addedToInstant, "days");
                }
                else if (!InRange(a))
                {
                    AssertOutOfRange(addedToInstant, "start");
                }
                else
                {
                    Assert.True(addedToInstant is Instant || addedToInstant is CalendarConfigurationException || addedToInstant is ArgumentOutOfRangeException { ParamName: "days" or "start" }, $"{addedToInstant}");
                }

                break;

            case CalendarQuestion.OpenIntervals:
                var (low, high) = a <= b ? (a, b) : (b, a);
                var intervals = Attempt(() => calendar.OpenIntervals(new Interval(low, high)));
                if (!InRange(low) || !InRange(high))
                {
                    AssertOutOfRange(intervals, "interval");
                }
                else
                {
                    var list = Assert.IsAssignableFrom<IReadOnlyList<Interval>>(intervals);
                    Assert.Equal(calendar.BusinessTimeBetween(low, high), list.Aggregate(Duration.Zero, (sum, i) => sum + i.Duration));
                }

                Assert.Equal("interval", Assert.Throws<ArgumentException>(() => calendar.OpenIntervals(new Interval(null, high))).ParamName);
                Assert.Equal("interval", Assert.Throws<ArgumentException>(() => calendar.OpenIntervals(new Interval(low, null))).ParamName);
                break;

            case CalendarQuestion.AddBatch:
            case CalendarQuestion.SubtractBatch:
                Instant[] instants = [a, b, a];
                Duration[] amounts = [d, d, Duration.Zero];
                var results = new Instant[3];
                var add = c.Question == CalendarQuestion.AddBatch;
                var singles = instants.Zip(amounts, (i, x) => Attempt(() => add ? calendar.Add(i, x) : calendar.Subtract(i, x))).ToArray();
                var batch = Attempt(() =>
                {
                    if (add)
                    {
                        calendar.Add(instants, amounts, results);
                    }
                    else
                    {
                        calendar.Subtract(instants, amounts, results);
                    }

                    return results;
                });
                CheckBatch(singles, batch, results, instants.All(InRange) && amounts.All(ValidAmount), add ? "starts" : "ends");
                Assert.IsType<ArgumentException>(Attempt(() =>
                {
                    calendar.Add(instants, amounts, new Instant[2]);
                    return 0;
                }));
                break;

            case CalendarQuestion.BusinessTimeBetweenBatch:
                var elapsed = new Duration[2];
                var betweenBatch = Attempt(() =>
                {
                    calendar.BusinessTimeBetween([a, b], [b, a], elapsed);
                    return elapsed;
                });
                if (!InRange(a) || !InRange(b))
                {
                    AssertOutOfRange(betweenBatch, InRange(a) ? "to" : "from");
                    Assert.Equal(new Duration[2], elapsed);
                }
                else
                {
                    Assert.Equal([calendar.BusinessTimeBetween(a, b), calendar.BusinessTimeBetween(b, a)], elapsed);
                }

                break;
        }
    }

    private static void CheckAdd(BusinessCalendar calendar, bool hasLongGaps, Instant start, Duration amount, object outcome)
    {
        if (!InRange(start))
        {
            AssertOutOfRange(outcome, "start");
        }
        else if (!ValidAmount(amount))
        {
            AssertOutOfRange(outcome, "businessTime");
        }
        else if (outcome is ArgumentOutOfRangeException)
        {
            // Only when the open time left before the end of the range is less than the amount.
            AssertOutOfRange(outcome, "businessTime");
            Assert.True(calendar.BusinessTimeBetween(start, BusinessCalendar.MaxSupportedInstant) < amount);
        }
        else if (outcome is CalendarConfigurationException)
        {
            AssertNoOpenTime(outcome, calendar, hasLongGaps);
        }
        else
        {
            var due = Assert.IsType<Instant>(outcome);
            Assert.True(due >= start && InRange(due));
            Assert.Equal(amount, calendar.BusinessTimeBetween(start, due));
            Assert.True(due == start || calendar.BusinessTimeBetween(start, due - Duration.Epsilon) < amount);
        }
    }

    private static void CheckSubtract(BusinessCalendar calendar, bool hasLongGaps, Instant end, Duration amount, object outcome)
    {
        if (!InRange(end))
        {
            AssertOutOfRange(outcome, "end");
        }
        else if (!ValidAmount(amount))
        {
            AssertOutOfRange(outcome, "businessTime");
        }
        else if (outcome is ArgumentOutOfRangeException)
        {
            AssertOutOfRange(outcome, "businessTime");
            Assert.True(calendar.BusinessTimeBetween(BusinessCalendar.MinSupportedInstant, end) < amount);
        }
        else if (outcome is CalendarConfigurationException)
        {
            AssertNoOpenTime(outcome, calendar, hasLongGaps);
        }
        else
        {
            var start = Assert.IsType<Instant>(outcome);
            Assert.True(start <= end && InRange(start));
            Assert.Equal(amount, calendar.BusinessTimeBetween(start, end));
            Assert.True(start == end || calendar.BusinessTimeBetween(start + Duration.Epsilon, end) < amount);
        }
    }

    private static void CheckBatch(object[] singles, object batch, Instant[] results, bool inputsValid, string instantsName)
    {
        if (singles.All(s => s is Instant))
        {
            Assert.Equal(singles, results.Cast<object>());
            return;
        }

        // A batch fails as the single calls do; bad inputs are found before anything is written.
        Assert.True(batch is ArgumentOutOfRangeException or CalendarConfigurationException, $"batch gave {batch}");
        if (!inputsValid)
        {
            Assert.Contains(((ArgumentOutOfRangeException)batch).ParamName, new[] { instantsName, "businessTimes" });
            Assert.Equal(new Instant[results.Length], results);
        }
    }
}
