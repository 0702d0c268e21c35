using System.Runtime.InteropServices;
using CustomerService.Core.Kpis;
using NodaTime;

namespace CustomerService.Core.Knowledge;

/// <summary>What the knowledge base did for one ticket: the link an agent recorded (if any) and whether the ticket was solved.</summary>
/// <param name="Link">The link's kind, or <see langword="null"/> when the agent recorded none.</param>
/// <param name="Solved">Whether the ticket was solved (a ticket solved with an article counts for it).</param>
/// <threadsafety>This type is an immutable value type and may be shared freely between threads.</threadsafety>
public readonly record struct TicketKnowledgeOutcome(ArticleLinkKind? Link, bool Solved);

/// <summary>Accumulates article use and resolution with an article from ticket outcomes.</summary>
/// <remarks>
/// <para>n = tickets, a = tickets an article answered, h = tickets marked "no article helped", s = solved tickets,
/// s<sub>a</sub> = solved tickets an article answered. Article use <c>a / n</c>; resolution with an article
/// <c>s<sub>a</sub> / s</c> (the share of solved tickets solved with an article); article success <c>s<sub>a</sub> / a</c>.
/// Group by article id or category with <see cref="KpiGroups{TKey, TRecord, TAccumulator}"/> for the use of each.</para>
/// <para>Worked example: 10 tickets, 4 answered by an article (3 of them solved), 2 marked "no article helped", 8 solved in
/// all: use 4 / 10, resolution with an article 3 / 8, success 3 / 4.</para>
/// <para>The default value holds no tickets. Counts are exact 64-bit integers; an <see cref="Add"/> or <see cref="Merge"/>
/// past <see cref="long.MaxValue"/> throws <see cref="OverflowException"/> and changes nothing.</para>
/// </remarks>
/// <threadsafety>This is a mutable value type and is not thread-safe: use one accumulator per thread and <see cref="Merge"/> them.</threadsafety>
[StructLayout(LayoutKind.Auto)]
public struct ArticleUseAccumulator : IKpiAccumulator<TicketKnowledgeOutcome, ArticleUseAccumulator>
{
    private long _tickets;
    private long _answered;
    private long _noneHelped;
    private long _solved;
    private long _solvedWithArticle;

    /// <summary>Gets the number of tickets.</summary>
    /// <value>n.</value>
    public readonly long Tickets => _tickets;

    /// <summary>Gets the number of tickets an article answered.</summary>
    /// <value>a.</value>
    public readonly long Answered => _answered;

    /// <summary>Gets the number of tickets marked "no article helped".</summary>
    /// <value>h.</value>
    public readonly long NoArticleHelped => _noneHelped;

    /// <summary>Gets the number of solved tickets.</summary>
    /// <value>s.</value>
    public readonly long Solved => _solved;

    /// <summary>Gets the number of solved tickets an article answered.</summary>
    /// <value>s<sub>a</sub>.</value>
    public readonly long SolvedWithArticle => _solvedWithArticle;

    /// <summary>Gets article use: the share of tickets an article answered.</summary>
    /// <value><c>Answered / Tickets</c>.</value>
    public readonly KpiRate ArticleUse => new(_answered, _tickets);

    /// <summary>Gets resolution with an article: the share of solved tickets solved with an article.</summary>
    /// <value><c>SolvedWithArticle / Solved</c>.</value>
    public readonly KpiRate ResolutionWithArticle => new(_solvedWithArticle, _solved);

    /// <summary>Gets article success: the share of tickets an article answered that were solved.</summary>
    /// <value><c>SolvedWithArticle / Answered</c>.</value>
    public readonly KpiRate ArticleSuccess => new(_solvedWithArticle, _answered);

    /// <summary>Adds one ticket's outcome.</summary>
    /// <param name="record">The outcome.</param>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when the link kind is not a defined value; the accumulator is unchanged.</exception>
    /// <exception cref="OverflowException">Thrown when the number of tickets would pass <see cref="long.MaxValue"/>; the accumulator is unchanged.</exception>
    public void Add(TicketKnowledgeOutcome record)
    {
        if (record.Link is { } link && !Enum.IsDefined(link))
        {
            throw new ArgumentOutOfRangeException(nameof(record), link, "The link kind is not a defined ArticleLinkKind.");
        }

        var tickets = checked(_tickets + 1);
        var answered = record.Link == ArticleLinkKind.Answered;
        _tickets = tickets;
        _answered += answered ? 1 : 0;
        _noneHelped += record.Link == ArticleLinkKind.NoArticleHelped ? 1 : 0;
        _solved += record.Solved ? 1 : 0;
        _solvedWithArticle += record.Solved && answered ? 1 : 0;
    }

