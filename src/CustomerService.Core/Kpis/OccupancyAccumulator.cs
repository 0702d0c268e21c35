using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using NodaTime;

namespace CustomerService.Core.Kpis;

/// <summary>Accumulates occupancy and utilisation, each with its numerator and denominator stated.</summary>
/// <remarks>
/// <list type="bullet">
/// <item><description>Occupancy: <c>handling / (handling + available idle)</c> — of the time agents were logged in
/// and ready, the share spent on contacts.</description></item>
/// <item><description>Utilisation: <c>handling / paid</c> — of the time paid for, the share spent on contacts.</description></item>
/// <item><description>Logged-in utilisation (some centres call this "utilisation"): <c>(handling + available idle) / paid</c>.</description></item>
/// </list>
/// <para>Worked example: 6 h handling, 1.5 h available idle, 8 h paid: occupancy 6 / 7.5 = 80 %, utilisation 6 / 8 = 75 %,
/// logged-in utilisation 7.5 / 8 = 93.75 %.</para>
/// <para>Totals are kept in 128 bits and reported exactly as <see cref="Duration"/>s, so handling plus available idle time,
/// and paid time, may each total up to <see cref="Duration.MaxValue"/> (about 45,964 years); an <see cref="Add"/>,
/// <see cref="AddRange"/> or <see cref="Merge"/> beyond that throws <see cref="OverflowException"/> and changes nothing.</para>
/// <para>The default value holds no time.</para>
/// </remarks>
/// <threadsafety>This is a mutable value type and is not thread-safe: use one accumulator per thread and <see cref="Merge"/> them. Do not copy it while accumulating.</threadsafety>
[StructLayout(LayoutKind.Auto)]
public struct OccupancyAccumulator : IKpiAccumulator<AgentTime, OccupancyAccumulator>
{
    private WideSum _handling;
    private WideSum _idle;
    private WideSum _paid;

    /// <summary>Gets occupancy: handling over handling plus available idle.</summary>
    /// <value>The occupancy ratio.</value>
    public readonly TimeRatio Occupancy => new(ToDuration(_handling.Value), ToDuration(_handling.Value + _idle.Value));

    /// <summary>Gets utilisation: handling over paid time.</summary>
    /// <value>The utilisation ratio.</value>
    public readonly TimeRatio Utilisation => new(ToDuration(_handling.Value), ToDuration(_paid.Value));

    /// <summary>Gets logged-in utilisation: handling plus available idle over paid time.</summary>
    /// <value>The logged-in utilisation ratio.</value>
    public readonly TimeRatio LoggedInUtilisation => new(ToDuration(_handling.Value + _idle.Value), ToDuration(_paid.Value));

    /// <summary>Adds one agent-period.</summary>
    /// <param name="record">The agent's time.</param>
    /// <exception cref="OverflowException">Thrown when a total would pass <see cref="Duration.MaxValue"/>; the accumulator is unchanged.</exception>
    public void Add(AgentTime record)
    {
        AddRange(new ReadOnlySpan<AgentTime>(in record));
    }

    /// <summary>Adds a batch of agent-periods.</summary>
    /// <param name="records">The agents' times (every value of <see cref="AgentTime"/> is valid).</param>
    /// <exception cref="OverflowException">Thrown when a total would pass <see cref="Duration.MaxValue"/>; nothing is added.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void AddRange(ReadOnlySpan<AgentTime> records)
    {
        // Each total is summed as two 32-bit halves: neither can overflow a long within one span.
        long handlingLow = 0, handlingHigh = 0, idleLow = 0, idleHigh = 0, paidLow = 0, paidHigh = 0;
        foreach (ref readonly AgentTime r in records)
        {
            long h = r.HandlingNanoseconds;
            long i = r.AvailableIdleNanoseconds;
            long p = r.PaidNanoseconds;
            handlingLow += h & 0xFFFF_FFFF;
            handlingHigh += h >>> 32;
            idleLow += i & 0xFFFF_FFFF;
            idleHigh += i >>> 32;
            paidLow += p & 0xFFFF_FFFF;
            paidHigh += p >>> 32;
        }

        WideSum handling = _handling;
        WideSum idle = _idle;
        WideSum paid = _paid;
        handling.Add(handlingLow);
        handling.AddShifted32(handlingHigh);
        idle.Add(idleLow);
        idle.AddShifted32(idleHigh);
        paid.Add(paidLow);
        paid.AddShifted32(paidHigh);
        Commit(handling, idle, paid);
    }

    /// <summary>Adds the time counted by another accumulator.</summary>
    /// <param name="other">The accumulator to merge; it is not changed.</param>
    /// <exception cref="OverflowException">Thrown when a total would pass <see cref="Duration.MaxValue"/>; the accumulator is unchanged.</exception>
    public void Merge(in OccupancyAccumulator other)
    {
        WideSum handling = _handling;
        WideSum idle = _idle;
        WideSum paid = _paid;
        handling.Add(other._handling);
        idle.Add(other._idle);
        paid.Add(other._paid);
        Commit(handling, idle, paid);
    }

    private static Duration ToDuration(Int128 nanoseconds) => KpiGuard.ToDuration(nanoseconds, "total time");

    private void Commit(WideSum handling, WideSum idle, WideSum paid)
    {
        if (handling.Value + idle.Value > KpiGuard.MaximumDurationNanoseconds || paid.Value > KpiGuard.MaximumDurationNanoseconds)
        {
            throw new OverflowException("The handling plus available idle time, or the paid time, would pass Duration.MaxValue (about 45,964 years); nothing was added.");
        }

        _handling = handling;
        _idle = idle;
        _paid = paid;
    }
}
