using CustomerService.Core.Kpis;
using CustomerService.Core.Sla;
using FsCheck.Xunit;

namespace CustomerService.Core.Tests.Kpis;

public sealed class SlaComplianceAccumulatorTests
{
    private static IEnumerable<SlaOutcome> Outcomes(SlaMetric metric, SlaPriority priority, int met, int breached) =>
        Enumerable.Repeat(new SlaOutcome(metric, priority, true), met).Concat(Enumerable.Repeat(new SlaOutcome(metric, priority, false), breached));

    // 32 outcomes over four metrics and eight priorities.
    private static SlaComplianceAccumulator Filled()
    {
        SlaMetric[] metrics = [SlaMetric.FirstResponse, SlaMetric.NextResponse, SlaMetric.Resolution, SlaMetric.PeriodicUpdate];
        var accumulator = new SlaComplianceAccumulator();
        for (int i = 0; i < 32; i++)
        {
            accumulator.Add(new SlaOutcome(metrics[i % 4], new SlaPriority("P" + (i / 4)), i % 3 != 0));
        }

        return accumulator;
    }

    [Fact]
    public void Compliance_WorkedExample_PerPriorityAndPooled()
    {
        var acc = new SlaComplianceAccumulator();
        acc.AddRange(Outcomes(SlaMetric.FirstResponse, SlaPriority.Urgent, 45, 5)
            .Concat(Outcomes(SlaMetric.FirstResponse, SlaPriority.High, 90, 10))
            .Concat(Outcomes(SlaMetric.Resolution, SlaPriority.Urgent, 3, 1)).ToArray());

        Assert.Equal(new KpiRate(45, 50), acc.Compliance(SlaMetric.FirstResponse, SlaPriority.Urgent));
        Assert.Equal(new KpiRate(135, 150), acc.Compliance(SlaMetric.FirstResponse));
        Assert.Equal(new KpiRate(15, 150), acc.BreachRate(SlaMetric.FirstResponse));
        Assert.Equal(new KpiRate(0, 0), acc.Compliance(SlaMetric.NextResponse));
        Assert.Equal(new KpiRate(138, 154), acc.OverallCompliance);
        Assert.Equal(154, acc.Count);
        Assert.Equal(
            new[] { (SlaMetric.FirstResponse, SlaPriority.High, 90L, 10L), (SlaMetric.FirstResponse, SlaPriority.Urgent, 45L, 5L), (SlaMetric.Resolution, SlaPriority.Urgent, 3L, 1L) },
            acc.Rows.Select(r => (r.Metric, r.Priority, r.Met, r.Breached)));
        Assert.Equal(new KpiRate(1, 4), acc.Rows[2].BreachRate);
    }

    [Fact]
    public void Merge_Shards_EqualsOnePass()
    {
        var all = Outcomes(SlaMetric.FirstResponse, SlaPriority.Urgent, 7, 3).Concat(Outcomes(SlaMetric.Resolution, SlaPriority.Low, 2, 2)).ToArray();
        var single = new SlaComplianceAccumulator();
        single.AddRange(all);
        var a = new SlaComplianceAccumulator();
        a.AddRange(all.AsSpan(0, 5));
        var b = new SlaComplianceAccumulator();
        b.AddRange(all.AsSpan(5));
        a.Merge(b);
        Assert.Equal(single.Rows, a.Rows);
        Assert.Equal(single.Count, a.Count);
    }

    [Fact]
    public void Add_DefaultOrEmptyKeys_Throws()
    {
        Assert.Equal("priority", Assert.Throws<ArgumentException>(() => new SlaOutcome(SlaMetric.FirstResponse, default, true)).ParamName);
        Assert.Equal("metric", Assert.Throws<ArgumentOutOfRangeException>(() => new SlaOutcome((SlaMetric)99, SlaPriority.Low, true)).ParamName);
        var acc = new SlaComplianceAccumulator();
        Assert.Equal("record", Assert.Throws<ArgumentException>(() => acc.Add(default)).ParamName);
        Assert.Equal(0, acc.Count);
    }

