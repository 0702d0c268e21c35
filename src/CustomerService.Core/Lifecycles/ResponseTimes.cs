using CustomerService.Core.Sla;
using NodaTime;

namespace CustomerService.Core.Lifecycles;

/// <summary>Records the first-response and resolution histograms from the SLA clocks a transition met.</summary>
internal static class ResponseTimes
{
    /// <summary>Records every first-response or resolution clock that <paramref name="after"/> has met and <paramref name="before"/> had not, when the histogram has listeners.</summary>
    public static void RecordMetClocks(CustomerServiceMetrics metrics, string lifecycle, SlaClockSet? before, SlaClockSet? after, SlaCatalog catalog, Instant at)
    {
        if (after is null || !catalog.TryGetPolicy(after, out var policy))
        {
            return;
        }

        var clocks = after.Clocks;
        for (var i = 0; i < clocks.Count; i++)
        {
            // Indexed, not foreach: every save comes here, and the list's enumerator would be an allocation.
            var record = clocks[i];
            var isResolution = record.Metric is SlaMetric.Resolution or SlaMetric.FinalResponse;
            if (!(isResolution || record.Metric is SlaMetric.FirstResponse or SlaMetric.Acknowledgement)
                || !metrics.RecordsResponseTimes(isResolution) || !record.IsMetInCycle || WasMet(before, record))
            {
                // Not a response metric, nobody listens to its histogram (then the clock is not rebuilt, a replay and a
                // calendar call, for nothing), or not newly met.
                continue;
            }

            try
            {
                var clock = record.CreateClock(policy, new SlaPriority(after.Priority));
                metrics.ResponseTime(isResolution, lifecycle, after.Priority, clock.Basis.ToString(), clock.Evaluate(at).Elapsed);
            }
            catch (Exception e) when (e is ArgumentException or InvalidSlaEventException)
            {
                // The policy changed under the stored clock: telemetry never fails a committed transition.
            }
        }
    }

    private static bool WasMet(SlaClockSet? before, SlaClockRecord record)
    {
        if (before is null)
        {
            return false;
        }

        var clocks = before.Clocks;
        for (var i = 0; i < clocks.Count; i++)
        {
            var earlier = clocks[i];
            if (earlier.ClockId == record.ClockId && earlier.Metric == record.Metric && earlier.Events.Count == record.Events.Count)
            {
                return earlier.IsMetInCycle;
            }
        }

        return false;
    }
}
