using CustomerService.Core.Lifecycles;
using NodaTime;
using Stateless;
using Stateless.Graph;

namespace CustomerService.Core.Complaints;

/// <summary>
/// The complaint lifecycle's definition (after ISO 10002): which triggers are permitted in which state, under which
/// guards. It decides and records; it holds no complaint and does no I/O.
/// </summary>
/// <remarks>
/// Received → Acknowledged (deadline) → Investigating (assessment) → RemedyProposed → Accepted → RemedyFulfilled →
/// FollowUp → Closed (satisfied or not). A complaint not upheld, or a remedy refused, is Rejected; the complainant may
/// appeal (Escalated) and get a final response, which is accepted or taken to an external body. The complainant may
/// withdraw until the remedy is accepted. See <c>docs/lifecycles.md</c> for the diagram.
/// </remarks>
/// <threadsafety>This type is immutable and thread-safe: one instance serves all threads.</threadsafety>
public sealed class ComplaintLifecycle
{
    private const string LifecycleName = "Complaint";
    private readonly LifecycleDefinition<ComplaintState, ComplaintTrigger, Complaint> _definition;

    /// <summary>Initializes a new instance of the <see cref="ComplaintLifecycle"/> class.</summary>
    public ComplaintLifecycle()
    {
        _definition = new(LifecycleName, ComplaintState.Received, Configure);
    }

    /// <summary>Applies a command: fires its trigger, then records its data, one history entry and the next version.</summary>
    /// <param name="complaint">The complaint as loaded.</param>
    /// <param name="command">What to do.</param>
    /// <param name="actor">Who does it (an agent id or a job name).</param>
    /// <param name="now">The current instant; the history records it. An instant earlier than the entity's last recorded change is clamped to it (time is monotonic per entity; the history entry keeps the requested instant).</param>
    /// <returns>The complaint at its next version; <paramref name="complaint"/> itself is unchanged.</returns>
    /// <exception cref="ArgumentNullException">Thrown when an argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">Thrown when <paramref name="actor"/> is empty or the command's data is not valid.</exception>
    /// <exception cref="InvalidTransitionException">Thrown when the trigger is not permitted now; nothing changed.</exception>
    public Complaint Apply(Complaint complaint, ComplaintCommand command, string actor, Instant now)
    {
        ArgumentNullException.ThrowIfNull(complaint);
        ArgumentNullException.ThrowIfNull(command);
        Guard.Text(actor, nameof(actor));
        var at = EffectiveTime.Of(now, complaint.UpdatedAt ?? complaint.ReceivedAt);
        command.Validate(complaint, at);
        var to = _definition.Fire(complaint.State, command.Trigger, complaint);
        var recorded = command.Record(complaint, at);
        return recorded with
        {
            State = to,
            Version = complaint.Version + 1,
            UpdatedAt = at,
            History = History.Append(complaint.History, new TransitionRecord<ComplaintState, ComplaintTrigger>(actor, at, complaint.State, to, command.Trigger, command.Reason) { RequestedAt = at == now ? null : now }),
        };
    }

    /// <summary>Tells whether a trigger is permitted for the complaint (guards included).</summary>
    /// <param name="complaint">The complaint.</param>
    /// <param name="trigger">The trigger.</param>
    /// <param name="now">The current instant (the complaint's guards do not read the time today; the parameter keeps the lifecycles alike).</param>
    /// <returns><see langword="true"/> when <see cref="Apply"/> with that trigger would not throw <see cref="InvalidTransitionException"/>.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="complaint"/> is <see langword="null"/>.</exception>
    public bool CanFire(Complaint complaint, ComplaintTrigger trigger, Instant now)
    {
        ArgumentNullException.ThrowIfNull(complaint);
        return _definition.CanFire(complaint.State, trigger, complaint);
    }

