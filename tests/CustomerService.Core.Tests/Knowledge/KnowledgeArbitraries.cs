using CustomerService.Core.Knowledge;
using FsCheck;
using FsCheck.Fluent;
using NodaTime;

namespace CustomerService.Core.Tests.Knowledge;

public sealed record OutcomeBatch(TicketKnowledgeOutcome[] Items, int Split);

public sealed record InquiryBatch(CategoryInquiry[] Items, int Split, int WindowHours);

public sealed record ViewBatch(SelfServiceView[] Items, int Split);

/// <summary>Generators of the knowledge KPIs' records over their whole documented range, with a split point for merges.</summary>
public static class KnowledgeArbitraries
{
    private static readonly Instant Base = Instant.FromUtc(1900, 1, 1, 0, 0);

    private static Gen<(T[] Items, int Split)> WithSplit<T>(Gen<T> item) =>
        from items in Gen.ArrayOf(item)
        from split in Gen.Choose(0, items.Length)
        select (items, split);

    public static Arbitrary<OutcomeBatch> Outcomes() =>
        WithSplit(
                from link in Gen.Elements<ArticleLinkKind?>(null, ArticleLinkKind.Answered, ArticleLinkKind.NoArticleHelped)
                from solved in Gen.Elements(true, false)
                select new TicketKnowledgeOutcome(link, solved))
            .Select(t => new OutcomeBatch(t.Items, t.Split)).ToArbitrary();

    public static Arbitrary<InquiryBatch> Inquiries() =>
        (from pair in WithSplit(
                from day in Gen.Choose(0, 300 * 365)
                from published in Gen.Choose(-1, 300 * 365)
                from gapHours in Gen.Choose(-1, 2000)
                select new CategoryInquiry(Base + Duration.FromDays(day), published < 0 ? null : Base + Duration.FromDays(published), gapHours < 0 ? null : Duration.FromHours(gapHours)))
         from window in Gen.Choose(0, 24 * 40)
         select new InquiryBatch(pair.Items, pair.Split, window)).ToArbitrary();

    public static Arbitrary<ViewBatch> Views() =>
        WithSplit(Gen.Elements(true, false, false).Select(b => new SelfServiceView(b))).Select(t => new ViewBatch(t.Items, t.Split)).ToArbitrary();
}
