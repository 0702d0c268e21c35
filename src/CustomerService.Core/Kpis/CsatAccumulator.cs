using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace CustomerService.Core.Kpis;

/// <summary>Accumulates customer-satisfaction (CSAT) survey scores.</summary>
/// <remarks>
/// <para>Formulas, over the scores added so far (n of them):</para>
/// <list type="bullet">
/// <item><description>CSAT (threshold variant, the usual one): <c>CSAT % = 100 × (number of scores ≥ SatisfiedFrom) / n</c>.
/// On the default 1–5 scale this is the "top-two-box" share of 4s and 5s.</description></item>
/// <item><description>CSAT (mean variant): <c>mean = (Σ scores) / n</c>, on the survey's own scale.</description></item>
/// </list>
/// <para>Worked example: counts 5:42, 4:32, 3:10, 2:9, 1:14 give (42 + 32) / 107 = 74 / 107 = 69.16 %; mean 3.73.</para>
/// <para>Counts and the score sum are exact 64-bit integers: an <see cref="Add(int)"/>, <see cref="Add(int, long)"/>,
/// <c>AddRange</c> or <see cref="Merge"/> that would take one past <see cref="long.MaxValue"/> throws
/// <see cref="OverflowException"/> and changes nothing.</para>
/// <para>The default value accumulates on <see cref="CsatScale.Default"/> (1–5, satisfied from 4) and holds no scores.</para>
/// </remarks>
/// <threadsafety>This is a mutable value type and is not thread-safe: use one accumulator per thread and <see cref="Merge"/> them. Do not copy it while accumulating, or the copy stops seeing later records.</threadsafety>
[StructLayout(LayoutKind.Auto)]
public struct CsatAccumulator : IKpiAccumulator<int, CsatAccumulator>, IKpiRecordValidator<int>
{
    private readonly CsatScale _scale;
    private long _count;
    private long _satisfied;
    private long _sum;

    /// <summary>Initializes a new instance of the <see cref="CsatAccumulator"/> struct on a given scale.</summary>
    /// <param name="scale">The survey scale and satisfied threshold.</param>
    public CsatAccumulator(CsatScale scale)
    {
        _scale = scale;
    }

    /// <summary>Gets the scale the scores are on.</summary>
    /// <value>The survey scale.</value>
    public readonly CsatScale Scale => _scale;

    /// <summary>Gets the number of scores added.</summary>
    /// <value>The number of responses, n.</value>
    public readonly long Count => _count;

    /// <summary>Gets the number of scores at or above the satisfied threshold.</summary>
    /// <value>The number of satisfied responses.</value>
    public readonly long Satisfied => _satisfied;

    /// <summary>Gets the sum of all scores.</summary>
    /// <value>The sum, used by the mean variant.</value>
    public readonly long ScoreSum => _sum;

    /// <summary>Gets the CSAT as satisfied responses over all responses.</summary>
    /// <value><c>Satisfied / Count</c>.</value>
    public readonly KpiRate SatisfiedRate => new(_satisfied, _count);

    /// <summary>Gets the CSAT percentage: <c>100 × Satisfied / Count</c>.</summary>
    /// <value>A percentage from 0 to 100, or <see langword="null"/> with no responses (no data).</value>
    public readonly double? Percent => SatisfiedRate.Percent;

    /// <summary>Gets the mean score (the mean variant of CSAT): <c>ScoreSum / Count</c>.</summary>
    /// <value>A value on the survey's scale, or <see langword="null"/> with no responses (no data).</value>
    public readonly double? Mean => _count == 0 ? null : (double)_sum / _count;

    /// <summary>Adds one survey score.</summary>
    /// <param name="record">The score, on <see cref="Scale"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when the score is outside the scale; the message names its position (the number of scores added before it), and the accumulator is unchanged.</exception>
    /// <exception cref="OverflowException">Thrown when the count or the score sum would pass <see cref="long.MaxValue"/>; the accumulator is unchanged.</exception>
    public void Add(int record)
    {
        int min = _scale.Minimum;
        if ((uint)(record - min) > (uint)(_scale.Maximum - min))
        {
            KpiGuard.ThrowScoreOutOfRange(nameof(record), _count, record, min, _scale.Maximum);
        }

        long count = KpiGuard.AddCount(_count, 1, "number of responses");
        long sum = KpiGuard.AddCount(_sum, record, "score sum");
        _count = count;
        _sum = sum;
        _satisfied += record >= _scale.SatisfiedFrom ? 1 : 0;
    }

