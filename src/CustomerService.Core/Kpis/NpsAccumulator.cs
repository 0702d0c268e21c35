using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace CustomerService.Core.Kpis;

/// <summary>Accumulates Net Promoter Score (NPS) answers on the 0–10 "how likely are you to recommend us" scale.</summary>
/// <remarks>
/// <para>Formula: promoters answer 9–10, passives 7–8, detractors 0–6;
/// <c>NPS = 100 × (promoters − detractors) / n</c>, a score from −100 to 100 (not a percentage).</para>
/// <para>NPS is defined on 0–10 only: any other scale is rejected rather than rescaled.</para>
/// <para>Worked example: 70 promoters, 20 passives, 10 detractors out of 100 give 70 − 10 = 60.</para>
/// <para>Counts are exact 64-bit integers: an <c>Add</c>, <c>AddRange</c> or <see cref="Merge"/> that would take the number
/// of answers past <see cref="long.MaxValue"/> throws <see cref="OverflowException"/> and changes nothing, so
/// <see cref="Score"/> always lies in −100 … 100.</para>
/// <para>The default value holds no answers.</para>
/// </remarks>
/// <threadsafety>This is a mutable value type and is not thread-safe: use one accumulator per thread and <see cref="Merge"/> them. Do not copy it while accumulating.</threadsafety>
[StructLayout(LayoutKind.Auto)]
public struct NpsAccumulator : IKpiAccumulator<int, NpsAccumulator>, IKpiRecordValidator<int>
{
    /// <summary>The lowest answer on the NPS scale.</summary>
    public const int MinimumScore = 0;

    /// <summary>The highest answer on the NPS scale.</summary>
    public const int MaximumScore = 10;

    private long _promoters;
    private long _passives;
    private long _detractors;

    /// <summary>Gets the number of answers added.</summary>
    /// <value>n = promoters + passives + detractors.</value>
    public readonly long Count => _promoters + _passives + _detractors;

    /// <summary>Gets the number of promoters (answers 9 and 10).</summary>
    /// <value>The promoter count.</value>
    public readonly long Promoters => _promoters;

    /// <summary>Gets the number of passives (answers 7 and 8).</summary>
    /// <value>The passive count.</value>
    public readonly long Passives => _passives;

    /// <summary>Gets the number of detractors (answers 0 to 6).</summary>
    /// <value>The detractor count.</value>
    public readonly long Detractors => _detractors;

    /// <summary>Gets the share of promoters.</summary>
    /// <value><c>Promoters / Count</c>.</value>
    public readonly KpiRate PromoterRate => new(_promoters, Count);

    /// <summary>Gets the share of detractors.</summary>
    /// <value><c>Detractors / Count</c>.</value>
    public readonly KpiRate DetractorRate => new(_detractors, Count);

    /// <summary>Gets the Net Promoter Score: <c>100 × (Promoters − Detractors) / Count</c>.</summary>
    /// <value>A score from −100 to 100, or <see langword="null"/> with no answers (no data).</value>
    public readonly double? Score
    {
        get
        {
            long n = Count;
            return n == 0 ? null : 100.0 * (_promoters - _detractors) / n;
        }
    }

    /// <summary>Adds one answer.</summary>
    /// <param name="record">The answer, 0 to 10.</param>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when the answer is outside 0–10; the message names its position (the number of answers added before it), and the accumulator is unchanged.</exception>
    /// <exception cref="OverflowException">Thrown when the number of answers would pass <see cref="long.MaxValue"/>; the accumulator is unchanged.</exception>
    public void Add(int record)
    {
        if ((uint)record > MaximumScore)
        {
            KpiGuard.ThrowScoreOutOfRange(nameof(record), Count, record, MinimumScore, MaximumScore);
        }

        _ = KpiGuard.AddCount(Count, 1, "number of answers");

        _promoters += record >= 9 ? 1 : 0;
        _detractors += record <= 6 ? 1 : 0;
        _passives += record is 7 or 8 ? 1 : 0;
    }

    /// <summary>Adds a number of answers that all gave the same score (a row of a histogram).</summary>
    /// <param name="score">The answer, 0 to 10.</param>
    /// <param name="count">How many gave it; not negative.</param>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when the answer is outside 0–10 or the count is negative; the accumulator is unchanged.</exception>
    /// <exception cref="OverflowException">Thrown when the number of answers would pass <see cref="long.MaxValue"/>; the accumulator is unchanged.</exception>
    public void Add(int score, long count)
    {
        if ((uint)score > MaximumScore)
        {
            KpiGuard.ThrowScoreOutOfRange(nameof(score), Count, score, MinimumScore, MaximumScore);
        }

        KpiGuard.NonNegativeCount(count, nameof(count));
        _ = KpiGuard.AddCount(Count, count, "number of answers");
        if (score >= 9)
        {
            _promoters += count;
        }
        else if (score >= 7)
        {
            _passives += count;
        }
        else
        {
            _detractors += count;
        }
    }

    /// <summary>Adds a batch of answers in one tight pass.</summary>
    /// <param name="scores">The answers, 0 to 10.</param>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when an answer is outside 0–10; <see cref="ArgumentException.ParamName"/> is <c>scores[i]</c> and the message names the index i. Nothing is added.</exception>
    /// <exception cref="OverflowException">Thrown when the number of answers would pass <see cref="long.MaxValue"/>; nothing is added.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void AddRange(ReadOnlySpan<byte> scores)
    {
        AddRangeCore(scores);
    }

    /// <summary>Adds a batch of answers in one tight pass.</summary>
    /// <param name="scores">The answers, 0 to 10.</param>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when an answer is outside 0–10; <see cref="ArgumentException.ParamName"/> is <c>scores[i]</c> and the message names the index i. Nothing is added.</exception>
    /// <exception cref="OverflowException">Thrown when the number of answers would pass <see cref="long.MaxValue"/>; nothing is added.</exception>
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
        long promoters = 0;
        long detractors = 0;
        for (int i = 0; i < scores.Length; i++)
        {
            int s = int.CreateTruncating(scores[i]);
            if ((uint)s > MaximumScore)
            {
                KpiGuard.ThrowScoreOutOfRangeAt(nameof(scores), i, s, MinimumScore, MaximumScore);
            }

            promoters += s >= 9 ? 1 : 0;
            detractors += s <= 6 ? 1 : 0;
        }

        _ = KpiGuard.AddCount(Count, scores.Length, "number of answers");
        _promoters += promoters;
        _detractors += detractors;
        _passives += scores.Length - promoters - detractors;
    }

    /// <inheritdoc/>
    readonly void IKpiRecordValidator<int>.ValidateRecord(int record, string batchName, int index)
    {
        if ((uint)record > MaximumScore)
        {
            KpiGuard.ThrowScoreOutOfRangeAt(batchName, index, record, MinimumScore, MaximumScore);
        }
    }

    /// <summary>Adds every answer counted by another accumulator.</summary>
    /// <param name="other">The accumulator to merge; it is not changed.</param>
    /// <exception cref="OverflowException">Thrown when the number of answers would pass <see cref="long.MaxValue"/>; the accumulator is unchanged.</exception>
    public void Merge(in NpsAccumulator other)
    {
        _ = KpiGuard.AddCount(Count, other.Count, "number of answers");
        long promoters = _promoters + other._promoters;
        long passives = _passives + other._passives;
        long detractors = _detractors + other._detractors;
        _promoters = promoters;
        _passives = passives;
        _detractors = detractors;
    }
}
