using System.Text.Json.Nodes;
using CustomerService.Core.Callbacks;
using CustomerService.Core.Complaints;
using CustomerService.Core.Leads.Studio;
using CustomerService.Core.Serialization;
using CustomerService.Core.Sla;
using CustomerService.Core.Tests.Callbacks;
using CustomerService.Core.Tests.Complaints;
using CustomerService.Core.Tests.Leads.Studio;
using CustomerService.Core.Tests.Sla;
using CustomerService.Core.Tests.Tickets;
using CustomerService.Core.Tickets;
using FsCheck.Xunit;
using NodaTime;
using NodaTime.Calendars;

namespace CustomerService.Core.Tests.Serialization;

public sealed class CustomerServiceJsonTests
{
    private static readonly TicketLifecycle Tickets = new(new TicketOptions());

    /// <summary>A ticket with history, SLA clocks (paused, met, reset cycles), a hold and a clamped transition.</summary>
    internal static async Task<Ticket> BusyTicketAsync()
    {
        var desk = new TestDesk(SlaTestData.Sh(2026, 3, 2, 9), new SlaCatalog([], [TicketSlaTests.DeskPolicy()], "Desk"));
        var id = new TicketId("T-9");
        await desk.Tickets.OpenAsync(id, ContactChannel.Chat, TicketCategory.Inquiry, TicketPriority.High, "chat");
        await desk.Tickets.ExecuteAsync(id, new TicketCommand.Assign("agent-1"), "agent-1");
        desk.Clock.AdvanceMinutes(20);
        await desk.Tickets.ExecuteAsync(id, new TicketCommand.CustomerReply(), "customer");
        await desk.Tickets.ExecuteAsync(id, new TicketCommand.AgentReply(), "agent-1");
        await desk.Tickets.ExecuteAsync(id, new TicketCommand.WaitOnCustomer(), "agent-1");
        desk.Clock.AdvanceHours(2);
        await desk.Tickets.ExecuteAsync(id, new TicketCommand.CustomerReply(), "customer");
        desk.Clock.Advance(Duration.FromNanoseconds(123_456_789));
        await desk.Tickets.ExecuteAsync(id, new TicketCommand.Dispatch("billing", Duration.FromHours(3)), "agent-1");
        desk.Clock.Advance(-Duration.FromMinutes(1)); // a clock behind: clamped, and the request kept
        return await desk.Tickets.ExecuteAsync(id, new TicketCommand.Escalate("vip"), "agent-1");
    }

    [Fact]
    public async Task Ticket_RoundTrip_IsEqualIncludingHistoryClocksAndHold()
    {
        var ticket = await BusyTicketAsync();
        Assert.NotNull(ticket.History[^1].RequestedAt);

        var copy = CustomerServiceJson.Deserialize<Ticket>(CustomerServiceJson.Serialize(ticket));

        Assert.Equal(ticket, copy);
        Assert.Equal(ticket.GetHashCode(), copy.GetHashCode());
        Assert.NotSame(ticket.History, copy.History);
    }

    [Fact]
    public void Complaint_RoundTrip_IsEqual()
    {
        var lifecycle = new ComplaintLifecycle();
        var t0 = ComplaintArbitraries.Start;
        var complaint = Complaint.Create(new ComplaintId("C-7"), new ComplaintOrigin(ContactChannel.WeChat) { TicketId = new TicketId("T-7"), CallbackId = new CallbackId("CB-7") }, t0);
        complaint = lifecycle.Apply(complaint, new ComplaintCommand.Acknowledge(t0 + Duration.FromDays(7)), "a", t0);
        complaint = lifecycle.Apply(complaint, new ComplaintCommand.Investigate(), "a", t0);
        complaint = lifecycle.Apply(complaint, new ComplaintCommand.Assess(ComplaintArbitraries.Assessment), "a", t0);
        complaint = lifecycle.Apply(complaint, new ComplaintCommand.ProposeRemedy(new ComplaintRemedy(RemedyKind.Refund, 88.50m, "CNY")), "a", t0);

        Assert.Equal(complaint, CustomerServiceJson.Deserialize<Complaint>(CustomerServiceJson.Serialize(complaint)));
    }

