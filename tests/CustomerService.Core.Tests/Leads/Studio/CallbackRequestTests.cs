using CustomerService.Core.Callbacks;
using CustomerService.Core.Leads;
using CustomerService.Core.Leads.Studio;
using NodaTime;

namespace CustomerService.Core.Tests.Leads.Studio;

public sealed class CallbackRequestTests
{
    private static readonly CallbackLifecycle Lifecycle = new(new CallbackRetryPolicy(2, [Duration.FromMinutes(30)], CallbackRetryPolicy.Anytime), DateTimeZoneProviders.Tzdb);
    private static readonly OutreachPlanner Planner = new(StudioPlaybook.Default, OutreachPlannerTests.SendingHours);

    private static (CallbackRequest Request, Callback Scheduled) PlanAndSchedule()
    {
        var left = OutreachPlannerTests.Local(2026, 11, 23, 11, 0);
        var request = Planner.Plan(VisitOutcome.NoDeal("HT-1", left, true, "classic")).Callbacks.Single();
        var callback = request.ToCallback(new CallbackId("cb-1"), OutreachPlannerTests.Shanghai, left);
        return (request, Lifecycle.Apply(callback, request.ToScheduleCommand(), "desk", left));
    }

    [Fact]
    public void ToCallback_ThenSchedule_PutsTheCallbackInTheDueWindow()
    {
        var (request, scheduled) = PlanAndSchedule();

        Assert.Equal(CallbackPurpose.NoDealFollowUp, scheduled.Purpose);
        Assert.Equal(CallbackState.Scheduled, scheduled.State);
        Assert.Equal((request.Due.Start, request.Due.End), (scheduled.WindowStart, scheduled.WindowEnd));
    }

    [Theory]
    [InlineData(CallbackOutcome.Converted, FollowUpCallResult.Returned)]
    [InlineData(CallbackOutcome.Declined, FollowUpCallResult.NotReturned)]
    public void FromCallback_Completed_MapsTheOutcome(CallbackOutcome outcome, FollowUpCallResult expected)
    {
        var (request, callback) = PlanAndSchedule();
        var now = request.Due.Start;
        foreach (var command in new CallbackCommand[] { new CallbackCommand.BecomeDue(), new CallbackCommand.StartAttempt(), new CallbackCommand.Reach(), new CallbackCommand.Complete(outcome) })
        {
            callback = Lifecycle.Apply(callback, command, "desk", now);
            now += Duration.FromMinutes(1);
        }

        var ended = FollowUpCallOutcome.FromCallback("HT-1", callback, 1, OutreachPlannerTests.Local(2026, 11, 24, 15, 0));

        Assert.Equal((expected, 1), (ended.Result, ended.Attempt));
        Assert.Equal(callback.EndedAt ?? callback.History[^1].At, ended.At);
        Assert.Equal(expected == FollowUpCallResult.Returned, Planner.Plan(ended).IsEmpty);
    }

    [Fact]
    public void FromCallback_NotEnded_Throws()
    {
        var (_, scheduled) = PlanAndSchedule();
        Assert.Throws<ArgumentException>(() => FollowUpCallOutcome.FromCallback("HT-1", scheduled, 1));
        Assert.Throws<ArgumentNullException>(() => FollowUpCallOutcome.FromCallback("HT-1", null!, 1));
    }
}
