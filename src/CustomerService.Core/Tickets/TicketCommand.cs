using System.Diagnostics.CodeAnalysis;
using CustomerService.Core.Sla;
using NodaTime;

namespace CustomerService.Core.Tickets;

/// <summary>
/// An action on a ticket: the trigger it fires and the data it records. The set is closed: use the nested types,
/// for example <c>new TicketCommand.Assign("agent-7")</c>.
/// </summary>
/// <threadsafety>Commands are immutable and may be shared freely between threads.</threadsafety>
[SuppressMessage("Design", "CA1034:Nested types should not be visible", Justification = "The nested records are the closed vocabulary of ticket commands; nesting keeps names like Assign and Cancel unambiguous next to the complaint and callback commands.")]
public abstract record TicketCommand
{
    private protected TicketCommand()
    {
    }

    /// <summary>Gets the lifecycle trigger this command fires.</summary>
    /// <value>The trigger.</value>
    public abstract TicketTrigger Trigger { get; }

    /// <summary>Gets the short code recorded as the history entry's reason.</summary>
    internal virtual string? Reason => null;

    /// <summary>Checks the command's own data before anything is fired.</summary>
    internal virtual void Validate(Ticket ticket, Instant now)
    {
    }

    /// <summary>Records the command's data on the ticket that has already moved to its new state.</summary>
    internal abstract Ticket Record(Ticket ticket, Instant now);

    /// <summary>Assigns a new ticket to an agent.</summary>
    /// <param name="AssigneeId">The agent's identifier.</param>
    /// <threadsafety>Commands are immutable and may be shared freely between threads.</threadsafety>
    public sealed record Assign(string AssigneeId) : TicketCommand
    {
        /// <summary>Gets the agent's identifier.</summary>
        public string AssigneeId { get; } = AssigneeId;

        /// <inheritdoc/>
        public override TicketTrigger Trigger => TicketTrigger.Assign;

        internal override void Validate(Ticket ticket, Instant now) => Guard.CommandText(AssigneeId, nameof(AssigneeId));

        internal override Ticket Record(Ticket ticket, Instant now) => ticket with { AssigneeId = AssigneeId };
    }

    /// <summary>Assigns a ticket in progress to another agent.</summary>
    /// <param name="AssigneeId">The new agent's identifier.</param>
    /// <threadsafety>Commands are immutable and may be shared freely between threads.</threadsafety>
    public sealed record Reassign(string AssigneeId) : TicketCommand
    {
        /// <summary>Gets the new agent's identifier.</summary>
        public string AssigneeId { get; } = AssigneeId;

        /// <inheritdoc/>
        public override TicketTrigger Trigger => TicketTrigger.Reassign;

        internal override void Validate(Ticket ticket, Instant now) => Guard.CommandText(AssigneeId, nameof(AssigneeId));

        internal override Ticket Record(Ticket ticket, Instant now) => ticket with { AssigneeId = AssigneeId };
    }

    /// <summary>Records an agent's reply to the customer (the first one meets the first-response target).</summary>
    /// <threadsafety>Commands are immutable and may be shared freely between threads.</threadsafety>
    public sealed record AgentReply : TicketCommand
    {
        /// <inheritdoc/>
        public override TicketTrigger Trigger => TicketTrigger.AgentReply;

        internal override Ticket Record(Ticket ticket, Instant now) =>
            ticket with { FirstRespondedAt = ticket.FirstRespondedAt ?? now, LastAgentReplyAt = now };
    }

    /// <summary>Records the customer's reply (a pending ticket opens again).</summary>
    /// <threadsafety>Commands are immutable and may be shared freely between threads.</threadsafety>
    public sealed record CustomerReply : TicketCommand
    {
        /// <inheritdoc/>
        public override TicketTrigger Trigger => TicketTrigger.CustomerReply;

        internal override Ticket Record(Ticket ticket, Instant now) => ticket with { LastCustomerReplyAt = now };
    }

    /// <summary>Waits on the customer (the ticket becomes pending).</summary>
    /// <threadsafety>Commands are immutable and may be shared freely between threads.</threadsafety>
    public sealed record WaitOnCustomer : TicketCommand
    {
        /// <inheritdoc/>
        public override TicketTrigger Trigger => TicketTrigger.WaitOnCustomer;

        internal override Ticket Record(Ticket ticket, Instant now) => ticket;
    }

