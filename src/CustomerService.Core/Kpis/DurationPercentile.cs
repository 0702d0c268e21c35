using System.Globalization;
using NodaTime;

namespace CustomerService.Core.Kpis;

/// <summary>A percentile of a set of durations, with the percentile and the method that produced it, so no report shows a figure without its definition.</summary>
/// <remarks>
/// <para>With no data there is no percentile: <see cref="HasValue"/> is <see langword="false"/> and <see cref="Value"/>
/// is <see langword="null"/> (a dashboard shows "no data", never a zero or NaN).</para>
/// <para>The default value is the no-data result of the 0th percentile with no method (0).</para>
/// </remarks>
/// <threadsafety>This type is an immutable value type: any number of threads may share and read an instance without locking.</threadsafety>
public readonly record struct DurationPercentile
{
    internal DurationPercentile(double percent, PercentileMethod method, Duration? value)
    {
        Percent = percent;
        Method = method;
        Value = value;
    }

    /// <summary>Gets the percentile asked for, 0 to 100 (90 for p90).</summary>
    /// <value>The percentile.</value>
    public double Percent { get; }

    /// <summary>Gets the method the percentile was taken by.</summary>
    /// <value>One of the nine <see cref="PercentileMethod"/> values (R's type number).</value>
    public PercentileMethod Method { get; }

    /// <summary>Gets the percentile.</summary>
    /// <value>The duration, or <see langword="null"/> when there was no data.</value>
    public Duration? Value { get; }

    /// <summary>Gets a value indicating whether there was data to take the percentile of.</summary>
    /// <value><see langword="true"/> when <see cref="Value"/> is not <see langword="null"/>.</value>
    public bool HasValue => Value.HasValue;

    /// <summary>Returns the percentile with its method, for example <c>p90 (Linear, R type 7) = 0:00:37:00</c>, or <c>… = no data</c>.</summary>
    /// <returns>A description using the invariant culture.</returns>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"p{Percent} ({Method}, R type {(int)Method}) = {(Value is Duration d ? d.ToString("-D:hh:mm:ss.FFFFFFFFF", CultureInfo.InvariantCulture) : "no data")}");
}
