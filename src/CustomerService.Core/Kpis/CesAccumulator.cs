using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace CustomerService.Core.Kpis;

/// <summary>Accumulates Customer Effort Score (CES) answers on a <see cref="CesScale"/>: the 1–7 agreement scale (higher is easier) or the original 1–5 effort scale (lower is easier).</summary>
/// <remarks>
/// <para>Polarity is the scale's: on <see cref="CesScale.Agreement7"/> (the default) 7 = strongly agree "it was easy",
/// on <see cref="CesScale.Effort5"/> 1 = very low effort. Answers are added as given; nothing needs reversing by hand.</para>
/// <para>Formulas, over n answers:</para>
/// <list type="bullet">
/// <item><description>CES (mean): <c>(Σ scores) / n</c>, on the survey's own scale.</description></item>
/// <item><description>CES (% easy): <c>100 × (answers on the easy side of the midpoint) / n</c> — 5, 6 or 7 on the
/// agreement scale, 1 or 2 on the effort scale; the difficult side is the other side, the midpoint is neutral.</description></item>
/// <item><description>Ease index (to compare scales): the mean mapped to 0 (hardest) … 100 (easiest), see <see cref="CesScale"/>.</description></item>
/// </list>
/// <para>Worked examples: answers 7, 6, 5, 4, 2 (1–7) give a mean of 24 / 5 = 4.8, 3 / 5 = 60 % agree and an ease index
/// of 63.3; answers 1, 2, 2, 3, 5 (1–5 effort) give a mean of 13 / 5 = 2.6, 3 / 5 = 60 % low effort and an ease index of 60.</para>
/// <para>With no answers there is no CES: <see cref="Mean"/> and <see cref="EaseIndex"/> are <see langword="null"/> and the rates have no value.</para>
/// <para>Counts and the score sum are exact 64-bit integers: an <c>Add</c>, <c>AddRange</c> or <see cref="Merge"/>
/// that would take one past <see cref="long.MaxValue"/> throws <see cref="OverflowException"/> and changes nothing.</para>
/// <para>The default value accumulates on <see cref="CesScale.Agreement7"/> and holds no answers.</para>
/// </remarks>
/// <threadsafety>This is a mutable value type and is not thread-safe: use one accumulator per thread and <see cref="Merge"/> them. Do not copy it while accumulating.</threadsafety>
[StructLayout(LayoutKind.Auto)]
public struct CesAccumulator : IKpiAccumulator<int, CesAccumulator>, IKpiRecordValidator<int>
{
    private readonly CesScale _scale;
    private long _count;
    private long _sum;
    private long _agree;
    private long _disagree;

    /// <summary>Initializes a new instance of the <see cref="CesAccumulator"/> struct on a given scale.</summary>
    /// <param name="scale">The survey scale and its polarity.</param>
    public CesAccumulator(CesScale scale)
    {
        _scale = scale;
    }

    /// <summary>Gets the scale the answers are on.</summary>
    /// <value>The survey scale.</value>
    public readonly CesScale Scale => _scale;

    /// <summary>Gets the number of answers added.</summary>
    /// <value>n.</value>
    public readonly long Count => _count;

    /// <summary>Gets the sum of the answers.</summary>
    /// <value>Σ scores.</value>
    public readonly long ScoreSum => _sum;

    /// <summary>Gets the number of answers on the easy side (agree it was easy; on the effort scale, low effort).</summary>
    /// <value>The easy count.</value>
    public readonly long Agree => _agree;

    /// <summary>Gets the number of answers on the difficult side (disagree it was easy; on the effort scale, high effort).</summary>
    /// <value>The difficult count.</value>
    public readonly long Disagree => _disagree;

    /// <summary>Gets the mean CES on the survey's scale: <c>ScoreSum / Count</c>.</summary>
    /// <value>A value on <see cref="Scale"/>, or <see langword="null"/> with no answers (no data).</value>
    public readonly double? Mean => _count == 0 ? null : (double)_sum / _count;

    /// <summary>Gets the mean as an ease index, 0 (hardest) to 100 (easiest), comparable across scales and polarities.</summary>
    /// <value>The ease index of <see cref="Mean"/>, or <see langword="null"/> with no answers (no data).</value>
    public readonly double? EaseIndex => Mean is double mean ? _scale.EaseIndexCore(mean) : null;

    /// <summary>Gets the share of answers on the easy side.</summary>
    /// <value><c>Agree / Count</c>.</value>
    public readonly KpiRate AgreeRate => new(_agree, _count);

    /// <summary>Gets the share of answers on the difficult side.</summary>
    /// <value><c>Disagree / Count</c>.</value>
    public readonly KpiRate DisagreeRate => new(_disagree, _count);

    /// <summary>Adds one answer.</summary>
    /// <param name="record">The answer, on <see cref="Scale"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when the answer is outside the scale; the message names its position (the number of answers added before it), and the accumulator is unchanged.</exception>
    /// <exception cref="OverflowException">Thrown when the count or the score sum would pass <see cref="long.MaxValue"/>; the accumulator is unchanged.</exception>
    public void Add(int record) => Add(record, 1, nameof(record));

