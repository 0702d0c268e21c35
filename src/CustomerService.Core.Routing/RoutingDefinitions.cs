using System.Collections.ObjectModel;
using CustomerService.Core.Calendars;
using CustomerService.Core.Tickets;
using NodaTime;

namespace CustomerService.Core.Routing;

/// <summary>A route: the queue whose agent takes the ticket, the department it is dispatched to, its priority and limit.</summary>
/// <threadsafety>This type is immutable and thread-safe.</threadsafety>
public sealed class RouteDefinition
{
    internal RouteDefinition(int index, string name, QueueDefinition queue, DepartmentDefinition? department, TicketPriority priority, Duration? timeLimit, IReadOnlyDictionary<string, int> requiredSkills)
    {
        Index = index;
        Name = name;
        Queue = queue;
        Department = department;
        Priority = priority;
        TimeLimit = timeLimit;
        RequiredSkills = requiredSkills;
    }

    /// <summary>Gets the route's index in <see cref="RoutingTable.Routes"/>.</summary>
    /// <value>The index.</value>
    public int Index { get; }

    /// <summary>Gets the route's name (the classification's segment).</summary>
    /// <value>The name.</value>
    public string Name { get; }

    /// <summary>Gets the queue whose agent takes the ticket.</summary>
    /// <value>The queue.</value>
    public QueueDefinition Queue { get; }

    /// <summary>Gets the department the ticket is dispatched to once assigned.</summary>
    /// <value>The department, or <see langword="null"/> when the ticket stays at the desk.</value>
    public DepartmentDefinition? Department { get; }

    /// <summary>Gets the priority tickets on this route are opened with.</summary>
    /// <value>The priority.</value>
    public TicketPriority Priority { get; }

    /// <summary>Gets the route's own dispatch time limit, overriding the department's table.</summary>
    /// <value>The limit in business time of the department's calendar, or <see langword="null"/>.</value>
    public Duration? TimeLimit { get; }

    /// <summary>Gets the skills an agent needs, with the least level of each.</summary>
    /// <value>Levels by skill name.</value>
    public IReadOnlyDictionary<string, int> RequiredSkills { get; }

    /// <summary>Gets the dispatch terms for a ticket of <paramref name="category"/> on this route.</summary>
    /// <param name="category">The ticket's category.</param>
    /// <returns>The terms, or <see langword="null"/> when the route dispatches to no department.</returns>
    public DispatchTerms? GetDispatch(TicketCategory category)
    {
        if (Department is null)
        {
            return null;
        }

        var terms = Department.GetDispatch(category);
        return TimeLimit is { } limit ? terms with { TimeLimit = limit } : terms;
    }

    /// <summary>Returns the route's name.</summary>
    /// <returns>The name.</returns>
    public override string ToString() => Name;
}

/// <summary>A queue: its agents and how one of them is chosen.</summary>
/// <threadsafety>This type is immutable and thread-safe.</threadsafety>
public sealed class QueueDefinition
{
    internal QueueDefinition(int index, string name, RoutingStrategy strategy, bool sticky, AgentDefinition[] agents)
    {
        Index = index;
        Name = name;
        Strategy = strategy;
        Sticky = sticky;
        Agents = new ReadOnlyCollection<AgentDefinition>(agents);
        Members = agents.Select(a => a.Index).ToArray();
    }

    /// <summary>Gets the queue's index in <see cref="RoutingTable.Queues"/>.</summary>
    /// <value>The index.</value>
    public int Index { get; }

    /// <summary>Gets the queue's name.</summary>
    /// <value>The name.</value>
    public string Name { get; }

    /// <summary>Gets the strategy.</summary>
    /// <value>The strategy.</value>
    public RoutingStrategy Strategy { get; }

    /// <summary>Gets a value indicating whether the dedicated CSR, then the last agent, come before the strategy.</summary>
    /// <value><see langword="true"/> for sticky assignment.</value>
    public bool Sticky { get; }

    /// <summary>Gets the queue's agents, in the order strategies break ties (agent ids, ordinal).</summary>
    /// <value>The agents.</value>
    public IReadOnlyList<AgentDefinition> Agents { get; }

    internal int[] Members { get; }

    /// <summary>Returns the queue's name.</summary>
    /// <returns>The name.</returns>
    public override string ToString() => Name;
}

/// <summary>An agent of the roster: id, queues, skills and capacity.</summary>
/// <threadsafety>This type is immutable and thread-safe.</threadsafety>
public sealed class AgentDefinition
{
    internal AgentDefinition(int index, string id, int capacity, IReadOnlyDictionary<string, int> skills, IReadOnlyList<string> queues, BusinessCalendar? shift)
    {
        Index = index;
        Id = id;
        Capacity = capacity;
        Skills = skills;
        Queues = queues;
        Shift = shift;
    }

    /// <summary>Gets the agent's index in <see cref="RoutingTable.Agents"/> (and in a statuses span).</summary>
    /// <value>The index.</value>
    public int Index { get; }