    // Issue 16.7: the outcomes before the bad one used to stay added.
    [Fact]
    public void AddRange_DefaultOutcomeInTheBatch_ThrowsNamingItsIndexAndAddsNothing()
    {
        var acc = new SlaComplianceAccumulator();
        acc.Add(new SlaOutcome(SlaMetric.FirstResponse, SlaPriority.Urgent, true));
        SlaOutcome[] batch = [new(SlaMetric.FirstResponse, SlaPriority.Urgent, true), new(SlaMetric.Resolution, SlaPriority.Low, false), default, new(SlaMetric.Resolution, SlaPriority.Low, true)];

        var error = Assert.Throws<ArgumentException>(() => acc.AddRange(batch));

        Assert.Equal("records[2]", error.ParamName);
        Assert.Contains("position 2", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, acc.Count);
        Assert.Equal([new SlaComplianceRow(SlaMetric.FirstResponse, SlaPriority.Urgent, 1, 0)], acc.Rows);
    }

    // Issue 16.4: reading folded a cache into the counts, so two threads reading at once could count it twice.
    [Fact]
    public void Reads_FromTwoThreadsAtOnce_ChangeNothing()
    {
        SlaComplianceAccumulator accumulator = Filled();
        var seen = new long[2];
        Concurrently.Run(
            trials: 300,
            setup: _ => accumulator = Filled(),
            step: (_, thread) => seen[thread] = accumulator.Rows.Sum(r => r.Met + r.Breached) + accumulator.Compliance(SlaMetric.Resolution).Denominator,
            check: _ =>
            {
                Assert.Equal(32, accumulator.Count);
                Assert.Equal(32 + 8, seen[0]);
                Assert.Equal(32 + 8, seen[1]);
            });
    }

    // Issue 16.4: merging folded the other accumulator's cache, so one shard merged into two totals at once could be counted twice.
    [Fact]
    public void Merge_OneShardIntoTwoTotalsAtOnce_CountsItOnceInEach()
    {
        SlaComplianceAccumulator shard = Filled();
        var totals = new SlaComplianceAccumulator[2];
        Concurrently.Run(
            trials: 300,
            setup: _ =>
            {
                shard = Filled();
                totals[0] = new SlaComplianceAccumulator();
                totals[1] = new SlaComplianceAccumulator();
            },
            step: (_, thread) => totals[thread].Merge(shard),
            check: _ =>
            {
                Assert.Equal(shard.Rows, totals[0].Rows);
                Assert.Equal(shard.Rows, totals[1].Rows);
                Assert.Equal(32, shard.Count);
            });
    }

    [Fact]
    public void Add_PriorityNamesDifferingInCase_AreOneKeyWhateverTheOrder()
    {
        var upperFirst = new SlaComplianceAccumulator();
        upperFirst.Add(new SlaOutcome(SlaMetric.FirstResponse, new SlaPriority("Vip"), true));
        upperFirst.Add(new SlaOutcome(SlaMetric.FirstResponse, new SlaPriority("vip"), false));
        var lowerFirst = new SlaComplianceAccumulator();
        lowerFirst.Add(new SlaOutcome(SlaMetric.FirstResponse, new SlaPriority("vip"), false));
        lowerFirst.Add(new SlaOutcome(SlaMetric.FirstResponse, new SlaPriority("Vip"), true));

        SlaComplianceRow row = Assert.Single(upperFirst.Rows);
        Assert.Equal((1L, 1L), (row.Met, row.Breached));
        Assert.Equal("Vip", row.Priority.Name); // ordinal "V" < "v"
        Assert.Equal("Vip", Assert.Single(lowerFirst.Rows).Priority.Name);
        Assert.Equal(new KpiRate(1, 2), upperFirst.Compliance(SlaMetric.FirstResponse, new SlaPriority("VIP")));
    }

    [Fact]
    public void Merge_Itself_DoublesEveryCount()
    {
        SlaComplianceAccumulator accumulator = Filled();
        var expected = accumulator.Rows.Select(r => new SlaComplianceRow(r.Metric, r.Priority, 2 * r.Met, 2 * r.Breached)).ToList();

        accumulator.Merge(accumulator);

        Assert.Equal(expected, accumulator.Rows);
        Assert.Equal(64, accumulator.Count);
    }

