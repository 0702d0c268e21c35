using CustomerService.Core.Leads;
using CustomerService.Core.Leads.Studio;
using NodaTime;

namespace CustomerService.Core.Tests.Leads.Studio;

public sealed partial class DeskReportTests
{
    private static readonly DateTimeZone Shanghai = DateTimeZoneProviders.Tzdb["Asia/Shanghai"];

    private static DeskEvent E(int month, int day, int hourUtc, DeskEventKind kind, string customer) =>
        new(Instant.FromUtc(2026, month, day, hourUtc, 0), kind, customer);

    [Fact]
    public void Build_OneDay_CountsEverySeedFigure()
    {
        DeskEvent[] events =
        [
            E(11, 23, 2, DeskEventKind.Visit, "c1"),
            E(11, 23, 2, DeskEventKind.Visit, "c1"), // the same couple twice: one visitor
            E(11, 23, 3, DeskEventKind.Visit, "c2"),
            E(11, 23, 3, DeskEventKind.Visit, "c3"),
            E(11, 23, 4, DeskEventKind.Deal, "c1"),
            E(11, 23, 4, DeskEventKind.NoDeal, "c2"),
            E(11, 23, 5, DeskEventKind.NoDeal, "c3"),
            E(11, 23, 6, DeskEventKind.Callback, "c2"),
            E(11, 23, 7, DeskEventKind.Deal, "c2"), // came back after the callback: no-deal return and callback conversion
            E(11, 23, 8, DeskEventKind.Referral, "c1"),
            E(11, 23, 9, DeskEventKind.Complaint, "c4"),
        ];

        var report = DeskReport.Build(events, Shanghai);

        var day = Assert.Single(report.Days);
        Assert.Equal(new LocalDate(2026, 11, 23), day.Date);
        Assert.Equal(new DeskTotals(Visitors: 3, Deals: 2, NoDeals: 2, NoDealReturns: 1, Callbacks: 1, CallbackConversions: 1, Referrals: 1, Complaints: 1), day.Totals);
        Assert.Equal(2.0 / 3, day.Totals.DealRate!.Value, 10);
    }

    [Fact]
    public void Build_EventAfterLocalMidnight_CountsOnTheStudiosNextDay()
    {
        // 16:30 UTC on the 23rd is 00:30 on the 24th in Shanghai.
        var events = new[] { new DeskEvent(Instant.FromUtc(2026, 11, 23, 16, 30), DeskEventKind.Visit, "c1") };

        Assert.Equal(new LocalDate(2026, 11, 24), DeskReport.Build(events, Shanghai).Days[0].Date);
        Assert.Equal(new LocalDate(2026, 11, 23), DeskReport.Build(events, DateTimeZone.Utc).Days[0].Date);
    }

    [Fact]
    public void Build_AcrossNewYear_GroupsByIsoWeek()
    {
        DeskEvent[] events =
        [
            E(12, 28, 2, DeskEventKind.Visit, "a"), // Monday of ISO week 53 of 2026
            new(Instant.FromUtc(2027, 1, 1, 2, 0), DeskEventKind.Visit, "b"), // Friday, still week 53 of 2026
            new(Instant.FromUtc(2027, 1, 4, 2, 0), DeskEventKind.Visit, "c"), // Monday, week 1 of 2027
        ];

        var weeks = DeskReport.Build(events, Shanghai).Weeks;

        Assert.Equal(2, weeks.Count);
        Assert.Equal((2026, 53, new LocalDate(2026, 12, 28), 2), (weeks[0].WeekYear, weeks[0].Week, weeks[0].Monday, weeks[0].Totals.Visitors));
        Assert.Equal((2027, 1, new LocalDate(2027, 1, 4), 1), (weeks[1].WeekYear, weeks[1].Week, weeks[1].Monday, weeks[1].Totals.Visitors));
    }

    [Fact]
    public void Build_UnorderedInput_IsReadInTimeOrder()
    {
        DeskEvent[] events = [E(11, 24, 2, DeskEventKind.Deal, "c"), E(11, 23, 2, DeskEventKind.NoDeal, "c")];

        var report = DeskReport.Build(events, Shanghai);

        Assert.Equal(1, report.Total.NoDealReturns);
        Assert.Equal(1, report.Days[1].Totals.NoDealReturns);
    }

    [Fact]
    public void Build_Empty_HasNoDays()
    {
        var report = DeskReport.Build([], Shanghai);
        Assert.Empty(report.Days);
        Assert.Empty(report.Weeks);
        Assert.Null(report.Total.DealRate);
    }

    [Fact]
    public void Build_BadEvents_Throw()
    {
        Assert.Throws<ArgumentException>(() => DeskReport.Build([new DeskEvent(Instant.FromUtc(2026, 1, 1, 0, 0), (DeskEventKind)99, "c")], Shanghai));
        Assert.Throws<ArgumentException>(() => DeskReport.Build([new DeskEvent(Instant.FromUtc(2026, 1, 1, 0, 0), DeskEventKind.Visit, "")], Shanghai));
        Assert.Throws<ArgumentNullException>(() => DeskReport.Build(null!, Shanghai));
    }

    [Fact]
    public void Build_EventsAtInstantsEnds_CountOrThrowNamingEvents()
    {
        // In UTC both ends have a local date and an ISO week NodaTime can hold (9999-12-31 is a Friday of week 52).
        var last = DeskReport.Build([new DeskEvent(Instant.MaxValue, DeskEventKind.Visit, "c")], DateTimeZone.Utc);
        Assert.Equal((new LocalDate(9999, 12, 31), 1), (last.Days[0].Date, last.Days[0].Totals.Visitors));
        Assert.Equal((9999, 52, new LocalDate(9999, 12, 27)), (last.Weeks[0].WeekYear, last.Weeks[0].Week, last.Weeks[0].Monday));

        // In Shanghai the last instant is already 10000-01-01, and the first week of -9998 starts before NodaTime's first day.
        DeskEvent[] events = [new(Instant.FromUtc(2026, 11, 23, 2, 0), DeskEventKind.Visit, "c"), new(Instant.MaxValue, DeskEventKind.Visit, "c")];
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => DeskReport.Build(events, Shanghai));
        Assert.Equal("events", error.ParamName);
        Assert.Contains("#1", error.Message, StringComparison.Ordinal);
        Assert.Equal("events", Assert.Throws<ArgumentOutOfRangeException>(() => DeskReport.Build([new DeskEvent(Instant.MinValue, DeskEventKind.Visit, "c")], Shanghai)).ParamName);
    }

    [Fact]
    public void Build_BadEvent_NamesItsPositionInTheCallersOrder()
    {
        DeskEvent[] events = [E(11, 24, 2, DeskEventKind.Visit, "a"), E(11, 23, 2, DeskEventKind.Visit, "b"), E(11, 22, 2, (DeskEventKind)99, "c")];

        var error = Assert.Throws<ArgumentException>(() => DeskReport.Build(events, Shanghai));

        Assert.Equal("events", error.ParamName);
        Assert.Contains("#2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DeskTotals_SumPastIntMaxValue_ThrowsOverflow()
    {
        var full = new DeskTotals(int.MaxValue, 0, 0, 0, 0, 0, 0, 0);

        Assert.Throws<OverflowException>(() => full + new DeskTotals(1, 0, 0, 0, 0, 0, 0, 0));
    }
}
