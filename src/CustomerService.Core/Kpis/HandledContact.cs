using NodaTime;

namespace CustomerService.Core.Kpis;

/// <summary>The handle-time components of one handled contact: talk, hold and after-call work.</summary>
/// <remarks>The default value is a contact with zero talk, hold and after-call work.</remarks>
/// <threadsafety>This type is an immutable value type: any number of threads may share and read an instance without locking.</threadsafety>
public readonly record struct HandledContact
{
    private readonly long _talk;
    private readonly long _hold;
    private readonly long _afterCallWork;

    /// <summary>Initializes a new instance of the <see cref="HandledContact"/> struct.</summary>
    /// <param name="talk">Time talking (or, for chat and e-mail, actively working) with the customer; not negative.</param>
    /// <param name="hold">Time the customer was on hold; not negative.</param>
    /// <param name="afterCallWork">Wrap-up time after the contact (ACW); not negative.</param>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when a component is negative.</exception>
    public HandledContact(Duration talk, Duration hold, Duration afterCallWork)
    {
        _talk = KpiGuard.NonNegativeNanoseconds(talk, nameof(talk));
        _hold = KpiGuard.NonNegativeNanoseconds(hold, nameof(hold));
        _afterCallWork = KpiGuard.NonNegativeNanoseconds(afterCallWork, nameof(afterCallWork));
    }

    /// <summary>Gets the talk time.</summary>
    /// <value>Not negative.</value>
    public Duration Talk => Duration.FromNanoseconds(_talk);

    /// <summary>Gets the hold time.</summary>
    /// <value>Not negative.</value>
    public Duration Hold => Duration.FromNanoseconds(_hold);

    /// <summary>Gets the after-call work time.</summary>
    /// <value>Not negative.</value>
    public Duration AfterCallWork => Duration.FromNanoseconds(_afterCallWork);

    /// <summary>Gets the handle time: talk + hold + after-call work.</summary>
    /// <value>Not negative.</value>
    public Duration HandleTime => Talk + Hold + AfterCallWork;

    internal long TalkNanoseconds => _talk;

    internal long HoldNanoseconds => _hold;

    internal long AfterCallWorkNanoseconds => _afterCallWork;
}
