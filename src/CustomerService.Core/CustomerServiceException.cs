namespace CustomerService.Core;

/// <summary>
/// The base type of every failure that CustomerService.Core itself reports (as opposed to bad arguments,
/// which are reported with the <see cref="ArgumentException"/> family).
/// </summary>
/// <remarks>
/// Catch this type to handle any library failure in one place. Messages never contain customer personal data
/// (phone numbers, addresses, names): they name identifiers, states, keys and rules only.
/// </remarks>
/// <threadsafety>Instances are immutable once thrown and may be shared between threads.</threadsafety>
public abstract class CustomerServiceException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="CustomerServiceException"/> class with a message.</summary>
    /// <param name="message">The message that describes the failure.</param>
    protected CustomerServiceException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="CustomerServiceException"/> class with a message and the exception that caused it.</summary>
    /// <param name="message">The message that describes the failure.</param>
    /// <param name="innerException">The exception that caused this one, or <see langword="null"/>.</param>
    protected CustomerServiceException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
