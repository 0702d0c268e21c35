using System.Text.Json.Nodes;
using CustomerService.Core.Serialization;
using CustomerService.Core.Sla;
using CustomerService.Core.Storage;
using CustomerService.Core.Tests.Sla;
using CustomerService.Core.Tickets;
using Microsoft.Extensions.Options;
using NodaTime;
using NodaTime.Testing;

namespace CustomerService.Core.Tests.Tickets;

/// <summary>Issue 17, item 7: a policy escalates a ticket on a warning or a breach, through the lifecycle and the outbox, at most once per cycle.</summary>
public sealed class TicketSlaEscalationTests
{
    private const string Key = "T-1:FirstResponse#1#Breach";
    private static readonly Instant T0 = SlaTestData.Sh(2026, 3, 2, 9); // a Monday, 09:00 in Shanghai
    private readonly FakeClock _clock = new(T0);
    private readonly InMemoryStorage _storage = new();
    private IEntityStore<Ticket> Store => _storage.GetStore<Ticket>(TicketService.EntityKind);

    /// <summary>Calendar-time targets: urgent first response 1 h, next response 2 h; escalations on their breaches.</summary>
    private static SlaPolicy Policy(SlaEscalationActions actions = SlaEscalationActions.TierUp | SlaEscalationActions.Reassign | SlaEscalationActions.Notify) =>
        SlaPolicy.CreateBuilder("Desk", SlaTestData.ShanghaiDesk, "v1")
            .DefaultTarget(SlaMetric.FirstResponse, Duration.FromHours(1), SlaTimeBasis.CalendarTime)
            .DefaultTarget(SlaMetric.NextResponse, Duration.FromHours(2), SlaTimeBasis.CalendarTime)
            .DefaultTarget(SlaMetric.Resolution, Duration.FromHours(24), SlaTimeBasis.CalendarTime)
            .EscalateOnBreach(SlaMetric.FirstResponse, actions, (actions & SlaEscalationActions.Reassign) != 0 ? "tier-2" : null)
            .EscalateOnBreach(SlaMetric.NextResponse, SlaEscalationActions.Notify)
            .Build();

    private TicketService Service(SlaPolicy policy, IEntityStore<Ticket>? store = null) =>
        new(store ?? Store, new TicketLifecycle(new TicketOptions()), _clock, new SlaCatalog([], [policy], policy.Name));

    private async Task<IReadOnlyList<SlaEscalated>> Escalations() =>
        [.. (await _storage.ListDeliverableAsync(_clock.GetCurrentInstant(), 1000)).Select(m => m.Event).OfType<SlaEscalated>()];

    private async Task OpenAssigned(TicketService service)
    {
        await service.OpenAsync(new TicketId("T-1"), ContactChannel.Phone, TicketCategory.Repair, TicketPriority.Normal, "desk");
        await service.ExecuteAsync(new TicketId("T-1"), new TicketCommand.Assign("agent-1"), "agent-1");
    }

    [Fact]
    public async Task ProcessDueAsync_Breach_TiersUpReassignsAndNotifies_InTheHistoryAndTheOutbox()
    {
        var service = Service(Policy());
        await OpenAssigned(service);
        _clock.AdvanceMinutes(61);

        var report = await service.ProcessDueAsync(_clock.GetCurrentInstant());

        var ticket = (await Store.GetAsync("T-1"))!;
        Assert.Single(report.Changed);
        Assert.Equal(2, ticket.Tier);
        Assert.Equal("tier-2", ticket.AssigneeId);
        Assert.Equal([Key], ticket.Sla!.Escalations);
        var escalations = ticket.History.Where(h => h.Actor == TicketSlaEscalation.Actor).ToList();
        Assert.Equal([TicketTrigger.Escalate, TicketTrigger.Reassign], escalations.Select(h => h.Trigger));
        Assert.All(escalations, h => Assert.Equal("sla:" + Key, h.Reason));
        Assert.All(escalations, h => Assert.Equal(T0 + Duration.FromMinutes(61), h.At));

        var escalated = Assert.Single(await Escalations());
        Assert.Equal(("T-1", "T-1:FirstResponse", SlaMetric.FirstResponse, 1, "Breach"), (escalated.EntityId, escalated.ClockId, escalated.Metric, escalated.Cycle, escalated.Milestone));
        Assert.Equal(T0 + Duration.FromHours(1), escalated.ReachedAt);
        Assert.Equal(escalated.Actions, escalated.Applied);
        Assert.Equal("tier-2", escalated.Queue);
        var events = (await _storage.ListDeliverableAsync(_clock.GetCurrentInstant(), 1000)).Select(m => m.Event).ToList();
        Assert.Contains(events, e => e is SlaMilestoneReached { IsBreach: true });
        Assert.Equal(2, events.OfType<TicketTransitioned>().Count(e => e.Transition.Actor == TicketSlaEscalation.Actor));

        // Later checks never escalate the same cycle again.
        _clock.AdvanceHours(5);
        await service.ProcessDueAsync(_clock.GetCurrentInstant());
        await service.ProcessDueAsync(_clock.GetCurrentInstant());
        Assert.Single(await Escalations());
        Assert.Equal(2, (await Store.GetAsync("T-1"))!.Tier);
    }

