using System.Numerics;
using CustomerService.Core.Kpis;
using FsCheck.Xunit;
using NodaTime;

namespace CustomerService.Core.Tests.Kpis;

/// <summary>
/// Issue 19: "Percentiles: the Hyndman &amp; Fan methods (at least the nine of R's <c>quantile</c> types, which include
/// Excel's <c>PERCENTILE.EXC</c> / Weibull and <c>PERCENTILE.INC</c>), with the method named in every result, and the
/// sketch answering with the same method names."
/// </summary>
public sealed class PercentileMethodTests
{
    private static readonly PercentileMethod[] AllMethods = Enum.GetValues<PercentileMethod>();

    private static DurationAccumulator Seconds(params int[] values)
    {
        var acc = new DurationAccumulator();
        acc.AddRange(values.Select(v => Duration.FromSeconds(v)).ToArray());
        return acc;
    }

    private static double InSeconds(DurationPercentile p) => p.Value!.Value.TotalSeconds;

    [Fact]
    public void Percentile_RDocumentationExample_Type7()
    {
        // R documentation (stats::quantile, TIBCO Enterprise Runtime for R reference, examples section):
        // quantile(1:9, probs=seq(0,1,.1))  # 1.0 1.8 2.6 3.4 4.2 5.0 5.8 6.6 7.4 8.2 9.0
        double[] published = [1.0, 1.8, 2.6, 3.4, 4.2, 5.0, 5.8, 6.6, 7.4, 8.2, 9.0];
        DurationAccumulator acc = Seconds(1, 2, 3, 4, 5, 6, 7, 8, 9);
        for (int k = 0; k <= 10; k++)
        {
            Assert.Equal(published[k], InSeconds(acc.Percentile(k * 10, PercentileMethod.Linear)), 9);
        }
    }

    [Fact]
    public void Percentile_PublishedROutput_CrossValidatedQuestions()
    {
        // Cross Validated (stats.stackexchange.com/questions/614725, "Understanding quantile function in R in simple
        // terms"), R output as posted: test <- c(1, 2, 3, 4, 5, 6, 7, 8); quantile(test)
        //   0%  25%  50%  75% 100%
        // 1.00 2.75 4.50 6.25 8.00
        double[] published = [1.00, 2.75, 4.50, 6.25, 8.00];
        DurationAccumulator eight = Seconds(1, 2, 3, 4, 5, 6, 7, 8);
        for (int q = 0; q <= 4; q++)
        {
            Assert.Equal(published[q], InSeconds(eight.Percentile(q * 25, PercentileMethod.Linear)), 9);
        }

        // Cross Validated, "Understanding The Algorithms Behind Quantile() in R": on c(3, 5, 7, 8, 12, 13, 14, 18, 21)
        // R's default quantile() returned Q1 = 7 and Q3 = 14, and type = 6 gave the expected 6 and 16.
        DurationAccumulator nine = Seconds(3, 5, 7, 8, 12, 13, 14, 18, 21);
        Assert.Equal(7, InSeconds(nine.Percentile(25, PercentileMethod.Linear)), 9);
        Assert.Equal(14, InSeconds(nine.Percentile(75, PercentileMethod.Linear)), 9);
        Assert.Equal(6, InSeconds(nine.Percentile(25, PercentileMethod.Weibull)), 9);
        Assert.Equal(16, InSeconds(nine.Percentile(75, PercentileMethod.Weibull)), 9);
    }

