using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using CustomerService.Core.Sla;

namespace CustomerService.Core.Lifecycles;

/// <summary>The package's instruments; one instance per meter (per service provider, or one shared without DI).</summary>
internal sealed class CustomerServiceMetrics
{
    private static readonly Meter SharedMeter = new(CustomerServiceTelemetry.MeterName, typeof(CustomerServiceMetrics).Assembly.GetName().Version?.ToString());
    private readonly Counter<long> _transitions;
    private readonly Counter<long> _rejections;
    private readonly Counter<long> _conflicts;
    private readonly Counter<long> _slaWarnings;
    private readonly Counter<long> _slaBreaches;

    public CustomerServiceMetrics(IMeterFactory? meterFactory)
    {
        var meter = meterFactory?.Create(new MeterOptions(CustomerServiceTelemetry.MeterName) { Version = SharedMeter.Version }) ?? SharedMeter;
        _transitions = meter.CreateCounter<long>(CustomerServiceTelemetry.TransitionsInstrument, "{transition}", "Lifecycle transitions committed to a store.");
        _rejections = meter.CreateCounter<long>(CustomerServiceTelemetry.RejectionsInstrument, "{rejection}", "Lifecycle triggers refused as not permitted.");
        _conflicts = meter.CreateCounter<long>(CustomerServiceTelemetry.ConflictsInstrument, "{conflict}", "Saves refused because the stored version had changed.");
        _slaWarnings = meter.CreateCounter<long>(CustomerServiceTelemetry.SlaWarningsInstrument, "{warning}", "SLA warning thresholds crossed, counted when a service first observes them.");
        _slaBreaches = meter.CreateCounter<long>(CustomerServiceTelemetry.SlaBreachesInstrument, "{breach}", "SLA targets breached, counted when a service first observes them.");
    }

    public static CustomerServiceMetrics Shared { get; } = new(null);

    public void Transition<TState, TTrigger>(string lifecycle, TState from, TState to, TTrigger trigger)
        where TState : struct, Enum
        where TTrigger : struct, Enum
    {
        if (!_transitions.Enabled)
        {
            return;
        }

        var tags = new TagList
        {
            { CustomerServiceTelemetry.LifecycleTag, lifecycle },
            { CustomerServiceTelemetry.FromStateTag, Name(from) },
            { CustomerServiceTelemetry.ToStateTag, Name(to) },
            { CustomerServiceTelemetry.TriggerTag, Name(trigger) },
        };
        _transitions.Add(1, tags);
    }

    public void Rejection(InvalidTransitionException error)
    {
        if (_rejections.Enabled)
        {
            _rejections.Add(
                1,
                new KeyValuePair<string, object?>(CustomerServiceTelemetry.LifecycleTag, error.Lifecycle),
                new KeyValuePair<string, object?>(CustomerServiceTelemetry.StateTag, error.State.ToString()),
                new KeyValuePair<string, object?>(CustomerServiceTelemetry.TriggerTag, error.Trigger.ToString()));
        }
    }

    public void Conflict(string lifecycle)
    {
        if (_conflicts.Enabled)
        {
            _conflicts.Add(1, new KeyValuePair<string, object?>(CustomerServiceTelemetry.LifecycleTag, lifecycle));
        }
    }

    public void SlaCrossings(IReadOnlyList<SlaCrossing> crossings)
    {
        for (var i = 0; i < crossings.Count; i++)
        {
            var crossing = crossings[i];
            var counter = crossing.IsBreach ? _slaBreaches : _slaWarnings;
            if (counter.Enabled)
            {
                counter.Add(
                    1,
                    new KeyValuePair<string, object?>(CustomerServiceTelemetry.SlaMetricTag, Name(crossing.Metric)),
                    new KeyValuePair<string, object?>(CustomerServiceTelemetry.SlaPriorityTag, crossing.Priority));
            }
        }
    }

    // Enum names are cached so that recording a transition allocates nothing for its tag values.
    private static string Name<TEnum>(TEnum value)
        where TEnum : struct, Enum => EnumNames<TEnum>.Names.GetOrAdd(value, static v => v.ToString());

    private static class EnumNames<TEnum>
        where TEnum : struct, Enum
    {
        public static readonly ConcurrentDictionary<TEnum, string> Names = new();
    }
}
