using CustomerService.Core.Knowledge;
using CustomerService.Core.Kpis;
using FsCheck.Xunit;
using NodaTime;

namespace CustomerService.Core.Tests.Knowledge;

public sealed class KnowledgeKpisTests
{
    [Fact]
    public void ArticleUse_WorkedExample_MatchesTheDocs()
    {
        // 10 tickets, 4 answered by an article (3 solved), 2 marked "no article helped", 8 solved in all.
        var outcomes = new List<TicketKnowledgeOutcome>();
        outcomes.AddRange(Enumerable.Repeat(new TicketKnowledgeOutcome(ArticleLinkKind.Answered, true), 3));
        outcomes.Add(new TicketKnowledgeOutcome(ArticleLinkKind.Answered, false));
        outcomes.AddRange(Enumerable.Repeat(new TicketKnowledgeOutcome(ArticleLinkKind.NoArticleHelped, true), 2));
        outcomes.AddRange(Enumerable.Repeat(new TicketKnowledgeOutcome(null, true), 3));
        outcomes.Add(new TicketKnowledgeOutcome(null, false));
        var kpi = default(ArticleUseAccumulator);
        foreach (var outcome in outcomes)
        {
            kpi.Add(outcome);
        }

        Assert.Equal(new KpiRate(4, 10), kpi.ArticleUse);
        Assert.Equal(new KpiRate(3, 8), kpi.ResolutionWithArticle);
        Assert.Equal(new KpiRate(3, 4), kpi.ArticleSuccess);
        Assert.Equal(2L, kpi.NoArticleHelped);
    }

    [Fact]
    public void RepeatInquiry_WorkedExample_MatchesTheDocs()
    {
        var published = Instant.FromUtc(2026, 6, 1, 0, 0);
        var kpi = new RepeatInquiryAccumulator(Duration.FromDays(7));
        for (var i = 0; i < 20; i++)
        {
            kpi.Add(new CategoryInquiry(published - Duration.FromDays(i + 1), published, i < 6 ? Duration.FromDays(3) : null));
        }

        for (var i = 0; i < 25; i++)
        {
            kpi.Add(new CategoryInquiry(published + Duration.FromDays(i), published, i < 5 ? Duration.FromDays(7) - Duration.FromNanoseconds(1) : Duration.FromDays(7)));
        }

        Assert.Equal(new KpiRate(6, 20), kpi.RepeatRateBefore);
        Assert.Equal(new KpiRate(5, 25), kpi.RepeatRateAfter);
        Assert.Equal(0.3 - 0.2, kpi.Reduction!.Value, 12);
    }

    [Fact]
    public void Deflection_WorkedExample_MatchesTheDocs()
    {
        var kpi = default(DeflectionAccumulator);
        for (var i = 0; i < 200; i++)
        {
            kpi.Add(new SelfServiceView(BecameTicket: i < 30));
        }

        Assert.Equal(new KpiRate(170, 200), kpi.Deflection);
    }

