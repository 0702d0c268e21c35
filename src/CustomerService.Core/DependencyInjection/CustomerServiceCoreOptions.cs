using CustomerService.Core.Calendars;
using CustomerService.Core.Callbacks;
using CustomerService.Core.Kpis;
using CustomerService.Core.Leads;
using CustomerService.Core.Sla;
using CustomerService.Core.Storage;
using CustomerService.Core.Tickets;
using Microsoft.Extensions.Options;
using NodaTime;

namespace CustomerService.Core.DependencyInjection;

/// <summary>
/// The root of the package's settings, bindable from a configuration section (by convention
/// <see cref="SectionName"/>); each area has its own sub-section.
/// </summary>
/// <example>
/// <code language="json">
/// "CustomerServiceCore": {
///   "Tickets": { "ReopenWindow": "7:00:00:00", "AutoCloseAfter": "4:00:00:00" },
///   "Callbacks": { "MaxAttempts": 3, "RetryIntervals": [ "0:00:30:00", "0:02:00:00" ], "ContactWindowOpens": "08:00", "ContactWindowCloses": "21:00" }
/// }
/// </code>
/// </example>
/// <threadsafety>This mutable options class is not thread-safe; configure it at start-up, then only read it.</threadsafety>
public sealed class CustomerServiceCoreOptions
{
    /// <summary>The conventional configuration section name: <c>CustomerServiceCore</c>.</summary>
    public const string SectionName = "CustomerServiceCore";

    /// <summary>Gets the ticket lifecycle's settings (section <c>Tickets</c>).</summary>
    /// <value>The default value has a 7-day reopen window and closes solved tickets automatically after 7 days.</value>
    public TicketOptions Tickets { get; } = new();

    /// <summary>Gets the callback retry policy's settings (section <c>Callbacks</c>).</summary>
    /// <value>The default value allows 3 attempts between 08:00 and 21:00 in the contact's zone.</value>
    public CallbackOptions Callbacks { get; } = new();

    /// <summary>Gets how due work treats an entity whose processing failed (section <c>DueWork</c>).</summary>
    /// <value>The default value pushes a failed entity back by 5 minutes.</value>
    public DueWorkOptions DueWork { get; } = new();

    /// <summary>Gets how the outbox dispatcher retries failed deliveries (section <c>Outbox</c>).</summary>
    /// <value>The default value retries after 5 seconds, doubling up to 15 minutes.</value>
    public OutboxOptions Outbox { get; } = new();

    /// <summary>Gets the named business calendars (section <c>Calendars</c>), keyed by name.</summary>
    /// <value>The default value is empty. A calendar without a <see cref="BusinessCalendarOptions.Name"/> takes its key.</value>
    public IDictionary<string, BusinessCalendarOptions> Calendars { get; } = new Dictionary<string, BusinessCalendarOptions>(StringComparer.Ordinal);

    /// <summary>Gets the named SLA policies (section <c>SlaPolicies</c>), keyed by name; each names one of <see cref="Calendars"/>.</summary>
    /// <value>The default value is empty. A policy without a <see cref="SlaPolicyOptions.Name"/> takes its key.</value>
    public IDictionary<string, SlaPolicyOptions> SlaPolicies { get; } = new Dictionary<string, SlaPolicyOptions>(StringComparer.Ordinal);

    /// <summary>Gets which SLA policy applies to tickets and complaints (section <c>Sla</c>).</summary>
    /// <value>The default value selects no policy: tickets and complaints carry no SLA clocks.</value>
    public SlaSelectionOptions Sla { get; } = new();

    /// <summary>Gets the KPI settings (section <c>Kpis</c>), such as the agent scorecard's weights and targets.</summary>
    /// <value>The default value holds the default <see cref="ScorecardOptions"/>.</value>
    public KpiOptions Kpis { get; } = new();

