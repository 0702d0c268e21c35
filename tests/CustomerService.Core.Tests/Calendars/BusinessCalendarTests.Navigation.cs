using CustomerService.Core.Calendars;
using FsCheck.Xunit;
using NodaTime;

namespace CustomerService.Core.Tests.Calendars;

/// <summary>The closing-side helpers and the date questions (issue 22), against the open set and a day-by-day walk.</summary>
public sealed partial class BusinessCalendarTests
{
    private static BusinessCalendar AlwaysOpen() => ExtremeCalendars.All[0].Calendar;

    [Property(Arbitrary = [typeof(CalendarArbitraries)], MaxTest = 150)]
    public void NextClosing_IsTheEarliestClosedInstant_Meets_Specification(CalendarSpec spec, Instant t)
    {
        var calendar = spec.Calendar;
        if (Outcome(() => calendar.NextClosing(t)) is not Instant c)
        {
            Assert.True(calendar.IsOpen(t), "Only an open instant can fail to find its closing.");
            return;
        }

        Assert.True(c >= t);
        Assert.Equal(c == t, !calendar.IsOpen(t));
        Assert.False(calendar.IsOpen(c));
        Assert.False(OpenSet.ContainsByDefinition(calendar.Schedule, calendar.Zone, c));
        Assert.Equal(c - t, calendar.BusinessTimeBetween(t, c));
    }

    [Property(Arbitrary = [typeof(CalendarArbitraries)], MaxTest = 150)]
    public void PreviousOpening_IsTheStartOfTheLastOpenIntervalFromTheInstant_Meets_Specification(CalendarSpec spec, Instant t)
    {
        var calendar = spec.Calendar;
        if (Outcome(() => calendar.PreviousOpening(t)) is not Instant o)
        {
            return;
        }

        Assert.True(o <= t && o > BusinessCalendar.MinSupportedInstant);
        Assert.True(calendar.IsOpen(o));
        Assert.False(OpenSet.ContainsByDefinition(calendar.Schedule, calendar.Zone, o - Duration.Epsilon));
        if (calendar.IsOpen(t))
        {
            Assert.Equal(t - o, calendar.BusinessTimeBetween(o, t));
        }
        else if (Outcome(() => calendar.NextClosing(o)) is Instant c)
        {
            // The interval that opened at o has closed by t, and nothing opened again since.
            Assert.True(c <= t);
            Assert.Equal(Duration.Zero, calendar.BusinessTimeBetween(c, t));
        }
    }

    [Property(Arbitrary = [typeof(CalendarArbitraries)], MaxTest = 150)]
    public void PreviousClosing_IsTheEndOfTheLastOpenIntervalBeforeTheInstant_Meets_Specification(CalendarSpec spec, Instant t)
    {
        var calendar = spec.Calendar;
        if (Outcome(() => calendar.PreviousClosing(t)) is not Instant c)
        {
            return;
        }

        Assert.True(c <= t);
        Assert.False(calendar.IsOpen(c));
        Assert.True(calendar.IsOpen(c - Duration.Epsilon));
        Assert.True(OpenSet.ContainsByDefinition(calendar.Schedule, calendar.Zone, c - Duration.Epsilon));
        if (c < t && Outcome(() => calendar.NextOpening(c)) is Instant o && o <= t)
        {
            // Whatever opened after c is still open at t: no interval ends in (c, t].
            Assert.True(calendar.IsOpen(t));
            Assert.Equal(t - o, calendar.BusinessTimeBetween(o, t));
        }
    }

