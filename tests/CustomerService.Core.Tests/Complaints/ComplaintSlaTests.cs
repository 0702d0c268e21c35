using CustomerService.Core.Complaints;
using CustomerService.Core.Sla;
using CustomerService.Core.Storage;
using CustomerService.Core.Tests.Sla;
using CustomerService.Core.Tickets;
using NodaTime;
using NodaTime.Testing;

namespace CustomerService.Core.Tests.Complaints;

/// <summary>How complaint transitions drive the acknowledgement and final-response clocks.</summary>
public sealed class ComplaintSlaTests
{
    private static readonly Instant T0 = SlaTestData.Sh(2026, 3, 2, 9);
    private static readonly SlaPolicy Policy = SlaPolicy.CreateBuilder("Complaints", SlaTestData.ShanghaiDesk, "v1")
        .DefaultTarget(SlaMetric.Acknowledgement, Duration.FromHours(24), SlaTimeBasis.CalendarTime)
        .DefaultTarget(SlaMetric.FinalResponse, Duration.FromDays(15), SlaTimeBasis.CalendarTime)
        .Build();

    private readonly FakeClock _clock = new(T0);
    private readonly InMemoryStorage _storage = new();
    private IEntityStore<Complaint> Store => _storage.GetStore<Complaint>(ComplaintService.EntityKind);
    private readonly ComplaintService _service;

    public ComplaintSlaTests()
    {
        _service = new ComplaintService(Store, new ComplaintLifecycle(), _clock, new SlaCatalog([], [Policy], complaintPolicy: "Complaints"));
    }

    private SlaStatus Status(Complaint complaint, SlaMetric metric) =>
        complaint.Sla!.CreateClocks(Policy).Single(c => c.Metric == metric).Evaluate(_clock.GetCurrentInstant());

    [Fact]
    public async Task ReceiveAsync_StartsAcknowledgementAndFinalResponse()
    {
        var complaint = await _service.ReceiveAsync(new ComplaintId("C-1"), new ComplaintOrigin(ContactChannel.Phone), "desk");
        Assert.Equal(T0 + Duration.FromHours(24), Status(complaint, SlaMetric.Acknowledgement).DueAt);
        Assert.Equal(T0 + Duration.FromDays(15), Status(complaint, SlaMetric.FinalResponse).DueAt);
    }

    [Fact]
    public async Task ExecuteAsync_Acknowledge_MeetsAcknowledgementOnly()
    {
        await _service.ReceiveAsync(new ComplaintId("C-1"), new ComplaintOrigin(ContactChannel.Phone), "desk");
        _clock.AdvanceHours(3);
        var complaint = await _service.ExecuteAsync(new ComplaintId("C-1"), new ComplaintCommand.Acknowledge(_clock.GetCurrentInstant() + Duration.FromDays(10)), "agent-1");

        Assert.Equal((SlaClockState.Met, Duration.FromHours(3)), (Status(complaint, SlaMetric.Acknowledgement).State, Status(complaint, SlaMetric.Acknowledgement).Elapsed));
        Assert.Equal(SlaClockState.Running, Status(complaint, SlaMetric.FinalResponse).State);
    }

    [Fact]
    public async Task ExecuteAsync_Withdraw_CancelsOpenClocks()
    {
        await _service.ReceiveAsync(new ComplaintId("C-1"), new ComplaintOrigin(ContactChannel.Phone), "desk");
        _clock.AdvanceHours(1);
        var complaint = await _service.ExecuteAsync(new ComplaintId("C-1"), new ComplaintCommand.Withdraw(), "customer");

        Assert.Equal(SlaClockState.Cancelled, Status(complaint, SlaMetric.FinalResponse).State);
        Assert.Null(complaint.Sla!.NextChangeAt);
        Assert.Empty(await Store.ListDueAsync(T0 + Duration.FromDays(30), 10));
    }

    [Fact]
    public async Task ProcessDueAsync_PastTheAcknowledgementTarget_RecordsTheCheck()
    {
        await _service.ReceiveAsync(new ComplaintId("C-1"), new ComplaintOrigin(ContactChannel.Phone), "desk");
        _clock.AdvanceHours(25);
        var evaluated = Assert.Single((await _service.ProcessDueAsync(_clock.GetCurrentInstant())).Changed);

        Assert.Equal(_clock.GetCurrentInstant(), evaluated.Sla!.CheckedAt);
        Assert.Equal(SlaClockState.Breached, Status(evaluated, SlaMetric.Acknowledgement).State);
        Assert.Equal(T0 + Duration.FromDays(7.5), evaluated.Sla.NextChangeAt); // the final response's 50 % warning
        Assert.Equal(0L, evaluated.Version);
    }

    [Fact]
    public async Task ExecuteAsync_GiveFinalResponseAfterAppeal_MeetsTheFinalResponse()
    {
        var id = new ComplaintId("C-1");
        await _service.ReceiveAsync(id, new ComplaintOrigin(ContactChannel.Phone), "desk");
        await _service.ExecuteAsync(id, new ComplaintCommand.Acknowledge(T0 + Duration.FromDays(10)), "agent-1");
        await _service.ExecuteAsync(id, new ComplaintCommand.Investigate(), "agent-1");
        await _service.ExecuteAsync(id, new ComplaintCommand.Assess(ComplaintArbitraries.Assessment), "agent-1");
        await _service.ExecuteAsync(id, new ComplaintCommand.Dismiss("NOT-UPHELD"), "agent-1");
        _clock.AdvanceHours(30);
        var appealed = await _service.ExecuteAsync(id, new ComplaintCommand.Appeal(), "customer");
        Assert.Equal(SlaClockState.Running, Status(appealed, SlaMetric.FinalResponse).State);

        _clock.AdvanceHours(6);
        var answered = await _service.ExecuteAsync(id, new ComplaintCommand.GiveFinalResponse(new ComplaintRemedy(RemedyKind.Apology, null, null)), "manager");

        var status = Status(answered, SlaMetric.FinalResponse);
        Assert.Equal((SlaClockState.Met, Duration.FromHours(36)), (status.State, status.Elapsed));
        Assert.Null(answered.Sla!.NextChangeAt);
    }
}
