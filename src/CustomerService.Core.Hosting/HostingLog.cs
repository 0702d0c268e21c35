using Microsoft.Extensions.Logging;
using NodaTime;

namespace CustomerService.Core.Hosting;

/// <summary>The hosting package's log events (ids 2001–2999, category <c>CustomerService.Core.Hosting</c>); no customer data, see <c>docs/telemetry.md</c>.</summary>
internal static partial class HostingLog
{
    public const string Category = "CustomerService.Core.Hosting";

    [LoggerMessage(EventId = 2001, EventName = "JobBatch", Level = LogLevel.Information,
        Message = "{Source} batch at {Now}: {Listed} listed, {Done} done, {Failed} failed in {ElapsedMilliseconds} ms")]
    public static partial void JobBatch(ILogger logger, string source, Instant now, int listed, int done, int failed, double elapsedMilliseconds);

    [LoggerMessage(EventId = 2002, EventName = "JobFailed", Level = LogLevel.Error,
        Message = "{Source} run failed as a whole ({ErrorType}); nothing was lost, it is tried again at {RetryAt}")]
    public static partial void JobFailed(ILogger logger, string source, string errorType, Instant retryAt, Exception error);

    [LoggerMessage(EventId = 2003, EventName = "JobArmed", Level = LogLevel.Trace,
        Message = "Due work sleeps until {WakeAt}")]
    public static partial void JobArmed(ILogger logger, Instant wakeAt);

    [LoggerMessage(EventId = 2004, EventName = "JobStarted", Level = LogLevel.Information,
        Message = "Due work started: batches of {BatchSize}, safety poll every {SafetyPollInterval}")]
    public static partial void JobStarted(ILogger logger, int batchSize, Duration safetyPollInterval);

    [LoggerMessage(EventId = 2005, EventName = "JobStopped", Level = LogLevel.Information,
        Message = "Due work stopped; unfinished work stays due for the next run")]
    public static partial void JobStopped(ILogger logger);

}