    /// <summary>Gets the lead settings (section <c>Leads</c>): the named segmentation rule sets.</summary>
    /// <value>The default value holds no rule sets.</value>
    public LeadOptions Leads { get; } = new();
}

/// <summary>The KPI settings of <see cref="CustomerServiceCoreOptions.Kpis"/>.</summary>
/// <example>
/// <code language="json">
/// "Kpis": { "Scorecard": { "QualityWeight": 40, "TargetContactsPerDay": 50 } }
/// </code>
/// </example>
/// <threadsafety>This mutable options class is not thread-safe; configure it at start-up, then only read it.</threadsafety>
public sealed class KpiOptions
{
    /// <summary>Gets the agent scorecard's weights and targets (section <c>Kpis:Scorecard</c>).</summary>
    /// <value>The default value has the weights 30/20/25/15/10 and the default targets of <see cref="ScorecardOptions"/>.</value>
    public ScorecardOptions Scorecard { get; } = new();
}

/// <summary>The lead settings of <see cref="CustomerServiceCoreOptions.Leads"/>.</summary>
/// <example>
/// <code language="json">
/// "Leads": {
///   "RuleSets": { "vip": { "TimeZone": "Asia/Shanghai", "DefaultSegment": "Other", "Facts": [ … ], "Rules": [ … ] } }
/// }
/// </code>
/// </example>
/// <threadsafety>This mutable options class is not thread-safe; configure it at start-up, then only read it.</threadsafety>
public sealed class LeadOptions
{
    /// <summary>Gets the named segmentation rule sets (section <c>Leads:RuleSets</c>), keyed by name.</summary>
    /// <value>The default value is empty. A rule set without a <see cref="SegmentationRuleSetOptions.Name"/> takes its key.</value>
    public IDictionary<string, SegmentationRuleSetOptions> RuleSets { get; } = new Dictionary<string, SegmentationRuleSetOptions>(StringComparer.Ordinal);
}

/// <summary>Which named SLA policy tickets (per priority) and complaints start their clocks under.</summary>
/// <example>
/// <code language="json">
/// "Sla": {
///   "TicketPolicy": "Standard", "TicketPolicies": { "Urgent": "Premium" }, "ComplaintPolicy": "Complaints",
///   "TicketFacts": [ { "Name": "Segment", "Kind": "Enum", "Values": [ "Gold", "Silver" ] } ],
///   "TicketRules": [ { "Name": "gold", "Policy": "Premium", "Conditions": [ { "Fact": "Segment", "Operator": "In", "Values": [ "Gold" ] } ] } ]
/// }
/// </code>
/// </example>
/// <threadsafety>This mutable options class is not thread-safe; configure it at start-up, then only read it.</threadsafety>
public sealed class SlaSelectionOptions
{
    /// <summary>Gets or sets the policy for tickets whose priority has no entry in <see cref="TicketPolicies"/>.</summary>
    /// <value>The default value is <see langword="null"/>: such tickets carry no SLA clocks.</value>
    public string? TicketPolicy { get; set; }

