using CustomerService.Core.Tickets;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NodaTime;

namespace CustomerService.Core.Tests.Tickets;

public sealed class TicketLifecycleTests
{
    private static readonly Instant T0 = TicketArbitraries.Start;
    private readonly TicketLifecycle _lifecycle = new(new TicketOptions { ReopenWindow = Duration.FromDays(3), AutoCloseAfter = Duration.FromDays(5) });

    // The specification, written out by hand: which triggers each state permits when every guard holds.
    public static TheoryData<TicketState, TicketTrigger[]> PermittedByState() => new()
    {
        { TicketState.New, [TicketTrigger.Assign, TicketTrigger.Merge, TicketTrigger.Cancel, TicketTrigger.UpdateFacts] },
        { TicketState.Open, [TicketTrigger.Reassign, TicketTrigger.AgentReply, TicketTrigger.CustomerReply, TicketTrigger.WaitOnCustomer, TicketTrigger.Dispatch, TicketTrigger.WaitOnThirdParty, TicketTrigger.Escalate, TicketTrigger.Solve, TicketTrigger.Merge, TicketTrigger.Cancel, TicketTrigger.UpdateFacts] },
        { TicketState.Pending, [TicketTrigger.Reassign, TicketTrigger.AgentReply, TicketTrigger.CustomerReply, TicketTrigger.Escalate, TicketTrigger.Solve, TicketTrigger.Merge, TicketTrigger.Cancel, TicketTrigger.UpdateFacts] },
        { TicketState.OnHold, [TicketTrigger.Reassign, TicketTrigger.AgentReply, TicketTrigger.CustomerReply, TicketTrigger.ReturnFromHold, TicketTrigger.Escalate, TicketTrigger.Solve, TicketTrigger.Merge, TicketTrigger.Cancel, TicketTrigger.UpdateFacts] },
        { TicketState.Solved, [TicketTrigger.Reopen, TicketTrigger.Close, TicketTrigger.AutoClose] },
        { TicketState.Closed, [] },
        { TicketState.Merged, [] },
        { TicketState.Cancelled, [] },
    };

    [Fact]
    public void Apply_PhoneDeskPath_EndsClosedWithOneHistoryEntryPerStep()
    {
        var ticket = TicketArbitraries.NewTicket();
        (TicketCommand Command, TicketState Expected)[] steps =
        [
            (new TicketCommand.Assign("agent-7"), TicketState.Open),
            (new TicketCommand.AgentReply(), TicketState.Open),
            (new TicketCommand.WaitOnCustomer(), TicketState.Pending),
            (new TicketCommand.CustomerReply(), TicketState.Open),
            (new TicketCommand.Solve("ANSWERED") { FirstContact = false }, TicketState.Solved),
            (new TicketCommand.Close(), TicketState.Closed),
        ];

        var now = T0;
        foreach (var (command, expected) in steps)
        {
            now += Duration.FromMinutes(10);
            var before = ticket.State;
            ticket = _lifecycle.Apply(ticket, command, "agent-7", now);
            Assert.Equal(expected, ticket.State);
            Assert.Equal(new TransitionRecord<TicketState, TicketTrigger>("agent-7", now, before, expected, command.Trigger, command is TicketCommand.Solve ? "ANSWERED" : null), ticket.History[^1]);
        }

        Assert.Equal(steps.Length, ticket.Version);
        Assert.Equal(steps.Length, ticket.History.Count);
        Assert.Equal("agent-7", ticket.AssigneeId);
        Assert.Equal(T0 + Duration.FromMinutes(20), ticket.FirstRespondedAt);
        Assert.Equal(T0 + Duration.FromMinutes(40), ticket.LastCustomerReplyAt);
        Assert.Equal(T0 + Duration.FromMinutes(60), ticket.ClosedAt);
    }

    [Fact]
    public void Apply_AgentReplyTwice_KeepsTheFirstResponseInstant()
    {
        var ticket = _lifecycle.Apply(TicketArbitraries.NewTicket(), new TicketCommand.Assign("a"), "a", T0);
        ticket = _lifecycle.Apply(ticket, new TicketCommand.AgentReply(), "a", T0 + Duration.FromMinutes(3));
        ticket = _lifecycle.Apply(ticket, new TicketCommand.AgentReply(), "a", T0 + Duration.FromMinutes(9));
        Assert.Equal(T0 + Duration.FromMinutes(3), ticket.FirstRespondedAt);
        Assert.Equal(T0 + Duration.FromMinutes(9), ticket.LastAgentReplyAt);
    }