    [Fact]
    public void Callback_RoundTrip_IsEqual()
    {
        var lifecycle = new CallbackLifecycle(CallbackArbitraries.Policy, DateTimeZoneProviders.Tzdb);
        var t0 = CallbackArbitraries.Start;
        var callback = CallbackArbitraries.NewCallback() with { TicketId = new TicketId("T-1") };
        callback = lifecycle.Apply(callback, new CallbackCommand.Schedule(t0, t0 + Duration.FromHours(2)), "a", t0);
        callback = lifecycle.Apply(callback, new CallbackCommand.BecomeDue(), "dialler", t0);
        callback = lifecycle.Apply(callback, new CallbackCommand.StartAttempt(), "a", t0);
        callback = lifecycle.Apply(callback, new CallbackCommand.NoAnswer(), "a", t0 + Duration.FromMinutes(1));

        Assert.Equal(callback, CustomerServiceJson.Deserialize<Callback>(CustomerServiceJson.Serialize(callback)));
    }

    [Fact]
    public async Task Events_EveryKind_RoundTripEqualThroughTheBaseType()
    {
        var ticket = await BusyTicketAsync();
        var complaint = ComplaintArbitraries.NewComplaint();
        var callback = CallbackArbitraries.NewCallback();
        CustomerServiceEvent[] events =
        [
            new TicketOpened(ticket with { History = [] }, "chat") { Id = "Ticket/T-9/1/0" },
            new TicketTransitioned(ticket with { History = [] }, ticket.History[^1]) { Id = "Ticket/T-9/9/0" },
            new TicketHoldDeadlinePassed(ticket.Id, "billing", ticket.Hold!.Value.Deadline!.Value) { Id = "Ticket/T-9/10/0" },
            new ComplaintReceived(complaint, "desk") { Id = "Complaint/C-1/1/0" },
            new ComplaintTransitioned(complaint, new TransitionRecord<ComplaintState, ComplaintTrigger>("a", complaint.ReceivedAt, ComplaintState.Received, ComplaintState.Acknowledged, ComplaintTrigger.Acknowledge, null)) { Id = "Complaint/C-1/2/0" },
            new ComplaintResponseOverdue(complaint.Id, complaint.ReceivedAt) { Id = "Complaint/C-1/3/0" },
            new CallbackRequested(callback, "desk") { Id = "Callback/CB-1/1/0" },
            new CallbackTransitioned(callback, new TransitionRecord<CallbackState, CallbackTrigger>("a", callback.RequestedAt, CallbackState.Requested, CallbackState.Cancelled, CallbackTrigger.DoNotCall, null) { RequestedAt = callback.RequestedAt - Duration.FromSeconds(1) }) { Id = "Callback/CB-1/2/0" },
            new SlaMilestoneReached("Ticket", "T-9", "T-9:FirstResponse", SlaMetric.FirstResponse, "High", 0.75, false, ticket.CreatedAt) { Id = "Ticket/T-9/3/1" },
        ];

        foreach (var domainEvent in events)
        {
            var json = CustomerServiceJson.Serialize(domainEvent);
            Assert.Contains($"\"$type\":\"{domainEvent.GetType().Name}\"", json, StringComparison.Ordinal);
            Assert.Equal(domainEvent, CustomerServiceJson.Deserialize<CustomerServiceEvent>(json));
        }
    }

    [Fact]
    public void Serialize_Ticket_WritesTheEnvelopeNamesAndExactInstants()
    {
        var ticket = Ticket.Create(new TicketId("T-1"), ContactChannel.Phone, TicketCategory.Repair, TicketPriority.Urgent, Instant.FromUtc(1900, 1, 1, 0, 0) + Duration.FromNanoseconds(1));
        var json = JsonNode.Parse(CustomerServiceJson.Serialize(ticket))!;

        Assert.Equal(1, (int)json["schemaVersion"]!);
        Assert.Equal("T-1", (string)json["data"]!["Id"]!);
        Assert.Equal("Urgent", (string)json["data"]!["Priority"]!);
        Assert.Equal("1900-01-01T00:00:00.000000001Z", (string)json["data"]!["CreatedAt"]!);
        Assert.Null(json["data"]!["IsFinal"]); // computed properties are not written
        Assert.Equal(ticket, CustomerServiceJson.Deserialize<Ticket>(json.ToJsonString()));
    }

