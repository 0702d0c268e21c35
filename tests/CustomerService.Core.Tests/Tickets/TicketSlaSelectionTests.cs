using CustomerService.Core.Leads;
using CustomerService.Core.Serialization;
using CustomerService.Core.Sla;
using CustomerService.Core.Storage;
using CustomerService.Core.Tests.Sla;
using CustomerService.Core.Tickets;
using NodaTime;
using NodaTime.Testing;

namespace CustomerService.Core.Tests.Tickets;

/// <summary>SLA policy selection by rules over ticket facts, and re-selection when a fact changes.</summary>
public sealed class TicketSlaSelectionTests
{
    private static readonly Instant T0 = SlaTestData.Sh(2026, 3, 2, 9); // a Monday, 09:00 in Shanghai
    private static readonly TicketId Id = new("T-1");
    private readonly FakeClock _clock = new(T0);
    private readonly InMemoryStorage _storage = new();

    private IEntityStore<Ticket> Store => _storage.GetStore<Ticket>(TicketService.EntityKind);

    /// <summary>Calendar-time targets, so the expected instants are plain arithmetic.</summary>
    internal static SlaPolicy Standard { get; } = SlaPolicy.CreateBuilder("Standard", SlaTestData.ShanghaiDesk, "v1")
        .DefaultTarget(SlaMetric.FirstResponse, Duration.FromHours(4), SlaTimeBasis.CalendarTime)
        .Target(SlaMetric.FirstResponse, SlaPriority.Urgent, Duration.FromHours(1), SlaTimeBasis.CalendarTime)
        .DefaultTarget(SlaMetric.Resolution, Duration.FromHours(24), SlaTimeBasis.CalendarTime)
        .PauseWhen(SlaWaitReason.PendingOnCustomer, SlaMetric.FirstResponse, SlaMetric.Resolution)
        .Build();

    internal static SlaPolicy Premium { get; } = SlaPolicy.CreateBuilder("Premium", SlaTestData.ShanghaiDesk, "v1")
        .DefaultTarget(SlaMetric.FirstResponse, Duration.FromMinutes(30), SlaTimeBasis.CalendarTime)
        .DefaultTarget(SlaMetric.Resolution, Duration.FromHours(8), SlaTimeBasis.CalendarTime)
        .PauseWhen(SlaWaitReason.PendingOnCustomer, SlaMetric.FirstResponse, SlaMetric.Resolution)
        .Build();

    /// <summary>First response only: no resolution target.</summary>
    internal static SlaPolicy Basic { get; } = SlaPolicy.CreateBuilder("Basic", SlaTestData.ShanghaiDesk, "v1")
        .DefaultTarget(SlaMetric.FirstResponse, Duration.FromHours(8), SlaTimeBasis.CalendarTime)
        .Build();

    internal static SegmentationRuleSet Rules { get; } = SegmentationRuleSet.CreateBuilder(
            "tickets",
            TicketSlaSelection.CreateSchemaBuilder().AddEnum("Segment", "Gold", "Silver").AddFlag("Vip").Build(),
            DateTimeZone.Utc)
        .AddRule("gold-urgent", "Premium", RuleCondition.In("Segment", "Gold"), RuleCondition.In("Priority", "Urgent", "High"))
        .AddRule("vip", "Premium", RuleCondition.IsTrue("Vip"))
        .AddRule("tier-3", "Premium", RuleCondition.AtLeast("Tier", 3))
        .AddRule("phone-inquiry", "Basic", RuleCondition.In("Channel", "Phone"), RuleCondition.In("Category", "Inquiry"))
        .Otherwise("unused")
        .Build();

    internal static SlaCatalog Catalog { get; } = new([], [Standard, Premium, Basic], "Standard", ticketRules: Rules);

    private TicketService Service(SlaCatalog? catalog = null) => new(Store, new TicketLifecycle(new TicketOptions()), _clock, catalog ?? Catalog);

    private static SlaStatus Status(Ticket ticket, SlaMetric metric, Instant at) =>
        ticket.Sla!.CreateClocks(Catalog.Policies[ticket.Sla.PolicyName]).Single(c => c.Metric == metric).Evaluate(at);

