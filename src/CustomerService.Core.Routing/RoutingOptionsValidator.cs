using System.Globalization;
using CustomerService.Core.DependencyInjection;
using CustomerService.Core.Leads;
using CustomerService.Core.Tickets;
using Microsoft.Extensions.Options;
using NodaTime;

namespace CustomerService.Core.Routing;

/// <summary>Validates <see cref="RoutingOptions"/>, reporting every error with its full key (<c>CustomerServiceCore:Routing:…</c>).</summary>
/// <remarks>Calendar names are checked against <c>CustomerServiceCore:Calendars</c> by <see cref="RoutingCalendarCheck"/>, which sees both sections.</remarks>
internal sealed class RoutingOptionsValidator(IDateTimeZoneProvider zones) : IValidateOptions<RoutingOptions>
{
    /// <summary>The prefix of every key reported from dependency injection.</summary>
    public const string Prefix = CustomerServiceCoreOptions.SectionName + ":" + RoutingOptions.SectionKey + ":";

    public ValidateOptionsResult Validate(string? name, RoutingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = Collect(options, zones, null, out _, Prefix);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>Collects every error; with <paramref name="calendarExists"/>, calendar names are checked too.</summary>
    internal static List<string> Collect(RoutingOptions options, IDateTimeZoneProvider zones, Func<string, bool>? calendarExists, out SegmentationRuleSet? classification, string prefix = RoutingOptions.SectionKey + ":")
    {
        var errors = new List<string>();
        classification = null;
        if (options.IsEmpty)
        {
            return errors;
        }

        // The classification: the rule engine's own validation, its keys put under Classification.
        try
        {
            classification = options.Classification.Build(zones);
        }
        catch (ArgumentException e)
        {
            const string Lead = "Invalid segmentation rule set options: ";
            var message = e.Message;
            var cut = message.IndexOf(" (Parameter", StringComparison.Ordinal);
            message = cut >= 0 ? message[..cut] : message;
            message = message.StartsWith(Lead, StringComparison.Ordinal) ? message[Lead.Length..] : message;
            foreach (var part in message.Split("; ", StringSplitOptions.RemoveEmptyEntries))
            {
                errors.Add($"{prefix}{nameof(RoutingOptions.Classification)}:{part}");
            }
        }

        if (classification is not null)
        {
            foreach (var segment in Segments(options.Classification))
            {
                if (!options.Routes.ContainsKey(segment.Segment))
                {
                    errors.Add($"{prefix}{nameof(RoutingOptions.Classification)}:{segment.Key}: route '{segment.Segment}' is not defined under {nameof(RoutingOptions.Routes)}{Hint(segment.Segment, options.Routes.Keys)}");
                }
            }
        }

        if (options.Routes.Count == 0)
        {
            errors.Add($"{prefix}{nameof(RoutingOptions.Routes)}: no route is defined (is the Routes key spelt right?)");
        }

        foreach (var (name, route) in options.Routes)
        {
            var key = $"{prefix}{nameof(RoutingOptions.Routes)}:{name}:";
            if (route is null)
            {
                errors.Add($"{key[..^1]}: the route is empty");
                continue;
            }

            if (string.IsNullOrWhiteSpace(route.Queue))
            {
                errors.Add($"{key}{nameof(RouteOptions.Queue)}: route '{name}' needs a queue");
            }
            else if (!options.Queues.ContainsKey(route.Queue))
            {
                errors.Add($"{key}{nameof(RouteOptions.Queue)}: unknown queue '{route.Queue}'{Hint(route.Queue, options.Queues.Keys)}");
            }

            if (route.Department is { } department && !options.Departments.ContainsKey(department))
            {
                errors.Add($"{key}{nameof(RouteOptions.Department)}: unknown department '{department}'{Hint(department, options.Departments.Keys)}");
            }

            if (!Enum.IsDefined(route.Priority))
            {
                errors.Add($"{key}{nameof(RouteOptions.Priority)}: route '{name}' needs a priority ({string.Join(", ", Enum.GetNames<TicketPriority>())})");
            }

            if (route.TimeLimit is { } limit && limit <= Duration.Zero)
            {
                errors.Add($"{key}{nameof(RouteOptions.TimeLimit)}: must be positive (it is {limit})");
            }

            if (route.TimeLimit is not null && route.Department is null)
            {
                errors.Add($"{key}{nameof(RouteOptions.TimeLimit)}: route '{name}' dispatches to no department, so it has no dispatch time limit");
            }

            CheckSkills(route.RequiredSkills, $"{key}{nameof(RouteOptions.RequiredSkills)}", errors);
        }

        foreach (var (name, department) in options.Departments)
        {
            var key = $"{prefix}{nameof(RoutingOptions.Departments)}:{name}:";
            if (department is null)
            {
                errors.Add($"{key[..^1]}: the department is empty");
                continue;
            }

            if (string.IsNullOrWhiteSpace(department.Calendar))
            {
                errors.Add($"{key}{nameof(DepartmentOptions.Calendar)}: department '{name}' needs a calendar (a name under {CustomerServiceCoreOptions.SectionName}:Calendars): its time limits count in its open hours");
            }
            else if (calendarExists is not null && !calendarExists(department.Calendar))
            {
                errors.Add($"{key}{nameof(DepartmentOptions.Calendar)}: no business calendar is named '{department.Calendar}'");
            }

            if (department.TimeLimit <= Duration.Zero)
            {
                errors.Add($"{key}{nameof(DepartmentOptions.TimeLimit)}: must be positive (it is {department.TimeLimit})");
            }

            if (department.EscalationContact is { } contact && string.IsNullOrWhiteSpace(contact))
            {
                errors.Add($"{key}{nameof(DepartmentOptions.EscalationContact)}: is blank; leave it out for no escalation contact");
            }

            foreach (var (category, row) in department.Categories)
            {
                var rowKey = $"{key}{nameof(DepartmentOptions.Categories)}:{category}";
                if (!Enum.TryParse<TicketCategory>(category, ignoreCase: false, out var parsed) || !Enum.IsDefined(parsed) || char.IsDigit(category[0]))
                {
                    errors.Add($"{rowKey}: '{category}' is not a ticket category{Hint(category, Enum.GetNames<TicketCategory>())}");
                }

                if (row is null)
                {
                    continue;
                }

                if (row.TimeLimit is { } limit && limit <= Duration.Zero)
                {
                    errors.Add($"{rowKey}:{nameof(DispatchLimitOptions.TimeLimit)}: must be positive (it is {limit})");
                }

                if (row.EscalationContact is { } rowContact && string.IsNullOrWhiteSpace(rowContact))
                {
                    errors.Add($"{rowKey}:{nameof(DispatchLimitOptions.EscalationContact)}: is blank; leave it out to use the department's");
                }
            }
        }

        foreach (var (name, queue) in options.Queues)
        {
            var key = $"{prefix}{nameof(RoutingOptions.Queues)}:{name}:";
            if (queue is null)
            {
                errors.Add($"{key[..^1]}: the queue is empty");
                continue;
            }

            if (!Enum.IsDefined(queue.Strategy))
            {
                errors.Add($"{key}{nameof(QueueOptions.Strategy)}: queue '{name}' needs a strategy ({string.Join(", ", Enum.GetNames<RoutingStrategy>())})");
            }

            if (!options.Agents.Values.Any(a => a?.Queues.Contains(name) == true))
            {
                errors.Add($"{key[..^1]}: no agent serves queue '{name}'");
            }
        }

        if (options.Agents.Count > RoutingTable.MaxAgents)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"{prefix}{nameof(RoutingOptions.Agents)}: {options.Agents.Count} agents; at most {RoutingTable.MaxAgents} are allowed"));
        }

        foreach (var (id, agent) in options.Agents)
        {
            var key = $"{prefix}{nameof(RoutingOptions.Agents)}:{id}:";
            if (agent is null)
            {
                errors.Add($"{key[..^1]}: the agent is empty");
                continue;
            }

            if (agent.Queues.Count == 0)
            {
                errors.Add($"{key}{nameof(AgentOptions.Queues)}: the agent serves no queue");
            }

            for (var i = 0; i < agent.Queues.Count; i++)
            {
                if (agent.Queues[i] is not { } queue || !options.Queues.ContainsKey(queue))
                {
                    errors.Add(string.Create(CultureInfo.InvariantCulture, $"{key}{nameof(AgentOptions.Queues)}:{i}: unknown queue '{agent.Queues[i]}'{Hint(agent.Queues[i] ?? string.Empty, options.Queues.Keys)}"));
                }
            }

            if (agent.Capacity is < 1 or > RoutingTable.MaxCapacity)
            {
                errors.Add(string.Create(CultureInfo.InvariantCulture, $"{key}{nameof(AgentOptions.Capacity)}: {agent.Capacity} is outside 1 to {RoutingTable.MaxCapacity}"));
            }

            if (agent.Shift is { } shift && (string.IsNullOrWhiteSpace(shift) || (calendarExists is not null && !calendarExists(shift))))
            {
                errors.Add($"{key}{nameof(AgentOptions.Shift)}: no business calendar is named '{shift}'");
            }

            CheckSkills(agent.Skills, $"{key}{nameof(AgentOptions.Skills)}", errors);
        }

        return errors;
    }

    /// <summary>The segments a classification can give, with the key each is written under.</summary>
    internal static IEnumerable<(string Key, string Segment)> Segments(SegmentationRuleSetOptions classification)
    {
        yield return (nameof(SegmentationRuleSetOptions.DefaultSegment), classification.DefaultSegment);
        for (var r = 0; r < classification.Rules.Count; r++)
        {
            if (classification.Mode == RuleSetMode.FirstMatch && classification.Rules[r]?.Segment is { } segment)
            {
                yield return (string.Create(CultureInfo.InvariantCulture, $"Rules:{r}:Segment"), segment);
            }
        }

        for (var b = 0; b < classification.Bands.Count; b++)
        {
            if (classification.Mode == RuleSetMode.Scoring && classification.Bands[b]?.Segment is { } segment)
            {
                yield return (string.Create(CultureInfo.InvariantCulture, $"Bands:{b}:Segment"), segment);
            }
        }
    }

    private static void CheckSkills(IDictionary<string, int> skills, string key, List<string> errors)
    {
        foreach (var (skill, level) in skills)
        {
            if (level is < 1 or > RoutingTable.MaxSkillLevel)
            {
                errors.Add(string.Create(CultureInfo.InvariantCulture, $"{key}:{skill}: level {level} is outside 1 to {RoutingTable.MaxSkillLevel}"));
            }
        }
    }

    private static string Hint(string wrong, IEnumerable<string> valid)
    {
        var list = valid.Order(StringComparer.Ordinal).ToList();
        if (list.Count == 0)
        {
            return " (none is defined)";
        }

        var nearest = list.MinBy(v => Distance(wrong, v))!;
        return Distance(wrong, nearest) <= Math.Max(2, wrong.Length / 3) ? $"; did you mean '{nearest}'?" : $" (defined: {string.Join(", ", list)})";
    }

    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = char.ToUpperInvariant(a[i - 1]) == char.ToUpperInvariant(b[j - 1]) ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}

