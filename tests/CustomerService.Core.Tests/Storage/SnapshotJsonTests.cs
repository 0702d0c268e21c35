using System.Text.Json;
using System.Text.Json.Serialization;
using CustomerService.Core.Callbacks;
using CustomerService.Core.Complaints;
using CustomerService.Core.Tests.Callbacks;
using CustomerService.Core.Tests.Complaints;
using CustomerService.Core.Tests.Tickets;
using CustomerService.Core.Tickets;
using NodaTime;
using NodaTime.Text;
using CustomerService.Core.Sla;

namespace CustomerService.Core.Tests.Storage;

/// <summary>
/// Snapshots are plain records: a storage adapter can keep them as JSON. NodaTime's instants need a converter
/// (hosts use NodaTime.Serialization.SystemTextJson; this small one keeps the test self-contained).
/// </summary>
public sealed class SnapshotJsonTests
{
    private static readonly JsonSerializerOptions Options = new()
    {
        Converters = { new InstantIsoConverter(), new JsonStringEnumConverter() },
    };

    [Fact]
    public void Ticket_RoundTripThroughJson_KeepsEveryFieldAndTheHistory()
    {
        var lifecycle = new TicketLifecycle(new TicketOptions());
        var t0 = TicketArbitraries.Start;
        var ticket = TicketArbitraries.NewTicket();
        ticket = lifecycle.Apply(ticket, new TicketCommand.Assign("agent-1"), "agent-1", t0);
        ticket = lifecycle.Apply(ticket, new TicketCommand.AgentReply(), "agent-1", t0 + Duration.FromMinutes(2));
        ticket = lifecycle.Apply(ticket, new TicketCommand.Escalate("vip"), "agent-1", t0 + Duration.FromMinutes(3));
        ticket = lifecycle.Apply(ticket, new TicketCommand.Dispatch("billing", Duration.FromHours(8)), "agent-1", t0 + Duration.FromMinutes(4));

        var copy = RoundTrip(ticket);

        Assert.Equal(ticket with { History = [] }, copy with { History = [] });
        Assert.Equal(ticket.History, copy.History);
        Assert.Equal(new TicketHold(TicketHoldKind.Department, "billing", t0 + Duration.FromMinutes(4) + Duration.FromHours(8)), copy.Hold);
        Assert.Equal(4, copy.Version);
        Assert.Contains("\"OnHold\"", JsonSerializer.Serialize(ticket, Options), StringComparison.Ordinal);

        // A loaded snapshot keeps working with the lifecycle.
        var returned = lifecycle.Apply(copy, new TicketCommand.ReturnFromHold(), "billing", t0 + Duration.FromHours(1));
        Assert.Equal((TicketState.Open, 5), (returned.State, returned.History.Count));
    }

    [Fact]
    public async Task Ticket_WithSlaClocks_RoundTripsThroughJsonAndKeepsEvaluatingTheSame()
    {
        var policy = TicketSlaTests.DeskPolicy();
        var clock = new NodaTime.Testing.FakeClock(TicketArbitraries.Start);
        var service = new TicketService(new CustomerService.Core.Storage.InMemoryTicketStore(), new TicketLifecycle(new TicketOptions()), clock, sla: new SlaCatalog([], [policy], policy.Name));
        var id = new TicketId("T-9");
        await service.OpenAsync(id, ContactChannel.Chat, TicketCategory.Inquiry, TicketPriority.High, "chat");
        await service.ExecuteAsync(id, new TicketCommand.Assign("agent-1"), "agent-1");
        clock.AdvanceMinutes(20);
        await service.ExecuteAsync(id, new TicketCommand.WaitOnCustomer(), "agent-1");
        clock.AdvanceHours(2);
        var ticket = await service.ExecuteAsync(id, new TicketCommand.CustomerReply(), "customer");

        var copy = RoundTrip(ticket);

        Assert.Equal(JsonSerializer.Serialize(ticket, Options), JsonSerializer.Serialize(copy, Options));
        Assert.Equal(ticket.Sla!.Clocks.Select(c => c.Events.ToArray()), copy.Sla!.Clocks.Select(c => c.Events.ToArray()));
        var later = clock.GetCurrentInstant() + Duration.FromHours(5);
        Assert.Equal(
            ticket.Sla.CreateClocks(policy).Select(c => (c.Metric, c.Evaluate(later).State, c.Evaluate(later).Elapsed, c.Evaluate(later).DueAt)),
            copy.Sla.CreateClocks(policy).Select(c => (c.Metric, c.Evaluate(later).State, c.Evaluate(later).Elapsed, c.Evaluate(later).DueAt)));
        Assert.Contains("\"PendingOnCustomer\"", JsonSerializer.Serialize(ticket, Options), StringComparison.Ordinal);

        // A loaded snapshot keeps driving its clocks through the service's next transition.
        var store = new CustomerService.Core.Storage.InMemoryTicketStore();
        await store.SaveAsync(copy, null);
        var reloaded = new TicketService(store, new TicketLifecycle(new TicketOptions()), clock, sla: new SlaCatalog([], [policy], policy.Name));
        var replied = await reloaded.ExecuteAsync(id, new TicketCommand.AgentReply(), "agent-1");
        Assert.Equal(SlaClockState.Met, replied.Sla!.CreateClocks(policy).Single(c => c.Metric == SlaMetric.FirstResponse).Evaluate(clock.GetCurrentInstant()).State);
    }

