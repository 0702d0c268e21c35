using CustomerService.Core.Knowledge;
using NodaTime;
using static CustomerService.Core.Tests.Knowledge.KnowledgeDesk;

namespace CustomerService.Core.Tests.Knowledge;

public sealed class KnowledgeGapsTests
{
    private static readonly Instant Day0 = Instant.FromUtc(2026, 11, 2, 0, 0);
    private static readonly Interval November = new(Day0, Day0 + Duration.FromDays(28));

    private static Instant Day(double days) => Day0 + Duration.FromHours(days * 24);

    /// <summary>
    /// A hand-made month: refund-status has an article from day 10; delivery and invoice never have one; password had one
    /// from day 0 that was retired on day 14.
    /// </summary>
    private static ArticleCoverage Coverage()
    {
        var refund = Published(Day(10), "KB-refund", "refund-status");
        var password = Published(Day(-5), "KB-password", "password");
        var retired = Lifecycle.Apply(password, new ArticleCommand.Retire("new login"), "agent-owner", Day(14));
        var draft = Lifecycle.Create(Sample("KB-invoice", "invoice"), "agent-writer", Day(1));
        return ArticleCoverage.From([refund, retired, draft]);
    }

    [Fact]
    public void Find_HandMadeMonth_RanksTheUnansweredQuestions()
    {
        // Each ticket: (category, day asked, link: 'A' answered, 'N' no article helped, '-' none recorded).
        (string Category, double Day, char Link)[] tickets =
        [
            ("refund-status", 1, '-'), ("refund-status", 2, '-'), ("refund-status", 3, 'N'), ("refund-status", 11, 'A'),
            ("refund-status", 12, '-'), ("refund-status", 13, 'N'), ("refund-status", 20, 'A'),
            ("delivery", 1, '-'), ("delivery", 5, '-'), ("delivery", 6, 'N'), ("delivery", 7, '-'), ("delivery", 27.9, '-'),
            ("invoice", 2, '-'), ("invoice", 3, 'A'),
            ("password", 3, '-'), ("password", 13.9, '-'), ("password", 14, '-'), ("password", 20, 'N'),
            ("greeting", 4, 'A'),
            ("delivery", -1, '-'), ("delivery", 28, '-'), // outside the period
        ];
        var questions = tickets.Select((t, i) => new AskedQuestion("T-" + i, t.Category, Day(t.Day))).ToList();
        var links = tickets.Select((t, i) => (t, i)).Where(p => p.t.Link != '-').Select(p => p.t.Link == 'A'
            ? TicketArticleLink.Answered("T-" + p.i, p.t.Category, "KB-x", "agent-1", Day(p.t.Day) + Duration.FromHours(1))
            : TicketArticleLink.NoArticleHelped("T-" + p.i, p.t.Category, "agent-1", Day(p.t.Day) + Duration.FromHours(1))).ToList();

        // Expected counts, computed from the rows: asked in the period; without article = no link and no live article then.
        var coverage = Coverage();
        var inPeriod = tickets.Where(t => November.Contains(Day(t.Day))).ToList();
        var expected = inPeriod.GroupBy(t => t.Category).Select(g => new KnowledgeGap(
                g.Key,
                g.Count(),
                g.Count(t => t.Link == '-' && !CoveredByHand(t.Category, t.Day)),
                g.Count(t => t.Link == 'N')))
            .Where(g => g.Unanswered > 0)
            .OrderByDescending(g => g.Unanswered).ThenByDescending(g => g.Asked).ThenBy(g => g.Category, StringComparer.Ordinal)
            .ToList();

        var gaps = KnowledgeGaps.Find(November, questions, links, coverage, 10);

        Assert.Equal(expected, gaps);

        // And the figures by hand: delivery 5 asked, 4 without article, 1 none helped; refund-status 7 asked, 2 + 2;
        // password 4 asked, 1 (day 14, after retirement) + 1; invoice 2 asked, 1 + 0; greeting answered.
        Assert.Equal(
            [new KnowledgeGap("delivery", 5, 4, 1), new KnowledgeGap("refund-status", 7, 2, 2), new KnowledgeGap("password", 4, 1, 1), new KnowledgeGap("invoice", 2, 1, 0)],
            gaps);
        Assert.Equal(inPeriod.Count(t => t.Link == 'N') + inPeriod.Count(t => t.Link == '-' && !CoveredByHand(t.Category, t.Day)), gaps.Sum(g => g.Unanswered));
        Assert.Equal(2, KnowledgeGaps.Find(November, questions, links, coverage, 2).Count);
    }

    [Fact]
    public void Find_LatestLinkWins_AndATicketListedTwiceCountsOnce()
    {
        var questions = new[] { new AskedQuestion("T-1", "delivery", Day(1)), new AskedQuestion("T-1", "delivery", Day(1)) };
        var links = new[]
        {
            TicketArticleLink.NoArticleHelped("T-1", "delivery", "agent-1", Day(1.1)),
            TicketArticleLink.Answered("T-1", "delivery", "KB-1", "agent-2", Day(1.2)),
        };

        Assert.Empty(KnowledgeGaps.Find(November, questions, links, Coverage(), 10));
        Assert.Equal([new KnowledgeGap("delivery", 1, 0, 1)], KnowledgeGaps.Find(November, questions, links.Take(1), Coverage(), 10));
    }

    [Fact]
    public void Coverage_FromHistories_FollowsPublicationAndRetirement()
    {
        var coverage = Coverage();

        Assert.False(coverage.IsCovered("refund-status", Day(10) - Duration.FromNanoseconds(1)));
        Assert.True(coverage.IsCovered("refund-status", Day(10)));
        Assert.True(coverage.IsCovered("password", Day(14) - Duration.FromNanoseconds(1)));
        Assert.False(coverage.IsCovered("password", Day(14)));
        Assert.False(coverage.IsCovered("invoice", Day(20)));
        Assert.Equal(Day(10), coverage.FirstCoveredAt("refund-status"));
        Assert.Null(coverage.FirstCoveredAt("invoice"));
    }

    [Fact]
    public void Find_BadArguments_Throw()
    {
        Assert.Throws<ArgumentException>(() => KnowledgeGaps.Find(new Interval(null, Day0), [], [], Coverage(), 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => KnowledgeGaps.Find(November, [], [], Coverage(), -1));
        Assert.Throws<ArgumentNullException>(() => KnowledgeGaps.Find(November, [null!], [], Coverage(), 1));
        Assert.Equal("questions", Assert.Throws<ArgumentNullException>(() => KnowledgeGaps.Find(November, [new AskedQuestion("T-1", null!, Day(1))], [], Coverage(), 1)).ParamName);
        Assert.Throws<ArgumentNullException>(() => ArticleCoverage.From([null!]));
    }

    private static bool CoveredByHand(string category, double day) => category switch
    {
        "refund-status" => day >= 10,
        "password" => day < 14,
        _ => false,
    };
}
