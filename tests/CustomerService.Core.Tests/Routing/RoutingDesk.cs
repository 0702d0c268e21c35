using System.Text;
using CustomerService.Core.DependencyInjection;
using CustomerService.Core.Hosting;
using CustomerService.Core.Leads;
using CustomerService.Core.Routing;
using CustomerService.Core.Sla;
using CustomerService.Core.Tickets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Testing;

namespace CustomerService.Core.Tests.Routing;

/// <summary>
/// The seed desk of docs/routing.md (its JSON example, read from the page), registered as a host would: the core from
/// configuration, routing on top, a fake clock. Monday 2026-12-07 in Shanghai is the worked example's day.
/// </summary>
public sealed class RoutingDesk : IDisposable
{
    public static readonly DateTimeZone Shanghai = DateTimeZoneProviders.Tzdb["Asia/Shanghai"];

    private readonly ServiceProvider _provider;

    public RoutingDesk(Instant start, string? json = null)
    {
        Clock = new FakeClock(start);
        var configuration = new ConfigurationBuilder().AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(json ?? Json))).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IClock>(Clock);
        services.AddCustomerServiceCore(configuration).AddRouting();
        _provider = services.BuildServiceProvider();
        _provider.ValidateCustomerServiceCoreOptions();
        Table = _provider.GetRequiredService<RoutingTable>();
        Board = _provider.GetRequiredService<AgentBoard>();
        Service = _provider.GetRequiredService<RoutingService>();
        Tickets = _provider.GetRequiredService<ITicketService>();
    }

    /// <summary>Gets the JSON example of docs/routing.md.</summary>
    public static string Json { get; } = RepositoryFiles.CodeBlocks(RepositoryFiles.Read("docs", "routing.md"), "json")[0];

    public FakeClock Clock { get; }

    public RoutingTable Table { get; }

    public AgentBoard Board { get; }

    public RoutingService Service { get; }

    public ITicketService Tickets { get; }

    public IServiceProvider Services => _provider;

    public static Instant At(int day, int hour, int minute = 0) => Shanghai.AtStrictly(new LocalDateTime(2026, 12, day, hour, minute)).ToInstant();

    /// <summary>A contact's facts row in the desk's schema.</summary>
    public static FactValue[] Facts(RoutingTable table, string category, string segment = "Regular", string language = "zh", bool refund = false)
    {
        var schema = table.Classification.Schema;
        var row = schema.CreateRow();
        row[schema.IndexOf("Category")] = schema.EnumValue("Category", category);
        row[schema.IndexOf("Segment")] = schema.EnumValue("Segment", segment);
        row[schema.IndexOf("Language")] = schema.EnumValue("Language", language);
        row[schema.IndexOf("MentionsRefund")] = FactValue.FromFlag(refund);
        return row;
    }

    public void Dispose() => _provider.Dispose();
}
