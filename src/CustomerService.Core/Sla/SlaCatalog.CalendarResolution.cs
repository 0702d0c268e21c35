using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using CustomerService.Core.Calendars;

namespace CustomerService.Core.Sla;

/// <content>Calendar resolution (issue 17, item 4): which calendar a case's clocks count on.</content>
public sealed partial class SlaCatalog
{
    private readonly SlaCalendarSource[] _resolution;

    /// <summary>Each policy on each calendar the chain chose, built on first use and shared by every case.</summary>
    private readonly ConcurrentDictionary<(SlaPolicy Policy, string Calendar), SlaPolicy> _policiesOn = new();

    /// <summary>Gets the ordered chain that chooses the calendar of a ticket's clocks from its facts.</summary>
    /// <value>
    /// The links given to the constructor (empty for none). The first link whose fact has a value leading to a calendar of
    /// <see cref="Calendars"/> chooses it (a missing value, an unmapped value or an unknown calendar name falls through to the
    /// next link); when none does, the selected policy's own <see cref="SlaPolicy.Calendar"/> applies. A metric with its own
    /// calendar (<see cref="SlaPolicyBuilder.MetricCalendar"/>) keeps it whatever the chain chose. The calendar carries its zone,
    /// so the chain chooses the zone too.
    /// </value>
    public IReadOnlyList<SlaCalendarSource> CalendarResolution { get; }

    /// <summary>Finds the policy a case's stored clocks run under, on the calendar the resolution chain chose for the case (<see cref="SlaClockSet.Calendar"/>).</summary>
    /// <param name="clocks">The case's clocks (<c>Ticket.Sla</c>, <c>Complaint.Sla</c>).</param>
    /// <param name="policy">When this returns <see langword="true"/>, the policy named by <see cref="SlaClockSet.PolicyName"/>, counting on the chosen calendar (metrics with their own calendar keep theirs); pass it to <see cref="SlaClockSet.CreateClocks(SlaPolicy)"/> (or use <see cref="SlaClockSet.CreateClocks(SlaCatalog)"/>, which also honours the judgements of cycles met before a re-selection).</param>
    /// <returns><see langword="true"/> when the catalog holds the policy and the chosen calendar; <see langword="false"/> when either is gone (the services then leave the clocks as stored).</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="clocks"/> is <see langword="null"/>.</exception>
    public bool TryGetPolicy(SlaClockSet clocks, [NotNullWhen(true)] out SlaPolicy? policy)
    {
        ArgumentNullException.ThrowIfNull(clocks);
        return TryGetPolicy(clocks.PolicyName, clocks.Calendar, out policy);
    }

    /// <summary>Finds a policy of the catalog counting on a calendar of the catalog (<see langword="null"/>: its own), as for a stored set.</summary>
    internal bool TryGetPolicy(string policyName, string? calendarName, [NotNullWhen(true)] out SlaPolicy? policy)
    {
        if (!_policies.TryGetValue(policyName, out policy))
        {
            return false;
        }

        if (calendarName is { } name)
        {
            if (!_calendars.TryGetValue(name, out var calendar))
            {
                policy = null;
                return false;
            }

            policy = PolicyOn(policy, name, calendar);
        }

        return true;
    }

    /// <summary>The links of the chain, for the resolution of a case.</summary>
    internal ReadOnlySpan<SlaCalendarSource> ResolutionLinks => _resolution;

    /// <summary>The policy counting on a calendar of the catalog: the policy itself when it already does, otherwise a copy built once.</summary>
    internal SlaPolicy PolicyOn(SlaPolicy policy, string calendarName) =>
        _calendars.TryGetValue(calendarName, out var calendar) ? PolicyOn(policy, calendarName, calendar) : policy;

    /// <summary>What a link makes of a fact's value: the calendar it leads to (a catalog key) when it chooses, otherwise why not.</summary>
    internal SlaCalendarStepOutcome Lookup(SlaCalendarSource link, string? value, out string? calendar)
    {
        if (value is null)
        {
            calendar = null;
            return SlaCalendarStepOutcome.Missing;
        }

        calendar = value;
        if (link.CalendarsByValue is { } map && !map.TryGetValue(value, out calendar))
        {
            return SlaCalendarStepOutcome.NotMapped;
        }

        if (_calendars.TryGetValue(calendar!, out _))
        {
            return SlaCalendarStepOutcome.Chosen;
        }

        return SlaCalendarStepOutcome.UnknownCalendar;
    }

    private SlaPolicy PolicyOn(SlaPolicy policy, string name, BusinessCalendar calendar) =>
        ReferenceEquals(policy.Calendar, calendar)
            ? policy
            : _policiesOn.GetOrAdd((policy, name), static (key, calendar) => key.Policy.WithCalendar(calendar), calendar);

    private SlaCalendarSource[] BuildResolution(IEnumerable<SlaCalendarSource>? links, string parameterName)
    {
        if (links is null)
        {
            return [];
        }

        var chain = links.ToArray();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var link in chain)
        {
            ArgumentNullException.ThrowIfNull(link, parameterName);
            if (!names.Add(link.Name))
            {
                throw new ArgumentException($"Two calendar sources are named '{link.Name}'; names must be unique.", parameterName);
            }

            if (link.Fact == "Tier")
            {
                throw new ArgumentException($"Calendar source '{link.Name}' reads the ticket's Tier, a count; a calendar comes from a fact whose value names it (or maps to it).", parameterName);
            }

            foreach (var (value, calendar) in link.CalendarsByValue ?? new Dictionary<string, string>())
            {
                if (!_calendars.ContainsKey(calendar))
                {
                    throw new ArgumentException($"Calendar source '{link.Name}' maps '{value}' to calendar '{calendar}', which the catalog does not hold.", parameterName);
                }
            }
        }

        return chain;
    }
}
