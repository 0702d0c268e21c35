using System.Globalization;
using NodaTime;

namespace CustomerService.Core.Leads;

/// <summary>A customer's recency, frequency and monetary scores, each 1 (worst) to 5 (best).</summary>
/// <param name="Recency">5 for the most recent buyers, 1 for the longest silent.</param>
/// <param name="Frequency">5 for the most frequent buyers.</param>
/// <param name="Monetary">5 for the biggest spenders.</param>
/// <remarks>The default value (0, 0, 0) is not a valid score; scores come from <see cref="RfmQuintiles.Score"/>.</remarks>
/// <threadsafety>This type is an immutable value type and is thread-safe.</threadsafety>
public readonly record struct RfmScore(int Recency, int Frequency, int Monetary)
{
    /// <summary>Gets the three-digit code, for example <c>545</c>.</summary>
    /// <value>The code.</value>
    public string Code => string.Create(CultureInfo.InvariantCulture, $"{Recency}{Frequency}{Monetary}");
}

/// <summary>Quintile breakpoints of a customer population, turning raw recency, frequency and monetary values into 1–5 scores.</summary>
/// <remarks>
/// Breakpoint <c>k</c> (k = 1..4) of a sorted population of <c>n</c> values is the nearest-rank percentile
/// <c>sorted[ceil(k·n/5) − 1]</c>. Frequency and monetary score <c>1 + (number of breakpoints strictly below the value)</c>;
/// recency (days since the last purchase, fewer is better) scores <c>5 − (number of breakpoints strictly below the days)</c>.
/// Equal values always get equal scores, so with many ties a score may be unused.
/// </remarks>
/// <threadsafety>This type is immutable and thread-safe.</threadsafety>
public sealed class RfmQuintiles
{
    private readonly double[] _recency;
    private readonly double[] _frequency;
    private readonly double[] _monetary;

    private RfmQuintiles(double[] recency, double[] frequency, double[] monetary)
    {
        _recency = recency;
        _frequency = frequency;
        _monetary = monetary;
    }

    /// <summary>Gets the four recency breakpoints, in days.</summary>
    /// <value>Ascending breakpoints.</value>
    public IReadOnlyList<double> RecencyBreakpoints => _recency;

    /// <summary>Gets the four frequency breakpoints.</summary>
    /// <value>Ascending breakpoints.</value>
    public IReadOnlyList<double> FrequencyBreakpoints => _frequency;

    /// <summary>Gets the four monetary breakpoints.</summary>
    /// <value>Ascending breakpoints.</value>
    public IReadOnlyList<double> MonetaryBreakpoints => _monetary;

    /// <summary>Computes the quintile breakpoints of a population.</summary>
    /// <param name="recencyDays">Days since each customer's last purchase (non-negative).</param>
    /// <param name="frequency">Each customer's number of purchases (non-negative).</param>
    /// <param name="monetary">Each customer's total spend (finite, non-negative).</param>
    /// <returns>The breakpoints.</returns>
    /// <exception cref="ArgumentException">Thrown when the spans are empty or of different lengths, or hold a negative or non-finite value; names the span at fault and the customer's position.</exception>
    public static RfmQuintiles FromPopulation(ReadOnlySpan<int> recencyDays, ReadOnlySpan<int> frequency, ReadOnlySpan<double> monetary)
    {
        if (recencyDays.IsEmpty)
        {
            throw new ArgumentException("The population must not be empty.", nameof(recencyDays));
        }

        if (frequency.Length != recencyDays.Length)
        {
            throw new ArgumentException($"The population has {recencyDays.Length} recency values but {frequency.Length} frequency values; one of each per customer.", nameof(frequency));
        }

        if (monetary.Length != recencyDays.Length)
        {
            throw new ArgumentException($"The population has {recencyDays.Length} recency values but {monetary.Length} monetary values; one of each per customer.", nameof(monetary));
        }

        var r = new double[recencyDays.Length];
        var f = new double[recencyDays.Length];
        var m = new double[recencyDays.Length];
        for (var i = 0; i < r.Length; i++)
        {
            if (recencyDays[i] < 0)
            {
                throw new ArgumentException($"Customer #{i} has a negative recency; days since the last purchase are non-negative.", nameof(recencyDays));
            }

            if (frequency[i] < 0)
            {
                throw new ArgumentException($"Customer #{i} has a negative frequency.", nameof(frequency));
            }

            if (!(monetary[i] >= 0) || !double.IsFinite(monetary[i]))
            {
                throw new ArgumentException($"Customer #{i} has a negative or non-finite spend.", nameof(monetary));
            }

            r[i] = recencyDays[i];
            f[i] = frequency[i];
            m[i] = monetary[i];
        }

        return new RfmQuintiles(Breaks(r), Breaks(f), Breaks(m));
    }

