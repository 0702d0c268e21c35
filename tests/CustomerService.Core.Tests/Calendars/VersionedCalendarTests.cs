using CustomerService.Core.Calendars;
using CustomerService.Core.Sla;
using NodaTime;
using Interval = NodaTime.Interval;

namespace CustomerService.Core.Tests.Calendars;

/// <summary>Versioned and composed calendars on worked examples: the boundary rule, DST at a boundary, SLA recomputation, bad input.</summary>
public sealed class VersionedCalendarTests
{
    private static readonly DateTimeZone NewYork = DateTimeZoneProviders.Tzdb["America/New_York"];
    private static readonly DateTimeZone Havana = DateTimeZoneProviders.Tzdb["America/Havana"];
    private static readonly DateTimeZone Shanghai = DateTimeZoneProviders.Tzdb["Asia/Shanghai"];

    private static BusinessCalendar Daily(string name, DateTimeZone zone, LocalTime start, LocalTime end)
    {
        var builder = BusinessCalendar.CreateBuilder(name, zone);
        for (var day = IsoDayOfWeek.Monday; day <= IsoDayOfWeek.Sunday; day++)
        {
            builder.Open(day, start, end);
        }

        return builder.Build();
    }

    private static Instant Local(DateTimeZone zone, int year, int month, int day, int hour, int minute = 0) =>
        new LocalDateTime(year, month, day, hour, minute).InZoneStrictly(zone).ToInstant();

    [Fact]
    public void NightShiftReplacedOnSpringForwardDate_IsCutAtTheBoundary()
    {
        // 22:00–06:00 nightly until 2026-03-07; from 2026-03-08 (the day New York springs forward at 02:00) 09:00–17:00.
        var night = Daily("Night desk", NewYork, new LocalTime(22, 0), new LocalTime(6, 0));
        var day = Daily("Day desk", NewYork, new LocalTime(9, 0), new LocalTime(17, 0));
        var desk = BusinessCalendar.Versioned("Desk", night, [new CalendarVersion(new LocalDate(2026, 3, 8), day)]);
        var boundary = Local(NewYork, 2026, 3, 8, 0);

        Assert.True(desk.IsOpen(boundary - Duration.Epsilon));
        Assert.False(desk.IsOpen(boundary));
        Assert.Equal(boundary, desk.NextClosing(Local(NewYork, 2026, 3, 7, 23)));

        // 22:00–24:00 of the last old night (2 h) and 09:00–12:00 EDT of the first new day (3 h).
        Assert.Equal(Duration.FromHours(5), desk.BusinessTimeBetween(Local(NewYork, 2026, 3, 7, 20), Local(NewYork, 2026, 3, 8, 12)));
        Assert.Equal(Local(NewYork, 2026, 3, 8, 12), desk.Add(Local(NewYork, 2026, 3, 7, 20), Duration.FromHours(5)));

        // Before the boundary the old version answers alone; after it the new one.
        var before = new Interval(Local(NewYork, 2026, 2, 1, 0), Local(NewYork, 2026, 3, 7, 12));
        Assert.Equal(night.OpenIntervals(before), desk.OpenIntervals(before));
        var after = new Interval(boundary, Local(NewYork, 2026, 4, 1, 0));
        Assert.Equal(day.OpenIntervals(after), desk.OpenIntervals(after));
        Assert.True(desk.IsBusinessDay(new LocalDate(2026, 3, 7)));
        Assert.Equal([new Interval(Local(NewYork, 2026, 3, 7, 22), boundary)], desk.OpenIntervals(new LocalDate(2026, 3, 7)));
    }

    [Fact]
    public void VersionFromADateWhoseMidnightIsSkipped_StartsAtTheFirstInstantOfThatDate()
    {
        // Havana springs forward at midnight: 2024-03-10 starts at 01:00 CDT (05:00 UTC).
        var always = Daily("Always", Havana, LocalTime.Midnight, LocalTime.Midnight);
        var day = Daily("Day", Havana, new LocalTime(9, 0), new LocalTime(17, 0));
        var desk = BusinessCalendar.Versioned("Desk", always, [new CalendarVersion(new LocalDate(2024, 3, 10), day)]);
        var boundary = Havana.AtStartOfDay(new LocalDate(2024, 3, 10)).ToInstant();

        Assert.Equal(Instant.FromUtc(2024, 3, 10, 5, 0), boundary);
        Assert.True(desk.IsOpen(boundary - Duration.Epsilon));
        Assert.False(desk.IsOpen(boundary));
        Assert.Equal(boundary, desk.NextClosing(Instant.FromUtc(2024, 3, 9, 12, 0)));
        Assert.Equal(new LocalDateTime(2024, 3, 10, 9, 0).InZoneStrictly(Havana).ToInstant(), desk.NextOpening(boundary));
    }

