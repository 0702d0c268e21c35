namespace CustomerService.Core.Sla;

/// <summary>Why a ticket or complaint is waiting; an <see cref="SlaPolicy"/> says which metrics pause for which reason.</summary>
/// <threadsafety>This is an enumeration; its values are immutable and thread-safe.</threadsafety>
public enum SlaWaitReason
{
    /// <summary>Waiting on the customer (pending): the customer has been asked for something.</summary>
    PendingOnCustomer = 0,

    /// <summary>Dispatched to another department, which works to its own time limit (派单, 限时处理).</summary>
    DispatchedToDepartment = 1,

    /// <summary>Waiting on a third party such as a supplier or a carrier.</summary>
    WaitingOnThirdParty = 2,
}
