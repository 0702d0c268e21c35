using System.Globalization;
using CustomerService.Core.Persistence;
using CustomerService.Core.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using NodaTime;

namespace CustomerService.Core.Knowledge;

/// <summary>
/// The knowledge base's commands: create and change articles through their lifecycle, process review dates as due work,
/// and record which article answered a ticket (or that none did). It loads through the article store, applies the
/// lifecycle, and saves with the token it loaded; it does no other I/O.
/// </summary>
/// <remarks>
/// A save whose article changed meanwhile throws <see cref="ConcurrencyConflictException"/> and writes nothing (reload and
/// retry). Every save stores the article's due work: its review date while published (<see cref="DueWork.ArticleReview"/>),
/// nothing otherwise; and, in the same atomic write, its event to the outbox: <see cref="ArticleCreated"/> for a creation,
/// <see cref="ArticleTransitioned"/> for each transition (ids <c>Article/{id}/{token}/0</c>, as tickets' events), delivered
/// afterwards by the <see cref="OutboxDispatcher"/>. The logs carry the article's id, category, states and triggers only — never its titles or content
/// references.
/// </remarks>
/// <threadsafety>This type is thread-safe when its store is.</threadsafety>
public sealed class ArticleService
{
    /// <summary>The actor recorded for the review dates due work fires: <c>due-work</c>.</summary>
    public const string DueWorkActor = "due-work";

    private readonly IEntityStore<Article> _store;
    private readonly IClock _clock;
    private readonly Duration _failureBackoff;
    private readonly ILogger _logger;
    private readonly IDueWorkSignal? _signal;

