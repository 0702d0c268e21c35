using CustomerService.Core.Complaints;
using FsCheck.Xunit;
using NodaTime;

namespace CustomerService.Core.Tests.Complaints;

public sealed class ComplaintLifecycleTests
{
    private static readonly Instant T0 = ComplaintArbitraries.Start;
    private readonly ComplaintLifecycle _lifecycle = new();

    // The specification, written out by hand (every guard holding).
    public static TheoryData<ComplaintState, ComplaintTrigger[]> PermittedByState() => new()
    {
        { ComplaintState.Received, [ComplaintTrigger.Acknowledge, ComplaintTrigger.Withdraw] },
        { ComplaintState.Acknowledged, [ComplaintTrigger.Investigate, ComplaintTrigger.Withdraw] },
        { ComplaintState.Investigating, [ComplaintTrigger.Assess, ComplaintTrigger.ProposeRemedy, ComplaintTrigger.Dismiss, ComplaintTrigger.Withdraw] },
        { ComplaintState.RemedyProposed, [ComplaintTrigger.AcceptRemedy, ComplaintTrigger.RejectRemedy, ComplaintTrigger.Withdraw] },
        { ComplaintState.Accepted, [ComplaintTrigger.FulfilRemedy] },
        { ComplaintState.RemedyFulfilled, [ComplaintTrigger.StartFollowUp] },
        { ComplaintState.FollowUp, [ComplaintTrigger.Close] },
        { ComplaintState.Closed, [] },
        { ComplaintState.Rejected, [ComplaintTrigger.Close, ComplaintTrigger.Appeal, ComplaintTrigger.Withdraw] },
        { ComplaintState.Escalated, [ComplaintTrigger.GiveFinalResponse, ComplaintTrigger.Withdraw] },
        { ComplaintState.FinalResponse, [ComplaintTrigger.AcceptFinalResponse, ComplaintTrigger.ReferExternally, ComplaintTrigger.Withdraw] },
        { ComplaintState.ReferredExternally, [] },
        { ComplaintState.Withdrawn, [] },
    };

    [Fact]
    public void Apply_RemedyPath_EndsClosedSatisfiedWithEveryStepRecorded()
    {
        var complaint = Run(
            ComplaintArbitraries.NewComplaint(),
            new ComplaintCommand.Acknowledge(T0 + Duration.FromDays(7)),
            new ComplaintCommand.Investigate(),
            new ComplaintCommand.Assess(ComplaintArbitraries.Assessment),
            new ComplaintCommand.ProposeRemedy(ComplaintArbitraries.Refund),
            new ComplaintCommand.AcceptRemedy(),
            new ComplaintCommand.FulfilRemedy(),
            new ComplaintCommand.StartFollowUp(),
            new ComplaintCommand.Close(Satisfied: true));

        Assert.Equal(ComplaintState.Closed, complaint.State);
        Assert.True(complaint.IsFinal);
        Assert.Equal(8, complaint.Version);
        Assert.Equal(
            [ComplaintState.Acknowledged, ComplaintState.Investigating, ComplaintState.Investigating, ComplaintState.RemedyProposed, ComplaintState.Accepted, ComplaintState.RemedyFulfilled, ComplaintState.FollowUp, ComplaintState.Closed],
            complaint.History.Select(h => h.To));
        Assert.Equal(T0 + Duration.FromDays(7), complaint.RespondBy);
        Assert.Equal(T0 + Duration.FromMinutes(1), complaint.AcknowledgedAt);
        Assert.Equal(ComplaintArbitraries.Assessment, complaint.Assessment);
        Assert.Equal(ComplaintArbitraries.Refund, complaint.Remedy);
        Assert.Equal("Refund", complaint.History[3].Reason);
        Assert.True(complaint.Satisfied);
        Assert.NotNull(complaint.RemedyFulfilledAt);
    }

