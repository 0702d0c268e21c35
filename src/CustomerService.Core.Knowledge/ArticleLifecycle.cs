using NodaTime;
using Stateless;

namespace CustomerService.Core.Knowledge;

/// <summary>
/// The article lifecycle's definition: which triggers are permitted in which state, under which guards, and what each
/// records. It decides and records; it holds no article and does no I/O.
/// </summary>
/// <remarks>
/// <para>The transitions are one table (<c>docs/knowledge.md</c> shows it), configured on a Stateless machine per call:</para>
/// <list type="table">
/// <listheader><term>From</term><description>Trigger → to</description></listheader>
/// <item><term>Draft</term><description>Edit → Draft, Submit → InReview, Retire → Retired, ChangeOwner → Draft</description></item>
/// <item><term>InReview</term><description>Approve → Published (the approver is not the author of the current version), RequestChanges → Draft, ChangeOwner → InReview</description></item>
/// <item><term>Published</term><description>ReviewDue → NeedsReview (the review date has come), Edit → Draft, Retire → Retired, ChangeOwner → Published</description></item>
/// <item><term>NeedsReview</term><description>Confirm → Published, Edit → Draft, Retire → Retired, ChangeOwner → NeedsReview</description></item>
/// <item><term>Retired</term><description>nothing (terminal)</description></item>
/// </list>
/// <para>An approval or confirmation sets <see cref="Article.ReviewedAt"/> and the review date from the
/// <see cref="ArticleReviewSchedule"/>; a change of owner recomputes a published article's review date from its
/// <see cref="Article.ReviewedAt"/> in the new owner's calendar. An article that leaves publication (edited, retired) has
/// no review date.</para>
/// </remarks>
/// <threadsafety>This type is immutable and thread-safe: one instance serves all threads.</threadsafety>
public sealed class ArticleLifecycle
{
    /// <summary>The lifecycle's name in exceptions: <c>Article</c>.</summary>
    public const string LifecycleName = "Article";

    private const string ReviewerGuard = "the reviewer is not the author of the current version";
    private const string ReviewDateGuard = "the review date has come";

    private static readonly (ArticleState From, ArticleTrigger Trigger, ArticleState To)[] Table =
    [
        (ArticleState.Draft, ArticleTrigger.Edit, ArticleState.Draft),
        (ArticleState.Draft, ArticleTrigger.Submit, ArticleState.InReview),
        (ArticleState.Draft, ArticleTrigger.Retire, ArticleState.Retired),
        (ArticleState.Draft, ArticleTrigger.ChangeOwner, ArticleState.Draft),
        (ArticleState.InReview, ArticleTrigger.Approve, ArticleState.Published),
        (ArticleState.InReview, ArticleTrigger.RequestChanges, ArticleState.Draft),
        (ArticleState.InReview, ArticleTrigger.ChangeOwner, ArticleState.InReview),
        (ArticleState.Published, ArticleTrigger.ReviewDue, ArticleState.NeedsReview),
        (ArticleState.Published, ArticleTrigger.Edit, ArticleState.Draft),
        (ArticleState.Published, ArticleTrigger.Retire, ArticleState.Retired),
        (ArticleState.Published, ArticleTrigger.ChangeOwner, ArticleState.Published),
        (ArticleState.NeedsReview, ArticleTrigger.Confirm, ArticleState.Published),
        (ArticleState.NeedsReview, ArticleTrigger.Edit, ArticleState.Draft),
        (ArticleState.NeedsReview, ArticleTrigger.Retire, ArticleState.Retired),
        (ArticleState.NeedsReview, ArticleTrigger.ChangeOwner, ArticleState.NeedsReview),
    ];

    private static readonly ArticleTrigger[] AllTriggers = Enum.GetValues<ArticleTrigger>();

