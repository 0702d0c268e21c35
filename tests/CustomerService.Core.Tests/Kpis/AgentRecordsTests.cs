using CustomerService.Core.Kpis;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NodaTime;

namespace CustomerService.Core.Tests.Kpis;

/// <summary>
/// Issue 19: "Agent knowledge tests and attendance (seed 002: 业务知识测试; 出勤天数、迟到早退): records with dates and
/// scores, feeding the scorecard directly instead of being typed in as numbers."
/// </summary>
public sealed class AgentRecordsTests
{
    private static readonly LocalDate Monday = new(2026, 3, 2);

    [Fact]
    public void Attendance_CountsDaysLateAndEarly_WithDates()
    {
        // Seed 002: "4、考勤情况:包括出勤天数、迟到早退次数等,反映客服人员的工作时间纪律性。"
        var acc = default(AttendanceAccumulator);
        acc.AddRange(
        [
            new AttendanceRecord(Monday, attended: true, late: true, leftEarly: false),
            new AttendanceRecord(Monday.PlusDays(1), attended: true, late: false, leftEarly: true),
            new AttendanceRecord(Monday.PlusDays(2), attended: false, late: false, leftEarly: false),
            new AttendanceRecord(Monday.PlusDays(3), attended: true, late: true, leftEarly: true),
        ]);
        Assert.Equal(4, acc.ScheduledDays);
        Assert.Equal(3, acc.AttendedDays);
        Assert.Equal(2, acc.LateArrivals);
        Assert.Equal(2, acc.EarlyLeaves);
        Assert.Equal(new KpiRate(3, 4), acc.AttendanceRate);
        Assert.Equal(Monday, acc.FirstDate);
        Assert.Equal(Monday.PlusDays(3), acc.LastDate);
    }

    [Fact]
    public void AttendanceRecord_LateOnAnAbsentDay_IsRejectedByName()
    {
        Assert.Equal("late", Assert.Throws<ArgumentException>(() => new AttendanceRecord(Monday, attended: false, late: true, leftEarly: false)).ParamName);
        Assert.Equal("leftEarly", Assert.Throws<ArgumentException>(() => new AttendanceRecord(Monday, attended: false, late: false, leftEarly: true)).ParamName);
    }

    [Fact]
    public void KnowledgeTests_PooledScore_WithDates()
    {
        // Seed 002: "5、业务知识掌握程度:通过定期的业务知识测试或考试,考察客服人员对公司产品、服务、政策等方面的熟悉程度。"
        var acc = default(KnowledgeTestAccumulator);
        acc.Add(new KnowledgeTestResult(Monday.PlusDays(14), 45, 50));
        acc.Add(new KnowledgeTestResult(Monday, 80, 100));
        Assert.Equal(2, acc.Count);
        Assert.Equal(new KpiRate(125, 150), acc.Score);
        Assert.Equal(Monday, acc.FirstDate);
        Assert.Equal(Monday.PlusDays(14), acc.LastDate);
    }

    [Fact]
    public void KnowledgeTests_BadScores_AreRejected_AndChangeNothing()
    {
        Assert.Equal("points", Assert.Throws<ArgumentOutOfRangeException>(() => new KnowledgeTestResult(Monday, 101, 100)).ParamName);
        Assert.Equal("points", Assert.Throws<ArgumentOutOfRangeException>(() => new KnowledgeTestResult(Monday, -1, 100)).ParamName);
        Assert.Equal("maximumPoints", Assert.Throws<ArgumentOutOfRangeException>(() => new KnowledgeTestResult(Monday, 0, 0)).ParamName);
        var acc = default(KnowledgeTestAccumulator);
        Assert.Equal("records[1]", Assert.Throws<ArgumentOutOfRangeException>(() => acc.AddRange([new KnowledgeTestResult(Monday, 1, 2), default])).ParamName);
        Assert.Equal(0, acc.Count);
        Assert.Null(acc.FirstDate);
    }

    public static Arbitrary<AttendanceRecord[]> AttendanceRecords() =>
        Gen.ArrayOf(
            from day in Gen.Choose(0, 3650)
            from attended in Gen.Elements(true, false)
            from late in Gen.Elements(true, false)
            from early in Gen.Elements(true, false)
            select new AttendanceRecord(Monday.PlusDays(day), attended, attended && late, attended && early)).ToArbitrary();

