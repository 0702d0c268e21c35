using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using NodaTime;

namespace CustomerService.Core.Kpis;

/// <summary>Accumulates first-contact resolution (FCR) and the repeat-contact rate from contact outcomes.</summary>
/// <remarks>
/// <para>A contact is a <b>repeat</b> when the same customer came back on the same matter within the repeat window:
/// <c>TimeToNextContact &lt; RepeatWindow</c> (half-open, so a window of zero finds no repeats).
/// A contact is <b>resolved on first contact</b> when it was resolved, not transferred and not a repeat.</para>
/// <para>Formulas (n = contacts, t = transferred contacts, r = resolved contacts, r<sub>t</sub> = resolved transferred contacts, f = resolved on first contact):</para>
/// <list type="table">
/// <listheader><term>Variant</term><description>FCR</description></listheader>
/// <item><term>all contacts, transfers excluded</term><description><c>f / (n − t)</c></description></item>
/// <item><term>all contacts, transfers as not resolved</term><description><c>f / n</c></description></item>
/// <item><term>resolved contacts, transfers excluded</term><description><c>f / (r − r<sub>t</sub>)</c></description></item>
/// <item><term>resolved contacts, transfers as not resolved</term><description><c>f / r</c></description></item>
/// </list>
/// <para>Repeat-contact rate: <c>repeats / n</c>.</para>
/// <para>Worked example (window 7 days): 10 contacts, 1 transferred, 8 resolved of which 1 was followed by a repeat
/// within 3 days: f = 7; FCR = 7 / 9 = 77.8 % (all contacts, transfers excluded), repeat rate 1 / 10.</para>
/// <para>Counts are exact 64-bit integers: an <see cref="Add"/>, <see cref="AddRange"/> or <see cref="Merge"/> that would take
/// the number of contacts past <see cref="long.MaxValue"/> throws <see cref="OverflowException"/> and changes nothing.</para>
/// <para>The default value has a repeat window of zero and holds no contacts.</para>
/// </remarks>
/// <threadsafety>This is a mutable value type and is not thread-safe: use one accumulator per thread and <see cref="Merge"/> them. Do not copy it while accumulating.</threadsafety>
[StructLayout(LayoutKind.Auto)]
public struct FcrAccumulator : IKpiAccumulator<ContactOutcome, FcrAccumulator>
{
    private readonly long _windowNanoseconds;
    private long _count;
    private long _transferred;
    private long _resolved;
    private long _resolvedTransferred;
    private long _firstContactResolved;
    private long _repeats;

    /// <summary>Initializes a new instance of the <see cref="FcrAccumulator"/> struct.</summary>
    /// <param name="repeatWindow">How soon a next contact must come to make this contact a repeat; typical values are 24 hours, 7 days or 30 days.</param>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when <paramref name="repeatWindow"/> is negative.</exception>
    public FcrAccumulator(Duration repeatWindow)
    {
        _windowNanoseconds = KpiGuard.NonNegativeNanoseconds(repeatWindow, nameof(repeatWindow));
    }

    /// <summary>Gets the repeat-contact window.</summary>
    /// <value>A next contact sooner than this makes a contact a repeat.</value>
    public readonly Duration RepeatWindow => Duration.FromNanoseconds(_windowNanoseconds);

    /// <summary>Gets the number of contacts added.</summary>
    /// <value>n.</value>
    public readonly long Count => _count;

    /// <summary>Gets the number of transferred contacts.</summary>
    /// <value>t.</value>
    public readonly long Transferred => _transferred;

    /// <summary>Gets the number of resolved contacts, transferred or not.</summary>
    /// <value>r.</value>
    public readonly long Resolved => _resolved;

    /// <summary>Gets the number of contacts resolved on first contact: resolved, not transferred, no repeat within the window.</summary>
    /// <value>f.</value>
    public readonly long FirstContactResolved => _firstContactResolved;

    /// <summary>Gets the number of contacts followed by a repeat contact within the window.</summary>
    /// <value>The repeat count.</value>
    public readonly long Repeats => _repeats;

    /// <summary>Gets the repeat-contact rate: <c>Repeats / Count</c>.</summary>
    /// <value>The share of contacts followed by another within the window.</value>
    public readonly KpiRate RepeatContactRate => new(_repeats, _count);