    [Fact]
    public void Complaint_RoundTripThroughJson_KeepsAssessmentRemedyAndHistory()
    {
        var lifecycle = new ComplaintLifecycle();
        var t0 = ComplaintArbitraries.Start;
        var complaint = Complaint.Create(new ComplaintId("C-7"), ContactChannel.WeChat, t0, new TicketId("T-7"));
        complaint = lifecycle.Apply(complaint, new ComplaintCommand.Acknowledge(t0 + Duration.FromDays(7)), "a", t0);
        complaint = lifecycle.Apply(complaint, new ComplaintCommand.Investigate(), "a", t0);
        complaint = lifecycle.Apply(complaint, new ComplaintCommand.Assess(ComplaintArbitraries.Assessment), "a", t0);
        complaint = lifecycle.Apply(complaint, new ComplaintCommand.ProposeRemedy(new ComplaintRemedy(RemedyKind.Refund, 88.50m, "CNY")), "a", t0);

        var copy = RoundTrip(complaint);

        Assert.Equal(complaint with { History = [] }, copy with { History = [] });
        Assert.Equal(complaint.History, copy.History);
        Assert.Equal(88.50m, copy.Remedy!.Value.Amount);
    }

    [Fact]
    public void Callback_RoundTripThroughJson_KeepsScheduleAndAttempts()
    {
        var lifecycle = new CallbackLifecycle(CallbackArbitraries.Policy, DateTimeZoneProviders.Tzdb);
        var t0 = CallbackArbitraries.Start;
        var callback = CallbackArbitraries.NewCallback() with { TicketId = new TicketId("T-1") };
        callback = lifecycle.Apply(callback, new CallbackCommand.Schedule(t0, t0 + Duration.FromHours(2)), "a", t0);
        callback = lifecycle.Apply(callback, new CallbackCommand.BecomeDue(), "a", t0);
        callback = lifecycle.Apply(callback, new CallbackCommand.StartAttempt(), "a", t0);
        callback = lifecycle.Apply(callback, new CallbackCommand.NoAnswer(), "a", t0);

        var copy = RoundTrip(callback);

        Assert.Equal(callback with { History = [] }, copy with { History = [] });
        Assert.Equal(callback.History, copy.History);
        Assert.Equal(1, copy.AttemptCount);
        Assert.Equal("Asia/Shanghai", copy.ContactTimeZoneId);
    }

    private static T RoundTrip<T>(T value)
    {
        var json = JsonSerializer.Serialize(value, Options);
        return JsonSerializer.Deserialize<T>(json, Options) ?? throw new InvalidOperationException("null after round trip");
    }

    /// <summary>Writes instants as extended ISO-8601 text (<c>2026-03-02T01:00:00Z</c>).</summary>
    private sealed class InstantIsoConverter : JsonConverter<Instant>
    {
        public override Instant Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            InstantPattern.ExtendedIso.Parse(reader.GetString()!).GetValueOrThrow();

        public override void Write(Utf8JsonWriter writer, Instant value, JsonSerializerOptions options) =>
            writer.WriteStringValue(InstantPattern.ExtendedIso.Format(value));
    }
}
