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

    /// <summary>The counter of entities whose due work was processed: <c>customer_service.due_work.processed</c>.</summary>
    public const string DueWorkProcessedInstrument = "customer_service.due_work.processed";

    /// <summary>The counter of entities whose due work failed and was pushed back: <c>customer_service.due_work.failures</c>.</summary>
    public const string DueWorkFailuresInstrument = "customer_service.due_work.failures";

    /// <summary>The counter of outbox messages delivered: <c>customer_service.outbox.delivered</c>.</summary>
    public const string OutboxDeliveredInstrument = "customer_service.outbox.delivered";

    /// <summary>The counter of failed outbox delivery attempts: <c>customer_service.outbox.failures</c>.</summary>
    public const string OutboxFailuresInstrument = "customer_service.outbox.failures";

    /// <summary>The counter of claimed batches whose lease expired before they were completed: <c>customer_service.claims.leases_lost</c>.</summary>
    public const string LeasesLostInstrument = "customer_service.claims.leases_lost";

    /// <summary>The histogram of first-response times, recorded when a first-response or acknowledgement SLA clock is met: <c>customer_service.sla.first_response_time</c> (seconds on the clock's time basis).</summary>
    public const string FirstResponseTimeInstrument = "customer_service.sla.first_response_time";

    /// <summary>The histogram of resolution times, recorded when a resolution or final-response SLA clock is met, or a ticket without SLA clocks is solved: <c>customer_service.sla.resolution_time</c> (seconds).</summary>
    public const string ResolutionTimeInstrument = "customer_service.sla.resolution_time";

    /// <summary>The histogram of due-work latency, how late after its <c>NextDueAt</c> an entity was processed: <c>customer_service.due_work.latency</c> (seconds).</summary>
    public const string DueWorkLatencyInstrument = "customer_service.due_work.latency";

    /// <summary>The name of the <see cref="System.Diagnostics.ActivitySource"/> of commands and job batches: <c>CustomerService.Core</c>.</summary>
    public const string ActivitySourceName = "CustomerService.Core";

    /// <summary>The tag naming the time basis a histogram value was measured on: <c>BusinessTime</c> or <c>CalendarTime</c>.</summary>
    public const string TimeBasisTag = "customer_service.sla.time_basis";

    /// <summary>The span tag holding the identifier of the entity a command changes (a host key, never customer data).</summary>
    public const string EntityIdTag = "customer_service.entity_id";

    /// <summary>The span tag naming a command (for example <c>Reply</c>).</summary>
    public const string CommandTag = "customer_service.command";

    /// <summary>The span tag holding how many items a job batch listed.</summary>
    public const string BatchListedTag = "customer_service.batch.listed";

    /// <summary>The span tag holding how many items a job batch changed or delivered.</summary>
    public const string BatchDoneTag = "customer_service.batch.done";

    /// <summary>The span tag holding how many items of a job batch failed.</summary>
    public const string BatchFailedTag = "customer_service.batch.failed";

    /// <summary>The tag naming the kind of entity: <c>Ticket</c>, <c>Complaint</c> or <c>Callback</c>.</summary>
    public const string EntityKindTag = "customer_service.entity_kind";

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

