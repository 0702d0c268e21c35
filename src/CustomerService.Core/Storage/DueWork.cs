namespace CustomerService.Core.Storage;

/// <summary>What the domain will look at when an entity's <c>NextDueAt</c> comes: stored next to it for dashboards and logs.</summary>
/// <remarks>
/// The domain computes it with <c>NextDueAt</c> on every write; adapters store it as a plain integer and never interpret
/// it. Several flags are set when several kinds of work fall due at the same instant.
/// </remarks>
/// <threadsafety>Enumeration values are immutable and may be shared freely between threads.</threadsafety>
[Flags]
public enum DueWork
{
    /// <summary>Nothing is due: <c>NextDueAt</c> is <see langword="null"/>.</summary>
    None = 0,

    /// <summary>An SLA clock crosses a warning threshold or breaches.</summary>
    SlaChange = 1,

    /// <summary>A solved ticket closes automatically.</summary>
    AutoClose = 2,

    /// <summary>The time limit of a dispatch to another department passes (限时处理).</summary>
    HoldDeadline = 4,

    /// <summary>A complaint's promised response deadline passes without a response.</summary>
    ResponseDeadline = 8,

    /// <summary>A scheduled callback's next attempt comes.</summary>
    CallbackAttempt = 16,

    /// <summary>An entity whose processing failed is tried again (its <c>NextDueAt</c> was pushed back by the failure backoff).</summary>
    Retry = 32,

    /// <summary>A published knowledge-base article's review date comes (package <c>CustomerService.Core.Knowledge</c>).</summary>
    ArticleReview = 64,
}
