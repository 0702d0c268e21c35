using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using NodaTime;

namespace CustomerService.Core.Kpis;

/// <summary>Accumulates the queue KPIs: service level (X % answered in Y seconds) with its abandon variants, abandonment rate and average speed of answer (ASA).</summary>
/// <remarks>
/// <para>A contact is "within the threshold" when its wait is at most Y (inclusive: answered at exactly 20 s meets
/// "80 % in 20 s"). A short abandon is an abandon whose wait is strictly under the short-abandon threshold (for
/// example under 5 s: wrong numbers and immediate hang-ups).</para>
/// <para>Counts: A answered, A<sub>Y</sub> answered within Y, B abandoned, B<sub>Y</sub> abandoned within Y,
/// B<sub>S</sub> short abandons, offered = A + B.</para>
/// <list type="bullet">
/// <item><description>Service level: see <see cref="AbandonHandling"/> for the four formulas.</description></item>
/// <item><description>Abandonment rate: <c>B / (A + B)</c>; excluding short abandons: <c>(B − B<sub>S</sub>) / (A + B − B<sub>S</sub>)</c>.</description></item>
/// <item><description>ASA: <c>Σ wait of answered contacts / A</c> (abandoned contacts' waits are not included).</description></item>
/// </list>
/// <para>Worked example (Y = 20 s, short under 5 s): 100 offered, 90 answered of which 72 within 20 s; 10 abandoned,
/// 4 of them within 20 s and 2 under 5 s. Ignore: 72 / 90 = 80 %; as missed: 72 / 100; early as met: 76 / 100;
/// excluding short: 72 / 98. Abandonment 10 / 100, excluding short 8 / 98.</para>
/// <para>Counts are exact 64-bit integers and the answered waits a 128-bit sum: an <see cref="Add"/>, <see cref="AddRange"/> or
/// <see cref="Merge"/> that would take the number of offered contacts past <see cref="long.MaxValue"/> throws
/// <see cref="OverflowException"/> and changes nothing.</para>
/// <para>The default value has thresholds of zero and holds no contacts.</para>
/// </remarks>
/// <threadsafety>This is a mutable value type and is not thread-safe: use one accumulator per thread and <see cref="Merge"/> them. Do not copy it while accumulating.</threadsafety>
[StructLayout(LayoutKind.Auto)]
public struct QueueAccumulator : IKpiAccumulator<QueueCall, QueueAccumulator>
{
    private readonly long _answerWithin;
    private readonly long _shortAbandonUnder;
    private long _answered;
    private long _answeredWithin;
    private long _abandoned;
    private long _abandonedWithin;
    private long _shortAbandoned;
    private WideSum _answeredWait;

    /// <summary>Initializes a new instance of the <see cref="QueueAccumulator"/> struct.</summary>
    /// <param name="answerWithin">The service-level threshold Y (for "80 % in 20 s", 20 s); not negative.</param>
    /// <param name="shortAbandonUnder">Abandons with a wait strictly under this are short abandons; zero means none are; not negative.</param>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when a threshold is negative.</exception>
    public QueueAccumulator(Duration answerWithin, Duration shortAbandonUnder)
    {
        _answerWithin = KpiGuard.NonNegativeNanoseconds(answerWithin, nameof(answerWithin));
        _shortAbandonUnder = KpiGuard.NonNegativeNanoseconds(shortAbandonUnder, nameof(shortAbandonUnder));
    }

    /// <summary>Gets the service-level threshold Y.</summary>
    /// <value>Waits up to and including this meet the target.</value>
    public readonly Duration AnswerWithin => Duration.FromNanoseconds(_answerWithin);

    /// <summary>Gets the short-abandon threshold.</summary>
    /// <value>Abandons with a wait strictly under this are short abandons.</value>
    public readonly Duration ShortAbandonUnder => Duration.FromNanoseconds(_shortAbandonUnder);

    /// <summary>Gets the number of contacts offered: answered plus abandoned.</summary>
    /// <value>A + B.</value>
    public readonly long Offered => _answered + _abandoned;

    /// <summary>Gets the number of answered contacts.</summary>
    /// <value>A.</value>
    public readonly long Answered => _answered;

    /// <summary>Gets the number of contacts answered within the threshold.</summary>
    /// <value>A<sub>Y</sub>.</value>
    public readonly long AnsweredWithinThreshold => _answeredWithin;

    /// <summary>Gets the number of abandoned contacts.</summary>
    /// <value>B.</value>
    public readonly long Abandoned => _abandoned;

    /// <summary>Gets the number of contacts abandoned within the threshold.</summary>
    /// <value>B<sub>Y</sub>.</value>
    public readonly long AbandonedWithinThreshold => _abandonedWithin;

    /// <summary>Gets the number of short abandons.</summary>
    /// <value>B<sub>S</sub>.</value>
    public readonly long ShortAbandoned => _shortAbandoned;

    /// <summary>Gets the average speed of answer: the mean wait of answered contacts.</summary>
    /// <value>Σ wait (answered) / A, rounded half up to the nanosecond, or <see langword="null"/> with nothing answered.</value>
    public readonly Duration? AverageSpeedOfAnswer => _answered == 0 ? null : WideSum.Mean((UInt128)_answeredWait.Value, _answered, "average speed of answer");

