namespace CustomerService.Core;

/// <summary>The channel a contact (a ticket, a complaint, a callback request) arrived on.</summary>
/// <threadsafety>Enumeration values are immutable and may be shared freely between threads.</threadsafety>
/// <remarks>Zero is not a member: a missing value (an absent JSON field, an uninitialized field) never reads as a business value, and is rejected wherever a value is required.</remarks>
public enum ContactChannel
{
    /// <summary>A phone call to the service line.</summary>
    Phone = 1,

    /// <summary>An e-mail.</summary>
    Email = 2,

    /// <summary>A live chat on the web site or in the app.</summary>
    Chat = 3,

    /// <summary>A text message.</summary>
    Sms = 4,

    /// <summary>A WeChat message (official account or mini program).</summary>
    WeChat = 5,

    /// <summary>A web form.</summary>
    WebForm = 6,

    /// <summary>A public or private message on a social network.</summary>
    Social = 7,

    /// <summary>A video call.</summary>
    Video = 8,

    /// <summary>A fax.</summary>
    Fax = 9,

    /// <summary>A visit in person (a counter, a store, a studio's front desk).</summary>
    InPerson = 10,
}
