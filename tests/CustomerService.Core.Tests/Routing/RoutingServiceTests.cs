using System.Text.Json.Nodes;
using CustomerService.Core.Routing;
using CustomerService.Core.Sla;
using CustomerService.Core.Storage;
using CustomerService.Core.Tickets;
using NodaTime;

namespace CustomerService.Core.Tests.Routing;

/// <summary>The worked example of docs/routing.md: the seed desk on Monday 2026-12-07, through the ticket lifecycle.</summary>
public sealed class RoutingServiceTests : IDisposable
{
    private readonly RoutingDesk _desk = new(RoutingDesk.At(7, 10));

    private RoutingTable Table => _desk.Table;

    public void Dispose() => _desk.Dispose();

    [Fact]
    public async Task Open_LoyalComplaint_GoesToTheDedicatedCsrOnlyWhenOnShift()
    {
        var loyal = new CustomerAffinity("zhang", null);
        var facts = RoutingDesk.Facts(Table, "Complaint", segment: "Loyal");

        var morning = await _desk.Service.OpenAsync(new TicketId("T-1"), ContactChannel.Phone, TicketCategory.Complaint, facts, loyal);
        _desk.Clock.Reset(RoutingDesk.At(7, 15));
        var afternoon = await _desk.Service.OpenAsync(new TicketId("T-2"), ContactChannel.Phone, TicketCategory.Complaint, facts, loyal);

        // 10:00: zhang (late shift) is off; the skills match of the complaints desk takes wang (complaints 4).
        Assert.Equal("wang", morning.Ticket.AssigneeId);
        Assert.Equal(AssignmentReason.Strategy, morning.Decision.Reason);
        Assert.Equal(TicketPriority.High, morning.Ticket.Priority);
        Assert.Equal(RoutingAction.Assigned, morning.Action);
        Assert.Equal((TicketTrigger.Assign, RoutingService.Actor), (morning.Ticket.History[^1].Trigger, morning.Ticket.History[^1].Actor));

        // 15:00: zhang is on shift, so the customer's own CSR takes the call.
        Assert.Equal("zhang", afternoon.Ticket.AssigneeId);
        Assert.Equal(AssignmentReason.DedicatedAgent, afternoon.Decision.Reason);
        Assert.Equal(1, _desk.Board.GetOpenWork("wang"));
        Assert.Equal(1, _desk.Board.GetOpenWork("zhang"));
    }

    [Fact]
    public async Task Open_Repair_IsAssignedAndDispatchedWithTheWorkshopsDeadlineInTheDueWork()
    {
        _desk.Clock.Reset(RoutingDesk.At(7, 10, 30));

        var result = await _desk.Service.OpenAsync(new TicketId("T-3"), ContactChannel.Phone, TicketCategory.Repair, RoutingDesk.Facts(Table, "Repair"), CustomerAffinity.None);

        var wednesday1030 = RoutingDesk.At(9, 10, 30);
        Assert.Equal(RoutingAction.AssignedAndDispatched, result.Action);
        Assert.Equal("li", result.Ticket.AssigneeId);
        Assert.Equal(TicketState.OnHold, result.Ticket.State);
        Assert.Equal(new TicketHold(TicketHoldKind.Department, "Workshop", wednesday1030) { DeadlineBasis = SlaTimeBasis.CalendarTime }, result.Ticket.Hold);
        Assert.Equal(wednesday1030, result.DispatchDeadline);
        Assert.Equal([TicketTrigger.Assign, TicketTrigger.Dispatch], result.Ticket.History.Select(h => h.Trigger));

        // The deadline is in the due-work index: nothing is due a minute before, the deadline is reported at it.
        Assert.Empty((await _desk.Tickets.ProcessDueAsync(wednesday1030 - Duration.FromMinutes(1))).Changed);
        Assert.Single((await _desk.Tickets.ProcessDueAsync(wednesday1030)).Changed);
        Assert.True((await _desk.Tickets.FindAsync(new TicketId("T-3")))!.Hold!.Value.DeadlinePassed);
    }

