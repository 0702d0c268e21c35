namespace CustomerService.Core.Complaints;

/// <summary>The states of a complaint's lifecycle (after ISO 10002's complaint handling process).</summary>
/// <threadsafety>Enumeration values are immutable and may be shared freely between threads.</threadsafety>
/// <remarks>Zero is not a member: a missing value (an absent JSON field, an uninitialized field) never reads as a business value, and is rejected wherever a value is required.</remarks>
public enum ComplaintState
{
    /// <summary>Received, not yet acknowledged.</summary>
    Received = 1,

    /// <summary>Acknowledged to the complainant, with a response deadline.</summary>
    Acknowledged = 2,

    /// <summary>Being investigated and assessed (severity, category, root cause).</summary>
    Investigating = 3,

    /// <summary>A remedy was proposed to the complainant.</summary>
    RemedyProposed = 4,

    /// <summary>The complainant accepted the remedy (or the final response).</summary>
    Accepted = 5,

    /// <summary>The remedy was carried out.</summary>
    RemedyFulfilled = 6,

    /// <summary>A satisfaction follow-up (a callback) is under way.</summary>
    FollowUp = 7,

    /// <summary>Closed, satisfied or not (final).</summary>
    Closed = 8,

    /// <summary>Not upheld, or the remedy was refused; the complainant may appeal.</summary>
    Rejected = 9,

    /// <summary>Appealed: escalated for a final response.</summary>
    Escalated = 10,

    /// <summary>The final response was given; it is accepted or the complaint goes to an external body.</summary>
    FinalResponse = 11,

    /// <summary>Referred to an external body (a consumer association, a regulator, an arbitrator) (final).</summary>
    ReferredExternally = 12,

    /// <summary>Withdrawn by the complainant (final).</summary>
    Withdrawn = 13,
}

/// <summary>The triggers of a complaint's lifecycle.</summary>
/// <threadsafety>Enumeration values are immutable and may be shared freely between threads.</threadsafety>
/// <remarks>Zero is not a member: a missing value (an absent JSON field, an uninitialized field) never reads as a business value, and is rejected wherever a value is required.</remarks>
public enum ComplaintTrigger
{
    /// <summary>Acknowledge receipt and set a response deadline.</summary>
    Acknowledge = 1,

    /// <summary>Start the investigation.</summary>
    Investigate = 2,

    /// <summary>Record (or revise) the assessment: severity, category, root cause.</summary>
    Assess = 3,

    /// <summary>Propose a remedy (requires an assessment).</summary>
    ProposeRemedy = 4,

    /// <summary>The complainant accepts the proposed remedy.</summary>
    AcceptRemedy = 5,

    /// <summary>The complainant refuses the proposed remedy.</summary>
    RejectRemedy = 6,

    /// <summary>The complaint is not upheld (requires an assessment).</summary>
    Dismiss = 7,

    /// <summary>The remedy was carried out.</summary>
    FulfilRemedy = 8,

    /// <summary>Start the satisfaction follow-up.</summary>
    StartFollowUp = 9,

    /// <summary>Close, satisfied or not.</summary>
    Close = 10,

    /// <summary>The complainant appeals a rejection.</summary>
    Appeal = 11,

    /// <summary>Give the final response to an appeal.</summary>
    GiveFinalResponse = 12,

    /// <summary>The complainant accepts the final response.</summary>
    AcceptFinalResponse = 13,

    /// <summary>The complainant takes the complaint to an external body.</summary>
    ReferExternally = 14,

    /// <summary>The complainant withdraws the complaint.</summary>
    Withdraw = 15,
}

/// <summary>How serious a complaint is.</summary>
/// <threadsafety>Enumeration values are immutable and may be shared freely between threads.</threadsafety>
/// <remarks>Zero is not a member: a missing value (an absent JSON field, an uninitialized field) never reads as a business value, and is rejected wherever a value is required.</remarks>
public enum ComplaintSeverity
{
    /// <summary>Minor inconvenience.</summary>
    Low = 1,

    /// <summary>Noticeable harm or repeated trouble.</summary>
    Medium = 2,

    /// <summary>Significant harm, financial loss or risk of churn.</summary>
    High = 3,

    /// <summary>Safety, legal or reputational risk.</summary>
    Critical = 4,
}

/// <summary>What a complaint is about.</summary>
/// <threadsafety>Enumeration values are immutable and may be shared freely between threads.</threadsafety>
/// <remarks>Zero is not a member: a missing value (an absent JSON field, an uninitialized field) never reads as a business value, and is rejected wherever a value is required.</remarks>
public enum ComplaintCategory
{
    /// <summary>The product itself.</summary>
    Product = 1,

    /// <summary>The service received.</summary>
    Service = 2,

    /// <summary>Delivery or installation.</summary>
    Delivery = 3,

    /// <summary>Prices, invoices, payments.</summary>
    Billing = 4,

    /// <summary>A company policy (returns, warranty, terms).</summary>
    Policy = 5,

    /// <summary>Anything else.</summary>
    Other = 6,
}

/// <summary>The root cause found by the investigation.</summary>
/// <threadsafety>Enumeration values are immutable and may be shared freely between threads.</threadsafety>
/// <remarks>Zero is not a member: a missing value (an absent JSON field, an uninitialized field) never reads as a business value, and is rejected wherever a value is required.</remarks>
public enum ComplaintRootCause
{
    /// <summary>Product quality.</summary>
    ProductQuality = 1,

    /// <summary>Service attitude of staff.</summary>
    ServiceAttitude = 2,

    /// <summary>A delay.</summary>
    Delay = 3,

    /// <summary>A billing error.</summary>
    Billing = 4,

    /// <summary>A process or policy gap.</summary>
    Process = 5,

    /// <summary>Another cause.</summary>
    Other = 6,
}

/// <summary>The kind of remedy offered to a complainant.</summary>
/// <threadsafety>Enumeration values are immutable and may be shared freely between threads.</threadsafety>
/// <remarks>Zero is not a member: a missing value (an absent JSON field, an uninitialized field) never reads as a business value, and is rejected wherever a value is required.</remarks>
public enum RemedyKind
{
    /// <summary>A refund (with an amount).</summary>
    Refund = 1,

    /// <summary>A replacement product.</summary>
    Replacement = 2,

    /// <summary>A repair.</summary>
    Repair = 3,

    /// <summary>A compensation (with an amount).</summary>
    Compensation = 4,

    /// <summary>An apology.</summary>
    Apology = 5,

    /// <summary>Cancelling the order.</summary>
    OrderCancellation = 6,

    /// <summary>An explanation.</summary>
    Explanation = 7,
}
