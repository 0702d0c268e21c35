using CustomerService.Core.Complaints;
using CustomerService.Core.Storage;
using CustomerService.Core.Tickets;
using NodaTime;
using NodaTime.Testing;

namespace CustomerService.Core.Tests.Complaints;

public sealed class ComplaintServiceTests
{
    private readonly TestDesk _desk = new(ComplaintArbitraries.Start);
    private readonly FakeClock _clock;
    private readonly IEntityStore<Complaint> _store;
    private readonly ComplaintService _service;

    public ComplaintServiceTests()
    {
        _clock = _desk.Clock;
        _store = _desk.ComplaintStore;
        _service = _desk.Complaints;
    }

    [Fact]
    public async Task ExecuteAsync_RemedyPath_SavesAndPublishesEveryTransition()
    {
        var id = new ComplaintId("C-1");
        await _service.ReceiveAsync(id, new ComplaintOrigin(ContactChannel.Phone) { TicketId = new TicketId("T-1") }, "agent-2");
        ComplaintCommand[] commands =
        [
            new ComplaintCommand.Acknowledge(_clock.GetCurrentInstant() + Duration.FromDays(5)),
            new ComplaintCommand.Investigate(),
            new ComplaintCommand.Assess(ComplaintArbitraries.Assessment),
            new ComplaintCommand.ProposeRemedy(ComplaintArbitraries.Refund),
            new ComplaintCommand.AcceptRemedy(),
        ];
        foreach (var command in commands)
        {
            _clock.AdvanceHours(1);
            await _service.ExecuteAsync(id, command, "agent-2");
        }

        var complaint = (await _service.FindAsync(id))!;
        Assert.Equal((ComplaintState.Accepted, 5L, new TicketId("T-1")), (complaint.State, complaint.Version, complaint.TicketId!.Value));
        var events = await _desk.DeliverAsync();
        Assert.Equal(commands.Select(c => c.Trigger), events.OfType<ComplaintTransitioned>().Select(e => e.Transition.Trigger));
        Assert.IsType<ComplaintReceived>(events[0]);
        Assert.Equal([ComplaintTrigger.FulfilRemedy], await _service.GetPermittedTriggersAsync(id));
    }

    [Fact]
    public async Task ExecuteAsync_NotPermitted_ThrowsAndChangesNothing()
    {
        var id = new ComplaintId("C-2");
        var received = await _service.ReceiveAsync(id, new ComplaintOrigin(ContactChannel.Email), "mailbox");
        await Assert.ThrowsAsync<InvalidTransitionException<ComplaintState, ComplaintTrigger>>(() => _service.ExecuteAsync(id, new ComplaintCommand.Close(true), "a"));
        Assert.Same(received, await _store.GetAsync(id.Value));
        Assert.Single(await _desk.DeliverAsync());
    }
}
