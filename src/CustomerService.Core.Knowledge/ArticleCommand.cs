using System.Diagnostics.CodeAnalysis;

namespace CustomerService.Core.Knowledge;

/// <summary>Something an agent (or due work) does to an article: the trigger it fires and the data it records.</summary>
/// <threadsafety>Commands are immutable and may be shared freely between threads.</threadsafety>
[SuppressMessage("Design", "CA1034:Nested types should not be visible", Justification = "The nested records are the closed vocabulary of article commands; nesting keeps names like Edit and Retire unambiguous next to the ticket commands.")]
public abstract record ArticleCommand
{
    private ArticleCommand()
    {
    }

    /// <summary>Gets the trigger the command fires.</summary>
    /// <value>One of the <see cref="ArticleTrigger"/> values.</value>
    public abstract ArticleTrigger Trigger { get; }

    /// <summary>Gets the note recorded in the history entry.</summary>
    /// <value>A short reason or code, or <see langword="null"/>.</value>
    public virtual string? Reason => null;

    /// <summary>Checks the command's data.</summary>
    internal virtual void Validate()
    {
    }

    /// <summary>New content: a new version with its title and the host's reference to the body.</summary>
    /// <param name="Title">The question the article answers; not empty.</param>
    /// <param name="ContentRef">The host's reference to the body; not empty.</param>
    /// <threadsafety>Commands are immutable and may be shared freely between threads.</threadsafety>
    public sealed record Edit(string Title, string ContentRef) : ArticleCommand
    {
        /// <inheritdoc/>
        public override ArticleTrigger Trigger => ArticleTrigger.Edit;

        internal override void Validate()
        {
            Text(Title, nameof(Title));
            Text(ContentRef, nameof(ContentRef));
        }
    }

    /// <summary>Submits a draft for review.</summary>
    /// <threadsafety>Commands are immutable and may be shared freely between threads.</threadsafety>
    public sealed record Submit : ArticleCommand
    {
        /// <inheritdoc/>
        public override ArticleTrigger Trigger => ArticleTrigger.Submit;
    }

    /// <summary>Approves an article in review (the reviewer must not be the author of its current version).</summary>
    /// <threadsafety>Commands are immutable and may be shared freely between threads.</threadsafety>
    public sealed record Approve : ArticleCommand
    {
        /// <inheritdoc/>
        public override ArticleTrigger Trigger => ArticleTrigger.Approve;
    }

    /// <summary>Sends an article in review back to draft.</summary>
    /// <param name="Why">What must change (a short note, recorded in the history); not empty.</param>
    /// <threadsafety>Commands are immutable and may be shared freely between threads.</threadsafety>
    public sealed record RequestChanges(string Why) : ArticleCommand
    {
        /// <inheritdoc/>
        public override ArticleTrigger Trigger => ArticleTrigger.RequestChanges;

        /// <inheritdoc/>
        public override string? Reason => Why;

        internal override void Validate() => Text(Why, nameof(Why));
    }

    /// <summary>Confirms that an article needing review is still right.</summary>
    /// <threadsafety>Commands are immutable and may be shared freely between threads.</threadsafety>
    public sealed record Confirm : ArticleCommand
    {
        /// <inheritdoc/>
        public override ArticleTrigger Trigger => ArticleTrigger.Confirm;
    }

    /// <summary>Withdraws an article for good.</summary>
    /// <param name="Why">Why (a short note or code, recorded in the history); not empty.</param>
    /// <threadsafety>Commands are immutable and may be shared freely between threads.</threadsafety>
    public sealed record Retire(string Why) : ArticleCommand
    {
        /// <inheritdoc/>
        public override ArticleTrigger Trigger => ArticleTrigger.Retire;

        /// <inheritdoc/>
        public override string? Reason => Why;

        internal override void Validate() => Text(Why, nameof(Why));
    }

    /// <summary>Hands the article to another owner.</summary>
    /// <param name="NewOwnerId">The new owner's agent id; not empty.</param>
    /// <threadsafety>Commands are immutable and may be shared freely between threads.</threadsafety>
    public sealed record ChangeOwner(string NewOwnerId) : ArticleCommand
    {
        /// <inheritdoc/>
        public override ArticleTrigger Trigger => ArticleTrigger.ChangeOwner;

        internal override void Validate() => Text(NewOwnerId, nameof(NewOwnerId));
    }

    /// <summary>The review date passed (fired by <see cref="ArticleService.ProcessDueAsync"/>; hosts need not send it).</summary>
    internal sealed record ReviewDue : ArticleCommand
    {
        public override ArticleTrigger Trigger => ArticleTrigger.ReviewDue;
    }

    private static void Text(string value, string name)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new ArgumentException($"{name} must not be empty.", name);
        }
    }
}
