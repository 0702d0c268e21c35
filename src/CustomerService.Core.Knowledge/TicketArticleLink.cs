using NodaTime;

namespace CustomerService.Core.Knowledge;

/// <summary>What an agent recorded about a ticket and the knowledge base.</summary>
/// <threadsafety>Enumeration values are immutable and may be shared freely between threads.</threadsafety>
public enum ArticleLinkKind
{
    /// <summary>An article answered the ticket's question.</summary>
    Answered = 1,

    /// <summary>The agent looked, and no article helped (无相关知识): the mark gap finding counts.</summary>
    NoArticleHelped = 2,
}

/// <summary>
/// A link between a ticket and the knowledge base: which article answered it, or that none did. The host keeps links with
/// its tickets; the gap finding and the KPIs read them.
/// </summary>
/// <remarks>Create links with <see cref="Answered"/> and <see cref="NoArticleHelped"/> (or through <see cref="ArticleService"/>, which checks that the article is live); both check every field.</remarks>
/// <threadsafety>This type is immutable and may be shared freely between threads.</threadsafety>
public sealed record TicketArticleLink
{
    private TicketArticleLink(string ticketId, string category, ArticleLinkKind kind, string? articleId, string agentId, Instant at)
    {
        TicketId = ticketId;
        Category = category;
        Kind = kind;
        ArticleId = articleId;
        AgentId = agentId;
        At = at;
    }

    /// <summary>Gets the ticket.</summary>
    /// <value>The ticket's id.</value>
    public string TicketId { get; }

    /// <summary>Gets the question category the ticket was classified with.</summary>
    /// <value>A category key.</value>
    public string Category { get; }

    /// <summary>Gets what was recorded.</summary>
    /// <value><see cref="ArticleLinkKind.Answered"/> or <see cref="ArticleLinkKind.NoArticleHelped"/>.</value>
    public ArticleLinkKind Kind { get; }

    /// <summary>Gets the article that answered the ticket.</summary>
    /// <value>The article's id for <see cref="ArticleLinkKind.Answered"/>; <see langword="null"/> for <see cref="ArticleLinkKind.NoArticleHelped"/>.</value>
    public string? ArticleId { get; }

    /// <summary>Gets the agent who recorded the link.</summary>
    /// <value>An agent id.</value>
    public string AgentId { get; }

    /// <summary>Gets when the link was recorded.</summary>
    /// <value>The instant.</value>
    public Instant At { get; }

    /// <summary>Creates the link of a ticket an article answered.</summary>
    /// <param name="ticketId">The ticket.</param>
    /// <param name="category">The ticket's question category.</param>
    /// <param name="articleId">The article.</param>
    /// <param name="agentId">The agent.</param>
    /// <param name="at">When it was recorded.</param>
    /// <returns>The link.</returns>
    /// <exception cref="ArgumentNullException">Thrown when a text argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">Thrown when a text argument is empty or blank.</exception>
    public static TicketArticleLink Answered(string ticketId, string category, string articleId, string agentId, Instant at) =>
        new(Text(ticketId, nameof(ticketId)), Text(category, nameof(category)), ArticleLinkKind.Answered, Text(articleId, nameof(articleId)), Text(agentId, nameof(agentId)), at);

    /// <summary>Creates the link of a ticket no article helped with.</summary>
    /// <param name="ticketId">The ticket.</param>
    /// <param name="category">The ticket's question category.</param>
    /// <param name="agentId">The agent.</param>
    /// <param name="at">When it was recorded.</param>
    /// <returns>The link.</returns>
    /// <exception cref="ArgumentNullException">Thrown when a text argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">Thrown when a text argument is empty or blank.</exception>
    public static TicketArticleLink NoArticleHelped(string ticketId, string category, string agentId, Instant at) =>
        new(Text(ticketId, nameof(ticketId)), Text(category, nameof(category)), ArticleLinkKind.NoArticleHelped, null, Text(agentId, nameof(agentId)), at);

    private static string Text(string value, string name)
    {
        ArgumentNullException.ThrowIfNull(value, name);
        return string.IsNullOrWhiteSpace(value) ? throw new ArgumentException($"{name} must not be empty.", name) : value;
    }
}