    [Fact]
    public void HolidayAddedLater_ChangesOnlyTheDueTimesAfterItsVersion()
    {
        var hours = Daily("Desk 2025", Shanghai, new LocalTime(9, 0), new LocalTime(18, 0));
        var withHoliday = BusinessCalendar.CreateBuilder("Desk 2025b", Shanghai)
            .Open(IsoDayOfWeek.Monday, new LocalTime(9, 0), new LocalTime(18, 0))
            .Open(IsoDayOfWeek.Tuesday, new LocalTime(9, 0), new LocalTime(18, 0))
            .Open(IsoDayOfWeek.Wednesday, new LocalTime(9, 0), new LocalTime(18, 0))
            .Open(IsoDayOfWeek.Thursday, new LocalTime(9, 0), new LocalTime(18, 0))
            .Open(IsoDayOfWeek.Friday, new LocalTime(9, 0), new LocalTime(18, 0))
            .Open(IsoDayOfWeek.Saturday, new LocalTime(9, 0), new LocalTime(18, 0))
            .Open(IsoDayOfWeek.Sunday, new LocalTime(9, 0), new LocalTime(18, 0))
            .Closed(new LocalDate(2025, 6, 2))
            .Build();
        var versioned = BusinessCalendar.Versioned("Desk", hours, [new CalendarVersion(new LocalDate(2025, 6, 1), withHoliday)]);
        var policy = SlaPolicy.CreateBuilder("Standard", hours, "v1").DefaultTarget(SlaMetric.Resolution, Duration.FromHours(9)).Build();

        var oldTicket = policy.StartClock("old", SlaMetric.Resolution, SlaPriority.Normal, Local(Shanghai, 2025, 5, 20, 9));
        var newTicket = policy.StartClock("new", SlaMetric.Resolution, SlaPriority.Normal, Local(Shanghai, 2025, 6, 1, 12));
        var edited = policy.WithCalendar(versioned, "v2");

        // The old ticket's day lies before the new version: same due time. The new ticket runs into the added holiday.
        Assert.Equal(oldTicket.Evaluate(Local(Shanghai, 2025, 5, 20, 10)).DueAt, oldTicket.Recompute(edited).Evaluate(Local(Shanghai, 2025, 5, 20, 10)).DueAt);
        Assert.Equal(Local(Shanghai, 2025, 6, 2, 12), newTicket.Evaluate(Local(Shanghai, 2025, 6, 1, 13)).DueAt);
        Assert.Equal(Local(Shanghai, 2025, 6, 3, 12), newTicket.Recompute(edited).Evaluate(Local(Shanghai, 2025, 6, 1, 13)).DueAt);
    }

