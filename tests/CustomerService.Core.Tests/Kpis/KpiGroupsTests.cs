using CustomerService.Core.Kpis;
using FsCheck.Xunit;
using NodaTime;

namespace CustomerService.Core.Tests.Kpis;

public sealed class KpiGroupsTests
{
    private sealed record Survey(string Agent, Instant At, int Score);

    private static readonly DateTimeZone Shanghai = DateTimeZoneProviders.Tzdb["Asia/Shanghai"];

    [Fact]
    public void AddRange_ByLocalDay_UsesTheHostZone()
    {
        Survey[] surveys =
        [
            new("a", Instant.FromUtc(2026, 3, 1, 15, 30), 5), // 23:30 on 1 March in Shanghai
            new("a", Instant.FromUtc(2026, 3, 1, 16, 30), 1), // 00:30 on 2 March in Shanghai
            new("b", Instant.FromUtc(2026, 3, 2, 1, 0), 4),
        ];
        var byDay = new KpiGroups<LocalDate, int, CsatAccumulator>(() => new CsatAccumulator(CsatScale.Default));
        byDay.AddRange<Survey>(surveys, s => KpiGroupKeys.LocalDay(s.At, Shanghai), s => s.Score);

        Assert.Equal(2, byDay.Count);
        Assert.Equal(new KpiRate(1, 1), byDay.Groups[new LocalDate(2026, 3, 1)].SatisfiedRate);
        Assert.Equal(new KpiRate(1, 2), byDay.Groups[new LocalDate(2026, 3, 2)].SatisfiedRate);
    }

    [Fact]
    public void Merge_ShardsByAgent_EqualsOnePass()
    {
        var random = new Random(3);
        var surveys = Enumerable.Range(0, 500).Select(i => new Survey($"agent-{random.Next(7)}", Instant.FromUnixTimeSeconds(i), random.Next(1, 6))).ToArray();
        var single = new KpiGroups<string, int, CsatAccumulator>(() => default);
        single.AddRange<Survey>(surveys, s => s.Agent, s => s.Score);
        var left = new KpiGroups<string, int, CsatAccumulator>(() => default);
        left.AddRange<Survey>(surveys.AsSpan(0, 200), s => s.Agent, s => s.Score);
        var right = new KpiGroups<string, int, CsatAccumulator>(() => default);
        foreach (var s in surveys.Skip(200))
        {
            right.Add(s.Agent, s.Score);
        }

        left.Merge(right);
        Assert.Equal(single.Count, left.Count);
        foreach (var (agent, acc) in single.Groups)
        {
            Assert.Equal(acc.SatisfiedRate, left.Groups[agent].SatisfiedRate);
            Assert.Equal(acc.ScoreSum, left.Groups[agent].ScoreSum);
        }
    }

    [Fact]
    public void Add_ClassAccumulator_KeepsOneInstancePerGroup()
    {
        var groups = new KpiGroups<string, Duration, DurationAccumulator>(() => new DurationAccumulator());
        groups.Add("chat", Duration.FromSeconds(10));
        groups.Add("chat", Duration.FromSeconds(30));
        groups.Add("phone", Duration.FromSeconds(5));
        Assert.Equal(Duration.FromSeconds(20), groups.Groups["chat"].Mean);
        Assert.Equal(1, groups.Groups["phone"].Count);
    }

    [Fact]
    public void Add_RejectedRecord_LeavesTheGroupUnchanged()
    {
        var groups = new KpiGroups<string, int, NpsAccumulator>(() => default);
        groups.Add("a", 9);
        Assert.Throws<ArgumentOutOfRangeException>(() => groups.Add("a", 12));
        Assert.Equal(1, groups.Groups["a"].Count);
        Assert.Throws<ArgumentNullException>(() => new KpiGroups<string, int, NpsAccumulator>(null!));
    }

    // Issue 16.7: the items before a rejected one stayed added, and docs/kpis.md promises a rejected batch changes nothing.
    [Fact]
    public void AddRange_RejectedRecord_ThrowsNamingTheItemAndAddsNothing()
    {
        var byAgent = new KpiGroups<string, int, CsatAccumulator>(() => new CsatAccumulator(CsatScale.Default));
        byAgent.Add("a", 5);
        Survey[] surveys = [new("a", Instant.FromUnixTimeSeconds(1), 4), new("b", Instant.FromUnixTimeSeconds(2), 5), new("a", Instant.FromUnixTimeSeconds(3), 1), new("c", Instant.FromUnixTimeSeconds(4), 9)];

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => byAgent.AddRange<Survey>(surveys, s => s.Agent, s => s.Score));

