using System.Diagnostics.CodeAnalysis;
using NodaTime;

namespace CustomerService.Core.Complaints;

/// <summary>
/// An action on a complaint: the trigger it fires and the data it records. The set is closed: use the nested types,
/// for example <c>new ComplaintCommand.ProposeRemedy(new ComplaintRemedy(RemedyKind.Refund, 199m, "CNY"))</c>.
/// </summary>
/// <threadsafety>Commands are immutable and may be shared freely between threads.</threadsafety>
[SuppressMessage("Design", "CA1034:Nested types should not be visible", Justification = "The nested records are the closed vocabulary of complaint commands; nesting keeps names unambiguous next to the ticket and callback commands.")]
public abstract record ComplaintCommand
{
    private protected ComplaintCommand()
    {
    }

    /// <summary>Gets the lifecycle trigger this command fires.</summary>
    /// <value>The trigger.</value>
    public abstract ComplaintTrigger Trigger { get; }

    internal virtual string? Reason => null;

    internal virtual void Validate(Complaint complaint, Instant now)
    {
    }

    internal abstract Complaint Record(Complaint complaint, Instant now);

    /// <summary>Acknowledges the complaint with a response deadline.</summary>
    /// <param name="RespondBy">The deadline for responding; after the acknowledgement instant.</param>
    /// <threadsafety>Commands are immutable and may be shared freely between threads.</threadsafety>
    public sealed record Acknowledge(Instant RespondBy) : ComplaintCommand
    {
        /// <summary>Gets the deadline for responding; after the acknowledgement instant.</summary>
        public Instant RespondBy { get; } = RespondBy;

        /// <inheritdoc/>
        public override ComplaintTrigger Trigger => ComplaintTrigger.Acknowledge;

        internal override void Validate(Complaint complaint, Instant now) =>
            Guard.Command(RespondBy > now, nameof(RespondBy), "must be after the acknowledgement instant");

        internal override Complaint Record(Complaint complaint, Instant now) => complaint with { AcknowledgedAt = now, RespondBy = RespondBy };
    }

    /// <summary>Starts the investigation.</summary>
    /// <threadsafety>Commands are immutable and may be shared freely between threads.</threadsafety>
    public sealed record Investigate : ComplaintCommand
    {
        /// <inheritdoc/>
        public override ComplaintTrigger Trigger => ComplaintTrigger.Investigate;

        internal override Complaint Record(Complaint complaint, Instant now) => complaint;
    }

    /// <summary>Records (or revises) the assessment.</summary>
    /// <param name="Assessment">Severity, category and root cause.</param>
    /// <threadsafety>Commands are immutable and may be shared freely between threads.</threadsafety>
    public sealed record Assess(ComplaintAssessment Assessment) : ComplaintCommand
    {
        /// <summary>Gets severity, category and root cause.</summary>
        public ComplaintAssessment Assessment { get; } = Assessment;

        /// <inheritdoc/>
        public override ComplaintTrigger Trigger => ComplaintTrigger.Assess;

        internal override string? Reason => $"{Assessment.Severity}/{Assessment.Category}/{Assessment.RootCause}";

        internal override void Validate(Complaint complaint, Instant now)
        {
            Guard.CommandDefined(Assessment.Severity, "Assessment.Severity");
            Guard.CommandDefined(Assessment.Category, "Assessment.Category");
            Guard.CommandDefined(Assessment.RootCause, "Assessment.RootCause");
        }

        internal override Complaint Record(Complaint complaint, Instant now) => complaint with { Assessment = Assessment };
    }

    /// <summary>Proposes a remedy (the complaint must have been assessed).</summary>
    /// <param name="Remedy">The remedy.</param>
    /// <threadsafety>Commands are immutable and may be shared freely between threads.</threadsafety>
    public sealed record ProposeRemedy(ComplaintRemedy Remedy) : ComplaintCommand
    {
        /// <summary>Gets the remedy.</summary>
        public ComplaintRemedy Remedy { get; } = Remedy;

        /// <inheritdoc/>
        public override ComplaintTrigger Trigger => ComplaintTrigger.ProposeRemedy;

        internal override string? Reason => Remedy.Kind.ToString();

        internal override void Validate(Complaint complaint, Instant now) => Remedy.Validate(nameof(Remedy));

        internal override Complaint Record(Complaint complaint, Instant now) => complaint with { Remedy = Remedy };
    }

    /// <summary>The complainant accepts the proposed remedy.</summary>
    /// <threadsafety>Commands are immutable and may be shared freely between threads.</threadsafety>
    public sealed record AcceptRemedy : ComplaintCommand
    {
        /// <inheritdoc/>
        public override ComplaintTrigger Trigger => ComplaintTrigger.AcceptRemedy;

        internal override Complaint Record(Complaint complaint, Instant now) => complaint;
    }

    /// <summary>The complainant refuses the proposed remedy.</summary>
    /// <threadsafety>Commands are immutable and may be shared freely between threads.</threadsafety>
    public sealed record RejectRemedy : ComplaintCommand
    {
        /// <inheritdoc/>
        public override ComplaintTrigger Trigger => ComplaintTrigger.RejectRemedy;

        internal override Complaint Record(Complaint complaint, Instant now) => complaint;
    }