    private static TicketCommand.UpdateFacts Facts(params (string Name, string Value)[] facts) =>
        new() { Facts = [.. facts.Select(f => new TicketFact(f.Name, f.Value))] };

    [Fact]
    public async Task OpenAsync_SeveralRulesMatch_FirstRuleWinsAndIsRecorded()
    {
        var service = Service();
        var ticket = await service.OpenAsync(Id, ContactChannel.Phone, TicketCategory.Inquiry, TicketPriority.Normal, "desk");

        Assert.Equal("Basic", ticket.Sla!.PolicyName);
        Assert.Equal("phone-inquiry", ticket.Sla.SelectedBy);
        Assert.Equal([SlaMetric.FirstResponse], ticket.Sla.Clocks.Select(c => c.Metric));

        // Vip comes before phone-inquiry: once the ticket is a VIP's, the earlier rule wins.
        ticket = await service.ExecuteAsync(Id, Facts(("Vip", "true")), "agent-1");
        Assert.Equal("Premium", ticket.Sla!.PolicyName);
        Assert.Equal("vip", ticket.Sla.SelectedBy);
    }

    [Fact]
    public async Task OpenAsync_NoRuleMatches_FallsBackToTheDefaultPolicy()
    {
        var ticket = await Service().OpenAsync(Id, ContactChannel.Email, TicketCategory.Repair, TicketPriority.Urgent, "desk");

        Assert.Equal("Standard", ticket.Sla!.PolicyName);
        Assert.Null(ticket.Sla.SelectedBy);
        Assert.Equal(T0 + Duration.FromHours(1), Status(ticket, SlaMetric.FirstResponse, T0).DueAt);
    }

    [Fact]
    public async Task Explain_MatchingRule_NamesTheRuleAndTheValuesItRead()
    {
        var service = Service();
        await service.OpenAsync(Id, ContactChannel.Email, TicketCategory.Repair, TicketPriority.High, "desk");
        var ticket = await service.ExecuteAsync(Id, Facts(("Segment", "Gold")), "agent-1");

        var explanation = TicketSlaSelection.Explain(Catalog, ticket)!;

        Assert.Equal("Premium", explanation.Decision.Segment);
        Assert.Equal("gold-urgent", Assert.Single(explanation.Matches).RuleName);
        Assert.Contains(explanation.Matches[0].Evidence, e => e.Fact == "Priority" && e.Value == "High");
        Assert.Contains(explanation.Matches[0].Evidence, e => e.Fact == "Segment" && e.Value == "Gold");
        Assert.Null(TicketSlaSelection.Explain(new SlaCatalog([], [Standard], "Standard"), ticket));
    }

    [Fact]
    public async Task UpdateFacts_UpgradeToUrgentMidway_KeepsStartAndElapsedAndBreachesAtTheExactInstant()
    {
        var sink = new RecordingEventSink();
        var service = Service();
        await service.OpenAsync(Id, ContactChannel.Email, TicketCategory.Repair, TicketPriority.Normal, "desk");
        _clock.AdvanceMinutes(90);

        var ticket = await service.ExecuteAsync(Id, new TicketCommand.UpdateFacts { Priority = TicketPriority.Urgent }, "agent-1");

        // Same policy, new priority: the first response keeps its start (09:00) and its 90 minutes, and now owes 1 hour.
        var status = Status(ticket, SlaMetric.FirstResponse, _clock.GetCurrentInstant());
        Assert.Equal(Duration.FromMinutes(90), status.Elapsed);
        Assert.Equal(SlaClockState.Breached, status.State);
        Assert.Equal(T0 + Duration.FromHours(1), status.BreachedAt);
        Assert.Equal("Urgent", ticket.Sla!.Priority);
        var change = Assert.Single(ticket.Sla.Reselections);
        Assert.Equal(new SlaReselection(T0 + Duration.FromMinutes(90), "Standard", "Normal", "Standard", "Urgent", null), change);
        Assert.Equal(TicketTrigger.UpdateFacts, ticket.History[^1].Trigger);
        Assert.Equal("Priority", ticket.History[^1].Reason);

        await new OutboxDispatcher(_storage, [sink]).DispatchAsync(_clock.GetCurrentInstant());
        var reselected = Assert.Single(sink.Events.OfType<SlaPolicyReselected>());
        Assert.Equal(change, reselected.Reselection);
        Assert.Equal("agent-1", reselected.Actor);
        var breach = Assert.Single(sink.Events.OfType<SlaMilestoneReached>(), e => e.IsBreach);
        Assert.Equal(T0 + Duration.FromHours(1), breach.ReachedAt);
        Assert.Equal(SlaMetric.FirstResponse, breach.Metric);
    }

