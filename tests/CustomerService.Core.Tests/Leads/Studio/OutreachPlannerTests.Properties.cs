using CustomerService.Core.Leads;
using CustomerService.Core.Leads.Studio;
using FsCheck.Xunit;

namespace CustomerService.Core.Tests.Leads.Studio;

public sealed partial class OutreachPlannerTests
{

    [Property(Arbitrary = [typeof(LeadEventArbitraries)], MaxTest = 400)]
    public bool Plan_EverySendAtIsInsideSendingHours_Meets_Specification(LeadEvent e) =>
        Planner.Plan(e).Messages.All(m => OutreachPlannerTests.SendingHours.IsOpen(m.SendAt) && m.SendAt >= m.RequestedAt);

    [Property(Arbitrary = [typeof(LeadEventArbitraries)], MaxTest = 400)]
    public bool Plan_CallsStartInsideOpenHoursAndNotBeforeTheEvent_Meets_Specification(LeadEvent e) =>
        Planner.Plan(e).Callbacks.All(c => OutreachPlannerTests.SendingHours.IsOpen(c.Due.Start) && c.Due.Start >= e.At && c.Due.End > c.Due.Start);

    [Property(Arbitrary = [typeof(LeadEventArbitraries)], MaxTest = 400)]
    public bool Plan_StepsAreOrderedAndDeterministic_Meets_Specification(LeadEvent e)
    {
        var plan = Planner.Plan(e);
        var again = Planner.Plan(e);
        var ordered = plan.Steps.Zip(plan.Steps.Skip(1)).All(p => p.First.At <= p.Second.At);
        return ordered && plan.Steps.Select(Describe).SequenceEqual(again.Steps.Select(Describe)) && plan.Messages.Zip(plan.Messages.Skip(1)).All(p => p.First.SendAt <= p.Second.SendAt);
    }

    private static string Describe(OutreachStep s) =>
        $"{s.At} {s.Kind} {s.Message} {s.Callback?.Purpose} {s.Callback?.Due} {string.Join(",", s.Callback?.OfferKeys ?? [])} {s.Reclassification}";

    [Property(Arbitrary = [typeof(LeadEventArbitraries)], MaxTest = 400)]
    public bool Plan_OnlyAFailedSecondCallReclassifies_Meets_Specification(LeadEvent e)
    {
        var reclassified = Planner.Plan(e).Reclassification is not null;
        var failedSecond = e is FollowUpCallOutcome { Attempt: 2, Result: not FollowUpCallResult.Returned };
        return reclassified == failedSecond;
    }
}
