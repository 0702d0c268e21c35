using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace CustomerService.Core.Kpis;

/// <summary>Exact order statistics of 64-bit values without sorting: a most-significant-digit radix select.</summary>
/// <remarks>
/// One pass builds a 16-bit histogram of (value − min); a second pass gathers, into one small buffer, only the values
/// of the buckets that hold a wanted rank, and the search recurses on each gathered bucket (each level removes 16 bits
/// of range). So the cost is two linear passes over the input, and the input is never copied or reordered.
/// </remarks>
internal static class RadixSelect
{
    private const int DigitBits = 16;
    private const int SmallInput = 256;

    /// <summary>Finds the values at the given 0-based ranks (ascending, each in [0, n)); every value lies in [min, max].</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Select(ReadOnlySpan<long> values, long min, long max, ReadOnlySpan<long> ranks, Span<long> results)
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

            // Assign each rank its bucket and its rank inside the bucket.
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

            if (shift == 0)
            {
                // Each bucket holds a single value.
                for (int i = 0; i < ranks.Length; i++)
                {
                    results[i] = min + rankBucket[i];
                }

                return;
            }

            // Wanted buckets (distinct, ascending) get consecutive slots in one gather buffer.
            Span<int> wanted = ranks.Length <= 16 ? stackalloc int[ranks.Length] : new int[ranks.Length];
            Span<int> offsets = ranks.Length <= 16 ? stackalloc int[ranks.Length + 1] : new int[ranks.Length + 1];
            int wantedCount = 0;
            int total = 0;
            for (int i = 0; i < ranks.Length; i++)
            {
                if (wantedCount == 0 || wanted[wantedCount - 1] != rankBucket[i])
                {
                    wanted[wantedCount] = rankBucket[i];
                    offsets[wantedCount] = total;
                    total += h[rankBucket[i]];
                    wantedCount++;
                }
            }

            offsets[wantedCount] = total;

            // Reuse the histogram as the bucket → slot map: slot + 1 for a wanted bucket, 0 otherwise.
            h.Clear();
            for (int w = 0; w < wantedCount; w++)
            {
                h[wanted[w]] = w + 1;
            }

            long[] gathered = ArrayPool<long>.Shared.Rent(Math.Max(total, 1));
            try
            {
                Span<int> fill = wantedCount <= 16 ? stackalloc int[wantedCount] : new int[wantedCount];
                offsets[..wantedCount].CopyTo(fill);
                foreach (long v in values)
                {
                    int slot = h[(int)((ulong)(v - min) >> shift)];
                    if (slot != 0)
                    {
                        gathered[fill[slot - 1]++] = v;
                    }
                }

                int start = 0;
                for (int w = 0; w < wantedCount; w++)
                {
                    int end = start;
                    while (end < ranks.Length && rankBucket[end] == wanted[w])
                    {
                        end++;
                    }

                    long lo = min + ((long)wanted[w] << shift);
                    long hi = Math.Min(max, lo + ((1L << shift) - 1));
                    Span<long> sub = gathered.AsSpan(offsets[w], offsets[w + 1] - offsets[w]);
                    Select(sub, lo, hi, rankInBucket[start..end], results[start..end]);
                    start = end;
                }
            }
            finally
            {
                ArrayPool<long>.Shared.Return(gathered);
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(histogram);
        }
    }
}