    /// <summary>Scores one customer.</summary>
    /// <param name="recencyDays">Days since the last purchase (non-negative).</param>
    /// <param name="frequency">Number of purchases (non-negative).</param>
    /// <param name="monetary">Total spend (finite, non-negative).</param>
    /// <returns>The score.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when a value is negative, or <paramref name="monetary"/> is not finite.</exception>
    public RfmScore Score(int recencyDays, int frequency, double monetary)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(recencyDays);
        ArgumentOutOfRangeException.ThrowIfNegative(frequency);
        if (!double.IsFinite(monetary) || monetary < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(monetary), "A customer's spend must be finite and non-negative.");
        }

        return new(5 - Above(_recency, recencyDays), 1 + Above(_frequency, frequency), 1 + Above(_monetary, monetary));
    }

    private static int Above(double[] breaks, double value)
    {
        var count = 0;
        foreach (var b in breaks)
        {
            if (value > b)
            {
                count++;
            }
        }

        return count;
    }

    private static double[] Breaks(double[] values)
    {
        Array.Sort(values);
        var n = values.Length;
        var breaks = new double[4];
        for (var k = 1; k <= 4; k++)
        {
            // ceil(k·n/5) in 64-bit integers: k·n overflows an int from 536,870,912 customers on.
            breaks[k - 1] = values[(int)((((long)k * n) + 4) / 5) - 1];
        }

        return breaks;
    }
}

/// <summary>The standard RFM segments, from the recency and frequency scores, as a first-match rule set.</summary>
/// <remarks>
/// The widely used recency × frequency grid (R first, F second): Champions R5 F4–5; Loyal R3–4 F4–5;
/// Can't Lose Them R1–2 F5; At Risk R1–2 F3–4; Hibernating R1–2 F1–2; About To Sleep R3 F1–2; Need Attention R3 F3;
/// Potential Loyalists R4–5 F2–3; Promising R4 F1; New Customers R5 F1. Every (R, F) pair of 1–5 falls in exactly one
/// segment. The monetary score is carried in the facts for value-tier rules but the grid does not read it.
/// </remarks>
/// <threadsafety>This type is thread-safe; the rule sets it builds are immutable.</threadsafety>
public static class RfmSegmentation
{
    /// <summary>The recency score fact (count 1–5).</summary>
    public const string RecencyScore = "RecencyScore";

    /// <summary>The frequency score fact (count 1–5).</summary>
    public const string FrequencyScore = "FrequencyScore";

    /// <summary>The monetary score fact (count 1–5).</summary>
    public const string MonetaryScore = "MonetaryScore";

    /// <summary>Champions: bought recently, buy often.</summary>
    public const string Champions = "Champions";

    /// <summary>Loyal: buy often, fairly recently.</summary>
    public const string Loyal = "Loyal";

    /// <summary>Can't Lose Them: used to buy most often, long silent.</summary>
    public const string CantLoseThem = "Can't Lose Them";

    /// <summary>At Risk: bought often, long silent.</summary>
    public const string AtRisk = "At Risk";

    /// <summary>Hibernating: rarely, long ago.</summary>
    public const string Hibernating = "Hibernating";

    /// <summary>About To Sleep: rarely, a while ago.</summary>
    public const string AboutToSleep = "About To Sleep";

    /// <summary>Need Attention: middling recency and frequency.</summary>
    public const string NeedAttention = "Need Attention";

    /// <summary>Potential Loyalists: recent, a few purchases.</summary>
    public const string PotentialLoyalists = "Potential Loyalists";

