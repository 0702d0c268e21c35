using CustomerService.Core.Leads;
using CustomerService.Core.Sla;

namespace CustomerService.Core.DependencyInjection;

/// <summary>One link of <see cref="SlaSelectionOptions.CalendarResolution"/>: a ticket fact whose value names the calendar of the ticket's clocks, directly or through <see cref="Calendars"/>.</summary>
/// <example>
/// <code language="json">
/// { "Name": "team", "Fact": "Team", "Calendars": { "billing": "Berlin desk", "support": "Shanghai desk" } }
/// </code>
/// </example>
/// <threadsafety>This mutable options class is not thread-safe; configure it at start-up, then only read it.</threadsafety>
public sealed class SlaCalendarSourceOptions
{
    /// <summary>Gets or sets the link's name, recorded as <see cref="SlaClockSet.CalendarSource"/> when it chooses the calendar.</summary>
    /// <value>The default value is an empty string (invalid).</value>
    public string Name { get; set; } = string.Empty;

    /// <summary>Gets or sets the ticket fact the link reads: a fact the host supplies with <c>UpdateFacts</c> (declared under <c>TicketFacts</c> or not), or the ticket's <c>Priority</c>, <c>Channel</c> or <c>Category</c>.</summary>
    /// <value>The default value is an empty string (invalid).</value>
    public string Fact { get; set; } = string.Empty;

    /// <summary>Gets the map from the fact's values to calendar names (under <c>Calendars</c>); keys compare ordinally.</summary>
    /// <value>The default value is empty: the fact's value is itself the calendar's name.</value>
    public IDictionary<string, string> Calendars { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Every problem of the chain, each prefixed with its key relative to the <c>Sla</c> section.</summary>
    internal static IEnumerable<string> Validate(SlaSelectionOptions selection, ICollection<string> calendarNames)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < selection.CalendarResolution.Count; i++)
        {
            var key = $"{nameof(SlaSelectionOptions.CalendarResolution)}:{i}";
            var link = selection.CalendarResolution[i];
            if (link is null)
            {
                yield return $"{key}: an empty calendar source entry.";
                continue;
            }

            var label = string.IsNullOrWhiteSpace(link.Name) ? $"#{i}" : link.Name;
            if (string.IsNullOrWhiteSpace(link.Name))
            {
                yield return $"{key}:Name: calendar source #{i} needs a name.";
            }
            else if (!names.Add(link.Name))
            {
                yield return $"{key}:Name: calendar source '{link.Name}' is defined twice.";
            }

            if (string.IsNullOrWhiteSpace(link.Fact))
            {
                yield return $"{key}:Fact: calendar source '{label}' needs the name of the fact it reads.";
            }
            else if (link.Fact == "Tier")
            {
                yield return $"{key}:Fact: calendar source '{label}' reads the ticket's Tier, a count; read a fact whose value names a calendar (or maps to one).";
            }

            var declared = selection.TicketFacts.FirstOrDefault(f => f is not null && string.Equals(f.Name, link.Fact, StringComparison.Ordinal));
            foreach (var (value, calendar) in link.Calendars)
            {
                if (string.IsNullOrWhiteSpace(calendar) || !calendarNames.Contains(calendar))
                {
                    yield return $"{key}:Calendars:{value}: calendar source '{label}' maps '{value}' to '{calendar}', but no business calendar has that name under Calendars{Suggest.Hint(calendar ?? string.Empty, [.. calendarNames])}";
                }
                else if (declared is { Kind: FactKind.Enum } && !declared.Values.Contains(value, StringComparer.Ordinal))
                {
                    yield return $"{key}:Calendars:{value}: calendar source '{label}' maps '{value}', which is not a value of the Enum fact '{link.Fact}' ({string.Join(", ", declared.Values)}).";
                }
            }
        }
    }
}
