namespace CustomerService.Core.Sla;

/// <content>Warnings in time before the due instant, and their delivery at the next opening (issue 17, item 5).</content>
public sealed partial class SlaPolicyOptions
{
    /// <summary>Gets or sets the warnings in time before due, as durations in the settings syntax (for example <c>[ "2h", "30m" ]</c>), the earliest warning first.</summary>
    /// <value>
    /// The default value is <see langword="null"/>: no such warnings. Up to 8 positive durations, strictly descending, without days
    /// (they count like the targets: business hours for a business-time target). See <see cref="SlaPolicy.WarningsBeforeDue"/>.
    /// </value>
    public IList<string>? WarningsBeforeDue { get; set; }

    /// <summary>Gets or sets a value indicating whether a warning that falls outside open hours is delivered at the calendar's next opening.</summary>
    /// <value>The default value is <see langword="false"/>: warnings are delivered when they are reached. See <see cref="SlaPolicy.DeliversWarningsAtNextOpening"/>.</value>
    public bool DeliverWarningsAtNextOpening { get; set; }
}
