using System.Text;
using CustomerService.Core.Calendars;
using CustomerService.Core.Calendars.ICalendar;
using NodaTime;
using Interval = NodaTime.Interval;

namespace CustomerService.Core.Tests.Calendars.ICalendar;

/// <summary>Importing iCalendar text onto a business calendar builder: the mapping, recurrences, zones and bad input.</summary>
public sealed class IcsImportTests
{
    private static readonly DateTimeZone Shanghai = MainlandChinaHolidays.Shanghai;
    private static readonly DateTimeZone Utc = DateTimeZone.Utc;

    private static string ChinaIcs => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Calendars", "Data", "cn-holidays-2025-2026.ics"));

    private static BusinessCalendarBuilder HelpDeskHours(string name = "Shanghai help desk") =>
        BusinessCalendar.CreateBuilder(name, Shanghai)
            .OpenWeekdays(new LocalTime(9, 0), new LocalTime(12, 0))
            .OpenWeekdays(new LocalTime(13, 0), new LocalTime(18, 0));

    private static IcsImportOptions ChinaOptions(bool makeUpDays = true)
    {
        var options = new IcsImportOptions { IncludeMakeUpDays = makeUpDays };
        options.MakeUpDayHours.Add((new LocalTime(9, 0), new LocalTime(12, 0)));
        options.MakeUpDayHours.Add((new LocalTime(13, 0), new LocalTime(18, 0)));
        return options;
    }

    /// <summary>The open intervals of a calendar over whole local dates, both ends included.</summary>
    private static IReadOnlyList<Interval> Open(BusinessCalendar calendar, LocalDate first, LocalDate last) =>
        calendar.OpenIntervals(new Interval(calendar.Zone.AtStartOfDay(first).ToInstant(), calendar.Zone.AtStartOfDay(last.PlusDays(1)).ToInstant()));

    private static bool OpenAt(BusinessCalendar calendar, LocalDateTime local) => calendar.IsOpen(local.InZoneLeniently(calendar.Zone).ToInstant());

    private static string Wrap(params string[] lines) =>
        string.Join("\r\n", ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//tests//EN", .. lines, "END:VCALENDAR"]) + "\r\n";

    private static string Event(string uid, params string[] lines) =>
        string.Join("\r\n", ["BEGIN:VEVENT", "UID:" + uid, "DTSTAMP:20250101T000000Z", .. lines, "END:VEVENT"]);

    [Fact]
    public void ChinaHolidays_ImportedFromIcs_EqualTheHandBuiltCalendar()
    {
        var imported = HelpDeskHours().ImportIcs(ChinaIcs, ChinaOptions()).Build();
        var byHand = MainlandChinaHolidays.BuildHelpDesk(years: [2025, 2026]);

        var first = new LocalDate(2024, 12, 1);
        var last = new LocalDate(2027, 1, 31);
        Assert.Equal(Open(byHand, first, last), Open(imported, first, last));
        Assert.False(OpenAt(imported, new LocalDateTime(2025, 1, 28, 10, 0)));  // 春节 holiday, a Tuesday
        Assert.True(OpenAt(imported, new LocalDateTime(2025, 1, 26, 10, 0)));   // make-up Sunday
        Assert.False(OpenAt(imported, new LocalDateTime(2025, 1, 26, 12, 30))); // its lunch break
    }

    [Fact]
    public void ChinaHolidays_ImportedIntoOptions_BuildTheSameCalendarAsTheBuilderImport()
    {
        var options = new BusinessCalendarOptions { Name = "Shanghai help desk", TimeZone = "Asia/Shanghai" };
        options.Weekdays.Add("09:00-12:00");
        options.Weekdays.Add("13:00-18:00");

        options.ImportIcs(ChinaIcs, ChinaOptions());

        var first = new LocalDate(2024, 12, 1);
        var last = new LocalDate(2027, 1, 31);
        Assert.Equal(Open(HelpDeskHours().ImportIcs(ChinaIcs, ChinaOptions()).Build(), first, last), Open(options.BuildCalendar(), first, last));
        Assert.Contains("2025-01-28", options.Holidays);
        Assert.Equal(["09:00:00-12:00:00", "13:00:00-18:00:00"], options.OpenDates["2025-01-26"]);
    }

    [Fact]
    public void BadFile_ImportedIntoOptions_LeavesThemUnchanged()
    {
        var options = new BusinessCalendarOptions { Name = "desk", TimeZone = "Asia/Shanghai" };
        options.Holidays.Add("2025-05-01");

        var error = Assert.Throws<CalendarImportException>(() => options.ImportIcs(Wrap(Event("x", "DTSTART;VALUE=DATE:20251001"), "BEGIN:VEVENT", "UID:y", "END:VEVENT"), ChinaOptions()));

        Assert.Contains("DTSTART", error.Message, StringComparison.Ordinal);
        Assert.Equal(["2025-05-01"], options.Holidays);
        Assert.Empty(options.OpenDates);
    }

    [Fact]
    public void ChinaHolidays_WithoutMakeUpDays_EqualTheHandBuiltCalendarWithoutThem()
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(ChinaIcs));
        var imported = HelpDeskHours().ImportIcs(stream, ChinaOptions(makeUpDays: false)).Build();
        var byHand = MainlandChinaHolidays.BuildHelpDesk(withMakeUpDays: false, years: [2025, 2026]);