    [Fact]
    public void Accumulators_BadInput_ThrowAndChangeNothing()
    {
        var use = default(ArticleUseAccumulator);
        use.Add(new TicketKnowledgeOutcome(ArticleLinkKind.Answered, true));
        Assert.Throws<ArgumentOutOfRangeException>(() => use.Add(new TicketKnowledgeOutcome((ArticleLinkKind)9, true)));
        Assert.Equal((1L, 1L, 1L), (use.Tickets, use.Answered, use.SolvedWithArticle));

        var repeat = new RepeatInquiryAccumulator(Duration.FromDays(7));
        Assert.Throws<ArgumentOutOfRangeException>(() => repeat.Add(new CategoryInquiry(Instant.FromUtc(2026, 1, 1, 0, 0), null, Duration.FromTicks(-1))));
        Assert.Equal((0L, 0L), (repeat.Before, repeat.After));
        Assert.Throws<ArgumentException>(() => repeat.Merge(new RepeatInquiryAccumulator(Duration.FromDays(30))));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RepeatInquiryAccumulator(Duration.FromTicks(-1)));
    }

    [Property(Arbitrary = new[] { typeof(KnowledgeArbitraries) })]
    public bool ArticleUseMerge_Meets_Specification(OutcomeBatch batch)
    {
        var single = default(ArticleUseAccumulator);
        var left = default(ArticleUseAccumulator);
        var right = default(ArticleUseAccumulator);
        for (var i = 0; i < batch.Items.Length; i++)
        {
            single.Add(batch.Items[i]);
            if (i < batch.Split)
            {
                left.Add(batch.Items[i]);
            }
            else
            {
                right.Add(batch.Items[i]);
            }
        }

        var merged = right;
        merged.Merge(left);
        var items = batch.Items;
        return merged.Equals(single)
            && single.Tickets == items.Length
            && single.Answered == items.Count(o => o.Link == ArticleLinkKind.Answered)
            && single.NoArticleHelped == items.Count(o => o.Link == ArticleLinkKind.NoArticleHelped)
            && single.Solved == items.Count(o => o.Solved)
            && single.SolvedWithArticle == items.Count(o => o.Solved && o.Link == ArticleLinkKind.Answered);
    }

    [Property(Arbitrary = new[] { typeof(KnowledgeArbitraries) })]
    public bool RepeatInquiryMerge_Meets_Specification(InquiryBatch batch)
    {
        var window = Duration.FromHours(batch.WindowHours);
        var single = new RepeatInquiryAccumulator(window);
        var left = new RepeatInquiryAccumulator(window);
        var right = new RepeatInquiryAccumulator(window);
        for (var i = 0; i < batch.Items.Length; i++)
        {
            single.Add(batch.Items[i]);
            if (i < batch.Split)
            {
                left.Add(batch.Items[i]);
            }
            else
            {
                right.Add(batch.Items[i]);
            }
        }

        left.Merge(right);
        bool After(CategoryInquiry q) => q.ArticlePublishedAt is { } p && p <= q.At;
        bool Repeat(CategoryInquiry q) => q.TimeToNextInquiry is { } g && g < window;
        var items = batch.Items;
        return left.Equals(single)
            && single.After == items.Count(After)
            && single.Before == items.Count(q => !After(q))
            && single.AfterRepeats == items.Count(q => After(q) && Repeat(q))
            && single.BeforeRepeats == items.Count(q => !After(q) && Repeat(q));
    }

    [Property(Arbitrary = new[] { typeof(KnowledgeArbitraries) })]
    public bool DeflectionMerge_Meets_Specification(ViewBatch batch)
    {
        var single = default(DeflectionAccumulator);
        var left = default(DeflectionAccumulator);
        var right = default(DeflectionAccumulator);
        for (var i = 0; i < batch.Items.Length; i++)
        {
            single.Add(batch.Items[i]);
            if (i < batch.Split)
            {
                left.Add(batch.Items[i]);
            }
            else
            {
                right.Add(batch.Items[i]);
            }
        }

        left.Merge(right);
        return left.Equals(single) && single.Views == batch.Items.Length && single.Deflected == batch.Items.Count(v => !v.BecameTicket);
    }

    [Property(Arbitrary = new[] { typeof(KnowledgeArbitraries) })]
    public bool GroupedByKey_Meets_Specification(OutcomeBatch batch)
    {
        // Per-category use through KpiGroups equals a filter per category.
        var groups = new KpiGroups<string, TicketKnowledgeOutcome, ArticleUseAccumulator>(() => default);
        for (var i = 0; i < batch.Items.Length; i++)
        {
            groups.Add(i % 3 == 0 ? "refund-status" : "delivery", batch.Items[i]);
        }

        return groups.Groups.All(g => g.Value.Tickets == batch.Items.Where((_, i) => (i % 3 == 0 ? "refund-status" : "delivery") == g.Key).Count())
            && groups.Groups.Values.Sum(a => a.Tickets) == batch.Items.Length;
    }
}