    /// <summary>Initializes a new instance of the <see cref="ArticleLifecycle"/> class.</summary>
    /// <param name="schedule">The review intervals and the owners' calendars.</param>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="schedule"/> is <see langword="null"/>.</exception>
    public ArticleLifecycle(ArticleReviewSchedule schedule)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        Schedule = schedule;
    }

    /// <summary>Gets the review schedule.</summary>
    /// <value>The schedule given to the constructor.</value>
    public ArticleReviewSchedule Schedule { get; }

    /// <summary>Creates a draft article at version 0 with its first content version.</summary>
    /// <param name="article">The new article's id, category, owner and first content.</param>
    /// <param name="actor">Who writes it (its first version's author).</param>
    /// <param name="now">The creation instant.</param>
    /// <returns>The draft.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="article"/> or <paramref name="actor"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">Thrown when a field of <paramref name="article"/> or <paramref name="actor"/> is empty, or the id is longer than 128 characters.</exception>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822:Mark members as static", Justification = "An instance member like every member of the lifecycle (TicketLifecycle's too): callers hold one lifecycle.")]
    public Article Create(NewArticle article, string actor, Instant now)
    {
        ArgumentNullException.ThrowIfNull(article);
        article.Validate();
        Text(actor, nameof(actor));
        return new Article
        {
            Id = article.Id,
            Category = article.Category,
            OwnerId = article.OwnerId,
            CreatedAt = now,
            Versions = [new ArticleVersion(1, article.Title, article.ContentRef, actor, now)],
        };
    }

    /// <summary>Applies a command: fires its trigger, then records its data, one history entry and the next version.</summary>
    /// <param name="article">The article as loaded.</param>
    /// <param name="command">What to do.</param>
    /// <param name="actor">Who does it (an agent id or a job name).</param>
    /// <param name="now">The current instant; an instant earlier than the article's last recorded change is clamped to it (the history entry keeps the requested instant).</param>
    /// <returns>The article at its next version; <paramref name="article"/> itself is unchanged.</returns>
    /// <exception cref="ArgumentNullException">Thrown when an argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">Thrown when <paramref name="actor"/> is empty or the command's data is not valid (a new owner equal to the current one included).</exception>
    /// <exception cref="InvalidTransitionException{TState, TTrigger}">Thrown when the trigger is not permitted now; nothing changed.</exception>
    public Article Apply(Article article, ArticleCommand command, string actor, Instant now)
    {
        ArgumentNullException.ThrowIfNull(article);
        ArgumentNullException.ThrowIfNull(command);
        Text(actor, nameof(actor));
        command.Validate();
        if (command is ArticleCommand.ChangeOwner change && string.Equals(change.NewOwnerId, article.OwnerId, StringComparison.Ordinal))
        {
            throw new ArgumentException("The new owner is the article's owner already.", nameof(command));
        }

        var last = article.UpdatedAt ?? article.CreatedAt;
        var at = now < last ? last : now;
        var to = Fire(article, command.Trigger, actor, at);
        var recorded = Record(article, command, actor, at, to);
        return recorded with
        {
            State = to,
            Version = article.Version + 1,
            UpdatedAt = at,
            History = EquatableList<TransitionRecord<ArticleState, ArticleTrigger>>.From(article.History)
                .Add(new TransitionRecord<ArticleState, ArticleTrigger>(actor, at, article.State, to, command.Trigger, command.Reason) { RequestedAt = at == now ? null : now }),
        };
    }

    /// <summary>Lists the triggers <paramref name="actor"/> may fire on an article now (guards included).</summary>
    /// <param name="article">The article.</param>
    /// <param name="actor">Who would fire them.</param>
    /// <param name="now">The current instant.</param>
    /// <returns>The permitted triggers, in enumeration order.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="article"/> or <paramref name="actor"/> is <see langword="null"/>.</exception>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822:Mark members as static", Justification = "An instance member like every member of the lifecycle (TicketLifecycle's too): callers hold one lifecycle.")]
    public IReadOnlyList<ArticleTrigger> GetPermittedTriggers(Article article, string actor, Instant now)
    {
        ArgumentNullException.ThrowIfNull(article);
        ArgumentNullException.ThrowIfNull(actor);
        var machine = Machine(article.State, new GuardContext(article, actor, now));
        return [.. AllTriggers.Where(machine.CanFire)];
    }

    /// <summary>The earliest instant the domain must look at the article again: its review date while published.</summary>
    internal static Instant? NextDueAt(Article article) => article.State == ArticleState.Published ? article.ReviewDueAt : null;

    /// <summary>Describes the definition for diagrams.</summary>
    internal static Stateless.Reflection.StateMachineInfo GetInfo() => Machine(ArticleState.Draft, default).GetInfo();

    private static ArticleState Fire(Article article, ArticleTrigger trigger, string actor, Instant at)
    {
        var context = new GuardContext(article, actor, at);
        var machine = Machine(article.State, context);
        machine.OnUnhandledTrigger((state, t, unmet) => throw new InvalidTransitionException<ArticleState, ArticleTrigger>(
            LifecycleName, state, t, [.. AllTriggers.Where(machine.CanFire)], unmet?.ToArray() ?? []));
        machine.Fire(trigger);
        return machine.State;
    }

    private static StateMachine<ArticleState, ArticleTrigger> Machine(ArticleState initial, GuardContext context)
    {
        var state = initial;
        var machine = new StateMachine<ArticleState, ArticleTrigger>(() => state, s => state = s);
        foreach (var (from, trigger, to) in Table)
        {
            var configuration = machine.Configure(from);
            switch (trigger)
            {
                case ArticleTrigger.Approve:
                    configuration.PermitIf(trigger, to, () => !string.Equals(context.Article?.Current?.AuthorId, context.Actor, StringComparison.Ordinal), ReviewerGuard);
                    break;
                case ArticleTrigger.ReviewDue:
                    configuration.PermitIf(trigger, to, () => context.Article?.ReviewDueAt is { } due && due <= context.At, ReviewDateGuard);
                    break;
                default:
                    if (from == to)
                    {
                        configuration.PermitReentry(trigger);
                    }
                    else
                    {
                        configuration.Permit(trigger, to);
                    }

                    break;
            }
        }

        return machine;
    }

    private Article Record(Article article, ArticleCommand command, string actor, Instant at, ArticleState to) => command switch
    {
        ArticleCommand.Edit edit => article with
        {
            Versions = EquatableList<ArticleVersion>.From(article.Versions).Add(new ArticleVersion(article.Versions.Count + 1, edit.Title, edit.ContentRef, actor, at)),
            ReviewDueAt = null,
        },
        ArticleCommand.Approve or ArticleCommand.Confirm => article with
        {
            FirstPublishedAt = article.FirstPublishedAt ?? at,
            ReviewedAt = at,
            ReviewDueAt = Schedule.ReviewDueAt(article.Category, article.OwnerId, at),
        },
        ArticleCommand.Retire => article with { RetiredAt = at, ReviewDueAt = null },
        ArticleCommand.ChangeOwner change => article with
        {
            OwnerId = change.NewOwnerId,
            ReviewDueAt = to == ArticleState.Published && article.ReviewedAt is { } reviewed
                ? Schedule.ReviewDueAt(article.Category, change.NewOwnerId, reviewed)
                : article.ReviewDueAt,
        },
        _ => article,
    };

    private static void Text(string value, string name)
    {
        ArgumentNullException.ThrowIfNull(value, name);
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new ArgumentException($"{name} must not be empty.", name);
        }
    }

    private readonly record struct GuardContext(Article? Article, string? Actor, Instant At);
}

/// <summary>What a new article starts with.</summary>
/// <param name="Id">The article's identifier (1 to 128 characters, chosen by the host).</param>
/// <param name="Category">The question category it answers.</param>
/// <param name="OwnerId">The agent who owns it.</param>
/// <param name="Title">The question, as agents and customers see it.</param>
/// <param name="ContentRef">The host's reference to the body.</param>
/// <threadsafety>This type is immutable and may be shared freely between threads.</threadsafety>
public sealed record NewArticle(string Id, string Category, string OwnerId, string Title, string ContentRef)
{
    /// <summary>The longest article id: 128 characters.</summary>
    public const int MaxIdLength = 128;

    internal void Validate()
    {
        Check(Id, nameof(Id));
        if (Id.Length > MaxIdLength)
        {
            throw new ArgumentException($"An article id must be at most {MaxIdLength} characters.", nameof(Id));
        }

        Check(Category, nameof(Category));
        Check(OwnerId, nameof(OwnerId));
        Check(Title, nameof(Title));
        Check(ContentRef, nameof(ContentRef));
    }

    private static void Check(string value, string name)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new ArgumentException($"{name} must not be empty.", name);
        }
    }
}
