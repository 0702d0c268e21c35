namespace CustomerService.Core.Callbacks;

/// <summary>The states of a callback's lifecycle (回访 / 电访).</summary>
/// <threadsafety>Enumeration values are immutable and may be shared freely between threads.</threadsafety>
public enum CallbackState
{
    /// <summary>Requested, not yet scheduled.</summary>
    Requested,

    /// <summary>Scheduled for a window in the contact's time zone.</summary>
    Scheduled,

    /// <summary>Its time has come: ready to be dialled.</summary>
    Due,

    /// <summary>An attempt (attempt n) is under way.</summary>
    Attempting,

    /// <summary>The contact answered.</summary>
    Reached,

    /// <summary>Completed with an outcome (final).</summary>
    Completed,

    /// <summary>Every attempt allowed by the retry policy failed; a fallback (SMS, letter) is due.</summary>
    Exhausted,

    /// <summary>The fallback message was sent (final).</summary>
    FallbackSent,

    /// <summary>The number was wrong (final).</summary>
    Failed,

    /// <summary>Refused by the contact, or the contact asked not to be called (final).</summary>
    Cancelled,
}

/// <summary>The triggers of a callback's lifecycle.</summary>
/// <threadsafety>Enumeration values are immutable and may be shared freely between threads.</threadsafety>
public enum CallbackTrigger
{
    /// <summary>Schedule the callback for a window.</summary>
    Schedule,

    /// <summary>The scheduled time has come.</summary>
    BecomeDue,

    /// <summary>Dial: start attempt n.</summary>
    StartAttempt,

    /// <summary>The contact answered.</summary>
    Reach,

    /// <summary>Nobody answered: retry by policy or exhaust.</summary>
    NoAnswer,

    /// <summary>The line was busy: retry by policy or exhaust.</summary>
    Busy,

    /// <summary>A voicemail answered: retry by policy or exhaust.</summary>
    Voicemail,

    /// <summary>The number was wrong.</summary>
    WrongNumber,

    /// <summary>Complete with an outcome.</summary>
    Complete,

    /// <summary>The contact asked for another time.</summary>
    Reschedule,

    /// <summary>The contact refused the call.</summary>
    Refuse,

    /// <summary>The contact asked not to be called again.</summary>
    DoNotCall,

    /// <summary>Send the fallback message after exhaustion.</summary>
    SendFallback,
}

/// <summary>Why a callback is made.</summary>
/// <threadsafety>Enumeration values are immutable and may be shared freely between threads.</threadsafety>
public enum CallbackPurpose
{
    /// <summary>A satisfaction check after a ticket was solved.</summary>
    SatisfactionCheck,

    /// <summary>A follow-up of a prospect who did not buy (未成交回访).</summary>
    NoDealFollowUp,

    /// <summary>A follow-up of a complaint.</summary>
    ComplaintFollowUp,

    /// <summary>A reminder (an appointment, a pick-up).</summary>
    Reminder,
}

/// <summary>The outcome of a completed callback.</summary>
/// <threadsafety>Enumeration values are immutable and may be shared freely between threads.</threadsafety>
public enum CallbackOutcome
{
    /// <summary>The contact is satisfied.</summary>
    Satisfied,

    /// <summary>The contact is dissatisfied: a complaint is opened.</summary>
    Dissatisfied,

    /// <summary>The contact bought or booked (a follow-up converted).</summary>
    Converted,

    /// <summary>The contact declined the offer.</summary>
    Declined,

    /// <summary>Information was given or taken; nothing more to do.</summary>
    Information,
}

/// <summary>How to reach a contact after every call attempt failed.</summary>
/// <threadsafety>Enumeration values are immutable and may be shared freely between threads.</threadsafety>
public enum CallbackFallbackChannel
{
    /// <summary>A text message.</summary>
    Sms,

    /// <summary>A letter.</summary>
    Letter,
}