    /// <summary>The complaint is not upheld (the complaint must have been assessed).</summary>
    /// <param name="DismissalCode">The host's reason code.</param>
    /// <threadsafety>Commands are immutable and may be shared freely between threads.</threadsafety>
    public sealed record Dismiss(string DismissalCode) : ComplaintCommand
    {
        /// <summary>Gets the host's reason code.</summary>
        public string DismissalCode { get; } = DismissalCode;

        /// <inheritdoc/>
        public override ComplaintTrigger Trigger => ComplaintTrigger.Dismiss;

        internal override string? Reason => DismissalCode;

        internal override void Validate(Complaint complaint, Instant now) => Guard.CommandText(DismissalCode, nameof(DismissalCode));

        internal override Complaint Record(Complaint complaint, Instant now) => complaint with { DismissalCode = DismissalCode };
    }

    /// <summary>The remedy was carried out.</summary>
    /// <threadsafety>Commands are immutable and may be shared freely between threads.</threadsafety>
    public sealed record FulfilRemedy : ComplaintCommand
    {
        /// <inheritdoc/>
        public override ComplaintTrigger Trigger => ComplaintTrigger.FulfilRemedy;

        internal override Complaint Record(Complaint complaint, Instant now) => complaint with { RemedyFulfilledAt = now };
    }

    /// <summary>Starts the satisfaction follow-up.</summary>
    /// <threadsafety>Commands are immutable and may be shared freely between threads.</threadsafety>
    public sealed record StartFollowUp : ComplaintCommand
    {
        /// <inheritdoc/>
        public override ComplaintTrigger Trigger => ComplaintTrigger.StartFollowUp;

        internal override Complaint Record(Complaint complaint, Instant now) => complaint;
    }

    /// <summary>Closes the complaint.</summary>
    /// <param name="Satisfied">Whether the complainant is satisfied.</param>
    /// <threadsafety>Commands are immutable and may be shared freely between threads.</threadsafety>
    public sealed record Close(bool Satisfied) : ComplaintCommand
    {
        /// <summary>Gets whether the complainant is satisfied.</summary>
        public bool Satisfied { get; } = Satisfied;

        /// <inheritdoc/>
        public override ComplaintTrigger Trigger => ComplaintTrigger.Close;

        internal override string? Reason => Satisfied ? "satisfied" : "not satisfied";

        internal override Complaint Record(Complaint complaint, Instant now) => complaint with { Satisfied = Satisfied, EndedAt = now };
    }

    /// <summary>The complainant appeals a rejection.</summary>
    /// <threadsafety>Commands are immutable and may be shared freely between threads.</threadsafety>
    public sealed record Appeal : ComplaintCommand
    {
        /// <inheritdoc/>
        public override ComplaintTrigger Trigger => ComplaintTrigger.Appeal;

        internal override Complaint Record(Complaint complaint, Instant now) => complaint with { Appealed = true };
    }

    /// <summary>Gives the final response to an appeal, with the remedy it offers.</summary>
    /// <param name="Remedy">The remedy of the final response (an explanation when nothing more is offered).</param>
    /// <threadsafety>Commands are immutable and may be shared freely between threads.</threadsafety>
    public sealed record GiveFinalResponse(ComplaintRemedy Remedy) : ComplaintCommand
    {
        /// <summary>Gets the remedy of the final response (an explanation when nothing more is offered).</summary>
        public ComplaintRemedy Remedy { get; } = Remedy;

        /// <inheritdoc/>
        public override ComplaintTrigger Trigger => ComplaintTrigger.GiveFinalResponse;

        internal override string? Reason => Remedy.Kind.ToString();

        internal override void Validate(Complaint complaint, Instant now) => Remedy.Validate(nameof(Remedy));

        internal override Complaint Record(Complaint complaint, Instant now) => complaint with { Remedy = Remedy };
    }

    /// <summary>The complainant accepts the final response.</summary>
    /// <threadsafety>Commands are immutable and may be shared freely between threads.</threadsafety>
    public sealed record AcceptFinalResponse : ComplaintCommand
    {
        /// <inheritdoc/>
        public override ComplaintTrigger Trigger => ComplaintTrigger.AcceptFinalResponse;

        internal override Complaint Record(Complaint complaint, Instant now) => complaint;
    }

    /// <summary>The complainant refers the complaint to an external body.</summary>
    /// <param name="Body">The external body's name (a consumer association, a regulator, an arbitrator).</param>
    /// <threadsafety>Commands are immutable and may be shared freely between threads.</threadsafety>
    public sealed record ReferExternally(string Body) : ComplaintCommand
    {
        /// <summary>Gets the external body's name (a consumer association, a regulator, an arbitrator).</summary>
        public string Body { get; } = Body;

        /// <inheritdoc/>
        public override ComplaintTrigger Trigger => ComplaintTrigger.ReferExternally;

        internal override string? Reason => Body;

        internal override void Validate(Complaint complaint, Instant now) => Guard.CommandText(Body, nameof(Body));

        internal override Complaint Record(Complaint complaint, Instant now) => complaint with { ExternalBody = Body, EndedAt = now };
    }

    /// <summary>The complainant withdraws the complaint.</summary>
    /// <threadsafety>Commands are immutable and may be shared freely between threads.</threadsafety>
    public sealed record Withdraw : ComplaintCommand
    {
        /// <inheritdoc/>
        public override ComplaintTrigger Trigger => ComplaintTrigger.Withdraw;

        internal override Complaint Record(Complaint complaint, Instant now) => complaint with { EndedAt = now };
    }
}
