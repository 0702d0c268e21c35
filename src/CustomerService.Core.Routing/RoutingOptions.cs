using CustomerService.Core.Calendars;
using CustomerService.Core.Leads;
using CustomerService.Core.Tickets;
using NodaTime;

namespace CustomerService.Core.Routing;

/// <summary>
/// The routing desk as configuration (section <c>CustomerServiceCore:Routing</c>): classification rules, routes,
/// departments with their dispatch table, queues and agents. Turn it into a <see cref="RoutingTable"/> with
/// <see cref="Build"/>, or register it with <see cref="RoutingBuilderExtensions.AddRouting"/>.
/// </summary>
/// <remarks>
/// The classification is a rule set of the lead segmentation engine (<see cref="SegmentationRuleSetOptions"/>, first
/// match or scoring) whose segments are the names of <see cref="Routes"/>: each rule says which route a contact takes.
/// Calendars (a department's, an agent's shift) are named, not defined here: they are the calendars under
/// <c>CustomerServiceCore:Calendars</c>. An empty section (no route, no rule, no queue, no department, no agent) is valid
/// and configures nothing; anything else must be complete.
/// </remarks>
/// <threadsafety>This type is a mutable options class; configure it at start-up, then only read it.</threadsafety>
public sealed class RoutingOptions
{
    /// <summary>The key of the section under <c>CustomerServiceCore</c>: <c>Routing</c>.</summary>
    public const string SectionKey = "Routing";

    /// <summary>Gets the classification rule set; its segments (rules, bands and default) name routes.</summary>
    /// <value>The default value is an empty rule set options object.</value>
    public SegmentationRuleSetOptions Classification { get; } = new();

    /// <summary>Gets the routes, keyed by name: where a contact goes, with which priority and dispatch limit.</summary>
    /// <value>The default value is empty.</value>
    public IDictionary<string, RouteOptions> Routes { get; } = new Dictionary<string, RouteOptions>(StringComparer.Ordinal);

    /// <summary>Gets the departments tickets are dispatched to, keyed by name, each with its calendar and dispatch table.</summary>
    /// <value>The default value is empty.</value>
    public IDictionary<string, DepartmentOptions> Departments { get; } = new Dictionary<string, DepartmentOptions>(StringComparer.Ordinal);

    /// <summary>Gets the queues agents are chosen from, keyed by name.</summary>
    /// <value>The default value is empty.</value>
    public IDictionary<string, QueueOptions> Queues { get; } = new Dictionary<string, QueueOptions>(StringComparer.Ordinal);

    /// <summary>Gets the agents, keyed by agent id (the id tickets are assigned to).</summary>
    /// <value>The default value is empty.</value>
    public IDictionary<string, AgentOptions> Agents { get; } = new Dictionary<string, AgentOptions>(StringComparer.Ordinal);

    /// <summary>Gets a value indicating whether nothing is configured (then there is nothing to build).</summary>
    /// <value><see langword="true"/> when no route, rule, queue, department or agent is set.</value>
    public bool IsEmpty =>
        Routes.Count == 0 && Departments.Count == 0 && Queues.Count == 0 && Agents.Count == 0
        && Classification.Rules.Count == 0 && Classification.Facts.Count == 0;

    /// <summary>Validates and builds the routing table.</summary>
    /// <param name="calendars">The calendars departments and shifts name, by name (for example <c>SlaCatalog.Calendars</c>).</param>
    /// <param name="zones">The zone provider, usually <c>DateTimeZoneProviders.Tzdb</c>.</param>
    /// <returns>The table.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="calendars"/> or <paramref name="zones"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">Thrown when the options are invalid or empty; the message lists every error with its key under <c>Routing</c>.</exception>
    public RoutingTable Build(IReadOnlyDictionary<string, BusinessCalendar> calendars, IDateTimeZoneProvider zones)
    {
        ArgumentNullException.ThrowIfNull(calendars);
        ArgumentNullException.ThrowIfNull(zones);
        var errors = RoutingOptionsValidator.Collect(this, zones, calendars.ContainsKey, out var classification);
        if (errors.Count == 0 && IsEmpty)
        {
            errors.Add($"{SectionKey}: nothing is configured (no route, rule, queue, department or agent)");
        }

        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid routing options: " + string.Join("; ", errors));
        }

        return RoutingTable.Create(this, classification!, calendars);
    }
}

/// <summary>One route of <see cref="RoutingOptions.Routes"/>: the queue whose agents own the ticket, the department it is dispatched to, its priority.</summary>
/// <threadsafety>This type is a mutable options class.</threadsafety>
public sealed class RouteOptions
{
    /// <summary>Gets or sets the queue (a key of <see cref="RoutingOptions.Queues"/>) whose agent takes the ticket.</summary>
    /// <value>The default value is an empty string (invalid).</value>
    public string Queue { get; set; } = string.Empty;

    /// <summary>Gets or sets the department (a key of <see cref="RoutingOptions.Departments"/>) the ticket is dispatched to once assigned (统一派单), or <see langword="null"/> to keep it at the desk.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public string? Department { get; set; }