    /// <summary>Initializes a new instance of the <see cref="ArticleService"/> class.</summary>
    /// <param name="store">Where articles are kept (<see cref="KnowledgeStorage.GetArticleStore(DocumentStorage)"/> or <see cref="KnowledgeStorage.GetArticleStore(InMemoryStorage)"/>).</param>
    /// <param name="lifecycle">The article lifecycle (with its review schedule).</param>
    /// <param name="clock">The clock that stamps changes and links.</param>
    /// <param name="failureBackoff">How far an article whose due work failed is pushed back; positive. The default (<see langword="null"/>) is 5 minutes, as <c>DueWork:FailureBackoff</c>.</param>
    /// <param name="logger">The logger, or <see langword="null"/> for none.</param>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="store"/>, <paramref name="lifecycle"/> or <paramref name="clock"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when <paramref name="failureBackoff"/> is not positive.</exception>
    public ArticleService(IEntityStore<Article> store, ArticleLifecycle lifecycle, IClock clock, Duration? failureBackoff = null, ILogger<ArticleService>? logger = null)
        : this(store, lifecycle, clock, failureBackoff, logger, signal: null)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ArticleService"/> class that reports its saves to a due-work runner (registered by <c>AddKnowledgeBase</c>).</summary>
    internal ArticleService(IEntityStore<Article> store, ArticleLifecycle lifecycle, IClock clock, Duration? failureBackoff, ILogger<ArticleService>? logger, IDueWorkSignal? signal)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(lifecycle);
        ArgumentNullException.ThrowIfNull(clock);
        var backoff = failureBackoff ?? Duration.FromMinutes(5);
        if (backoff <= Duration.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(failureBackoff), backoff, "The failure backoff must be positive.");
        }

        _store = store;
        Lifecycle = lifecycle;
        _clock = clock;
        _failureBackoff = backoff;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _signal = signal;
    }

    /// <summary>Gets the article lifecycle.</summary>
    /// <value>The lifecycle given to the constructor.</value>
    public ArticleLifecycle Lifecycle { get; }

    /// <summary>Creates a draft article.</summary>
    /// <param name="article">Its id, category, owner and first content.</param>
    /// <param name="actor">Who writes it.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The stored draft.</returns>
    /// <exception cref="ArgumentNullException">Thrown when an argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">Thrown when a field is empty or the id too long.</exception>
    /// <exception cref="ConcurrencyConflictException">Thrown when an article with this id exists; nothing was written.</exception>
    public async ValueTask<Article> CreateAsync(NewArticle article, string actor, CancellationToken cancellationToken = default)
    {
        var created = Lifecycle.Create(article, actor, _clock.GetCurrentInstant());
        await SaveAsync(created, null, 0, cancellationToken).ConfigureAwait(false);
        KnowledgeLog.ArticleCreated(_logger, created.Id, created.Category);
        return created;
    }

    /// <summary>Loads an article.</summary>
    /// <param name="id">The article's id.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The article, or <see langword="null"/> when none is stored under <paramref name="id"/>.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="id"/> is <see langword="null"/>.</exception>
    public async ValueTask<Article?> FindAsync(string id, CancellationToken cancellationToken = default) =>
        (await _store.FindAsync(id, cancellationToken).ConfigureAwait(false))?.Entity;

    /// <summary>Applies a command to a stored article and saves it.</summary>
    /// <param name="id">The article's id.</param>
    /// <param name="command">What to do.</param>
    /// <param name="actor">Who does it.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The article at its new version.</returns>
    /// <exception cref="ArgumentNullException">Thrown when an argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">Thrown when the command's data is not valid.</exception>
    /// <exception cref="EntityNotFoundException">Thrown when no article is stored under <paramref name="id"/>.</exception>
    /// <exception cref="InvalidTransitionException{TState, TTrigger}">Thrown when the trigger is not permitted now; nothing was written.</exception>
    /// <exception cref="ConcurrencyConflictException">Thrown when the article changed since it was loaded; nothing was written.</exception>
    public async ValueTask<Article> ExecuteAsync(string id, ArticleCommand command, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(actor);
        var stored = await _store.FindAsync(id, cancellationToken).ConfigureAwait(false) ?? throw new EntityNotFoundException(KnowledgeStorage.EntityKind, id);
        var next = Lifecycle.Apply(stored.Entity, command, actor, _clock.GetCurrentInstant());
        await SaveAsync(next, stored.Token, stored.Entity.History.Count, cancellationToken).ConfigureAwait(false);
        KnowledgeLog.ArticleTransitioned(_logger, next.Id, next.Category, stored.Entity.State, next.State, command.Trigger);
        return next;
    }

    /// <summary>
    /// Moves the published articles whose review date has come to <see cref="ArticleState.NeedsReview"/> (actor
    /// <see cref="DueWorkActor"/>). An article that fails is reported, logged with its id and pushed back by the failure
    /// backoff; the batch goes on. Processing again at the same instant changes nothing.
    /// </summary>
    /// <param name="now">The current instant.</param>
    /// <param name="maxCount">The most articles to process; not negative.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>How many were listed, the articles changed and the failures.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when <paramref name="maxCount"/> is negative.</exception>
    public async Task<DueWorkReport<Article>> ProcessDueAsync(Instant now, int maxCount = 100, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxCount);
        var due = await _store.ListDueAsync(now, maxCount, cancellationToken).ConfigureAwait(false);
        var changed = new List<Article>();
        var failures = new List<DueWorkFailure>();
        foreach (var item in due)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                if (await ProcessOneAsync(item, now, cancellationToken).ConfigureAwait(false) is { } article)
                {
                    changed.Add(article);
                }
            }
            catch (ConcurrencyConflictException)
            {
                // Changed since it was listed: that write computed its due work.
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                failures.Add(new DueWorkFailure(KnowledgeStorage.EntityKind, item.Id, e));
                KnowledgeLog.DueWorkFailed(_logger, item.Id, e.GetType().Name, e);
                await _store.DeferAsync(item.Id, item.Token, now + _failureBackoff, cancellationToken).ConfigureAwait(false);
            }
        }

        return new DueWorkReport<Article>(due.Count, changed, failures);
    }

    /// <summary>Records that an article answered a ticket: the article must be live (published, or needing review).</summary>
    /// <param name="ticketId">The ticket.</param>
    /// <param name="questionCategory">The question category the ticket was classified with.</param>
    /// <param name="articleId">The article the agent used.</param>
    /// <param name="agentId">The agent.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The link, stamped now, for the host to keep with the ticket.</returns>
    /// <exception cref="ArgumentNullException">Thrown when an argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">Thrown when an argument is empty.</exception>
    /// <exception cref="EntityNotFoundException">Thrown when no article is stored under <paramref name="articleId"/>.</exception>
    /// <exception cref="ArticleNotLiveException">Thrown when the article is a draft, in review or retired.</exception>
    public async ValueTask<TicketArticleLink> RecordAnswerAsync(string ticketId, string questionCategory, string articleId, string agentId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(articleId);
        var article = await FindAsync(articleId, cancellationToken).ConfigureAwait(false) ?? throw new EntityNotFoundException(KnowledgeStorage.EntityKind, articleId);
        if (!article.IsLive)
        {
            throw new ArticleNotLiveException(article.Id, article.State);
        }

        return TicketArticleLink.Answered(ticketId, questionCategory, articleId, agentId, _clock.GetCurrentInstant());
    }

    /// <summary>Records that no article helped with a ticket (the mark gap finding counts).</summary>
    /// <param name="ticketId">The ticket.</param>
    /// <param name="questionCategory">The question category the ticket was classified with.</param>
    /// <param name="agentId">The agent.</param>
    /// <returns>The link, stamped now, for the host to keep with the ticket.</returns>
    /// <exception cref="ArgumentNullException">Thrown when an argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">Thrown when an argument is empty.</exception>
    public TicketArticleLink RecordNoArticleHelped(string ticketId, string questionCategory, string agentId) =>
        TicketArticleLink.NoArticleHelped(ticketId, questionCategory, agentId, _clock.GetCurrentInstant());

    private async ValueTask<Article?> ProcessOneAsync(DueEntity item, Instant now, CancellationToken cancellationToken)
    {
        if (await _store.FindAsync(item.Id, cancellationToken).ConfigureAwait(false) is not { } stored)
        {
            return null;
        }

        var article = stored.Entity;
        var next = article.State == ArticleState.Published && article.ReviewDueAt is { } dueAt && dueAt <= now
            ? Lifecycle.Apply(article, new ArticleCommand.ReviewDue(), DueWorkActor, now)
            : article;
        var nextDue = ArticleLifecycle.NextDueAt(next);
        if (ReferenceEquals(next, article) && nextDue == stored.NextDueAt && (nextDue is null || nextDue > now))
        {
            return null;
        }

        if (nextDue is { } pending && pending <= now)
        {
            throw new InvalidOperationException($"Article '{article.Id}' would stay due at {pending} after processing at {now}.");
        }

        await SaveAsync(next, stored.Token, article.History.Count, cancellationToken).ConfigureAwait(false);
        if (!ReferenceEquals(next, article))
        {
            KnowledgeLog.ArticleTransitioned(_logger, next.Id, next.Category, article.State, next.State, ArticleTrigger.ReviewDue);
        }

        return next;
    }

    private async ValueTask SaveAsync(Article article, ConcurrencyToken? expected, int historyStart, CancellationToken cancellationToken)
    {
        var nextDue = ArticleLifecycle.NextDueAt(article);
        var token = expected is { } loaded ? loaded.Next() : ConcurrencyToken.Initial;
        var messages = Messages(article, expected is null, historyStart, token);
        var change = new EntityChange<Article>(
            article.Id,
            article,
            expected,
            token,
            historyStart,
            nextDue,
            nextDue is null ? DueWork.None : DueWork.ArticleReview,
            messages);
        await _store.SaveAsync(change, cancellationToken).ConfigureAwait(false);
        if (_signal is { } signal)
        {
            if (nextDue is { } due)
            {
                signal.EntityDue(KnowledgeStorage.EntityKind, due);
            }

            if (messages.Length > 0)
            {
                signal.OutboxDue(messages[^1].Event.OccurredAt);
            }
        }
    }

    /// <summary>The events of a save: the creation's, or one per history entry it appends; each with the stable id of its place in the write.</summary>
    private static OutboxMessage[] Messages(Article article, bool creation, int historyStart, ConcurrencyToken token)
    {
        var count = creation ? 1 : article.History.Count - historyStart;
        if (count <= 0)
        {
            return [];
        }

        var withoutHistory = article with { History = [] };
        var messages = new OutboxMessage[count];
        for (var i = 0; i < count; i++)
        {
            var id = string.Create(CultureInfo.InvariantCulture, $"{KnowledgeStorage.EntityKind}/{article.Id}/{token.Value}/{i}");
            CustomerServiceEvent domainEvent = creation
                ? new ArticleCreated(withoutHistory, article.Versions[0].AuthorId) { Id = id }
                : new ArticleTransitioned(withoutHistory, article.History[historyStart + i]) { Id = id };
            messages[i] = new OutboxMessage { Id = id, EntityKind = KnowledgeStorage.EntityKind, EntityId = article.Id, Event = domainEvent };
        }

        return messages;
    }
}