    [Fact]
    public async Task Reroute_DispatchDeadlinePassed_ReassignsToTheEscalationContact()
    {
        _desk.Clock.Reset(RoutingDesk.At(7, 10, 30));
        var facts = RoutingDesk.Facts(Table, "Repair");
        await _desk.Service.OpenAsync(new TicketId("T-4"), ContactChannel.Phone, TicketCategory.Repair, facts, CustomerAffinity.None);

        _desk.Clock.Reset(RoutingDesk.At(9, 10, 29));
        var early = await _desk.Service.RerouteAsync(new TicketId("T-4"), facts, CustomerAffinity.None);
        _desk.Clock.Reset(RoutingDesk.At(9, 10, 31));
        var late = await _desk.Service.RerouteAsync(new TicketId("T-4"), facts, CustomerAffinity.None);
        var again = await _desk.Service.RerouteAsync(new TicketId("T-4"), facts, CustomerAffinity.None);

        Assert.Equal(RoutingAction.Unchanged, early.Action);
        Assert.Equal("li", early.Ticket.AssigneeId);
        Assert.Equal(RoutingAction.Escalated, late.Action);
        Assert.Equal("workshop-lead", late.Ticket.AssigneeId);
        Assert.Equal(TicketState.OnHold, late.Ticket.State);
        Assert.Equal((TicketTrigger.Reassign, RoutingService.DeadlineActor), (late.Ticket.History[^1].Trigger, late.Ticket.History[^1].Actor));
        Assert.Equal(0, _desk.Board.GetOpenWork("li"));
        Assert.Equal(RoutingAction.Unchanged, again.Action);
        Assert.Equal(late.Ticket.Version, again.Ticket.Version);
    }

    [Fact]
    public async Task Reroute_AssigneeOffShift_ReassignsInTheQueue()
    {
        _desk.Clock.Reset(RoutingDesk.At(7, 13));
        var facts = RoutingDesk.Facts(Table, "Inquiry");
        var opened = await _desk.Service.OpenAsync(new TicketId("T-5"), ContactChannel.Chat, TicketCategory.Inquiry, facts, CustomerAffinity.None);

        _desk.Clock.Reset(RoutingDesk.At(7, 13, 59));
        var onShift = await _desk.Service.RerouteAsync(new TicketId("T-5"), facts, CustomerAffinity.None);
        _desk.Clock.Reset(RoutingDesk.At(7, 14));
        var offShift = await _desk.Service.RerouteAsync(new TicketId("T-5"), facts, CustomerAffinity.None);

        Assert.Equal("li", opened.Ticket.AssigneeId);
        Assert.Equal(TicketPriority.Low, opened.Ticket.Priority);
        Assert.Equal(RoutingAction.Unchanged, onShift.Action);
        Assert.Equal(RoutingAction.Reassigned, offShift.Action);
        Assert.Equal("zhang", offShift.Ticket.AssigneeId);
        Assert.Equal((TicketTrigger.Reassign, RoutingService.OffShiftActor), (offShift.Ticket.History[^1].Trigger, offShift.Ticket.History[^1].Actor));
        Assert.Equal((0, 1), (_desk.Board.GetOpenWork("li"), _desk.Board.GetOpenWork("zhang")));
    }

    [Fact]
    public async Task Open_NobodyOnShift_IsQueued_ThenRoutedWhenTheShiftStarts()
    {
        _desk.Clock.Reset(RoutingDesk.At(12, 10)); // Saturday: no shift
        var facts = RoutingDesk.Facts(Table, "Inquiry", language: "en");

        var queued = await _desk.Service.OpenAsync(new TicketId("T-6"), ContactChannel.Email, TicketCategory.Inquiry, facts, CustomerAffinity.None);
        _desk.Clock.Reset(RoutingDesk.At(14, 8)); // Monday, early shift
        var routed = await _desk.Service.RerouteAsync(new TicketId("T-6"), facts, CustomerAffinity.None);

        Assert.Equal(RoutingAction.Queued, queued.Action);
        Assert.Equal(AssignmentReason.NoAgentAvailable, queued.Decision.Reason);
        Assert.Equal(TicketState.New, queued.Ticket.State);
        Assert.Null(queued.Ticket.AssigneeId);
        Assert.Equal(RoutingAction.Assigned, routed.Action);
        Assert.Equal("li", routed.Ticket.AssigneeId); // English ≥ 3: li (4) on the early shift
    }

