using System.Text;
using CustomerService.Core.DependencyInjection;
using CustomerService.Core.Sla;
using CustomerService.Core.Tickets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NodaTime.Testing;

namespace CustomerService.Core.Tests.DependencyInjection;

/// <summary>Ticket selection rules bound from <c>CustomerServiceCore:Sla</c>, validated at start-up.</summary>
public sealed class SlaSelectionOptionsTests
{
    private const string Policies = """
        "Calendars": { "Shanghai": { "TimeZone": "Asia/Shanghai", "Weekdays": [ "09:00-18:00" ] } },
        "SlaPolicies": {
          "Standard": { "Calendar": "Shanghai", "Metrics": { "FirstResponse": { "Targets": { "Urgent": "1h", "Default": "8h" } } } },
          "Premium": { "Calendar": "Shanghai", "Metrics": { "FirstResponse": { "Targets": { "Default": "30m" } } } }
        },
        """;

    private static ServiceProvider Provider(string sla)
    {
        var json = "{ \"CustomerServiceCore\": { " + Policies + " \"Sla\": " + sla + " } }";
        var configuration = new ConfigurationBuilder().AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(json))).Build();
        var services = new ServiceCollection();
        services.AddSingleton<NodaTime.IClock>(new FakeClock(Sla.SlaTestData.Sh(2026, 3, 2, 9)));
        services.AddOptions<CustomerServiceCoreOptions>().Bind(configuration.GetSection(CustomerServiceCoreOptions.SectionName));
        return services.AddCustomerServiceCore().Services.BuildServiceProvider();
    }

    [Fact]
    public async Task AddCustomerServiceCore_TicketRulesFromJson_SelectFirstMatchAndFallBack()
    {
        using var provider = Provider("""
            { "TicketPolicy": "Standard",
              "TicketFacts": [ { "Name": "Segment", "Kind": "Enum", "Values": [ "Gold", "Silver" ] } ],
              "TicketRules": [
                { "Name": "gold", "Policy": "Premium", "Conditions": [ { "Fact": "Segment", "Operator": "In", "Values": [ "Gold" ] } ] },
                { "Name": "chat", "Policy": "Standard", "Conditions": [ { "Fact": "Channel", "Operator": "In", "Values": [ "Chat" ] } ] } ] }
            """);
        provider.ValidateCustomerServiceCoreOptions();
        var service = provider.GetRequiredService<ITicketService>();

        await service.OpenAsync(new TicketId("T-1"), ContactChannel.Chat, TicketCategory.Repair, TicketPriority.Normal, "desk");
        var gold = await service.ExecuteAsync(new TicketId("T-1"), new TicketCommand.UpdateFacts { Facts = [new("Segment", "Gold")] }, "agent");

        Assert.Equal(("Premium", "gold"), (gold.Sla!.PolicyName, gold.Sla.SelectedBy));
        Assert.Equal(["gold", "chat"], provider.GetRequiredService<SlaCatalog>().TicketRules!.Rules.Select(r => r.Name));
        var plain = await service.OpenAsync(new TicketId("T-2"), ContactChannel.Email, TicketCategory.Repair, TicketPriority.Normal, "desk");
        Assert.Equal(("Standard", null), (plain.Sla!.PolicyName, plain.Sla.SelectedBy));
    }

    [Fact]
    public void ValidateCustomerServiceCoreOptions_BadRules_ReportsEveryProblemWithItsKey()
    {
        using var provider = Provider("""
            { "TicketPolicy": "Standard",
              "TicketFacts": [ { "Name": "Since", "Kind": "Date" }, { "Name": "Priority", "Kind": "Flag" } ],
              "TicketRules": [
                { "Name": "typo", "Policy": "Premum" },
                { "Name": "unknown-fact", "Policy": "Premium", "Conditions": [ { "Fact": "Region", "Operator": "In", "Values": [ "North" ] } ] },
                { "Name": "wrong-type", "Policy": "Premium", "Conditions": [ { "Fact": "Tier", "Operator": "In", "Values": [ "3" ] } ] },
                { "Name": "bad-value", "Policy": "Premium", "Conditions": [ { "Fact": "Priority", "Operator": "In", "Values": [ "Urgnet" ] } ] },
                { "Name": "dated", "Policy": "Premium", "Conditions": [ { "Fact": "Tier", "Operator": "DateBefore", "Offset": "P1D" } ] },
                { "Name": "typo", "Policy": "" } ] }
            """);

        var error = Assert.Throws<OptionsValidationException>(provider.ValidateCustomerServiceCoreOptions);

        const string Prefix = "CustomerServiceCore:Sla:";
        Assert.Contains(error.Failures, f => f.StartsWith(Prefix + "TicketFacts:0:Kind", StringComparison.Ordinal) && f.Contains("Since", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.StartsWith(Prefix + "TicketFacts:1", StringComparison.Ordinal) && f.Contains("Priority", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.StartsWith(Prefix + "TicketRules:0:Policy", StringComparison.Ordinal) && f.Contains("did you mean 'Premium'", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.StartsWith(Prefix + "TicketRules:5:Name", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.StartsWith(Prefix + "TicketRules:5:Policy", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.StartsWith(Prefix + "TicketRules:4:Conditions:0:Operator", StringComparison.Ordinal));
    }

    [Fact]
    public void ValidateCustomerServiceCoreOptions_UnknownFactIncompatibleTypeOrValue_NamesTheConditionKey()
    {
        using var provider = Provider("""
            { "TicketPolicy": "Standard",
              "TicketRules": [
                { "Name": "unknown-fact", "Policy": "Premium", "Conditions": [ { "Fact": "Region", "Operator": "In", "Values": [ "North" ] } ] },
                { "Name": "wrong-type", "Policy": "Premium", "Conditions": [ { "Fact": "Tier", "Operator": "In", "Values": [ "3" ] } ] },
                { "Name": "bad-value", "Policy": "Premium", "Conditions": [ { "Fact": "Priority", "Operator": "In", "Values": [ "Urgnet" ] } ] } ] }
            """);

        var error = Assert.Throws<OptionsValidationException>(provider.ValidateCustomerServiceCoreOptions);

        const string Prefix = "CustomerServiceCore:Sla:TicketRules:";
        Assert.Contains(error.Failures, f => f.StartsWith(Prefix + "0:Conditions:0:Fact", StringComparison.Ordinal) && f.Contains("'Region'", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.StartsWith(Prefix + "1:Conditions:0:Fact", StringComparison.Ordinal) && f.Contains("Count fact", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.StartsWith(Prefix + "2:Conditions:0:Fact", StringComparison.Ordinal) && f.Contains("'Urgnet'", StringComparison.Ordinal));
        Assert.Equal(3, error.Failures.Count());
    }

    [Fact]
    public async Task WorkedExample_InSlaDocs_UpgradeToUrgentMidway_HappensAsDocumented()
    {
        var json = RepositoryFiles.CodeBlocks(RepositoryFiles.Read("docs", "sla.md"), "json").Single(b => b.Contains("TicketRules", StringComparison.Ordinal));
        var configuration = new ConfigurationBuilder().AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(json))).Build();
        var clock = new FakeClock(Sla.SlaTestData.Sh(2026, 3, 2, 9));
        var services = new ServiceCollection().AddSingleton<NodaTime.IClock>(clock);
        services.AddOptions<CustomerServiceCoreOptions>().Bind(configuration.GetSection(CustomerServiceCoreOptions.SectionName));
        using var provider = services.AddCustomerServiceCore().Services.BuildServiceProvider();
        provider.ValidateCustomerServiceCoreOptions();
        var service = provider.GetRequiredService<ITicketService>();
        var catalog = provider.GetRequiredService<SlaCatalog>();
        var id = new TicketId("T-1");

        var opened = await service.OpenAsync(id, ContactChannel.Email, TicketCategory.Repair, TicketPriority.Normal, "desk");
        Assert.Equal(Sla.SlaTestData.Sh(2026, 3, 2, 14), opened.Sla!.NextChangeAt);
        clock.Reset(Sla.SlaTestData.Sh(2026, 3, 2, 13, 30));
        var ticket = await service.ExecuteAsync(id, new TicketCommand.UpdateFacts { Priority = TicketPriority.Urgent }, "agent-1");

        var now = clock.GetCurrentInstant();
        var clocks = ticket.Sla!.CreateClocks(catalog.Policies["Standard"]);
        var first = clocks.Single(c => c.Metric == SlaMetric.FirstResponse).Evaluate(now);
        var resolution = clocks.Single(c => c.Metric == SlaMetric.Resolution).Evaluate(now);
        Assert.Equal(NodaTime.Duration.FromMinutes(210), first.Elapsed);
        Assert.Equal(Sla.SlaTestData.Sh(2026, 3, 2, 11), first.BreachedAt);
        Assert.Equal(Sla.SlaTestData.Sh(2026, 3, 2, 18), resolution.DueAt);
        Assert.Equal(Sla.SlaTestData.Sh(2026, 3, 2, 14), ticket.Sla.NextChangeAt);
        Assert.Equal(new SlaReselection(now, "Standard", "Normal", "Standard", "Urgent", null), Assert.Single(ticket.Sla.Reselections));

        var sink = new RecordingEventSink();
        await new Storage.OutboxDispatcher(provider.GetRequiredService<Storage.IOutboxStore>(), [sink]).DispatchAsync(now);
        var milestones = sink.Events.OfType<SlaMilestoneReached>().ToList();
        Assert.Equal(
            [Sla.SlaTestData.Sh(2026, 3, 2, 10), Sla.SlaTestData.Sh(2026, 3, 2, 10, 30), Sla.SlaTestData.Sh(2026, 3, 2, 10, 48), Sla.SlaTestData.Sh(2026, 3, 2, 11)],
            milestones.Select(m => m.ReachedAt));
        Assert.All(milestones, m => Assert.Equal(SlaMetric.FirstResponse, m.Metric));
        Assert.Single(sink.Events.OfType<SlaPolicyReselected>());

        // Gold: the rule gold-urgent moves the ticket to Premium (30 minutes of wall time for the first response).
        var gold = await service.ExecuteAsync(id, new TicketCommand.UpdateFacts { Facts = [new("Segment", "Gold")] }, "agent-1");
        var premium = gold.Sla!.CreateClocks(catalog.Policies["Premium"]);
        Assert.Equal(("Premium", "gold-urgent"), (gold.Sla.PolicyName, gold.Sla.SelectedBy));
        Assert.Equal(Sla.SlaTestData.Sh(2026, 3, 2, 9, 30), premium.Single(c => c.Metric == SlaMetric.FirstResponse).Evaluate(now).BreachedAt);
        Assert.Equal(Sla.SlaTestData.Sh(2026, 3, 2, 18), premium.Single(c => c.Metric == SlaMetric.Resolution).Evaluate(now).DueAt);

        // Answered at 11:30, within the 8 hours it was then under: the upgrade leaves the first response met.
        var answered = new TicketId("T-2");
        clock.Reset(Sla.SlaTestData.Sh(2026, 3, 2, 9));
        await service.OpenAsync(answered, ContactChannel.Email, TicketCategory.Repair, TicketPriority.Normal, "desk");
        await service.ExecuteAsync(answered, new TicketCommand.Assign("agent-1"), "agent-1");
        clock.Reset(Sla.SlaTestData.Sh(2026, 3, 2, 11, 30));
        await service.ExecuteAsync(answered, new TicketCommand.AgentReply(), "agent-1");
        clock.Reset(Sla.SlaTestData.Sh(2026, 3, 2, 13, 30));
        var upgraded = await service.ExecuteAsync(answered, new TicketCommand.UpdateFacts { Priority = TicketPriority.Urgent }, "agent-1");

        Assert.Equal([new SlaClockJudgement(1, "Standard", "Normal")], upgraded.Sla!.Find(SlaMetric.FirstResponse)!.Judgements);
        var kept = upgraded.Sla.CreateClocks(catalog).Single(c => c.Metric == SlaMetric.FirstResponse).Evaluate(now);
        Assert.Equal((SlaClockState.Met, (NodaTime.Instant?)null, NodaTime.Duration.FromMinutes(150)), (kept.State, kept.BreachedAt, kept.Elapsed));
        var outcome = Assert.Single(upgraded.Sla.CompletedCycles(catalog));
        Assert.Equal((true, SlaPriority.Normal, Sla.SlaTestData.Sh(2026, 3, 2, 18)), (outcome.IsMet, outcome.Priority, outcome.DueAt));
        Assert.Equal(Sla.SlaTestData.Sh(2026, 3, 2, 18), upgraded.Sla.CreateClocks(catalog).Single(c => c.Metric == SlaMetric.Resolution).Evaluate(now).DueAt);

        var later = new RecordingEventSink();
        await new Storage.OutboxDispatcher(provider.GetRequiredService<Storage.IOutboxStore>(), [later]).DispatchAsync(now);
        Assert.DoesNotContain(later.Events.OfType<SlaMilestoneReached>(), m => m.EntityId == "T-2");
        Assert.Single(later.Events.OfType<SlaPolicyReselected>(), r => r.EntityId == "T-2");
    }
}
