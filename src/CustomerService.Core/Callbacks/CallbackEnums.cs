namespace CustomerService.Core.Callbacks;

/// <summary>The states of a callback's lifecycle (回访 / 电访).</summary>
/// <threadsafety>Enumeration values are immutable and may be shared freely between threads.</threadsafety>
/// <remarks>Zero is not a member: a missing value (an absent JSON field, an uninitialized field) never reads as a business value, and is rejected wherever a value is required.</remarks>
public enum CallbackState
{
    /// <summary>Requested, not yet scheduled.</summary>
    Requested = 1,

    /// <summary>Scheduled for a window in the contact's time zone.</summary>
    Scheduled = 2,

    /// <summary>Its time has come: ready to be dialled.</summary>
    Due = 3,

    /// <summary>An attempt (attempt n) is under way.</summary>
    Attempting = 4,

    /// <summary>The contact answered.</summary>
    Reached = 5,

    /// <summary>Completed with an outcome (final).</summary>
    Completed = 6,

    /// <summary>Every attempt allowed by the retry policy failed; a fallback (SMS, letter) is due.</summary>
    Exhausted = 7,

    /// <summary>The fallback message was sent (final).</summary>
    FallbackSent = 8,

    /// <summary>The number was wrong (final).</summary>
    Failed = 9,

    /// <summary>Refused by the contact, or the contact asked not to be called (final).</summary>
    Cancelled = 10,
}

/// <summary>The triggers of a callback's lifecycle.</summary>
/// <threadsafety>Enumeration values are immutable and may be shared freely between threads.</threadsafety>
/// <remarks>Zero is not a member: a missing value (an absent JSON field, an uninitialized field) never reads as a business value, and is rejected wherever a value is required.</remarks>
public enum CallbackTrigger
{
    /// <summary>Schedule the callback for a window.</summary>
    Schedule = 1,

    /// <summary>The scheduled time has come.</summary>
    BecomeDue = 2,

    /// <summary>Dial: start attempt n.</summary>
    StartAttempt = 3,

    /// <summary>The contact answered.</summary>
    Reach = 4,

    /// <summary>Nobody answered: retry by policy or exhaust.</summary>
    NoAnswer = 5,

    /// <summary>The line was busy: retry by policy or exhaust.</summary>
    Busy = 6,

    /// <summary>A voicemail answered: retry by policy or exhaust.</summary>
    Voicemail = 7,

    /// <summary>The number was wrong.</summary>
    WrongNumber = 8,

    /// <summary>Complete with an outcome.</summary>
    Complete = 9,

    /// <summary>The contact asked for another time.</summary>
    Reschedule = 10,

    /// <summary>The contact refused the call.</summary>
    Refuse = 11,

    /// <summary>The contact asked not to be called again.</summary>
    DoNotCall = 12,

    /// <summary>Send the fallback message after exhaustion.</summary>
    SendFallback = 13,
}

/// <summary>Why a callback is made.</summary>
/// <threadsafety>Enumeration values are immutable and may be shared freely between threads.</threadsafety>
/// <remarks>Zero is not a member: a missing value (an absent JSON field, an uninitialized field) never reads as a business value, and is rejected wherever a value is required.</remarks>
public enum CallbackPurpose
{
    /// <summary>A satisfaction check after a ticket was solved.</summary>
    SatisfactionCheck = 1,

    /// <summary>A follow-up of a prospect who did not buy (未成交回访).</summary>
    NoDealFollowUp = 2,

    /// <summary>A follow-up of a complaint.</summary>
    ComplaintFollowUp = 3,

    /// <summary>A reminder (an appointment, a pick-up).</summary>
    Reminder = 4,
}

/// <summary>The outcome of a completed callback.</summary>
/// <threadsafety>Enumeration values are immutable and may be shared freely between threads.</threadsafety>
/// <remarks>Zero is not a member: a missing value (an absent JSON field, an uninitialized field) never reads as a business value, and is rejected wherever a value is required.</remarks>
public enum CallbackOutcome
{
    /// <summary>The contact is satisfied.</summary>
    Satisfied = 1,

    /// <summary>The contact is dissatisfied: a complaint is opened.</summary>
    Dissatisfied = 2,

    /// <summary>The contact bought or booked (a follow-up converted).</summary>
    Converted = 3,

    /// <summary>The contact declined the offer.</summary>
    Declined = 4,

    /// <summary>Information was given or taken; nothing more to do.</summary>
    Information = 5,
}

/// <summary>How to reach a contact after every call attempt failed.</summary>
/// <threadsafety>Enumeration values are immutable and may be shared freely between threads.</threadsafety>
/// <remarks>Zero is not a member: a missing value (an absent JSON field, an uninitialized field) never reads as a business value, and is rejected wherever a value is required.</remarks>
public enum CallbackFallbackChannel
{
    /// <summary>A text message.</summary>
    Sms = 1,

    /// <summary>A letter.</summary>
    Letter = 2,
}
