using System.Text.Json.Serialization.Metadata;
using BenchmarkDotNet.Attributes;
using CustomerService.Core.Calendars;
using CustomerService.Core.Knowledge;
using CustomerService.Core.Serialization;
using CustomerService.Core.Tickets;
using NodaTime;

namespace CustomerService.Core.Benchmarks.Knowledge;

/// <summary>
/// The outbox's event JSON with the knowledge base's event types registered (what a <c>DocumentStorage</c> given
/// <see cref="KnowledgeStorage.EventTypes"/> uses): a ticket's event written with the core's metadata (baseline) and with
/// the extended metadata, and a published article's <see cref="ArticleTransitioned"/> written and read.
/// </summary>
[MemoryDiagnoser]
public class ArticleEventJsonBenchmarks
{
    private static readonly Instant Now = Instant.FromUtc(2026, 9, 28, 2, 0);
    private JsonTypeInfo<CustomerServiceEvent> _core = null!;
    private JsonTypeInfo<CustomerServiceEvent> _extended = null!;
    private CustomerServiceEvent _ticketEvent = null!;
    private CustomerServiceEvent _articleEvent = null!;
    private string _ticketJson = null!;
    private string _articleJson = null!;

    [GlobalSetup]
    public void Setup()
    {
        _core = CustomerServiceJson.EventTypeInfo([], "eventTypes");
        _extended = CustomerServiceJson.EventTypeInfo(KnowledgeStorage.EventTypes, "eventTypes");
        var ticket = Ticket.Create(new TicketId("T-000042"), ContactChannel.Email, TicketCategory.TechnicalSupport, TicketPriority.High, Now);
        var assigned = new TicketLifecycle(new TicketOptions()).Apply(ticket, new TicketCommand.Assign("agent-7"), "agent-7", Now + Duration.FromMinutes(5));
        _ticketEvent = new TicketTransitioned(assigned with { History = [] }, assigned.History[^1]) { Id = "Ticket/T-000042/2/0" };
        var calendar = BusinessCalendar.CreateBuilder("Beijing", DateTimeZoneProviders.Tzdb["Asia/Shanghai"])
            .OpenWeekdays(new LocalTime(9, 0), new LocalTime(18, 0))
            .Build();
        var lifecycle = new ArticleLifecycle(new ArticleReviewSchedule(calendar, 20));
        var draft = lifecycle.Create(new NewArticle("KB-000042", "refund-status", "agent-owner", "How long does a refund take?", "cms://kb/KB-000042"), "agent-writer", Now);
        var submitted = lifecycle.Apply(draft, new ArticleCommand.Submit(), "agent-writer", Now);
        var published = lifecycle.Apply(submitted, new ArticleCommand.Approve(), "agent-reviewer", Now + Duration.FromHours(1));
        _articleEvent = new ArticleTransitioned(published with { History = [] }, published.History[^1]) { Id = "Article/KB-000042/3/0" };
        _ticketJson = CustomerServiceJson.Serialize(_ticketEvent, _core);
        _articleJson = CustomerServiceJson.Serialize(_articleEvent, _extended);
    }

    /// <summary>Writes a ticket's event with the core's metadata only.</summary>
    [Benchmark(Baseline = true)]
    public string Serialize_TicketEvent_CoreTypes() => CustomerServiceJson.Serialize(_ticketEvent, _core);

    /// <summary>Writes the same event with the knowledge base's types registered.</summary>
    [Benchmark]
    public string Serialize_TicketEvent_WithKnowledgeTypes() => CustomerServiceJson.Serialize(_ticketEvent, _extended);

    /// <summary>Reads the ticket's event with the knowledge base's types registered.</summary>
    [Benchmark]
    public CustomerServiceEvent Deserialize_TicketEvent_WithKnowledgeTypes() => CustomerServiceJson.Deserialize(_ticketJson, _extended);

    /// <summary>Writes a published article's event.</summary>
    [Benchmark]
    public string Serialize_ArticleEvent() => CustomerServiceJson.Serialize(_articleEvent, _extended);

    /// <summary>Reads a published article's event (what the dispatcher reads).</summary>
    [Benchmark]
    public CustomerServiceEvent Deserialize_ArticleEvent() => CustomerServiceJson.Deserialize(_articleJson, _extended);
}
