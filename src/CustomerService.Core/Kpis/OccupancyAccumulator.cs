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
    public readonly TimeRatio Occupancy => new(ToDuration(_handling), ToDuration(_handling) + ToDuration(_idle));

    /// <summary>Gets utilisation: handling over paid time.</summary>
    /// <value>The utilisation ratio.</value>
    public readonly TimeRatio Utilisation => new(ToDuration(_handling), ToDuration(_paid));

    /// <summary>Gets logged-in utilisation: handling plus available idle over paid time.</summary>
    /// <value>The logged-in utilisation ratio.</value>
    public readonly TimeRatio LoggedInUtilisation => new(ToDuration(_handling) + ToDuration(_idle), ToDuration(_paid));

    /// <summary>Adds one agent-period.</summary>
    /// <param name="record">The agent's time.</param>
    public void Add(AgentTime record)
    {
        _handling.Add(record.HandlingNanoseconds);
        _idle.Add(record.AvailableIdleNanoseconds);
        _paid.Add(record.PaidNanoseconds);
    }

    /// <summary>Adds a batch of agent-periods.</summary>
    /// <param name="records">The agents' times.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void AddRange(ReadOnlySpan<AgentTime> records)
    {
        foreach (ref readonly AgentTime r in records)
        {
            Add(r);
        }
    }

    /// <summary>Adds the time counted by another accumulator.</summary>
    /// <param name="other">The accumulator to merge; it is not changed.</param>
    public void Merge(in OccupancyAccumulator other)
    {
        _handling.Add(other._handling);
        _idle.Add(other._idle);
        _paid.Add(other._paid);
    }

    private static Duration ToDuration(WideSum sum) => Duration.FromNanoseconds((System.Numerics.BigInteger)sum.Value);
}