    [Fact]
    public async Task UpdateFacts_ToAPolicyWithOtherMetrics_CancelsTheMissingOneStartsTheAddedOneAndKeepsMetOnesMet()
    {
        var service = Service();
        await service.OpenAsync(Id, ContactChannel.Phone, TicketCategory.Repair, TicketPriority.Normal, "desk");
        await service.ExecuteAsync(Id, new TicketCommand.Assign("agent-1"), "agent-1");
        _clock.AdvanceHours(1);
        await service.ExecuteAsync(Id, new TicketCommand.AgentReply(), "agent-1");
        _clock.AdvanceHours(1);

        // Standard → Basic (phone inquiry): Basic has no resolution target, so the running resolution clock is cancelled.
        var basic = await service.ExecuteAsync(Id, new TicketCommand.UpdateFacts { Category = TicketCategory.Inquiry }, "agent-1");
        Assert.Equal("Standard", Assert.Single(basic.Sla!.Reselections).FromPolicy);
        Assert.Equal("Basic", basic.Sla!.PolicyName);
        Assert.Equal(SlaClockEventKind.Cancelled, basic.Sla.Find(SlaMetric.Resolution)!.Events[^1].Kind);
        Assert.Equal(SlaClockEventKind.Met, basic.Sla.Find(SlaMetric.FirstResponse)!.Events[^1].Kind);

        // Basic → Premium (VIP): Premium adds a resolution target, so a fresh resolution clock starts at the change.
        _clock.AdvanceHours(1);
        var premium = await service.ExecuteAsync(Id, Facts(("Vip", "true")), "agent-1");
        var resolution = premium.Sla!.Find(SlaMetric.Resolution)!;
        Assert.Equal("T-1:Resolution:2", resolution.ClockId);
        Assert.Equal(SlaClockEvent.Started(_clock.GetCurrentInstant()), Assert.Single(resolution.Events));
        Assert.Equal(_clock.GetCurrentInstant() + Duration.FromHours(8), Status(premium, SlaMetric.Resolution, _clock.GetCurrentInstant()).DueAt);
        Assert.Equal(SlaClockEventKind.Met, premium.Sla.Find(SlaMetric.FirstResponse)!.Events[^1].Kind);
        Assert.True(Status(premium, SlaMetric.FirstResponse, _clock.GetCurrentInstant()).State is SlaClockState.Met or SlaClockState.Breached);
        Assert.Equal(2, premium.Sla.Reselections.Count);
    }

    [Fact]
    public async Task ExecuteAsync_EscalateToTier3_SelectsAgainBecauseARuleReadsTheTier()
    {
        var service = Service();
        await service.OpenAsync(Id, ContactChannel.Email, TicketCategory.Repair, TicketPriority.Normal, "desk");
        await service.ExecuteAsync(Id, new TicketCommand.Assign("agent-1"), "agent-1");
        var tier2 = await service.ExecuteAsync(Id, new TicketCommand.Escalate("hard"), "agent-1");
        Assert.Equal("Standard", tier2.Sla!.PolicyName);
        Assert.Empty(tier2.Sla.Reselections);

        var tier3 = await service.ExecuteAsync(Id, new TicketCommand.Escalate("harder"), "agent-1");
        Assert.Equal("Premium", tier3.Sla!.PolicyName);
        Assert.Equal("tier-3", tier3.Sla.SelectedBy);
    }

