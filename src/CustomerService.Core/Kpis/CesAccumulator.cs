using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace CustomerService.Core.Kpis;

/// <summary>Accumulates Customer Effort Score (CES) answers on the 1–7 agreement scale.</summary>
/// <remarks>
/// <para>Polarity: the question is the agreement form ("The company made it easy for me to handle my issue"),
/// 1 = strongly disagree … 7 = strongly agree, so <b>higher is better</b> (less effort). Surveys that ask "how much
/// effort did you have to put in" (lower is better) must be reversed before they are added (<c>8 − score</c>).</para>
/// <para>Formulas, over n answers:</para>
/// <list type="bullet">
/// <item><description>CES (mean): <c>(Σ scores) / n</c>, from 1 to 7.</description></item>
/// <item><description>CES (% agree): <c>100 × (answers 5, 6 or 7) / n</c>; disagree is answers 1, 2 or 3; 4 is neutral.</description></item>
/// </list>
/// <para>Worked example: answers 7, 6, 5, 4, 2 give a mean of 24 / 5 = 4.8 and 3 / 5 = 60 % agree.</para>
/// <para>Counts and the score sum are exact 64-bit integers: an <see cref="Add"/>, <see cref="AddRange"/> or <see cref="Merge"/>
/// that would take one past <see cref="long.MaxValue"/> throws <see cref="OverflowException"/> and changes nothing.</para>
/// <para>The default value holds no answers.</para>
/// </remarks>
/// <threadsafety>This is a mutable value type and is not thread-safe: use one accumulator per thread and <see cref="Merge"/> them. Do not copy it while accumulating.</threadsafety>
[StructLayout(LayoutKind.Auto)]
public struct CesAccumulator : IKpiAccumulator<int, CesAccumulator>, IKpiRecordValidator<int>
{
    /// <summary>The lowest answer on the CES scale (strongly disagree that it was easy).</summary>
    public const int MinimumScore = 1;

    /// <summary>The highest answer on the CES scale (strongly agree that it was easy).</summary>
    public const int MaximumScore = 7;

    private long _count;
    private long _sum;
    private long _agree;
    private long _disagree;

    /// <summary>Gets the number of answers added.</summary>
    /// <value>n.</value>
    public readonly long Count => _count;

    /// <summary>Gets the sum of the answers.</summary>
    /// <value>Σ scores.</value>
    public readonly long ScoreSum => _sum;

    /// <summary>Gets the number of answers that agree it was easy (5, 6 or 7).</summary>
    /// <value>The agree count.</value>
    public readonly long Agree => _agree;

    /// <summary>Gets the number of answers that disagree it was easy (1, 2 or 3).</summary>
    /// <value>The disagree count.</value>
    public readonly long Disagree => _disagree;

    /// <summary>Gets the mean CES: <c>ScoreSum / Count</c>.</summary>
    /// <value>A value from 1 to 7 (higher is easier), or <see cref="double.NaN"/> with no answers.</value>
    public readonly double Mean => _count == 0 ? double.NaN : (double)_sum / _count;

    /// <summary>Gets the share of answers that agree it was easy.</summary>
    /// <value><c>Agree / Count</c>.</value>
    public readonly KpiRate AgreeRate => new(_agree, _count);

    /// <summary>Gets the share of answers that disagree it was easy.</summary>
    /// <value><c>Disagree / Count</c>.</value>
    public readonly KpiRate DisagreeRate => new(_disagree, _count);

    /// <summary>Adds one answer.</summary>
    /// <param name="record">The answer, 1 to 7.</param>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when the answer is outside 1–7; the message names its position (the number of answers added before it), and the accumulator is unchanged.</exception>
    /// <exception cref="OverflowException">Thrown when the count or the score sum would pass <see cref="long.MaxValue"/>; the accumulator is unchanged.</exception>
    public void Add(int record)
    {
        if ((uint)(record - MinimumScore) > MaximumScore - MinimumScore)
        {
            KpiGuard.ThrowScoreOutOfRange(nameof(record), _count, record, MinimumScore, MaximumScore);
        }

        long count = KpiGuard.AddCount(_count, 1, "number of answers");
        long sum = KpiGuard.AddCount(_sum, record, "score sum");
        _count = count;
        _sum = sum;
        _agree += record >= 5 ? 1 : 0;
        _disagree += record <= 3 ? 1 : 0;
    }

    /// <summary>Adds a batch of answers in one tight pass.</summary>
    /// <param name="scores">The answers, 1 to 7.</param>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when an answer is outside 1–7; <see cref="ArgumentException.ParamName"/> is <c>scores[i]</c> and the message names the index i. Nothing is added.</exception>
    /// <exception cref="OverflowException">Thrown when the count or the score sum would pass <see cref="long.MaxValue"/>; nothing is added.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void AddRange(ReadOnlySpan<byte> scores)
    {
        long sum = 0;
        long agree = 0;
        long disagree = 0;
        for (int i = 0; i < scores.Length; i++)
        {
            int s = scores[i];
            if ((uint)(s - MinimumScore) > MaximumScore - MinimumScore)
            {
                KpiGuard.ThrowScoreOutOfRangeAt(nameof(scores), i, s, MinimumScore, MaximumScore);
            }

            sum += s;
            agree += s >= 5 ? 1 : 0;
            disagree += s <= 3 ? 1 : 0;
        }

        long count = KpiGuard.AddCount(_count, scores.Length, "number of answers");
        long total = KpiGuard.AddCount(_sum, sum, "score sum");
        _count = count;
        _sum = total;
        _agree += agree;
        _disagree += disagree;
    }

    /// <inheritdoc/>
    readonly void IKpiRecordValidator<int>.ValidateRecord(int record, string batchName, int index)
    {
        if ((uint)(record - MinimumScore) > MaximumScore - MinimumScore)
        {
            KpiGuard.ThrowScoreOutOfRangeAt(batchName, index, record, MinimumScore, MaximumScore);
        }
    }

    /// <summary>Adds every answer counted by another accumulator.</summary>
    /// <param name="other">The accumulator to merge; it is not changed.</param>
    /// <exception cref="OverflowException">Thrown when the count or the score sum would pass <see cref="long.MaxValue"/>; the accumulator is unchanged.</exception>
    public void Merge(in CesAccumulator other)
    {
        long count = KpiGuard.AddCount(_count, other._count, "number of answers");
        long sum = KpiGuard.AddCount(_sum, other._sum, "score sum");
        long agree = _agree + other._agree;
        long disagree = _disagree + other._disagree;
        _count = count;
        _sum = sum;
        _agree = agree;
        _disagree = disagree;
    }
}
