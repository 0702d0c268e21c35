namespace CustomerService.Core.Tickets;

/// <summary>The channel a ticket arrived on.</summary>
/// <threadsafety>Enumeration values are immutable and may be shared freely between threads.</threadsafety>
public enum TicketChannel
{
    /// <summary>A phone call to the service line.</summary>
    Phone,

    /// <summary>An e-mail.</summary>
    Email,

    /// <summary>A live chat on the web site or in the app.</summary>
    Chat,

    /// <summary>A text message.</summary>
    Sms,

    /// <summary>A WeChat message (official account or mini program).</summary>
    WeChat,

    /// <summary>A web form.</summary>
    WebForm,

    /// <summary>A public or private message on a social network.</summary>
    Social,

    /// <summary>A video call.</summary>
    Video,

    /// <summary>A fax.</summary>
    Fax,

    /// <summary>A visit in person (a counter, a store, a studio's front desk).</summary>
    InPerson,
}

/// <summary>What a ticket is about.</summary>
/// <threadsafety>Enumeration values are immutable and may be shared freely between threads.</threadsafety>
public enum TicketCategory
{
    /// <summary>A question (product, price, order status, how to use).</summary>
    Inquiry,

    /// <summary>A complaint; serious ones are followed as a complaint of their own.</summary>
    Complaint,

    /// <summary>A suggestion or proposal from the customer.</summary>
    Suggestion,

    /// <summary>A technical problem to troubleshoot.</summary>
    TechnicalSupport,

    /// <summary>An order, a return or an exchange.</summary>
    OrderReturnExchange,

    /// <summary>A repair or maintenance request.</summary>
    Repair,
}

/// <summary>How urgent a ticket is; SLA targets are set per priority.</summary>
/// <threadsafety>Enumeration values are immutable and may be shared freely between threads.</threadsafety>
public enum TicketPriority
{
    /// <summary>Low priority.</summary>
    Low,

    /// <summary>Normal priority.</summary>
    Normal,

    /// <summary>High priority.</summary>
    High,

    /// <summary>Urgent: handle first.</summary>
    Urgent,
}

/// <summary>The states of a ticket's lifecycle.</summary>
/// <threadsafety>Enumeration values are immutable and may be shared freely between threads.</threadsafety>
public enum TicketState
{
    /// <summary>Received, nobody assigned yet.</summary>
    New,

    /// <summary>Assigned and being worked on.</summary>
    Open,

    /// <summary>Waiting on the customer (the SLA clocks pause).</summary>
    Pending,

    /// <summary>Dispatched to another department with a time limit, or waiting on a third party.</summary>
    OnHold,

    /// <summary>Solved; the customer may still reopen it within the reopen window.</summary>
    Solved,

    /// <summary>Closed for good (manually, or automatically some days after solving).</summary>
    Closed,

    /// <summary>Merged into another ticket (final).</summary>
    Merged,

    /// <summary>Cancelled as spam or as a duplicate (final).</summary>
    Cancelled,
}

/// <summary>The triggers of a ticket's lifecycle.</summary>
/// <threadsafety>Enumeration values are immutable and may be shared freely between threads.</threadsafety>
public enum TicketTrigger
{
    /// <summary>Assign a new ticket to an agent.</summary>
    Assign,

    /// <summary>Assign a ticket in progress to another agent.</summary>
    Reassign,

    /// <summary>An agent replied to the customer (meets first response, restarts next response).</summary>
    AgentReply,

    /// <summary>The customer replied (a pending ticket opens again).</summary>
    CustomerReply,

    /// <summary>The agent waits on the customer.</summary>
    WaitOnCustomer,

    /// <summary>The ticket is dispatched to another department with a time limit.</summary>
    Dispatch,

    /// <summary>The ticket waits on a third party (a supplier, a carrier).</summary>
    WaitOnThirdParty,

    /// <summary>The department or third party answered: the ticket comes back from hold.</summary>
    ReturnFromHold,

    /// <summary>Escalate to the next support tier (1 → 2 → 3).</summary>
    Escalate,

    /// <summary>Solve, with a resolution code and whether it was solved on first contact.</summary>
    Solve,

    /// <summary>Reopen a solved ticket within the reopen window.</summary>
    Reopen,

    /// <summary>Close a solved ticket by hand.</summary>
    Close,

    /// <summary>Close a solved ticket automatically once the configured days after solving have passed.</summary>
    AutoClose,

    /// <summary>Merge into another ticket.</summary>
    Merge,

    /// <summary>Cancel as spam or duplicate.</summary>
    Cancel,
}

/// <summary>Why a ticket is on hold.</summary>
/// <threadsafety>Enumeration values are immutable and may be shared freely between threads.</threadsafety>
public enum TicketHoldKind
{
    /// <summary>Dispatched to another department, with a time limit.</summary>
    Department,

    /// <summary>Waiting on a third party.</summary>
    ThirdParty,
}

/// <summary>Why a ticket was cancelled.</summary>
/// <threadsafety>Enumeration values are immutable and may be shared freely between threads.</threadsafety>
public enum TicketCancelReason
{
    /// <summary>Spam or abuse.</summary>
    Spam,

    /// <summary>A duplicate of another ticket, not worth merging.</summary>
    Duplicate,
}