    [Fact]
    public void Apply_DispatchAndReturn_RecordsTheDepartmentAndItsDeadlineThenClearsIt()
    {
        var ticket = _lifecycle.Apply(TicketArbitraries.NewTicket(), new TicketCommand.Assign("a"), "a", T0);
        ticket = _lifecycle.Apply(ticket, new TicketCommand.Dispatch("warehouse", Duration.FromHours(24)), "a", T0 + Duration.FromHours(1));
        Assert.Equal(TicketState.OnHold, ticket.State);
        Assert.Equal(new TicketHold(TicketHoldKind.Department, "warehouse", T0 + Duration.FromHours(25)) { DeadlineBasis = CustomerService.Core.Sla.SlaTimeBasis.CalendarTime }, ticket.Hold);
        Assert.Equal("warehouse", ticket.History[^1].Reason);

        ticket = _lifecycle.Apply(ticket, new TicketCommand.ReturnFromHold(), "warehouse-lead", T0 + Duration.FromHours(5));
        Assert.Equal(TicketState.Open, ticket.State);
        Assert.Null(ticket.Hold);
    }

    [Fact]
    public void Apply_EscalateBeyondTierThree_ThrowsAndChangesNothing()
    {
        var ticket = _lifecycle.Apply(TicketArbitraries.NewTicket(), new TicketCommand.Assign("a"), "a", T0);
        ticket = _lifecycle.Apply(ticket, new TicketCommand.Escalate("tier2"), "a", T0);
        ticket = _lifecycle.Apply(ticket, new TicketCommand.Escalate("tier3"), "a", T0);
        Assert.Equal(3, ticket.Tier);
        Assert.Equal([TicketTrigger.Escalate, TicketTrigger.Escalate], ticket.History.Skip(1).Select(h => h.Trigger));

        var snapshot = ticket;
        var error = Assert.Throws<InvalidTransitionException<TicketState, TicketTrigger>>(() => _lifecycle.Apply(ticket, new TicketCommand.Escalate("tier4"), "a", T0));
        Assert.Equal(TicketState.Open, error.State);
        Assert.Equal(TicketTrigger.Escalate, error.Trigger);
        Assert.Equal(["below tier 3"], error.UnmetGuards);
        Assert.DoesNotContain(TicketTrigger.Escalate, error.PermittedTriggers.Cast<TicketTrigger>());
        Assert.False(_lifecycle.CanFire(ticket, TicketTrigger.Escalate, T0));
        Assert.Same(snapshot, ticket);
        Assert.Equal(3, ticket.Version);
    }

    [Fact]
    public void Apply_ReopenWithinWindow_OpensAndCountsAndClearsTheResolution()
    {
        var solved = Solved(T0);
        var reopened = _lifecycle.Apply(solved, new TicketCommand.Reopen(), "customer", T0 + Duration.FromDays(3) - Duration.Epsilon);
        Assert.Equal(TicketState.Open, reopened.State);
        Assert.Equal(1, reopened.ReopenCount);
        Assert.Null(reopened.SolvedAt);
        Assert.Null(reopened.ResolutionCode);

        var solvedAgain = _lifecycle.Apply(reopened, new TicketCommand.Solve("FIXED") { FirstContact = true }, "a", T0 + Duration.FromDays(4));
        Assert.False(solvedAgain.SolvedOnFirstContact);
    }

    [Fact]
    public void Apply_ReopenAtTheEndOfTheWindow_ThrowsNamingTheGuard()
    {
        var solved = Solved(T0);
        var error = Assert.Throws<InvalidTransitionException<TicketState, TicketTrigger>>(() => _lifecycle.Apply(solved, new TicketCommand.Reopen(), "customer", T0 + Duration.FromDays(3)));
        Assert.Equal(["within the reopen window"], error.UnmetGuards);
        Assert.Equal([TicketTrigger.Close], error.PermittedTriggers.Cast<TicketTrigger>());
        Assert.Equal(0, solved.ReopenCount);
    }

