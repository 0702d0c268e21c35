using NodaTime;

namespace CustomerService.Core.Knowledge;

/// <summary>Where an article is in its review lifecycle.</summary>
/// <threadsafety>Enumeration values are immutable and may be shared freely between threads.</threadsafety>
public enum ArticleState
{
    /// <summary>Being written or corrected; not shown to agents or customers.</summary>
    Draft = 1,

    /// <summary>Submitted; waiting for a reviewer other than its last author.</summary>
    InReview = 2,

    /// <summary>Live: agents link it to tickets and customers read it. Its review date is in the due-work index.</summary>
    Published = 3,

    /// <summary>Still live, but its review date has passed: its owner must confirm it, correct it or retire it.</summary>
    NeedsReview = 4,

    /// <summary>Withdrawn for good (the product or rule it describes is gone). Terminal.</summary>
    Retired = 5,
}

/// <summary>What can happen to an article.</summary>
/// <threadsafety>Enumeration values are immutable and may be shared freely between threads.</threadsafety>
public enum ArticleTrigger
{
    /// <summary>New content (a new version); from Published or NeedsReview it takes the article back to Draft.</summary>
    Edit = 1,

    /// <summary>Submits a draft for review.</summary>
    Submit = 2,

    /// <summary>A reviewer approves the article (not the author of its current version): it is published.</summary>
    Approve = 3,

    /// <summary>A reviewer sends the article back to Draft, with a reason.</summary>
    RequestChanges = 4,

    /// <summary>The review date passed (fired by due work): Published becomes NeedsReview.</summary>
    ReviewDue = 5,

    /// <summary>The owner confirms an article that needs review is still right: it is published again with a new review date.</summary>
    Confirm = 6,

    /// <summary>Withdraws the article for good.</summary>
    Retire = 7,

    /// <summary>Hands the article to another owner (its state does not change; a published article's review date is recomputed in the new owner's calendar).</summary>
    ChangeOwner = 8,
}

/// <summary>One version of an article's content: the host keeps the text itself (and searches it); the library keeps which version is current and who wrote it when.</summary>
/// <param name="Number">The version number, 1 for the first content.</param>
/// <param name="Title">The question the article answers, as agents and customers see it (never logged by the library).</param>
/// <param name="ContentRef">The host's reference to the body: a CMS key, a URL or a content hash (never logged by the library).</param>
/// <param name="AuthorId">The agent who wrote this version (an agent id, never customer data).</param>
/// <param name="At">When the version was written.</param>
/// <threadsafety>This type is immutable and may be shared freely between threads.</threadsafety>
public sealed record ArticleVersion(int Number, string Title, string ContentRef, string AuthorId, Instant At);

/// <summary>
/// A knowledge-base article (知识库文章) at one version of its lifecycle: its question category, owner, state, review
/// dates, content versions and history. This plain record is also the snapshot the article store saves and loads.
/// </summary>
/// <remarks>
/// Change an article only through <see cref="ArticleLifecycle.Apply"/> (or <see cref="ArticleService"/>), which checks
/// the trigger, records its data, appends one history entry and increments <see cref="Version"/>; so
/// <see cref="Version"/> always equals the number of history entries. Articles should carry no customer personal data:
/// the library logs only their id, category, states and triggers, never titles or content references.
/// </remarks>
/// <threadsafety>This type is immutable (its lists are immutable with value equality) and may be shared freely between threads.</threadsafety>
public sealed record Article
{
    private readonly EquatableList<ArticleVersion> _versions = EquatableList<ArticleVersion>.Empty;
    private readonly EquatableList<TransitionRecord<ArticleState, ArticleTrigger>> _history = EquatableList<TransitionRecord<ArticleState, ArticleTrigger>>.Empty;

    /// <summary>Gets the article's identifier.</summary>
    /// <value>The identifier chosen by the host.</value>
    public required string Id { get; init; }

    /// <summary>Gets the question category the article answers (the host's key, the same keys tickets are classified with).</summary>
    /// <value>A category key such as <c>refund-status</c>; its review interval comes from the <see cref="ArticleReviewSchedule"/>.</value>
    public required string Category { get; init; }

    /// <summary>Gets the agent who owns the article: keeps it current, and whose calendar counts its review date.</summary>
    /// <value>An agent id.</value>
    public required string OwnerId { get; init; }

    /// <summary>Gets the instant the article was created.</summary>
    /// <value>The creation instant.</value>
    public required Instant CreatedAt { get; init; }

    /// <summary>Gets the instant of the article's latest change after its creation.</summary>
    /// <value><see langword="null"/> until the first change; every later change is recorded at this instant or after it.</value>
    public Instant? UpdatedAt { get; init; }

    /// <summary>Gets the article's lifecycle state.</summary>
    /// <value>The default value is <see cref="ArticleState.Draft"/>.</value>
    public ArticleState State { get; init; } = ArticleState.Draft;

    /// <summary>Gets the article's version: the number of transitions since it was created.</summary>
    /// <value>The default value is 0.</value>
    public long Version { get; init; }

    /// <summary>Gets when the article was first published.</summary>
    /// <value><see langword="null"/> until its first approval; never changes afterwards.</value>
    public Instant? FirstPublishedAt { get; init; }

    /// <summary>Gets when the article was last approved or confirmed: its review date counts from here.</summary>
    /// <value><see langword="null"/> until its first approval.</value>
    public Instant? ReviewedAt { get; init; }

    /// <summary>Gets when the article must be reviewed again.</summary>
    /// <value>Set while <see cref="ArticleState.Published"/> (and kept, passed, while <see cref="ArticleState.NeedsReview"/>); <see langword="null"/> otherwise.</value>
    public Instant? ReviewDueAt { get; init; }

    /// <summary>Gets when the article was retired.</summary>
    /// <value><see langword="null"/> unless <see cref="ArticleState.Retired"/>.</value>
    public Instant? RetiredAt { get; init; }

    /// <summary>Gets the content versions, oldest first; the last one is current.</summary>
    /// <value>At least one version for an article made by <see cref="ArticleLifecycle.Create"/>. Any list given is kept as an immutable copy with value equality.</value>
    public IReadOnlyList<ArticleVersion> Versions
    {
        get => _versions;
        init => _versions = EquatableList<ArticleVersion>.From(value);
    }

    /// <summary>Gets the article's history, oldest first: one entry per transition.</summary>
    /// <value>The default value is an empty list. Any list given is kept as an immutable copy with value equality.</value>
    public IReadOnlyList<TransitionRecord<ArticleState, ArticleTrigger>> History
    {
        get => _history;
        init => _history = EquatableList<TransitionRecord<ArticleState, ArticleTrigger>>.From(value);
    }

    /// <summary>Gets the current content version.</summary>
    /// <value>The last of <see cref="Versions"/>, or <see langword="null"/> when there is none.</value>
    public ArticleVersion? Current => _versions.Count == 0 ? null : _versions[^1];

    /// <summary>Gets a value indicating whether agents and customers see the article (<see cref="ArticleState.Published"/> or <see cref="ArticleState.NeedsReview"/>).</summary>
    /// <value><see langword="true"/> when live.</value>
    public bool IsLive => State is ArticleState.Published or ArticleState.NeedsReview;
}
