using CustomerService.Core.Lifecycles;
using NodaTime;
using Stateless;
using Stateless.Graph;

namespace CustomerService.Core.Tickets;

/// <summary>
/// The ticket lifecycle's definition: which triggers are permitted in which state, under which guards. It decides
/// and records; it holds no ticket and does no I/O.
/// </summary>
/// <remarks>
/// New → (assign) Open ⇄ Pending (wait on customer / customer reply) ⇄ OnHold (dispatch to a department with a time
/// limit, or wait on a third party / return) → Solved → Closed (by hand, or automatically once
/// <see cref="TicketOptions.AutoCloseAfter"/> has passed); a solved ticket can be reopened within
/// <see cref="TicketOptions.ReopenWindow"/>; escalation goes tier 1 → 2 → 3; a ticket still in progress can be merged
/// into another or cancelled (spam, duplicate). See <c>docs/lifecycles.md</c> for the diagram.
/// </remarks>
/// <threadsafety>This type is immutable and thread-safe: one instance serves all threads.</threadsafety>
public sealed class TicketLifecycle
{
    private const string LifecycleName = "Ticket";
    private readonly LifecycleDefinition<TicketState, TicketTrigger, GuardContext> _definition;

    /// <summary>Initializes a new instance of the <see cref="TicketLifecycle"/> class.</summary>
    /// <param name="options">The reopen window and the auto-close delay; copied, so later changes have no effect.</param>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">Thrown when a setting is not valid (the message names it).</exception>
    public TicketLifecycle(TicketOptions options)
        : this(options, poolMachines: true)
    {
    }

