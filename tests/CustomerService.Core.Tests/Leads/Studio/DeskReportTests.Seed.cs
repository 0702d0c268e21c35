using CustomerService.Core.Leads.Studio;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NodaTime;
using NodaTime.Calendars;

namespace CustomerService.Core.Tests.Leads.Studio;

/// <summary>The desk statistics of seed 001 (统计与建档, 查核), each test quoting the statement it checks.</summary>
public sealed partial class DeskReportTests
{
    private static Instant Local(int month, int day, int hour) => Shanghai.AtStrictly(new LocalDateTime(2026, month, day, hour, 0)).ToInstant();

    private static DeskEvent Deal(int month, int day, int hour, string customer, string segment) =>
        new(Local(month, day, hour), DeskEventKind.Deal, customer) { Order = new OrderRecord(segment, "classic", 9999m) };

    private static DeskEvent NoDeal(int month, int day, int hour, string customer, bool phoneLeft) =>
        new(Local(month, day, hour), DeskEventKind.NoDeal, customer) { NoDeal = new NoDealRecord(phoneLeft) };

    [Fact]
    public void Build_NoDealRecords_CountWhetherThePhoneWasLeft()
    {
        // Seed 001, 查核 1: "了解每天门市的成交量,C单量,C单顾客的电话是否留下"
        DeskEvent[] events =
        [
            Deal(11, 23, 10, "c1", StudioSegments.A),
            NoDeal(11, 23, 11, "c2", phoneLeft: true),
            NoDeal(11, 23, 12, "c3", phoneLeft: false),
            new(Local(11, 23, 13), DeskEventKind.NoDeal, "c4"), // no record: not counted as having left a phone
        ];

        var day = Assert.Single(DeskReport.Build(events, Shanghai).Days).Totals;

        Assert.Equal((1, 3, 1), (day.Deals, day.NoDeals, day.NoDealsWithPhone));
    }

    [Fact]
    public void Build_OrdersRegisteredBySegmentOnTheDayOfTheOrder()
    {
        // Seed 001, 建档 4: "把每天定单的顾客分:A;B;D客三种顾客。把顾客类型写在合约单的右上角,每天登记,每周整理"
        DeskEvent[] events =
        [
            Deal(11, 23, 10, "c1", StudioSegments.A),
            Deal(11, 23, 11, "c2", StudioSegments.B),
            Deal(11, 24, 11, "c3", StudioSegments.D),
            Deal(11, 24, 12, "c4", StudioSegments.A),
            new(Local(11, 24, 13), DeskEventKind.Deal, "c5"), // a deal without a record: under no segment
        ];

        var report = DeskReport.Build(events, Shanghai);

        Assert.Equal([(1, 1, 0), (1, 0, 1)], report.Days.Select(d => (d.Totals.OrdersA, d.Totals.OrdersB, d.Totals.OrdersD)));
        var week = Assert.Single(report.Weeks).Totals;
        Assert.Equal((2, 1, 1, 5), (week.OrdersA, week.OrdersB, week.OrdersD, week.Deals));
    }

    [Fact]
    public void OrderRecord_SegmentOtherThanABD_Throws()
    {
        // Order customers are marked only A, B or D: a C or an unsorted mark on a contract is a mistake.
        Assert.Throws<ArgumentException>(() => new OrderRecord(StudioSegments.C, "classic", 1m));
        Assert.Throws<ArgumentException>(() => new OrderRecord(StudioSegments.Unsorted, "classic", 1m));
        Assert.Throws<ArgumentException>(() => new OrderRecord(StudioSegments.A, " ", 1m));
        Assert.Throws<ArgumentOutOfRangeException>(() => new OrderRecord(StudioSegments.A, "classic", -1m));
        Assert.Throws<ArgumentOutOfRangeException>(() => new NoDealRecord(true) { ApproximateBudget = -5m });
    }

