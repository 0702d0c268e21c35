namespace CustomerService.Core.Tickets;

/// <summary>What a ticket is about.</summary>
/// <threadsafety>Enumeration values are immutable and may be shared freely between threads.</threadsafety>
/// <remarks>Zero is not a member: a missing value (an absent JSON field, an uninitialized field) never reads as a business value, and is rejected wherever a value is required.</remarks>
public enum TicketCategory
{
    /// <summary>A question (product, price, order status, how to use).</summary>
    Inquiry = 1,

    /// <summary>A complaint; serious ones are followed as a complaint of their own.</summary>
    Complaint = 2,

    /// <summary>A suggestion or proposal from the customer.</summary>
    Suggestion = 3,

    /// <summary>A technical problem to troubleshoot.</summary>
    TechnicalSupport = 4,

    /// <summary>An order, a return or an exchange.</summary>
    OrderReturnExchange = 5,

    /// <summary>A repair or maintenance request.</summary>
    Repair = 6,
}

/// <summary>How urgent a ticket is; SLA targets are set per priority.</summary>
/// <threadsafety>Enumeration values are immutable and may be shared freely between threads.</threadsafety>
/// <remarks>Zero is not a member: a missing value (an absent JSON field, an uninitialized field) never reads as a business value, and is rejected wherever a value is required.</remarks>
public enum TicketPriority
{
    /// <summary>Low priority.</summary>
    Low = 1,

    /// <summary>Normal priority.</summary>
    Normal = 2,

    /// <summary>High priority.</summary>
    High = 3,

    /// <summary>Urgent: handle first.</summary>
    Urgent = 4,
}

/// <summary>The states of a ticket's lifecycle.</summary>
/// <threadsafety>Enumeration values are immutable and may be shared freely between threads.</threadsafety>
/// <remarks>Zero is not a member: a missing value (an absent JSON field, an uninitialized field) never reads as a business value, and is rejected wherever a value is required.</remarks>
public enum TicketState
{
    /// <summary>Received, nobody assigned yet.</summary>
    New = 1,

    /// <summary>Assigned and being worked on.</summary>
    Open = 2,

    /// <summary>Waiting on the customer (the SLA clocks pause).</summary>
    Pending = 3,

    /// <summary>Dispatched to another department with a time limit, or waiting on a third party.</summary>
    OnHold = 4,

    /// <summary>Solved; the customer may still reopen it within the reopen window.</summary>
    Solved = 5,

    /// <summary>Closed for good (manually, or automatically some days after solving).</summary>
    Closed = 6,

    /// <summary>Merged into another ticket (final).</summary>
    Merged = 7,

    /// <summary>Cancelled as spam or as a duplicate (final).</summary>
    Cancelled = 8,
}

/// <summary>The triggers of a ticket's lifecycle.</summary>
/// <threadsafety>Enumeration values are immutable and may be shared freely between threads.</threadsafety>
/// <remarks>Zero is not a member: a missing value (an absent JSON field, an uninitialized field) never reads as a business value, and is rejected wherever a value is required.</remarks>
public enum TicketTrigger
{
    /// <summary>Assign a new ticket to an agent.</summary>
    Assign = 1,

    /// <summary>Assign a ticket in progress to another agent.</summary>
    Reassign = 2,

    /// <summary>An agent replied to the customer (meets first response, restarts next response).</summary>
    AgentReply = 3,

    /// <summary>The customer replied (a pending ticket opens again).</summary>
    CustomerReply = 4,

    /// <summary>The agent waits on the customer.</summary>
    WaitOnCustomer = 5,

    /// <summary>The ticket is dispatched to another department with a time limit.</summary>
    Dispatch = 6,

    /// <summary>The ticket waits on a third party (a supplier, a carrier).</summary>
    WaitOnThirdParty = 7,

    /// <summary>The department or third party answered: the ticket comes back from hold.</summary>
    ReturnFromHold = 8,

    /// <summary>Escalate to the next support tier (1 → 2 → 3).</summary>
    Escalate = 9,

    /// <summary>Solve, with a resolution code and whether it was solved on first contact.</summary>
    Solve = 10,

    /// <summary>Reopen a solved ticket within the reopen window.</summary>
    Reopen = 11,

    /// <summary>Close a solved ticket by hand.</summary>
    Close = 12,

    /// <summary>Close a solved ticket automatically once the configured days after solving have passed.</summary>
    AutoClose = 13,

    /// <summary>Merge into another ticket.</summary>
    Merge = 14,

    /// <summary>Cancel as spam or duplicate.</summary>
    Cancel = 15,

    /// <summary>Change the ticket's priority, category or host-supplied facts (the SLA policy is selected again).</summary>
    UpdateFacts = 16,
}

/// <summary>Why a ticket is on hold.</summary>
/// <threadsafety>Enumeration values are immutable and may be shared freely between threads.</threadsafety>
/// <remarks>Zero is not a member: a missing value (an absent JSON field, an uninitialized field) never reads as a business value, and is rejected wherever a value is required.</remarks>
public enum TicketHoldKind
{
    /// <summary>Dispatched to another department, with a time limit.</summary>
    Department = 1,

    /// <summary>Waiting on a third party.</summary>
    ThirdParty = 2,
}

/// <summary>Why a ticket was cancelled.</summary>
/// <threadsafety>Enumeration values are immutable and may be shared freely between threads.</threadsafety>
/// <remarks>Zero is not a member: a missing value (an absent JSON field, an uninitialized field) never reads as a business value, and is rejected wherever a value is required.</remarks>
public enum TicketCancelReason
{
    /// <summary>Spam or abuse.</summary>
    Spam = 1,

    /// <summary>A duplicate of another ticket, not worth merging.</summary>
    Duplicate = 2,
}