    [Fact]
    public void Apply_AppealPath_RejectedEscalatedFinalResponseReferredExternally()
    {
        var complaint = Run(
            ComplaintArbitraries.NewComplaint(),
            new ComplaintCommand.Acknowledge(T0 + Duration.FromDays(7)),
            new ComplaintCommand.Investigate(),
            new ComplaintCommand.Assess(ComplaintArbitraries.Assessment),
            new ComplaintCommand.Dismiss("WITHIN-POLICY"),
            new ComplaintCommand.Appeal(),
            new ComplaintCommand.GiveFinalResponse(new ComplaintRemedy(RemedyKind.Compensation, 50m, "CNY")),
            new ComplaintCommand.ReferExternally("12315"));

        Assert.Equal(ComplaintState.ReferredExternally, complaint.State);
        Assert.True(complaint.Appealed);
        Assert.Equal("WITHIN-POLICY", complaint.DismissalCode);
        Assert.Equal("12315", complaint.ExternalBody);
        Assert.Equal(RemedyKind.Compensation, complaint.Remedy!.Value.Kind);
        Assert.NotNull(complaint.EndedAt);
    }

    [Fact]
    public void Apply_FinalResponseAccepted_GoesBackToTheRemedyPath()
    {
        var complaint = Run(
            ComplaintArbitraries.NewComplaint(),
            new ComplaintCommand.Acknowledge(T0 + Duration.FromDays(7)),
            new ComplaintCommand.Investigate(),
            new ComplaintCommand.Assess(ComplaintArbitraries.Assessment),
            new ComplaintCommand.ProposeRemedy(new ComplaintRemedy(RemedyKind.Apology, null, null)),
            new ComplaintCommand.RejectRemedy(),
            new ComplaintCommand.Appeal(),
            new ComplaintCommand.GiveFinalResponse(new ComplaintRemedy(RemedyKind.Replacement, null, null)),
            new ComplaintCommand.AcceptFinalResponse(),
            new ComplaintCommand.FulfilRemedy());

        Assert.Equal(ComplaintState.RemedyFulfilled, complaint.State);
        Assert.Equal(RemedyKind.Replacement, complaint.Remedy!.Value.Kind);
    }

    [Fact]
    public void Apply_ProposeRemedyWithoutAssessment_ThrowsNamingTheGuardAndChangesNothing()
    {
        var investigating = Run(ComplaintArbitraries.NewComplaint(), new ComplaintCommand.Acknowledge(T0 + Duration.FromDays(7)), new ComplaintCommand.Investigate());
        var error = Assert.Throws<InvalidTransitionException<ComplaintState, ComplaintTrigger>>(() => _lifecycle.Apply(investigating, new ComplaintCommand.ProposeRemedy(ComplaintArbitraries.Refund), "a", T0));
        Assert.Equal(["assessment recorded"], error.UnmetGuards);
        Assert.Equal([ComplaintTrigger.Assess, ComplaintTrigger.Withdraw], error.PermittedTriggers.Cast<ComplaintTrigger>());
        Assert.Null(investigating.Remedy);
        Assert.Equal(2, investigating.Version);
    }

    [Fact]
    public void Apply_Withdraw_EndsTheComplaint()
    {
        var withdrawn = Run(ComplaintArbitraries.NewComplaint(), new ComplaintCommand.Withdraw());
        Assert.Equal(ComplaintState.Withdrawn, withdrawn.State);
        Assert.True(withdrawn.IsFinal);
        Assert.Empty(_lifecycle.GetPermittedTriggers(withdrawn, ComplaintArbitraries.Start));
    }

    [Theory]
    [InlineData(RemedyKind.Refund, null, null)]
    [InlineData(RemedyKind.Refund, 0, "CNY")]
    [InlineData(RemedyKind.Compensation, 10, "cny")]
    [InlineData(RemedyKind.Apology, 10, "CNY")]
    [InlineData((RemedyKind)42, null, null)]
    public void Apply_InvalidRemedy_ThrowsArgumentExceptionAndChangesNothing(RemedyKind kind, int? amount, string? currency)
    {
        var investigating = Run(ComplaintArbitraries.NewComplaint(), new ComplaintCommand.Acknowledge(T0 + Duration.FromDays(7)), new ComplaintCommand.Investigate(), new ComplaintCommand.Assess(ComplaintArbitraries.Assessment));
        var error = Assert.Throws<ArgumentException>(() => _lifecycle.Apply(investigating, new ComplaintCommand.ProposeRemedy(new ComplaintRemedy(kind, amount, currency)), "a", T0));
        Assert.Equal("command", error.ParamName);
        Assert.Contains("Remedy", error.Message, StringComparison.Ordinal);
        Assert.Equal(ComplaintState.Investigating, investigating.State);
    }

