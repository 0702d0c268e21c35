namespace CustomerService.Core.Knowledge;

/// <summary>An article was created as a draft (stored name <c>ArticleCreated</c>).</summary>
/// <remarks>Written to the outbox in the same save as the article, and delivered afterwards to the event sinks, at least once.</remarks>
/// <param name="Article">The new draft (version 0, no history).</param>
/// <param name="Actor">Who wrote it.</param>
/// <threadsafety>Events are immutable and may be shared freely between threads.</threadsafety>
public sealed record ArticleCreated(Article Article, string Actor) : CustomerServiceEvent(Article?.CreatedAt ?? default, Actor);

/// <summary>
/// An article transition was committed (stored name <c>ArticleTransitioned</c>): submitted, a version approved and
/// published, changes requested, its review date passed (needs review), confirmed, edited, retired, or handed to another owner.
/// </summary>
/// <remarks>Written to the outbox in the same save as the article, and delivered afterwards to the event sinks, at least once.
/// A host keeps its search index or notifies the owner from it; <see cref="TransitionRecord{TState, TTrigger}.Trigger"/>
/// and <see cref="TransitionRecord{TState, TTrigger}.To"/> say what happened.</remarks>
/// <param name="Article">The article at its new version, without its history (the transition is <paramref name="Transition"/>).</param>
/// <param name="Transition">The transition (also the article's last history entry).</param>
/// <threadsafety>Events are immutable and may be shared freely between threads.</threadsafety>
public sealed record ArticleTransitioned(Article Article, TransitionRecord<ArticleState, ArticleTrigger> Transition) : CustomerServiceEvent(Transition.At, Transition.Actor);