    /// <summary>Adds every ticket counted by another accumulator.</summary>
    /// <param name="other">The accumulator to merge in; it is not changed.</param>
    /// <exception cref="OverflowException">Thrown when the number of tickets would pass <see cref="long.MaxValue"/>; the accumulator is unchanged.</exception>
    public void Merge(in ArticleUseAccumulator other)
    {
        var tickets = checked(_tickets + other._tickets);
        _tickets = tickets;
        _answered += other._answered;
        _noneHelped += other._noneHelped;
        _solved += other._solved;
        _solvedWithArticle += other._solvedWithArticle;
    }
}

/// <summary>One inquiry of a question category, for the repeat-inquiry comparison before and after an article.</summary>
/// <param name="At">When the customer asked.</param>
/// <param name="ArticlePublishedAt">When the category first had a live article (<see cref="ArticleCoverage.FirstCoveredAt"/>), or <see langword="null"/> when it never had one.</param>
/// <param name="TimeToNextInquiry">How long until the same customer asked the same category again, or <see langword="null"/> when they did not; not negative.</param>
/// <threadsafety>This type is an immutable value type and may be shared freely between threads.</threadsafety>
public readonly record struct CategoryInquiry(Instant At, Instant? ArticlePublishedAt, Duration? TimeToNextInquiry);

/// <summary>Accumulates the repeat-inquiry rate of question categories before and after an article was published (提前设计知识库,减少重复咨询).</summary>
/// <remarks>
/// <para>An inquiry is <b>after</b> when its category's article was published at or before it (<c>ArticlePublishedAt &lt;= At</c>),
/// <b>before</b> otherwise. It is a <b>repeat</b> when the same customer asked the same category again within the window
/// (<c>TimeToNextInquiry &lt; RepeatWindow</c>, half-open as the FCR accumulator's). Rates: repeats / inquiries on each
/// side; <see cref="Reduction"/> is the before rate minus the after rate (positive when the article reduced repeats).
/// Group by category with <see cref="KpiGroups{TKey, TRecord, TAccumulator}"/>.</para>
/// <para>Worked example (window 7 days): before the article, 20 inquiries of which 6 repeated within 7 days (30 %); after it,
/// 25 of which 5 (20 %): a reduction of 10 points.</para>
/// <para>The default value has a window of zero (no repeats) and holds nothing.</para>
/// </remarks>
/// <threadsafety>This is a mutable value type and is not thread-safe: use one accumulator per thread and <see cref="Merge"/> them.</threadsafety>
[StructLayout(LayoutKind.Auto)]
public struct RepeatInquiryAccumulator : IKpiAccumulator<CategoryInquiry, RepeatInquiryAccumulator>
{
    private readonly Duration _window;
    private long _before;
    private long _beforeRepeats;
    private long _after;
    private long _afterRepeats;

    /// <summary>Initializes a new instance of the <see cref="RepeatInquiryAccumulator"/> struct.</summary>
    /// <param name="repeatWindow">How soon the next inquiry must come to make one a repeat; not negative (typically 7 or 30 days).</param>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when <paramref name="repeatWindow"/> is negative.</exception>
    public RepeatInquiryAccumulator(Duration repeatWindow)
    {
        if (repeatWindow < Duration.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(repeatWindow), repeatWindow, "The repeat window must not be negative.");
        }