    [Fact]
    public void Build_Records_KeepTheSeedsFields()
    {
        // Seed 001, 供输 1: "把每天拍摄顾客的档案输入文档,即,联单号;顾客姓名,套系名称,套系价格,拍摄日期,结婚日期,地址,电话,生日,门市,备注"
        // Seed 001, 供输 2: "把每天C单顾客的名字,电话,门市,日期,大概婚期,大概预算,C单原因输入文档,方便跟踪追单"
        var order = new OrderRecord(StudioSegments.B, "romance-12800", 12800m) { ShootDate = new LocalDate(2026, 12, 5), Notes = "outdoor set" };
        var cOrder = new NoDealRecord(PhoneLeft: true) { ApproximateBudget = 8000m, ApproximateWeddingDate = new LocalDate(2027, 10, 1), Reason = "comparing studios" };
        DeskEvent[] events =
        [
            new(Local(11, 23, 10), DeskEventKind.Deal, "HT-201") { Order = order },
            new(Local(11, 23, 11), DeskEventKind.NoDeal, "HT-202") { NoDeal = cOrder },
        ];

        var report = DeskReport.Build(events, Shanghai);
        var november = Assert.Single(report.Months).Dates;

        var registered = Assert.Single(report.Register(DeskEventKind.Deal, november)).Order!;
        Assert.Equal(("romance-12800", 12800m, new LocalDate(2026, 12, 5), "outdoor set", StudioSegments.B), (registered.PackageName, registered.Price, registered.ShootDate, registered.Notes, registered.Segment));
        var followUp = Assert.Single(report.Register(DeskEventKind.NoDeal, november));
        Assert.Equal(("HT-202", 8000m, new LocalDate(2027, 10, 1), "comparing studios", true), (followUp.CustomerId, followUp.NoDeal!.ApproximateBudget, followUp.NoDeal.ApproximateWeddingDate, followUp.NoDeal.Reason, followUp.NoDeal.PhoneLeft));
    }

    [Fact]
    public void Build_RecordOnAnEventOfAnotherKind_ThrowsNamingItsPosition()
    {
        DeskEvent[] events =
        [
            new(Local(11, 23, 10), DeskEventKind.Visit, "c1"),
            new(Local(11, 23, 11), DeskEventKind.Visit, "c2") { Order = new OrderRecord(StudioSegments.A, "classic", 1m) },
        ];

        var e = Assert.Throws<ArgumentException>(() => DeskReport.Build(events, Shanghai));
        Assert.Equal("events", e.ParamName);
        Assert.Contains("#1", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => DeskReport.Build([new DeskEvent(Local(11, 23, 10), DeskEventKind.Deal, "c1") { NoDeal = new NoDealRecord(true) }], Shanghai));
        Assert.Throws<ArgumentException>(() => DeskReport.Build([new DeskEvent(Local(11, 23, 10), DeskEventKind.Visit, "c1") { Note = "rude" }], Shanghai));
    }

    [Fact]
    public void Build_WalkInsDealsNoDealReturnsAndReferrals_CountedPerDay()
    {
        // Seed 001, 统计 1: "统计每天的入客量,成交量,C单顾客的回头成交量与老点量"
        DeskEvent[] events =
        [
            new(Local(11, 23, 10), DeskEventKind.Visit, "c1"),
            NoDeal(11, 23, 10, "c1", phoneLeft: true),
            new(Local(11, 24, 15), DeskEventKind.Visit, "c1"),
            Deal(11, 24, 16, "c1", StudioSegments.A), // the C-order customer came back and bought
            new(Local(11, 24, 16), DeskEventKind.Referral, "c1"),
        ];

        var days = DeskReport.Build(events, Shanghai).Days;

        Assert.Equal([(1, 0, 1, 0, 0), (1, 1, 0, 1, 1)], days.Select(d => (d.Totals.Visitors, d.Totals.Deals, d.Totals.NoDeals, d.Totals.NoDealReturns, d.Totals.Referrals)));
    }

    [Fact]
    public void Register_Complaints_CollectedDailyAndListedForTheWeeklySummary()
    {
        // Seed 001, 统计 2: "统计每天的客怨,把其记录下来,每周做整理,交于刘经理"
        DeskEvent[] events =
        [
            new(Local(11, 23, 10), DeskEventKind.Complaint, "c1") { Note = "album late" },
            new(Local(11, 25, 10), DeskEventKind.Complaint, "c2") { Note = "retouching" },
            new(Local(11, 30, 10), DeskEventKind.Complaint, "c3") { Note = "next week" },
        ];

        var report = DeskReport.Build(events, Shanghai);

        Assert.Equal([1, 1, 1], report.Days.Select(d => d.Totals.Complaints));
        var first = report.Weeks[0];
        Assert.Equal((new LocalDate(2026, 11, 23), new LocalDate(2026, 11, 29), 2), (first.Dates.Start, first.Dates.End, first.Totals.Complaints));
        Assert.Equal(["album late", "retouching"], report.Register(DeskEventKind.Complaint, first.Dates).Select(e => e.Note));
        Assert.Equal(["next week"], report.Register(DeskEventKind.Complaint, report.Weeks[1].Dates).Select(e => e.Note));
    }

    [Fact]
    public void PhoneVisitDeals_RegisteredApartFromWalkInDeals()
    {
        // Seed 001, 统计 3: "统计每天电访的成交量,把电访回头的顾客另做登记"
        DeskEvent[] events =
        [
            NoDeal(11, 23, 10, "c1", phoneLeft: true),
            new(Local(11, 23, 14), DeskEventKind.Callback, "c1"),
            Deal(11, 24, 11, "c1", StudioSegments.B), // came back after the phone visit
            Deal(11, 24, 12, "c2", StudioSegments.A), // a walk-in deal
        ];

        var report = DeskReport.Build(events, Shanghai);

        Assert.Equal(1, report.Days[1].Totals.CallbackConversions);
        var registered = Assert.Single(report.PhoneVisitDeals(report.Months[0].Dates));
        Assert.Equal("c1", registered.CustomerId);
        Assert.Equal(2, report.Register(DeskEventKind.Deal, report.Months[0].Dates).Count);
    }

