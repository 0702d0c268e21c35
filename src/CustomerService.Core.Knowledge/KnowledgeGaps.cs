using NodaTime;

namespace CustomerService.Core.Knowledge;

/// <summary>A question a ticket asked: its category and when (the host's tickets, seen by the gap finding).</summary>
/// <param name="TicketId">The ticket.</param>
/// <param name="Category">The question category it was classified with.</param>
/// <param name="At">When it was asked (the ticket's creation).</param>
/// <threadsafety>This type is immutable and may be shared freely between threads.</threadsafety>
public sealed record AskedQuestion(string TicketId, string Category, Instant At);

/// <summary>A question category asked without an answer in the knowledge base, with its counts in the period.</summary>
/// <param name="Category">The category.</param>
/// <param name="Asked">The tickets of the category asked in the period.</param>
/// <param name="WithoutArticle">Of those, the tickets asked while no live article covered the category (and none was linked).</param>
/// <param name="NoArticleHelped">Of those, the tickets an agent marked "no article helped".</param>
/// <threadsafety>This type is immutable and may be shared freely between threads.</threadsafety>
public sealed record KnowledgeGap(string Category, int Asked, int WithoutArticle, int NoArticleHelped)
{
    /// <summary>Gets the tickets the knowledge base did not answer: <c>WithoutArticle + NoArticleHelped</c>.</summary>
    /// <value>The gap's size, by which the list is ranked.</value>
    public int Unanswered => WithoutArticle + NoArticleHelped;
}

/// <summary>When each question category had a live article: the intervals between a publication and the article leaving publication, merged per category.</summary>
/// <remarks>
/// Read from the articles' histories: an article is live from a transition into <see cref="ArticleState.Published"/> until a
/// transition into <see cref="ArticleState.Draft"/> or <see cref="ArticleState.Retired"/> (needing review, it stays live).
/// The intervals of one category's articles are merged.
/// </remarks>
/// <threadsafety>This type is immutable and thread-safe.</threadsafety>
public sealed class ArticleCoverage
{
    private readonly Dictionary<string, (Instant Start, Instant? End)[]> _intervals;

    private ArticleCoverage(Dictionary<string, (Instant Start, Instant? End)[]> intervals) => _intervals = intervals;

    /// <summary>Reads the coverage of a set of articles from their histories.</summary>
    /// <param name="articles">The articles (every state; drafts and never-published ones add nothing).</param>
    /// <returns>The coverage.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="articles"/> is or holds <see langword="null"/>.</exception>
    public static ArticleCoverage From(IEnumerable<Article> articles)
    {
        ArgumentNullException.ThrowIfNull(articles);
        var byCategory = new Dictionary<string, List<(Instant Start, Instant? End)>>(StringComparer.Ordinal);
        foreach (var article in articles)
        {
            ArgumentNullException.ThrowIfNull(article, nameof(articles));
            Instant? liveSince = null;
            foreach (var entry in article.History)
            {
                var wasLive = entry.From is ArticleState.Published or ArticleState.NeedsReview;
                var isLive = entry.To is ArticleState.Published or ArticleState.NeedsReview;
                if (!wasLive && isLive)
                {
                    liveSince = entry.At;
                }
                else if (wasLive && !isLive && liveSince is { } start)
                {
                    Add(byCategory, article.Category, (start, entry.At));
                    liveSince = null;
                }
            }

            if (liveSince is { } open)
            {
                Add(byCategory, article.Category, (open, null));
            }
        }

        return new ArticleCoverage(byCategory.ToDictionary(p => p.Key, p => Merge(p.Value), StringComparer.Ordinal));
    }

