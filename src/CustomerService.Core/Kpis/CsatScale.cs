using System.Globalization;

namespace CustomerService.Core.Kpis;

/// <summary>The survey scale a CSAT score is given on, and the lowest score that counts as satisfied.</summary>
/// <remarks>
/// The default value is the common 1–5 scale where 4 and 5 count as satisfied ("top-two-box"), the same as
/// <see cref="Default"/>. Scores must be whole numbers from 0 to 255.
/// </remarks>
/// <threadsafety>This type is an immutable value type: any number of threads may share and read an instance without locking.</threadsafety>
public readonly record struct CsatScale
{
    // Stored as offsets from 1..5 / 4 so that default(CsatScale) is the common scale.
    private readonly int _minimumOffset;
    private readonly int _maximumOffset;
    private readonly int _satisfiedFromOffset;

    /// <summary>Initializes a new instance of the <see cref="CsatScale"/> struct.</summary>
    /// <param name="minimum">The lowest score on the scale, 0 to 254.</param>
    /// <param name="maximum">The highest score on the scale, above <paramref name="minimum"/> and at most 255.</param>
    /// <param name="satisfiedFrom">The lowest score that counts as satisfied, from <paramref name="minimum"/> to <paramref name="maximum"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when a bound is outside its allowed range.</exception>
    public CsatScale(int minimum, int maximum, int satisfiedFrom)
    {
        if (minimum is < 0 or > 254)
        {
            throw new ArgumentOutOfRangeException(nameof(minimum), minimum, "The minimum score must be from 0 to 254.");
        }

        if (maximum <= minimum || maximum > 255)
        {
            throw new ArgumentOutOfRangeException(nameof(maximum), maximum, string.Create(CultureInfo.InvariantCulture, $"The maximum score must be from {minimum + 1} to 255."));
        }

        if (satisfiedFrom < minimum || satisfiedFrom > maximum)
        {
            throw new ArgumentOutOfRangeException(nameof(satisfiedFrom), satisfiedFrom, string.Create(CultureInfo.InvariantCulture, $"The satisfied threshold must be from {minimum} to {maximum}."));
        }

        _minimumOffset = minimum - 1;
        _maximumOffset = maximum - 5;
        _satisfiedFromOffset = satisfiedFrom - 4;
    }

    /// <summary>Gets the common 1–5 scale on which 4 and 5 count as satisfied.</summary>
    /// <value>The scale 1–5, satisfied from 4.</value>
    public static CsatScale Default => default;

    /// <summary>Gets the lowest score on the scale.</summary>
    /// <value>The minimum score; 1 for the default scale.</value>
    public int Minimum => _minimumOffset + 1;

    /// <summary>Gets the highest score on the scale.</summary>
    /// <value>The maximum score; 5 for the default scale.</value>
    public int Maximum => _maximumOffset + 5;

    /// <summary>Gets the lowest score that counts as satisfied.</summary>
    /// <value>The threshold; 4 for the default scale.</value>
    public int SatisfiedFrom => _satisfiedFromOffset + 4;

    /// <summary>Returns the scale as "1–5, satisfied from 4".</summary>
    /// <returns>A description of the scale.</returns>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Minimum}–{Maximum}, satisfied from {SatisfiedFrom}");
}