/// <summary>Thrown when a ticket is linked to an article agents and customers do not see (a draft, one in review, a retired one).</summary>
/// <threadsafety>Instances are immutable once thrown and may be shared between threads.</threadsafety>
public sealed class ArticleNotLiveException : CustomerServiceException
{
    /// <summary>Initializes a new instance of the <see cref="ArticleNotLiveException"/> class.</summary>
    /// <param name="articleId">The article.</param>
    /// <param name="state">Its state.</param>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="articleId"/> is <see langword="null"/>.</exception>
    public ArticleNotLiveException(string articleId, ArticleState state)
        : base($"Article '{articleId ?? throw new ArgumentNullException(nameof(articleId))}' is {state}: only a published article (or one needing review) can answer a ticket.")
    {
        ArticleId = articleId;
        State = state;
    }

    /// <summary>Gets the article's id.</summary>
    /// <value>The id the link named.</value>
    public string ArticleId { get; }

    /// <summary>Gets the article's state.</summary>
    /// <value><see cref="ArticleState.Draft"/>, <see cref="ArticleState.InReview"/> or <see cref="ArticleState.Retired"/>.</value>
    public ArticleState State { get; }
}

/// <summary>The knowledge base's source-generated log messages: ids, categories, states and triggers only.</summary>
internal static partial class KnowledgeLog
{
    [LoggerMessage(EventId = 4101, EventName = "ArticleCreated", Level = LogLevel.Information, Message = "Article {ArticleId} ({Category}) created as a draft")]
    public static partial void ArticleCreated(ILogger logger, string articleId, string category);

    [LoggerMessage(EventId = 4102, EventName = "ArticleTransitioned", Level = LogLevel.Information, Message = "Article {ArticleId} ({Category}): {From} -> {To} by {Trigger}")]
    public static partial void ArticleTransitioned(ILogger logger, string articleId, string category, ArticleState from, ArticleState to, ArticleTrigger trigger);

    [LoggerMessage(EventId = 4103, EventName = "ArticleDueWorkFailed", Level = LogLevel.Warning, Message = "Article {ArticleId}: due work failed ({ErrorType}); pushed back by the failure backoff, the batch went on")]
    public static partial void DueWorkFailed(ILogger logger, string articleId, string errorType, Exception error);
}