    [Property(Arbitrary = [typeof(CalendarArbitraries)], MaxTest = 60)]
    public void DateQuestions_AgreeWithTheDatesOwnOpenIntervals_Meets_Specification(CalendarSpec spec, LocalDate date, int length)
    {
        var calendar = spec.Calendar;
        bool Business(LocalDate d) => calendar.OpenIntervals(d).Count != 0;

        Assert.Equal(Business(date), calendar.IsBusinessDay(date));
        foreach (var interval in calendar.OpenIntervals(date))
        {
            // Each interval lies in the open set and starts in a range of the date itself.
            Assert.True(OpenSet.ContainsByDefinition(calendar.Schedule, calendar.Zone, interval.Start));
            Assert.True(OpenSet.ContainsByDefinition(calendar.Schedule, calendar.Zone, interval.End - Duration.Epsilon));
            var local = interval.Start.InZone(calendar.Zone).LocalDateTime;
            Assert.Contains(calendar.Schedule.RangesFor(date), r => date.AtMidnight().PlusNanoseconds(r.StartNanoseconds) <= local && local < date.AtMidnight().PlusNanoseconds(r.EndNanoseconds));
        }

        // Business days between equal a day-walk count, in both directions.
        var other = date.PlusDays(Math.Clamp(length % 1500, -1500, 1500));
        other = other < CalendarErrors.MinDate ? CalendarErrors.MinDate : other > CalendarErrors.MaxDate ? CalendarErrors.MaxDate : other;
        var (first, last) = other >= date ? (date, other) : (other, date);
        var walked = 0;
        for (var d = first; d < last; d = d.PlusDays(1))
        {
            walked += Business(d) ? 1 : 0;
        }

        Assert.Equal(other >= date ? walked : -walked, calendar.BusinessDaysBetween(date, other));

        // The next and previous business days are the first ones a walk meets (within the horizon, else an error).
        LocalDate? Walk(int step)
        {
            for (var (d, n) = (date.PlusDays(step), 1); n <= CalendarErrors.HorizonDays && d >= CalendarErrors.MinDate && d <= CalendarErrors.MaxDate; d = d.PlusDays(step), n++)
            {
                if (Business(d))
                {
                    return d;
                }
            }

            return null;
        }

        var next = Outcome(() => calendar.NextBusinessDay(date));
        var previous = Outcome(() => calendar.PreviousBusinessDay(date));
        Assert.Equal(Walk(1) is { } n ? n : (object)(next is Type ? next : "a business day beyond the walk"), next);
        Assert.Equal(Walk(-1) is { } p ? p : (object)(previous is Type ? previous : "a business day beyond the walk"), previous);
    }

    [Property(Arbitrary = [typeof(CalendarArbitraries)], MaxTest = 100)]
    public void AddBusinessDays_CountsBusinessDaysAfterTheDate_Meets_Specification(CalendarSpec spec, LocalDate date, int count)
    {
        var calendar = spec.Calendar;
        var days = Math.Abs(count % 400);
        if (Outcome(() => calendar.AddBusinessDays(date, days)) is not LocalDate end)
        {
            return;
        }

        Assert.True(end >= date);
        if (days == 0)
        {
            Assert.Equal(date, end);
            return;
        }

        Assert.True(calendar.IsBusinessDay(end));
        Assert.Equal(days, calendar.BusinessDaysBetween(date.PlusDays(1), end.PlusDays(1)));
        Assert.Equal(days - 1, calendar.BusinessDaysBetween(date.PlusDays(1), end));
        Assert.Equal(days == 1 ? end : calendar.AddBusinessDays(calendar.AddBusinessDays(date, days - 1), 1), end);
    }

    [Property(Arbitrary = [typeof(CalendarArbitraries)], MaxTest = 100)]
    public void AddBusinessDays_FromAnInstant_KeepsTheLocalTimeOfDay_Meets_Specification(CalendarSpec spec, Instant start, int count)
    {
        var calendar = spec.Calendar;
        var days = Math.Abs(count % 50);
        var local = start.InZone(calendar.Zone).LocalDateTime;
        var expected = Outcome(() => days == 0 ? start : calendar.AddBusinessDays(local.Date, days).At(local.TimeOfDay).InZoneLeniently(calendar.Zone).ToInstant());
        var actual = Outcome(() => calendar.AddBusinessDays(start, days));
        if (expected is Instant e && e > BusinessCalendar.MaxSupportedInstant)
        {
            Assert.Equal(typeof(ArgumentOutOfRangeException), actual);
        }
        else
        {
            Assert.Equal(expected, actual);
        }
    }

    [Fact]
    public void ClosingHelpers_ShanghaiOffice_AnswerTheDocumentedExample()
    {
        var desk = Office();
        var tuesday1030 = Local(2025, 3, 4, 10, 30);
        Assert.Equal(Local(2025, 3, 4, 12), desk.NextClosing(tuesday1030));
        Assert.Equal(Local(2025, 3, 4, 9), desk.PreviousOpening(tuesday1030));
        Assert.Equal(Local(2025, 3, 3, 18), desk.PreviousClosing(tuesday1030));
        Assert.Equal(Local(2025, 3, 4, 12), desk.PreviousClosing(Local(2025, 3, 4, 12, 30)));
        Assert.Equal(Local(2025, 3, 4, 12, 30), desk.NextClosing(Local(2025, 3, 4, 12, 30)));
        Assert.Equal(Local(2025, 3, 4, 13), desk.PreviousOpening(Local(2025, 3, 4, 13)));
    }

