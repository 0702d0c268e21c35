using System.Diagnostics;
using CustomerService.Core.Callbacks;
using CustomerService.Core.Complaints;
using CustomerService.Core.Storage;
using CustomerService.Core.Tickets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NodaTime;

namespace CustomerService.Core.Hosting;

/// <summary>
/// Runs all due work — the ticket, complaint and callback services' <c>ProcessDueAsync</c>, the packages' registered
/// <see cref="IDueWorkProcessor"/>s (the knowledge base's review dates) and the outbox dispatcher's
/// <c>DispatchAsync</c> — in a scope per batch, armed at the earliest known due instant.
/// </summary>
/// <remarks>
/// <para>Each wake-up runs only the sources with work due (known from the services' saves through
/// <see cref="DueWorkSignal"/>), one store query per batch; a full batch is followed by another at once. Every
/// <see cref="HostedDueWorkOptions.SafetyPollInterval"/> every source is run and each entity store is asked for its
/// earliest due entity, which finds work written by other processes.</para>
/// <para>A failure of one entity is isolated by the services (counted, logged, pushed back); a failure of a whole run (a
/// store that is down, a sink that throws past the dispatcher) is logged and the source is tried again after
/// <see cref="HostedDueWorkOptions.ErrorRetryDelay"/>, doubling up to the safety poll: the host never stops because of it.
/// On shutdown the stopping token cancels the run between entities; what was not processed stays due.</para>
/// </remarks>
internal sealed class DueWorkHostedService(
    IServiceScopeFactory scopes,
    DueWorkSignal signal,
    IClock clock,
    TimeProvider timeProvider,
    IOptions<HostedDueWorkOptions> options,
    ILoggerFactory? loggerFactory = null) : BackgroundService
{
    private readonly ILogger _logger = loggerFactory?.CreateLogger(HostingLog.Category) ?? NullLogger.Instance;
    private readonly Dictionary<string, int> _failures = new(StringComparer.Ordinal);
    private bool _processorsKnown;

    /// <summary>Gets how many batches (store queries of the services and the dispatcher) the runner has run.</summary>
    public long Batches { get; private set; }

    /// <summary>Gets how many peeks (a store's earliest due entity, at a safety poll) the runner has made.</summary>
    public long Peeks { get; private set; }

    /// <summary>Runs one pass at <paramref name="now"/>: every source with work due (all of them when <paramref name="poll"/>), batch after batch while batches are full.</summary>
    internal async Task RunOnceAsync(Instant now, bool poll, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        signal.Disarm();
        if (!_processorsKnown)
        {
            try
            {
                await AddProcessorSourcesAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (!(e is OperationCanceledException && cancellationToken.IsCancellationRequested))
            {
                // A package's processor that cannot be resolved must not stop the library's own due work: tried again next pass.
                HostingLog.JobFailed(_logger, "DueWork", e.GetType().Name, now + settings.ErrorRetryDelay, e);
            }
        }

        foreach (var source in signal.Sources)
        {
            var due = signal.TakeDue(source, now);
            if (!(due || poll))
            {
                continue;
            }

            while (!cancellationToken.IsCancellationRequested)
            {
                int listed;
                try
                {
                    listed = await RunBatchAsync(source, now, settings.BatchSize, cancellationToken).ConfigureAwait(false);
                    _failures.Remove(source);
                }
                catch (Exception e) when (!(e is OperationCanceledException && cancellationToken.IsCancellationRequested))
                {
                    var failures = _failures[source] = _failures.GetValueOrDefault(source) + 1;
                    var wait = settings.ErrorRetryDelay * Math.Pow(2, Math.Min(failures - 1, 20));
                    var retryAt = now + (wait < settings.SafetyPollInterval ? wait : settings.SafetyPollInterval);
                    signal.Add(source, retryAt);
                    HostingLog.JobFailed(_logger, source, e.GetType().Name, retryAt, e);
                    break;
                }

                if (listed < settings.BatchSize)
                {
                    break;
                }
            }
        }

        if (poll)
        {
            await PeekAsync(now, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        HostingLog.JobStarted(_logger, settings.BatchSize, settings.SafetyPollInterval);
        var nextPoll = Instant.MinValue;
        var lastRun = Instant.MinValue;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var now = clock.GetCurrentInstant();
                var poll = now >= nextPoll;
                try
                {
                    await RunOnceAsync(now, poll, stoppingToken).ConfigureAwait(false);
                }
                catch (Exception e) when (!(e is OperationCanceledException && stoppingToken.IsCancellationRequested))
                {
                    // RunOnceAsync isolates each source; this is a last line so that the host never stops because of due work.
                    HostingLog.JobFailed(_logger, "DueWork", e.GetType().Name, now + settings.ErrorRetryDelay, e);
                }

                lastRun = now;
                if (poll)
                {
                    nextPoll = now + settings.SafetyPollInterval;
                }

                await SleepAsync(lastRun, nextPoll, settings, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutdown: whatever was not processed stays due.
        }

        HostingLog.JobStopped(_logger);
    }

    private async Task SleepAsync(Instant lastRun, Instant nextPoll, HostedDueWorkOptions settings, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var earliest = signal.Earliest() is { } e && e < nextPoll ? e : nextPoll;
            var floor = lastRun + settings.MinimumDelay;
            var wakeAt = earliest < floor ? floor : earliest;
            var wait = wakeAt - clock.GetCurrentInstant();
            if (wait <= Duration.Zero)
            {
                return;
            }

            HostingLog.JobArmed(_logger, wakeAt);
            var woken = signal.Arm(wakeAt);
            using var cancel = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            var delay = Task.Delay(wait.ToTimeSpan(), timeProvider, cancel.Token);
            var first = await Task.WhenAny(delay, woken).ConfigureAwait(false);
            await cancel.CancelAsync().ConfigureAwait(false);
            if (first == delay)
            {
                return; // the armed instant has come (or the host is stopping)
            }

            // An earlier instant arrived: re-arm for it (not before the floor).
        }
    }

    /// <summary>Learns the packages' entity kinds (the registered processors') once, so that their instants are kept and their batches run before the outbox's.</summary>
    private async Task AddProcessorSourcesAsync()
    {
        var scope = scopes.CreateAsyncScope();
        await using (scope.ConfigureAwait(false))
        {
            foreach (var processor in scope.ServiceProvider.GetServices<IDueWorkProcessor>())
            {
                if (!DueWorkSignal.CoreSources.Contains(processor.EntityKind, StringComparer.Ordinal))
                {
                    signal.AddSource(processor.EntityKind);
                }
            }
        }

        _processorsKnown = true;
    }

    private static IDueWorkProcessor Processor(IServiceProvider services, string source) =>
        services.GetServices<IDueWorkProcessor>().First(p => string.Equals(p.EntityKind, source, StringComparison.Ordinal));

    private async Task<int> RunBatchAsync(string source, Instant now, int batchSize, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var scope = scopes.CreateAsyncScope();
        await using (scope.ConfigureAwait(false))
        {
            var services = scope.ServiceProvider;
            (int Listed, int Done, int Failed) result;
            switch (source)
            {
                case TicketService.EntityKind:
                    var tickets = await services.GetRequiredService<ITicketService>().ProcessDueAsync(now, batchSize, cancellationToken).ConfigureAwait(false);
                    result = (tickets.Listed, tickets.Changed.Count, tickets.Failures.Count);
                    break;
                case ComplaintService.EntityKind:
                    var complaints = await services.GetRequiredService<IComplaintService>().ProcessDueAsync(now, batchSize, cancellationToken).ConfigureAwait(false);
                    result = (complaints.Listed, complaints.Changed.Count, complaints.Failures.Count);
                    break;
                case CallbackService.EntityKind:
                    var callbacks = await services.GetRequiredService<ICallbackService>().ProcessDueAsync(now, batchSize, cancellationToken).ConfigureAwait(false);
                    result = (callbacks.Listed, callbacks.Changed.Count, callbacks.Failures.Count);
                    break;
                case DueWorkSignal.OutboxSource:
                    var outbox = await services.GetRequiredService<OutboxDispatcher>().DispatchAsync(now, batchSize, cancellationToken).ConfigureAwait(false);
                    result = (outbox.Delivered + outbox.Failures.Count, outbox.Delivered, outbox.Failures.Count);
                    break;
                default:
                    var package = await Processor(services, source).ProcessDueAsync(now, batchSize, cancellationToken).ConfigureAwait(false);
                    result = (package.Listed, package.Changed.Count, package.Failures.Count);
                    break;
            }

            Batches++;
            if (_logger.IsEnabled(LogLevel.Information) && result.Listed > 0)
            {
                var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                HostingLog.JobBatch(_logger, source, now, result.Listed, result.Done, result.Failed, elapsed);
            }

            return result.Listed;
        }
    }

    private async Task PeekAsync(Instant now, CancellationToken cancellationToken)
    {
        // The earliest due entity of each store, so that work written by other processes (or before this one started)
        // wakes the runner at its instant rather than at the next poll.
        var horizon = now + Duration.FromDays(400);
        var scope = scopes.CreateAsyncScope();
        await using (scope.ConfigureAwait(false))
        {
            var services = scope.ServiceProvider;
            await PeekAsync(services.GetRequiredService<IEntityStore<Ticket>>(), TicketService.EntityKind, horizon, cancellationToken).ConfigureAwait(false);
            await PeekAsync(services.GetRequiredService<IEntityStore<Complaint>>(), ComplaintService.EntityKind, horizon, cancellationToken).ConfigureAwait(false);
            await PeekAsync(services.GetRequiredService<IEntityStore<Callback>>(), CallbackService.EntityKind, horizon, cancellationToken).ConfigureAwait(false);
            foreach (var source in signal.Sources)
            {
                if (!DueWorkSignal.CoreSources.Contains(source, StringComparer.Ordinal))
                {
                    await PeekAsync(Processor(services, source), horizon, cancellationToken).ConfigureAwait(false);
                }
            }
        }
    }

    private async Task PeekAsync(IDueWorkProcessor processor, Instant horizon, CancellationToken cancellationToken)
    {
        try
        {
            Peeks++;
            if (await processor.FindEarliestDueAsync(horizon, cancellationToken).ConfigureAwait(false) is { } earliest)
            {
                signal.Add(processor.EntityKind, earliest);
            }
        }
        catch (Exception e) when (!(e is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            HostingLog.JobFailed(_logger, processor.EntityKind, e.GetType().Name, horizon, e);
        }
    }

    private async Task PeekAsync<TEntity>(IEntityStore<TEntity> store, string source, Instant horizon, CancellationToken cancellationToken)
        where TEntity : class
    {
        try
        {
            Peeks++;
            var earliest = await store.ListDueAsync(horizon, 1, cancellationToken).ConfigureAwait(false);
            if (earliest.Count > 0)
            {
                signal.Add(source, earliest[0].NextDueAt);
            }
        }
        catch (Exception e) when (!(e is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            HostingLog.JobFailed(_logger, source, e.GetType().Name, horizon, e);
        }
    }
}
