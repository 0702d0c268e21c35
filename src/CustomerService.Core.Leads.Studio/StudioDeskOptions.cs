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

/// <summary>
/// Checks, with the core settings, that the studio desk's sending hours name one of their calendars, so a misspelt
/// calendar name is a start-up error in the same message as the rest.
/// </summary>
internal sealed class StudioSendingHoursValidator(IEnumerable<IConfigureOptions<StudioDeskOptions>> setups, IEnumerable<IPostConfigureOptions<StudioDeskOptions>> postSetups) : IValidateOptions<CustomerServiceCoreOptions>
{
    public ValidateOptionsResult Validate(string? name, CustomerServiceCoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);

        // The studio's settings as configured, without running their own validators: their errors are reported with
        // their section, and a bad playbook must not hide a bad calendar name.
        var desk = new StudioDeskOptions();
        foreach (var setup in setups)
        {
            if (setup is IConfigureNamedOptions<StudioDeskOptions> named)
            {
                named.Configure(Options.DefaultName, desk);
            }
            else
            {
                setup.Configure(desk);
            }
        }

        foreach (var setup in postSetups)
        {
            setup.PostConfigure(Options.DefaultName, desk);
        }

        return desk.SendingHours is { Length: > 0 } hours && !options.Calendars.ContainsKey(hours)
            ? ValidateOptionsResult.Fail($"{CustomerServiceCoreOptions.SectionName}:{StudioDeskOptions.SectionKey}:{nameof(StudioDeskOptions.SendingHours)}: no business calendar is named '{hours}' under {CustomerServiceCoreOptions.SectionName}:{nameof(CustomerServiceCoreOptions.Calendars)}.")
            : ValidateOptionsResult.Success;
    }
}
