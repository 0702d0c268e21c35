using NodaTime;

namespace CustomerService.Core.Sla;

/// <summary>The outcome of <see cref="SlaMonitor.Scan"/>: how many clocks need attention and when the next change happens.</summary>
/// <threadsafety>This type is an immutable value type: an instance may be read from any number of threads at once without locking.</threadsafety>
/// <param name="Scanned">How many clocks were scanned.</param>
/// <param name="Matched">How many active clocks are breached or past at least one warning threshold.</param>
/// <param name="Written">How many of their indexes were written to the buffer (less than <paramref name="Matched"/> when it was too small).</param>
/// <param name="Breached">How many of the matched clocks are breached.</param>
/// <param name="NextChangeAt">The earliest instant after the scan at which any running clock crosses a warning threshold or breaches, or <see langword="null"/> when none will without a new event.</param>
public readonly record struct SlaScanResult(int Scanned, int Matched, int Written, int Breached, Instant? NextChangeAt)
{
    /// <summary>Gets how many clocks were scanned.</summary>
    public int Scanned { get; } = Scanned;

    /// <summary>Gets how many active clocks are breached or past at least one warning threshold.</summary>
    public int Matched { get; } = Matched;

    /// <summary>Gets how many of their indexes were written to the buffer (less than <see cref="Matched"/> when it was too small).</summary>
    public int Written { get; } = Written;

    /// <summary>Gets how many of the matched clocks are breached.</summary>
    public int Breached { get; } = Breached;

    /// <summary>Gets the earliest instant after the scan at which any running clock crosses a warning threshold or breaches, or <see langword="null"/> when none will without a new event.</summary>
    public Instant? NextChangeAt { get; } = NextChangeAt;

    /// <summary>Gets a value indicating whether the buffer was too small to hold every matched index.</summary>
    /// <value><see langword="true"/> when <see cref="Written"/> is less than <see cref="Matched"/>.</value>
    public bool IsTruncated => Written < Matched;
}