    /// <summary>Gets the policy per ticket priority, keyed by priority name (<c>Urgent</c>, <c>High</c>, <c>Normal</c>, <c>Low</c>).</summary>
    /// <value>The default value is empty. Keys ignore case.</value>
    public IDictionary<string, string> TicketPolicies { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Gets the facts the host supplies about tickets for the selection rules (segment, queue, organisation, tags), declared after the ticket's own <c>Priority</c>, <c>Channel</c>, <c>Category</c> and <c>Tier</c>.</summary>
    /// <value>The default value is empty. Kinds: <c>Number</c>, <c>Count</c>, <c>Flag</c> or <c>Enum</c> (with <c>Values</c>); selection reads no dates.</value>
    public IList<FactOptions> TicketFacts { get; } = [];

    /// <summary>Gets the ordered ticket selection rules: the first whose conditions all hold names the ticket's policy; a ticket no rule matches falls through to <see cref="TicketPolicies"/>, then <see cref="TicketPolicy"/>.</summary>
    /// <value>The default value is empty: tickets select by priority only.</value>
    public IList<SlaSelectionRuleOptions> TicketRules { get; } = [];

    /// <summary>Gets the ordered calendar resolution chain for tickets: the first link whose fact leads to a calendar under <c>Calendars</c> chooses the calendar the ticket's clocks count on; when none does, the policy's own calendar applies.</summary>
    /// <value>The default value is empty: every ticket counts on its policy's calendar (and each metric on its own calendar where the policy gives it one).</value>
    /// <example>
    /// <code language="json">
    /// "CalendarResolution": [
    ///   { "Name": "case", "Fact": "CaseCalendar" },
    ///   { "Name": "customer", "Fact": "CustomerCalendar" },
    ///   { "Name": "team", "Fact": "Team", "Calendars": { "billing": "Berlin desk", "support": "Shanghai desk" } }
    /// ]
    /// </code>
    /// </example>
    public IList<SlaCalendarSourceOptions> CalendarResolution { get; } = [];

    /// <summary>Gets or sets the policy for complaints (targets <c>Acknowledgement</c> and <c>FinalResponse</c> at priority <c>Normal</c> or the default).</summary>
    /// <value>The default value is <see langword="null"/>: complaints carry no SLA clocks.</value>
    public string? ComplaintPolicy { get; set; }
}

/// <summary>Validates every area's settings at once, naming each bad key.</summary>
internal sealed class CustomerServiceCoreOptionsValidator(IDateTimeZoneProvider zones) : IValidateOptions<CustomerServiceCoreOptions>
{
    private static readonly string[] TicketPriorityNames = [.. Enum.GetValues<TicketPriority>().Where(p => Enum.IsDefined(p)).Select(p => p.ToString())];

    private static readonly string[] PriorityKeys = [.. TicketPriorityNames, SlaMetricOptions.DefaultPriorityKey];

    public ValidateOptionsResult Validate(string? name, CustomerServiceCoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = new ValidateOptionsResultBuilder();
        Add(builder, options.Tickets.Validate(nameof(CustomerServiceCoreOptions.Tickets) + ":"));
        Add(builder, options.Callbacks.Validate(nameof(CustomerServiceCoreOptions.Callbacks) + ":"));
        Add(builder, options.DueWork.Validate(nameof(CustomerServiceCoreOptions.DueWork) + ":"));
        Add(builder, options.Outbox.Validate(nameof(CustomerServiceCoreOptions.Outbox) + ":"));
        Add(builder, ValidateSla(options));
        Add(builder, ValidateKpis(options));
        Add(builder, ValidateLeads(options));
        return builder.Build();
    }

    /// <summary>Builds the catalog of calendars and policies the settings describe (after validation).</summary>
    public static SlaCatalog BuildCatalog(CustomerServiceCoreOptions options, IDateTimeZoneProvider zones)
    {
        var calendars = new Dictionary<string, BusinessCalendar>(StringComparer.Ordinal);
        foreach (var (key, calendar) in options.Calendars)
        {
            calendars[key] = calendar.BuildCalendar(zones);
        }

        var policies = new List<SlaPolicy>();
        foreach (var policy in options.SlaPolicies.Values)
        {
            policies.Add(SlaPolicy.FromOptions(policy, n => calendars.GetValueOrDefault(n)));
        }

        var byPriority = new List<KeyValuePair<SlaPriority, string>>();
        foreach (var (priority, policy) in options.Sla.TicketPolicies)
        {
            byPriority.Add(new(new Sla.SlaPriority(Enum.Parse<TicketPriority>(priority, ignoreCase: true).ToString()), policy));
        }

        var resolution = options.Sla.CalendarResolution.Select(l => new SlaCalendarSource(l.Name, l.Fact, l.Calendars.Count == 0 ? null : l.Calendars));
        return new SlaCatalog(calendars, policies, options.Sla.TicketPolicy, options.Sla.ComplaintPolicy, byPriority, SlaSelectionRules.Build(options.Sla), resolution);
    }