    /// <summary>Promising: fairly recent, one purchase band.</summary>
    public const string Promising = "Promising";

    /// <summary>New Customers: very recent, first purchase band.</summary>
    public const string NewCustomers = "New Customers";

    /// <summary>Gets the schema: <c>RecencyScore</c>, <c>FrequencyScore</c>, <c>MonetaryScore</c>, in that order.</summary>
    /// <value>The schema.</value>
    public static FactSchema Schema { get; } = FactSchema.CreateBuilder().AddCount(RecencyScore).AddCount(FrequencyScore).AddCount(MonetaryScore).Build();

    /// <summary>Builds the RFM grid rule set.</summary>
    /// <param name="zone">The zone in which today is counted (the grid reads no date, but the rule set names one).</param>
    /// <returns>The rule set, named <c>rfm</c>; rows without scores fall in <see cref="Hibernating"/>.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="zone"/> is <see langword="null"/>.</exception>
    public static SegmentationRuleSet CreateRuleSet(DateTimeZone zone) =>
        SegmentationRuleSet.CreateBuilder("rfm", Schema, zone)
            .AddRule(Champions, Champions, Grid(5, 5, 4, 5))
            .AddRule(Loyal, Loyal, Grid(3, 4, 4, 5))
            .AddRule(CantLoseThem, CantLoseThem, Grid(1, 2, 5, 5))
            .AddRule(AtRisk, AtRisk, Grid(1, 2, 3, 4))
            .AddRule(Hibernating, Hibernating, Grid(1, 2, 1, 2))
            .AddRule(AboutToSleep, AboutToSleep, Grid(3, 3, 1, 2))
            .AddRule(NeedAttention, NeedAttention, Grid(3, 3, 3, 3))
            .AddRule(PotentialLoyalists, PotentialLoyalists, Grid(4, 5, 2, 3))
            .AddRule(Promising, Promising, Grid(4, 4, 1, 1))
            .AddRule(NewCustomers, NewCustomers, Grid(5, 5, 1, 1))
            .Otherwise(Hibernating)
            .Build();

    /// <summary>Writes a score into a reusable row of <see cref="Schema"/>.</summary>
    /// <param name="score">The score, each part 1 to 5.</param>
    /// <param name="row">A row of at least three values.</param>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when a part of <paramref name="score"/> is outside 1 to 5 (the default value is not a score); the row is left as it was.</exception>
    /// <exception cref="ArgumentException">Thrown when <paramref name="row"/> is too short.</exception>
    public static void WriteFacts(RfmScore score, Span<FactValue> row)
    {
        if (score.Recency is < 1 or > 5 || score.Frequency is < 1 or > 5 || score.Monetary is < 1 or > 5)
        {
            throw new ArgumentOutOfRangeException(nameof(score), $"RFM scores run from 1 to 5; {score.Code} is not one.");
        }

        if (row.Length < 3)
        {
            throw new ArgumentException("The RFM facts row needs 3 values.", nameof(row));
        }

        row[0] = FactValue.FromCount(score.Recency);
        row[1] = FactValue.FromCount(score.Frequency);
        row[2] = FactValue.FromCount(score.Monetary);
    }

    /// <summary>Counts the days from a last purchase to today (a purchase dated in the future counts as 0).</summary>
    /// <param name="lastPurchase">The last purchase's date (a date of another calendar system counts as its ISO date).</param>
    /// <param name="today">Today, in the business's zone.</param>
    /// <returns>The recency in days.</returns>
    public static int RecencyDays(LocalDate lastPurchase, LocalDate today) =>
        Math.Max(0, Period.DaysBetween(lastPurchase.WithCalendar(CalendarSystem.Iso), today.WithCalendar(CalendarSystem.Iso)));

    private static RuleCondition[] Grid(int recencyFrom, int recencyTo, int frequencyFrom, int frequencyTo) =>
    [
        RuleCondition.AtLeast(RecencyScore, recencyFrom),
        RuleCondition.AtMost(RecencyScore, recencyTo),
        RuleCondition.AtLeast(FrequencyScore, frequencyFrom),
        RuleCondition.AtMost(FrequencyScore, frequencyTo),
    ];
}