    /// <summary>Dispatches the ticket to another department (统一派单、限时处理) with a time limit.</summary>
    /// <remarks>
    /// The limit counts in business time on the calendar of the ticket's SLA policy when the ticket service keeps SLA
    /// clocks for it, and in wall time otherwise (also when the lifecycle is used on its own); <see cref="TicketHold.DeadlineBasis"/>
    /// records which. When the deadline passes while the ticket is still on hold, the service's due work raises
    /// <see cref="TicketHoldDeadlinePassed"/> once.
    /// </remarks>
    /// <param name="Department">The department's name.</param>
    /// <param name="TimeLimit">How long the department has; positive.</param>
    /// <threadsafety>Commands are immutable and may be shared freely between threads.</threadsafety>
    public sealed record Dispatch(string Department, Duration TimeLimit) : TicketCommand
    {
        /// <summary>Gets the department's name.</summary>
        public string Department { get; } = Department;

        /// <summary>Gets how long the department has; positive.</summary>
        public Duration TimeLimit { get; } = TimeLimit;

        /// <inheritdoc/>
        public override TicketTrigger Trigger => TicketTrigger.Dispatch;

        internal override string? Reason => Department;

        internal override void Validate(Ticket ticket, Instant now)
        {
            Guard.CommandText(Department, nameof(Department));
            Guard.Command(TimeLimit > Duration.Zero, nameof(TimeLimit), "must be positive");
        }

        internal override Ticket Record(Ticket ticket, Instant now) =>
            ticket with { Hold = new TicketHold(TicketHoldKind.Department, Department, now + TimeLimit) { DeadlineBasis = SlaTimeBasis.CalendarTime } };
    }

    /// <summary>Dispatches the ticket to another department until an exact deadline the caller computed (for example in the department's own calendar).</summary>
    /// <remarks>
    /// Unlike <see cref="Dispatch"/>, the deadline is not recomputed on the ticket's SLA calendar: the hold keeps it as
    /// given, with <see cref="TicketHold.DeadlineBasis"/> <see cref="SlaTimeBasis.CalendarTime"/>. When it passes while
    /// the ticket is still on hold, the service's due work raises <see cref="TicketHoldDeadlinePassed"/> once.
    /// </remarks>
    /// <param name="Department">The department's name.</param>
    /// <param name="Deadline">When the department's time runs out; after the instant of the dispatch.</param>
    /// <threadsafety>Commands are immutable and may be shared freely between threads.</threadsafety>
    public sealed record DispatchUntil(string Department, Instant Deadline) : TicketCommand
    {
        /// <summary>Gets the department's name.</summary>
        public string Department { get; } = Department;

        /// <summary>Gets when the department's time runs out.</summary>
        public Instant Deadline { get; } = Deadline;

        /// <inheritdoc/>
        public override TicketTrigger Trigger => TicketTrigger.Dispatch;

        internal override string? Reason => Department;

        internal override void Validate(Ticket ticket, Instant now)
        {
            Guard.CommandText(Department, nameof(Department));
            Guard.Command(Deadline > now, nameof(Deadline), "must be after the dispatch");
        }

        internal override Ticket Record(Ticket ticket, Instant now) =>
            ticket with { Hold = new TicketHold(TicketHoldKind.Department, Department, Deadline) { DeadlineBasis = SlaTimeBasis.CalendarTime } };
    }

    /// <summary>Puts the ticket on hold while a third party (a supplier, a carrier) answers.</summary>
    /// <param name="Party">The third party's name.</param>
    /// <threadsafety>Commands are immutable and may be shared freely between threads.</threadsafety>
    public sealed record WaitOnThirdParty(string Party) : TicketCommand
    {
        /// <summary>Gets the third party's name.</summary>
        public string Party { get; } = Party;

        /// <inheritdoc/>
        public override TicketTrigger Trigger => TicketTrigger.WaitOnThirdParty;

        internal override string? Reason => Party;

        internal override void Validate(Ticket ticket, Instant now) => Guard.CommandText(Party, nameof(Party));

        internal override Ticket Record(Ticket ticket, Instant now) =>
            ticket with { Hold = new TicketHold(TicketHoldKind.ThirdParty, Party, null) };
    }

    /// <summary>Brings the ticket back from hold (the department or third party answered).</summary>
    /// <threadsafety>Commands are immutable and may be shared freely between threads.</threadsafety>
    public sealed record ReturnFromHold : TicketCommand
    {
        /// <inheritdoc/>
        public override TicketTrigger Trigger => TicketTrigger.ReturnFromHold;

        internal override Ticket Record(Ticket ticket, Instant now) => ticket with { Hold = null };
    }

    /// <summary>Escalates the ticket to the next support tier (1 → 2 → 3).</summary>
    /// <param name="ReasonCode">A short code saying why, recorded in the history.</param>
    /// <threadsafety>Commands are immutable and may be shared freely between threads.</threadsafety>
    public sealed record Escalate(string ReasonCode) : TicketCommand
    {
        /// <summary>Gets A short code saying why, recorded in the history.</summary>
        public string ReasonCode { get; } = ReasonCode;

