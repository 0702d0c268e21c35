namespace CustomerService.Core.Complaints;

/// <summary>The states of a complaint's lifecycle (after ISO 10002's complaint handling process).</summary>
/// <threadsafety>Enumeration values are immutable and may be shared freely between threads.</threadsafety>
public enum ComplaintState
{
    /// <summary>Received, not yet acknowledged.</summary>
    Received,

    /// <summary>Acknowledged to the complainant, with a response deadline.</summary>
    Acknowledged,

    /// <summary>Being investigated and assessed (severity, category, root cause).</summary>
    Investigating,

    /// <summary>A remedy was proposed to the complainant.</summary>
    RemedyProposed,

    /// <summary>The complainant accepted the remedy (or the final response).</summary>
    Accepted,

    /// <summary>The remedy was carried out.</summary>
    RemedyFulfilled,

    /// <summary>A satisfaction follow-up (a callback) is under way.</summary>
    FollowUp,

    /// <summary>Closed, satisfied or not (final).</summary>
    Closed,

    /// <summary>Not upheld, or the remedy was refused; the complainant may appeal.</summary>
    Rejected,

    /// <summary>Appealed: escalated for a final response.</summary>
    Escalated,

    /// <summary>The final response was given; it is accepted or the complaint goes to an external body.</summary>
    FinalResponse,

    /// <summary>Referred to an external body (a consumer association, a regulator, an arbitrator) (final).</summary>
    ReferredExternally,

    /// <summary>Withdrawn by the complainant (final).</summary>
    Withdrawn,
}

/// <summary>The triggers of a complaint's lifecycle.</summary>
/// <threadsafety>Enumeration values are immutable and may be shared freely between threads.</threadsafety>
public enum ComplaintTrigger
{
    /// <summary>Acknowledge receipt and set a response deadline.</summary>
    Acknowledge,

    /// <summary>Start the investigation.</summary>
    Investigate,

    /// <summary>Record (or revise) the assessment: severity, category, root cause.</summary>
    Assess,

    /// <summary>Propose a remedy (requires an assessment).</summary>
    ProposeRemedy,

    /// <summary>The complainant accepts the proposed remedy.</summary>
    AcceptRemedy,

    /// <summary>The complainant refuses the proposed remedy.</summary>
    RejectRemedy,

    /// <summary>The complaint is not upheld (requires an assessment).</summary>
    Dismiss,

    /// <summary>The remedy was carried out.</summary>
    FulfilRemedy,

    /// <summary>Start the satisfaction follow-up.</summary>
    StartFollowUp,

    /// <summary>Close, satisfied or not.</summary>
    Close,

    /// <summary>The complainant appeals a rejection.</summary>
    Appeal,

    /// <summary>Give the final response to an appeal.</summary>
    GiveFinalResponse,

    /// <summary>The complainant accepts the final response.</summary>
    AcceptFinalResponse,

    /// <summary>The complainant takes the complaint to an external body.</summary>
    ReferExternally,

    /// <summary>The complainant withdraws the complaint.</summary>
    Withdraw,
}

/// <summary>How serious a complaint is.</summary>
/// <threadsafety>Enumeration values are immutable and may be shared freely between threads.</threadsafety>
public enum ComplaintSeverity
{
    /// <summary>Minor inconvenience.</summary>
    Low,

    /// <summary>Noticeable harm or repeated trouble.</summary>
    Medium,

    /// <summary>Significant harm, financial loss or risk of churn.</summary>
    High,

    /// <summary>Safety, legal or reputational risk.</summary>
    Critical,
}

/// <summary>What a complaint is about.</summary>
/// <threadsafety>Enumeration values are immutable and may be shared freely between threads.</threadsafety>
public enum ComplaintCategory
{
    /// <summary>The product itself.</summary>
    Product,

    /// <summary>The service received.</summary>
    Service,

    /// <summary>Delivery or installation.</summary>
    Delivery,

    /// <summary>Prices, invoices, payments.</summary>
    Billing,

    /// <summary>A company policy (returns, warranty, terms).</summary>
    Policy,

    /// <summary>Anything else.</summary>
    Other,
}

/// <summary>The root cause found by the investigation.</summary>
/// <threadsafety>Enumeration values are immutable and may be shared freely between threads.</threadsafety>
public enum ComplaintRootCause
{
    /// <summary>Product quality.</summary>
    ProductQuality,

    /// <summary>Service attitude of staff.</summary>
    ServiceAttitude,

    /// <summary>A delay.</summary>
    Delay,

    /// <summary>A billing error.</summary>
    Billing,

    /// <summary>A process or policy gap.</summary>
    Process,

    /// <summary>Another cause.</summary>
    Other,
}

/// <summary>The kind of remedy offered to a complainant.</summary>
/// <threadsafety>Enumeration values are immutable and may be shared freely between threads.</threadsafety>
public enum RemedyKind
{
    /// <summary>A refund (with an amount).</summary>
    Refund,

    /// <summary>A replacement product.</summary>
    Replacement,

    /// <summary>A repair.</summary>
    Repair,

    /// <summary>A compensation (with an amount).</summary>
    Compensation,

    /// <summary>An apology.</summary>
    Apology,

    /// <summary>Cancelling the order.</summary>
    OrderCancellation,

    /// <summary>An explanation.</summary>
    Explanation,
}
