using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace CustomerService.Core;

/// <summary>The package's instruments; one instance per meter (per service provider, or one shared without DI).</summary>
internal sealed class CustomerServiceMetrics
{
    private static readonly Meter SharedMeter = new(CustomerServiceTelemetry.MeterName, typeof(CustomerServiceMetrics).Assembly.GetName().Version?.ToString());
    private readonly Counter<long> _transitions;
    private readonly Counter<long> _rejections;
    private readonly Counter<long> _conflicts;
    private readonly Counter<long> _slaWarnings;
    private readonly Counter<long> _slaBreaches;
    private readonly Counter<long> _dueProcessed;
    private readonly Counter<long> _dueFailures;
    private readonly Counter<long> _outboxDelivered;
    private readonly Counter<long> _outboxFailures;
    private readonly Counter<long> _leasesLost;

    public CustomerServiceMetrics(IMeterFactory? meterFactory)
    {
        var meter = meterFactory?.Create(new MeterOptions(CustomerServiceTelemetry.MeterName) { Version = SharedMeter.Version }) ?? SharedMeter;
        _transitions = meter.CreateCounter<long>(CustomerServiceTelemetry.TransitionsInstrument, "{transition}", "Lifecycle transitions committed to a store.");
        _rejections = meter.CreateCounter<long>(CustomerServiceTelemetry.RejectionsInstrument, "{rejection}", "Lifecycle triggers refused as not permitted.");
        _conflicts = meter.CreateCounter<long>(CustomerServiceTelemetry.ConflictsInstrument, "{conflict}", "Saves refused because the stored version had changed.");
        _slaWarnings = meter.CreateCounter<long>(CustomerServiceTelemetry.SlaWarningsInstrument, "{warning}", "SLA warning thresholds crossed, counted when a service first observes them.");
        _slaBreaches = meter.CreateCounter<long>(CustomerServiceTelemetry.SlaBreachesInstrument, "{breach}", "SLA targets breached, counted when a service first observes them.");
        _dueProcessed = meter.CreateCounter<long>(CustomerServiceTelemetry.DueWorkProcessedInstrument, "{entity}", "Entities whose due work was processed.");
        _dueFailures = meter.CreateCounter<long>(CustomerServiceTelemetry.DueWorkFailuresInstrument, "{entity}", "Entities whose due work failed; each was skipped and pushed back by the failure backoff.");
        _outboxDelivered = meter.CreateCounter<long>(CustomerServiceTelemetry.OutboxDeliveredInstrument, "{message}", "Outbox messages delivered to every event sink.");
        _outboxFailures = meter.CreateCounter<long>(CustomerServiceTelemetry.OutboxFailuresInstrument, "{attempt}", "Failed delivery attempts of outbox messages; each is retried with backoff.");
        _leasesLost = meter.CreateCounter<long>(CustomerServiceTelemetry.LeasesLostInstrument, "{batch}", "Claimed batches of due work or outbox messages whose lease expired before they were completed.");
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
                new KeyValuePair<string, object?>(CustomerServiceTelemetry.StateTag, error.StateName),
                new KeyValuePair<string, object?>(CustomerServiceTelemetry.TriggerTag, error.TriggerName));
        }
    }

    public void Conflict(string lifecycle)
    {
        if (_conflicts.Enabled)
        {
            _conflicts.Add(1, new KeyValuePair<string, object?>(CustomerServiceTelemetry.LifecycleTag, lifecycle));
        }
    }

    /// <summary>Counts one SLA warning or breach, after the save that recorded it.</summary>
    public void SlaCrossing<TMetric>(TMetric metric, string priority, bool isBreach)
        where TMetric : struct, Enum
    {
        var counter = isBreach ? _slaBreaches : _slaWarnings;
        if (counter.Enabled)
        {
            counter.Add(
                1,
                new KeyValuePair<string, object?>(CustomerServiceTelemetry.SlaMetricTag, Name(metric)),
                new KeyValuePair<string, object?>(CustomerServiceTelemetry.SlaPriorityTag, priority));
        }
    }

    /// <summary>Counts one entity processed by a due-work run (changed or found with nothing to do).</summary>
    public void DueWorkProcessed(string entityKind)
    {
        if (_dueProcessed.Enabled)
        {
            _dueProcessed.Add(1, new KeyValuePair<string, object?>(CustomerServiceTelemetry.EntityKindTag, entityKind));
        }
    }

    /// <summary>Counts one entity whose due work failed (it was skipped and pushed back).</summary>
    public void DueWorkFailure(string entityKind)
    {
        if (_dueFailures.Enabled)
        {
            _dueFailures.Add(1, new KeyValuePair<string, object?>(CustomerServiceTelemetry.EntityKindTag, entityKind));
        }
    }

    /// <summary>Counts one outbox message delivered to every sink.</summary>
    public void OutboxDelivered(string entityKind)
    {
        if (_outboxDelivered.Enabled)
        {
            _outboxDelivered.Add(1, new KeyValuePair<string, object?>(CustomerServiceTelemetry.EntityKindTag, entityKind));
        }
    }

    /// <summary>Counts one failed delivery attempt of an outbox message.</summary>
    public void OutboxFailure(string entityKind)
    {
        if (_outboxFailures.Enabled)
        {
            _outboxFailures.Add(1, new KeyValuePair<string, object?>(CustomerServiceTelemetry.EntityKindTag, entityKind));
        }
    }

    /// <summary>Counts one claimed batch whose lease expired before it was completed (the rest of it is left to another claim).</summary>
    public void LeaseLost(string kind)
    {
        if (_leasesLost.Enabled)
        {
            _leasesLost.Add(1, new KeyValuePair<string, object?>(CustomerServiceTelemetry.EntityKindTag, kind));
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
