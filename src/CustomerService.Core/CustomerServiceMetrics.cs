using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using CustomerService.Core.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using NodaTime;

namespace CustomerService.Core;

/// <summary>
/// The package's instrumentation, one instance per service provider (or one shared without DI): the meter's instruments,
/// the logger, the activity source of commands and job batches, and the optional in-process due-work signal.
/// </summary>
internal sealed class CustomerServiceMetrics
{
    /// <summary>The activity source of commands and job batches (spans are created only when someone listens).</summary>
    public static readonly ActivitySource ActivitySource = new(CustomerServiceTelemetry.ActivitySourceName, typeof(CustomerServiceMetrics).Assembly.GetName().Version?.ToString());

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
    private readonly Histogram<double> _firstResponseTime;
    private readonly Histogram<double> _resolutionTime;
    private readonly Histogram<double> _dueLatency;
    private readonly IDueWorkSignal? _signal;

    public CustomerServiceMetrics(IMeterFactory? meterFactory, ILoggerFactory? loggerFactory = null, IDueWorkSignal? signal = null)
    {
        Logger = loggerFactory?.CreateLogger(CustomerServiceLog.Category) ?? NullLogger.Instance;
        _signal = signal;
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
        _firstResponseTime = meter.CreateHistogram<double>(CustomerServiceTelemetry.FirstResponseTimeInstrument, "s", "Time to first response (or acknowledgement) on the SLA clock's time basis, when the clock is met.");
        _resolutionTime = meter.CreateHistogram<double>(CustomerServiceTelemetry.ResolutionTimeInstrument, "s", "Time to resolution (or final response) on the SLA clock's time basis when the clock is met; calendar time for a ticket solved without SLA clocks.");
        _dueLatency = meter.CreateHistogram<double>(CustomerServiceTelemetry.DueWorkLatencyInstrument, "s", "How late after its NextDueAt an entity's due work was processed.");
    }

    /// <summary>Gets the logger of the core's events (a null logger without a logger factory).</summary>
    public ILogger Logger { get; }

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

    /// <summary>Records a first-response or resolution time (a met SLA clock, or a ticket solved without clocks).</summary>
    /// <summary>Whether anyone listens to the first-response or resolution histogram: when nobody does, the clocks a transition met are not rebuilt to measure them.</summary>
    public bool RecordsResponseTimes(bool isResolution) => (isResolution ? _resolutionTime : _firstResponseTime).Enabled;

    public void ResponseTime(bool isResolution, string lifecycle, string priority, string basis, Duration elapsed)
    {
        var histogram = isResolution ? _resolutionTime : _firstResponseTime;
        if (histogram.Enabled)
        {
            histogram.Record(
                elapsed.TotalSeconds,
                new KeyValuePair<string, object?>(CustomerServiceTelemetry.LifecycleTag, lifecycle),
                new KeyValuePair<string, object?>(CustomerServiceTelemetry.SlaPriorityTag, priority),
                new KeyValuePair<string, object?>(CustomerServiceTelemetry.TimeBasisTag, basis));
        }
    }

    /// <summary>Records how late after its <c>NextDueAt</c> an entity was processed.</summary>
    public void DueWorkLatency(string entityKind, Duration late)
    {
        if (_dueLatency.Enabled)
        {
            _dueLatency.Record(late < Duration.Zero ? 0 : late.TotalSeconds, new KeyValuePair<string, object?>(CustomerServiceTelemetry.EntityKindTag, entityKind));
        }
    }

    /// <summary>Tells the due-work runner (if any) about a committed save: the entity's next due instant, and whether it wrote outbox messages.</summary>
    public void Saved(string entityKind, Instant? nextDueAt, bool wroteMessages, Instant changedAt)
    {
        if (_signal is null)
        {
            return;
        }

        try
        {
            if (nextDueAt is { } due)
            {
                _signal.EntityDue(entityKind, due);
            }

            if (wroteMessages)
            {
                _signal.OutboxDue(changedAt);
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A signal is a hint; it must never fail the command that has already been saved.
        }
    }

    /// <summary>Tells the due-work runner (if any) when a failed outbox message is deliverable again.</summary>
    public void OutboxRetry(Instant retryAt)
    {
        try
        {
            _signal?.OutboxDue(retryAt);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A signal is a hint; it must never fail the delivery run.
        }
    }

    /// <summary>Starts the span of a command (<c>Ticket.Execute</c>, …) when someone listens.</summary>
    public static Activity? StartCommand(string kind, string operation, string? entityId, string? command = null)
    {
        if (!ActivitySource.HasListeners())
        {
            return null;
        }

        var activity = ActivitySource.StartActivity(kind + "." + operation, ActivityKind.Internal);
        if (activity is not null && activity.IsAllDataRequested)
        {
            activity.SetTag(CustomerServiceTelemetry.EntityKindTag, kind);
            activity.SetTag(CustomerServiceTelemetry.EntityIdTag, entityId);
            if (command is not null)
            {
                activity.SetTag(CustomerServiceTelemetry.CommandTag, command);
            }
        }

        return activity;
    }

    /// <summary>Gets the name of a command's type (<c>Reply</c>) for a span tag: a fixed, small set.</summary>
    public static string? CommandName(object? command) => command?.GetType().Name;

    /// <summary>Marks a span failed with the exception's type (never its message, which may be a host's text).</summary>
    public static void Failed(Activity? activity, Exception error)
    {
        activity?.SetStatus(ActivityStatusCode.Error, error.GetType().Name);
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
