using CustomerService.Core.Kpis;
using NodaTime;

namespace CustomerService.Core.Tests.Kpis;

/// <summary>Every batch method of the KPI accumulators is all-or-nothing (issue 16.7): a rejected batch — a bad record,
/// or a count that would pass Int64.MaxValue — throws, names the position, and leaves the accumulator as it was.</summary>
public sealed class KpiBatchTests
{
    private static readonly Instant March = Instant.FromUtc(2026, 3, 1, 0, 0);

    // An accumulator holding `count` copies of one record, built by doubling (2^0 + … + 2^62 for Int64.MaxValue).
    private static T Times<TRecord, T>(Func<T> empty, TRecord record, long count)
        where T : IKpiAccumulator<TRecord, T>
    {
        T power = empty();
        power.Add(record);
        T total = empty();
        for (int bit = 0; bit < 63 && (count >> bit) != 0; bit++)
        {
            if (((count >> bit) & 1) != 0)
            {
                total.Merge(in power);
            }

            if ((count >> (bit + 1)) != 0)
            {
                power.Merge(in power);
            }
        }

        return total;
    }

    // Runs a batch that must be rejected with TException and checks that the accumulator did not change.
    private static TException Rejected<TException, T>(ref T accumulator, Action<Ref<T>> batch)
        where TException : Exception
        where T : struct
    {
        var holder = new Ref<T>(accumulator);
        T before = accumulator;
        var error = Assert.Throws<TException>(() => batch(holder));
        Assert.Equal(before, holder.Value); // every field, compared by ValueType.Equals
        accumulator = holder.Value;
        return error;
    }

    [Fact]
    public void CsatAddRange_BytesAndInts_RejectABadScoreWhole()
    {
        var csat = new CsatAccumulator(CsatScale.Default);
        csat.Add(5);
        Assert.Equal("scores[3]", Rejected<ArgumentOutOfRangeException, CsatAccumulator>(ref csat, a => a.Value.AddRange(new byte[] { 1, 2, 5, 0 })).ParamName);
        Assert.Equal("scores[1]", Rejected<ArgumentOutOfRangeException, CsatAccumulator>(ref csat, a => a.Value.AddRange(new[] { 4, -4, 4 })).ParamName);
        var full = Times(() => new CsatAccumulator(CsatScale.Default), 1, long.MaxValue);
        Rejected<OverflowException, CsatAccumulator>(ref full, a => a.Value.AddRange(new byte[] { 1 }));
        Rejected<OverflowException, CsatAccumulator>(ref full, a => a.Value.AddRange(new[] { 1 }));
    }

    [Fact]
    public void NpsAddRange_BytesAndInts_RejectABadAnswerWhole()
    {
        var nps = default(NpsAccumulator);
        nps.Add(9);
        Assert.Equal("scores[2]", Rejected<ArgumentOutOfRangeException, NpsAccumulator>(ref nps, a => a.Value.AddRange(new byte[] { 10, 0, 11 })).ParamName);
        Assert.Equal("scores[0]", Rejected<ArgumentOutOfRangeException, NpsAccumulator>(ref nps, a => a.Value.AddRange(new[] { int.MinValue })).ParamName);
        var full = Times(() => default(NpsAccumulator), 7, long.MaxValue);
        Rejected<OverflowException, NpsAccumulator>(ref full, a => a.Value.AddRange(new byte[] { 9 }));
        Rejected<OverflowException, NpsAccumulator>(ref full, a => a.Value.AddRange(new[] { 0 }));
    }

    [Fact]
    public void CesAddRange_RejectsABadAnswerWhole()
    {
        var ces = default(CesAccumulator);
        ces.Add(7);
        Assert.Equal("scores[1]", Rejected<ArgumentOutOfRangeException, CesAccumulator>(ref ces, a => a.Value.AddRange(new byte[] { 7, 8 })).ParamName);
        var full = Times(() => default(CesAccumulator), 1, long.MaxValue);
        Rejected<OverflowException, CesAccumulator>(ref full, a => a.Value.AddRange(new byte[] { 1 }));
    }

    [Fact]
    public void FcrAddRange_CountPastInt64MaxValue_AddsNothing()
    {
        var full = Times(() => new FcrAccumulator(Duration.FromDays(7)), new ContactOutcome(true, false, null), long.MaxValue);
        Rejected<OverflowException, FcrAccumulator>(ref full, a => a.Value.AddRange([new ContactOutcome(true, false, Duration.FromDays(1))]));
        Rejected<OverflowException, FcrAccumulator>(ref full, a => a.Value.Add(default));
    }

    [Fact]
    public void QueueAddRange_CountPastInt64MaxValue_AddsNothing()
    {
        var full = Times(() => new QueueAccumulator(Duration.FromSeconds(20), Duration.FromSeconds(5)), new QueueCall(Duration.FromSeconds(3), QueueCallOutcome.Abandoned), long.MaxValue);
        Rejected<OverflowException, QueueAccumulator>(ref full, a => a.Value.AddRange([new QueueCall(Duration.FromSeconds(1), QueueCallOutcome.Answered)]));
        Assert.Equal(long.MaxValue, full.ShortAbandoned);
    }