        var first = new LocalDate(2025, 1, 1);
        var last = new LocalDate(2026, 12, 31);
        Assert.Equal(Open(byHand, first, last), Open(imported, first, last));
        Assert.False(OpenAt(imported, new LocalDateTime(2025, 1, 26, 10, 0)));
    }

    [Fact]
    public void ChinaHolidays_ImportedWorkingDays_MatchTheNoticesNetCount()
    {
        // The data file's own check: each year has 13 fewer Monday–Friday working days than a plain year.
        var imported = HelpDeskHours().ImportIcs(ChinaIcs, ChinaOptions()).Build();
        var plain = HelpDeskHours("plain").Build();
        foreach (var year in new[] { 2025, 2026 })
        {
            var first = new LocalDate(year, 1, 1);
            var last = new LocalDate(year, 12, 31);
            var days = Open(imported, first, last).Select(i => i.Start.InZone(Shanghai).Date).Distinct().Count();
            var plainDays = Open(plain, first, last).Select(i => i.Start.InZone(Shanghai).Date).Distinct().Count();
            Assert.Equal(plainDays - 13, days);
        }
    }

    [Fact]
    public void YearlyAnniversary_Rrule_ClosesTheDateEveryYearOfTheRangeOnly()
    {
        var ics = Wrap(Event("anniversary", "DTSTART;VALUE=DATE:20080618", "RRULE:FREQ=YEARLY", "SUMMARY:Company anniversary"));
        var options = new IcsImportOptions { Range = new DateInterval(new LocalDate(2024, 1, 1), new LocalDate(2030, 12, 31)) };
        var calendar = AllWeek(Utc).ImportIcs(ics, options).Build();

        for (var year = 2024; year <= 2030; year++)
        {
            Assert.False(OpenAt(calendar, new LocalDateTime(year, 6, 18, 10, 0)), $"{year}-06-18");
            Assert.True(OpenAt(calendar, new LocalDateTime(year, 6, 17, 10, 0)), $"{year}-06-17");
        }

        Assert.True(OpenAt(calendar, new LocalDateTime(2023, 6, 18, 10, 0)));
        Assert.True(OpenAt(calendar, new LocalDateTime(2031, 6, 18, 10, 0)));
    }

    [Fact]
    public void BoundedRrule_WithoutRange_ImportsEveryOccurrence()
    {
        var ics = Wrap(Event("count", "DTSTART;VALUE=DATE:20250301", "RRULE:FREQ=MONTHLY;COUNT=3"), Event("until", "DTSTART;VALUE=DATE:20250710", "RRULE:FREQ=WEEKLY;UNTIL=20250724"));
        var calendar = AllWeek(Utc).ImportIcs(ics, new IcsImportOptions()).Build();

        Assert.Equal(
            [new LocalDate(2025, 3, 1), new LocalDate(2025, 4, 1), new LocalDate(2025, 5, 1), new LocalDate(2025, 7, 10), new LocalDate(2025, 7, 17), new LocalDate(2025, 7, 24)],
            ClosedDates(calendar, new LocalDate(2025, 1, 1), new LocalDate(2025, 12, 31)));
    }

    [Fact]
    public void Exdate_LeavesThatOccurrenceOpen()
    {
        var ics = Wrap(Event(
            "anniversary",
            "DTSTART;VALUE=DATE:20200618",
            "RRULE:FREQ=YEARLY;UNTIL=20281231",
            "EXDATE;VALUE=DATE:20260618,20270618"));
        var calendar = AllWeek(Utc).ImportIcs(ics, new IcsImportOptions()).Build();

        Assert.Equal(
            [new LocalDate(2020, 6, 18), new LocalDate(2021, 6, 18), new LocalDate(2022, 6, 18), new LocalDate(2023, 6, 18), new LocalDate(2024, 6, 18), new LocalDate(2025, 6, 18), new LocalDate(2028, 6, 18)],
            ClosedDates(calendar, new LocalDate(2019, 1, 1), new LocalDate(2029, 12, 31)));
    }

    [Fact]
    public void TimedEvent_OverridesThatDatesHours()
    {
        var ics = Wrap(
            Event("eve", "DTSTART:20251224T090000", "DTEND:20251224T120000", "SUMMARY:Christmas Eve half day"),
            Event("night", "DTSTART:20251227T220000", "DTEND:20251228T020000", "SUMMARY:Saturday night migration desk"));
        var calendar = HelpDeskHours().ImportIcs(ics, new IcsImportOptions()).Build();

        Assert.True(OpenAt(calendar, new LocalDateTime(2025, 12, 24, 11, 59)));
        Assert.False(OpenAt(calendar, new LocalDateTime(2025, 12, 24, 14, 0)));
        Assert.True(OpenAt(calendar, new LocalDateTime(2025, 12, 23, 14, 0)));
        Assert.True(OpenAt(calendar, new LocalDateTime(2025, 12, 28, 1, 0)));
        Assert.False(OpenAt(calendar, new LocalDateTime(2025, 12, 27, 10, 0)));
        Assert.Equal(Duration.FromHours(4), calendar.BusinessTimeBetween(
            new LocalDateTime(2025, 12, 27, 0, 0).InZoneStrictly(Shanghai).ToInstant(),
            new LocalDateTime(2025, 12, 29, 0, 0).InZoneStrictly(Shanghai).ToInstant()));
    }

    [Fact]
    public void ZonedAndUtcTimes_AreConvertedIntoTheCalendarsZone()
    {
        // 02:00-05:00 in Berlin (UTC+1 in winter) is 09:00-12:00 in Shanghai; 05:00Z-07:00Z is 13:00-15:00.
        var ics = Wrap(
            Event("berlin", "DTSTART;TZID=Europe/Berlin:20251224T020000", "DTEND;TZID=Europe/Berlin:20251224T050000"),
            Event("utc", "DTSTART:20251224T050000Z", "DTEND:20251224T070000Z"));
        var calendar = HelpDeskHours().ImportIcs(ics, new IcsImportOptions { Zone = Shanghai }).Build();

        var day = new LocalDate(2025, 12, 24);
        Assert.Equal(
            [new Interval(day.At(new LocalTime(9, 0)).InZoneStrictly(Shanghai).ToInstant(), day.At(new LocalTime(12, 0)).InZoneStrictly(Shanghai).ToInstant()),
             new Interval(day.At(new LocalTime(13, 0)).InZoneStrictly(Shanghai).ToInstant(), day.At(new LocalTime(15, 0)).InZoneStrictly(Shanghai).ToInstant())],
            Open(calendar, day, day));
    }

    [Fact]
    public void ZonedTime_WithoutAZone_IsRejectedNamingTheEvent()
    {
        var ics = Wrap(Event("berlin", "DTSTART;TZID=Europe/Berlin:20251224T020000", "DTEND;TZID=Europe/Berlin:20251224T050000"));
        var error = Assert.Throws<CalendarImportException>(() => HelpDeskHours().ImportIcs(ics, new IcsImportOptions()));
        Assert.Contains("line 4", error.Message, StringComparison.Ordinal);
        Assert.Contains("UID berlin", error.Message, StringComparison.Ordinal);
        Assert.Contains("Europe/Berlin", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SummaryPrefix_MarksMakeUpDays_WhenConfigured()
    {
        var ics = Wrap(Event("sat", "DTSTART;VALUE=DATE:20250208", "SUMMARY:补班 春节"));
        var options = new IcsImportOptions { MakeUpDayCategory = null, MakeUpDaySummaryPrefix = "补班" };
        options.MakeUpDayHours.Add((new LocalTime(9, 0), new LocalTime(18, 0)));
        var calendar = HelpDeskHours().ImportIcs(ics, options).Build();
        Assert.True(OpenAt(calendar, new LocalDateTime(2025, 2, 8, 12, 30)));

        // Without the prefix the same event is a holiday on a Saturday (closed anyway), so it stays closed.
        var closed = HelpDeskHours().ImportIcs(ics, new IcsImportOptions()).Build();
        Assert.False(OpenAt(closed, new LocalDateTime(2025, 2, 8, 12, 30)));
    }

    [Fact]
    public void CancelledEvent_IsSkipped()
    {
        var ics = Wrap(Event("x", "DTSTART;VALUE=DATE:20250303", "STATUS:CANCELLED"));
        var calendar = HelpDeskHours().ImportIcs(ics, new IcsImportOptions()).Build();
        Assert.True(OpenAt(calendar, new LocalDateTime(2025, 3, 3, 10, 0)));
    }

    public static TheoryData<string, string, int, string[]> BadFiles => new()
    {
        { "unparseable line", Wrap(Event("a", "DTSTART;VALUE=DATE:20250303", "this is not a content line")), 8, ["Line 8", "not a content line"] },
        { "unclosed event", "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:a\r\nDTSTART;VALUE=DATE:20250303\r\nEND:VCALENDAR\r\n", 6, ["Line 6", "END:VCALENDAR", "BEGIN:VEVENT of line 3"] },
        { "no calendar", "hello", 1, ["Line 1"] },
        { "missing DTSTART", Wrap(Event("ok", "DTSTART;VALUE=DATE:20250303"), Event("no-start", "SUMMARY:Holiday")), 9, ["line 9", "UID no-start", "DTSTART"] },
        { "RRULE without bound", Wrap(Event("forever", "DTSTART;VALUE=DATE:20250303", "RRULE:FREQ=YEARLY")), 4, ["line 4", "UID forever", "RRULE without COUNT or UNTIL", "Range"] },
        { "event before 1900", Wrap(Event("old", "DTSTART;VALUE=DATE:18991231")), 4, ["line 4", "UID old", "1899-12-31", "1900"] },
        { "timed event after 2199", Wrap(Event("late", "DTSTART:22000101T090000", "DTEND:22000101T100000")), 4, ["line 4", "UID late", "2200-01-01"] },
        { "holiday and opening on one date", Wrap(Event("holiday", "DTSTART;VALUE=DATE:20250303"), Event("opening", "DTSTART:20250303T090000", "DTEND:20250303T100000")), 9, ["line 9", "UID opening", "2025-03-03", "UID holiday"] },
        { "overlapping openings", Wrap(Event("a", "DTSTART:20250303T090000", "DTEND:20250303T110000"), Event("b", "DTSTART:20250303T100000", "DTEND:20250303T120000")), 10, ["line 10", "UID b", "UID a", "overlaps"] },
        { "timed event without end", Wrap(Event("open-ended", "DTSTART:20250303T090000")), 4, ["line 4", "UID open-ended", "no end"] },
        { "opening longer than a day", Wrap(Event("long", "DTSTART:20250303T090000", "DTEND:20250305T090000")), 4, ["line 4", "UID long", "within 24 hours"] },
        { "make-up day without hours", Wrap(Event("sat", "DTSTART;VALUE=DATE:20250208", "CATEGORIES:WORKDAY")), 4, ["line 4", "UID sat", "MakeUpDayHours"] },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public void BadFile_ThrowsNamingTheLineAndComponent_AndLeavesTheBuilderUnchanged(string label, string ics, int line, string[] named)
    {
        Assert.NotNull(label);
        // A valid holiday comes first in most files: it must not be applied when a later event is bad.
        var builder = HelpDeskHours("under test");
        var error = Assert.Throws<CalendarImportException>(() => builder.ImportIcs(ics, new IcsImportOptions()));

        Assert.Equal(line, error.Line);
        foreach (var text in named)
        {
            Assert.Contains(text, error.Message, StringComparison.Ordinal);
        }

        var first = new LocalDate(2025, 1, 1);
        var last = new LocalDate(2025, 12, 31);
        Assert.Equal(Open(HelpDeskHours("plain").Build(), first, last), Open(builder.Build(), first, last));
    }

    [Fact]
    public void RangeOutsideTheSupportedYears_IsRejected()
    {
        var options = new IcsImportOptions { Range = new DateInterval(new LocalDate(1899, 1, 1), new LocalDate(1900, 12, 31)) };
        Assert.Throws<ArgumentOutOfRangeException>(() => HelpDeskHours().ImportIcs(Wrap(), options));
    }

    private static BusinessCalendarBuilder AllWeek(DateTimeZone zone)
    {
        var builder = BusinessCalendar.CreateBuilder("All week", zone);
        for (var day = IsoDayOfWeek.Monday; day <= IsoDayOfWeek.Sunday; day++)
        {
            builder.Open(day, new LocalTime(9, 0), new LocalTime(18, 0));
        }

        return builder;
    }

    private static List<LocalDate> ClosedDates(BusinessCalendar calendar, LocalDate first, LocalDate last)
    {
        var closed = new List<LocalDate>();
        for (var date = first; date <= last; date = date.PlusDays(1))
        {
            if (Open(calendar, date, date).Count == 0)
            {
                closed.Add(date);
            }
        }

        return closed;
    }
}