    [Theory]
    [InlineData("Priority", "\"Urgnet\"")]
    [InlineData("Priority", "4")]
    [InlineData("Priority", "0")]
    [InlineData("CreatedAt", "\"yesterday\"")]
    [InlineData("Id", "\"\"")]
    public void Deserialize_BadFieldValue_ThrowsSnapshotFormatWithoutQuotingThePayload(string field, string value)
    {
        var json = JsonNode.Parse(CustomerServiceJson.Serialize(TicketArbitraries.NewTicket("T-secret-13800138000")))!;
        json["data"]![field] = JsonNode.Parse(value);

        var error = Assert.Throws<SnapshotFormatException>(() => CustomerServiceJson.Deserialize<Ticket>(json.ToJsonString()));

        Assert.Equal(1, error.SchemaVersion);
        Assert.DoesNotContain("13800138000", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Urgnet", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("State")]
    [InlineData("History")]
    [InlineData("Priority")]
    [InlineData("Sla")]
    public void Deserialize_MissingField_ThrowsInsteadOfReadingADefault(string field)
    {
        var json = JsonNode.Parse(CustomerServiceJson.Serialize(TicketArbitraries.NewTicket()))!;
        json["data"]!.AsObject().Remove(field);

        var error = Assert.Throws<SnapshotFormatException>(() => CustomerServiceJson.Deserialize<Ticket>(json.ToJsonString()));
        Assert.Contains(field, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Deserialize_UnknownField_Throws()
    {
        var json = JsonNode.Parse(CustomerServiceJson.Serialize(TicketArbitraries.NewTicket()))!;
        json["data"]!["Priorty"] = "Low";
        Assert.Throws<SnapshotFormatException>(() => CustomerServiceJson.Deserialize<Ticket>(json.ToJsonString()));
    }

    [Fact]
    public void Deserialize_NewerSchemaVersion_ThrowsNamingTheVersion()
    {
        var json = JsonNode.Parse(CustomerServiceJson.Serialize(TicketArbitraries.NewTicket()))!;
        json["schemaVersion"] = 2;

        var error = Assert.Throws<SnapshotFormatException>(() => CustomerServiceJson.Deserialize<Ticket>(json.ToJsonString()));

        Assert.Equal(2, error.SchemaVersion);
        Assert.Contains("schema version 2", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("[]")]
    [InlineData("{\"data\":{},\"schemaVersion\":1}")]
    [InlineData("{\"schemaVersion\":0,\"data\":{}}")]
    [InlineData("{\"schemaVersion\":1,\"data\":null}")]
    [InlineData("{\"schemaVersion\":1}")]
    public void Deserialize_NotAnEnvelope_ThrowsSnapshotFormat(string json) =>
        Assert.Throws<SnapshotFormatException>(() => CustomerServiceJson.Deserialize<Ticket>(json));

    [Fact]
    public void Deserialize_UnknownEventType_ThrowsSnapshotFormat()
    {
        var json = CustomerServiceJson.Serialize<CustomerServiceEvent>(new ComplaintResponseOverdue(new ComplaintId("C-1"), ComplaintArbitraries.Start) { Id = "x" })
            .Replace("ComplaintResponseOverdue", "SomethingNew", StringComparison.Ordinal);
        Assert.Throws<SnapshotFormatException>(() => CustomerServiceJson.Deserialize<CustomerServiceEvent>(json));
    }

    [Fact]
    public void Serialize_UnsupportedType_ThrowsNotSupported() =>
        Assert.Throws<NotSupportedException>(() => CustomerServiceJson.Serialize(new Uri("http://example.org")));

    [Fact]
    public void CustomerProfile_EveryFieldSetOrEmpty_RoundTripsEqual()
    {
        var full = CustomerProfileTests.Sample() with
        {
            OrderCustomer = true,
            Segment = "D",
            Reclassification = new Reclassification("D", "playbook ended without a deal", Instant.FromUtc(2026, 11, 23, 2, 0) + Duration.FromNanoseconds(1)),
            Version = 7,
        };
        var empty = new CustomerProfile("P-0");

        Assert.Equal(full, StudioJsonText.ReadProfile(StudioJsonText.Write(full)));
        Assert.Equal(empty, StudioJsonText.ReadProfile(StudioJsonText.Write(empty)));
        var json = JsonNode.Parse(StudioJsonText.Write(full))!["data"]!;
        Assert.Equal(("1998-04-17", 7L, "2026-11-23T02:00:00.000000001Z"), ((string)json["Birthday"]!, (long)json["Version"]!, (string)json["Reclassification"]!["At"]!));
        Assert.Null(json["EntityKind"]); // a constant, not a field
    }

    [Fact]
    public void SegmentAssignment_WithAndWithoutRuleAndReason_RoundTripsEqual()
    {
        SegmentAssignment[] assignments =
        [
            new("studio-abcd", "A", "WithinSixMonths", new LocalDate(2026, 11, 23), Instant.FromUtc(2026, 11, 23, 2, 0)),
            new("playbook", "D", null, new LocalDate(2026, 11, 24), Instant.FromUtc(2026, 11, 24, 2, 0) + Duration.FromNanoseconds(999), "playbook ended without a deal"),
        ];

        foreach (var assignment in assignments)
        {
            Assert.Equal(assignment, StudioJsonText.ReadAssignment(StudioJsonText.Write(assignment)));
        }
    }

    public static TheoryData<LocalDate> Dates() => new()
    {
        new LocalDate(2026, 11, 23),
        LocalDate.MinIsoValue,
        LocalDate.MaxIsoValue,
        new LocalDate(1, 1, 1),
        new LocalDate(2026, 11, 10, CalendarSystem.Julian),
        new LocalDate(5786, 3, 2, CalendarSystem.GetHebrewCalendar(HebrewMonthNumbering.Civil)),
    };

    [Theory]
    [MemberData(nameof(Dates))]
    public void LocalDate_AnyIsoDateAndOtherCalendars_RoundTripsExactly(LocalDate date)
    {
        var profile = new CustomerProfile("P-1") { Birthday = date, WeddingDate = date };

        var copy = StudioJsonText.ReadProfile(StudioJsonText.Write(profile));

        Assert.Equal(profile, copy);
        Assert.Equal(date.Calendar, copy.Birthday!.Value.Calendar);
    }

    [Theory]
    [InlineData("Birthday", "\"2026-02-30\"")]
    [InlineData("Birthday", "\"20261123\"")]
    [InlineData("Birthday", "20261123")]
    [InlineData("WeddingDate", "\"2026-11-23 (Martian)\"")]
    [InlineData("Id", "\"  \"")]
    [InlineData("Version", "\"7\"")]
    [InlineData("OrderCustomer", "null")]
    public void Deserialize_BadProfileFieldValue_ThrowsSnapshotFormatWithoutQuotingThePayload(string field, string value)
    {
        var json = JsonNode.Parse(StudioJsonText.Write(CustomerProfileTests.Sample()))!;
        json["data"]![field] = JsonNode.Parse(value);

        var error = Assert.Throws<SnapshotFormatException>(() => StudioJsonText.ReadProfile(json.ToJsonString()));

        Assert.DoesNotContain("13912345678", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Wenchang", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Version")]
    [InlineData("Reclassification")]
    [InlineData("Birthday")]
    [InlineData("Phone")]
    [InlineData("Segment")]
    public void Deserialize_ProfileMissingField_ThrowsInsteadOfReadingADefault(string field)
    {
        var json = JsonNode.Parse(StudioJsonText.Write(CustomerProfileTests.Sample()))!;
        json["data"]!.AsObject().Remove(field);

        var error = Assert.Throws<SnapshotFormatException>(() => StudioJsonText.ReadProfile(json.ToJsonString()));
        Assert.Contains(field, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Rule")]
    [InlineData("Reason")]
    [InlineData("Today")]
    public void Deserialize_AssignmentMissingField_ThrowsInsteadOfReadingADefault(string field)
    {
        var json = JsonNode.Parse(StudioJsonText.Write(new SegmentAssignment("studio-abcd", "A", null, new LocalDate(2026, 11, 23), Instant.FromUtc(2026, 11, 23, 2, 0))))!;
        json["data"]!.AsObject().Remove(field);

        var error = Assert.Throws<SnapshotFormatException>(() => StudioJsonText.ReadAssignment(json.ToJsonString()));
        Assert.Contains(field, error.Message, StringComparison.Ordinal);
    }

    [Property(Arbitrary = [typeof(TicketArbitraries)], MaxTest = 200)]
    public bool TicketRoundTrip_Meets_Specification(TicketScript script)
    {
        var ticket = TicketArbitraries.NewTicket();
        var now = TicketArbitraries.Start;
        foreach (var step in script.Steps)
        {
            now += Duration.FromMinutes(step.MinutesLater);
            if (Tickets.CanFire(ticket, step.Trigger, now))
            {
                ticket = Tickets.Apply(ticket, TicketArbitraries.CommandFor(step.Trigger), "agent-1", now);
            }
        }

        return CustomerServiceJson.Deserialize<Ticket>(CustomerServiceJson.Serialize(ticket)) == ticket;
    }
}