    [Fact]
    public void Apply_AutoClose_PermittedOnlyOnceTheDelayHasPassed()
    {
        var solved = Solved(T0);
        Assert.False(_lifecycle.IsDueForAutoClose(solved, T0 + Duration.FromDays(5) - Duration.Epsilon));
        Assert.Throws<InvalidTransitionException<TicketState, TicketTrigger>>(() => _lifecycle.Apply(solved, new TicketCommand.AutoClose(), "auto-close", T0 + Duration.FromDays(5) - Duration.Epsilon));
        Assert.True(_lifecycle.IsDueForAutoClose(solved, T0 + Duration.FromDays(5)));
        var closed = _lifecycle.Apply(solved, new TicketCommand.AutoClose(), "auto-close", T0 + Duration.FromDays(5));
        Assert.Equal(TicketState.Closed, closed.State);
        Assert.Equal(TicketTrigger.AutoClose, closed.History[^1].Trigger);
    }

    [Fact]
    public void Apply_SolveOnFirstContact_RecordsCodeAndFlag()
    {
        var ticket = _lifecycle.Apply(TicketArbitraries.NewTicket(), new TicketCommand.Assign("a"), "a", T0);
        ticket = _lifecycle.Apply(ticket, new TicketCommand.Solve("PASSWORD-RESET") { FirstContact = true }, "a", T0 + Duration.FromMinutes(4));
        Assert.True(ticket.SolvedOnFirstContact);
        Assert.Equal("PASSWORD-RESET", ticket.ResolutionCode);
        Assert.Equal(T0 + Duration.FromMinutes(4), ticket.SolvedAt);
    }

    [Fact]
    public void Apply_MergeAndCancel_RecordTheirData()
    {
        var merged = _lifecycle.Apply(TicketArbitraries.NewTicket(), new TicketCommand.Merge(new TicketId("T-9")), "a", T0);
        Assert.Equal((TicketState.Merged, new TicketId("T-9")), (merged.State, merged.MergedInto!.Value));
        var cancelled = _lifecycle.Apply(TicketArbitraries.NewTicket(), new TicketCommand.Cancel(TicketCancelReason.Duplicate), "a", T0);
        Assert.Equal((TicketState.Cancelled, TicketCancelReason.Duplicate, "Duplicate"), (cancelled.State, cancelled.CancelReason!.Value, cancelled.History[^1].Reason));
    }

    [Theory]
    [MemberData(nameof(PermittedByState))]
    public void GetPermittedTriggers_EveryState_MatchesTheSpecification(TicketState state, TicketTrigger[] expected)
    {
        var ticket = InState(state);
        var permitted = _lifecycle.GetPermittedTriggers(ticket, T0 + Duration.FromDays(10));
        if (state == TicketState.Solved)
        {
            // Reopen and auto-close exclude each other in time: check each at a moment its guard holds.
            Assert.Equal(expected.Except([TicketTrigger.AutoClose]), _lifecycle.GetPermittedTriggers(ticket, T0 + Duration.FromDays(1)));
            Assert.Equal(expected.Except([TicketTrigger.Reopen]), permitted);
            return;
        }

        Assert.Equal(expected, permitted);
    }

    [Theory]
    [MemberData(nameof(PermittedByState))]
    public void Apply_EveryTriggerNotPermitted_ThrowsTypedExceptionAndChangesNothing(TicketState state, TicketTrigger[] permittedWhenGuardsHold)
    {
        var ticket = InState(state);
        foreach (var trigger in Enum.GetValues<TicketTrigger>().Except(permittedWhenGuardsHold))
        {
            Assert.False(_lifecycle.CanFire(ticket, trigger, T0));
            var error = Assert.Throws<InvalidTransitionException<TicketState, TicketTrigger>>(() => _lifecycle.Apply(ticket, TicketArbitraries.CommandFor(trigger), "a", T0));
            Assert.Equal("Ticket", error.Lifecycle);
            Assert.Equal(state, error.State);
            Assert.Equal(trigger, error.Trigger);
            Assert.Empty(error.UnmetGuards);
            Assert.Equal(_lifecycle.GetPermittedTriggers(ticket, T0), error.PermittedTriggers.Cast<TicketTrigger>());
            Assert.Contains(trigger.ToString(), error.Message, StringComparison.Ordinal);
            Assert.IsAssignableFrom<CustomerServiceException>(error);
        }

        Assert.Equal(0, ticket.Version);
        Assert.Empty(ticket.History);
    }