    /// <summary>Gives unnamed calendars and policies the name of their key.</summary>
    public static void NameFromKeys(CustomerServiceCoreOptions options)
    {
        foreach (var (key, calendar) in options.Calendars)
        {
            if (string.IsNullOrWhiteSpace(calendar.Name))
            {
                calendar.Name = key;
            }
        }

        foreach (var (key, policy) in options.SlaPolicies)
        {
            if (string.IsNullOrWhiteSpace(policy.Name))
            {
                policy.Name = key;
            }
        }

        foreach (var (key, ruleSet) in options.Leads.RuleSets)
        {
            if (ruleSet is not null && string.IsNullOrWhiteSpace(ruleSet.Name))
            {
                ruleSet.Name = key;
            }
        }
    }

    /// <summary>Builds the named segmentation rule sets the settings describe (after validation).</summary>
    public static SegmentationRuleSetCatalog BuildRuleSets(CustomerServiceCoreOptions options, IDateTimeZoneProvider zones)
    {
        var ruleSets = new Dictionary<string, SegmentationRuleSet>(StringComparer.Ordinal);
        foreach (var (key, ruleSet) in options.Leads.RuleSets)
        {
            ruleSets[key] = ruleSet.Build(zones);
        }

        return new SegmentationRuleSetCatalog(ruleSets);
    }

    private static IEnumerable<string> ValidateKpis(CustomerServiceCoreOptions options)
    {
        // The scorecard validator already names its keys from the Kpis section (Kpis:Scorecard:QualityWeight).
        return Failures(new ScorecardOptionsValidator().Validate(null, options.Kpis.Scorecard));
    }

    private IEnumerable<string> ValidateLeads(CustomerServiceCoreOptions options)
    {
        var leads = $"{nameof(CustomerServiceCoreOptions.Leads)}:";
        var ruleSetValidator = new SegmentationRuleSetOptionsValidator(zones);
        foreach (var (key, ruleSet) in options.Leads.RuleSets)
        {
            var prefix = $"{leads}{nameof(LeadOptions.RuleSets)}:{key}:";
            if (ruleSet is null)
            {
                yield return prefix + " a rule set needs settings.";
                continue;
            }

            if (!string.IsNullOrWhiteSpace(ruleSet.Name) && ruleSet.Name != key)
            {
                yield return $"{prefix}Name: must be empty or equal its key '{key}' (it is '{ruleSet.Name}').";
            }

            foreach (var error in Failures(ruleSetValidator.Validate(null, ruleSet)))
            {
                yield return prefix + error;
            }
        }
    }

