using CustomerService.Core.Kpis;
using FsCheck;
using FsCheck.Xunit;

namespace CustomerService.Core.Tests.Kpis;

/// <summary>Issue 19: "CES on the original 1–5 scale (reversed polarity) and normalisation across scales; CES batch overloads like CSAT's."</summary>
public sealed class CesScaleTests
{
    [Fact]
    public void Effort5_LowerIsEasier_CountsLowEffortAsEasy()
    {
        // The original CES (CEB, 2010): "How much effort did you personally have to put forth to handle your request?"
        // 1 = very low effort … 5 = very high effort. Answers 1, 2, 2, 3, 5: mean 2.6, 3 / 5 easy (1–2), 1 / 5 difficult (4–5).
        var ces = new CesAccumulator(CesScale.Effort5);
        ces.AddRange(new[] { 1, 2, 2, 3, 5 });
        Assert.Equal(2.6, ces.Mean!.Value, 12);
        Assert.Equal(new KpiRate(3, 5), ces.AgreeRate);
        Assert.Equal(new KpiRate(1, 5), ces.DisagreeRate);
        Assert.Equal(60, ces.EaseIndex!.Value, 12); // 100 × (5 − 2.6) / 4
    }

    [Fact]
    public void Agreement7_IsTheDefault_AndKeepsItsWorkedExample()
    {
        var ces = default(CesAccumulator);
        ces.AddRange(new byte[] { 7, 6, 5, 4, 2 });
        Assert.Equal(CesScale.Agreement7, ces.Scale);
        Assert.Equal(4.8, ces.Mean!.Value, 12);
        Assert.Equal(new KpiRate(3, 5), ces.AgreeRate);
        Assert.Equal(100 * 3.8 / 6, ces.EaseIndex!.Value, 12);
    }

    [Fact]
    public void Normalisation_MapsScalesThroughTheEaseIndex()
    {
        // A mean of 2 on the 1–5 effort scale is 75 on the ease index, which is 5.5 on the 1–7 agreement scale.
        Assert.Equal(75, CesScale.Effort5.EaseIndex(2), 12);
        Assert.Equal(5.5, CesScale.Effort5.ConvertTo(2, CesScale.Agreement7), 12);
        Assert.Equal(2, CesScale.Agreement7.ConvertTo(5.5, CesScale.Effort5), 12);
        Assert.Equal(100, CesScale.Effort5.EaseIndex(1));
        Assert.Equal(0, CesScale.Agreement7.EaseIndex(1));
        Assert.Equal("score", Assert.Throws<ArgumentOutOfRangeException>(() => CesScale.Effort5.EaseIndex(6)).ParamName);
        Assert.Equal("1–5, lower is easier", CesScale.Effort5.ToString());
    }

    [Fact]
    public void BatchOverloads_AgreeWithOneByOne()
    {
        var one = new CesAccumulator(CesScale.Effort5);
        foreach (int s in new[] { 1, 1, 1, 4, 4, 5 })
        {
            one.Add(s);
        }

        var histogram = new CesAccumulator(CesScale.Effort5);
        histogram.Add(1, 3);
        histogram.Add(4, 2);
        histogram.Add(5, 1);
        var bytes = new CesAccumulator(CesScale.Effort5);
        bytes.AddRange(new byte[] { 1, 1, 1, 4, 4, 5 });
        var ints = new CesAccumulator(CesScale.Effort5);
        ints.AddRange(new[] { 1, 1, 1, 4, 4, 5 });
        Assert.Equal(one, histogram);
        Assert.Equal(one, bytes);
        Assert.Equal(one, ints);
    }

    [Fact]
    public void BadAnswers_AreRejectedByPosition_AndChangeNothing()
    {
        var ces = new CesAccumulator(CesScale.Effort5);
        Assert.Equal("scores[2]", Assert.Throws<ArgumentOutOfRangeException>(() => ces.AddRange(new[] { 1, 5, 6 })).ParamName);
        Assert.Equal("scores[0]", Assert.Throws<ArgumentOutOfRangeException>(() => ces.AddRange(new[] { -1 })).ParamName);
        Assert.Equal("score", Assert.Throws<ArgumentOutOfRangeException>(() => ces.Add(0, 3)).ParamName);
        Assert.Equal("count", Assert.Throws<ArgumentOutOfRangeException>(() => ces.Add(3, -1)).ParamName);
        Assert.Equal(0, ces.Count);
        Assert.Throws<ArgumentException>(() => ces.Merge(default));
        Assert.Equal("maximum", Assert.Throws<ArgumentOutOfRangeException>(() => new CesScale(3, 3, true)).ParamName);
    }

    [Property(Arbitrary = new[] { typeof(KpisArbitraries) })]
    public bool EffortScale_IsTheMirrorOfAgreement_Meets_Specification(ScoreBatch batch)
    {
        // Answers 1–5 on the effort scale and their mirror 6 − s on a 1–5 agreement scale: same ease index, same easy count.
        int[] effort = batch.Scores.Select(s => (s % 5) + 1).ToArray();
        var e = new CesAccumulator(CesScale.Effort5);
        e.AddRange(effort);
        var left = new CesAccumulator(CesScale.Effort5);
        left.AddRange(effort.AsSpan(0, batch.Split));
        var right = new CesAccumulator(CesScale.Effort5);
        right.AddRange(effort.AsSpan(batch.Split));
        left.Merge(right);
        var a = new CesAccumulator(new CesScale(1, 5, higherIsEasier: true));
        a.AddRange(effort.Select(s => 6 - s).ToArray());
        return left.Equals(e)
            && e.Agree == a.Agree && e.Disagree == a.Disagree
            && (e.Count == 0 ? e.EaseIndex is null : Math.Abs(e.EaseIndex!.Value - a.EaseIndex!.Value) < 1e-9);
    }
}