    /// <summary>Gets or sets the priority tickets on this route are opened with.</summary>
    /// <value>The default value is 0 (invalid): set one of <see cref="TicketPriority"/>.</value>
    public TicketPriority Priority { get; set; }

    /// <summary>Gets or sets the dispatch time limit of this route, in business time of the department's calendar, overriding the department's table.</summary>
    /// <value>The default value is <see langword="null"/> (the department's table decides). Positive when set; only with a <see cref="Department"/>.</value>
    public Duration? TimeLimit { get; set; }

    /// <summary>Gets the skills an agent needs for this route, with the least level of each (1 to <see cref="RoutingTable.MaxSkillLevel"/>).</summary>
    /// <value>The default value is empty (any agent of the queue).</value>
    public IDictionary<string, int> RequiredSkills { get; } = new Dictionary<string, int>(StringComparer.Ordinal);
}

/// <summary>One department of <see cref="RoutingOptions.Departments"/>: its calendar and its dispatch table.</summary>
/// <threadsafety>This type is a mutable options class.</threadsafety>
public sealed class DepartmentOptions
{
    /// <summary>Gets or sets the name of the department's business calendar under <c>CustomerServiceCore:Calendars</c>; dispatch limits count in its open hours.</summary>
    /// <value>The default value is an empty string (invalid: every department needs a calendar).</value>
    public string Calendar { get; set; } = string.Empty;

    /// <summary>Gets or sets the department's time limit for categories without their own.</summary>
    /// <value>The default value is zero (invalid): set a positive business time, for example <c>8h</c>.</value>
    public Duration TimeLimit { get; set; }

    /// <summary>Gets or sets who a ticket is re-routed to when the department lets its time limit pass (an agent or supervisor id).</summary>
    /// <value>The default value is <see langword="null"/> (nobody: the deadline is reported, the ticket stays).</value>
    public string? EscalationContact { get; set; }

    /// <summary>Gets the dispatch table's rows per ticket category, keyed by <see cref="TicketCategory"/> name.</summary>
    /// <value>The default value is empty.</value>
    public IDictionary<string, DispatchLimitOptions> Categories { get; } = new Dictionary<string, DispatchLimitOptions>(StringComparer.Ordinal);
}

/// <summary>One row of a department's dispatch table (<see cref="DepartmentOptions.Categories"/>).</summary>
/// <threadsafety>This type is a mutable options class.</threadsafety>
public sealed class DispatchLimitOptions
{
    /// <summary>Gets or sets the time limit for the category, in business time of the department's calendar.</summary>
    /// <value>The default value is <see langword="null"/> (the department's <see cref="DepartmentOptions.TimeLimit"/>). Positive when set.</value>
    public Duration? TimeLimit { get; set; }

    /// <summary>Gets or sets the escalation contact for the category.</summary>
    /// <value>The default value is <see langword="null"/> (the department's <see cref="DepartmentOptions.EscalationContact"/>).</value>
    public string? EscalationContact { get; set; }
}

/// <summary>One queue of <see cref="RoutingOptions.Queues"/>: how an agent is chosen in it.</summary>
/// <threadsafety>This type is a mutable options class.</threadsafety>
public sealed class QueueOptions
{
    /// <summary>Gets or sets the strategy that chooses among the queue's eligible agents.</summary>
    /// <value>The default value is 0 (invalid): set one of <see cref="RoutingStrategy"/>.</value>
    public RoutingStrategy Strategy { get; set; }

    /// <summary>Gets or sets a value indicating whether the customer's dedicated CSR, then the agent who last served the customer, come before the strategy.</summary>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool Sticky { get; set; } = true;
}

/// <summary>One agent of <see cref="RoutingOptions.Agents"/>.</summary>
/// <threadsafety>This type is a mutable options class.</threadsafety>
public sealed class AgentOptions
{
    /// <summary>Gets the queues (keys of <see cref="RoutingOptions.Queues"/>) the agent takes work from.</summary>
    /// <value>The default value is empty (invalid: an agent serves at least one queue).</value>
    public IList<string> Queues { get; } = [];

    /// <summary>Gets the agent's skills with their levels, 1 (basic) to <see cref="RoutingTable.MaxSkillLevel"/> (expert).</summary>
    /// <value>The default value is empty.</value>
    public IDictionary<string, int> Skills { get; } = new Dictionary<string, int>(StringComparer.Ordinal);

    /// <summary>Gets or sets the most tickets the agent holds open at once.</summary>
    /// <value>The default value is 5. Must be 1 to 1000.</value>
    public int Capacity { get; set; } = 5;

    /// <summary>Gets or sets the name of the agent's shift calendar under <c>CustomerServiceCore:Calendars</c>: outside its open hours the agent is off shift.</summary>
    /// <value>The default value is <see langword="null"/> (the host reports the agent's shift through <see cref="IAgentAvailability"/>).</value>
    public string? Shift { get; set; }
}
