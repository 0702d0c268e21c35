using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace CustomerService.Core.Kpis;

/// <summary>One requested callback as the callback KPIs count it: whether the customer was reached and whether the callback converted (a sale, a renewal, a booked visit — whatever the campaign counts).</summary>
/// <remarks>
/// It is a plain KPI record, fed by any source. It is not the <c>CustomerService.Core.Callbacks.CallbackOutcome</c> that a desk records
/// when it completes a callback in the callback lifecycle; a host maps one to the other as its campaign defines
/// "converted". The default value is a callback that reached nobody.
/// </remarks>
/// <threadsafety>This type is an immutable value type: any number of threads may share and read an instance without locking.</threadsafety>
public readonly record struct RequestedCallback
{
    /// <summary>Initializes a new instance of the <see cref="RequestedCallback"/> struct.</summary>
    /// <param name="reached">Whether the customer was reached (a right-party contact).</param>
    /// <param name="converted">Whether the callback converted; only a reached customer can convert.</param>
    /// <exception cref="ArgumentException">Thrown when <paramref name="converted"/> is <see langword="true"/> but <paramref name="reached"/> is not.</exception>
    public RequestedCallback(bool reached, bool converted)
    {
        if (converted && !reached)
        {
            throw new ArgumentException("A callback cannot convert without reaching the customer.", nameof(converted));
        }

        Reached = reached;
        Converted = converted;
    }

    /// <summary>Gets a value indicating whether the customer was reached.</summary>
    /// <value><see langword="true"/> for a right-party contact.</value>
    public bool Reached { get; }

    /// <summary>Gets a value indicating whether the callback converted.</summary>
    /// <value><see langword="true"/> when converted.</value>
    public bool Converted { get; }
}

/// <summary>Accumulates the callback contact rate and conversion rates.</summary>
/// <remarks>
/// <list type="bullet">
/// <item><description>Contact rate: <c>reached / requested</c>.</description></item>
/// <item><description>Conversion rate (of contacts, the usual one): <c>converted / reached</c>.</description></item>
/// <item><description>Conversion rate of requests: <c>converted / requested</c> = contact rate × conversion rate.</description></item>
/// </list>
/// <para>Worked example: 200 callbacks requested, 150 reached, 30 converted: contact rate 75 %, conversion 20 % of contacts, 15 % of requests.</para>
/// <para>Counts are exact 64-bit integers: an <see cref="Add"/>, <see cref="AddRange"/> or <see cref="Merge"/> that would take
/// the number of callbacks past <see cref="long.MaxValue"/> throws <see cref="OverflowException"/> and changes nothing.</para>
/// <para>The default value holds no callbacks.</para>
/// </remarks>
/// <threadsafety>This is a mutable value type and is not thread-safe: use one accumulator per thread and <see cref="Merge"/> them. Do not copy it while accumulating.</threadsafety>
[StructLayout(LayoutKind.Auto)]
public struct CallbackAccumulator : IKpiAccumulator<RequestedCallback, CallbackAccumulator>
{
    private long _requested;
    private long _reached;
    private long _converted;

    /// <summary>Gets the number of callbacks requested (added).</summary>
    /// <value>The request count.</value>
    public readonly long Requested => _requested;

    /// <summary>Gets the number of callbacks that reached the customer.</summary>
    /// <value>The reached count.</value>
    public readonly long Reached => _reached;

    /// <summary>Gets the number of callbacks that converted.</summary>
    /// <value>The converted count.</value>
    public readonly long Converted => _converted;

    /// <summary>Gets the contact rate.</summary>
    /// <value><c>Reached / Requested</c>.</value>
    public readonly KpiRate ContactRate => new(_reached, _requested);

    /// <summary>Gets the conversion rate of contacts.</summary>
    /// <value><c>Converted / Reached</c>.</value>
    public readonly KpiRate ConversionRate => new(_converted, _reached);

    /// <summary>Gets the conversion rate of requests.</summary>
    /// <value><c>Converted / Requested</c>.</value>
    public readonly KpiRate ConversionRateOfRequests => new(_converted, _requested);

    /// <summary>Adds one callback outcome.</summary>
    /// <param name="record">The outcome.</param>
    /// <exception cref="OverflowException">Thrown when the number of callbacks would pass <see cref="long.MaxValue"/>; the accumulator is unchanged.</exception>
    public void Add(RequestedCallback record)
    {
        _requested = KpiGuard.AddCount(_requested, 1, "number of callbacks");
        _reached += record.Reached ? 1 : 0;
        _converted += record.Converted ? 1 : 0;
    }

    /// <summary>Adds a batch of callback outcomes.</summary>
    /// <param name="records">The outcomes (every value of <see cref="RequestedCallback"/> is valid).</param>
    /// <exception cref="OverflowException">Thrown when the number of callbacks would pass <see cref="long.MaxValue"/>; nothing is added.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void AddRange(ReadOnlySpan<RequestedCallback> records)
    {
        long requested = KpiGuard.AddCount(_requested, records.Length, "number of callbacks");
        long reached = 0;
        long converted = 0;
        foreach (ref readonly RequestedCallback r in records)
        {
            reached += r.Reached ? 1 : 0;
            converted += r.Converted ? 1 : 0;
        }

        _requested = requested;
        _reached += reached;
        _converted += converted;
    }

    /// <summary>Adds every callback counted by another accumulator.</summary>
    /// <param name="other">The accumulator to merge; it is not changed.</param>
    /// <exception cref="OverflowException">Thrown when the number of callbacks would pass <see cref="long.MaxValue"/>; the accumulator is unchanged.</exception>
    public void Merge(in CallbackAccumulator other)
    {
        long requested = KpiGuard.AddCount(_requested, other._requested, "number of callbacks");
        long reached = _reached + other._reached;
        long converted = _converted + other._converted;
        _requested = requested;
        _reached = reached;
        _converted = converted;
    }
}
