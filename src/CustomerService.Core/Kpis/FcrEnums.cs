namespace CustomerService.Core.Kpis;

/// <summary>How first-contact resolution treats transferred contacts.</summary>
/// <threadsafety>This type is an enumeration; its values are immutable and thread-safe.</threadsafety>
public enum TransferHandling
{
    /// <summary>Transferred contacts are left out of numerator and denominator (the usual choice when transfers are routing, not failure).</summary>
    ExcludeFromDenominator = 0,

    /// <summary>Transferred contacts stay in the denominator and count as not resolved on first contact.</summary>
    CountAsNotResolved = 1,
}

/// <summary>What first-contact resolution is divided by.</summary>
/// <threadsafety>This type is an enumeration; its values are immutable and thread-safe.</threadsafety>
public enum FcrDenominator
{
    /// <summary>All contacts (after the transfer rule): the share of contacts resolved at once.</summary>
    AllContacts = 0,

    /// <summary>Resolved contacts only (after the transfer rule): the share of resolutions that took one contact.</summary>
    ResolvedContacts = 1,
}
