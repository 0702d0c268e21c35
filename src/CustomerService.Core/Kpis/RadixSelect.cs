using System.Buffers;
using System.Numerics;

namespace CustomerService.Core.Kpis;

/// <summary>Exact order statistics of non-negative 64-bit values without sorting: a most-significant-digit radix select.</summary>
/// <remarks>
/// One pass builds a 16-bit histogram of (value − min); the bucket holding each wanted rank is then gathered into a
/// small buffer and the search recurses on it (each level removes 16 bits of range), so the cost is a few linear
/// passes over the input and it never copies the whole input.
/// </remarks>
internal static class RadixSelect
{
    private const int DigitBits = 16;
    private const int SmallInput = 256;

    /// <summary>Finds the values at the given 0-based ranks (ascending, each in [0, n)).</summary>
    public static void Select(ReadOnlySpan<long> values, ReadOnlySpan<long> ranks, Span<long> results)
    {
        if (values.Length <= SmallInput)
        {
            long[] copy = values.ToArray();
            Array.Sort(copy);
            for (int i = 0; i < ranks.Length; i++)
            {
                results[i] = copy[ranks[i]];
            }

            return;
        }

        long min = long.MaxValue;
        long max = long.MinValue;
        foreach (long v in values)
        {
            min = Math.Min(min, v);
            max = Math.Max(max, v);
        }

        SelectWithin(values, min, max, ranks, results);
    }

    private static void SelectWithin(ReadOnlySpan<long> values, long min, long max, ReadOnlySpan<long> ranks, Span<long> results)
    {
        ulong range = (ulong)(max - min);
        if (range == 0)
        {
            results[..ranks.Length].Fill(min);
            return;
        }

        int bits = 64 - BitOperations.LeadingZeroCount(range);
        int shift = Math.Max(0, bits - DigitBits);
        int buckets = (int)(range >> shift) + 1;
        int[] histogram = ArrayPool<int>.Shared.Rent(buckets);
        try
        {
            Span<int> h = histogram.AsSpan(0, buckets);
            h.Clear();
            foreach (long v in values)
            {
                h[(int)((ulong)(v - min) >> shift)]++;
            }

            // Walk the histogram once, assigning each rank its bucket and its rank inside the bucket.
            Span<int> rankBucket = ranks.Length <= 16 ? stackalloc int[ranks.Length] : new int[ranks.Length];
            Span<long> rankInBucket = ranks.Length <= 16 ? stackalloc long[ranks.Length] : new long[ranks.Length];
            long before = 0;
            int bucket = 0;
            for (int i = 0; i < ranks.Length; i++)
            {
                while (before + h[bucket] <= ranks[i])
                {
                    before += h[bucket];
                    bucket++;
                }

                rankBucket[i] = bucket;
                rankInBucket[i] = ranks[i] - before;
            }

            int start = 0;
            while (start < ranks.Length)
            {
                int b = rankBucket[start];
                int end = start + 1;
                while (end < ranks.Length && rankBucket[end] == b)
                {
                    end++;
                }

                int size = h[b];
                long lo = min + ((long)b << shift);
                long hi = shift == 0 ? lo : Math.Min(max, lo + ((1L << shift) - 1));
                if (shift == 0 || lo == hi)
                {
                    results[start..end].Fill(lo);
                }
                else
                {
                    long[] gathered = ArrayPool<long>.Shared.Rent(size);
                    try
                    {
                        int n = 0;
                        foreach (long v in values)
                        {
                            if ((int)((ulong)(v - min) >> shift) == b)
                            {
                                gathered[n++] = v;
                            }
                        }

                        ReadOnlySpan<long> sub = gathered.AsSpan(0, n);
                        if (n <= SmallInput)
                        {
                            Span<long> sorted = gathered.AsSpan(0, n);
                            sorted.Sort();
                            for (int i = start; i < end; i++)
                            {
                                results[i] = sorted[(int)rankInBucket[i]];
                            }
                        }
                        else
                        {
                            SelectWithin(sub, lo, hi, rankInBucket[start..end], results[start..end]);
                        }
                    }
                    finally
                    {
                        ArrayPool<long>.Shared.Return(gathered);
                    }
                }

                start = end;
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(histogram);
        }
    }
}
