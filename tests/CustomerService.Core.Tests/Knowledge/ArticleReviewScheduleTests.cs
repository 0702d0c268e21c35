using CustomerService.Core.Calendars;
using CustomerService.Core.Knowledge;
using NodaTime;
using static CustomerService.Core.Tests.Knowledge.KnowledgeDesk;

namespace CustomerService.Core.Tests.Knowledge;

public sealed class ArticleReviewScheduleTests
{
    private static Instant InShanghai(int month, int day, int hour) => new LocalDateTime(2026, month, day, hour, 0).InZoneStrictly(Shanghai).ToInstant();

    [Fact]
    public void Approve_BeforeAHolidayWeek_ReviewDateCountsTheOwnersBusinessDays()
    {
        // Approved Wednesday 30 September 10:00 in Shanghai; refund-status is reviewed every 5 business days. 1–7 October
        // are closed, Saturday 10 October is a make-up working day: Thu 8 (1), Fri 9 (2), Sat 10 (3), Mon 12 (4), Tue 13 (5).
        var published = Published(InShanghai(9, 30, 10));

        Assert.Equal(InShanghai(10, 13, 10), published.ReviewDueAt);
    }

    [Fact]
    public void Approve_CategoryWithoutItsOwnInterval_UsesTheDefault()
    {
        // 20 business days from Monday 28 September: 29, 30 Sep (2), 8, 9, 10 Oct (5), 12–16 (10), 19–23 (15), 26–30 (20).
        var published = Published(Monday, category: "delivery");

        Assert.Equal(InShanghai(10, 30, 10), published.ReviewDueAt);
    }

    [Fact]
    public void ChangeOwner_OfAPublishedArticle_RecomputesTheReviewDateInTheNewOwnersCalendar()
    {
        var approved = InShanghai(9, 30, 10); // 02:00 UTC, 03:00 in London (BST)
        var published = Published(approved);

        var handed = Lifecycle.Apply(published, new ArticleCommand.ChangeOwner("agent-london"), "agent-lead", approved + Duration.FromHours(1));

        // London has no holiday week: Thu 1, Fri 2, Mon 5, Tue 6, Wed 7 October, at the approval's local time (03:00 BST).
        Assert.Equal(new LocalDateTime(2026, 10, 7, 3, 0).InZoneStrictly(London).ToInstant(), handed.ReviewDueAt);
        Assert.Equal(approved, handed.ReviewedAt);
        Assert.Equal(ArticleState.Published, handed.State);
    }

    [Fact]
    public void Confirm_AfterTheReviewDate_CountsFromTheConfirmation()
    {
        var published = Published(Monday);
        var due = Lifecycle.Apply(published, new ArticleCommand.ReviewDue(), ArticleService.DueWorkActor, published.ReviewDueAt!.Value);
        var confirmedAt = InShanghai(10, 14, 16);

        var confirmed = Lifecycle.Apply(due, new ArticleCommand.Confirm(), "agent-owner", confirmedAt);

        // Wed 14 October + 5 business days: 15, 16, 19, 20, 21.
        Assert.Equal(InShanghai(10, 21, 16), confirmed.ReviewDueAt);
        Assert.Equal(confirmedAt, confirmed.ReviewedAt);
        Assert.Equal(Monday, confirmed.FirstPublishedAt);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(ArticleReviewSchedule.MaxIntervalDays + 1)]
    public void Constructor_IntervalOutOfRange_ThrowsNamingIt(int days)
    {
        Assert.Equal("defaultIntervalDays", Assert.Throws<ArgumentOutOfRangeException>(() => new ArticleReviewSchedule(Beijing, days)).ParamName);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new ArticleReviewSchedule(Beijing, 10, new Dictionary<string, int> { ["prices"] = days }));
        Assert.Equal("categoryIntervals", e.ParamName);
        Assert.Contains("'prices'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Lookups_UnknownKeys_FallBackToTheDefaults()
    {
        Assert.Equal(20, Schedule.IntervalFor("unknown"));
        Assert.Equal(5, Schedule.IntervalFor("refund-status"));
        Assert.Same(Beijing, Schedule.CalendarFor("agent-x"));
        Assert.Same(LondonDesk, Schedule.CalendarFor("agent-london"));
        Assert.Throws<ArgumentNullException>(() => new ArticleReviewSchedule(null!, 5));
        Assert.Throws<ArgumentNullException>(() => new ArticleReviewSchedule(Beijing, 5, null, new Dictionary<string, BusinessCalendar> { ["x"] = null! }));
    }
}
