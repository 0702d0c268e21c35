using System.Globalization;
using BenchmarkDotNet.Attributes;
using CustomerService.Core.Calendars;
using CustomerService.Core.Leads;
using CustomerService.Core.Sla;
using CustomerService.Core.Tickets;
using NodaTime;

namespace CustomerService.Core.Benchmarks.Sla;

/// <summary>
/// SLA policy selection over 100 ordered rules (issue 23: ≤ 2 µs, allocation-free), and what re-selection adds to a
/// transition (≤ 1 µs per affected clock): an update that re-selects versus one that selects the same policy again.
/// </summary>
[MemoryDiagnoser]
public class SlaSelectionBenchmarks
{
    private static readonly Instant Opened = Instant.FromUtc(2026, 3, 2, 1, 0);
    private static readonly Instant Now = Instant.FromUtc(2026, 3, 2, 3, 0);
    private SlaCatalog _catalog = null!;
    private Ticket _lastRule = null!;
    private Ticket _noRule = null!;
    private Ticket _open = null!;
    private Ticket _reselecting = null!;
    private Ticket _sameSelection = null!;
    private TicketCommand _reselect = null!;
    private TicketCommand _keep = null!;

    [GlobalSetup]
    public void Setup()
    {
        var calendar = BusinessCalendar.CreateBuilder("Shanghai desk", DateTimeZoneProviders.Tzdb["Asia/Shanghai"])
            .OpenWeekdays(new LocalTime(9, 0), new LocalTime(12, 0))
            .OpenWeekdays(new LocalTime(13, 0), new LocalTime(18, 0))
            .Build();
        SlaPolicy Policy(string name, int hours) => SlaPolicy.CreateBuilder(name, calendar, "v1")
            .DefaultTarget(SlaMetric.FirstResponse, Duration.FromHours(hours))
            .DefaultTarget(SlaMetric.PeriodicUpdate, Duration.FromHours(24), SlaTimeBasis.CalendarTime)
            .DefaultTarget(SlaMetric.Resolution, Duration.FromHours(hours * 4))
            .PauseWhen(SlaWaitReason.PendingOnCustomer, SlaMetric.FirstResponse, SlaMetric.Resolution)
            .Build();

        // 100 rules of two conditions each; a ticket in region 99 is matched by the last one only.
        var schema = TicketSlaSelection.CreateSchemaBuilder().AddCount("Region").AddFlag("Vip").Build();
        var rules = SegmentationRuleSet.CreateBuilder("tickets", schema, DateTimeZone.Utc);
        for (var i = 0; i < 100; i++)
        {
            rules.AddRule("region-" + i.ToString(CultureInfo.InvariantCulture), i % 2 == 0 ? "Standard" : "Premium", RuleCondition.In("Channel", "Phone"), RuleCondition.EqualTo("Region", i));
        }

        _catalog = new SlaCatalog([], [Policy("Standard", 8), Policy("Premium", 2)], "Standard", ticketRules: rules.Otherwise("-").Build());
        var ticket = Ticket.Create(new TicketId("T-bench"), ContactChannel.Phone, TicketCategory.Inquiry, TicketPriority.Normal, Opened);
        _lastRule = ticket with { Facts = [new TicketFact("Region", "99"), new TicketFact("Vip", "false")] };
        _noRule = ticket with { Facts = [new TicketFact("Region", "100")] };

        // A ticket in region 98 (Standard) with its three clocks running; the re-selecting update moves it to region 99 (Premium).
        var lifecycle = new TicketLifecycle(new TicketOptions());
        var opened = TicketSla.Open(ticket with { Facts = [new TicketFact("Region", "98")] }, _catalog).Ticket;
        _open = lifecycle.Apply(opened, new TicketCommand.Assign("agent-7"), "agent-7", Opened);
        _open = TicketSla.Transition(opened, _open, new TicketCommand.Assign("agent-7"), _catalog, Opened).Ticket;
        _reselect = new TicketCommand.UpdateFacts { Facts = [new TicketFact("Region", "99")] };
        _keep = new TicketCommand.UpdateFacts { Category = TicketCategory.Repair };
        _reselecting = lifecycle.Apply(_open, _reselect, "agent-7", Now);
        _sameSelection = lifecycle.Apply(_open, _keep, "agent-7", Now);
        if (TicketSla.Transition(_open, _reselecting, _reselect, _catalog, Now).Ticket.Sla!.PolicyName != "Premium"
            || TicketSla.Transition(_open, _sameSelection, _keep, _catalog, Now).Ticket.Sla!.PolicyName != "Standard")
        {
            throw new InvalidOperationException("The benchmark's tickets do not select what they should.");
        }
    }

    /// <summary>Selects the policy of a ticket that only the 100th rule matches.</summary>
    [Benchmark]
    public SlaPolicy? Select_100Rules_LastMatches() => TicketSlaSelection.Select(_catalog, _lastRule).Policy;

    /// <summary>Selects the policy of a ticket no rule matches (the default policy).</summary>
    [Benchmark]
    public SlaPolicy? Select_100Rules_NoneMatches() => TicketSlaSelection.Select(_catalog, _noRule).Policy;

    /// <summary>The SLA part of an update whose facts select the same policy again (baseline).</summary>
    [Benchmark(Baseline = true)]
    public SlaClockSet? Transition_SameSelection() => TicketSla.Transition(_open, _sameSelection, _keep, _catalog, Now).Ticket.Sla;

    /// <summary>The SLA part of an update that re-selects: three running clocks move to the new policy.</summary>
    [Benchmark]
    public SlaClockSet? Transition_Reselects3Clocks() => TicketSla.Transition(_open, _reselecting, _reselect, _catalog, Now).Ticket.Sla;
}