    public static Arbitrary<KnowledgeTestResult[]> KnowledgeResults() =>
        Gen.ArrayOf(
            from day in Gen.Choose(0, 3650)
            from max in Gen.Choose(1, 1000)
            from points in Gen.Choose(0, max)
            select new KnowledgeTestResult(Monday.PlusDays(day), points, max)).ToArbitrary();

    [Property(Arbitrary = new[] { typeof(AgentRecordsTests) })]
    public bool Attendance_MergeIsOnePass_Meets_Specification(AttendanceRecord[] records, NonNegativeInt split)
    {
        int cut = records.Length == 0 ? 0 : split.Get % (records.Length + 1);
        var single = default(AttendanceAccumulator);
        foreach (AttendanceRecord r in records)
        {
            single.Add(r);
        }

        var left = default(AttendanceAccumulator);
        left.AddRange(records.AsSpan(0, cut));
        var right = default(AttendanceAccumulator);
        right.AddRange(records.AsSpan(cut));
        right.Merge(left);
        return right.Equals(single)
            && single.AttendedDays <= single.ScheduledDays && single.LateArrivals <= single.AttendedDays && single.EarlyLeaves <= single.AttendedDays
            && single.FirstDate == (records.Length == 0 ? null : records.Min(r => r.Date));
    }

    [Property(Arbitrary = new[] { typeof(AgentRecordsTests) })]
    public bool KnowledgeTests_MergeIsOnePass_Meets_Specification(KnowledgeTestResult[] records, NonNegativeInt split)
    {
        int cut = records.Length == 0 ? 0 : split.Get % (records.Length + 1);
        var single = default(KnowledgeTestAccumulator);
        single.AddRange(records);
        var left = default(KnowledgeTestAccumulator);
        left.AddRange(records.AsSpan(0, cut));
        var right = default(KnowledgeTestAccumulator);
        right.AddRange(records.AsSpan(cut));
        left.Merge(right);
        return left.Equals(single)
            && single.Score == new KpiRate(records.Sum(r => (long)r.Points), records.Sum(r => (long)r.MaximumPoints))
            && single.LastDate == (records.Length == 0 ? null : records.Max(r => r.Date));
    }
}

/// <summary>
/// Issue 19: "Opinions and suggestions (意见、建议) recorded per customer with category, counted and classified per
/// category and period ('分类分项统计'), feeding a report."
/// </summary>
public sealed class FeedbackTallyTests
{
    private static readonly DateTimeZone Shanghai = DateTimeZoneProviders.Tzdb["Asia/Shanghai"];

    [Fact]
    public void Tally_CountsPerCustomer_AndPerCategoryAndMonth()
    {
        // Seed 001: "客户服务部对内负责详细记录客户的基本情况和需求情况以及所提意见、建议的次数及内容,并进行分类分项统计。"
        // and "客户服务部对内负责定期向企业的有关领导和相关部门通报客户意见、建议。"
        var tally = new FeedbackTally(Shanghai, KpiPeriod.Month);
        tally.AddRange(
        [
            new CustomerFeedback("c-1", FeedbackKind.Opinion, "服务态度", Instant.FromUtc(2026, 3, 3, 2, 0)),
            new CustomerFeedback("c-1", FeedbackKind.Suggestion, "服务态度", Instant.FromUtc(2026, 3, 9, 2, 0)),
            new CustomerFeedback("c-2", FeedbackKind.Suggestion, "价格", Instant.FromUtc(2026, 3, 10, 2, 0)),
            new CustomerFeedback("c-2", FeedbackKind.Opinion, "服务态度", Instant.FromUtc(2026, 3, 31, 23, 30)), // 1 April in Shanghai
        ]);

        Assert.Equal(4, tally.Count);
        Assert.Equal(
            new[]
            {
                new FeedbackCount(new LocalDate(2026, 3, 1), "价格", 0, 1),
                new FeedbackCount(new LocalDate(2026, 3, 1), "服务态度", 1, 1),
                new FeedbackCount(new LocalDate(2026, 4, 1), "服务态度", 1, 0),
            },
            tally.ByPeriodAndCategory);
        Assert.Equal(new[] { new FeedbackCount(null, "c-1", 1, 1), new FeedbackCount(null, "c-2", 1, 1) }, tally.ByCustomer);
    }

