using System.Collections.Concurrent;
using System.Text;
using CustomerService.Core.DependencyInjection;
using CustomerService.Core.Hosting;
using CustomerService.Core.Tour;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using NodaTime;
using NodaTime.Testing;

namespace CustomerService.Core.Tests.Hosting;

/// <summary>A host's container built from a JSON settings file, with a fake clock and a fake timer moved together.</summary>
public sealed class HostTestKit : IAsyncDisposable
{
    public static readonly Instant Start = Instant.FromUtc(2026, 3, 2, 8, 0); // a Monday

    /// <summary>A 24×7 UTC desk: first response 4 h, resolution 8 h; complaints acknowledged in 2 h.</summary>
    public const string DeskJson = """
        {
          "CustomerServiceCore": {
            "Calendars": { "Always": { "TimeZone": "UTC", "Weekdays": [ "00:00-24:00" ], "Weekly": { "Saturday": [ "00:00-24:00" ], "Sunday": [ "00:00-24:00" ] } } },
            "SlaPolicies": {
              "Standard": { "Calendar": "Always", "Metrics": { "FirstResponse": { "Targets": { "Default": "4h" } }, "Resolution": { "Targets": { "Default": "8h" } } } },
              "Complaints": { "Calendar": "Always", "Metrics": { "Acknowledgement": { "Targets": { "Default": "2h" } } } }
            },
            "Sla": { "TicketPolicy": "Standard", "ComplaintPolicy": "Complaints" },
            "HostedDueWork": { "MinimumDelay": "0s", "SafetyPollInterval": "1h" }
          }
        }
        """;

    public HostTestKit(string json = DeskJson, Action<CustomerServiceCoreBuilder>? configure = null)
    {
        Clock = new FakeClock(Start);
        Time = new FakeTimeProvider(Start.ToDateTimeOffset());
        var services = new ServiceCollection();
        services.AddSingleton<IClock>(Clock);
        services.AddSingleton<TimeProvider>(Time);
        services.AddSingleton<ILoggerProvider>(Logs);
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Trace));
        services.AddSingleton<INotificationSender>(Notifications);
        var builder = services.AddCustomerServiceCore(Configuration(json)).AddHostedDueWork().AddEventSink<NotificationSink>().AddEventSink<RecordingEventSink>();
        configure?.Invoke(builder);
        Provider = services.BuildServiceProvider();
    }

    public FakeClock Clock { get; }

    public FakeTimeProvider Time { get; }

    public CapturingLoggerProvider Logs { get; } = new();

    public RecordingSender Notifications { get; } = new();

    public ServiceProvider Provider { get; }

    public RecordingEventSink Events => Provider.GetServices<ICustomerServiceEventSink>().OfType<RecordingEventSink>().Single();

    internal DueWorkHostedService Runner => Provider.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<DueWorkHostedService>().Single();

    public static IConfiguration Configuration(string json) =>
        new ConfigurationBuilder().AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(json))).Build();

    /// <summary>Moves the clock and the timer together.</summary>
    public void Advance(Duration by)
    {
        Clock.Advance(by);
        Time.Advance(by.ToTimeSpan());
    }

    public ValueTask DisposeAsync() => Provider.DisposeAsync();
}

/// <summary>Keeps every notification the sample sink sends.</summary>
public sealed class RecordingSender : INotificationSender
{
    private readonly ConcurrentQueue<Notification> _sent = new();

    public IReadOnlyList<Notification> Sent => [.. _sent];

    public ValueTask SendAsync(Notification notification, CancellationToken cancellationToken)
    {
        _sent.Enqueue(notification);
        return ValueTask.CompletedTask;
    }
}

/// <summary>Keeps every log entry: category, event id, level and the formatted message.</summary>
public sealed class CapturingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<LogEntry> _entries = new();

    public IReadOnlyList<LogEntry> Entries => [.. _entries];

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _entries);

    public void Dispose()
    {
    }

    public sealed record LogEntry(string Category, EventId EventId, LogLevel Level, string Message, Exception? Exception);

    private sealed class Logger(string category, ConcurrentQueue<LogEntry> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            entries.Enqueue(new LogEntry(category, eventId, logLevel, formatter(state, exception), exception));
    }
}
