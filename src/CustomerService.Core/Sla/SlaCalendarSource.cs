using System.Collections.ObjectModel;

namespace CustomerService.Core.Sla;

/// <summary>
/// One link of a catalog's calendar resolution chain (<see cref="SlaCatalog.CalendarResolution"/>): a fact of the case whose value
/// names the calendar the case's clocks count on — directly, or through a map from the fact's values to calendar names.
/// </summary>
/// <remarks>
/// <para>The chain is tried in order; the first link whose fact has a value that leads to a calendar of the catalog chooses it. A
/// fact without a value, a value the map does not list, or a name no calendar has falls through to the next link; after the last
/// one the policy's own calendar applies. So the documented order "the case's own, the customer's, the organisation's, the team's,
/// the policy default" is a chain of four links:</para>
/// <code>
/// new SlaCalendarSource("case", "CaseCalendar"),
/// new SlaCalendarSource("customer", "CustomerCalendar"),
/// new SlaCalendarSource("organisation", "OrganisationCalendar"),
/// new SlaCalendarSource("team", "Team", new Dictionary&lt;string, string&gt; { ["billing"] = "Berlin desk", ["support"] = "Shanghai desk" }),
/// </code>
/// </remarks>
/// <threadsafety>This type is immutable and thread-safe.</threadsafety>
public sealed class SlaCalendarSource
{
    /// <summary>Initializes a new instance of the <see cref="SlaCalendarSource"/> class.</summary>
    /// <param name="name">The link's name, recorded as <see cref="SlaClockSet.CalendarSource"/> when it chooses the calendar (for example <c>customer</c>).</param>
    /// <param name="fact">The fact of the case that is read: a fact the host supplies (for tickets, in <c>Ticket.Facts</c>), or the ticket's own <c>Priority</c>, <c>Channel</c> or <c>Category</c> (by name).</param>
    /// <param name="calendarsByValue">A map from the fact's values to calendar names (ordinal comparison), or <see langword="null"/> when the fact's value is itself the calendar's name.</param>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="name"/> or <paramref name="fact"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">Thrown when <paramref name="name"/> or <paramref name="fact"/> is empty or white space, or the map has an empty key or calendar name, or a key twice.</exception>
    public SlaCalendarSource(string name, string fact, IEnumerable<KeyValuePair<string, string>>? calendarsByValue = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(fact);
        Name = name;
        Fact = fact;
        if (calendarsByValue is not null)
        {
            var map = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (value, calendar) in calendarsByValue)
            {
                if (string.IsNullOrWhiteSpace(value) || string.IsNullOrWhiteSpace(calendar))
                {
                    throw new ArgumentException($"Calendar source '{name}' maps an empty value or to an empty calendar name.", nameof(calendarsByValue));
                }

                if (!map.TryAdd(value, calendar))
                {
                    throw new ArgumentException($"Calendar source '{name}' maps value '{value}' twice.", nameof(calendarsByValue));
                }
            }

            CalendarsByValue = new ReadOnlyDictionary<string, string>(map);
        }
    }

    /// <summary>Gets the link's name.</summary>
    /// <value>A non-empty name, unique within a chain.</value>
    public string Name { get; }

    /// <summary>Gets the name of the fact the link reads.</summary>
    /// <value>A non-empty fact name.</value>
    public string Fact { get; }

    /// <summary>Gets the map from fact values to calendar names.</summary>
    /// <value>The map, or <see langword="null"/> when the fact's value is itself a calendar name.</value>
    public IReadOnlyDictionary<string, string>? CalendarsByValue { get; }

    /// <summary>Returns the link's name and fact.</summary>
    /// <returns>For example <c>team (Team, mapped)</c>.</returns>
    public override string ToString() => $"{Name} ({Fact}{(CalendarsByValue is null ? string.Empty : ", mapped")})";
}

/// <summary>What one link of a calendar resolution chain found (see <see cref="SlaCalendarExplanation"/>).</summary>
/// <threadsafety>This is an enumeration: its values are immutable and thread-safe.</threadsafety>
public enum SlaCalendarStepOutcome
{
    /// <summary>Not a valid outcome: the default value.</summary>
    Unspecified = 0,

    /// <summary>The fact has a value that leads to a calendar of the catalog: this link chose the calendar.</summary>
    Chosen = 1,

    /// <summary>The case has no value for the fact: the chain went on.</summary>
    Missing = 2,

    /// <summary>The link maps values to calendars and the map does not list the fact's value: the chain went on.</summary>
    NotMapped = 3,

    /// <summary>The fact's value (or the calendar its map names) is not a calendar of the catalog: the chain went on.</summary>
    UnknownCalendar = 4,
}

/// <summary>One link of a calendar resolution as explained: the fact read, its value, and what came of it.</summary>
/// <param name="Source">The link's name.</param>
/// <param name="Fact">The fact the link read.</param>
/// <param name="Value">The fact's value, or <see langword="null"/> when the case has none.</param>
/// <param name="Calendar">The calendar name the value led to (the value itself, or the map's entry), or <see langword="null"/>.</param>
/// <param name="Outcome">Whether the link chose the calendar, and if not why the chain went on.</param>
/// <threadsafety>This type is immutable and thread-safe.</threadsafety>
public sealed record SlaCalendarStep(string Source, string Fact, string? Value, string? Calendar, SlaCalendarStepOutcome Outcome);

/// <summary>Why a case's clocks count on the calendar they do: the links of the resolution chain that were tried, in order, up to the one that chose.</summary>
/// <param name="Calendar">The name of the calendar the chain chose, or <see langword="null"/> when no link chose one and the policy's own calendar applies.</param>
/// <param name="ChosenBy">The name of the link that chose <paramref name="Calendar"/>, or <see langword="null"/>.</param>
/// <param name="Steps">Every link tried, in order; the last one is the one that chose, unless none did.</param>
/// <threadsafety>This type is immutable and thread-safe.</threadsafety>
public sealed record SlaCalendarExplanation(string? Calendar, string? ChosenBy, IReadOnlyList<SlaCalendarStep> Steps)
{
    /// <summary>Describes the resolution in one line, for example <c>case: no value; customer: 'Berlin' is not a calendar; team: 'billing' → Berlin desk (chosen)</c>.</summary>
    /// <returns>The description (fact values included: use facts that are no personal data).</returns>
    public override string ToString()
    {
        var steps = string.Join("; ", Steps.Select(s => s.Outcome switch
        {
            SlaCalendarStepOutcome.Chosen => $"{s.Source}: '{s.Value}' → {s.Calendar} (chosen)",
            SlaCalendarStepOutcome.Missing => $"{s.Source}: no value",
            SlaCalendarStepOutcome.NotMapped => $"{s.Source}: '{s.Value}' is not mapped",
            SlaCalendarStepOutcome.UnknownCalendar => $"{s.Source}: '{s.Calendar}' is not a calendar",
            _ => $"{s.Source}: ?",
        }));
        return Calendar is null ? (steps.Length == 0 ? "the policy's calendar" : steps + "; the policy's calendar") : steps;
    }
}