    [Fact]
    public void Tally_IsoWeeks_StartOnMonday()
    {
        var tally = new FeedbackTally(Shanghai, KpiPeriod.IsoWeek);
        tally.Add(new CustomerFeedback("c-1", FeedbackKind.Opinion, "质量", Instant.FromUtc(2026, 3, 8, 10, 0))); // Sunday 8 March
        tally.Add(new CustomerFeedback("c-1", FeedbackKind.Opinion, "质量", Instant.FromUtc(2026, 3, 8, 17, 0))); // Monday 9 March, 01:00 in Shanghai
        Assert.Equal(new[] { new LocalDate(2026, 3, 2), new LocalDate(2026, 3, 9) }, tally.ByPeriodAndCategory.Select(r => r.PeriodStart!.Value));
        Assert.Equal(new LocalDate(2026, 3, 2), KpiGroupKeys.PeriodStart(new LocalDate(2026, 3, 8), KpiPeriod.IsoWeek));
        Assert.Equal(new LocalDate(2026, 3, 8), KpiGroupKeys.PeriodStart(new LocalDate(2026, 3, 8), KpiPeriod.Day));
    }

    [Fact]
    public void Feedback_BadInput_IsRejected_AndChangesNothing()
    {
        Assert.Throws<ArgumentException>(() => new CustomerFeedback(" ", FeedbackKind.Opinion, "x", Instant.FromUtc(2026, 1, 1, 0, 0)));
        Assert.Throws<ArgumentException>(() => new CustomerFeedback("c", FeedbackKind.Opinion, "", Instant.FromUtc(2026, 1, 1, 0, 0)));
        Assert.Equal("kind", Assert.Throws<ArgumentOutOfRangeException>(() => new CustomerFeedback("c", (FeedbackKind)0, "x", Instant.FromUtc(2026, 1, 1, 0, 0))).ParamName);
        Assert.Equal("period", Assert.Throws<ArgumentOutOfRangeException>(() => new FeedbackTally(Shanghai, (KpiPeriod)9)).ParamName);
        var tally = new FeedbackTally(DateTimeZoneProviders.Tzdb["America/New_York"], KpiPeriod.Day);
        var ok = new CustomerFeedback("c", FeedbackKind.Opinion, "x", Instant.FromUtc(2026, 1, 1, 12, 0));
        Assert.Equal("records[1]", Assert.Throws<ArgumentOutOfRangeException>(() => tally.AddRange([ok, new CustomerFeedback("c", FeedbackKind.Opinion, "x", Instant.MinValue)])).ParamName);
        Assert.Equal("records[0]", Assert.Throws<ArgumentNullException>(() => tally.AddRange([null!])).ParamName);
        Assert.Equal(0, tally.Count);
        Assert.Empty(tally.ByPeriodAndCategory);
        Assert.Throws<ArgumentException>(() => tally.Merge(new FeedbackTally(Shanghai, KpiPeriod.Day)));
    }

    public static Arbitrary<CustomerFeedback[]> Feedback() =>
        Gen.ArrayOf(
            from customer in Gen.Elements("c-1", "c-2", "c-3")
            from kind in Gen.Elements(FeedbackKind.Opinion, FeedbackKind.Suggestion)
            from category in Gen.Elements("服务态度", "价格", "质量")
            from hours in Gen.Choose(0, 24 * 400)
            select new CustomerFeedback(customer, kind, category, Instant.FromUtc(2026, 1, 1, 0, 0) + Duration.FromHours(hours))).ToArbitrary();

    [Property(Arbitrary = new[] { typeof(FeedbackTallyTests) })]
    public bool Tally_MergeIsOnePass_Meets_Specification(CustomerFeedback[] records, NonNegativeInt split)
    {
        int cut = records.Length == 0 ? 0 : split.Get % (records.Length + 1);
        var single = new FeedbackTally(Shanghai, KpiPeriod.Month);
        single.AddRange(records);
        var left = new FeedbackTally(Shanghai, KpiPeriod.Month);
        left.AddRange(records.AsSpan(0, cut));
        var right = new FeedbackTally(Shanghai, KpiPeriod.Month);
        right.AddRange(records.AsSpan(cut));
        left.Merge(right);
        return left.ByPeriodAndCategory.SequenceEqual(single.ByPeriodAndCategory)
            && left.ByCustomer.SequenceEqual(single.ByCustomer)
            && single.ByPeriodAndCategory.Sum(r => r.Total) == records.Length
            && single.ByCustomer.Sum(r => r.Opinions) == records.Count(r => r.Kind == FeedbackKind.Opinion);
    }
}