    /// <summary>Initializes a lifecycle that may configure a new machine for every transition (to measure that alternative).</summary>
    internal TicketLifecycle(TicketOptions options, bool poolMachines)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate(string.Empty).ToList();
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", errors), nameof(options));
        }

        ReopenWindow = options.ReopenWindow;
        AutoCloseAfter = options.AutoCloseAfter;
        _definition = new(LifecycleName, TicketState.New, Configure, poolMachines);
    }

    /// <summary>Gets how long after solving a ticket may be reopened.</summary>
    /// <value>A positive duration.</value>
    public Duration ReopenWindow { get; }

    /// <summary>Gets how long after solving a ticket is closed automatically.</summary>
    /// <value>A positive duration.</value>
    public Duration AutoCloseAfter { get; }

    /// <summary>Applies a command: fires its trigger, then records its data, one history entry and the next version.</summary>
    /// <param name="ticket">The ticket as loaded.</param>
    /// <param name="command">What to do.</param>
    /// <param name="actor">Who does it (an agent id or a job name).</param>
    /// <param name="now">The current instant; guards read it and the history records it. An instant earlier than the entity's last recorded change is clamped to it (time is monotonic per entity; the history entry keeps the requested instant).</param>
    /// <returns>The ticket at its next version; <paramref name="ticket"/> itself is unchanged.</returns>
    /// <exception cref="ArgumentNullException">Thrown when an argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">Thrown when <paramref name="actor"/> is empty or the command's data is not valid.</exception>
    /// <exception cref="InvalidTransitionException">Thrown when the trigger is not permitted now; nothing changed.</exception>
    public Ticket Apply(Ticket ticket, TicketCommand command, string actor, Instant now)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        ArgumentNullException.ThrowIfNull(command);
        Guard.Text(actor, nameof(actor));
        var at = EffectiveTime.Of(now, ticket.UpdatedAt ?? ticket.CreatedAt);
        command.Validate(ticket, at);
        var to = Decide(ticket, command.Trigger, at);
        var recorded = command.Record(ticket, at);
        return recorded with
        {
            State = to,
            Version = ticket.Version + 1,
            UpdatedAt = at,
            History = History.Append(ticket.History, new TransitionRecord<TicketState, TicketTrigger>(actor, at, ticket.State, to, command.Trigger, command.Reason) { RequestedAt = at == now ? null : now }),
        };
    }

    /// <summary>Fires a trigger on the definition alone and returns the destination state (no data, no history).</summary>
    internal TicketState Decide(Ticket ticket, TicketTrigger trigger, Instant now) =>
        _definition.Fire(ticket.State, trigger, new GuardContext(ticket, now, this));

    /// <summary>Tells whether a trigger is permitted for the ticket now (guards included).</summary>
    /// <param name="ticket">The ticket.</param>
    /// <param name="trigger">The trigger.</param>
    /// <param name="now">The current instant.</param>
    /// <returns><see langword="true"/> when <see cref="Apply"/> with that trigger would not throw <see cref="InvalidTransitionException"/>.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="ticket"/> is <see langword="null"/>.</exception>
    public bool CanFire(Ticket ticket, TicketTrigger trigger, Instant now)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        return _definition.CanFire(ticket.State, trigger, new GuardContext(ticket, now, this));
    }

    /// <summary>Lists the triggers permitted for the ticket now (guards included).</summary>
    /// <param name="ticket">The ticket.</param>
    /// <param name="now">The current instant.</param>
    /// <returns>The permitted triggers in declaration order; empty in a final state.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="ticket"/> is <see langword="null"/>.</exception>
    public IReadOnlyList<TicketTrigger> GetPermittedTriggers(Ticket ticket, Instant now)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        return _definition.GetPermittedTriggers(ticket.State, new GuardContext(ticket, now, this));
    }

    /// <summary>Tells whether a solved ticket is due for automatic closing.</summary>
    /// <param name="ticket">The ticket.</param>
    /// <param name="now">The current instant.</param>
    /// <returns><see langword="true"/> when the ticket is solved and <see cref="AutoCloseAfter"/> has passed since.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="ticket"/> is <see langword="null"/>.</exception>
    public bool IsDueForAutoClose(Ticket ticket, Instant now)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        return ticket.State == TicketState.Solved && ticket.SolvedAt is { } solved && solved + AutoCloseAfter <= now;
    }

    /// <summary>Formats the definition as a Mermaid state diagram (generated from the code, for the docs).</summary>
    /// <returns>The diagram's Mermaid text.</returns>
    public string ToMermaid() => MermaidGraph.Format(_definition.GetInfo());

    /// <summary>Describes the definition for tests and tools.</summary>
    internal Stateless.Reflection.StateMachineInfo GetInfo() => _definition.GetInfo();

    private static void Configure(StateMachine<TicketState, TicketTrigger> machine, Func<GuardContext> context)
    {
        const string BelowTopTier = "below tier 3";
        const string WithinReopenWindow = "within the reopen window";
        const string AutoCloseDue = "auto-close delay passed";
        bool CanEscalate() => context().Ticket.Tier < 3;

        machine.Configure(TicketState.New)
            .PermitReentry(TicketTrigger.UpdateFacts)
            .Permit(TicketTrigger.Assign, TicketState.Open)
            .Permit(TicketTrigger.Merge, TicketState.Merged)
            .Permit(TicketTrigger.Cancel, TicketState.Cancelled);

        machine.Configure(TicketState.Open)
            .PermitReentry(TicketTrigger.Reassign)
            .PermitReentry(TicketTrigger.UpdateFacts)
            .PermitReentry(TicketTrigger.AgentReply)
            .PermitReentry(TicketTrigger.CustomerReply)
            .PermitReentryIf(TicketTrigger.Escalate, CanEscalate, BelowTopTier)
            .Permit(TicketTrigger.WaitOnCustomer, TicketState.Pending)
            .Permit(TicketTrigger.Dispatch, TicketState.OnHold)
            .Permit(TicketTrigger.WaitOnThirdParty, TicketState.OnHold)
            .Permit(TicketTrigger.Solve, TicketState.Solved)
            .Permit(TicketTrigger.Merge, TicketState.Merged)
            .Permit(TicketTrigger.Cancel, TicketState.Cancelled);

        machine.Configure(TicketState.Pending)
            .PermitReentry(TicketTrigger.Reassign)
            .PermitReentry(TicketTrigger.UpdateFacts)
            .PermitReentry(TicketTrigger.AgentReply)
            .PermitReentryIf(TicketTrigger.Escalate, CanEscalate, BelowTopTier)
            .Permit(TicketTrigger.CustomerReply, TicketState.Open)
            .Permit(TicketTrigger.Solve, TicketState.Solved)
            .Permit(TicketTrigger.Merge, TicketState.Merged)
            .Permit(TicketTrigger.Cancel, TicketState.Cancelled);

        machine.Configure(TicketState.OnHold)
            .PermitReentry(TicketTrigger.Reassign)
            .PermitReentry(TicketTrigger.UpdateFacts)
            .PermitReentry(TicketTrigger.AgentReply)
            .PermitReentry(TicketTrigger.CustomerReply)
            .PermitReentryIf(TicketTrigger.Escalate, CanEscalate, BelowTopTier)
            .Permit(TicketTrigger.ReturnFromHold, TicketState.Open)
            .Permit(TicketTrigger.Solve, TicketState.Solved)
            .Permit(TicketTrigger.Merge, TicketState.Merged)
            .Permit(TicketTrigger.Cancel, TicketState.Cancelled);

        machine.Configure(TicketState.Solved)
            .PermitIf(TicketTrigger.Reopen, TicketState.Open, () => context().WithinReopenWindow, WithinReopenWindow)
            .Permit(TicketTrigger.Close, TicketState.Closed)
            .PermitIf(TicketTrigger.AutoClose, TicketState.Closed, () => context().AutoCloseDue, AutoCloseDue);

        machine.Configure(TicketState.Closed);
        machine.Configure(TicketState.Merged);
        machine.Configure(TicketState.Cancelled);
    }

    private readonly record struct GuardContext(Ticket Ticket, Instant Now, TicketLifecycle Lifecycle)
    {
        public bool WithinReopenWindow => Ticket.SolvedAt is { } solved && Now < solved + Lifecycle.ReopenWindow;

        public bool AutoCloseDue => Lifecycle.IsDueForAutoClose(Ticket, Now);
    }
}
