using CustomerService.Core.Kpis;
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
}