    /// <summary>Gets the agent's id, the one tickets are assigned to.</summary>
    /// <value>The id.</value>
    public string Id { get; }

    /// <summary>Gets the most tickets the agent holds open at once.</summary>
    /// <value>The capacity, 1 to <see cref="RoutingTable.MaxCapacity"/>.</value>
    public int Capacity { get; }

    /// <summary>Gets the agent's skills with their levels.</summary>
    /// <value>Levels by skill name.</value>
    public IReadOnlyDictionary<string, int> Skills { get; }

    /// <summary>Gets the names of the queues the agent serves.</summary>
    /// <value>The queue names.</value>
    public IReadOnlyList<string> Queues { get; }

    /// <summary>Gets the agent's shift calendar, outside whose open hours <see cref="AgentBoard"/> reports the agent off shift.</summary>
    /// <value>The calendar, or <see langword="null"/> when the host reports shifts itself.</value>
    public BusinessCalendar? Shift { get; }

    /// <summary>Returns the agent's id.</summary>
    /// <returns>The id.</returns>
    public override string ToString() => Id;
}

/// <summary>A department tickets are dispatched to: its calendar and dispatch table (统一派单、限时处理).</summary>
/// <threadsafety>This type is immutable and thread-safe.</threadsafety>
public sealed class DepartmentDefinition
{
    private readonly DispatchTerms[] _byCategory;

    internal DepartmentDefinition(string name, BusinessCalendar calendar, Duration timeLimit, string? escalationContact, IReadOnlyDictionary<TicketCategory, (Duration? Limit, string? Contact)> rows)
    {
        Name = name;
        Calendar = calendar;
        TimeLimit = timeLimit;
        EscalationContact = escalationContact;
        var categories = Enum.GetValues<TicketCategory>();
        _byCategory = new DispatchTerms[categories.Max(c => (int)c) + 1];
        var table = new Dictionary<TicketCategory, DispatchTerms>();
        foreach (var category in categories)
        {
            rows.TryGetValue(category, out var row);
            var terms = new DispatchTerms(name, category, row.Limit ?? timeLimit, row.Contact ?? escalationContact, calendar);
            _byCategory[(int)category] = terms;
            table[category] = terms;
        }

        Table = new ReadOnlyDictionary<TicketCategory, DispatchTerms>(table);
    }

    /// <summary>Gets the department's name (recorded as the dispatch's party).</summary>
    /// <value>The name.</value>
    public string Name { get; }

    /// <summary>Gets the calendar in whose open hours the department's time limits count.</summary>
    /// <value>The calendar.</value>
    public BusinessCalendar Calendar { get; }

    /// <summary>Gets the time limit for categories without their own row.</summary>
    /// <value>The business time.</value>
    public Duration TimeLimit { get; }

    /// <summary>Gets the escalation contact for categories without their own.</summary>
    /// <value>The contact, or <see langword="null"/>.</value>
    public string? EscalationContact { get; }

    /// <summary>Gets the dispatch table: the terms for every ticket category.</summary>
    /// <value>Terms by category.</value>
    public IReadOnlyDictionary<TicketCategory, DispatchTerms> Table { get; }

    /// <summary>Gets the dispatch terms for a category.</summary>
    /// <param name="category">The ticket's category.</param>
    /// <returns>The terms.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when <paramref name="category"/> is not a defined value.</exception>
    public DispatchTerms GetDispatch(TicketCategory category) =>
        (uint)category < (uint)_byCategory.Length && _byCategory[(int)category].Department is not null
            ? _byCategory[(int)category]
            : throw new ArgumentOutOfRangeException(nameof(category), category, "Not a defined ticket category.");

    /// <summary>Returns the department's name.</summary>
    /// <returns>The name.</returns>
    public override string ToString() => Name;
}

/// <summary>The terms of one dispatch: department, category, time limit in the department's business time, escalation contact.</summary>
/// <param name="Department">The department's name.</param>
/// <param name="Category">The ticket category the row is for.</param>
/// <param name="TimeLimit">The time limit, in business time of <paramref name="Calendar"/>.</param>
/// <param name="EscalationContact">Who the ticket is re-routed to when the limit passes, or <see langword="null"/>.</param>
/// <param name="Calendar">The department's calendar.</param>
/// <threadsafety>This type is an immutable value type and is thread-safe.</threadsafety>
public readonly record struct DispatchTerms(string Department, TicketCategory Category, Duration TimeLimit, string? EscalationContact, BusinessCalendar Calendar)
{
    /// <summary>Gets the deadline of a dispatch made at <paramref name="dispatchedAt"/>: the time limit added in the department's open hours.</summary>
    /// <param name="dispatchedAt">When the ticket is dispatched.</param>
    /// <returns>The deadline (<see cref="BusinessCalendar.Add(Instant, Duration)"/>).</returns>
    /// <exception cref="CalendarConfigurationException">Thrown when the calendar has no open hours within its horizon.</exception>
    public Instant DeadlineFrom(Instant dispatchedAt) => Calendar.Add(dispatchedAt, TimeLimit);
}
