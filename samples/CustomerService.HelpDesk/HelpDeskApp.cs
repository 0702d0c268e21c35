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
        // Each adapter's settings are its own section (CustomerServiceCore:Sqlite, :PostgreSql); the one not in use is
        // declared too, so that both stay in appsettings.json and HelpDesk:Storage alone switches between them.
        var core = services.AddCustomerServiceCore(builder.Configuration);
        if (settings.Storage == HelpDeskStorage.PostgreSql)
        {
            core.AddPostgreSqlStorage(_ => { }).AddSettingsSection<SqliteStorageOptions>(SqliteStorageBuilderExtensions.SectionKey);
            services.AddSingleton(sp => NpgsqlDataSource.Create(sp.GetRequiredService<IOptions<PostgreSqlStorageOptions>>().Value.ConnectionString));
            services.AddSingleton(sp => new BoardStore(
                sp.GetRequiredService<NpgsqlDataSource>().CreateConnection,
                $"\"{sp.GetRequiredService<IOptions<PostgreSqlStorageOptions>>().Value.Schema}\"."));
        }
        else
        {
            var root = builder.Environment.ContentRootPath;
            core.AddSqliteStorage(o => o.ConnectionString = SqliteFile(o.ConnectionString, root))
                .AddSettingsSection<PostgreSqlStorageOptions>(PostgreSqlStorageBuilderExtensions.SectionKey);
            services.AddSingleton(sp =>
            {
                var sqlite = sp.GetRequiredService<IOptions<SqliteStorageOptions>>().Value;
                return new BoardStore(() => new SqliteConnection(sqlite.ConnectionString), string.Empty,
                    $"PRAGMA synchronous = {sqlite.Synchronous}; PRAGMA busy_timeout = {(long)sqlite.BusyTimeout.TotalMilliseconds}");
            });
        }

        core.AddEventSink<BoardProjection>().AddHostedDueWork().AddStudioDesk();

        // Time: the library registers the system clock unless the host registered an IClock first, as the simulated day
        // and the tests do in `configure`.
        services.AddSingleton(sp =>
        {
            var catalog = sp.GetRequiredService<SlaCatalog>();
            return new Desk(sp.GetRequiredService<IClock>(), catalog, catalog.TryGetCalendar(settings.Calendar, out var calendar)
                ? calendar!
                : throw new InvalidOperationException($"HelpDesk:Calendar names '{settings.Calendar}', which is not under CustomerServiceCore:Calendars."));
        });
        services.AddSingleton(sp => StudioSegmentation.CreateRuleSet(sp.GetRequiredService<Desk>().Zone));
        services.AddSingleton(sp => LeadSegmentationService.ForStudio(sp.GetRequiredService<ICustomerProfileStore>(), sp.GetRequiredService<Desk>().Zone, sp.GetRequiredService<IClock>()));
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

    /// <summary>Creates or migrates the library's schema (else done on first use) and then the board's tables beside it.</summary>
    public static async Task PrepareAsync(WebApplication app, CancellationToken cancellationToken = default)
    {
        var services = app.Services;
        await (services.GetService<SqliteDocumentStore>()?.MigrateAsync(cancellationToken) ?? services.GetRequiredService<PostgreSqlDocumentStore>().MigrateAsync(cancellationToken));
        await services.GetRequiredService<BoardStore>().MigrateAsync(cancellationToken);
    }

    /// <summary>A relative SQLite file is kept under the app's folder, in a directory created when missing.</summary>
    private static string SqliteFile(string connectionString, string contentRoot)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return connectionString; // the start-up check names the missing setting
        }

        var sqlite = new SqliteConnectionStringBuilder(connectionString);
        if (!Path.IsPathRooted(sqlite.DataSource))
        {
            sqlite.DataSource = Path.Combine(contentRoot, sqlite.DataSource);
        }

        Directory.CreateDirectory(Path.GetDirectoryName(sqlite.DataSource)!);
        return sqlite.ToString();
    }
}
