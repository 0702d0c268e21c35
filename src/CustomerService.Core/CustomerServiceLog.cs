using Microsoft.Extensions.Logging;
using NodaTime;

namespace CustomerService.Core;

/// <summary>
/// The package's log events (source-generated: one template, an event id, no boxing). Arguments are entity kinds, host
/// identifiers, instants, counts and exception types: never customer data. Ids 1000–1999 belong to the core, 2000–2999
/// to the hosting package; <c>docs/telemetry.md</c> lists every one.
/// </summary>
internal static partial class CustomerServiceLog
{
    /// <summary>The category every core event is logged under.</summary>
    public const string Category = "CustomerService.Core";

    [LoggerMessage(EventId = 1001, EventName = "SaveConflict", Level = LogLevel.Information,
        Message = "{EntityKind} {EntityId}: the save was refused because the entity changed since it was loaded (expected token {ExpectedToken}); nothing was written")]
    public static partial void SaveConflict(ILogger logger, string entityKind, string entityId, long? expectedToken);

    [LoggerMessage(EventId = 1002, EventName = "DueWorkSkipped", Level = LogLevel.Debug,
        Message = "{EntityKind} {EntityId}: due work skipped, the entity changed after it was listed (that write recomputed its due work)")]
    public static partial void DueWorkSkipped(ILogger logger, string entityKind, string entityId);

    [LoggerMessage(EventId = 1003, EventName = "DueWorkFailed", Level = LogLevel.Warning,
        Message = "{EntityKind} {EntityId}: due work failed ({ErrorType}); the entity was pushed back by the failure backoff and the batch went on")]
    public static partial void DueWorkFailed(ILogger logger, string entityKind, string entityId, string errorType, Exception error);

    [LoggerMessage(EventId = 1004, EventName = "ClockClamped", Level = LogLevel.Information,
        Message = "{EntityKind} {EntityId}: the command's clock read {RequestedAt}, behind the entity's last recorded instant; the change was recorded at {EffectiveAt}")]
    public static partial void ClockClamped(ILogger logger, string entityKind, string entityId, Instant requestedAt, Instant effectiveAt);

    [LoggerMessage(EventId = 1005, EventName = "OutboxDeliveryFailed", Level = LogLevel.Warning,
        Message = "Outbox message {MessageId} ({EntityKind} {EntityId}) was refused by a sink ({ErrorType}) on attempt {Attempts}; it stays pending and is retried at {RetryAt}")]
    public static partial void OutboxDeliveryFailed(ILogger logger, string messageId, string entityKind, string entityId, string errorType, int attempts, Instant retryAt, Exception error);

    [LoggerMessage(EventId = 1006, EventName = "DueWorkBatch", Level = LogLevel.Debug,
        Message = "{EntityKind} due work at {Now}: {Listed} listed, {Changed} changed, {Failed} failed in {ElapsedMilliseconds} ms")]
    public static partial void DueWorkBatch(ILogger logger, string entityKind, Instant now, int listed, int changed, int failed, double elapsedMilliseconds);

    [LoggerMessage(EventId = 1007, EventName = "OutboxBatch", Level = LogLevel.Debug,
        Message = "Outbox delivery at {Now}: {Listed} listed, {Delivered} delivered, {Failed} failed in {ElapsedMilliseconds} ms")]
    public static partial void OutboxBatch(ILogger logger, Instant now, int listed, int delivered, int failed, double elapsedMilliseconds);
}
