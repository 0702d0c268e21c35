namespace CustomerService.Core.Sla;

/// <summary>Why a ticket or complaint is waiting; an <see cref="SlaPolicy"/> says which metrics pause for which reason.</summary>
/// <remarks>
/// Zero is <see cref="None"/>: the reason of every event other than <see cref="SlaClockEventKind.Paused"/>, which carries no
/// reason, and of a missing field. A pause needs a real reason: <see cref="SlaClockEvent.Paused"/>,
/// <see cref="SlaPolicyBuilder.PauseWhen"/> and the clock's replay reject <see cref="None"/>.
/// </remarks>
/// <threadsafety>This is an enumeration; its values are immutable and thread-safe.</threadsafety>
public enum SlaWaitReason
{
    /// <summary>No reason: carried by events that are not pauses, and the default value. Not a valid reason for a pause.</summary>
    None = 0,

    /// <summary>Waiting on the customer (pending): the customer has been asked for something.</summary>
    PendingOnCustomer = 1,

    /// <summary>Dispatched to another department, which works to its own time limit (派单, 限时处理).</summary>
    DispatchedToDepartment = 2,

    /// <summary>Waiting on a third party such as a supplier or a carrier.</summary>
    WaitingOnThirdParty = 3,
}