    [Fact]
    public async Task UpdateFacts_WhilePending_StartsAnAddedMetricPausedAtOnce()
    {
        var service = Service();
        await service.OpenAsync(Id, ContactChannel.Phone, TicketCategory.Inquiry, TicketPriority.Normal, "desk"); // Basic: no resolution
        await service.ExecuteAsync(Id, new TicketCommand.Assign("agent-1"), "agent-1");
        await service.ExecuteAsync(Id, new TicketCommand.WaitOnCustomer(), "agent-1");
        _clock.AdvanceHours(2);

        var ticket = await service.ExecuteAsync(Id, Facts(("Vip", "true")), "agent-1");

        var now = _clock.GetCurrentInstant();
        Assert.Equal([SlaClockEvent.Started(now), SlaClockEvent.Paused(now, SlaWaitReason.PendingOnCustomer)], ticket.Sla!.Find(SlaMetric.Resolution)!.Events);
        Assert.Equal(SlaClockState.Paused, Status(ticket, SlaMetric.Resolution, now + Duration.FromHours(1)).State);
    }

    [Theory]
    [InlineData("Region", "North", "Region")]
    [InlineData("Segment", "Platinum", "Segment")]
    [InlineData("Vip", "yes", "Vip")]
    [InlineData("Priority", "Urgent", "Priority")]
    public async Task UpdateFacts_UndeclaredFactOrBadValue_ThrowsNamingTheFactAndSavesNothing(string name, string value, string named)
    {
        var service = Service();
        var opened = await service.OpenAsync(Id, ContactChannel.Email, TicketCategory.Repair, TicketPriority.Normal, "desk");

        var error = await Assert.ThrowsAsync<ArgumentException>(() => service.ExecuteAsync(Id, Facts((name, value)), "agent-1"));

        Assert.Equal("command", error.ParamName);
        Assert.Contains($"'{named}'", error.Message, StringComparison.Ordinal);
        Assert.Equal(opened, await service.FindAsync(Id));
    }

    [Fact]
    public async Task UpdateFacts_SameFactTwiceOrSetAndRemoved_ThrowsAndSavesNothing()
    {
        var service = Service();
        var opened = await service.OpenAsync(Id, ContactChannel.Email, TicketCategory.Repair, TicketPriority.Normal, "desk");

        await Assert.ThrowsAsync<ArgumentException>(() => service.ExecuteAsync(Id, Facts(("Vip", "true"), ("Vip", "false")), "agent-1"));
        await Assert.ThrowsAsync<ArgumentException>(() => service.ExecuteAsync(Id, Facts(("Vip", "true")) with { RemovedFacts = ["Vip"] }, "agent-1"));
        await Assert.ThrowsAsync<ArgumentException>(() => service.ExecuteAsync(Id, new TicketCommand.UpdateFacts { Priority = (TicketPriority)99 }, "agent-1"));

        Assert.Equal(opened, await service.FindAsync(Id));
    }

    [Fact]
    public async Task UpdateFacts_RemovedFacts_DropsThemAndSelectsAgain()
    {
        var service = Service();
        await service.OpenAsync(Id, ContactChannel.Email, TicketCategory.Repair, TicketPriority.Normal, "desk");
        var vip = await service.ExecuteAsync(Id, Facts(("Vip", "true"), ("Segment", "Silver")), "agent-1");
        Assert.Equal([new TicketFact("Segment", "Silver"), new TicketFact("Vip", "true")], vip.Facts);

        var ticket = await service.ExecuteAsync(Id, new TicketCommand.UpdateFacts { RemovedFacts = ["Vip"] }, "agent-1");

        Assert.Equal([new TicketFact("Segment", "Silver")], ticket.Facts);
        Assert.Equal("Standard", ticket.Sla!.PolicyName);
        Assert.Equal("-Vip", ticket.History[^1].Reason);
    }

