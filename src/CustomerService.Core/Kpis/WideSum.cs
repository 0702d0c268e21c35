namespace CustomerService.Core.Kpis;

/// <summary>A 128-bit sum of non-negative 64-bit values, cheap to update in a tight loop (add and carry).</summary>
internal struct WideSum
{
    private ulong _low;
    private ulong _high;

    public readonly Int128 Value => new(_high, _low);

    public void Add(long value)
    {
        ulong before = _low;
        _low += (ulong)value;
        _high += _low < before ? 1UL : 0UL;
    }

    /// <summary>Adds value × 2<sup>32</sup>.</summary>
    public void AddShifted32(long value)
    {
        ulong before = _low;
        _low += (ulong)value << 32;
        _high += ((ulong)value >> 32) + (_low < before ? 1UL : 0UL);
    }

    public void Add(in WideSum other)
    {
        ulong before = _low;
        _low += other._low;
        _high += other._high + (_low < before ? 1UL : 0UL);
    }

    /// <summary>Gets sum / count rounded half up to the nanosecond; beyond <see cref="NodaTime.Duration.MaxValue"/> it throws <see cref="OverflowException"/>.</summary>
    /// <remarks>The sum of up to three 128-bit sums of at most 2<sup>63</sup> values below 2<sup>63</sup> is below 2<sup>128</sup>, so it fits an unsigned 128-bit number.</remarks>
    public static NodaTime.Duration Mean(UInt128 sum, long count, string what)
    {
        UInt128 mean = (sum + (UInt128)(count / 2)) / (UInt128)count;
        return KpiGuard.ToDuration(mean > (UInt128)Int128.MaxValue ? Int128.MaxValue : (Int128)mean, what);
    }
}
