using CustomerService.Core.Kpis;
using CustomerService.Core.Sla;
using FsCheck;
using FsCheck.Fluent;
using NodaTime;

namespace CustomerService.Core.Tests.Kpis;

/// <summary>A batch of survey scores on a 0–10 scale, and a split point for sharding it.</summary>
public sealed record ScoreBatch(byte[] Scores, int Split)
{
    public override string ToString() => $"[{string.Join(",", Scores)}] split {Split}";
}

/// <summary>A batch of durations in nanoseconds (not negative), and a split point.</summary>
public sealed record DurationBatch(long[] Nanoseconds, int Split)
{
    public Duration[] Durations => Nanoseconds.Select(Duration.FromNanoseconds).ToArray();

    public override string ToString() => $"[{string.Join(",", Nanoseconds)}] split {Split}";
}

/// <summary>A batch of queued calls, and a split point.</summary>
public sealed record CallBatch(QueueCall[] Calls, int Split);

/// <summary>A batch of contact outcomes, and a split point.</summary>
public sealed record ContactBatch(ContactOutcome[] Contacts, int Split);

/// <summary>A batch of SLA outcomes over a few metrics and priorities (names that differ in case among them), and a split point.</summary>
public sealed record SlaOutcomeBatch(SlaOutcome[] Outcomes, int Split)
{
    public override string ToString() => $"[{string.Join(",", Outcomes.Select(o => $"{o.Metric}/{o.Priority}/{(o.Met ? "met" : "breached")}"))}] split {Split}";
}

/// <summary>Keyed NPS answers already grouped, then a batch that may hold answers outside 0–10.</summary>
public sealed record GroupedScores((int Key, int Score)[] Before, (int Key, int Score)[] Items)
{
    public override string ToString() => $"before [{string.Join(",", Before)}] items [{string.Join(",", Items)}]";
}

/// <summary>An Erlang load that a given number of agents can carry (agents &gt; load).</summary>
public sealed record StableLoad(double CallsPerHalfHour, int AhtSeconds, int Agents, int AnswerWithinSeconds);

/// <summary>Domain generators for the KPI properties.</summary>
public static class KpisArbitraries
{
    private static Gen<(T[] Items, int Split)> WithSplit<T>(Gen<T> item) =>
        from items in Gen.ArrayOf(item)
        from split in Gen.Choose(0, items.Length)
        select (items, split);

    public static Arbitrary<ScoreBatch> Scores() =>
        WithSplit(Gen.Choose(0, 10).Select(i => (byte)i)).Select(t => new ScoreBatch(t.Items, t.Split)).ToArbitrary();

    public static Arbitrary<DurationBatch> Durations() =>
        WithSplit(Gen.OneOf(
                Gen.Choose(0, 10).Select(i => (long)i),
                Gen.Choose(0, int.MaxValue).Select(i => (long)i * 1_000),
                Gen.Choose(0, int.MaxValue).Select(i => (long)i * 4_000_000_000L)))
            .Select(t => new DurationBatch(t.Items, t.Split)).ToArbitrary();

    public static Arbitrary<CallBatch> Calls() =>
        WithSplit(
                from seconds in Gen.Choose(0, 120)
                from abandoned in Gen.Elements(false, false, false, true)
                select new QueueCall(Duration.FromSeconds(seconds), abandoned ? QueueCallOutcome.Abandoned : QueueCallOutcome.Answered))
            .Select(t => new CallBatch(t.Items, t.Split)).ToArbitrary();

    public static Arbitrary<ContactBatch> Contacts() =>
        WithSplit(
                from resolved in Gen.Elements(true, false)
                from transferred in Gen.Elements(true, false, false, false)
                from gapHours in Gen.Choose(-1, 400)
                select new ContactOutcome(resolved, transferred, gapHours < 0 ? null : Duration.FromHours(gapHours)))
            .Select(t => new ContactBatch(t.Items, t.Split)).ToArbitrary();

    public static Arbitrary<SlaOutcomeBatch> SlaOutcomes()
    {
        // Twelve spellings of nine priorities: the accumulator switches to a dictionary above eight, and "vip" / "VIP" / "Vip" are one priority.
        SlaPriority[] priorities =
        [
            SlaPriority.Urgent, SlaPriority.High, SlaPriority.Normal, SlaPriority.Low, new("vip"), new("VIP"), new("Vip"),
            new("P1"), new("p1"), new("gold"), new("silver"), new("bronze"),
        ];
        return WithSplit(
                from metric in Gen.Elements(Enum.GetValues<SlaMetric>())
                from priority in Gen.Elements(priorities)
                from met in Gen.Elements(true, true, false)
                select new SlaOutcome(metric, priority, met))
            .Select(t => new SlaOutcomeBatch(t.Items, t.Split)).ToArbitrary();
    }

    public static Arbitrary<GroupedScores> GroupedScores()
    {
        var valid = from key in Gen.Choose(0, 5) from score in Gen.Choose(0, 10) select (key, score);
        var any = from key in Gen.Choose(0, 7) from score in Gen.Frequency((20, Gen.Choose(0, 10)), (1, Gen.Elements(-1, 11, int.MinValue, int.MaxValue))) select (key, score);
        return (from before in Gen.ArrayOf(valid) from items in Gen.ArrayOf(any) select new GroupedScores(before, items)).ToArbitrary();
    }

    /// <summary>Calls into the KPI public API with extreme arguments (see <see cref="KpiExtremes"/>).</summary>
    public static Arbitrary<KpiCall> ExtremeCalls() => KpiExtremes.Calls.ToArbitrary();

    public static Arbitrary<StableLoad> Loads() =>
        (from calls in Gen.Choose(1, 400)
         from aht in Gen.Choose(30, 600)
         from extra in Gen.Choose(1, 10)
         from within in Gen.Choose(0, 60)
         let load = calls * aht / 1800.0
         select new StableLoad(calls, aht, (int)Math.Floor(load) + extra, within)).ToArbitrary();
}
