using CustomerService.Core.Leads.Studio;
using NodaTime;

namespace CustomerService.Core.Tests.Leads.Studio;

public sealed partial class LeadSegmentationServiceTests
{
    [Fact]
    public async Task ApplyAsync_ManagerException_RecordedInHistoryAndTheCustomerStaysD()
    {
        // Seed 001, 建档 5: "只有经过客服电访的顾客可享用,其它来店内咨询的均没有(除:非常D的顾客可申请刘经理)"
        var at = OutreachPlannerTests.Local(2026, 11, 23, 11, 0);
        var heldD = new Reclassification(StudioSegments.D, "no deal after both follow-up calls", at - Duration.FromDays(3));
        var store = await StoreWith(new CustomerProfile("very-d") { HasPartner = false, Segment = StudioSegments.D, Reclassification = heldD });
        var service = LeadSegmentationService.ForStudio(store, OutreachPlannerTests.Shanghai, Clock);
        var planner = new OutreachPlanner(StudioPlaybook.Default, OutreachPlannerTests.SendingHours);

        var recorded = await service.ApplyAsync(planner.Plan(new SurprisePackageApproved("very-d", at, "manager-liu")), StudioPlaybook.Default.Name);

        Assert.True(recorded);
        var entry = Assert.Single(await store.GetSegmentHistoryAsync("very-d"));
        Assert.Equal(("manager-liu", StudioSegments.D, LeadSegmentationService.ManagerExceptionReason, at, new LocalDate(2026, 11, 23)), (entry.RuleSet, entry.Segment, entry.Reason, entry.At, entry.Today));
        var profile = (await store.FindAsync("very-d"))!;
        Assert.Equal((StudioSegments.D, heldD), (profile.Segment, profile.Reclassification)); // the exception lifts nothing
        Assert.False(await service.ApplyAsync(planner.Plan(new SurprisePackageApproved("unknown", at, "manager-liu")), StudioPlaybook.Default.Name));
    }
}
