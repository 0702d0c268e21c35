using CustomerService.Core.Callbacks;
using CustomerService.Core.Complaints;
using CustomerService.Core.Storage;
using CustomerService.Core.Tickets;
using NodaTime;
using NodaTime.Testing;

namespace CustomerService.Core.Tests.Callbacks;

public sealed class CallbackServiceTests
{
    private static readonly Instant T0 = CallbackArbitraries.Start;
    private readonly TestDesk _desk = new(T0);
    private readonly IEntityStore<Callback> _store;
    private readonly IEntityStore<Complaint> _complaintStore;
    private readonly CallbackService _service;

    public CallbackServiceTests()
    {
        _store = _desk.CallbackStore;
        _complaintStore = _desk.ComplaintStore;
        _service = _desk.Callbacks;
    }

    [Fact]
    public async Task ExecuteAsync_DissatisfiedOutcome_OpensTheNamedComplaintLinkedToTicketAndCallback()
    {
        var id = new CallbackId("CB-9");
        await _service.RequestAsync(id, new CallbackDetails(CallbackPurpose.SatisfactionCheck, CallbackArbitraries.Shanghai) { TicketId = new TicketId("T-9") }, "agent-1");
        await _service.ExecuteAsync(id, new CallbackCommand.Schedule(T0, T0 + Duration.FromHours(1)), "agent-1");
        Assert.Equal([id], (await _service.ProcessDueAsync(T0)).Changed.Select(c => c.Id));
        await _service.ExecuteAsync(id, new CallbackCommand.StartAttempt(), "agent-1");
        await _service.ExecuteAsync(id, new CallbackCommand.Reach(), "agent-1");
        var completed = await _service.ExecuteAsync(id, new CallbackCommand.Complete(CallbackOutcome.Dissatisfied, new ComplaintId("C-from-CB-9")), "agent-1");

        Assert.Equal((CallbackState.Completed, new ComplaintId("C-from-CB-9")), (completed.State, completed.OpenedComplaintId!.Value));

        // The complaint is opened from the callback's event in the outbox, once delivered.
        Assert.Null(await _complaintStore.GetAsync("C-from-CB-9"));
        var events = await _desk.DeliverAsync();
        var complaint = await _complaintStore.GetAsync("C-from-CB-9");
        Assert.NotNull(complaint);
        Assert.Equal((ComplaintState.Received, new TicketId("T-9"), id), (complaint.State, complaint.TicketId!.Value, complaint.CallbackId!.Value));
        Assert.Equal(completed.History[^1].At, complaint.ReceivedAt);
        Assert.IsType<ComplaintReceived>(events[^1]);
    }

    [Fact]
    public async Task ExecuteAsync_DissatisfiedWithoutComplaintId_ThrowsArgumentExceptionAndChangesNothing()
    {
        var id = new CallbackId("CB-10");
        await _service.RequestAsync(id, new CallbackDetails(CallbackPurpose.ComplaintFollowUp, CallbackArbitraries.Shanghai) { ComplaintId = new ComplaintId("C-1") }, "agent-1");
        var before = await _store.GetAsync(id.Value);
        var error = await Assert.ThrowsAsync<ArgumentException>(() => _service.ExecuteAsync(id, new CallbackCommand.Complete(CallbackOutcome.Dissatisfied), "agent-1"));
        Assert.Contains("ComplaintToOpen", error.Message, StringComparison.Ordinal);
        Assert.Same(before, await _store.GetAsync(id.Value));
    }

    [Fact]
    public async Task ProcessDueAsync_OnlyDueCallbacks_BecomeDue()
    {
        var soon = new CallbackId("soon");
        var later = new CallbackId("later");
        foreach (var (id, start) in new[] { (soon, T0 + Duration.FromMinutes(10)), (later, T0 + Duration.FromHours(3)) })
        {
            await _service.RequestAsync(id, new CallbackDetails(CallbackPurpose.Reminder, CallbackArbitraries.Shanghai), "agent-1");
            await _service.ExecuteAsync(id, new CallbackCommand.Schedule(start, start + Duration.FromHours(1)), "agent-1");
        }

        var released = (await _service.ProcessDueAsync(T0 + Duration.FromHours(1))).Changed;

        Assert.Equal([soon], released.Select(c => c.Id));
        Assert.Equal((CallbackState.Due, "dialler"), (released[0].State, released[0].History[^1].Actor));
        Assert.Equal(CallbackState.Scheduled, (await _service.FindAsync(later))!.State);
        Assert.Equal([CallbackTrigger.Reschedule, CallbackTrigger.DoNotCall], await _service.GetPermittedTriggersAsync(later));
    }
}