    /// <summary>Returns whether a live article covered a category at an instant.</summary>
    /// <param name="category">The category.</param>
    /// <param name="at">The instant.</param>
    /// <returns><see langword="true"/> when some article of the category was live at <paramref name="at"/> (an interval includes its start and excludes its end).</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="category"/> is <see langword="null"/>.</exception>
    public bool IsCovered(string category, Instant at)
    {
        ArgumentNullException.ThrowIfNull(category);
        if (!_intervals.TryGetValue(category, out var intervals))
        {
            return false;
        }

        foreach (var (start, end) in intervals)
        {
            if (start <= at && (end is null || at < end))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Returns when a category first had a live article (the "after" of the repeat-inquiry comparison).</summary>
    /// <param name="category">The category.</param>
    /// <returns>The first publication of one of its articles, or <see langword="null"/> when none was ever published.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="category"/> is <see langword="null"/>.</exception>
    public Instant? FirstCoveredAt(string category)
    {
        ArgumentNullException.ThrowIfNull(category);
        return _intervals.TryGetValue(category, out var intervals) ? intervals[0].Start : null;
    }

    private static void Add(Dictionary<string, List<(Instant, Instant?)>> byCategory, string category, (Instant, Instant?) interval)
    {
        if (!byCategory.TryGetValue(category, out var list))
        {
            byCategory[category] = list = [];
        }

        list.Add(interval);
    }

    private static (Instant Start, Instant? End)[] Merge(List<(Instant Start, Instant? End)> intervals)
    {
        intervals.Sort((a, b) => a.Start.CompareTo(b.Start));
        var merged = new List<(Instant Start, Instant? End)>();
        foreach (var interval in intervals)
        {
            if (merged.Count > 0 && (merged[^1].End is null || interval.Start <= merged[^1].End))
            {
                var last = merged[^1];
                merged[^1] = (last.Start, last.End is null || interval.End is null ? null : Instant.Max(last.End.Value, interval.End.Value));
            }
            else
            {
                merged.Add(interval);
            }
        }

        return [.. merged];
    }
}

/// <summary>Finds the questions asked most often without an answer in the knowledge base (收集整理客户常见问题): the list the desk should write next.</summary>
/// <threadsafety>This type is stateless and thread-safe.</threadsafety>
public static class KnowledgeGaps
{
    /// <summary>Ranks the question categories of a period by the tickets the knowledge base did not answer.</summary>
    /// <remarks>
    /// <para>For every ticket asked in <paramref name="period"/> (<c>start &lt;= At &lt; end</c>), its latest link decides:</para>
    /// <list type="bullet">
    /// <item>an article answered it: answered, not a gap;</item>
    /// <item>an agent marked "no article helped": a gap, counted in <see cref="KnowledgeGap.NoArticleHelped"/>;</item>
    /// <item>no link, and no live article covered its category when it was asked: a gap, counted in <see cref="KnowledgeGap.WithoutArticle"/>;</item>
    /// <item>no link while an article was live: not counted as a gap (nobody said the article failed).</item>
    /// </list>
    /// <para>Categories with at least one unanswered ticket are returned, most unanswered first, then most asked, then by
    /// category (ordinal). A ticket listed twice counts once (its first listing).</para>
    /// </remarks>
    /// <param name="period">The period; both ends bounded.</param>
    /// <param name="questions">The tickets asked (any period; the others are skipped).</param>
    /// <param name="links">The links agents recorded (any tickets; links of tickets not asked in the period are ignored).</param>
    /// <param name="coverage">When each category had a live article.</param>
    /// <param name="maxCount">The most categories to return; not negative.</param>
    /// <returns>The gaps, largest first.</returns>
    /// <exception cref="ArgumentNullException">Thrown when an argument is or holds <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">Thrown when <paramref name="period"/> has no start or no end.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when <paramref name="maxCount"/> is negative.</exception>
    public static IReadOnlyList<KnowledgeGap> Find(Interval period, IEnumerable<AskedQuestion> questions, IEnumerable<TicketArticleLink> links, ArticleCoverage coverage, int maxCount)
    {
        ArgumentNullException.ThrowIfNull(questions);
        ArgumentNullException.ThrowIfNull(links);
        ArgumentNullException.ThrowIfNull(coverage);
        ArgumentOutOfRangeException.ThrowIfNegative(maxCount);
        if (!period.HasStart || !period.HasEnd)
        {
            throw new ArgumentException("The period must have a start and an end.", nameof(period));
        }

        var latest = new Dictionary<string, TicketArticleLink>(StringComparer.Ordinal);
        foreach (var link in links)
        {
            ArgumentNullException.ThrowIfNull(link, nameof(links));
            if (!latest.TryGetValue(link.TicketId, out var known) || known.At <= link.At)
            {
                latest[link.TicketId] = link;
            }
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var counts = new Dictionary<string, (int Asked, int Without, int NoneHelped)>(StringComparer.Ordinal);
        foreach (var question in questions)
        {
            ArgumentNullException.ThrowIfNull(question, nameof(questions));
            if (question.TicketId is null || question.Category is null)
            {
                throw new ArgumentNullException(nameof(questions), "A question's ticket id and category must not be null.");
            }

            if (!period.Contains(question.At) || !seen.Add(question.TicketId))
            {
                continue;
            }

            counts.TryGetValue(question.Category, out var c);
            c.Asked++;
            if (latest.TryGetValue(question.TicketId, out var link))
            {
                if (link.Kind == ArticleLinkKind.NoArticleHelped)
                {
                    c.NoneHelped++;
                }
            }
            else if (!coverage.IsCovered(question.Category, question.At))
            {
                c.Without++;
            }

            counts[question.Category] = c;
        }

        return [.. counts
            .Where(p => p.Value.Without + p.Value.NoneHelped > 0)
            .Select(p => new KnowledgeGap(p.Key, p.Value.Asked, p.Value.Without, p.Value.NoneHelped))
            .OrderByDescending(g => g.Unanswered)
            .ThenByDescending(g => g.Asked)
            .ThenBy(g => g.Category, StringComparer.Ordinal)
            .Take(maxCount)];
    }
}
