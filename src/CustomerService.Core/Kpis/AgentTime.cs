using NodaTime;

namespace CustomerService.Core.Kpis;

/// <summary>An agent's time over a period, split the way occupancy and utilisation need it.</summary>
/// <remarks>The default value is all zero.</remarks>
/// <threadsafety>This type is an immutable value type: any number of threads may share and read an instance without locking.</threadsafety>
public readonly record struct AgentTime
{
    private readonly long _handling;
    private readonly long _availableIdle;
    private readonly long _paid;

    /// <summary>Initializes a new instance of the <see cref="AgentTime"/> struct.</summary>
    /// <param name="handling">Time handling contacts: talk + hold + after-call work; not negative.</param>
    /// <param name="availableIdle">Time logged in, available and waiting for a contact; not negative.</param>
    /// <param name="paid">Paid (scheduled) time, including breaks, training and meetings; not negative.</param>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when a duration is negative.</exception>
    public AgentTime(Duration handling, Duration availableIdle, Duration paid)
    {
        _handling = KpiGuard.NonNegativeNanoseconds(handling, nameof(handling));
        _availableIdle = KpiGuard.NonNegativeNanoseconds(availableIdle, nameof(availableIdle));
        _paid = KpiGuard.NonNegativeNanoseconds(paid, nameof(paid));
    }

    /// <summary>Gets the handling time.</summary>
    /// <value>Talk + hold + after-call work.</value>
    public Duration Handling => Duration.FromNanoseconds(_handling);

    /// <summary>Gets the available idle time.</summary>
    /// <value>Logged in and waiting.</value>
    public Duration AvailableIdle => Duration.FromNanoseconds(_availableIdle);

    /// <summary>Gets the paid time.</summary>
    /// <value>The scheduled, paid time.</value>
    public Duration Paid => Duration.FromNanoseconds(_paid);

    internal long HandlingNanoseconds => _handling;

    internal long AvailableIdleNanoseconds => _availableIdle;

    internal long PaidNanoseconds => _paid;
}

/// <summary>A ratio of two amounts of time, kept as its numerator and denominator.</summary>
/// <remarks>With a zero denominator there is no ratio: <see cref="HasValue"/> is <see langword="false"/> and
/// <see cref="Value"/> and <see cref="Percent"/> are <see langword="null"/> (no data, never NaN). The default value is 0 / 0, no data.</remarks>
/// <threadsafety>This type is an immutable value type: any number of threads may share and read an instance without locking.</threadsafety>
/// <param name="Numerator">The time the KPI counts.</param>
/// <param name="Denominator">The time it is taken over.</param>
public readonly record struct TimeRatio(Duration Numerator, Duration Denominator)
{
    /// <summary>Gets a value indicating whether there is a ratio (the denominator is not zero).</summary>
    /// <value><see langword="false"/> for no data.</value>
    public bool HasValue => Denominator != Duration.Zero;

    /// <summary>Gets the ratio as a fraction.</summary>
    /// <value><c>Numerator / Denominator</c>, or <see langword="null"/> when the denominator is zero (no data).</value>
    public double? Value => Denominator == Duration.Zero ? null : Numerator.TotalNanoseconds / Denominator.TotalNanoseconds;

    /// <summary>Gets the ratio as a percentage.</summary>
    /// <value><c>100 × Value</c>, or <see langword="null"/> when the denominator is zero (no data).</value>
    public double? Percent => 100 * Value;
}