    [Fact]
    public void Constructor_RulesNamingAnUnknownPolicy_ThrowsNamingTicketRules()
    {
        var error = Assert.Throws<ArgumentException>(() => new SlaCatalog([], [Standard], "Standard", ticketRules: Rules));
        Assert.Equal("ticketRules", error.ParamName);
        Assert.Contains("'Premium'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_RulesReadingADateOrScoring_ThrowsNamingTicketRules()
    {
        var dated = SegmentationRuleSet.CreateBuilder("dated", TicketSlaSelection.CreateSchemaBuilder().AddDate("Since").Build(), DateTimeZone.Utc)
            .AddRule("old", "Standard", RuleCondition.DateBefore("Since", Period.FromDays(-30))).Otherwise("x").Build();
        var scoring = SegmentationRuleSet.CreateBuilder("scoring", TicketSlaSelection.CreateSchemaBuilder().Build(), DateTimeZone.Utc, RuleSetMode.Scoring)
            .AddScoringRule("t", 1, RuleCondition.AtLeast("Tier", 2)).AddBand(1, "Standard").Otherwise("Standard").Build();

        Assert.Contains("'Since'", Assert.Throws<ArgumentException>("ticketRules", () => new SlaCatalog([], [Standard], ticketRules: dated)).Message, StringComparison.Ordinal);
        Assert.Contains("first-match", Assert.Throws<ArgumentException>("ticketRules", () => new SlaCatalog([], [Standard], ticketRules: scoring)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_RulesWithABuiltInFactOfTheWrongKind_ServiceThrowsNamingSla()
    {
        var schema = FactSchema.CreateBuilder().AddNumber("Priority").Build();
        var rules = SegmentationRuleSet.CreateBuilder("odd", schema, DateTimeZone.Utc).AddRule("p", "Standard", RuleCondition.AtLeast("Priority", 3)).Otherwise("x").Build();
        var catalog = new SlaCatalog([], [Standard], ticketRules: rules);

        var error = Assert.Throws<ArgumentException>(() => Service(catalog));
        Assert.Equal("sla", error.ParamName);
        Assert.Contains("'Priority'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deserialize_TicketStoredBeforeFactsAndReselection_LoadsWithEmptyFactsAndHistory()
    {
        var ticket = await Service().OpenAsync(Id, ContactChannel.Email, TicketCategory.Repair, TicketPriority.Normal, "desk");

        // The shape written before this change has no Facts on the ticket and no SelectedBy or Reselections on its clock
        // set; unset, they are still not written, so such a payload reads and writes back unchanged.
        var old = CustomerServiceJson.Serialize(ticket);
        Assert.DoesNotContain("Facts", old, StringComparison.Ordinal);
        Assert.DoesNotContain("Reselections", old, StringComparison.Ordinal);
        Assert.DoesNotContain("SelectedBy", old, StringComparison.Ordinal);

        var loaded = CustomerServiceJson.Deserialize<Ticket>(old);

        Assert.Equal(ticket, loaded);
        Assert.Equal(old, CustomerServiceJson.Serialize(loaded));
        Assert.Empty(loaded.Facts);
        Assert.Empty(loaded.Sla!.Reselections);
    }

    [Fact]
    public async Task Serialize_TicketWithFactsAndReselections_RoundTrips()
    {
        var service = Service();
        await service.OpenAsync(Id, ContactChannel.Email, TicketCategory.Repair, TicketPriority.Normal, "desk");
        _clock.AdvanceMinutes(5);
        var ticket = await service.ExecuteAsync(Id, Facts(("Vip", "true")), "agent-1");

        Assert.Equal(ticket, CustomerServiceJson.Deserialize<Ticket>(CustomerServiceJson.Serialize(ticket)));
        Assert.NotEmpty(ticket.Sla!.Reselections);
    }

    [Fact]
    public async Task UpdateFacts_StoredPolicyGoneFromTheCatalog_LeavesTheClocksAsStored()
    {
        var opened = await Service().OpenAsync(Id, ContactChannel.Email, TicketCategory.Repair, TicketPriority.Normal, "desk");
        var withoutStandard = new SlaCatalog([], [Premium, Basic], "Premium", ticketRules: Rules);
        _clock.AdvanceMinutes(10);

        var ticket = await Service(withoutStandard).ExecuteAsync(Id, Facts(("Vip", "true")), "agent-1");

        Assert.Equal(opened.Sla, ticket.Sla);
        Assert.Equal([new TicketFact("Vip", "true")], ticket.Facts);
    }
}