    [Fact]
    public void Apply_BadCommandData_ThrowsArgumentExceptionBeforeFiring()
    {
        var open = _lifecycle.Apply(TicketArbitraries.NewTicket(), new TicketCommand.Assign("a"), "a", T0);
        Assert.Equal("command", Assert.Throws<ArgumentException>(() => _lifecycle.Apply(open, new TicketCommand.Reassign(" "), "a", T0)).ParamName);
        Assert.Contains("TimeLimit", Assert.Throws<ArgumentException>(() => _lifecycle.Apply(open, new TicketCommand.Dispatch("it", Duration.Zero), "a", T0)).Message, StringComparison.Ordinal);
        Assert.Contains("Deadline", Assert.Throws<ArgumentException>(() => _lifecycle.Apply(open, new TicketCommand.DispatchUntil("it", T0), "a", T0)).Message, StringComparison.Ordinal);
        Assert.Contains("Department", Assert.Throws<ArgumentException>(() => _lifecycle.Apply(open, new TicketCommand.DispatchUntil(" ", T0 + Duration.FromHours(1)), "a", T0)).Message, StringComparison.Ordinal);
        Assert.Contains("Into", Assert.Throws<ArgumentException>(() => _lifecycle.Apply(open, new TicketCommand.Merge(open.Id), "a", T0)).Message, StringComparison.Ordinal);
        Assert.Equal("actor", Assert.Throws<ArgumentException>(() => _lifecycle.Apply(open, new TicketCommand.AgentReply(), "", T0)).ParamName);
        Assert.Equal(1, open.Version);
    }

    [Fact]
    public void Constructor_NonPositiveWindow_ThrowsNamingTheSetting()
    {
        var error = Assert.Throws<ArgumentException>(() => new TicketLifecycle(new TicketOptions { ReopenWindow = Duration.Zero }));
        Assert.Contains("ReopenWindow", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToMermaid_Definition_NamesEveryStateAndGuard()
    {
        var diagram = _lifecycle.ToMermaid();
        Assert.StartsWith("stateDiagram-v2", diagram, StringComparison.Ordinal);
        Assert.All(Enum.GetNames<TicketState>(), name => Assert.Contains(name, diagram, StringComparison.Ordinal));
        Assert.Contains("within the reopen window", diagram, StringComparison.Ordinal);
    }

    [Property(Arbitrary = [typeof(TicketArbitraries)], MaxTest = 200)]
    public void Apply_RandomTriggerSequences_Meets_Specification(TicketScript script)
    {
        var declared = LifecycleSpecification.DeclaredTransitions(_lifecycle.GetInfo());
        var ticket = TicketArbitraries.NewTicket();
        var now = T0;
        foreach (var step in script.Steps)
        {
            now += Duration.FromMinutes(step.MinutesLater);
            var command = TicketArbitraries.CommandFor(step.Trigger);
            if (_lifecycle.CanFire(ticket, step.Trigger, now))
            {
                ticket = _lifecycle.Apply(ticket, command, "a", now);
            }
            else
            {
                var before = ticket;
                Assert.Throws<InvalidTransitionException<TicketState, TicketTrigger>>(() => _lifecycle.Apply(before, command, "a", now));
                Assert.Same(before, ticket);
            }
        }

        Assert.Equal(ticket.Version, ticket.History.Count);
        Assert.InRange(ticket.Tier, 1, 3);
        Assert.Equal(ticket.History.Count(h => h.Trigger == TicketTrigger.Reopen), ticket.ReopenCount);
        LifecycleSpecification.AssertChained(TicketState.New, ticket.State, ticket.History.Select(h => (h.From, h.Trigger, h.To)), declared);
    }

    private Ticket Solved(Instant at)
    {
        var ticket = _lifecycle.Apply(TicketArbitraries.NewTicket(), new TicketCommand.Assign("a"), "a", at);
        return _lifecycle.Apply(ticket, new TicketCommand.Solve("FIXED") { FirstContact = false }, "a", at);
    }

    private static Ticket InState(TicketState state) => TicketArbitraries.NewTicket() with
    {
        State = state,
        SolvedAt = state == TicketState.Solved ? T0 : null,
    };
}
