using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using NodaTime;

namespace CustomerService.Core.Kpis;

/// <summary>Accumulates average handle time (AHT) and its components.</summary>
/// <remarks>
/// <para>Formula, over n handled contacts: <c>AHT = (Σ talk + Σ hold + Σ after-call work) / n</c>, rounded half up to
/// the nanosecond. The components' own averages are given as well, so that AHT can be explained.</para>
/// <para>Worked example: (talk 240 s, hold 30 s, ACW 60 s) and (talk 180 s, hold 0 s, ACW 30 s) give AHT = 540 s / 2 = 270 s.</para>
/// <para>Sums are kept in 128 bits, so billions of long contacts do not overflow, and the averages are exact up to
/// <see cref="Duration.MaxValue"/> (a single contact may hold three components of about 292 years each: its average
/// handle time, 876 years, is still reported exactly). The count is an exact 64-bit integer: an <see cref="Add"/>,
/// <see cref="AddRange"/> or <see cref="Merge"/> that would take it past <see cref="long.MaxValue"/> throws
/// <see cref="OverflowException"/> and changes nothing. The default value holds no contacts.</para>
/// </remarks>
/// <threadsafety>This is a mutable value type and is not thread-safe: use one accumulator per thread and <see cref="Merge"/> them. Do not copy it while accumulating.</threadsafety>
[StructLayout(LayoutKind.Auto)]
public struct AhtAccumulator : IKpiAccumulator<HandledContact, AhtAccumulator>
{
    private long _count;
    private WideSum _talk;
    private WideSum _hold;
    private WideSum _afterCallWork;

    /// <summary>Gets the number of handled contacts added.</summary>
    /// <value>n.</value>
    public readonly long Count => _count;

    /// <summary>Gets the average handle time: (talk + hold + after-call work) / n.</summary>
    /// <value>The AHT, or <see langword="null"/> with no contacts.</value>
    public readonly Duration? AverageHandleTime => _count == 0 ? null : WideSum.Mean((UInt128)_talk.Value + (UInt128)_hold.Value + (UInt128)_afterCallWork.Value, _count, "average handle time");

    /// <summary>Gets the average talk time.</summary>
    /// <value>Σ talk / n, or <see langword="null"/> with no contacts.</value>
    public readonly Duration? AverageTalk => _count == 0 ? null : WideSum.Mean((UInt128)_talk.Value, _count, "average talk time");

    /// <summary>Gets the average hold time.</summary>
    /// <value>Σ hold / n, or <see langword="null"/> with no contacts.</value>
    public readonly Duration? AverageHold => _count == 0 ? null : WideSum.Mean((UInt128)_hold.Value, _count, "average hold time");

    /// <summary>Gets the average after-call work time.</summary>
    /// <value>Σ ACW / n, or <see langword="null"/> with no contacts.</value>
    public readonly Duration? AverageAfterCallWork => _count == 0 ? null : WideSum.Mean((UInt128)_afterCallWork.Value, _count, "average after-call work time");

    /// <summary>Adds one handled contact.</summary>
    /// <param name="record">The contact's handle-time components.</param>
    /// <exception cref="OverflowException">Thrown when the number of contacts would pass <see cref="long.MaxValue"/>; the accumulator is unchanged.</exception>
    public void Add(HandledContact record)
    {
        _count = KpiGuard.AddCount(_count, 1, "number of contacts");
        _talk.Add(record.TalkNanoseconds);
        _hold.Add(record.HoldNanoseconds);
        _afterCallWork.Add(record.AfterCallWorkNanoseconds);
    }

    /// <summary>Adds a batch of handled contacts in one tight pass.</summary>
    /// <param name="records">The contacts' handle-time components (every value of <see cref="HandledContact"/> is valid).</param>
    /// <exception cref="OverflowException">Thrown when the number of contacts would pass <see cref="long.MaxValue"/>; nothing is added.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void AddRange(ReadOnlySpan<HandledContact> records)
    {
        long count = KpiGuard.AddCount(_count, records.Length, "number of contacts");

        // Each component is summed as two 32-bit halves: neither can overflow a long within one span.
        long talkLow = 0, talkHigh = 0, holdLow = 0, holdHigh = 0, acwLow = 0, acwHigh = 0;
        foreach (ref readonly HandledContact r in records)
        {
            long t = r.TalkNanoseconds;
            long h = r.HoldNanoseconds;
            long a = r.AfterCallWorkNanoseconds;
            talkLow += t & 0xFFFF_FFFF;
            talkHigh += t >>> 32;
            holdLow += h & 0xFFFF_FFFF;
            holdHigh += h >>> 32;
            acwLow += a & 0xFFFF_FFFF;
            acwHigh += a >>> 32;
        }

        _count = count;
        _talk.Add(talkLow);
        _talk.AddShifted32(talkHigh);
        _hold.Add(holdLow);
        _hold.AddShifted32(holdHigh);
        _afterCallWork.Add(acwLow);
        _afterCallWork.AddShifted32(acwHigh);
    }

    /// <summary>Adds every contact counted by another accumulator.</summary>
    /// <param name="other">The accumulator to merge; it is not changed.</param>
    /// <exception cref="OverflowException">Thrown when the number of contacts would pass <see cref="long.MaxValue"/>; the accumulator is unchanged.</exception>
    public void Merge(in AhtAccumulator other)
    {
        long count = KpiGuard.AddCount(_count, other._count, "number of contacts");
        WideSum talk = _talk;
        WideSum hold = _hold;
        WideSum afterCallWork = _afterCallWork;
        talk.Add(other._talk);
        hold.Add(other._hold);
        afterCallWork.Add(other._afterCallWork);
        _count = count;
        _talk = talk;
        _hold = hold;
        _afterCallWork = afterCallWork;
    }
}