    /// <summary>Gets first-contact resolution with the chosen transfer rule and denominator.</summary>
    /// <param name="transfers">How transferred contacts count.</param>
    /// <param name="denominator">What FCR is divided by.</param>
    /// <returns>The FCR as a rate (see the type's remarks for the four formulas).</returns>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when an enum value is not defined.</exception>
    public readonly KpiRate FirstContactResolution(TransferHandling transfers = TransferHandling.ExcludeFromDenominator, FcrDenominator denominator = FcrDenominator.AllContacts)
    {
        bool exclude = transfers switch
        {
            TransferHandling.ExcludeFromDenominator => true,
            TransferHandling.CountAsNotResolved => false,
            _ => throw new ArgumentOutOfRangeException(nameof(transfers), transfers, "Unknown transfer handling."),
        };
        long d = denominator switch
        {
            FcrDenominator.AllContacts => exclude ? _count - _transferred : _count,
            FcrDenominator.ResolvedContacts => exclude ? _resolved - _resolvedTransferred : _resolved,
            _ => throw new ArgumentOutOfRangeException(nameof(denominator), denominator, "Unknown FCR denominator."),
        };
        return new KpiRate(_firstContactResolved, d);
    }

    /// <summary>Adds one contact outcome.</summary>
    /// <param name="record">The contact outcome.</param>
    /// <exception cref="OverflowException">Thrown when the number of contacts would pass <see cref="long.MaxValue"/>; the accumulator is unchanged.</exception>
    public void Add(ContactOutcome record)
    {
        AddRange(new ReadOnlySpan<ContactOutcome>(in record));
    }

    /// <summary>Adds a batch of contact outcomes in one tight pass.</summary>
    /// <param name="records">The contact outcomes (every value of <see cref="ContactOutcome"/> is valid).</param>
    /// <exception cref="OverflowException">Thrown when the number of contacts would pass <see cref="long.MaxValue"/>; nothing is added.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void AddRange(ReadOnlySpan<ContactOutcome> records)
    {
        // Every other count is at most the number of contacts, so this one check covers them all.
        long count = KpiGuard.AddCount(_count, records.Length, "number of contacts");

        // Windows longer than any representable gap behave alike; capping keeps the subtraction below from overflowing.
        long window = Math.Min(_windowNanoseconds, ContactOutcome.MaximumGapNanoseconds + 1);
        long transferred = 0;
        long resolved = 0;
        long resolvedTransferred = 0;
        long first = 0;
        long repeats = 0;
        foreach (ref readonly ContactOutcome r in records)
        {
            // Branch-free: the records are unpredictable, so every condition is computed with shifts and masks.
            long p = r.Packed;
            long res = p & 1;
            long tr = (p >> 1) & 1;
            long gap = (p >>> 2) - 1;                          // −1 when there was no next contact
            long repeat = ((gap - window) >>> 63) & ~(gap >>> 63); // 0 ≤ gap < window
            transferred += tr;
            resolved += res;
            resolvedTransferred += res & tr;
            first += res & ~tr & ~repeat & 1;
            repeats += repeat;
        }

        _count = count;
        _transferred += transferred;
        _resolved += resolved;
        _resolvedTransferred += resolvedTransferred;
        _firstContactResolved += first;
        _repeats += repeats;
    }

    /// <summary>Adds every contact counted by another accumulator with the same repeat window.</summary>
    /// <param name="other">The accumulator to merge; it is not changed.</param>
    /// <exception cref="ArgumentException">Thrown when the repeat windows differ; the accumulator is unchanged.</exception>
    /// <exception cref="OverflowException">Thrown when the number of contacts would pass <see cref="long.MaxValue"/>; the accumulator is unchanged.</exception>
    public void Merge(in FcrAccumulator other)
    {
        KpiGuard.SameSetting(_windowNanoseconds, other._windowNanoseconds, "repeat window (ns)", nameof(other));
        long count = KpiGuard.AddCount(_count, other._count, "number of contacts");
        long transferred = _transferred + other._transferred;
        long resolved = _resolved + other._resolved;
        long resolvedTransferred = _resolvedTransferred + other._resolvedTransferred;
        long first = _firstContactResolved + other._firstContactResolved;
        long repeats = _repeats + other._repeats;
        _count = count;
        _transferred = transferred;
        _resolved = resolved;
        _resolvedTransferred = resolvedTransferred;
        _firstContactResolved = first;
        _repeats = repeats;
    }
}
