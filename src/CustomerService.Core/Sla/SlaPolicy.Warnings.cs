using System.Collections.Immutable;
using NodaTime;

namespace CustomerService.Core.Sla;

/// <content>Warnings in time before the due instant, and their delivery at the next opening (issue 17, item 5).</content>
public sealed partial class SlaPolicy
{
    private readonly SlaWarningRules _warnings;

    /// <summary>Gets the warnings in time before due: a clock warns when the counted time left before its due instant falls to each of these.</summary>
    /// <value>
    /// Between 0 and 8 lead times, strictly descending (the earliest warning first); none by default. A lead time counts like the
    /// target: business time for a business-time target ("1 business hour before due"), plain time for a calendar-time target.
    /// A lead time not shorter than a target does not apply to that target.
    /// </value>
    /// <remarks>
    /// A warning of lead <c>L</c> on a target <c>T</c> is passed when the counted time reaches <c>T − L</c>, computed like the due
    /// instant: for a clock counting from <c>s</c> with nothing counted before, its instant <c>w = calendar.Add(s, T − L)</c>
    /// satisfies <c>BusinessTimeBetween(w, due) == L</c>, and like the due instant it can be a closing time.
    /// </remarks>
    public ImmutableArray<Duration> WarningsBeforeDue => _warnings.LeadTimes;

    /// <summary>Gets a value indicating whether warnings whose instant falls outside open hours are delivered at the next opening of <see cref="Calendar"/>.</summary>
    /// <value>
    /// <see langword="false"/> by default: every warning is delivered when it is reached. When <see langword="true"/>, the services
    /// publish a warning reached while the calendar is closed (a closing time, a night, a holiday; also for calendar-time targets)
    /// at the calendar's next opening, and drop it when its cycle ends (met, reset or cancelled) before then. A breach is always
    /// delivered when it happens. The clock's status is not affected: a warning counts as passed from its own instant.
    /// </value>
    public bool DeliversWarningsAtNextOpening => _warnings.DeliverAtNextOpening;

    internal SlaWarningRules WarningRules => _warnings;
}