    [Fact]
    public async Task Open_Refund_CountsTheRoutesLimitInTheFinanceCalendar()
    {
        _desk.Clock.Reset(RoutingDesk.At(7, 11));

        var result = await _desk.Service.OpenAsync(new TicketId("T-7"), ContactChannel.Phone, TicketCategory.OrderReturnExchange, RoutingDesk.Facts(Table, "OrderReturnExchange", refund: true), CustomerAffinity.None);

        // Finance: 09:00-12:00, 13:00-18:00. Four hours from 11:00: 11:00-12:00 and 13:00-16:00.
        Assert.Equal("Finance", result.Ticket.Hold!.Value.Party);
        Assert.Equal(RoutingDesk.At(7, 16), result.Ticket.Hold.Value.Deadline);
    }

    [Fact]
    public async Task Open_TicketWithSlaClocks_GetsTheDepartmentsDeadlineEvenOutsideTheSlaCalendarsHours()
    {
        // The SLA calendar is open 08:00-10:00 only; the department's deadline (10:30) lies outside it and is kept exactly.
        var root = JsonNode.Parse(RoutingDesk.Json)!;
        var core = root["CustomerServiceCore"]!;
        core["Calendars"]!["Desk"] = JsonNode.Parse("""{ "TimeZone": "Asia/Shanghai", "Weekdays": [ "08:00-10:00" ] }""");
        core["SlaPolicies"] = JsonNode.Parse("""{ "Standard": { "Calendar": "Desk", "Metrics": { "Resolution": { "Targets": { "Default": "24h" } } } } }""");
        core["Sla"] = JsonNode.Parse("""{ "TicketPolicy": "Standard" }""");
        using var desk = new RoutingDesk(RoutingDesk.At(7, 10, 30), root.ToJsonString());

        var result = await desk.Service.OpenAsync(new TicketId("T-8"), ContactChannel.Phone, TicketCategory.Repair, RoutingDesk.Facts(desk.Table, "Repair"), CustomerAffinity.None);

        Assert.NotNull(result.Ticket.Sla);
        Assert.Equal(SlaTimeBasis.CalendarTime, result.Ticket.Hold!.Value.DeadlineBasis);
        Assert.Equal(RoutingDesk.At(9, 10, 30), result.Ticket.Hold.Value.Deadline);
        Assert.Equal(result.DispatchDeadline, result.Ticket.Hold.Value.Deadline);
    }

    [Fact]
    public async Task Reroute_UnknownTicket_ThrowsAndClaimsNothing()
    {
        var e = await Assert.ThrowsAsync<EntityNotFoundException>(() => _desk.Service.RerouteAsync(new TicketId("nope"), RoutingDesk.Facts(Table, "Inquiry"), CustomerAffinity.None));

        Assert.Equal("nope", e.Id);
        Assert.All(Table.Agents, a => Assert.Equal(0, _desk.Board.GetOpenWork(a.Id)));
    }

    [Fact]
    public async Task Open_ExistingTicketId_ThrowsAndClaimsNothing()
    {
        var facts = RoutingDesk.Facts(Table, "Inquiry");
        await _desk.Service.OpenAsync(new TicketId("T-9"), ContactChannel.Phone, TicketCategory.Inquiry, facts, CustomerAffinity.None);

        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => _desk.Service.OpenAsync(new TicketId("T-9"), ContactChannel.Phone, TicketCategory.Inquiry, facts, CustomerAffinity.None));

        Assert.Equal(1, Table.Agents.Sum(a => _desk.Board.GetOpenWork(a.Id)));
    }

    [Fact]
    public async Task RoundRobin_ServicesResolvedSeparately_ShareTheQueuesTurns()
    {
        var root = JsonNode.Parse(RoutingDesk.Json)!;
        root["CustomerServiceCore"]!["Routing"]!["Queues"]!["Front desk"]!["Strategy"] = "RoundRobin";
        using var desk = new RoutingDesk(RoutingDesk.At(7, 10), root.ToJsonString());
        var facts = RoutingDesk.Facts(desk.Table, "Inquiry");

        var first = await ((RoutingService)desk.Services.GetService(typeof(RoutingService))!).OpenAsync(new TicketId("R-1"), ContactChannel.Phone, TicketCategory.Inquiry, facts, CustomerAffinity.None);
        var second = await ((RoutingService)desk.Services.GetService(typeof(RoutingService))!).OpenAsync(new TicketId("R-2"), ContactChannel.Phone, TicketCategory.Inquiry, facts, CustomerAffinity.None);

        // Front desk in id order: li, wang (early shift, on), zhang, zhao (late shift, off). Turns 0 and 1.
        Assert.Equal(("li", "wang"), (first.Ticket.AssigneeId, second.Ticket.AssigneeId));
    }
}