        /// <inheritdoc/>
        public override TicketTrigger Trigger => TicketTrigger.Escalate;

        internal override string? Reason => ReasonCode;

        internal override void Validate(Ticket ticket, Instant now) => Guard.CommandText(ReasonCode, nameof(ReasonCode));

        internal override Ticket Record(Ticket ticket, Instant now) => ticket with { Tier = ticket.Tier + 1 };
    }

    /// <summary>Solves the ticket.</summary>
    /// <example><code>new TicketCommand.Solve("REPLACED-PART") { FirstContact = true }</code></example>
    /// <param name="ResolutionCode">The host's resolution code.</param>
    /// <threadsafety>Commands are immutable and may be shared freely between threads.</threadsafety>
    public sealed record Solve(string ResolutionCode) : TicketCommand
    {
        /// <summary>Gets the host's resolution code.</summary>
        public string ResolutionCode { get; } = ResolutionCode;

        /// <summary>Gets a value indicating whether the ticket was solved on first contact with the customer (首次解决).</summary>
        /// <value>The default value is <see langword="false"/>. A ticket that was ever reopened never counts as solved on first contact.</value>
        public bool FirstContact { get; init; }

        /// <inheritdoc/>
        public override TicketTrigger Trigger => TicketTrigger.Solve;

        internal override string? Reason => ResolutionCode;

        internal override void Validate(Ticket ticket, Instant now) => Guard.CommandText(ResolutionCode, nameof(ResolutionCode));

        internal override Ticket Record(Ticket ticket, Instant now) => ticket with
        {
            SolvedAt = now,
            ResolutionCode = ResolutionCode,
            SolvedOnFirstContact = FirstContact && ticket.ReopenCount == 0,
            Hold = null,
        };
    }

    /// <summary>Reopens a solved ticket (allowed within the reopen window; counted).</summary>
    /// <threadsafety>Commands are immutable and may be shared freely between threads.</threadsafety>
    public sealed record Reopen : TicketCommand
    {
        /// <inheritdoc/>
        public override TicketTrigger Trigger => TicketTrigger.Reopen;

        internal override Ticket Record(Ticket ticket, Instant now) => ticket with
        {
            ReopenCount = ticket.ReopenCount + 1,
            SolvedAt = null,
            ResolutionCode = null,
            SolvedOnFirstContact = false,
        };
    }

    /// <summary>Closes a solved ticket by hand.</summary>
    /// <threadsafety>Commands are immutable and may be shared freely between threads.</threadsafety>
    public sealed record Close : TicketCommand
    {
        /// <inheritdoc/>
        public override TicketTrigger Trigger => TicketTrigger.Close;

        internal override Ticket Record(Ticket ticket, Instant now) => ticket with { ClosedAt = now };
    }

    /// <summary>Closes a solved ticket automatically once the configured delay after solving has passed.</summary>
    /// <threadsafety>Commands are immutable and may be shared freely between threads.</threadsafety>
    public sealed record AutoClose : TicketCommand
    {
        /// <inheritdoc/>
        public override TicketTrigger Trigger => TicketTrigger.AutoClose;

        internal override Ticket Record(Ticket ticket, Instant now) => ticket with { ClosedAt = now };
    }

    /// <summary>Merges the ticket into another one.</summary>
    /// <param name="Into">The surviving ticket.</param>
    /// <threadsafety>Commands are immutable and may be shared freely between threads.</threadsafety>
    public sealed record Merge(TicketId Into) : TicketCommand
    {
        /// <summary>Gets the surviving ticket.</summary>
        public TicketId Into { get; } = Into;

        /// <inheritdoc/>
        public override TicketTrigger Trigger => TicketTrigger.Merge;

        internal override string? Reason => Into.Value;

        internal override void Validate(Ticket ticket, Instant now)
        {
            Guard.Command(Into.Value is not null && Into != ticket.Id, nameof(Into), "must identify another ticket");
        }

        internal override Ticket Record(Ticket ticket, Instant now) => ticket with { MergedInto = Into };
    }

    /// <summary>Cancels the ticket as spam or duplicate.</summary>
    /// <param name="CancelReason">Why.</param>
    /// <threadsafety>Commands are immutable and may be shared freely between threads.</threadsafety>
    public sealed record Cancel(TicketCancelReason CancelReason) : TicketCommand
    {
        /// <summary>Gets why.</summary>
        public TicketCancelReason CancelReason { get; } = CancelReason;