    [Fact]
    public void VersionsOnTheSameDate_AreRejectedAsOverlapping_NamingBoth()
    {
        var a = Daily("Desk A", Shanghai, new LocalTime(9, 0), new LocalTime(18, 0));
        var b = Daily("Desk B", Shanghai, new LocalTime(8, 0), new LocalTime(17, 0));
        var c = Daily("Desk C", Shanghai, new LocalTime(10, 0), new LocalTime(19, 0));
        var error = Assert.Throws<CalendarConfigurationException>(() => BusinessCalendar.Versioned(
            "Desk", a, [new CalendarVersion(new LocalDate(2026, 3, 1), b), new CalendarVersion(new LocalDate(2026, 3, 1), c)]));
        Assert.Equal("Desk", error.CalendarName);
        Assert.Contains("version 1 (effective 2026-03-01, 'Desk B')", error.Message, StringComparison.Ordinal);
        Assert.Contains("version 2 (effective 2026-03-01, 'Desk C')", error.Message, StringComparison.Ordinal);
        Assert.Contains("overlap", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void VersionsOutOfOrder_AreRejected_NamingBoth()
    {
        var a = Daily("Desk A", Shanghai, new LocalTime(9, 0), new LocalTime(18, 0));
        var b = Daily("Desk B", Shanghai, new LocalTime(8, 0), new LocalTime(17, 0));
        var c = Daily("Desk C", Shanghai, new LocalTime(10, 0), new LocalTime(19, 0));
        var error = Assert.Throws<CalendarConfigurationException>(() => BusinessCalendar.Versioned(
            "Desk", a, [new CalendarVersion(new LocalDate(2026, 3, 1), b), new CalendarVersion(new LocalDate(2025, 3, 1), c)]));
        Assert.Contains("version 2 (effective 2025-03-01, 'Desk C') is out of order", error.Message, StringComparison.Ordinal);
        Assert.Contains("version 1 (effective 2026-03-01, 'Desk B')", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void VersionInAnotherZoneOrOutsideTheDates_IsRejected()
    {
        var a = Daily("Desk A", Shanghai, new LocalTime(9, 0), new LocalTime(18, 0));
        var ny = Daily("Desk NY", NewYork, new LocalTime(9, 0), new LocalTime(18, 0));
        var zone = Assert.Throws<CalendarConfigurationException>(() => BusinessCalendar.Versioned("Desk", a, [new CalendarVersion(new LocalDate(2026, 3, 1), ny)]));
        Assert.Contains("'America/New_York'", zone.Message, StringComparison.Ordinal);
        var early = Assert.Throws<CalendarConfigurationException>(() => BusinessCalendar.Versioned("Desk", a, [new CalendarVersion(new LocalDate(1900, 1, 1), a)]));
        Assert.Contains("1900-01-01", early.Message, StringComparison.Ordinal);
        Assert.Throws<CalendarConfigurationException>(() => BusinessCalendar.Versioned("Desk", a, [new CalendarVersion(new LocalDate(2200, 1, 1), a)]));
        Assert.Throws<ArgumentNullException>(() => BusinessCalendar.Versioned("Desk", a, [new CalendarVersion(new LocalDate(2026, 1, 1), null!)]));
        Assert.Throws<ArgumentNullException>(() => BusinessCalendar.Versioned("Desk", null!, []));
        Assert.Throws<ArgumentException>(() => BusinessCalendar.Versioned(" ", a, []));
        Assert.Throws<ArgumentNullException>(() => BusinessCalendar.Union("Both", a, null!));
        Assert.Throws<ArgumentException>(() => BusinessCalendar.Intersection("", a, a));
    }

    [Fact]
    public void ComposedAndVersionedCalendars_HaveNoOptionsForm()
    {
        var a = Daily("Desk A", Shanghai, new LocalTime(9, 0), new LocalTime(18, 0));
        var error = Assert.Throws<InvalidOperationException>(() => BusinessCalendar.Difference("Minus", a, a).ToOptions());
        Assert.Contains("'Minus'", error.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => BusinessCalendar.Versioned("Versions", a, []).ToOptions());
    }

    [Fact]
    public void TeamHoursWithinContractHoursMinusMaintenance_AnswersLikeTheHandComputedCalendar()
    {
        // Team 08:00–17:00 Shanghai, contract 09:00–18:00 Berlin (16:00–01:00 Shanghai in winter), maintenance 16:30–17:00 Shanghai.
        var team = Daily("Team", Shanghai, new LocalTime(8, 0), new LocalTime(17, 0));
        var contract = Daily("Contract", DateTimeZoneProviders.Tzdb["Europe/Berlin"], new LocalTime(9, 0), new LocalTime(18, 0));
        var maintenance = Daily("Maintenance", Shanghai, new LocalTime(16, 30), new LocalTime(17, 0));
        var desk = BusinessCalendar.Difference("Desk", BusinessCalendar.Intersection("Covered", team, contract), maintenance);
        var expected = Daily("Expected", Shanghai, new LocalTime(16, 0), new LocalTime(16, 30));
        var january = new Interval(Local(Shanghai, 2026, 1, 1, 0), Local(Shanghai, 2026, 2, 1, 0));

        Assert.Equal(expected.OpenIntervals(january), desk.OpenIntervals(january));
        Assert.Equal(ClosedReason.Excluded, desk.WhyClosed(Local(Shanghai, 2026, 1, 5, 16, 45)));
        Assert.Equal(ClosedReason.OutsideWeeklyHours, desk.WhyClosed(Local(Shanghai, 2026, 1, 5, 12)));
        Assert.Equal(Shanghai, desk.Zone);
        Assert.True(desk.IsBusinessDay(new LocalDate(2026, 1, 5)));
        Assert.Equal([new Interval(Local(Shanghai, 2026, 1, 5, 16), Local(Shanghai, 2026, 1, 5, 16, 30))], desk.OpenIntervals(new LocalDate(2026, 1, 5)));
    }
}