    private IEnumerable<string> ValidateSla(CustomerServiceCoreOptions options)
    {
        var calendarValidator = new BusinessCalendarOptionsValidator(zones);
        foreach (var (key, calendar) in options.Calendars)
        {
            var prefix = $"{nameof(CustomerServiceCoreOptions.Calendars)}:{key}:";
            if (calendar is null)
            {
                yield return prefix + " a calendar needs settings.";
                continue;
            }

            if (!string.IsNullOrWhiteSpace(calendar.Name) && calendar.Name != key)
            {
                yield return $"{prefix}Name: must be empty or equal its key '{key}' (it is '{calendar.Name}').";
            }

            foreach (var error in Failures(calendarValidator.Validate(null, calendar)))
            {
                yield return prefix + error;
            }
        }

        var policyValidator = new SlaPolicyOptionsValidator();
        foreach (var (key, policy) in options.SlaPolicies)
        {
            var prefix = $"{nameof(CustomerServiceCoreOptions.SlaPolicies)}:{key}:";
            if (policy is null)
            {
                yield return prefix + " a policy needs settings.";
                continue;
            }

            if (!string.IsNullOrWhiteSpace(policy.Name) && policy.Name != key)
            {
                yield return $"{prefix}Name: must be empty or equal its key '{key}' (it is '{policy.Name}').";
            }

            foreach (var error in Failures(policyValidator.Validate(null, policy)))
            {
                yield return prefix + error;
            }

            // The services look targets up by ticket priority (complaints use Normal): any other name is never used, so in
            // the package's settings it is a typo ("Urgnet") rather than a priority of the host's own.
            foreach (var (metricKey, metric) in policy.Metrics)
            {
                foreach (var priorityKey in metric?.Targets.Keys ?? [])
                {
                    if (!PriorityKeys.Contains(priorityKey, StringComparer.OrdinalIgnoreCase))
                    {
                        yield return $"{prefix}Metrics:{metricKey}:Targets:{priorityKey}: '{priorityKey}' is not a ticket priority or Default{Suggest.Hint(priorityKey, PriorityKeys)}";
                    }
                }
            }

            if (!string.IsNullOrWhiteSpace(policy.Calendar) && !options.Calendars.ContainsKey(policy.Calendar))
            {
                yield return $"{prefix}Calendar: no business calendar is named '{policy.Calendar}' under {nameof(CustomerServiceCoreOptions.Calendars)}.";
            }

            foreach (var (metricKey, metric) in policy.Metrics)
            {
                if (!string.IsNullOrWhiteSpace(metric?.Calendar) && !options.Calendars.ContainsKey(metric.Calendar))
                {
                    yield return $"{prefix}Metrics:{metricKey}:Calendar: no business calendar is named '{metric.Calendar}' under {nameof(CustomerServiceCoreOptions.Calendars)}{Suggest.Hint(metric.Calendar, [.. options.Calendars.Keys])}";
                }
            }
        }

        var selection = $"{nameof(CustomerServiceCoreOptions.Sla)}:";
        foreach (var (key, policy) in Selected(options.Sla))
        {
            if (!options.SlaPolicies.ContainsKey(policy))
            {
                yield return $"{selection}{key}: no SLA policy is named '{policy}' under {nameof(CustomerServiceCoreOptions.SlaPolicies)}.";
            }
        }

        foreach (var error in SlaSelectionRules.Validate(options.Sla, options.SlaPolicies.Keys))
        {
            yield return selection + error;
        }

        foreach (var error in SlaCalendarSourceOptions.Validate(options.Sla, options.Calendars.Keys))
        {
            yield return selection + error;
        }

        foreach (var priority in options.Sla.TicketPolicies.Keys)
        {
            if (!Enum.TryParse<TicketPriority>(priority, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed) || int.TryParse(priority, out _))
            {
                yield return $"{selection}{nameof(SlaSelectionOptions.TicketPolicies)}:{priority}: is not a ticket priority (Urgent, High, Normal or Low){Suggest.Hint(priority, TicketPriorityNames).TrimEnd('.')}.";
            }
        }
    }

    private static IEnumerable<(string Key, string Policy)> Selected(SlaSelectionOptions selection)
    {
        if (selection.TicketPolicy is not null)
        {
            yield return (nameof(SlaSelectionOptions.TicketPolicy), selection.TicketPolicy);
        }

        if (selection.ComplaintPolicy is not null)
        {
            yield return (nameof(SlaSelectionOptions.ComplaintPolicy), selection.ComplaintPolicy);
        }

        foreach (var (priority, policy) in selection.TicketPolicies)
        {
            yield return ($"{nameof(SlaSelectionOptions.TicketPolicies)}:{priority}", policy);
        }
    }

    private static IEnumerable<string> Failures(ValidateOptionsResult result) => result.Failed ? result.Failures ?? [] : [];

    // Each area's options yield their errors with the key relative to the area; this adds the root section's name.
    private static void Add(ValidateOptionsResultBuilder builder, IEnumerable<string> errors)
    {
        foreach (var error in errors)
        {
            builder.AddError(CustomerServiceCoreOptions.SectionName + ":" + error);
        }
    }
}