        /// <inheritdoc/>
        public override TicketTrigger Trigger => TicketTrigger.Cancel;

        internal override string? Reason => CancelReason.ToString();

        internal override void Validate(Ticket ticket, Instant now) => Guard.CommandDefined(CancelReason, nameof(CancelReason));

        internal override Ticket Record(Ticket ticket, Instant now) => ticket with { CancelReason = CancelReason };
    }

    /// <summary>
    /// Changes what the ticket is (its priority, its category) or the facts the host supplies about it (segment, queue,
    /// organisation, tags); allowed while the ticket is in progress. The SLA policy is selected again from the new facts.
    /// </summary>
    /// <remarks>
    /// The ticket service checks <see cref="Facts"/> against the SLA selection rules: every name must be declared by them
    /// and every value must fit its kind, otherwise nothing is saved and an <see cref="ArgumentException"/> names the fact.
    /// A fact given here replaces the ticket's fact of that name; <see cref="RemovedFacts"/> drops facts by name.
    /// </remarks>
    /// <example><code>new TicketCommand.UpdateFacts { Priority = TicketPriority.Urgent }</code></example>
    /// <threadsafety>Commands are immutable and may be shared freely between threads.</threadsafety>
    public sealed record UpdateFacts : TicketCommand
    {
        /// <summary>Gets the new priority.</summary>
        /// <value>The default value is <see langword="null"/>: the priority stays.</value>
        public TicketPriority? Priority { get; init; }

        /// <summary>Gets the new category.</summary>
        /// <value>The default value is <see langword="null"/>: the category stays.</value>
        public TicketCategory? Category { get; init; }

        /// <summary>Gets the facts to set, one per name.</summary>
        /// <value>The default value is an empty list.</value>
        public IReadOnlyList<TicketFact> Facts { get; init; } = [];

        /// <summary>Gets the names of facts to remove.</summary>
        /// <value>The default value is an empty list. A name that is not set is ignored.</value>
        public IReadOnlyList<string> RemovedFacts { get; init; } = [];

        /// <inheritdoc/>
        public override TicketTrigger Trigger => TicketTrigger.UpdateFacts;

        /// <summary>Gets the names of what changed (never values: facts may be sensitive), for the history entry.</summary>
        internal override string? Reason
        {
            get
            {
                var names = new List<string>();
                if (Priority is not null)
                {
                    names.Add(nameof(Priority));
                }

                if (Category is not null)
                {
                    names.Add(nameof(Category));
                }

                names.AddRange((Facts ?? []).Select(f => f.Name));
                names.AddRange((RemovedFacts ?? []).Select(n => "-" + n));
                return names.Count == 0 ? null : string.Join(",", names);
            }
        }

        internal override void Validate(Ticket ticket, Instant now)
        {
            Guard.Command(Priority is null || Enum.IsDefined(Priority.Value), nameof(Priority), "must be one of the TicketPriority values");
            Guard.Command(Category is null || Enum.IsDefined(Category.Value), nameof(Category), "must be one of the TicketCategory values");
            Guard.Command(Facts is not null && RemovedFacts is not null, Facts is null ? nameof(Facts) : nameof(RemovedFacts), "must not be null");
            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (var fact in Facts!)
            {
                Guard.CommandText(fact.Name, nameof(Facts), maxLength: 100);
                Guard.Command(fact.Value is not null && fact.Value.Length <= 200, nameof(Facts), "values must be 0 to 200 characters");
                Guard.Command(names.Add(fact.Name), nameof(Facts), "must name each fact once");
            }

            foreach (var name in RemovedFacts!)
            {
                Guard.CommandText(name, nameof(RemovedFacts), maxLength: 100);
                Guard.Command(!names.Contains(name), nameof(RemovedFacts), "must not name a fact that is also set");
            }
        }

        internal override Ticket Record(Ticket ticket, Instant now)
        {
            var facts = ticket.Facts;
            if (Facts.Count > 0 || RemovedFacts.Count > 0)
            {
                var merged = new SortedDictionary<string, string>(StringComparer.Ordinal);
                foreach (var fact in ticket.Facts)
                {
                    merged[fact.Name] = fact.Value;
                }

                foreach (var name in RemovedFacts)
                {
                    merged.Remove(name);
                }

                foreach (var fact in Facts)
                {
                    merged[fact.Name] = fact.Value;
                }

                facts = [.. merged.Select(p => new TicketFact(p.Key, p.Value))];
            }

            return ticket with { Priority = Priority ?? ticket.Priority, Category = Category ?? ticket.Category, Facts = facts };
        }
    }
}
