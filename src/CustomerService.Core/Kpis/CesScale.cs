using System.Globalization;

namespace CustomerService.Core.Kpis;

/// <summary>The scale and polarity a Customer Effort Score (CES) survey is answered on.</summary>
/// <remarks>
/// <para>Two forms are in use. <see cref="Agreement7"/> (CES 2.0, the default) asks agreement with "The company made it
/// easy for me to handle my issue", 1 = strongly disagree … 7 = strongly agree: <b>higher is easier</b>.
/// <see cref="Effort5"/> (the original CES of 2008–2010) asks "How much effort did you personally have to put forth to
/// handle your request?", 1 = very low … 5 = very high effort: <b>lower is easier</b> (reversed polarity).</para>
/// <para>The easy side of a scale is the answers strictly on the easy side of its midpoint (5–7 on the 1–7 scale, 1–2
/// on the 1–5 effort scale), the difficult side those strictly on the other side; the midpoint itself (4, or 3) is
/// neutral. To compare scales, a score is normalised to an <b>ease index</b> from 0 (hardest) to 100 (easiest):
/// <c>100 × (score − min) / (max − min)</c> when higher is easier, <c>100 × (max − score) / (max − min)</c> when
/// lower is easier. A mean of 2 on the 1–5 effort scale is an ease index of 75, the same as a mean of 5.5 on the 1–7
/// agreement scale.</para>
/// <para>The default value is <see cref="Agreement7"/>. Scores must be whole numbers from 0 to 255.</para>
/// </remarks>
/// <threadsafety>This type is an immutable value type: any number of threads may share and read an instance without locking.</threadsafety>
public readonly record struct CesScale
{
    // Stored as offsets from the 1–7 agreement scale so that default(CesScale) is that scale.
    private readonly int _minimumOffset;
    private readonly int _maximumOffset;
    private readonly bool _lowerIsEasier;

    /// <summary>Initializes a new instance of the <see cref="CesScale"/> struct.</summary>
    /// <param name="minimum">The lowest answer, 0 to 254.</param>
    /// <param name="maximum">The highest answer, above <paramref name="minimum"/> and at most 255.</param>
    /// <param name="higherIsEasier"><see langword="true"/> when a higher answer means less effort (agreement form);
    /// <see langword="false"/> when it means more effort (the original effort form).</param>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when a bound is outside its allowed range.</exception>
    public CesScale(int minimum, int maximum, bool higherIsEasier)
    {
        if (minimum is < 0 or > 254)
        {
            throw new ArgumentOutOfRangeException(nameof(minimum), minimum, "The minimum answer must be from 0 to 254.");
        }

        if (maximum <= minimum || maximum > 255)
        {
            throw new ArgumentOutOfRangeException(nameof(maximum), maximum, string.Create(CultureInfo.InvariantCulture, $"The maximum answer must be from {minimum + 1} to 255."));
        }

        _minimumOffset = minimum - 1;
        _maximumOffset = maximum - 7;
        _lowerIsEasier = !higherIsEasier;
    }

    /// <summary>Gets the 1–7 agreement scale of CES 2.0 ("the company made it easy"), higher is easier.</summary>
    /// <value>1–7, higher is easier; the default value.</value>
    public static CesScale Agreement7 => default;

    /// <summary>Gets the original 1–5 effort scale ("how much effort did you have to put forth"), lower is easier.</summary>
    /// <value>1–5, lower is easier.</value>
    public static CesScale Effort5 => new(1, 5, higherIsEasier: false);

    /// <summary>Gets the lowest answer on the scale.</summary>
    /// <value>1 for both common scales.</value>
    public int Minimum => _minimumOffset + 1;

    /// <summary>Gets the highest answer on the scale.</summary>
    /// <value>7 or 5 for the common scales.</value>
    public int Maximum => _maximumOffset + 7;

    /// <summary>Gets a value indicating whether a higher answer means less effort.</summary>
    /// <value><see langword="true"/> for the agreement form, <see langword="false"/> for the effort form.</value>
    public bool HigherIsEasier => !_lowerIsEasier;

    /// <summary>Gets the ease index of an answer or a mean on this scale: 0 (hardest) to 100 (easiest).</summary>
    /// <param name="score">An answer or a mean answer, from <see cref="Minimum"/> to <see cref="Maximum"/>.</param>
    /// <returns><c>100 × (score − min) / (max − min)</c>, or <c>100 × (max − score) / (max − min)</c> when lower is easier.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when <paramref name="score"/> is NaN or outside the scale.</exception>
    public double EaseIndex(double score)
    {
        KpiGuard.InRange(score, nameof(score), Minimum, Maximum);
        return EaseIndexCore(score);
    }

    /// <summary>Converts an answer or a mean on this scale to the equivalent on another scale (same ease index, polarity respected).</summary>
    /// <param name="score">An answer or a mean answer on this scale.</param>
    /// <param name="target">The scale to express it on.</param>
    /// <returns>The score on <paramref name="target"/> with the same ease index; a 2 on <see cref="Effort5"/> is 5.5 on <see cref="Agreement7"/>.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when <paramref name="score"/> is NaN or outside the scale.</exception>
    public double ConvertTo(double score, CesScale target) => target.FromEaseIndex(EaseIndex(score));

    /// <summary>Returns the scale as "1–5, lower is easier".</summary>
    /// <returns>A description of the scale.</returns>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Minimum}–{Maximum}, {(HigherIsEasier ? "higher" : "lower")} is easier");

    internal double EaseIndexCore(double score)
    {
        double span = Maximum - Minimum;
        return HigherIsEasier ? 100 * (score - Minimum) / span : 100 * (Maximum - score) / span;
    }

    internal bool IsEasy(int score) => HigherIsEasier ? 2 * score > Minimum + Maximum : 2 * score < Minimum + Maximum;

    internal bool IsDifficult(int score) => HigherIsEasier ? 2 * score < Minimum + Maximum : 2 * score > Minimum + Maximum;

    private double FromEaseIndex(double ease)
    {
        double span = Maximum - Minimum;
        return HigherIsEasier ? Minimum + (ease * span / 100) : Maximum - (ease * span / 100);
    }
}