    [Fact]
    public void NextClosing_AcrossTheCompiledTimelinesSegmentBoundary_FindsTheRealClosing()
    {
        // A night shift that runs over a segment boundary is one interval, not two.
        var calendar = NightShift(DateTimeZone.Utc);
        var boundary = CalendarArbitraries.SegmentBoundaries.First(b => b.InUtc().TimeOfDay is var time && time >= new LocalTime(22, 0) || time < new LocalTime(6, 0));
        var close = calendar.NextClosing(boundary - Duration.FromNanoseconds(1));
        Assert.Equal(new LocalTime(6, 0), close.InUtc().TimeOfDay);
        Assert.Equal(close, calendar.NextClosing(boundary));
        Assert.Equal(calendar.PreviousOpening(boundary), calendar.PreviousOpening(boundary - Duration.FromNanoseconds(1)));
        Assert.Equal(new LocalTime(22, 0), calendar.PreviousOpening(boundary).InUtc().TimeOfDay);
        Assert.Equal(new LocalTime(6, 0), calendar.PreviousClosing(boundary).InUtc().TimeOfDay);
    }

    [Fact]
    public void ClosingHelpers_CalendarsThatNeverCloseOrOpenedBeforeTheRange_ThrowTypedErrors()
    {
        var always = AlwaysOpen();
        var noon = Instant.FromUtc(2025, 3, 4, 12, 0);
        var neverCloses = Assert.Throws<CalendarConfigurationException>(() => always.NextClosing(noon));
        Assert.Equal(always.Name, neverCloses.CalendarName);
        Assert.Equal("instant", Assert.Throws<ArgumentOutOfRangeException>(() => always.PreviousOpening(noon)).ParamName);
        Assert.Equal("instant", Assert.Throws<ArgumentOutOfRangeException>(() => always.NextClosing(BusinessCalendar.MaxSupportedInstant - Duration.FromHours(1))).ParamName);
        Assert.Equal("instant", Assert.Throws<ArgumentOutOfRangeException>(() => Office().NextClosing(BusinessCalendar.MaxSupportedInstant + Duration.Epsilon)).ParamName);
        Assert.Equal("instant", Assert.Throws<ArgumentOutOfRangeException>(() => Office().PreviousClosing(BusinessCalendar.MinSupportedInstant - Duration.Epsilon)).ParamName);
        Assert.Throws<CalendarConfigurationException>(() => ExtremeCalendars.All[3].Calendar.PreviousClosing(noon));
    }

    [Fact]
    public void DateQuestions_NationalDay2025_CountTheMakeUpDays()
    {
        var desk = MainlandChinaHolidays.BuildHelpDesk(years: 2025);
        Assert.False(desk.IsBusinessDay(new LocalDate(2025, 10, 1)));
        Assert.True(desk.IsBusinessDay(new LocalDate(2025, 10, 11)));
        Assert.Equal(new LocalDate(2025, 10, 9), desk.NextBusinessDay(new LocalDate(2025, 9, 30)));
        Assert.Equal(new LocalDate(2025, 9, 30), desk.PreviousBusinessDay(new LocalDate(2025, 10, 9)));
        Assert.Equal(new LocalDate(2025, 10, 11), desk.AddBusinessDays(new LocalDate(2025, 9, 30), 3));
        Assert.Equal(248, desk.BusinessDaysBetween(new LocalDate(2025, 1, 1), new LocalDate(2026, 1, 1)));
        Assert.Equal(-248, desk.BusinessDaysBetween(new LocalDate(2026, 1, 1), new LocalDate(2025, 1, 1)));
        Assert.Equal(
            [new Interval(Local(2025, 10, 11, 9), Local(2025, 10, 11, 12)), new Interval(Local(2025, 10, 11, 13), Local(2025, 10, 11, 18))],
            desk.OpenIntervals(new LocalDate(2025, 10, 11)));
        Assert.Equal(Local(2025, 10, 11, 16), desk.AddBusinessDays(Local(2025, 9, 30, 16), 3));
        Assert.Equal(Local(2025, 10, 9, 20), desk.AddBusinessDays(Local(2025, 9, 30, 20), 1));
    }

