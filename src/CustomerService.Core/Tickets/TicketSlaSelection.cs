using System.Globalization;
using System.Runtime.CompilerServices;
using CustomerService.Core.Leads;
using CustomerService.Core.Sla;

namespace CustomerService.Core.Tickets;

/// <summary>
/// SLA policy selection for tickets: the facts the selection rules read, and why a ticket got its policy.
/// </summary>
/// <remarks>
/// <para>
/// A ticket's facts are its <c>Priority</c> (enum <c>Low</c>, <c>Normal</c>, <c>High</c>, <c>Urgent</c>), <c>Channel</c>
/// (enum of the <see cref="ContactChannel"/> names), <c>Category</c> (enum of the <see cref="TicketCategory"/> names) and
/// <c>Tier</c> (count), plus the facts the host supplies in <see cref="Ticket.Facts"/> (segment, queue, organisation, tags),
/// which the rule set's schema declares after the built-in ones.
/// </para>
/// <para>
/// Selection: the first rule of <see cref="SlaCatalog.TicketRules"/> that matches names the policy; otherwise the priority's
/// policy, then the default ticket policy. A change of any fact (a transition such as <see cref="TicketCommand.Escalate"/>,
/// or <see cref="TicketCommand.UpdateFacts"/>) selects again; see the SLA documentation for what happens to the clocks.
/// </para>
/// </remarks>
/// <threadsafety>This type is stateless and thread-safe.</threadsafety>
public static class TicketSlaSelection
{
    internal const string PriorityFact = "Priority";
    internal const string ChannelFact = "Channel";
    internal const string CategoryFact = "Category";
    internal const string TierFact = "Tier";

    private const int StackRow = 32;

    private static readonly ConditionalWeakTable<SegmentationRuleSet, TicketFactLayout> Layouts = [];

    /// <summary>Creates a schema builder that already declares the ticket's own facts: <c>Priority</c>, <c>Channel</c>, <c>Category</c> and <c>Tier</c>.</summary>
    /// <returns>A schema builder; add the host's facts (not dates) and build.</returns>
    public static FactSchema.Builder CreateSchemaBuilder() =>
        FactSchema.CreateBuilder()
            .AddEnum(PriorityFact, Names<TicketPriority>())
            .AddEnum(ChannelFact, Names<ContactChannel>())
            .AddEnum(CategoryFact, Names<TicketCategory>())
            .AddCount(TierFact);

    /// <summary>Explains which selection rule chooses a ticket's policy now, with the fact values each condition read.</summary>
    /// <param name="catalog">The catalog whose rules to apply.</param>
    /// <param name="ticket">The ticket.</param>
    /// <returns>The explanation (its decision's segment is the policy's name; <c>IsDefault</c> means no rule matched and the ticket falls back to its priority's policy or the default one), or <see langword="null"/> when the catalog has no ticket rules.</returns>
    /// <exception cref="ArgumentNullException">Thrown when an argument is <see langword="null"/>.</exception>
    public static SegmentExplanation? Explain(SlaCatalog catalog, Ticket ticket)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(ticket);
        if (catalog.TicketSelector is not { } selector)
        {
            return null;
        }