        Assert.Equal("source[3]", error.ParamName);
        Assert.Contains("position 3", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, byAgent.Count);
        Assert.Equal(new KpiRate(1, 1), byAgent.Groups["a"].SatisfiedRate);
    }

    [Fact]
    public void AddRange_NullKey_ThrowsNamingTheItemAndAddsNothing()
    {
        var byAgent = new KpiGroups<string, int, NpsAccumulator>(() => default);
        Survey[] surveys = [new("a", Instant.FromUnixTimeSeconds(1), 4), new(null!, Instant.FromUnixTimeSeconds(2), 5)];

        var error = Assert.Throws<ArgumentException>(() => byAgent.AddRange<Survey>(surveys, s => s.Agent, s => s.Score));

        Assert.Equal("source[1]", error.ParamName);
        Assert.Equal(0, byAgent.Count);
        Assert.Equal("key", Assert.Throws<ArgumentNullException>(() => byAgent.Add(null!, 3)).ParamName);
    }

    [Fact]
    public void AddRange_ClassAccumulatorRejectsARecord_AddsNothing()
    {
        var byChannel = new KpiGroups<string, Duration, DurationAccumulator>(() => new DurationAccumulator());
        byChannel.Add("chat", Duration.FromSeconds(10));
        (string Channel, Duration Wait)[] waits = [("chat", Duration.FromSeconds(20)), ("phone", Duration.FromSeconds(5)), ("phone", Duration.FromSeconds(-1))];

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => byChannel.AddRange<(string Channel, Duration Wait)>(waits, w => w.Channel, w => w.Wait));

        Assert.Equal("source[2]", error.ParamName);
        Assert.Equal(1, byChannel.Count);
        Assert.Equal(1, byChannel.Groups["chat"].Count);
    }

    [Fact]
    public void AddRange_CustomAccumulatorRejectsARecord_NamesTheItemAndAddsNothing()
    {
        var groups = new KpiGroups<string, int, EvenCounter>(() => default);
        groups.Add("x", 2);

        var error = Assert.Throws<ArgumentException>(() => groups.AddRange<int>(new[] { 4, 6, 7 }, _ => "x", i => i));

        Assert.Equal("source[2]", error.ParamName);
        Assert.Contains("position 2", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, groups.Groups["x"].Count);
    }

    // A new key used to get an empty group before its accumulator rejected the record.
    [Fact]
    public void Add_RejectedRecordForANewKey_CreatesNoGroup()
    {
        var groups = new KpiGroups<string, int, NpsAccumulator>(() => default);
        Assert.Throws<ArgumentOutOfRangeException>(() => groups.Add("new", 11));
        Assert.Equal(0, groups.Count);
        Assert.Throws<InvalidOperationException>(() => new KpiGroups<string, Duration, DurationAccumulator>(() => null!).Add("x", Duration.Zero));
    }

    // A new key used to get an empty group before the merge of a different-settings accumulator failed.
    [Fact]
    public void Merge_DifferentSettings_ThrowsAndChangesNothing()
    {
        var fivePoint = new KpiGroups<string, int, CsatAccumulator>(() => new CsatAccumulator(CsatScale.Default));
        fivePoint.Add("a", 4);
        var tenPoint = new KpiGroups<string, int, CsatAccumulator>(() => new CsatAccumulator(new CsatScale(0, 10, 9)));
        tenPoint.Add("c", 10);

        Assert.Equal("other", Assert.Throws<ArgumentException>(() => fivePoint.Merge(tenPoint)).ParamName);
        Assert.Equal(["a"], fivePoint.Groups.Keys);
        Assert.Equal(1, fivePoint.Groups["a"].Count);
    }

    // One group's count passing Int64.MaxValue used to leave the groups merged before it merged.
    [Fact]
    public void Merge_OneGroupOverflows_ChangesNoGroup()
    {
        var big = new KpiGroups<string, int, CsatAccumulator>(() => default);
        big.Add("big", 1);
        for (int i = 0; i < 62; i++)
        {
            big.Merge(big); // 2^62 responses
        }

        var groups = new KpiGroups<string, int, CsatAccumulator>(() => default);
        groups.Add("small", 4);
        groups.Merge(big);

        Assert.Throws<OverflowException>(() => groups.Merge(groups));
        Assert.Equal(1, groups.Groups["small"].Count);
        Assert.Equal(1L << 62, groups.Groups["big"].Count);
    }

    [Fact]
    public void Merge_Itself_DoublesEveryGroup()
    {
        var groups = new KpiGroups<string, Duration, DurationAccumulator>(() => new DurationAccumulator());
        groups.Add("chat", Duration.FromSeconds(10));
        groups.Add("phone", Duration.FromSeconds(5));

        groups.Merge(groups);

        Assert.Equal(2, groups.Groups["chat"].Count);
        Assert.Equal(Duration.FromSeconds(10), groups.Groups["phone"].Total);
    }

    // Issue 24.7: the local day of an instant at the end of the range failed inside NodaTime ('daysSinceEpoch').
    [Theory]
    [InlineData("America/New_York", true)]
    [InlineData("Asia/Shanghai", false)]
    public void LocalDay_InstantsAtTheEndsOfTheRange_ThrowNamingTheInstantOrAnswer(string zoneId, bool westOfUtc)
    {
        var zone = DateTimeZoneProviders.Tzdb[zoneId];
        Instant early = Instant.MinValue;
        Instant late = Instant.MaxValue;

        Assert.Equal("instant", Assert.Throws<ArgumentOutOfRangeException>(() => KpiGroupKeys.LocalDay(westOfUtc ? early : late, zone)).ParamName);
        LocalDate day = KpiGroupKeys.LocalDay(westOfUtc ? late : early, zone);
        Assert.Equal(westOfUtc ? new LocalDate(9999, 12, 31) : new LocalDate(-9998, 1, 1), day);
    }

    [Property(Arbitrary = new[] { typeof(KpisArbitraries) })]
    public bool AddRange_Meets_Specification(GroupedScores batch)
    {
        var groups = new KpiGroups<int, int, NpsAccumulator>(() => default);
        groups.AddRange<(int Key, int Score)>(batch.Before, i => i.Key, i => i.Score);
        var before = groups.Groups.ToDictionary(p => p.Key, p => (p.Value.Promoters, p.Value.Passives, p.Value.Detractors));
        int firstBad = Array.FindIndex(batch.Items, i => i.Score is < 0 or > 10);
        try
        {
            groups.AddRange<(int Key, int Score)>(batch.Items, i => i.Key, i => i.Score);
        }
        catch (ArgumentOutOfRangeException ex)
        {
            var after = groups.Groups.ToDictionary(p => p.Key, p => (p.Value.Promoters, p.Value.Passives, p.Value.Detractors));
            return firstBad >= 0 && ex.ParamName == $"source[{firstBad}]" && after.Count == before.Count && after.All(p => before[p.Key] == p.Value);
        }

        // Independent reference: count by key with LINQ.
        var expected = batch.Before.Concat(batch.Items).GroupBy(i => i.Key)
            .ToDictionary(g => g.Key, g => ((long)g.Count(i => i.Score >= 9), (long)g.Count(i => i.Score is 7 or 8), (long)g.Count(i => i.Score <= 6)));
        return firstBad < 0 && groups.Count == expected.Count
            && groups.Groups.All(p => expected[p.Key] == (p.Value.Promoters, p.Value.Passives, p.Value.Detractors));
    }

    // Issue 16.4: one shard merged into two totals at once must count once in each, and leave the shard as it was.
    [Fact]
    public void Merge_OneShardIntoTwoTotalsAtOnce_CountsItOnceInEach()
    {
        var shard = new KpiGroups<string, Duration, DurationAccumulator>(() => new DurationAccumulator());
        for (int i = 0; i < 200; i++)
        {
            shard.Add($"agent-{i % 7}", Duration.FromSeconds(i));
        }

        var totals = new KpiGroups<string, Duration, DurationAccumulator>[2];
        Concurrently.Run(
            trials: 100,
            setup: _ => (totals[0], totals[1]) = (new(() => new DurationAccumulator()), new(() => new DurationAccumulator())),
            step: (_, thread) => totals[thread].Merge(shard),
            check: _ =>
            {
                foreach (var total in totals)
                {
                    Assert.Equal(shard.Groups.Keys.Order(), total.Groups.Keys.Order());
                    Assert.All(shard.Groups, p => Assert.Equal((p.Value.Count, p.Value.Total), (total.Groups[p.Key].Count, total.Groups[p.Key].Total)));
                    Assert.All(total.Groups, p => Assert.NotSame(shard.Groups[p.Key], p.Value));
                }

                Assert.Equal(200, shard.Groups.Values.Sum(a => a.Count));
            });
    }

    /// <summary>A custom accumulator, as a host might write one: it counts even numbers and rejects odd ones.</summary>
    private struct EvenCounter : IKpiAccumulator<int, EvenCounter>
    {
        public long Count { get; private set; }

        public void Add(int record)
        {
            if (record % 2 != 0)
            {
                throw new ArgumentException($"{record} is odd.", nameof(record));
            }

            Count++;
        }

        public void Merge(in EvenCounter other) => Count += other.Count;
    }
}