    /// <summary>Adds a number of answers that all gave the same score (a row of a score histogram).</summary>
    /// <param name="score">The answer, on <see cref="Scale"/>.</param>
    /// <param name="count">How many answers gave it; not negative.</param>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when the answer is outside the scale or the count is negative; the accumulator is unchanged.</exception>
    /// <exception cref="OverflowException">Thrown when the count or the score sum would pass <see cref="long.MaxValue"/>; the accumulator is unchanged.</exception>
    public void Add(int score, long count)
    {
        KpiGuard.NonNegativeCount(count, nameof(count));
        Add(score, count, nameof(score));
    }

    /// <summary>Adds a batch of answers in one tight pass.</summary>
    /// <param name="scores">The answers, on <see cref="Scale"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when an answer is outside the scale; <see cref="ArgumentException.ParamName"/> is <c>scores[i]</c> and the message names the index i. Nothing is added.</exception>
    /// <exception cref="OverflowException">Thrown when the count or the score sum would pass <see cref="long.MaxValue"/>; nothing is added.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void AddRange(ReadOnlySpan<byte> scores) => AddRangeCore(scores);

    /// <summary>Adds a batch of answers in one tight pass.</summary>
    /// <param name="scores">The answers, on <see cref="Scale"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when an answer is outside the scale; <see cref="ArgumentException.ParamName"/> is <c>scores[i]</c> and the message names the index i. Nothing is added.</exception>
    /// <exception cref="OverflowException">Thrown when the count or the score sum would pass <see cref="long.MaxValue"/>; nothing is added.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void AddRange(ReadOnlySpan<int> scores) => AddRangeCore(scores);

    /// <inheritdoc/>
    readonly void IKpiRecordValidator<int>.ValidateRecord(int record, string batchName, int index)
    {
        int min = _scale.Minimum;
        if ((uint)(record - min) > (uint)(_scale.Maximum - min))
        {
            KpiGuard.ThrowScoreOutOfRangeAt(batchName, index, record, min, _scale.Maximum);
        }
    }

    /// <summary>Adds every answer counted by another accumulator on the same scale.</summary>
    /// <param name="other">The accumulator to merge; it is not changed.</param>
    /// <exception cref="ArgumentException">Thrown when <paramref name="other"/> is on a different scale (compare scales through <see cref="EaseIndex"/> instead); the accumulator is unchanged.</exception>
    /// <exception cref="OverflowException">Thrown when the count or the score sum would pass <see cref="long.MaxValue"/>; the accumulator is unchanged.</exception>
    public void Merge(in CesAccumulator other)
    {
        KpiGuard.SameSetting(_scale, other._scale, "scale", nameof(other));
        long count = KpiGuard.AddCount(_count, other._count, "number of answers");
        long sum = KpiGuard.AddCount(_sum, other._sum, "score sum");
        long agree = _agree + other._agree;
        long disagree = _disagree + other._disagree;
        _count = count;
        _sum = sum;
        _agree = agree;
        _disagree = disagree;
    }

    private void Add(int score, long count, string paramName)
    {
        int min = _scale.Minimum;
        if ((uint)(score - min) > (uint)(_scale.Maximum - min))
        {
            KpiGuard.ThrowScoreOutOfRange(paramName, _count, score, min, _scale.Maximum);
        }

        long total = KpiGuard.AddCount(_count, count, "number of answers");
        long sum = KpiGuard.AddCount(_sum, KpiGuard.MultiplyCount(score, count, "score sum"), "score sum");
        _count = total;
        _sum = sum;
        _agree += _scale.IsEasy(score) ? count : 0;
        _disagree += _scale.IsDifficult(score) ? count : 0;
    }

    // One loop for every integer span: the JIT specialises it per element type, so each overload keeps its tight loop.
    [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
    private void AddRangeCore<T>(ReadOnlySpan<T> scores)
        where T : unmanaged, IBinaryInteger<T>
    {
        int min = _scale.Minimum;
        int max = _scale.Maximum;
        uint range = (uint)(max - min);
        int middle2 = min + max;                   // twice the midpoint
        int sign = _scale.HigherIsEasier ? 1 : -1; // easy when sign·(2s − 2·mid) > 0
        long sum = 0;
        long agree = 0;
        long disagree = 0;
        for (int i = 0; i < scores.Length; i++)
        {
            int s = int.CreateTruncating(scores[i]);
            if ((uint)(s - min) > range)
            {
                KpiGuard.ThrowScoreOutOfRangeAt(nameof(scores), i, s, min, max);
            }

            int side = sign * ((2 * s) - middle2);
            sum += s;
            agree += side > 0 ? 1 : 0;
            disagree += side < 0 ? 1 : 0;
        }

        long count = KpiGuard.AddCount(_count, scores.Length, "number of answers");
        long total = KpiGuard.AddCount(_sum, sum, "score sum");
        _count = count;
        _sum = total;
        _agree += agree;
        _disagree += disagree;
    }
}