    [Fact]
    public void Apply_AcknowledgeWithPastDeadline_ThrowsArgumentException()
    {
        var error = Assert.Throws<ArgumentException>(() => _lifecycle.Apply(ComplaintArbitraries.NewComplaint(), new ComplaintCommand.Acknowledge(T0), "a", T0));
        Assert.Contains("RespondBy", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(PermittedByState))]
    public void GetPermittedTriggers_EveryState_MatchesTheSpecification(ComplaintState state, ComplaintTrigger[] expected)
    {
        var complaint = ComplaintArbitraries.NewComplaint() with { State = state, Assessment = ComplaintArbitraries.Assessment };
        Assert.Equal(expected, _lifecycle.GetPermittedTriggers(complaint, ComplaintArbitraries.Start));
    }

    [Theory]
    [MemberData(nameof(PermittedByState))]
    public void Apply_EveryTriggerNotPermitted_ThrowsTypedExceptionAndChangesNothing(ComplaintState state, ComplaintTrigger[] permitted)
    {
        var complaint = ComplaintArbitraries.NewComplaint() with { State = state, Assessment = ComplaintArbitraries.Assessment };
        foreach (var trigger in Enum.GetValues<ComplaintTrigger>().Except(permitted))
        {
            Assert.False(_lifecycle.CanFire(complaint, trigger, ComplaintArbitraries.Start));
            var error = Assert.Throws<InvalidTransitionException<ComplaintState, ComplaintTrigger>>(() => _lifecycle.Apply(complaint, ComplaintArbitraries.CommandFor(trigger), "a", T0));
            Assert.Equal(("Complaint", (Enum)state, (Enum)trigger), (error.Lifecycle, error.State, error.Trigger));
            Assert.Equal(permitted, error.PermittedTriggers.Cast<ComplaintTrigger>());
        }

        Assert.Equal(0, complaint.Version);
    }

    [Property(Arbitrary = [typeof(ComplaintArbitraries)], MaxTest = 200)]
    public void Apply_RandomTriggerSequences_Meets_Specification(ComplaintScript script)
    {
        var declared = LifecycleSpecification.DeclaredTransitions(_lifecycle.GetInfo());
        var complaint = ComplaintArbitraries.NewComplaint();
        foreach (var trigger in script.Triggers)
        {
            if (_lifecycle.CanFire(complaint, trigger, ComplaintArbitraries.Start))
            {
                complaint = _lifecycle.Apply(complaint, ComplaintArbitraries.CommandFor(trigger), "a", T0 + Duration.FromMinutes(complaint.Version));
            }
            else
            {
                var before = complaint;
                Assert.Throws<InvalidTransitionException<ComplaintState, ComplaintTrigger>>(() => _lifecycle.Apply(before, ComplaintArbitraries.CommandFor(trigger), "a", T0));
                Assert.Same(before, complaint);
            }
        }

        Assert.Equal(complaint.Version, complaint.History.Count);
        Assert.Equal(complaint.IsFinal, complaint.EndedAt is not null);
        LifecycleSpecification.AssertChained(ComplaintState.Received, complaint.State, complaint.History.Select(h => (h.From, h.Trigger, h.To)), declared);
    }

    private Complaint Run(Complaint complaint, params ComplaintCommand[] commands)
    {
        var now = T0;
        foreach (var command in commands)
        {
            now += Duration.FromMinutes(1);
            complaint = _lifecycle.Apply(complaint, command, "agent-3", now);
        }

        return complaint;
    }
}