    /// <summary>Gets the service level with the chosen abandon handling.</summary>
    /// <param name="abandons">How abandoned contacts count.</param>
    /// <returns>The service level as a rate (see <see cref="AbandonHandling"/>).</returns>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when <paramref name="abandons"/> is not defined.</exception>
    public readonly KpiRate ServiceLevel(AbandonHandling abandons) => abandons switch
    {
        AbandonHandling.Ignore => new KpiRate(_answeredWithin, _answered),
        AbandonHandling.CountAsMissed => new KpiRate(_answeredWithin, Offered),
        AbandonHandling.CountEarlyAsMet => new KpiRate(_answeredWithin + _abandonedWithin, Offered),
        AbandonHandling.ExcludeShortAbandons => new KpiRate(_answeredWithin, Offered - _shortAbandoned),
        _ => throw new ArgumentOutOfRangeException(nameof(abandons), abandons, "Unknown abandon handling."),
    };

    /// <summary>Gets the abandonment rate.</summary>
    /// <param name="excludeShortAbandons">Whether short abandons are left out of numerator and denominator.</param>
    /// <returns><c>B / (A + B)</c>, or <c>(B − B<sub>S</sub>) / (A + B − B<sub>S</sub>)</c> when excluding short abandons.</returns>
    public readonly KpiRate AbandonmentRate(bool excludeShortAbandons = false) => excludeShortAbandons
        ? new KpiRate(_abandoned - _shortAbandoned, Offered - _shortAbandoned)
        : new KpiRate(_abandoned, Offered);

    /// <summary>Adds one offered contact.</summary>
    /// <param name="record">The contact's wait and outcome.</param>
    /// <exception cref="OverflowException">Thrown when the number of offered contacts would pass <see cref="long.MaxValue"/>; the accumulator is unchanged.</exception>
    public void Add(QueueCall record)
    {
        AddRange(new ReadOnlySpan<QueueCall>(in record));
    }

    /// <summary>Adds a batch of offered contacts in one tight pass.</summary>
    /// <param name="records">The contacts' waits and outcomes (every value of <see cref="QueueCall"/> is valid).</param>
    /// <exception cref="OverflowException">Thrown when the number of offered contacts would pass <see cref="long.MaxValue"/>; nothing is added.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void AddRange(ReadOnlySpan<QueueCall> records)
    {
        // Every other count is at most the number offered, so this one check covers them all.
        _ = KpiGuard.AddCount(Offered, records.Length, "number of offered contacts");

        // Thresholds beyond the longest representable wait behave alike; capping keeps the subtractions from overflowing.
        long withinPlusOne = Math.Min(_answerWithin, QueueCall.MaximumWaitNanoseconds) + 1;
        long shortUnder = Math.Min(_shortAbandonUnder, QueueCall.MaximumWaitNanoseconds + 1);
        long abandoned = 0;
        long answeredWithin = 0;
        long abandonedWithin = 0;
        long shortAbandoned = 0;

        // The answered waits are summed as two 32-bit halves: neither can overflow a long within one span.
        long waitLow = 0;
        long waitHigh = 0;
        foreach (ref readonly QueueCall c in records)
        {
            // Branch-free: outcomes and waits are unpredictable, so conditions are computed with shifts and masks.
            long p = c.Packed;
            long ab = p & 1;
            long an = ab ^ 1;
            long w = p >> 1;
            long inY = (w - withinPlusOne) >>> 63;   // w ≤ Y
            long isShort = (w - shortUnder) >>> 63;  // w < S
            abandoned += ab;
            answeredWithin += an & inY;
            abandonedWithin += ab & inY;
            shortAbandoned += ab & isShort;
            long counted = w & -an;
            waitLow += counted & 0xFFFF_FFFF;
            waitHigh += counted >>> 32;
        }

        _abandoned += abandoned;
        _answered += records.Length - abandoned;
        _answeredWithin += answeredWithin;
        _abandonedWithin += abandonedWithin;
        _shortAbandoned += shortAbandoned;
        _answeredWait.Add(waitLow);
        _answeredWait.AddShifted32(waitHigh);
    }

    /// <summary>Adds every contact counted by another accumulator with the same thresholds.</summary>
    /// <param name="other">The accumulator to merge; it is not changed.</param>
    /// <exception cref="ArgumentException">Thrown when the thresholds differ; the accumulator is unchanged.</exception>
    /// <exception cref="OverflowException">Thrown when the number of offered contacts would pass <see cref="long.MaxValue"/>; the accumulator is unchanged.</exception>
    public void Merge(in QueueAccumulator other)
    {
        KpiGuard.SameSetting(_answerWithin, other._answerWithin, "service-level threshold (ns)", nameof(other));
        KpiGuard.SameSetting(_shortAbandonUnder, other._shortAbandonUnder, "short-abandon threshold (ns)", nameof(other));
        _ = KpiGuard.AddCount(Offered, other.Offered, "number of offered contacts");
        WideSum wait = _answeredWait;
        wait.Add(other._answeredWait);
        long answered = _answered + other._answered;
        long answeredWithin = _answeredWithin + other._answeredWithin;
        long abandoned = _abandoned + other._abandoned;
        long abandonedWithin = _abandonedWithin + other._abandonedWithin;
        long shortAbandoned = _shortAbandoned + other._shortAbandoned;
        _answered = answered;
        _answeredWithin = answeredWithin;
        _abandoned = abandoned;
        _abandonedWithin = abandonedWithin;
        _shortAbandoned = shortAbandoned;
        _answeredWait = wait;
    }
}
