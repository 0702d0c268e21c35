using System.Numerics;
using System.Runtime.CompilerServices;
using NodaTime;

namespace CustomerService.Core.Calendars;

/// <summary>
/// One bit per supported date (1900-01-01 to 2199-12-31, about 13.4 KB), set when the date is a business day — when
/// its own ranges hold open time — built lazily in blocks of 512 dates and published once, so that the date questions
/// are a bit test, a population count or a scan for the next set bit. Racing builders of a block write the same bits.
/// </summary>
internal sealed class BusinessDayIndex
{
    private const int BlockShift = 9;
    private const int WordsPerBlock = (1 << BlockShift) / 64;

    private readonly string _name;
    private readonly CalendarDefinition _definition;
    private readonly ulong[] _words;
    private readonly int[] _built;

    public BusinessDayIndex(string name, CalendarDefinition definition)
    {
        _name = name;
        _definition = definition;
        var blocks = (CalendarErrors.DateCount + (1 << BlockShift) - 1) >> BlockShift;
        _words = new ulong[blocks * WordsPerBlock];
        _built = new int[blocks];
    }

    /// <summary>Returns whether the date at an index is a business day.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool IsBusinessDay(int index) => (Word(index >> 6) & (1UL << index)) != 0;

    /// <summary>Returns the number of business days among the dates at indexes <c>[from, to)</c>, <c>from ≤ to</c>.</summary>
    public int Count(int from, int to)
    {
        int first = from >> 6, last = to >> 6;
        if (first == last)
        {
            return BitOperations.PopCount(Word(first) & ((1UL << to) - 1) & ~((1UL << from) - 1));
        }

        var count = BitOperations.PopCount(Word(first) & ~((1UL << from) - 1));
        for (var w = first + 1; w < last; w++)
        {
            count += BitOperations.PopCount(Word(w));
        }

        return (to & 63) == 0 ? count : count + BitOperations.PopCount(Word(last) & ((1UL << to) - 1));
    }

    /// <summary>Returns the index of the first business day after <paramref name="index"/> (strictly), or -1 past the last date.</summary>
    public int Next(int index, LocalDate from)
    {
        var i = index + 1;
        while (i < CalendarErrors.DateCount)
        {
            var word = Word(i >> 6) & ~((1UL << i) - 1);
            if (word != 0)
            {
                var found = (i & ~63) + BitOperations.TrailingZeroCount(word);
                if (found >= CalendarErrors.DateCount)
                {
                    return -1;
                }

                return found - index > CalendarErrors.HorizonDays ? throw CalendarErrors.NoBusinessDay(_name, from, forward: true) : found;
            }

            i = (i & ~63) + 64;
            if (i - index > CalendarErrors.HorizonDays + 64)
            {
                throw CalendarErrors.NoBusinessDay(_name, from, forward: true);
            }
        }

        return -1;
    }

    /// <summary>Returns the index of the last business day before <paramref name="index"/> (strictly), or -1 before the first date.</summary>
    public int Previous(int index, LocalDate from)
    {
        var i = index - 1;
        while (i >= 0)
        {
            var word = Word(i >> 6) & (ulong.MaxValue >> (63 - (i & 63)));
            if (word != 0)
            {
                var found = (i & ~63) + 63 - BitOperations.LeadingZeroCount(word);
                return index - found > CalendarErrors.HorizonDays ? throw CalendarErrors.NoBusinessDay(_name, from, forward: false) : found;
            }

            i = (i & ~63) - 1;
            if (index - i > CalendarErrors.HorizonDays + 64)
            {
                throw CalendarErrors.NoBusinessDay(_name, from, forward: false);
            }
        }

        return -1;
    }

    /// <summary>
    /// Returns the index of the date reached by counting <paramref name="count"/> (at least 1) business days after
    /// <paramref name="index"/>, or -1 past the last date; gaps of more than the horizon throw.
    /// </summary>
    public int Advance(int index, int count, LocalDate from)
    {
        // Whole words first, then the word holding the answer.
        var w = (index + 1) >> 6;
        var word = Word(w) & ~((1UL << (index + 1)) - 1);
        var lastFound = index;
        while (true)
        {
            var bits = BitOperations.PopCount(word);
            if (bits >= count)
            {
                // The count-th set bit: one instruction where BMI2 is there. With count > 1 the previous business day
                // is in the same word, so only the first one can be beyond the horizon.
                var found = (w << 6) + BitOperations.TrailingZeroCount(SelectBit(word, count));
                if (found >= CalendarErrors.DateCount)
                {
                    return -1;
                }

                return count == 1 && found - lastFound > CalendarErrors.HorizonDays ? throw CalendarErrors.NoBusinessDay(_name, CalendarErrors.DateAt(lastFound), forward: true) : found;
            }

            count -= bits;
            if (bits != 0)
            {
                lastFound = (w << 6) + 63 - BitOperations.LeadingZeroCount(word);
            }

            w++;
            if (w << 6 >= CalendarErrors.DateCount)
            {
                return -1;
            }

            if ((w << 6) - lastFound > CalendarErrors.HorizonDays + 64)
            {
                throw CalendarErrors.NoBusinessDay(_name, lastFound == index ? from : CalendarErrors.DateAt(lastFound), forward: true);
            }

            word = Word(w);
        }
    }

    /// <summary>Returns the <paramref name="n"/>-th lowest set bit of a word that has at least that many (n ≥ 1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong SelectBit(ulong word, int n)
    {
        if (System.Runtime.Intrinsics.X86.Bmi2.X64.IsSupported)
        {
            return System.Runtime.Intrinsics.X86.Bmi2.X64.ParallelBitDeposit(1UL << (n - 1), word);
        }

        for (var i = 1; i < n; i++)
        {
            word &= word - 1;
        }

        return word & (0 - word);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ulong Word(int word)
    {
        var block = word / WordsPerBlock;
        if (Volatile.Read(ref _built[block]) == 0)
        {
            Build(block);
        }

        return _words[word];
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Build(int block)
    {
        var first = block << BlockShift;
        var last = Math.Min(first + (1 << BlockShift), CalendarErrors.DateCount);
        var date = CalendarErrors.DateAt(first);
        ulong word = 0;
        for (var i = first; i < last; i++, date = date.PlusDays(1))
        {
            if (_definition.HasOwnOpenTime(date))
            {
                word |= 1UL << i;
            }

            // Each word is computed whole and stored once, so racing builders store the same values.
            if ((i & 63) == 63 || i == last - 1)
            {
                _words[i >> 6] = word;
                word = 0;
            }
        }

        Volatile.Write(ref _built[block], 1);
    }
}