    [Fact]
    public async Task ProcessDueAsync_EightEvaluatorsAtOnce_EscalateOnce()
    {
        var policy = Policy();
        await OpenAssigned(Service(policy));
        _clock.AdvanceMinutes(61);
        var before = (await Store.FindAsync("T-1"))!;

        // All eight list and load the ticket at the same token before any saves; the store lets one win.
        using var gated = new LoadBarrierStore(Store, participants: 8);
        var services = Enumerable.Range(0, 8).Select(_ => Service(policy, gated)).ToArray();
        var reports = await Task.WhenAll(services.Select(s => Task.Run(() => s.ProcessDueAsync(_clock.GetCurrentInstant()))));

        Assert.Equal(1, reports.Sum(r => r.Changed.Count));
        Assert.All(reports, r => Assert.Empty(r.Failures));
        Assert.Single(await Escalations());
        var after = (await Store.FindAsync("T-1"))!;
        Assert.Equal(before.Token.Next(), after.Token);
        Assert.Equal(2, after.Entity.Tier);
        Assert.Equal(2, after.Entity.History.Count(h => h.Actor == TicketSlaEscalation.Actor));
    }

    [Fact]
    public async Task ProcessDueAsync_PerReplyMetric_EscalatesOncePerCycle()
    {
        var service = Service(Policy());
        await OpenAssigned(service);
        await service.ExecuteAsync(new TicketId("T-1"), new TicketCommand.AgentReply(), "agent-1");   // first response met
        await service.ExecuteAsync(new TicketId("T-1"), new TicketCommand.CustomerReply(), "customer"); // next response cycle 1
        _clock.AdvanceHours(3);
        await service.ProcessDueAsync(_clock.GetCurrentInstant());
        await service.ExecuteAsync(new TicketId("T-1"), new TicketCommand.AgentReply(), "agent-1");
        await service.ExecuteAsync(new TicketId("T-1"), new TicketCommand.CustomerReply(), "customer"); // cycle 2
        _clock.AdvanceHours(3);
        await service.ProcessDueAsync(_clock.GetCurrentInstant());
        _clock.AdvanceHours(3);
        await service.ProcessDueAsync(_clock.GetCurrentInstant());

        var escalations = await Escalations();
        Assert.Equal([1, 2], escalations.Select(e => e.Cycle));
        Assert.All(escalations, e => Assert.Equal(SlaEscalationActions.Notify, e.Applied));
        Assert.Equal(1, (await Store.GetAsync("T-1"))!.Tier); // a notify-only rule changes no state
        Assert.Equal(["T-1:NextResponse#1#Breach", "T-1:NextResponse#2#Breach"], (await Store.GetAsync("T-1"))!.Sla!.Escalations);
    }

    [Fact]
    public async Task ProcessDueAsync_BreachFirstSeenByACommand_StillEscalates()
    {
        var service = Service(Policy());
        await OpenAssigned(service);
        _clock.AdvanceMinutes(70);

        // A customer message observes the breach before any due-work run; the escalation is due at once.
        await service.ExecuteAsync(new TicketId("T-1"), new TicketCommand.CustomerReply(), "customer");
        Assert.Equal(_clock.GetCurrentInstant(), (await Store.FindAsync("T-1"))!.NextDueAt);
        _clock.AdvanceMinutes(1);
        await service.ProcessDueAsync(_clock.GetCurrentInstant());

        Assert.Single(await Escalations());
        Assert.Equal(2, (await Store.GetAsync("T-1"))!.Tier);
    }

