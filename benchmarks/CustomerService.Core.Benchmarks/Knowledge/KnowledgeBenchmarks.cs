using System.Globalization;
using BenchmarkDotNet.Attributes;
using CustomerService.Core.Calendars;
using CustomerService.Core.Knowledge;
using NodaTime;

namespace CustomerService.Core.Benchmarks.Knowledge;

/// <summary>
/// The knowledge base's costs: one lifecycle transition (a Stateless machine configured per call, as the article
/// lifecycle does) and one with its review date counted in business days; a month's gap finding over 100,000 tickets in
/// 200 categories with 30,000 links and 500 articles; and the article-use accumulator over 1,000,000 ticket outcomes.
/// </summary>
[MemoryDiagnoser]
public class KnowledgeBenchmarks
{
    private const int Tickets = 100_000;
    private const int Categories = 200;
    private static readonly Instant Start = Instant.FromUtc(2026, 11, 2, 1, 0);

    private ArticleLifecycle _lifecycle = null!;
    private Article _draft = null!;
    private Article _inReview = null!;
    private AskedQuestion[] _questions = null!;
    private TicketArticleLink[] _links = null!;
    private ArticleCoverage _coverage = null!;
    private TicketKnowledgeOutcome[] _outcomes = null!;

    [GlobalSetup]
    public void Setup()
    {
        var calendar = BusinessCalendar.CreateBuilder("Beijing", DateTimeZoneProviders.Tzdb["Asia/Shanghai"])
            .OpenWeekdays(new LocalTime(9, 0), new LocalTime(18, 0))
            .Build();
        _lifecycle = new ArticleLifecycle(new ArticleReviewSchedule(calendar, 20));
        _draft = _lifecycle.Create(new NewArticle("KB-1", "c-1", "agent-owner", "Q", "cms://1"), "agent-writer", Start);
        _inReview = _lifecycle.Apply(_draft, new ArticleCommand.Submit(), "agent-writer", Start);

        var random = new Random(21);
        var articles = new List<Article>();
        for (var i = 0; i < 500; i++)
        {
            var category = "c-" + (i % (Categories / 2)).ToString(CultureInfo.InvariantCulture);
            var at = Start + Duration.FromHours(random.Next(0, 24 * 28));
            var draft = _lifecycle.Create(new NewArticle("KB-" + i.ToString(CultureInfo.InvariantCulture), category, "agent-owner", "Q", "cms://"), "agent-writer", at);
            var submitted = _lifecycle.Apply(draft, new ArticleCommand.Submit(), "agent-writer", at);
            articles.Add(_lifecycle.Apply(submitted, new ArticleCommand.Approve(), "agent-reviewer", at));
        }

        _coverage = ArticleCoverage.From(articles);
        _questions = new AskedQuestion[Tickets];
        var links = new List<TicketArticleLink>();
        for (var i = 0; i < Tickets; i++)
        {
            var id = "T-" + i.ToString(CultureInfo.InvariantCulture);
            var category = "c-" + random.Next(0, Categories).ToString(CultureInfo.InvariantCulture);
            var at = Start + Duration.FromMinutes(random.Next(0, 60 * 24 * 28));
            _questions[i] = new AskedQuestion(id, category, at);
            switch (random.Next(0, 10))
            {
                case < 2:
                    links.Add(TicketArticleLink.Answered(id, category, "KB-1", "agent-1", at));
                    break;
                case 2:
                    links.Add(TicketArticleLink.NoArticleHelped(id, category, "agent-1", at));
                    break;
            }
        }

        _links = [.. links];
        _outcomes = new TicketKnowledgeOutcome[1_000_000];
        for (var i = 0; i < _outcomes.Length; i++)
        {
            _outcomes[i] = new TicketKnowledgeOutcome(random.Next(0, 3) switch { 0 => null, 1 => ArticleLinkKind.Answered, _ => ArticleLinkKind.NoArticleHelped }, random.Next(0, 2) == 0);
        }
    }

    [Benchmark(Baseline = true)]
    public Article Apply_Submit() => _lifecycle.Apply(_draft, new ArticleCommand.Submit(), "agent-writer", Start);

    [Benchmark]
    public Article Apply_ApproveWithReviewDate() => _lifecycle.Apply(_inReview, new ArticleCommand.Approve(), "agent-reviewer", Start);

    [Benchmark]
    public int FindGaps_100kTickets() =>
        KnowledgeGaps.Find(new Interval(Start, Start + Duration.FromDays(28)), _questions, _links, _coverage, 20).Count;

    [Benchmark]
    public long ArticleUse_1MOutcomes()
    {
        var kpi = default(ArticleUseAccumulator);
        foreach (var outcome in _outcomes)
        {
            kpi.Add(outcome);
        }

        return kpi.SolvedWithArticle;
    }
}
