using CustomerService.Core.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CustomerService.Core.Leads.Studio;

/// <summary>The studio desk's settings: section <c>CustomerServiceCore:Studio</c>.</summary>
/// <example>
/// <code language="json">
/// "CustomerServiceCore": {
///   "Calendars": { "Shanghai": { … } },
///   "Studio": { "Playbook": { "ApologyDelayMinutes": 15 }, "SendingHours": "Shanghai" }
/// }
/// </code>
/// </example>
/// <threadsafety>This mutable options class is not thread-safe; configure it at start-up, then only read it.</threadsafety>
public sealed class StudioDeskOptions
{
    /// <summary>The key of the studio desk's settings under <c>CustomerServiceCore</c>: <c>Studio</c>.</summary>
    public const string SectionKey = "Studio";

    /// <summary>Gets the follow-up playbook's settings (section <c>Studio:Playbook</c>).</summary>
    /// <value>The default value is the studio's default playbook.</value>
    public StudioPlaybookOptions Playbook { get; } = new();

    /// <summary>Gets or sets the name of the business calendar under <c>CustomerServiceCore:Calendars</c> whose open hours are the sending hours of the <see cref="OutreachPlanner"/>.</summary>
    /// <value>The default value is <see langword="null"/>: no planner is built from settings and the host constructs its own.</value>
    public string? SendingHours { get; set; }
}

/// <summary>Checks the studio desk's settings at start-up, naming each bad key.</summary>
internal sealed class StudioDeskOptionsValidator : IValidateOptions<StudioDeskOptions>
{
    public ValidateOptionsResult Validate(string? name, StudioDeskOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var prefix = $"{CustomerServiceCoreOptions.SectionName}:{StudioDeskOptions.SectionKey}:";
        var errors = StudioPlaybookOptionsValidator.Collect(options.Playbook).Select(e => $"{prefix}{nameof(StudioDeskOptions.Playbook)}:{e}").ToList();
        if (options.SendingHours is { } hours && string.IsNullOrWhiteSpace(hours))
        {
            errors.Add($"{prefix}{nameof(StudioDeskOptions.SendingHours)}: must name a calendar under {CustomerServiceCoreOptions.SectionName}:{nameof(CustomerServiceCoreOptions.Calendars)}, or be left out");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}

/// <summary>The studio desk's cross-check with the core settings: its sending hours name one of their calendars.</summary>
internal static class StudioSettingsCheck
{
    public static IEnumerable<string> SendingHours(StudioDeskOptions desk, CustomerServiceCoreOptions options)
    {
        if (desk.SendingHours is { Length: > 0 } hours && !options.Calendars.ContainsKey(hours))
        {
            yield return $"{CustomerServiceCoreOptions.SectionName}:{StudioDeskOptions.SectionKey}:{nameof(StudioDeskOptions.SendingHours)}: no business calendar is named '{hours}' under {CustomerServiceCoreOptions.SectionName}:{nameof(CustomerServiceCoreOptions.Calendars)}.";
        }
    }
}