    [Fact]
    public async Task ProcessDueAsync_AtTheTopTier_NotifiesWithoutTheTierUp()
    {
        var service = Service(Policy(SlaEscalationActions.TierUp | SlaEscalationActions.Notify));
        await OpenAssigned(service);
        await service.ExecuteAsync(new TicketId("T-1"), new TicketCommand.Escalate("manual"), "agent-1");
        await service.ExecuteAsync(new TicketId("T-1"), new TicketCommand.Escalate("manual"), "agent-1");
        _clock.AdvanceMinutes(61);

        await service.ProcessDueAsync(_clock.GetCurrentInstant());

        var escalated = Assert.Single(await Escalations());
        Assert.Equal(SlaEscalationActions.Notify, escalated.Applied);
        Assert.Equal(3, (await Store.GetAsync("T-1"))!.Tier);
    }

    [Fact]
    public async Task ProcessDueAsync_WarningsAtNight_AreDeliveredAtTheNextOpening_TheBreachAtOnce()
    {
        // First response 4 h of calendar time from Monday 17:00: warnings at 19:00, 20:00 and 20:36 (closed), breach at 21:00.
        var policy = SlaPolicy.CreateBuilder("Night", SlaTestData.ShanghaiDesk, "v1")
            .DefaultTarget(SlaMetric.FirstResponse, Duration.FromHours(4), SlaTimeBasis.CalendarTime)
            .DeliverWarningsAtNextOpening()
            .Build();
        var service = Service(policy);
        _clock.Reset(SlaTestData.Sh(2026, 3, 2, 17));
        await OpenAssigned(service);
        Assert.Equal(SlaTestData.Sh(2026, 3, 2, 21), (await Store.FindAsync("T-1"))!.NextDueAt); // no wake-up for a warning at night

        _clock.Reset(SlaTestData.Sh(2026, 3, 2, 21, 30));
        await service.ProcessDueAsync(_clock.GetCurrentInstant());
        var milestones = (await _storage.ListDeliverableAsync(_clock.GetCurrentInstant(), 100)).Select(m => m.Event).OfType<SlaMilestoneReached>().ToList();
        Assert.Equal([true], milestones.Select(m => m.IsBreach));
        Assert.Equal(SlaTestData.Sh(2026, 3, 3, 9), (await Store.FindAsync("T-1"))!.NextDueAt);

        _clock.Reset(SlaTestData.Sh(2026, 3, 3, 9, 5));
        await service.ProcessDueAsync(_clock.GetCurrentInstant());
        await service.ProcessDueAsync(_clock.GetCurrentInstant());
        milestones = [.. (await _storage.ListDeliverableAsync(_clock.GetCurrentInstant(), 100)).Select(m => m.Event).OfType<SlaMilestoneReached>()];
        Assert.Equal([1.0, 0.5, 0.75, 0.9], milestones.Select(m => m.Fraction));
        Assert.Equal(SlaTestData.Sh(2026, 3, 2, 19), milestones[1].ReachedAt);
        Assert.Null((await Store.FindAsync("T-1"))!.NextDueAt);
    }

    [Fact]
    public async Task Ticket_StoredBeforeEscalations_LoadsWithNone()
    {
        var service = Service(Policy());
        await OpenAssigned(service);
        var stored = (await Store.GetAsync("T-1"))!;
        Assert.DoesNotContain("Escalations", CustomerServiceJson.Serialize(stored), StringComparison.Ordinal); // unused: stored as before
        var ticket = stored with { Sla = stored.Sla! with { Escalations = [Key] } };
        var json = JsonNode.Parse(CustomerServiceJson.Serialize(ticket))!;
        Assert.NotNull(json["data"]!["Sla"]!["Escalations"]);
        json["data"]!["Sla"]!.AsObject().Remove("Escalations");

        var loaded = CustomerServiceJson.Deserialize<Ticket>(json.ToJsonString());

        Assert.Empty(loaded.Sla!.Escalations);
        Assert.Equal(stored, loaded);
        Assert.Equal(ticket, CustomerServiceJson.Deserialize<Ticket>(CustomerServiceJson.Serialize(ticket)));

        // An SLA event written before warnings before due existed loads too.
        var milestone = new SlaMilestoneReached("Ticket", "T-1", "T-1:FirstResponse", SlaMetric.FirstResponse, "Normal", 0.5, false, T0) { Id = "Ticket/T-1/3/0" };
        var eventJson = JsonNode.Parse(CustomerServiceJson.Serialize<CustomerServiceEvent>(milestone))!;
        eventJson.AsObject().Remove("BeforeDue");
        Assert.Equal(milestone, CustomerServiceJson.Deserialize<CustomerServiceEvent>(eventJson.ToJsonString()));
    }