    /// <summary>Lists the triggers permitted for the complaint (guards included).</summary>
    /// <param name="complaint">The complaint.</param>
    /// <param name="now">The current instant (the complaint's guards do not read the time today; the parameter keeps the lifecycles alike).</param>
    /// <returns>The permitted triggers in declaration order; empty in a final state.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="complaint"/> is <see langword="null"/>.</exception>
    public IReadOnlyList<ComplaintTrigger> GetPermittedTriggers(Complaint complaint, Instant now)
    {
        ArgumentNullException.ThrowIfNull(complaint);
        return _definition.GetPermittedTriggers(complaint.State, complaint);
    }

    /// <summary>Formats the definition as a Mermaid state diagram (generated from the code, for the docs).</summary>
    /// <returns>The diagram's Mermaid text.</returns>
    public string ToMermaid() => MermaidGraph.Format(_definition.GetInfo());

    /// <summary>Describes the definition for tests and tools.</summary>
    internal Stateless.Reflection.StateMachineInfo GetInfo() => _definition.GetInfo();

    private static void Configure(StateMachine<ComplaintState, ComplaintTrigger> machine, Func<Complaint> complaint)
    {
        const string Assessed = "assessment recorded";
        bool IsAssessed() => complaint().Assessment is not null;

        machine.Configure(ComplaintState.Received)
            .Permit(ComplaintTrigger.Acknowledge, ComplaintState.Acknowledged)
            .Permit(ComplaintTrigger.Withdraw, ComplaintState.Withdrawn);

        machine.Configure(ComplaintState.Acknowledged)
            .Permit(ComplaintTrigger.Investigate, ComplaintState.Investigating)
            .Permit(ComplaintTrigger.Withdraw, ComplaintState.Withdrawn);

        machine.Configure(ComplaintState.Investigating)
            .PermitReentry(ComplaintTrigger.Assess)
            .PermitIf(ComplaintTrigger.ProposeRemedy, ComplaintState.RemedyProposed, IsAssessed, Assessed)
            .PermitIf(ComplaintTrigger.Dismiss, ComplaintState.Rejected, IsAssessed, Assessed)
            .Permit(ComplaintTrigger.Withdraw, ComplaintState.Withdrawn);

        machine.Configure(ComplaintState.RemedyProposed)
            .Permit(ComplaintTrigger.AcceptRemedy, ComplaintState.Accepted)
            .Permit(ComplaintTrigger.RejectRemedy, ComplaintState.Rejected)
            .Permit(ComplaintTrigger.Withdraw, ComplaintState.Withdrawn);

        machine.Configure(ComplaintState.Accepted)
            .Permit(ComplaintTrigger.FulfilRemedy, ComplaintState.RemedyFulfilled);

        machine.Configure(ComplaintState.RemedyFulfilled)
            .Permit(ComplaintTrigger.StartFollowUp, ComplaintState.FollowUp);

        machine.Configure(ComplaintState.FollowUp)
            .Permit(ComplaintTrigger.Close, ComplaintState.Closed);

        machine.Configure(ComplaintState.Rejected)
            .Permit(ComplaintTrigger.Appeal, ComplaintState.Escalated)
            .Permit(ComplaintTrigger.Close, ComplaintState.Closed)
            .Permit(ComplaintTrigger.Withdraw, ComplaintState.Withdrawn);

        machine.Configure(ComplaintState.Escalated)
            .Permit(ComplaintTrigger.GiveFinalResponse, ComplaintState.FinalResponse)
            .Permit(ComplaintTrigger.Withdraw, ComplaintState.Withdrawn);

        machine.Configure(ComplaintState.FinalResponse)
            .Permit(ComplaintTrigger.AcceptFinalResponse, ComplaintState.Accepted)
            .Permit(ComplaintTrigger.ReferExternally, ComplaintState.ReferredExternally)
            .Permit(ComplaintTrigger.Withdraw, ComplaintState.Withdrawn);

        machine.Configure(ComplaintState.Closed);
        machine.Configure(ComplaintState.ReferredExternally);
        machine.Configure(ComplaintState.Withdrawn);
    }
}