        var row = new FactValue[selector.Rules.Schema.Count];
        Layout(selector.Rules).Fill(ticket, row);
        return selector.Explain(row);
    }

    /// <summary>Explains which calendar the catalog's resolution chain chooses for a ticket's clocks now: every link tried, the fact value it read and what came of it.</summary>
    /// <param name="catalog">The catalog whose chain (<see cref="SlaCatalog.CalendarResolution"/>) to apply.</param>
    /// <param name="ticket">The ticket.</param>
    /// <returns>The explanation; its <see cref="SlaCalendarExplanation.Calendar"/> is <see langword="null"/> when no link chose a calendar (also for a catalog without a chain) and the policy's own calendar applies.</returns>
    /// <exception cref="ArgumentNullException">Thrown when an argument is <see langword="null"/>.</exception>
    public static SlaCalendarExplanation ExplainCalendar(SlaCatalog catalog, Ticket ticket)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(ticket);
        var steps = new List<SlaCalendarStep>();
        foreach (var link in catalog.ResolutionLinks)
        {
            var value = FactText(ticket, link.Fact);
            var outcome = catalog.Lookup(link, value, out var calendar);
            steps.Add(new SlaCalendarStep(link.Name, link.Fact, value, calendar, outcome));
            if (outcome == SlaCalendarStepOutcome.Chosen)
            {
                return new SlaCalendarExplanation(calendar, link.Name, steps);
            }
        }

        return new SlaCalendarExplanation(null, null, steps);
    }

    /// <summary>The calendar the resolution chain chooses for a ticket (a catalog key), or <see langword="null"/> for the policy's own; allocation-free.</summary>
    internal static string? ResolveCalendar(SlaCatalog catalog, Ticket ticket, out string? source)
    {
        foreach (var link in catalog.ResolutionLinks)
        {
            if (catalog.Lookup(link, FactText(ticket, link.Fact), out var calendar) == SlaCalendarStepOutcome.Chosen)
            {
                source = link.Name;
                return calendar;
            }
        }

        source = null;
        return null;
    }

    /// <summary>A fact's text on a ticket: the ticket's own priority, channel or category by name, or the value the host supplied; <see langword="null"/> when there is none.</summary>
    private static string? FactText(Ticket ticket, string fact)
    {
        switch (fact)
        {
            case PriorityFact:
                return EnumName(ticket.Priority);
            case ChannelFact:
                return EnumName(ticket.Channel);
            case CategoryFact:
                return EnumName(ticket.Category);
        }

        var facts = ticket.Facts;
        for (var i = 0; i < facts.Count; i++)
        {
            if (string.Equals(facts[i].Name, fact, StringComparison.Ordinal))
            {
                return facts[i].Value;
            }
        }

        return null;
    }

    private static string? EnumName<TEnum>(TEnum value)
        where TEnum : struct, Enum => Enum.IsDefined(value) ? value.ToString() : null;

    /// <summary>Whether a fact is read by the calendar resolution chain (and not declared by the selection rules): its value is free text, a calendar name or a map key.</summary>
    private static bool IsCalendarFact(SlaCatalog catalog, string name)
    {
        foreach (var link in catalog.ResolutionLinks)
        {
            if (string.Equals(link.Fact, name, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Selects a ticket's policy: the first matching rule's, else the priority's, else the default one.</summary>
    /// <returns>The policy (or <see langword="null"/> for no SLA), and the matching rule's name (or <see langword="null"/> when no rule matched).</returns>
    internal static (SlaPolicy? Policy, string? Rule) Select(SlaCatalog catalog, Ticket ticket)
    {
        if (catalog.TicketSelector is { } selector)
        {
            var count = selector.Rules.Schema.Count;
            Span<FactValue> row = count <= StackRow ? stackalloc FactValue[StackRow] : new FactValue[count];
            row = row[..count];
            Layout(selector.Rules).Fill(ticket, row);
            if (selector.Select(row, out var rule) is { } policy)
            {
                return (policy, selector.Rules.Rules[rule].Name);
            }
        }

        return (catalog.GetTicketPolicy(TicketSla.Priority(ticket.Priority)), null);
    }

    /// <summary>Checks that a catalog's ticket rules read the ticket's own facts with the right kinds (start-up check).</summary>
    /// <exception cref="ArgumentException">Thrown naming <paramref name="parameterName"/> when a built-in fact has another kind or values.</exception>
    internal static void Check(SlaCatalog catalog, string parameterName)
    {
        if (catalog.TicketSelector is { } selector)
        {
            try
            {
                Layout(selector.Rules);
            }
            catch (ArgumentException e)
            {
                throw new ArgumentException(e.Message, parameterName, e);
            }
        }
    }

    /// <summary>Whether a fact the selection reads differs between two versions of a ticket.</summary>
    internal static bool FactsChanged(Ticket previous, Ticket next) =>
        previous.Priority != next.Priority
        || previous.Category != next.Category
        || previous.Channel != next.Channel
        || previous.Tier != next.Tier
        || !(ReferenceEquals(previous.Facts, next.Facts) || previous.Facts.SequenceEqual(next.Facts));

    /// <summary>Checks facts a command supplies against the catalog's rule set: each must be declared (not a built-in one) and its value must parse.</summary>
    /// <exception cref="ArgumentException">Thrown naming the fact when it is unknown or its value does not fit its kind.</exception>
    internal static void ValidateFacts(SlaCatalog catalog, IReadOnlyList<TicketFact> facts, string parameterName)
    {
        if (facts.Count == 0)
        {
            return;
        }

        var schema = catalog.TicketSelector?.Rules.Schema;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var fact in facts)
        {
            if (string.IsNullOrWhiteSpace(fact.Name) || fact.Value is null)
            {
                throw new ArgumentException("A ticket fact needs a name and a value.", parameterName);
            }

            if (!seen.Add(fact.Name))
            {
                throw new ArgumentException($"Ticket fact '{fact.Name}' is given twice.", parameterName);
            }

            if ((schema is null || !schema.TryGetIndex(fact.Name, out _)) && !IsBuiltIn(fact.Name) && IsCalendarFact(catalog, fact.Name))
            {
                // Read only by the calendar resolution chain: any text; a value that names no calendar falls through the chain.
                if (string.IsNullOrWhiteSpace(fact.Value))
                {
                    throw new ArgumentException($"Ticket fact '{fact.Name}' (read by calendar source) needs a non-empty value.", parameterName);
                }

                continue;
            }

            if (schema is null || !schema.TryGetIndex(fact.Name, out var index) || IsBuiltIn(fact.Name))
            {
                var declared = string.Join(", ", (schema?.Facts.Where(f => !IsBuiltIn(f.Name)).Select(f => f.Name) ?? []).Concat(catalog.CalendarResolution.Select(l => l.Fact).Where(f => !IsBuiltIn(f))).Distinct());
                throw new ArgumentException($"Ticket fact '{fact.Name}' is not declared by the SLA selection rules or read by the calendar resolution (declared: {(declared.Length == 0 ? "none" : declared)}); priority and category change through their own properties.", parameterName);
            }

            var definition = schema.Facts[index];
            if (Parse(definition, fact.Value).IsMissing)
            {
                var expected = definition.Kind switch
                {
                    FactKind.Enum => "one of " + string.Join(", ", definition.Values),
                    FactKind.Flag => "true or false",
                    FactKind.Count => "a whole number from 0",
                    _ => "a finite number in the invariant culture",
                };
                throw new ArgumentException($"Ticket fact '{fact.Name}' ({definition.Kind}) must be {expected}; '{fact.Value}' is not.", parameterName);
            }
        }
    }

    /// <summary>Reads a fact's text as its kind; <see cref="FactValue.Missing"/> when it does not parse.</summary>
    internal static FactValue Parse(FactDefinition fact, string value)
    {
        switch (fact.Kind)
        {
            case FactKind.Enum:
                var ordinal = FactSchema.IndexOfValue(fact.Values, value);
                return ordinal < 0 ? FactValue.Missing : FactValue.FromEnumOrdinal(ordinal);
            case FactKind.Flag:
                return bool.TryParse(value, out var flag) ? FactValue.FromFlag(flag) : FactValue.Missing;
            case FactKind.Count:
                return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var count) ? FactValue.FromCount(count) : FactValue.Missing;
            case FactKind.Number:
                return double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number) ? FactValue.FromNumber(number) : FactValue.Missing;
            default:
                return FactValue.Missing;
        }
    }

    internal static bool IsBuiltIn(string name) => name is PriorityFact or ChannelFact or CategoryFact or TierFact;

    private static TicketFactLayout Layout(SegmentationRuleSet rules) => Layouts.GetValue(rules, static r => new TicketFactLayout(r.Schema));

    private static string[] Names<TEnum>()
        where TEnum : struct, Enum => [.. Enum.GetValues<TEnum>().Where(v => Enum.IsDefined(v)).Select(v => v.ToString())];

    /// <summary>Where each fact of a rule set's schema comes from, computed once per rule set.</summary>
    private sealed class TicketFactLayout
    {
        private const int Priority = -1;
        private const int Channel = -2;
        private const int Category = -3;
        private const int Tier = -4;

        private readonly int[] _sources;
        private readonly FactDefinition[] _facts;
        private readonly int[] _priorityOrdinals;
        private readonly int[] _channelOrdinals;
        private readonly int[] _categoryOrdinals;

        public TicketFactLayout(FactSchema schema)
        {
            _facts = [.. schema.Facts];
            _sources = new int[_facts.Length];
            _priorityOrdinals = [];
            _channelOrdinals = [];
            _categoryOrdinals = [];
            for (var i = 0; i < _facts.Length; i++)
            {
                var fact = _facts[i];
                switch (fact.Name)
                {
                    case PriorityFact:
                        _priorityOrdinals = Ordinals<TicketPriority>(fact);
                        _sources[i] = Priority;
                        break;
                    case ChannelFact:
                        _channelOrdinals = Ordinals<ContactChannel>(fact);
                        _sources[i] = Channel;
                        break;
                    case CategoryFact:
                        _categoryOrdinals = Ordinals<TicketCategory>(fact);
                        _sources[i] = Category;
                        break;
                    case TierFact:
                        if (fact.Kind != FactKind.Count)
                        {
                            throw new ArgumentException($"SLA selection fact '{TierFact}' is the ticket's tier and must be a Count fact, not {fact.Kind}.");
                        }

                        _sources[i] = Tier;
                        break;
                    default:
                        _sources[i] = i;
                        break;
                }
            }
        }

        public void Fill(Ticket ticket, Span<FactValue> row)
        {
            var facts = ticket.Facts;
            for (var i = 0; i < _sources.Length; i++)
            {
                row[i] = _sources[i] switch
                {
                    Priority => Ordinal(_priorityOrdinals, (int)ticket.Priority),
                    Channel => Ordinal(_channelOrdinals, (int)ticket.Channel),
                    Category => Ordinal(_categoryOrdinals, (int)ticket.Category),
                    Tier => ticket.Tier >= 0 ? FactValue.FromCount(ticket.Tier) : FactValue.Missing,
                    _ => Host(facts, _facts[i]),
                };
            }
        }

        private static FactValue Host(IReadOnlyList<TicketFact> facts, FactDefinition definition)
        {
            for (var j = 0; j < facts.Count; j++)
            {
                var fact = facts[j];
                if (string.Equals(fact.Name, definition.Name, StringComparison.Ordinal))
                {
                    return Parse(definition, fact.Value);
                }
            }

            return FactValue.Missing;
        }

        private static FactValue Ordinal(int[] ordinals, int value) =>
            (uint)value < (uint)ordinals.Length && ordinals[value] >= 0 ? FactValue.FromEnumOrdinal(ordinals[value]) : FactValue.Missing;

        /// <summary>Maps each enum value to its ordinal among the fact's values (-1 when the fact does not list it).</summary>
        private static int[] Ordinals<TEnum>(FactDefinition fact)
            where TEnum : struct, Enum
        {
            var names = Names<TEnum>();
            if (fact.Kind != FactKind.Enum || fact.Values.Any(v => !names.Contains(v, StringComparer.Ordinal)))
            {
                throw new ArgumentException($"SLA selection fact '{fact.Name}' is the ticket's {typeof(TEnum).Name} and must be an Enum fact of {string.Join(", ", names)} (use TicketSlaSelection.CreateSchemaBuilder).");
            }

            var max = Enum.GetValues<TEnum>().Max(v => Convert.ToInt32(v, CultureInfo.InvariantCulture));
            var ordinals = new int[max + 1];
            Array.Fill(ordinals, -1);
            foreach (var value in Enum.GetValues<TEnum>())
            {
                ordinals[Convert.ToInt32(value, CultureInfo.InvariantCulture)] = FactSchema.IndexOfValue(fact.Values, value.ToString());
            }

            return ordinals;
        }
    }
}
