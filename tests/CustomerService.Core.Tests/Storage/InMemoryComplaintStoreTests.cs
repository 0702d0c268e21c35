using CustomerService.Core.Complaints;
using CustomerService.Core.Storage;
using CustomerService.Core.Tests.Complaints;
using NodaTime;

namespace CustomerService.Core.Tests.Storage;

public sealed class InMemoryComplaintStoreTests
{
    private static readonly Instant T0 = ComplaintArbitraries.Start;
    private readonly ComplaintLifecycle _lifecycle = new();
    private readonly InMemoryComplaintStore _store = new();

    [Fact]
    public async Task ListOverdueAsync_MixedComplaints_ReturnsThoseAwaitingAResponsePastTheDeadline()
    {
        async Task<Complaint> Save(string id, int respondInDays, params ComplaintCommand[] more)
        {
            var complaint = _lifecycle.Apply(ComplaintArbitraries.NewComplaint(id), new ComplaintCommand.Acknowledge(T0 + Duration.FromDays(respondInDays)), "a", T0);
            foreach (var command in more)
            {
                complaint = _lifecycle.Apply(complaint, command, "a", T0);
            }

            await _store.SaveAsync(complaint, null);
            return complaint;
        }

        var investigating = await Save("investigating", 1, new ComplaintCommand.Investigate());
        var acknowledged = await Save("acknowledged", 2);
        await Save("not-yet", 9);
        await Save("answered", 1, new ComplaintCommand.Investigate(), new ComplaintCommand.Assess(ComplaintArbitraries.Assessment), new ComplaintCommand.ProposeRemedy(ComplaintArbitraries.Refund));

        var overdue = await _store.ListOverdueAsync(T0 + Duration.FromDays(3), 10);
        Assert.Equal([investigating.Id, acknowledged.Id], overdue.Select(c => c.Id));
    }
}
