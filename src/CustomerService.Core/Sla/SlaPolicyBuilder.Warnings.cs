using System.Collections.Immutable;
using NodaTime;

namespace CustomerService.Core.Sla;

/// <content>Warnings in time before the due instant, and their delivery at the next opening (issue 17, item 5).</content>
public sealed partial class SlaPolicyBuilder
{
    private ImmutableArray<Duration> _leadTimes = [];
    private bool _deliverAtNextOpening;

    /// <summary>Adds warnings in time before the due instant ("warn 1 business hour before due"), beside the fractional thresholds.</summary>
    /// <param name="leadTimes">Up to 8 positive lead times of at most 36,500 days, strictly descending (the earliest warning first), counted like each target (business or calendar time); none for no such warnings.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentException">Thrown when there are more than 8 lead times, one is not positive or too long, or they are not strictly descending; the message names the lead time.</exception>
    /// <exception cref="InvalidOperationException">Thrown when the builder has already built its policy.</exception>
    public SlaPolicyBuilder WarningsBeforeDue(params ReadOnlySpan<Duration> leadTimes)
    {
        ThrowIfBuilt();
        var error = SlaWarningRules.Validate(leadTimes);
        if (error is not null)
        {
            throw new ArgumentException(error, nameof(leadTimes));
        }

        _leadTimes = [.. leadTimes];
        return this;
    }

    /// <summary>Makes the services deliver a warning that falls outside open hours at the calendar's next opening (see <see cref="SlaPolicy.DeliversWarningsAtNextOpening"/>).</summary>
    /// <param name="deliver"><see langword="true"/> to deliver at the next opening; <see langword="false"/> (the default of a policy) to deliver every warning when it is reached.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="InvalidOperationException">Thrown when the builder has already built its policy.</exception>
    public SlaPolicyBuilder DeliverWarningsAtNextOpening(bool deliver = true)
    {
        ThrowIfBuilt();
        _deliverAtNextOpening = deliver;
        return this;
    }

    private SlaWarningRules BuildWarningRules() =>
        _leadTimes.IsEmpty && !_deliverAtNextOpening ? SlaWarningRules.None : new SlaWarningRules(_leadTimes, _deliverAtNextOpening);
}