    [Fact]
    public void Percentile_MicrosoftExcelDocumentationExamples()
    {
        // Microsoft Support, "PERCENTILE.INC function": =PERCENTILE.INC({1,3,2,4}, 0.3) → 1.9
        Assert.Equal(1.9, InSeconds(Seconds(1, 3, 2, 4).Percentile(30, PercentileMethod.Linear)), 9);

        // Microsoft Support, "PERCENTILE.EXC function": =PERCENTILE.EXC({1,2,3,6,6,6,7,8,9}, 0.25) → 2.5
        Assert.Equal(2.5, InSeconds(Seconds(1, 2, 3, 6, 6, 6, 7, 8, 9).Percentile(25, PercentileMethod.Weibull)), 9);

        // Microsoft Support, "QUARTILE.EXC function": {6,7,15,36,39,40,41,42,43,47,49}: quartile 1 → 15, quartile 3 → 43
        DurationAccumulator exc = Seconds(6, 7, 15, 36, 39, 40, 41, 42, 43, 47, 49);
        Assert.Equal(15, InSeconds(exc.Percentile(25, PercentileMethod.Weibull)), 9);
        Assert.Equal(43, InSeconds(exc.Percentile(75, PercentileMethod.Weibull)), 9);

        // Microsoft Support, "QUARTILE.INC function": {1,2,4,7,8,9,10,12}: quartile 1 → 3.5
        Assert.Equal(3.5, InSeconds(Seconds(1, 2, 4, 7, 8, 9, 10, 12).Percentile(25, PercentileMethod.Linear)), 9);
    }

