using CustomerService.Core.Kpis;

namespace CustomerService.Core.Tests.Kpis;

public sealed class SlaComplianceAccumulatorTests
{
    private static IEnumerable<SlaOutcome> Outcomes(string metric, string priority, int met, int breached) =>
        Enumerable.Repeat(new SlaOutcome(metric, priority, true), met).Concat(Enumerable.Repeat(new SlaOutcome(metric, priority, false), breached));

    [Fact]
    public void Compliance_WorkedExample_PerPriorityAndPooled()
    {
        var acc = new SlaComplianceAccumulator();
        acc.AddRange(Outcomes("FirstResponse", "P1", 45, 5).Concat(Outcomes("FirstResponse", "P2", 90, 10)).Concat(Outcomes("Resolution", "P1", 3, 1)).ToArray());

        Assert.Equal(new KpiRate(45, 50), acc.Compliance("FirstResponse", "P1"));
        Assert.Equal(new KpiRate(135, 150), acc.Compliance("FirstResponse"));
        Assert.Equal(new KpiRate(15, 150), acc.BreachRate("FirstResponse"));
        Assert.Equal(new KpiRate(138, 154), acc.OverallCompliance);
        Assert.Equal(154, acc.Count);
        Assert.Equal(
            new[] { ("FirstResponse", "P1", 45L, 5L), ("FirstResponse", "P2", 90L, 10L), ("Resolution", "P1", 3L, 1L) },
            acc.Rows.Select(r => (r.MetricKey, r.Priority, r.Met, r.Breached)));
        Assert.Equal(new KpiRate(1, 4), acc.Rows[2].BreachRate);
    }

    [Fact]
    public void Merge_Shards_EqualsOnePass()
    {
        var all = Outcomes("FirstResponse", "P1", 7, 3).Concat(Outcomes("Resolution", "P3", 2, 2)).ToArray();
        var single = new SlaComplianceAccumulator();
        single.AddRange(all);
        var a = new SlaComplianceAccumulator();
        a.AddRange(all.AsSpan(0, 5));
        var b = new SlaComplianceAccumulator();
        b.AddRange(all.AsSpan(5));
        a.Merge(b);
        Assert.Equal(single.Rows, a.Rows);
    }

    [Fact]
    public void Add_DefaultOrEmptyKeys_Throws()
    {
        Assert.Throws<ArgumentException>(() => new SlaOutcome(" ", "P1", true));
        Assert.Throws<ArgumentException>(() => new SlaOutcome("FirstResponse", "", true));
        var acc = new SlaComplianceAccumulator();
        Assert.Throws<ArgumentException>(() => acc.Add(default));
        Assert.Equal(0, acc.Count);
    }
}
