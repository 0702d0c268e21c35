using System.Globalization;

namespace CustomerService.Core.Testing;

/// <summary>The failure a fault-injecting store throws in place of (or after) the wrapped store's work.</summary>
/// <remarks>
/// It stands for an infrastructure failure (a dropped connection, a crashed database, a corrupt row), so it is neither a
/// <see cref="CustomerServiceException"/> nor an argument exception: code under test must treat it as it treats its
/// database driver's exceptions. Its message names the operation, the call number and the timing, never an entity's data.
/// </remarks>
/// <threadsafety>Instances are immutable once thrown and may be shared between threads.</threadsafety>
public sealed class InjectedFaultException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="InjectedFaultException"/> class.</summary>
    /// <param name="operation">The operation that failed.</param>
    /// <param name="timing">Whether the wrapped store had done its work before the failure.</param>
    /// <param name="callNumber">The 1-based number of the failed call among the wrapper's calls of <paramref name="operation"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when <paramref name="operation"/> or <paramref name="timing"/> is not a defined value, or <paramref name="callNumber"/> is not positive.</exception>
    public InjectedFaultException(StoreOperation operation, FaultTiming timing, long callNumber)
        : base(FormatMessage(operation, timing, callNumber))
    {
        Operation = operation;
        Timing = timing;
        CallNumber = callNumber;
    }

    /// <summary>Gets the operation that failed.</summary>
    /// <value>One of the <see cref="StoreOperation"/> values.</value>
    public StoreOperation Operation { get; }

    /// <summary>Gets whether the wrapped store had done its work before the failure.</summary>
    /// <value><see cref="FaultTiming.BeforeCall"/>: nothing was written; <see cref="FaultTiming.AfterCall"/>: the call's effect is stored.</value>
    public FaultTiming Timing { get; }

    /// <summary>Gets the number of the failed call.</summary>
    /// <value>1 for the wrapper's first call of <see cref="Operation"/>, 2 for the second, and so on.</value>
    public long CallNumber { get; }

    private static string FormatMessage(StoreOperation operation, FaultTiming timing, long callNumber)
    {
        if (!Enum.IsDefined(operation))
        {
            throw new ArgumentOutOfRangeException(nameof(operation), operation, "The operation must be a defined StoreOperation value.");
        }

        if (!Enum.IsDefined(timing))
        {
            throw new ArgumentOutOfRangeException(nameof(timing), timing, "The timing must be a defined FaultTiming value.");
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(callNumber);
        return string.Format(
            CultureInfo.InvariantCulture,
            "Injected fault: {0} call {1} failed {2}.",
            operation,
            callNumber,
            timing == FaultTiming.BeforeCall ? "before it reached the store (nothing was written)" : "after the store completed it (its effect is stored, the acknowledgement was lost)");
    }
}
