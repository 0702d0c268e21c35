using System.Collections.ObjectModel;
using System.Diagnostics.CodeAnalysis;
using CustomerService.Core.Calendars;
using CustomerService.Core.Leads;

namespace CustomerService.Core.Sla;

/// <summary>
/// The host's named business calendars and SLA policies, and which policy applies to tickets (per priority) and to
/// complaints. Services look policies up here; dependency injection builds it from <c>CustomerServiceCore:Calendars</c>,
/// <c>CustomerServiceCore:SlaPolicies</c> and <c>CustomerServiceCore:Sla</c>.
/// </summary>
/// <remarks>
/// <para>Tickets select their policy with the ticket rules first (ordered, first match wins), then by priority, then
/// the default ticket policy. A ticket remembers the policy its clocks run under: changing the selection affects a stored
/// ticket only when one of the facts the rules read changes (it is then selected again, see <c>docs/sla.md</c>); editing a
/// policy (same name) recomputes every stored clock.</para>
/// </remarks>
/// <threadsafety>This type is immutable and thread-safe.</threadsafety>
public sealed partial class SlaCatalog
{
    private readonly Dictionary<string, SlaPolicy> _policies;
    private readonly Dictionary<string, BusinessCalendar> _calendars;
    private readonly Dictionary<SlaPriority, SlaPolicy> _ticketPolicies = [];
    private readonly SlaPolicy? _defaultTicketPolicy;
    private readonly SlaPolicy? _complaintPolicy;

    /// <summary>Initializes a new instance of the <see cref="SlaCatalog"/> class.</summary>
    /// <param name="calendars">The named calendars.</param>
    /// <param name="policies">The policies, looked up by <see cref="SlaPolicy.Name"/>.</param>
    /// <param name="ticketPolicy">The name of the policy for tickets whose priority has no policy of its own, or <see langword="null"/> for no SLA on those tickets.</param>
    /// <param name="complaintPolicy">The name of the policy for complaints, or <see langword="null"/> for no SLA on complaints.</param>
    /// <param name="ticketPolicyByPriority">Policy names for particular ticket priorities, or <see langword="null"/>.</param>
    /// <param name="ticketRules">
    /// Ordered selection rules for tickets, tried before <paramref name="ticketPolicyByPriority"/>, or <see langword="null"/>: a
    /// first-match rule set whose segments are policy names, over a schema made with <c>TicketSlaSelection.CreateSchemaBuilder</c>
    /// (the ticket's priority, channel, category and tier, plus the facts the host supplies). Its default segment is not used: a
    /// ticket no rule matches falls through to the priority's policy, then <paramref name="ticketPolicy"/>.
    /// </param>
    /// <param name="calendarResolution">
    /// The ordered chain that chooses the calendar of a ticket's clocks from its facts (the case's own, the customer's, the
    /// organisation's, the team's …), or <see langword="null"/> for none: the first link whose fact leads to a calendar of
    /// <paramref name="calendars"/> chooses it; otherwise the policy's own calendar applies. See <see cref="CalendarResolution"/>.
    /// </param>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="calendars"/> or <paramref name="policies"/> is <see langword="null"/> or holds <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">Thrown when two policies or calendars share a name, a selected policy name is unknown, <paramref name="ticketRules"/> scores, reads a date fact or names an unknown policy, or <paramref name="calendarResolution"/> holds two links of one name, reads the ticket's <c>Tier</c>, or maps a value to a calendar <paramref name="calendars"/> does not hold.</exception>
    public SlaCatalog(
        IEnumerable<KeyValuePair<string, BusinessCalendar>> calendars,
        IEnumerable<SlaPolicy> policies,
        string? ticketPolicy = null,
        string? complaintPolicy = null,
        IEnumerable<KeyValuePair<SlaPriority, string>>? ticketPolicyByPriority = null,
        SegmentationRuleSet? ticketRules = null,
        IEnumerable<SlaCalendarSource>? calendarResolution = null)
    {
        ArgumentNullException.ThrowIfNull(calendars);
        ArgumentNullException.ThrowIfNull(policies);
        _calendars = new Dictionary<string, BusinessCalendar>(StringComparer.Ordinal);
        foreach (var (name, calendar) in calendars)
        {
            ArgumentNullException.ThrowIfNull(calendar, nameof(calendars));
            if (!_calendars.TryAdd(name, calendar))
            {
                throw new ArgumentException($"Two calendars are named '{name}'; names must be unique.", nameof(calendars));
            }
        }

        _policies = new Dictionary<string, SlaPolicy>(StringComparer.Ordinal);
        foreach (var policy in policies)
        {
            ArgumentNullException.ThrowIfNull(policy, nameof(policies));
            if (!_policies.TryAdd(policy.Name, policy))
            {
                throw new ArgumentException($"Two SLA policies are named '{policy.Name}'; names must be unique.", nameof(policies));
            }
        }

        _defaultTicketPolicy = Select(ticketPolicy, nameof(ticketPolicy));
        _complaintPolicy = Select(complaintPolicy, nameof(complaintPolicy));
        foreach (var (priority, name) in ticketPolicyByPriority ?? [])
        {
            if (priority.IsDefault)
            {
                throw new ArgumentException("A ticket priority must not be the default SlaPriority.", nameof(ticketPolicyByPriority));
            }

            _ticketPolicies[priority] = Select(name, nameof(ticketPolicyByPriority))
                ?? throw new ArgumentException($"The policy name for priority {priority} must not be null.", nameof(ticketPolicyByPriority));
        }

        Calendars = new ReadOnlyDictionary<string, BusinessCalendar>(_calendars);
        Policies = new ReadOnlyDictionary<string, SlaPolicy>(_policies);
        TicketSelector = ticketRules is null ? null : SlaPolicySelector.Create(ticketRules, _policies, nameof(ticketRules));
        _resolution = BuildResolution(calendarResolution, nameof(calendarResolution));
        CalendarResolution = _resolution.AsReadOnly();
    }