    [Fact]
    public void Percentile_OneToTen_EveryRType_MatchesTheRDefinitionInExactArithmetic()
    {
        // R's ?quantile: Q_i(p) = (1 − γ) x_j + γ x_{j+1}, j = floor(np + m), g = np + m − j;
        // types 1–3: m = 0, 0, −1/2; γ = [g > 0], 1/2 if g = 0 else 1, 0 if g = 0 and j even else 1;
        // types 4–9: γ = g, m = 0, 1/2, p, 1 − p, (p + 1)/3, p/4 + 3/8. Computed here in exact rationals.
        DurationAccumulator acc = Seconds(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
        foreach (PercentileMethod method in AllMethods)
        {
            for (int percent = 0; percent <= 100; percent++)
            {
                Rational expected = RQuantileOfOneToN(10, percent, (int)method);
                long expectedNs = expected.RoundHalfAwayFromZero(1_000_000_000);
                DurationPercentile actual = acc.Percentile(percent, method);
                Assert.True(expectedNs == actual.Value!.Value.ToInt64Nanoseconds(), $"type {(int)method} ({method}) p{percent}: expected {expectedNs} ns, got {actual}");
                Assert.Equal(method, actual.Method);
                Assert.Equal(percent, actual.Percent);
            }
        }
    }

    [Fact]
    public void Percentile_OneToTen_Quartiles_HandChecked()
    {
        // Hand-worked from Hyndman & Fan (1996), Table 1 positions, on x = 1..10, p = 0.25:
        // type 1: x_⌈2.5⌉ = 3; type 4: np = 2.5 → 2.5; type 5: 3.0; type 6 (Excel PERCENTILE.EXC): 11/4 = 2.75;
        // type 7 (Excel PERCENTILE.INC, R default): 1 + 9/4 = 3.25; type 8: 1/3 + 0.25·31/3 = 35/12 ≈ 2.9167;
        // type 9: 3/8 + 0.25·41/4 = 2.9375.
        DurationAccumulator acc = Seconds(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
        Assert.Equal(3, InSeconds(acc.Percentile(25, PercentileMethod.NearestRank)), 9);
        Assert.Equal(2.5, InSeconds(acc.Percentile(25, PercentileMethod.InterpolatedInverseCdf)), 9);
        Assert.Equal(3, InSeconds(acc.Percentile(25, PercentileMethod.Hazen)), 9);
        Assert.Equal(2.75, InSeconds(acc.Percentile(25, PercentileMethod.Weibull)), 9);
        Assert.Equal(3.25, InSeconds(acc.Percentile(25, PercentileMethod.Linear)), 9);
        Assert.Equal(35.0 / 12, InSeconds(acc.Percentile(25, PercentileMethod.MedianUnbiased)), 9);
        Assert.Equal(2.9375, InSeconds(acc.Percentile(25, PercentileMethod.NormalUnbiased)), 9);

        // Median of an even sample: types 1 and 3 take x_5, type 2 averages x_5 and x_6.
        Assert.Equal(5, InSeconds(acc.Median(PercentileMethod.NearestRank)), 9);
        Assert.Equal(5.5, InSeconds(acc.Median(PercentileMethod.AveragedNearestRank)), 9);
        Assert.Equal(5, InSeconds(acc.Median(PercentileMethod.ClosestObservation)), 9);
    }

    [Fact]
    public void Percentile_NoData_IsNamedAndHasNoValue()
    {
        var acc = new DurationAccumulator();
        DurationPercentile p90 = acc.Percentile(90, PercentileMethod.Weibull);
        Assert.False(p90.HasValue);
        Assert.Null(p90.Value);
        Assert.Equal(PercentileMethod.Weibull, p90.Method);
        Assert.Equal("p90 (Weibull, R type 6) = no data", p90.ToString());
        Assert.False(new DurationSketch().Percentile(90, PercentileMethod.Weibull).HasValue);
    }

    [Fact]
    public void ToString_NamesPercentileMethodAndRType()
    {
        DurationPercentile p = Seconds(10, 20, 30, 40).Percentile(90, PercentileMethod.Linear);
        Assert.StartsWith("p90 (Linear, R type 7) = ", p.ToString(), StringComparison.Ordinal);
        Assert.Equal(Duration.FromSeconds(37), p.Value);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(10)]
    [InlineData(-1)]
    public void Percentile_UnknownMethod_ThrowsNamingTheMethod(int method)
    {
        DurationAccumulator acc = Seconds(1, 2, 3);
        Assert.Equal("method", Assert.Throws<ArgumentOutOfRangeException>(() => acc.Percentile(50, (PercentileMethod)method)).ParamName);
        Assert.Equal("method", Assert.Throws<ArgumentOutOfRangeException>(() => new DurationSketch().Percentile(50, (PercentileMethod)method)).ParamName);
    }

    [Property(Arbitrary = new[] { typeof(KpisArbitraries) })]
    public bool Percentile_MonotoneInPercent_Meets_Specification(DurationBatch batch)
    {
        var acc = new DurationAccumulator();
        acc.AddRange(batch.Durations);
        if (acc.Count == 0)
        {
            return AllMethods.All(m => !acc.Percentile(50, m).HasValue);
        }

        foreach (PercentileMethod method in AllMethods)
        {
            Duration previous = acc.Minimum!.Value;
            for (int percent = 0; percent <= 100; percent += 5)
            {
                Duration value = acc.Percentile(percent, method).Value!.Value;
                if (value < previous || value > acc.Maximum)
                {
                    return false;
                }

                previous = value;
            }
        }

        return true;
    }

    [Property(Arbitrary = new[] { typeof(KpisArbitraries) })]
    public bool Percentile_StepMethodsReturnObservations_Meets_Specification(DurationBatch batch, byte percent)
    {
        var acc = new DurationAccumulator();
        acc.AddRange(batch.Durations);
        if (acc.Count == 0)
        {
            return true;
        }

        double p = percent % 101;
        return batch.Durations.Contains(acc.Percentile(p, PercentileMethod.NearestRank).Value!.Value)
            && batch.Durations.Contains(acc.Percentile(p, PercentileMethod.ClosestObservation).Value!.Value);
    }

    [Property(Arbitrary = new[] { typeof(KpisArbitraries) })]
    public bool Sketch_EveryMethod_WithinRelativeErrorOfExact_Meets_Specification(DurationBatch batch)
    {
        const double Alpha = 0.01;
        var exact = new DurationAccumulator();
        exact.AddRange(batch.Durations);
        var sketch = new DurationSketch(Alpha);
        sketch.AddRange(batch.Durations.AsSpan(0, batch.Split));
        var right = new DurationSketch(Alpha);
        right.AddRange(batch.Durations.AsSpan(batch.Split));
        sketch.Merge(right);
        foreach (PercentileMethod method in AllMethods)
        {
            foreach (double percent in new[] { 0, 1, 25, 50, 75, 90, 99, 100 })
            {
                DurationPercentile estimate = sketch.Percentile(percent, method);
                DurationPercentile truth = exact.Percentile(percent, method);
                if (estimate.Method != method || estimate.HasValue != truth.HasValue)
                {
                    return false;
                }

                if (truth.Value is { } v)
                {
                    double error = Math.Abs(estimate.Value!.Value.TotalNanoseconds - v.TotalNanoseconds);
                    if (error > (Alpha * v.TotalNanoseconds * (1 + 1e-9)) + 1)
                    {
                        return false;
                    }
                }
            }
        }

        return true;
    }

    /// <summary>R's definition in exact rational arithmetic for x = 1..n (so x_j = j).</summary>
    private static Rational RQuantileOfOneToN(int n, int percent, int type)
    {
        var p = new Rational(percent, 100);
        Rational m = type switch
        {
            1 or 2 => Rational.Zero,
            3 => new Rational(-1, 2),
            4 => Rational.Zero,
            5 => new Rational(1, 2),
            6 => p,
            7 => Rational.One - p,
            8 => (p + Rational.One) / new Rational(3, 1),
            _ => (p / new Rational(4, 1)) + new Rational(3, 8),
        };
        Rational npm = (p * new Rational(n, 1)) + m;
        BigInteger j = npm.Floor();
        Rational g = npm - new Rational(j, 1);
        Rational gamma = type switch
        {
            1 => g.IsZero ? Rational.Zero : Rational.One,
            2 => g.IsZero ? new Rational(1, 2) : Rational.One,
            3 => g.IsZero && j.IsEven ? Rational.Zero : Rational.One,
            _ => g,
        };
        Rational xj = new(BigInteger.Clamp(j, 1, n), 1);
        Rational xj1 = new(BigInteger.Clamp(j + 1, 1, n), 1);
        return xj + (gamma * (xj1 - xj));
    }

    private readonly record struct Rational
    {
        public Rational(BigInteger numerator, BigInteger denominator)
        {
            if (denominator.Sign < 0)
            {
                numerator = -numerator;
                denominator = -denominator;
            }

            BigInteger gcd = BigInteger.GreatestCommonDivisor(numerator, denominator);
            Numerator = gcd.IsZero ? numerator : numerator / gcd;
            Denominator = gcd.IsZero ? denominator : denominator / gcd;
        }

        public static Rational Zero => new(0, 1);

        public static Rational One => new(1, 1);

        public BigInteger Numerator { get; }

        public BigInteger Denominator { get; }

        public bool IsZero => Numerator.IsZero;

        public static Rational operator +(Rational a, Rational b) => new((a.Numerator * b.Denominator) + (b.Numerator * a.Denominator), a.Denominator * b.Denominator);

        public static Rational operator -(Rational a, Rational b) => new((a.Numerator * b.Denominator) - (b.Numerator * a.Denominator), a.Denominator * b.Denominator);

        public static Rational operator *(Rational a, Rational b) => new(a.Numerator * b.Numerator, a.Denominator * b.Denominator);

        public static Rational operator /(Rational a, Rational b) => new(a.Numerator * b.Denominator, a.Denominator * b.Numerator);

        public BigInteger Floor() => BigInteger.DivRem(Numerator, Denominator) is var (q, r) && r.Sign < 0 ? q - 1 : q;

        /// <summary>Rounds value × scale half away from zero (the values here are not negative).</summary>
        public long RoundHalfAwayFromZero(long scale)
        {
            BigInteger twice = 2 * Numerator * scale;
            return (long)((twice + Denominator) / (2 * Denominator));
        }
    }
}