    [Fact]
    public void Months_RenewedEveryMonth()
    {
        // Seed 001, 建档 1: "摄控表,选样表,取件表,未成交表,转介绍表,做好每月更换"
        DeskEvent[] events =
        [
            NoDeal(11, 30, 20, "c1", phoneLeft: true),
            NoDeal(12, 1, 10, "c2", phoneLeft: false),
            new(Local(12, 2, 10), DeskEventKind.Referral, "c3"),
        ];

        var report = DeskReport.Build(events, Shanghai);

        Assert.Equal([new YearMonth(2026, 11), new YearMonth(2026, 12)], report.Months.Select(m => m.Month));
        Assert.Equal([1, 1], report.Months.Select(m => m.Totals.NoDeals));
        Assert.Equal(["c2"], report.Register(DeskEventKind.NoDeal, report.Months[1].Dates).Select(e => e.CustomerId));
        Assert.Equal(["c3"], report.Register(DeskEventKind.Referral, report.Months[1].Dates).Select(e => e.CustomerId));
        Assert.Throws<ArgumentOutOfRangeException>(() => report.Register((DeskEventKind)99, report.Months[1].Dates));
        Assert.Throws<ArgumentNullException>(() => report.Register(DeskEventKind.Deal, null!));
    }

    [Property(Arbitrary = [typeof(DeskHistoryArbitraries)], MaxTest = 200)]
    public bool Build_WeeksAndMonthsAreTheSumOfTheirDays_Meets_Specification(DeskHistory history)
    {
        var report = DeskReport.Build(history.Events, Shanghai);
        var weeksMatch = report.Weeks.All(w => w.Totals == Sum(report.Days.Where(d => WeekYearRules.Iso.GetWeekYear(d.Date) == w.WeekYear && WeekYearRules.Iso.GetWeekOfWeekYear(d.Date) == w.Week)));
        var monthsMatch = report.Months.All(m => m.Totals == Sum(report.Days.Where(d => d.Date.ToYearMonth() == m.Month)));
        var partition = Sum(report.Weeks.Select(w => w.Totals)) == report.Total && Sum(report.Months.Select(m => m.Totals)) == report.Total;
        var registers = Enum.GetValues<DeskEventKind>().All(k => report.Months.Sum(m => report.Register(k, m.Dates).Count) == history.Events.Count(e => e.Kind == k));
        var phone = report.Days.All(d => d.Totals.NoDealsWithPhone <= d.Totals.NoDeals && d.Totals.OrdersA + d.Totals.OrdersB + d.Totals.OrdersD <= d.Totals.Deals);
        return weeksMatch && monthsMatch && partition && registers && phone;
    }

    private static DeskTotals Sum(IEnumerable<DeskDay> days) => Sum(days.Select(d => d.Totals));

    private static DeskTotals Sum(IEnumerable<DeskTotals> totals) => totals.Aggregate(default(DeskTotals), (a, b) => a + b);
}

/// <summary>A stream of desk events with records, over a few months around a year's end.</summary>
public sealed record DeskHistory(DeskEvent[] Events);

/// <summary>Generators of desk streams.</summary>
public static class DeskHistoryArbitraries
{
    public static Arbitrary<DeskHistory> Streams()
    {
        var zone = DateTimeZoneProviders.Tzdb["Asia/Shanghai"];
        var start = new LocalDateTime(2026, 11, 15, 0, 0);
        var e =
            from minutes in Gen.Choose(0, 80 * 24 * 60)
            from kind in Gen.Elements(Enum.GetValues<DeskEventKind>())
            from customer in Gen.Elements("c1", "c2", "c3", "c4")
            from segment in Gen.Elements(StudioSegments.A, StudioSegments.B, StudioSegments.D, null)
            from phone in Gen.Elements(true, false)
            let at = zone.AtLeniently(start.PlusMinutes(minutes)).ToInstant()
            select kind switch
            {
                DeskEventKind.Deal when segment is not null => new DeskEvent(at, kind, customer) { Order = new OrderRecord(segment, "p", 100m) },
                DeskEventKind.NoDeal => new DeskEvent(at, kind, customer) { NoDeal = new NoDealRecord(phone) },
                _ => new DeskEvent(at, kind, customer),
            };
        return Gen.Choose(0, 40).SelectMany(n => e.ArrayOf(n)).Select(a => new DeskHistory(a)).ToArbitrary();
    }
}
