using CustomerService.HelpDesk.Simulation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace CustomerService.HelpDesk.Tests;

/// <summary>
/// The help desk as it runs for users: a real Kestrel on a free loopback port, SQLite in a temporary file (or the
/// settings a test passes), on a simulated clock — after a simulated day of traffic through the API, so the dashboard
/// has content.
/// </summary>
public sealed class HelpDeskServer : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "helpdesk-tests-" + Guid.NewGuid().ToString("N"));
    private readonly bool _simulateDay;
    private readonly KeyValuePair<string, string?>[] _settings;
    private WebApplication? _app;

    public HelpDeskServer()
        : this(simulateDay: true)
    {
    }

    internal HelpDeskServer(bool simulateDay, params KeyValuePair<string, string?>[] settings)
    {
        _simulateDay = simulateDay;
        _settings = settings;
    }

    public static DateTimeZone Shanghai { get; } = DateTimeZoneProviders.Tzdb["Asia/Shanghai"];

    public SimulatedClock Clock { get; } = new(DaySimulator.StartOf(DaySimulator.DefaultDay, Shanghai));

    public Uri Address { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    public IServiceProvider Services => _app!.Services;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        _app = HelpDeskApp.Build(["--urls=http://127.0.0.1:0"], builder =>
        {
            builder.Configuration.AddInMemoryCollection(
            [
                new("CustomerServiceCore:Sqlite:ConnectionString", $"Data Source={Path.Combine(_directory, "helpdesk.db")}"),
                new("Logging:LogLevel:Default", "Warning"),
                .. _settings,
            ]);
            builder.Services.AddSingleton<IClock>(Clock);
            builder.Services.AddSingleton(Clock.TimeProvider);
        });
        await HelpDeskApp.PrepareAsync(_app);
        await _app.StartAsync();
        Address = new Uri(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        Http = new HttpClient { BaseAddress = Address };
        if (_simulateDay)
        {
            await new DaySimulator(Http, Clock, Shanghai, DaySimulator.DefaultDay).RunAsync();
            await DaySimulator.WaitForDeliveryAsync(_app.Services);
        }
    }

    public async Task DisposeAsync()
    {
        Http?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        Clock.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still open by a closing connection; the temporary folder is the system's to clean.
        }
    }
}

/// <summary>One app, started once, for the API and browser tests.</summary>
[CollectionDefinition(Name)]
public sealed class HelpDeskAppDefinition : ICollectionFixture<HelpDeskServer>
{
    public const string Name = "HelpDesk";
}
