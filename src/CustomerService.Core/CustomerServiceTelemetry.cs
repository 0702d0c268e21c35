using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace CustomerService.Core;

/// <summary>The names of the meter, instruments and tags the package reports through <see cref="System.Diagnostics.Metrics"/>.</summary>
/// <remarks>Tag values are enumeration names (lifecycles, states, triggers): low cardinality, never identifiers or personal data. See <c>docs/telemetry.md</c>.</remarks>
/// <threadsafety>This type holds constants only.</threadsafety>
public static class CustomerServiceTelemetry
{
    /// <summary>The meter's name: <c>CustomerService.Core</c>.</summary>
    public const string MeterName = "CustomerService.Core";

    /// <summary>The counter of committed lifecycle transitions: <c>customer_service.lifecycle.transitions</c>.</summary>
    public const string TransitionsInstrument = "customer_service.lifecycle.transitions";

    /// <summary>The counter of refused lifecycle triggers: <c>customer_service.lifecycle.rejections</c>.</summary>
    public const string RejectionsInstrument = "customer_service.lifecycle.rejections";

    /// <summary>The counter of saves refused for a stale version: <c>customer_service.storage.conflicts</c>.</summary>
    public const string ConflictsInstrument = "customer_service.storage.conflicts";

    /// <summary>The counter of SLA warning thresholds crossed: <c>customer_service.sla.warnings</c>.</summary>
    public const string SlaWarningsInstrument = "customer_service.sla.warnings";

    /// <summary>The counter of SLA breaches: <c>customer_service.sla.breaches</c>.</summary>
    public const string SlaBreachesInstrument = "customer_service.sla.breaches";

    /// <summary>The tag naming the SLA metric (for example <c>FirstResponse</c>).</summary>
    public const string SlaMetricTag = "customer_service.sla.metric";

    /// <summary>The tag naming the SLA priority (for example <c>Urgent</c>).</summary>
    public const string SlaPriorityTag = "customer_service.sla.priority";

    /// <summary>The tag naming the lifecycle: <c>Ticket</c>, <c>Complaint</c> or <c>Callback</c>.</summary>
    public const string LifecycleTag = "customer_service.lifecycle";

    /// <summary>The tag naming the state before a transition.</summary>
    public const string FromStateTag = "customer_service.from_state";

    /// <summary>The tag naming the state after a transition.</summary>
    public const string ToStateTag = "customer_service.to_state";

    /// <summary>The tag naming the trigger.</summary>
    public const string TriggerTag = "customer_service.trigger";

    /// <summary>The tag naming the state a trigger was refused in.</summary>
    public const string StateTag = "customer_service.state";
}

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
