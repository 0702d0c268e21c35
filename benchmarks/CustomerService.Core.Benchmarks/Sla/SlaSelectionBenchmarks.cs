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
/// transition (≤ 1 µs per affected clock): an update that re-selects versus one that selects the same policy again; and
/// calendar resolution through a 4-link chain (issue 17, item 4: ≤ 2 µs, allocation-free).
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
    private SlaCatalog _chained = null!;
    private Ticket _teamOnly = null!;
    private Ticket _noCalendar = null!;
    private Ticket _answered = null!;
    private Ticket _answeredReselecting = null!;

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

        // The same ticket answered first (its first response met): the re-selection also records what the met clock was judged under.
        var reply = new TicketCommand.AgentReply();
        var replied = lifecycle.Apply(_open, reply, "agent-7", Opened + Duration.FromMinutes(30));
        _answered = TicketSla.Transition(_open, replied, reply, _catalog, Opened + Duration.FromMinutes(30)).Ticket;
        _answeredReselecting = lifecycle.Apply(_answered, _reselect, "agent-7", Now);
        if (TicketSla.Transition(_answered, _answeredReselecting, _reselect, _catalog, Now).Ticket.Sla!.Find(SlaMetric.FirstResponse)!.Judgements.Count != 1)
        {
            throw new InvalidOperationException("The benchmark's answered ticket does not record a judgement.");
        }
        if (TicketSla.Transition(_open, _reselecting, _reselect, _catalog, Now).Ticket.Sla!.PolicyName != "Premium"
            || TicketSla.Transition(_open, _sameSelection, _keep, _catalog, Now).Ticket.Sla!.PolicyName != "Standard")
        {
            throw new InvalidOperationException("The benchmark's tickets do not select what they should.");
        }

        // Calendar resolution (issue 17, item 4): the case's own, the customer's, the organisation's calendar, then the team's by a map.
        var berlin = BusinessCalendar.CreateBuilder("Berlin desk", DateTimeZoneProviders.Tzdb["Europe/Berlin"]).OpenWeekdays(new LocalTime(8, 0), new LocalTime(17, 0)).Build();
        _chained = new SlaCatalog(
            [new("Shanghai desk", calendar), new("Berlin desk", berlin)],
            [Policy("Standard", 8)],
            "Standard",
            calendarResolution:
            [
                new SlaCalendarSource("case", "CaseCalendar"),
                new SlaCalendarSource("customer", "CustomerCalendar"),
                new SlaCalendarSource("organisation", "OrganisationCalendar"),
                new SlaCalendarSource("team", "Team", new Dictionary<string, string> { ["billing"] = "Berlin desk", ["support"] = "Shanghai desk" }),
            ]);
        _teamOnly = ticket with { Facts = [new TicketFact("Region", "7"), new TicketFact("CustomerCalendar", "Atlantis"), new TicketFact("Team", "billing")] };
        _noCalendar = ticket with { Facts = [new TicketFact("Region", "7"), new TicketFact("Team", "sales")] };
        if (TicketSlaSelection.ResolveCalendar(_chained, _teamOnly, out _) != "Berlin desk" || TicketSlaSelection.ResolveCalendar(_chained, _noCalendar, out _) is not null)
        {
            throw new InvalidOperationException("The benchmark's tickets do not resolve what they should.");
        }
    }

    /// <summary>Resolves a ticket's calendar through a 4-link chain where only the last link (a mapped team) chooses; the customer's names an unknown calendar.</summary>
    [Benchmark]
    public string? ResolveCalendar_4Links_LastChooses() => TicketSlaSelection.ResolveCalendar(_chained, _teamOnly, out _);

    /// <summary>Resolves a ticket's calendar through a 4-link chain where no link chooses (the policy's own calendar applies).</summary>
    [Benchmark]
    public string? ResolveCalendar_4Links_NoneChooses() => TicketSlaSelection.ResolveCalendar(_chained, _noCalendar, out _);

    /// <summary>Selects the policy of a ticket that only the 100th rule matches.</summary>
    [Benchmark]
    public SlaPolicy? Select_100Rules_LastMatches() => TicketSlaSelection.Select(_catalog, _lastRule).Policy;

    /// <summary>Selects the policy of a ticket no rule matches (the default policy).</summary>
    [Benchmark]
    public SlaPolicy? Select_100Rules_NoneMatches() => TicketSlaSelection.Select(_catalog, _noRule).Policy;

    /// <summary>The SLA part of an update whose facts select the same policy again (baseline).</summary>
    [Benchmark(Baseline = true)]
    public SlaClockSet? Transition_SameSelection() => TicketSla.Transition(_open, _sameSelection, _keep, _catalog, Now).Ticket.Sla;

    /// <summary>The SLA part of an update that re-selects a ticket whose first response was met: two running clocks move, the met one keeps its judgement.</summary>
    [Benchmark]
    public SlaClockSet? Transition_Reselects2ClocksAndJudgesAMetOne() => TicketSla.Transition(_answered, _answeredReselecting, _reselect, _catalog, Now).Ticket.Sla;

    /// <summary>The SLA part of an update that re-selects: three running clocks move to the new policy.</summary>
    [Benchmark]
    public SlaClockSet? Transition_Reselects3Clocks() => TicketSla.Transition(_open, _reselecting, _reselect, _catalog, Now).Ticket.Sla;
}
