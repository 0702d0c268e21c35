using System.Collections.Immutable;
using System.Globalization;
using CustomerService.Core.Calendars;
using NodaTime;

namespace CustomerService.Core.Sla;

/// <summary>
/// A policy's warnings in time before the due instant ("warn 1 business hour before due"), beside its fractional
/// thresholds, and whether warnings that fall outside open hours are delivered at the next opening (issue 17, item 5).
/// </summary>
/// <remarks>Immutable; shared by every clock definition of a policy.</remarks>
internal sealed class SlaWarningRules
{
    /// <summary>No lead-time warnings, delivered when they happen: the behaviour of a policy that does not ask for more.</summary>
    public static readonly SlaWarningRules None = new([], deliverAtNextOpening: false);

    public SlaWarningRules(ImmutableArray<Duration> leadTimes, bool deliverAtNextOpening)
    {
        LeadTimes = leadTimes.IsDefault ? [] : leadTimes;
        DeliverAtNextOpening = deliverAtNextOpening;
    }

    /// <summary>The lead times, strictly descending (the earliest warning first).</summary>
    public ImmutableArray<Duration> LeadTimes { get; }

    /// <summary>Whether a warning whose instant is not open on the policy's calendar is delivered at the next opening.</summary>
    public bool DeliverAtNextOpening { get; }

    /// <summary>The most lead-time warnings a policy accepts.</summary>
    public const int MaximumLeadTimes = 8;

    /// <summary>Checks lead times as a builder or the options take them: 1 to 8 positive durations of at most the longest target, strictly descending.</summary>
    /// <returns>A message naming the bad lead time, or <see langword="null"/> when they are valid.</returns>
    public static string? Validate(ReadOnlySpan<Duration> leadTimes)
    {
        if (leadTimes.Length > MaximumLeadTimes)
        {
            return string.Create(CultureInfo.InvariantCulture, $"At most {MaximumLeadTimes} warnings before due are allowed; {leadTimes.Length} were given.");
        }

        for (var i = 0; i < leadTimes.Length; i++)
        {
            var lead = leadTimes[i];
            if (lead <= Duration.Zero || lead > SlaClockDefinition.MaximumTarget)
            {
                return string.Create(CultureInfo.InvariantCulture, $"Warning before due {i} is {lead}; it must be positive and at most {SlaClockDefinition.MaximumTarget.Days} days.");
            }

            if (i > 0 && lead >= leadTimes[i - 1])
            {
                return string.Create(CultureInfo.InvariantCulture, $"Warning before due {i} ({lead}) must be shorter than the one before it ({leadTimes[i - 1]}): list them from the earliest warning (the longest lead) to the latest.");
            }
        }

        return null;
    }

    /// <summary>
    /// The instant a warning reached at <paramref name="reachedAt"/> is delivered: the instant itself, or with
    /// <see cref="DeliverAtNextOpening"/> the next opening of <paramref name="calendar"/> when the calendar is not open then.
    /// </summary>
    /// <remarks>A calendar that never opens again within the supported range delivers at the warning instant itself.</remarks>
    public Instant DeliveryAt(BusinessCalendar calendar, Instant reachedAt)
    {
        if (!DeliverAtNextOpening || calendar.IsOpen(reachedAt))
        {
            return reachedAt;
        }

        try
        {
            return calendar.NextOpening(reachedAt);
        }
        catch (Exception e) when (e is ArgumentOutOfRangeException or CalendarConfigurationException)
        {
            return reachedAt;
        }
    }
}
