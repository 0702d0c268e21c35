namespace CustomerService.Core.Sla;

/// <content>Escalation rules (issue 17, item 7).</content>
public sealed partial class SlaPolicyOptions
{
    /// <summary>Gets the escalation rules: on a metric's breach or warning, raise the tier, reassign to a queue and/or notify.</summary>
    /// <value>The default value is an empty list: no automatic escalation.</value>
    public IList<SlaEscalationOptions> Escalations { get; } = new List<SlaEscalationOptions>();
}

/// <summary>One escalation rule in <see cref="SlaPolicyOptions.Escalations"/>.</summary>
/// <remarks>
/// <code>
/// "Escalations": [
///   { "Metric": "Resolution", "On": "Breach", "Actions": [ "TierUp", "Reassign", "Notify" ], "Queue": "tier-2" },
///   { "Metric": "FirstResponse", "On": "0.9", "Actions": [ "Notify" ] },
///   { "Metric": "FirstResponse", "On": "30m", "Actions": [ "Notify" ] }
/// ]
/// </code>
/// </remarks>
/// <threadsafety>This type is a mutable configuration object and is not thread-safe; bind it once, then only read it.</threadsafety>
public sealed class SlaEscalationOptions
{
    /// <summary>Gets or sets the metric whose clock escalates (<c>FirstResponse</c>, <c>Resolution</c>, …).</summary>
    /// <value>The default value is <see langword="null"/>, which is not valid.</value>
    public string? Metric { get; set; }

    /// <summary>Gets or sets the milestone that escalates: <c>Breach</c>, one of the policy's warning thresholds (<c>0.9</c>), or one of its warnings before due (<c>30m</c>).</summary>
    /// <value>The default value is <see langword="null"/>, which means <c>Breach</c>.</value>
    public string? On { get; set; }

    /// <summary>Gets the actions: <c>TierUp</c>, <c>Reassign</c>, <c>Notify</c>.</summary>
    /// <value>The default value is an empty list, which is not valid: a rule does at least one thing.</value>
    public IList<string> Actions { get; } = new List<string>();

    /// <summary>Gets or sets the queue to reassign to; required with <c>Reassign</c>, not allowed without.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public string? Queue { get; set; }
}