/// <summary>Checks the calendars the routing section names against <c>CustomerServiceCore:Calendars</c>, with the rest of the settings (through <see cref="CustomerServiceCoreBuilder.AddSettingsCheck{TOptions}"/>).</summary>
internal static class RoutingCalendarCheck
{
    public static IEnumerable<string> Calendars(RoutingOptions routing, CustomerServiceCoreOptions options)
    {
        var errors = new List<string>();
        foreach (var (name2, department) in routing.Departments)
        {
            if (department is { Calendar: { Length: > 0 } calendar } && !string.IsNullOrWhiteSpace(calendar) && !options.Calendars.ContainsKey(calendar))
            {
                errors.Add($"{RoutingOptionsValidator.Prefix}{nameof(RoutingOptions.Departments)}:{name2}:{nameof(DepartmentOptions.Calendar)}: no business calendar is named '{calendar}' under {CustomerServiceCoreOptions.SectionName}:Calendars");
            }
        }

        foreach (var (id, agent) in routing.Agents)
        {
            if (agent is { Shift: { Length: > 0 } shift } && !string.IsNullOrWhiteSpace(shift) && !options.Calendars.ContainsKey(shift))
            {
                errors.Add($"{RoutingOptionsValidator.Prefix}{nameof(RoutingOptions.Agents)}:{id}:{nameof(AgentOptions.Shift)}: no business calendar is named '{shift}' under {CustomerServiceCoreOptions.SectionName}:Calendars");
            }
        }

        return errors;
    }
}
