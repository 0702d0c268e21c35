namespace CustomerService.Core.Sla;

/// <summary>An SLA policy as configuration (for example a section of appsettings.json), validated by <see cref="SlaPolicyOptionsValidator"/>.</summary>
/// <remarks>
/// <para>A policy in JSON:</para>
/// <code>
/// "Standard": {
///   "Calendar": "Shanghai",
///   "WarningThresholds": [ 0.5, 0.75, 0.9 ],
///   "Metrics": {
///     "FirstResponse": { "Targets": { "Urgent": "2h", "Default": "8h" }, "PauseWhen": [ "PendingOnCustomer" ] },
///     "PeriodicUpdate": { "Basis": "CalendarTime", "Targets": { "Default": "24h" } }
///   }
/// }
/// </code>
/// <para>Build the policy with <see cref="SlaPolicy.FromOptions"/>, which validates first.</para>
/// </remarks>
/// <threadsafety>This type is a mutable configuration object and is not thread-safe; bind it once, then only read it.</threadsafety>
public sealed partial class SlaPolicyOptions
{
    /// <summary>Gets or sets the policy's name.</summary>
    /// <value>The default value is <see langword="null"/>, which is not valid: a policy needs a name.</value>
    public string? Name { get; set; }

    /// <summary>Gets or sets the name of the business calendar that business-time targets count on.</summary>
    /// <value>The default value is <see langword="null"/>, which is not valid: a policy needs a calendar.</value>
    public string? Calendar { get; set; }

    /// <summary>Gets or sets a version tag for the calendar, recorded by every clock.</summary>
    /// <value>The default value is <see langword="null"/>: the policy uses a fingerprint of the calendar (see <see cref="SlaPolicy.CalendarVersion"/>).</value>
    public string? CalendarVersion { get; set; }

    /// <summary>Gets or sets the warning thresholds, as fractions of a target.</summary>
    /// <value>The default value is <see langword="null"/>, which means 0.5, 0.75 and 0.9; an empty list means no warnings.</value>
    public IList<double>? WarningThresholds { get; set; }

    /// <summary>Gets the settings of each metric, keyed by metric name (<c>FirstResponse</c>, <c>NextResponse</c>, <c>PeriodicUpdate</c>, <c>Resolution</c>, <c>Acknowledgement</c>, <c>FinalResponse</c>).</summary>
    /// <value>The default value is an empty dictionary, which is not valid: a policy needs at least one target. Keys ignore case.</value>
    public IDictionary<string, SlaMetricOptions> Metrics { get; } = new Dictionary<string, SlaMetricOptions>(StringComparer.OrdinalIgnoreCase);
}

/// <summary>The settings of one metric in <see cref="SlaPolicyOptions"/>: how time counts, the targets per priority, and when it pauses.</summary>
/// <threadsafety>This type is a mutable configuration object and is not thread-safe; bind it once, then only read it.</threadsafety>
public sealed class SlaMetricOptions
{
    /// <summary>The key of the target that applies to every priority without its own.</summary>
    public const string DefaultPriorityKey = "Default";

    /// <summary>Gets or sets how the metric's targets count time: <c>BusinessTime</c> or <c>CalendarTime</c> (24×7).</summary>
    /// <value>The default value is <see langword="null"/>, which means <c>BusinessTime</c>.</value>
    public string? Basis { get; set; }

    /// <summary>Gets the targets keyed by priority name (or <c>Default</c> for every other priority).</summary>
    /// <value>
    /// The default value is an empty dictionary. Each value is a positive duration written <c>hh:mm</c>, <c>hh:mm:ss</c>,
    /// <c>d.hh:mm:ss</c>, or a whole number followed by <c>h</c>, <c>m</c> or <c>s</c> (for example <c>"8h"</c>). A day of
    /// business time is 24 business hours: write three 8-hour business days as <c>"24h"</c>.
    /// </value>
    public IDictionary<string, string> Targets { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Gets the wait reasons that pause the metric: <c>PendingOnCustomer</c>, <c>DispatchedToDepartment</c>, <c>WaitingOnThirdParty</c>.</summary>
    /// <value>The default value is an empty list: the metric never pauses.</value>
    public IList<string> PauseWhen { get; } = new List<string>();

    /// <summary>Gets or sets the name of a calendar (under <c>CustomerServiceCore:Calendars</c>) the metric's business-time targets count on instead of the policy's, for example a 24×7 calendar for the first response.</summary>
    /// <value>The default value is <see langword="null"/>: the metric counts on the policy's calendar (or the case's, see calendar resolution). A metric's own calendar wins over both.</value>
    public string? Calendar { get; set; }

    /// <summary>Gets or sets a version tag for the metric's own <see cref="Calendar"/>, recorded by the metric's clocks.</summary>
    /// <value>The default value is <see langword="null"/>: the clocks record the calendar's fingerprint.</value>
    public string? CalendarVersion { get; set; }
}
