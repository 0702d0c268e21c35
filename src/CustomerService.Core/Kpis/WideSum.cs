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

    public static NodaTime.Duration Mean(Int128 sum, long count) =>
        NodaTime.Duration.FromNanoseconds((long)((sum + (count / 2)) / count));
}