    [Fact]
    public void Merge_CountPastInt64MaxValue_ThrowsOverflowAndChangesNothing()
    {
        var accumulator = new SlaComplianceAccumulator();
        accumulator.Add(new SlaOutcome(SlaMetric.FirstResponse, SlaPriority.Normal, true));
        for (int i = 0; i < 62; i++)
        {
            accumulator.Merge(accumulator); // 2^62 outcomes
        }

        var rows = accumulator.Rows;
        Assert.Throws<OverflowException>(() => accumulator.Merge(accumulator));
        Assert.Equal(1L << 62, accumulator.Count);
        Assert.Equal(rows, accumulator.Rows);
    }

    [Fact]
    public void AddRange_CountPastInt64MaxValue_ThrowsOverflowAndAddsNothing()
    {
        // long.MaxValue = 2^0 + 2^1 + … + 2^62 outcomes, built by doubling.
        var full = new SlaComplianceAccumulator();
        var power = new SlaComplianceAccumulator();
        power.Add(new SlaOutcome(SlaMetric.FirstResponse, SlaPriority.Normal, true));
        for (int bit = 0; bit < 63; bit++)
        {
            full.Merge(power);
            if (bit < 62)
            {
                power.Merge(power);
            }
        }

        Assert.Equal(long.MaxValue, full.Count);
        Assert.Throws<OverflowException>(() => full.AddRange([new SlaOutcome(SlaMetric.Resolution, SlaPriority.Low, true)]));
        Assert.Throws<OverflowException>(() => full.Add(new SlaOutcome(SlaMetric.Resolution, SlaPriority.Low, true)));
        Assert.Equal(long.MaxValue, full.Count);
        Assert.Equal([new SlaComplianceRow(SlaMetric.FirstResponse, SlaPriority.Normal, long.MaxValue, 0)], full.Rows);
    }

    [Fact]
    public void Compliance_UndefinedMetricOrUnnamedPriority_ThrowsNamingTheParameter()
    {
        var accumulator = Filled();
        Assert.Equal("metric", Assert.Throws<ArgumentOutOfRangeException>(() => accumulator.Compliance((SlaMetric)(-1))).ParamName);
        Assert.Equal("priority", Assert.Throws<ArgumentException>(() => accumulator.BreachRate(SlaMetric.Resolution, default(SlaPriority))).ParamName);
        Assert.Equal("breached", Assert.Throws<ArgumentOutOfRangeException>(() => new SlaComplianceRow(SlaMetric.Resolution, SlaPriority.Low, long.MaxValue, 1)).ParamName);
    }

    [Property(Arbitrary = new[] { typeof(KpisArbitraries) })]
    public bool Rows_Meets_Specification(SlaOutcomeBatch batch)
    {
        var single = new SlaComplianceAccumulator();
        single.AddRange(batch.Outcomes);
        var left = new SlaComplianceAccumulator();
        left.AddRange(batch.Outcomes.AsSpan(0, batch.Split));
        var right = new SlaComplianceAccumulator();
        foreach (var outcome in batch.Outcomes.Skip(batch.Split))
        {
            right.Add(outcome);
        }

        right.Merge(left);

        // Independent reference: group with LINQ on (metric, upper-cased name).
        var expected = batch.Outcomes
            .GroupBy(o => (o.Metric, Name: o.Priority.Name.ToUpperInvariant()))
            .ToDictionary(g => g.Key, g => (Met: (long)g.Count(o => o.Met), Breached: (long)g.Count(o => !o.Met)));
        bool rowsMatch = single.Rows.Count == expected.Count
            && single.Rows.All(r => expected[(r.Metric, r.Priority.Name.ToUpperInvariant())] == (r.Met, r.Breached));
        return rowsMatch && right.Rows.SequenceEqual(single.Rows) && single.Count == batch.Outcomes.Length
            && single.OverallCompliance == new KpiRate(batch.Outcomes.Count(o => o.Met), batch.Outcomes.Length);
    }
}