    [Fact]
    public void DateQuestions_SpringForwardGap_ADateWhoseOnlyRangeIsSkippedIsNoBusinessDay()
    {
        var calendar = BusinessCalendar.CreateBuilder("Gap", NewYork)
            .OpenOn(new LocalDate(2025, 3, 9), new LocalTime(2, 0), new LocalTime(2, 30))
            .OpenOn(new LocalDate(2025, 3, 10), new LocalTime(2, 0), new LocalTime(2, 30))
            .Build();
        Assert.False(calendar.IsBusinessDay(new LocalDate(2025, 3, 9)));
        Assert.Empty(calendar.OpenIntervals(new LocalDate(2025, 3, 9)));
        Assert.True(calendar.IsBusinessDay(new LocalDate(2025, 3, 10)));
        Assert.Equal(new LocalDate(2025, 3, 10), calendar.NextBusinessDay(new LocalDate(2025, 3, 8)));
    }

    [Fact]
    public void DateIndex_EverySupportedDate_RoundTripsThroughItsIndex()
    {
        var date = CalendarErrors.MinDate;
        for (var index = 0; index < CalendarErrors.DateCount; index++, date = date.PlusDays(1))
        {
            Assert.Equal(index, CalendarErrors.CheckDate(date, "date"));
            Assert.Equal(date, CalendarErrors.DateAt(index));
        }

        Assert.Equal(CalendarErrors.MaxDate.PlusDays(1), date);
    }

    [Fact]
    public void DateQuestions_BadInput_ThrowTypedErrorsNamingTheValue()
    {
        var desk = Office();
        var before = new LocalDate(1899, 12, 31);
        var after = new LocalDate(2200, 1, 1);
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => desk.IsBusinessDay(before));
        Assert.Equal("date", error.ParamName);
        Assert.Equal(before, error.ActualValue);
        Assert.Equal("date", Assert.Throws<ArgumentOutOfRangeException>(() => desk.OpenIntervals(after)).ParamName);
        Assert.Equal("to", Assert.Throws<ArgumentOutOfRangeException>(() => desk.BusinessDaysBetween(new LocalDate(2025, 1, 1), after)).ParamName);
        var negative = Assert.Throws<ArgumentOutOfRangeException>(() => desk.AddBusinessDays(new LocalDate(2025, 1, 1), -1));
        Assert.Equal("days", negative.ParamName);
        Assert.Equal(-1, negative.ActualValue);
        Assert.Equal("days", Assert.Throws<ArgumentOutOfRangeException>(() => desk.AddBusinessDays(Local(2025, 1, 1, 9), -3)).ParamName);
        Assert.Equal("days", Assert.Throws<ArgumentOutOfRangeException>(() => desk.AddBusinessDays(new LocalDate(2199, 12, 1), 100)).ParamName);
        Assert.Equal("days", Assert.Throws<ArgumentOutOfRangeException>(() => desk.AddBusinessDays(new LocalDate(2025, 1, 1), int.MaxValue)).ParamName);
        Assert.Equal("date", Assert.Throws<ArgumentOutOfRangeException>(() => desk.NextBusinessDay(new LocalDate(2199, 12, 31))).ParamName);
        Assert.Equal("date", Assert.Throws<ArgumentOutOfRangeException>(() => desk.PreviousBusinessDay(new LocalDate(1900, 1, 1))).ParamName);
        Assert.Equal("date", Assert.Throws<ArgumentException>(() => desk.IsBusinessDay(new LocalDate(2025, 1, 1).WithCalendar(CalendarSystem.Julian))).ParamName);
        var closed = ExtremeCalendars.All[3].Calendar;
        Assert.Equal(closed.Name, Assert.Throws<CalendarConfigurationException>(() => closed.NextBusinessDay(new LocalDate(2025, 1, 1))).CalendarName);
        Assert.Throws<CalendarConfigurationException>(() => closed.AddBusinessDays(new LocalDate(2025, 1, 1), 1));
        Assert.Throws<CalendarConfigurationException>(() => closed.PreviousBusinessDay(new LocalDate(2025, 1, 1)));
    }
}
