using System.Globalization;

namespace CustomerService.Core.Kpis;

/// <summary>Turns the agents needed on the phones into agents to schedule, allowing for shrinkage (breaks, training, absence).</summary>
/// <remarks>
/// <para>Formula: <c>scheduled = ⌈agents / (1 − shrinkage)⌉</c>.</para>
/// <para>The division is done in <see cref="decimal"/> (the shrinkage is first converted from <see cref="double"/>,
/// which keeps 15 significant digits, so 0.3 is exactly 3/10), and the quotient is rounded to 9 decimal places before
/// the ceiling. So 21 agents at 30 % shrinkage is exactly 30 scheduled, not the 31 that <c>Math.Ceiling(21 / 0.7)</c>
/// gives in binary floating point (21 / 0.7 = 30.000000000000004). Tolerance: a quotient within 10<sup>−9</sup> of a
/// whole number is taken as that number.</para>
/// <para>Worked example: 14 agents at 30 % shrinkage: 14 / 0.7 = 20 scheduled.</para>
/// </remarks>
/// <threadsafety>This type is stateless and thread-safe.</threadsafety>
public static class Shrinkage
{
    /// <summary>Gets the number of agents to schedule so that <paramref name="agents"/> are available after shrinkage.</summary>
    /// <param name="agents">Agents needed on the phones; not negative.</param>
    /// <param name="shrinkage">The share of paid time not available for contacts, from 0 (inclusive) to 1 (exclusive).</param>
    /// <returns><c>⌈agents / (1 − shrinkage)⌉</c>, computed exactly as described in the remarks.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when <paramref name="agents"/> is negative or <paramref name="shrinkage"/> is NaN or outside [0, 1).</exception>
    /// <exception cref="OverflowException">Thrown when the result does not fit in an <see cref="int"/>.</exception>
    public static int ScheduledAgents(int agents, double shrinkage)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(agents);
        KpiGuard.InRange(shrinkage, nameof(shrinkage), 0, 1, maximumInclusive: false);
        decimal s = (decimal)shrinkage;
        if (s >= 1m)
        {
            throw new ArgumentOutOfRangeException(nameof(shrinkage), shrinkage, string.Create(CultureInfo.InvariantCulture, $"shrinkage is {shrinkage}; the allowed range is [0, 1)."));
        }

        decimal quotient = agents / (1m - s);
        return checked((int)decimal.Ceiling(decimal.Round(quotient, 9, MidpointRounding.AwayFromZero)));
    }

    /// <summary>Gets the agents available on the phones out of <paramref name="scheduledAgents"/> scheduled, after shrinkage: the inverse of <see cref="ScheduledAgents"/>.</summary>
    /// <remarks>Formula: <c>⌊scheduled × (1 − shrinkage)⌋</c>, computed in <see cref="decimal"/> and rounded to 9 decimal
    /// places before the floor (so 30 scheduled at 30 % shrinkage is exactly 21, not the 20 that binary floating point
    /// gives for 30 × 0.7 = 20.999999999999996). A part-time fraction of an agent is not an agent on the phones.
    /// For every n, <c>ProductiveAgents(ScheduledAgents(n, s), s) ≥ n</c>.</remarks>
    /// <param name="scheduledAgents">Agents scheduled (paid); not negative.</param>
    /// <param name="shrinkage">The share of paid time not available for contacts, from 0 (inclusive) to 1 (exclusive).</param>
    /// <returns>The productive agents, from 0 to <paramref name="scheduledAgents"/>.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when <paramref name="scheduledAgents"/> is negative or <paramref name="shrinkage"/> is NaN or outside [0, 1).</exception>
    public static int ProductiveAgents(int scheduledAgents, double shrinkage)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(scheduledAgents);
        KpiGuard.InRange(shrinkage, nameof(shrinkage), 0, 1, maximumInclusive: false);
        decimal s = (decimal)shrinkage;
        decimal product = scheduledAgents * (1m - s);
        return (int)decimal.Floor(decimal.Round(product, 9, MidpointRounding.AwayFromZero));
    }
}