    [Fact]
    public void AhtAddRange_CountPastInt64MaxValue_AddsNothing()
    {
        var full = Times(() => default(AhtAccumulator), new HandledContact(Duration.FromSeconds(1), Duration.Zero, Duration.Zero), long.MaxValue);
        Rejected<OverflowException, AhtAccumulator>(ref full, a => a.Value.AddRange([default]));
        Assert.Equal(Duration.FromSeconds(1), full.AverageHandleTime);
    }

    [Fact]
    public void ResolutionAddRange_CountPastInt64MaxValue_AddsNothing()
    {
        var full = Times(() => new ResolutionAccumulator(new Interval(March, null)), new TicketOutcome(March, null, 0), long.MaxValue);
        Rejected<OverflowException, ResolutionAccumulator>(ref full, a => a.Value.AddRange([new TicketOutcome(March, March, 0)]));
        Assert.Equal(0, full.ResolvedInPeriod);
    }

    [Fact]
    public void CallbackAddRange_CountPastInt64MaxValue_AddsNothing()
    {
        var full = Times(() => default(CallbackAccumulator), new RequestedCallback(false, false), long.MaxValue);
        Rejected<OverflowException, CallbackAccumulator>(ref full, a => a.Value.AddRange([new RequestedCallback(true, true)]));
        Assert.Equal(0, full.Reached);
    }

    [Fact]
    public void OccupancyAddRange_TotalPastDurationMaxValue_AddsNothing()
    {
        var day = new AgentTime(Duration.FromHours(6), Duration.FromHours(1), Duration.FromHours(8));
        var occupancy = default(OccupancyAccumulator);
        occupancy.Add(day);
        var longest = Duration.FromNanoseconds(long.MaxValue);
        AgentTime[] batch = [day, .. Enumerable.Repeat(new AgentTime(longest, longest, longest), 200)];
        Rejected<OverflowException, OccupancyAccumulator>(ref occupancy, a => a.Value.AddRange(batch));
        Assert.Equal(new TimeRatio(Duration.FromHours(6), Duration.FromHours(7)), occupancy.Occupancy);
    }

    [Fact]
    public void DurationAccumulatorAndSketchAddRange_RejectABadDurationWhole()
    {
        var exact = new DurationAccumulator();
        var sketch = new DurationSketch();
        exact.Add(Duration.FromSeconds(1));
        sketch.Add(Duration.FromSeconds(1));
        Duration[] batch = [Duration.FromSeconds(2), Duration.FromSeconds(3), Duration.FromNanoseconds(long.MaxValue) + Duration.Epsilon];

        Assert.Equal("records[2]", Assert.Throws<ArgumentOutOfRangeException>(() => exact.AddRange(batch)).ParamName);
        Assert.Equal("records[2]", Assert.Throws<ArgumentOutOfRangeException>(() => sketch.AddRange(batch)).ParamName);
        Assert.Equal((1L, Duration.FromSeconds(1)), (exact.Count, exact.Total));
        Assert.Equal(1, sketch.Count);
        Assert.InRange(sketch.Percentile(100, PercentileMethod.NearestRank).Value!.Value, Duration.FromMilliseconds(990), Duration.FromMilliseconds(1010)); // within 1 %
    }

    // Checking a batch first must not cost an allocation per record (an eagerly formatted "records[i]" did: 64 B each).
    [Fact]
    public void AddRange_ValidBatches_AllocateNothingPerRecord()
    {
        Duration[] durations = Enumerable.Range(0, 100_000).Select(i => Duration.FromMilliseconds(i)).ToArray();
        (int Key, int Score)[] items = Enumerable.Range(0, 100_000).Select(i => (i % 3, i % 11)).ToArray();
        var sketch = new DurationSketch();
        var groups = new KpiGroups<int, int, NpsAccumulator>(() => default);
        sketch.AddRange(durations); // warm up
        groups.AddRange<(int Key, int Score)>(items, i => i.Key, i => i.Score);

        long before = GC.GetAllocatedBytesForCurrentThread();
        sketch.AddRange(durations);
        long sketchBytes = GC.GetAllocatedBytesForCurrentThread() - before;
        before = GC.GetAllocatedBytesForCurrentThread();
        groups.AddRange<(int Key, int Score)>(items, i => i.Key, i => i.Score);
        long groupBytes = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(sketchBytes < 1_000, $"DurationSketch.AddRange of 100,000 records allocated {sketchBytes} B.");
        Assert.True(groupBytes < 10_000, $"KpiGroups.AddRange of 100,000 items in 3 groups allocated {groupBytes} B.");
        Assert.Equal(200_000, sketch.Count);
        Assert.Equal(200_000, groups.Groups.Values.Sum(n => n.Count));
    }

    /// <summary>A box for a struct accumulator, so that a lambda can call its mutating methods.</summary>
    private sealed class Ref<T>(T value)
        where T : struct
    {
        public T Value = value;
    }
}