        _window = repeatWindow;
    }

    /// <summary>Gets the repeat window.</summary>
    /// <value>A next inquiry sooner than this makes an inquiry a repeat.</value>
    public readonly Duration RepeatWindow => _window;

    /// <summary>Gets the inquiries before the article.</summary>
    /// <value>The count.</value>
    public readonly long Before => _before;

    /// <summary>Gets the repeated inquiries before the article.</summary>
    /// <value>The count.</value>
    public readonly long BeforeRepeats => _beforeRepeats;

    /// <summary>Gets the inquiries after the article.</summary>
    /// <value>The count.</value>
    public readonly long After => _after;

    /// <summary>Gets the repeated inquiries after the article.</summary>
    /// <value>The count.</value>
    public readonly long AfterRepeats => _afterRepeats;

    /// <summary>Gets the repeat rate before the article.</summary>
    /// <value><c>BeforeRepeats / Before</c>.</value>
    public readonly KpiRate RepeatRateBefore => new(_beforeRepeats, _before);

    /// <summary>Gets the repeat rate after the article.</summary>
    /// <value><c>AfterRepeats / After</c>.</value>
    public readonly KpiRate RepeatRateAfter => new(_afterRepeats, _after);

    /// <summary>Gets how much the article reduced the repeat rate.</summary>
    /// <value><c>RepeatRateBefore − RepeatRateAfter</c> as a fraction; <see langword="null"/> (no data) when either side is empty.</value>
    public readonly double? Reduction => RepeatRateBefore.Value - RepeatRateAfter.Value;

    /// <summary>Adds one inquiry.</summary>
    /// <param name="record">The inquiry.</param>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when the time to the next inquiry is negative; the accumulator is unchanged.</exception>
    /// <exception cref="OverflowException">Thrown when a count would pass <see cref="long.MaxValue"/>; the accumulator is unchanged.</exception>
    public void Add(CategoryInquiry record)
    {
        if (record.TimeToNextInquiry is { } gap && gap < Duration.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(record), gap, "The time to the next inquiry must not be negative.");
        }

        var repeat = record.TimeToNextInquiry is { } next && next < _window ? 1 : 0;
        if (record.ArticlePublishedAt is { } published && published <= record.At)
        {
            _after = checked(_after + 1);
            _afterRepeats += repeat;
        }
        else
        {
            _before = checked(_before + 1);
            _beforeRepeats += repeat;
        }
    }

    /// <summary>Adds every inquiry counted by another accumulator with the same window.</summary>
    /// <param name="other">The accumulator to merge in; it is not changed.</param>
    /// <exception cref="ArgumentException">Thrown when <paramref name="other"/> has another repeat window; the accumulator is unchanged.</exception>
    /// <exception cref="OverflowException">Thrown when a count would pass <see cref="long.MaxValue"/>; the accumulator is unchanged.</exception>
    public void Merge(in RepeatInquiryAccumulator other)
    {
        if (other._window != _window)
        {
            throw new ArgumentException($"Cannot merge a repeat window of {other._window} into one of {_window}.", nameof(other));
        }

        var before = checked(_before + other._before);
        var after = checked(_after + other._after);
        _before = before;
        _after = after;
        _beforeRepeats += other._beforeRepeats;
        _afterRepeats += other._afterRepeats;
    }
}

/// <summary>One self-service view the host reports: a customer read an article, and did or did not open a ticket afterwards.</summary>
/// <param name="BecameTicket">Whether the customer opened a ticket on the same question afterwards (within the host's window).</param>
/// <threadsafety>This type is an immutable value type and may be shared freely between threads.</threadsafety>
public readonly record struct SelfServiceView(bool BecameTicket);

/// <summary>Accumulates self-service deflection: the share of article views that did not become tickets.</summary>
/// <remarks>
/// <para>v = views, d = views that did not become a ticket; deflection <c>d / v</c>. Group by article or category with
/// <see cref="KpiGroups{TKey, TRecord, TAccumulator}"/>. Worked example: 200 views, 30 followed by a ticket: 170 / 200 = 85 %.</para>
/// <para>The default value holds no views.</para>
/// </remarks>
/// <threadsafety>This is a mutable value type and is not thread-safe: use one accumulator per thread and <see cref="Merge"/> them.</threadsafety>
[StructLayout(LayoutKind.Auto)]
public struct DeflectionAccumulator : IKpiAccumulator<SelfServiceView, DeflectionAccumulator>
{
    private long _views;
    private long _deflected;

    /// <summary>Gets the number of views.</summary>
    /// <value>v.</value>
    public readonly long Views => _views;

    /// <summary>Gets the number of views that did not become a ticket.</summary>
    /// <value>d.</value>
    public readonly long Deflected => _deflected;

    /// <summary>Gets self-service deflection.</summary>
    /// <value><c>Deflected / Views</c>.</value>
    public readonly KpiRate Deflection => new(_deflected, _views);

    /// <summary>Adds one view.</summary>
    /// <param name="record">The view.</param>
    /// <exception cref="OverflowException">Thrown when the number of views would pass <see cref="long.MaxValue"/>; the accumulator is unchanged.</exception>
    public void Add(SelfServiceView record)
    {
        _views = checked(_views + 1);
        _deflected += record.BecameTicket ? 0 : 1;
    }

    /// <summary>Adds every view counted by another accumulator.</summary>
    /// <param name="other">The accumulator to merge in; it is not changed.</param>
    /// <exception cref="OverflowException">Thrown when the number of views would pass <see cref="long.MaxValue"/>; the accumulator is unchanged.</exception>
    public void Merge(in DeflectionAccumulator other)
    {
        _views = checked(_views + other._views);
        _deflected += other._deflected;
    }
}