    [Fact]
    public void Builder_EscalationOnAWarningThePolicyDoesNotHave_FailsAtBuild_NamingEscalations()
    {
        var builder = SlaPolicy.CreateBuilder("Desk", SlaTestData.ShanghaiDesk, "v1")
            .DefaultTarget(SlaMetric.FirstResponse, Duration.FromHours(1))
            .EscalateOnWarning(SlaMetric.FirstResponse, 0.8, SlaEscalationActions.Notify);

        var error = Assert.Throws<ArgumentException>(() => builder.Build());
        Assert.Equal("escalations", error.ParamName);
        Assert.Contains("0.8", error.Message, StringComparison.Ordinal);

        Assert.Equal("queue", Assert.Throws<ArgumentException>(() => SlaPolicy.CreateBuilder("D", SlaTestData.ShanghaiDesk, "v1")
            .EscalateOnBreach(SlaMetric.Resolution, SlaEscalationActions.Reassign)).ParamName);
        Assert.Equal("actions", Assert.Throws<ArgumentException>(() => SlaPolicy.CreateBuilder("D", SlaTestData.ShanghaiDesk, "v1")
            .EscalateOnBreach(SlaMetric.Resolution, SlaEscalationActions.None)).ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => SlaPolicy.CreateBuilder("D", SlaTestData.ShanghaiDesk, "v1")
            .EscalateBeforeDue(SlaMetric.Resolution, Duration.Zero, SlaEscalationActions.Notify));
    }

    [Fact]
    public void Options_BindEscalations()
    {
        var options = new SlaPolicyOptions { Name = "Desk", Calendar = "Shanghai desk", WarningsBeforeDue = ["30m"] };
        var metric = new SlaMetricOptions();
        metric.Targets["Default"] = "2h";
        options.Metrics["FirstResponse"] = metric;
        var breach = new SlaEscalationOptions { Metric = "FirstResponse", On = "Breach", Queue = "tier-2" };
        breach.Actions.Add("TierUp");
        breach.Actions.Add("Reassign");
        var warning = new SlaEscalationOptions { Metric = "FirstResponse", On = "30m" };
        warning.Actions.Add("Notify");
        options.Escalations.Add(breach);
        options.Escalations.Add(warning);

        var policy = SlaPolicy.FromOptions(options, _ => SlaTestData.ShanghaiDesk);

        Assert.Equal(["Breach", "PT30M"], policy.Escalations.Select(e => e.Milestone));
        Assert.Equal(SlaEscalationActions.TierUp | SlaEscalationActions.Reassign, policy.Escalations[0].Actions);
    }

    [Theory]
    [InlineData("Resolutoin", "Breach", "Notify", null, "Escalations:0:Metric")]
    [InlineData("FirstResponse", "0.8", "Notify", null, "Escalations:0:On")]
    [InlineData("FirstResponse", "soon", "Notify", null, "Escalations:0:On")]
    [InlineData("FirstResponse", "Breach", "Page", null, "Escalations:0:Actions:0")]
    [InlineData("FirstResponse", "Breach", "Reassign", null, "Escalations:0:Queue")]
    public void Options_BadEscalation_FailsNamingTheKey(string metricName, string on, string action, string? queue, string key)
    {
        var options = new SlaPolicyOptions { Name = "Desk", Calendar = "Shanghai desk" };
        var metric = new SlaMetricOptions();
        metric.Targets["Default"] = "2h";
        options.Metrics["FirstResponse"] = metric;
        var rule = new SlaEscalationOptions { Metric = metricName, On = on, Queue = queue };
        rule.Actions.Add(action);
        options.Escalations.Add(rule);

        var error = Assert.Throws<OptionsValidationException>(() => SlaPolicy.FromOptions(options, _ => SlaTestData.ShanghaiDesk));

        Assert.Contains(error.Failures, f => f.StartsWith(key + ": ", StringComparison.Ordinal));
    }
}