    /// <summary>Adds a number of responses that all gave the same score (a row of a score histogram).</summary>
    /// <param name="score">The score, on <see cref="Scale"/>.</param>
    /// <param name="count">How many responses gave it; not negative.</param>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when the score is outside the scale or the count is negative; the accumulator is unchanged.</exception>
    /// <exception cref="OverflowException">Thrown when the count or the score sum would pass <see cref="long.MaxValue"/>; the accumulator is unchanged.</exception>
    public void Add(int score, long count)
    {
        int min = _scale.Minimum;
        if ((uint)(score - min) > (uint)(_scale.Maximum - min))
        {
            KpiGuard.ThrowScoreOutOfRange(nameof(score), _count, score, min, _scale.Maximum);
        }

        KpiGuard.NonNegativeCount(count, nameof(count));
        long total = KpiGuard.AddCount(_count, count, "number of responses");
        long sum = KpiGuard.AddCount(_sum, KpiGuard.MultiplyCount(score, count, "score sum"), "score sum");
        _count = total;
        _sum = sum;
        _satisfied += score >= _scale.SatisfiedFrom ? count : 0;
    }

    /// <summary>Adds a batch of scores in one tight pass.</summary>
    /// <param name="scores">The scores, on <see cref="Scale"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when a score is outside the scale; <see cref="ArgumentException.ParamName"/> is <c>scores[i]</c> and the message names the index i. Nothing is added.</exception>
    /// <exception cref="OverflowException">Thrown when the count or the score sum would pass <see cref="long.MaxValue"/>; nothing is added.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void AddRange(ReadOnlySpan<byte> scores)
    {
        AddRangeCore(scores);
    }

    /// <summary>Adds a batch of scores in one tight pass.</summary>
    /// <param name="scores">The scores, on <see cref="Scale"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when a score is outside the scale; <see cref="ArgumentException.ParamName"/> is <c>scores[i]</c> and the message names the index i. Nothing is added.</exception>
    /// <exception cref="OverflowException">Thrown when the count or the score sum would pass <see cref="long.MaxValue"/>; nothing is added.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void AddRange(ReadOnlySpan<int> scores)
    {
        AddRangeCore(scores);
    }

    // One loop for every integer span: the JIT specialises it per element type, so each overload keeps its tight loop.
    [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
    private void AddRangeCore<T>(ReadOnlySpan<T> scores)
        where T : unmanaged, IBinaryInteger<T>
    {
        int min = _scale.Minimum;
        uint range = (uint)(_scale.Maximum - min);
        int threshold = _scale.SatisfiedFrom;
        long sum = 0;
        long satisfied = 0;
        for (int i = 0; i < scores.Length; i++)
        {
            int s = int.CreateTruncating(scores[i]);
            if ((uint)(s - min) > range)
            {
                KpiGuard.ThrowScoreOutOfRangeAt(nameof(scores), i, s, min, _scale.Maximum);
            }

            sum += s;
            satisfied += s >= threshold ? 1 : 0;
        }

        long count = KpiGuard.AddCount(_count, scores.Length, "number of responses");
        long total = KpiGuard.AddCount(_sum, sum, "score sum");
        _count = count;
        _sum = total;
        _satisfied += satisfied;
    }

    /// <inheritdoc/>
    readonly void IKpiRecordValidator<int>.ValidateRecord(int record, string batchName, int index)
    {
        int min = _scale.Minimum;
        if ((uint)(record - min) > (uint)(_scale.Maximum - min))
        {
            KpiGuard.ThrowScoreOutOfRangeAt(batchName, index, record, min, _scale.Maximum);
        }
    }

    /// <summary>Adds every score counted by another accumulator on the same scale.</summary>
    /// <param name="other">The accumulator to merge; it is not changed.</param>
    /// <exception cref="ArgumentException">Thrown when <paramref name="other"/> is on a different scale; the accumulator is unchanged.</exception>
    /// <exception cref="OverflowException">Thrown when the count or the score sum would pass <see cref="long.MaxValue"/>; the accumulator is unchanged.</exception>
    public void Merge(in CsatAccumulator other)
    {
        KpiGuard.SameSetting(_scale, other._scale, "scale", nameof(other));
        long count = KpiGuard.AddCount(_count, other._count, "number of responses");
        long sum = KpiGuard.AddCount(_sum, other._sum, "score sum");
        long satisfied = _satisfied + other._satisfied;
        _count = count;
        _sum = sum;
        _satisfied = satisfied;
    }
}
