using System.Text.Json.Serialization;
using CustomerService.Core.Calendars;
using CustomerService.Core.Hosting;
using CustomerService.Core.Leads.Studio;
using CustomerService.Core.PostgreSql;
using CustomerService.Core.Sla;
using CustomerService.Core.Sqlite;
using CustomerService.HelpDesk.Api;
using CustomerService.HelpDesk.Board;
using CustomerService.HelpDesk.Dashboard;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using NodaTime;
using Npgsql;

namespace CustomerService.HelpDesk;

/// <summary>The composition root: how a host wires CustomerService.Core into ASP.NET Core.</summary>
public static class HelpDeskApp
{
    /// <summary>
    /// Builds the app from <c>appsettings.json</c> (next to the app) and <paramref name="args"/>; <paramref name="configure"/>
    /// runs before anything is registered, so a test or the simulator can add settings or its own <see cref="IClock"/>.
    /// </summary>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        configure?.Invoke(builder);
        var settings = builder.Configuration.GetSection(HelpDeskSettings.SectionName).Get<HelpDeskSettings>() ?? new HelpDeskSettings();
        var services = builder.Services;

        // The library: settings from the CustomerServiceCore section (checked at start-up), storage by one setting, the
        // board as an event sink, and the hosted due work that runs SLA checks, deadlines, callbacks and event delivery.
        var core = services.AddCustomerServiceCore(builder.Configuration);
        var connectionString = builder.Configuration.GetConnectionString(settings.Storage.ToString())
            ?? throw new InvalidOperationException($"ConnectionStrings:{settings.Storage} is required when HelpDesk:Storage is {settings.Storage}.");
        if (settings.Storage == HelpDeskStorage.PostgreSql)
        {
            core.AddPostgreSqlStorage(connectionString);
            services.AddSingleton(sp => NpgsqlDataSource.Create(connectionString));
            services.AddSingleton(sp => new BoardStore(
                sp.GetRequiredService<NpgsqlDataSource>().CreateConnection,
                $"\"{sp.GetRequiredService<IOptions<PostgreSqlStorageOptions>>().Value.Schema}\"."));
        }
        else
        {
            var sqlite = SqliteFile(connectionString, builder.Environment.ContentRootPath);
            core.AddSqliteStorage(sqlite);
            services.AddSingleton(new BoardStore(() => new SqliteConnection(sqlite), string.Empty));
        }

        core.AddEventSink<BoardProjection>().AddHostedDueWork();

        // Production time is the system's; a simulation or a test registers its own clock first (TryAdd keeps it).
        services.TryAddSingleton<IClock>(SystemClock.Instance);
        services.AddSingleton(sp =>
        {
            var catalog = sp.GetRequiredService<SlaCatalog>();
            return new Desk(sp.GetRequiredService<IClock>(), catalog, catalog.TryGetCalendar(settings.Calendar, out var calendar)
                ? calendar!
                : throw new InvalidOperationException($"HelpDesk:Calendar names '{settings.Calendar}', which is not under CustomerServiceCore:Calendars."));
        });
        services.AddSingleton(sp => StudioSegmentation.CreateRuleSet(sp.GetRequiredService<Desk>().Zone));
        services.AddSingleton<Views>();
        services.AddSingleton<DashboardModelBuilder>();

        // The API: enums as names, bad requests as problem details that name the field.
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(allowIntegerValues: false)));
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddProblemDetails();
        services.AddExceptionHandler<ProblemExceptionHandler>();
        services.AddAntiforgery();

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAntiforgery();
        TicketApi.Map(app);
        ComplaintApi.Map(app);
        CallbackApi.Map(app);
        LeadApi.Map(app);
        DashboardPage.Map(app);
        return app;
    }

    /// <summary>Creates the board's tables (the library's stores migrate themselves on first use).</summary>
    public static Task PrepareAsync(WebApplication app, CancellationToken cancellationToken = default) =>
        app.Services.GetRequiredService<BoardStore>().MigrateAsync(cancellationToken);

    /// <summary>A relative SQLite file is kept under the app's folder, in a directory created when missing.</summary>
    private static string SqliteFile(string connectionString, string contentRoot)
    {
        var sqlite = new SqliteConnectionStringBuilder(connectionString);
        if (!Path.IsPathRooted(sqlite.DataSource))
        {
            sqlite.DataSource = Path.Combine(contentRoot, sqlite.DataSource);
        }

        Directory.CreateDirectory(Path.GetDirectoryName(sqlite.DataSource)!);
        return sqlite.ToString();
    }
}