    /// <summary>Gets a catalog without calendars or policies: no case gets SLA clocks.</summary>
    /// <value>An empty catalog.</value>
    public static SlaCatalog Empty { get; } = new([], []);

    /// <summary>Gets the named calendars.</summary>
    /// <value>Calendars by name (ordinal comparison).</value>
    public IReadOnlyDictionary<string, BusinessCalendar> Calendars { get; }

    /// <summary>Gets the policies by name.</summary>
    /// <value>Policies by <see cref="SlaPolicy.Name"/> (ordinal comparison).</value>
    public IReadOnlyDictionary<string, SlaPolicy> Policies { get; }

    /// <summary>Gets the ordered selection rules for tickets.</summary>
    /// <value>The rule set given to the constructor, or <see langword="null"/> when tickets select by priority only.</value>
    public SegmentationRuleSet? TicketRules => TicketSelector?.Rules;

    /// <summary>Gets the compiled ticket selection rules, or <see langword="null"/>.</summary>
    internal SlaPolicySelector? TicketSelector { get; }

    /// <summary>Finds a calendar by name.</summary>
    /// <param name="name">The calendar's name.</param>
    /// <param name="calendar">When this returns <see langword="true"/>, the calendar.</param>
    /// <returns><see langword="true"/> when a calendar has that name.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="name"/> is <see langword="null"/>.</exception>
    public bool TryGetCalendar(string name, [NotNullWhen(true)] out BusinessCalendar? calendar) => _calendars.TryGetValue(name, out calendar);

    /// <summary>Finds a policy by name.</summary>
    /// <param name="name">The policy's name.</param>
    /// <param name="policy">When this returns <see langword="true"/>, the policy.</param>
    /// <returns><see langword="true"/> when a policy has that name.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="name"/> is <see langword="null"/>.</exception>
    public bool TryGetPolicy(string name, [NotNullWhen(true)] out SlaPolicy? policy) => _policies.TryGetValue(name, out policy);

    /// <summary>Gets the policy a new ticket of a priority starts its clocks under.</summary>
    /// <param name="priority">The ticket's priority as an SLA priority (tickets map <c>Urgent</c>, <c>High</c>, <c>Normal</c> and <c>Low</c> by name).</param>
    /// <returns>The priority's own policy, else the default ticket policy, else <see langword="null"/> (no SLA).</returns>
    public SlaPolicy? GetTicketPolicy(SlaPriority priority) => _ticketPolicies.GetValueOrDefault(priority) ?? _defaultTicketPolicy;

    /// <summary>Gets the policy a new complaint starts its clocks under.</summary>
    /// <returns>The complaint policy, or <see langword="null"/> (no SLA).</returns>
    public SlaPolicy? GetComplaintPolicy() => _complaintPolicy;

    private SlaPolicy? Select(string? name, string parameterName)
    {
        if (name is null)
        {
            return null;
        }

        return _policies.TryGetValue(name, out var policy)
            ? policy
            : throw new ArgumentException($"No SLA policy is named '{name}'.", parameterName);
    }
}
