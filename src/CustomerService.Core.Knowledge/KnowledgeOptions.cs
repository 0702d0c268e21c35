using CustomerService.Core.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CustomerService.Core.Knowledge;

/// <summary>The knowledge base's settings: section <c>CustomerServiceCore:Knowledge</c>.</summary>
/// <threadsafety>This type is mutable (for configuration binding) and not thread-safe; the services copy it at start-up.</threadsafety>
public sealed class KnowledgeOptions
{
    /// <summary>The section's key under <c>CustomerServiceCore</c>: <c>Knowledge</c>.</summary>
    public const string SectionKey = "Knowledge";

    /// <summary>Gets or sets the business calendar review dates are counted on for owners without one of their own.</summary>
    /// <value>A calendar name under <c>CustomerServiceCore:Calendars</c>; required as soon as the section sets anything (an absent section passes start-up validation, so that hosts which register the knowledge base without using it start; resolving its services then throws <see cref="InvalidOperationException"/> naming the key).</value>
    public string Calendar { get; set; } = string.Empty;

    /// <summary>Gets or sets the review interval of categories without one of their own, in business days.</summary>
    /// <value>1 to 3,650; the default value is 60 (about a quarter).</value>
    public int DefaultReviewIntervalDays { get; set; } = 60;

    /// <summary>Gets the review intervals by question category, in business days (1 to 3,650).</summary>
    /// <value>Category key → business days; empty by default.</value>
    public IDictionary<string, int> ReviewIntervalDays { get; } = new Dictionary<string, int>(StringComparer.Ordinal);

    /// <summary>Gets the calendars of owners who work on another one than <see cref="Calendar"/>.</summary>
    /// <value>Owner (agent) id → calendar name under <c>CustomerServiceCore:Calendars</c>; empty by default.</value>
    public IDictionary<string, string> OwnerCalendars { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Gets a value indicating whether nothing is set (the section is absent): start-up validation then passes, and resolving the knowledge base's services throws.</summary>
    internal bool IsEmpty => string.IsNullOrWhiteSpace(Calendar) && DefaultReviewIntervalDays == 60 && ReviewIntervalDays.Count == 0 && OwnerCalendars.Count == 0;
}

/// <summary>Validates <see cref="KnowledgeOptions"/>, naming every bad key (<c>CustomerServiceCore:Knowledge:…</c>).</summary>
internal sealed class KnowledgeOptionsValidator : IValidateOptions<KnowledgeOptions>
{
    public const string Prefix = CustomerServiceCoreOptions.SectionName + ":" + KnowledgeOptions.SectionKey + ":";

    public ValidateOptionsResult Validate(string? name, KnowledgeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Calendar) && !options.IsEmpty)
        {
            errors.Add($"{Prefix}{nameof(KnowledgeOptions.Calendar)}: required: the calendar review dates are counted on (a name under {CustomerServiceCoreOptions.SectionName}:Calendars)");
        }

        if (options.DefaultReviewIntervalDays is < 1 or > ArticleReviewSchedule.MaxIntervalDays)
        {
            errors.Add($"{Prefix}{nameof(KnowledgeOptions.DefaultReviewIntervalDays)}: {options.DefaultReviewIntervalDays} is not 1 to {ArticleReviewSchedule.MaxIntervalDays} business days");
        }

        foreach (var (category, days) in options.ReviewIntervalDays)
        {
            if (days is < 1 or > ArticleReviewSchedule.MaxIntervalDays)
            {
                errors.Add($"{Prefix}{nameof(KnowledgeOptions.ReviewIntervalDays)}:{category}: {days} is not 1 to {ArticleReviewSchedule.MaxIntervalDays} business days");
            }
        }

        foreach (var (owner, calendar) in options.OwnerCalendars)
        {
            if (string.IsNullOrWhiteSpace(calendar))
            {
                errors.Add($"{Prefix}{nameof(KnowledgeOptions.OwnerCalendars)}:{owner}: a calendar name is required");
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>The calendar names the section uses must be calendars of the core settings.</summary>
    public static IEnumerable<string> Calendars(KnowledgeOptions knowledge, CustomerServiceCoreOptions core)
    {
        if (!string.IsNullOrWhiteSpace(knowledge.Calendar) && !core.Calendars.ContainsKey(knowledge.Calendar))
        {
            yield return $"{Prefix}{nameof(KnowledgeOptions.Calendar)}: no business calendar is named '{knowledge.Calendar}' under {CustomerServiceCoreOptions.SectionName}:Calendars";
        }

        foreach (var (owner, calendar) in knowledge.OwnerCalendars)
        {
            if (!string.IsNullOrWhiteSpace(calendar) && !core.Calendars.ContainsKey(calendar))
            {
                yield return $"{Prefix}{nameof(KnowledgeOptions.OwnerCalendars)}:{owner}: no business calendar is named '{calendar}' under {CustomerServiceCoreOptions.SectionName}:Calendars";
            }
        }
    }
}
