using System.Text;
using CustomerService.Core.DependencyInjection;
using CustomerService.Core.Sla;
using CustomerService.Core.Tickets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NodaTime;
using NodaTime.Testing;

namespace CustomerService.Core.Tests.DependencyInjection;

/// <summary>The calendar resolution chain and per-metric calendars bound from <c>CustomerServiceCore</c>, validated at start-up.</summary>
public sealed class SlaCalendarResolutionOptionsTests
{
    private static readonly Instant T0 = Sla.SlaTestData.Sh(2026, 3, 2, 9); // a Monday, 09:00 in Shanghai

    /// <summary>The example of docs/sla.md, "Calendar resolution".</summary>
    internal const string DocsExample = """
        {
          "CustomerServiceCore": {
            "Calendars": {
              "Shanghai desk": { "TimeZone": "Asia/Shanghai", "Weekdays": [ "09:00-12:00", "13:00-18:00" ] },
              "Berlin desk": { "TimeZone": "Europe/Berlin", "Weekdays": [ "08:00-17:00" ] },
              "Around the clock": { "TimeZone": "UTC", "Weekdays": [ "00:00-24:00" ], "Weekly": { "Saturday": [ "00:00-24:00" ], "Sunday": [ "00:00-24:00" ] } }
            },
            "SlaPolicies": {
              "Standard": {
                "Calendar": "Shanghai desk",
                "Metrics": {
                  "FirstResponse": { "Calendar": "Around the clock", "Targets": { "Urgent": "1h", "Default": "4h" } },
                  "Resolution": { "Targets": { "Urgent": "8h", "Default": "24h" } }
                }
              }
            },
            "Sla": {
              "TicketPolicy": "Standard",
              "CalendarResolution": [
                { "Name": "case", "Fact": "CaseCalendar" },
                { "Name": "customer", "Fact": "CustomerCalendar" },
                { "Name": "organisation", "Fact": "OrganisationCalendar" },
                { "Name": "team", "Fact": "Team", "Calendars": { "billing": "Berlin desk", "support": "Shanghai desk" } }
              ]
            }
          }
        }
        """;

    private static ServiceProvider Provider(string json)
    {
        var configuration = new ConfigurationBuilder().AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(json))).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IClock>(new FakeClock(T0));
        services.AddOptions<CustomerServiceCoreOptions>().Bind(configuration.GetSection(CustomerServiceCoreOptions.SectionName));
        return services.AddCustomerServiceCore().Services.BuildServiceProvider();
    }

    [Fact]
    public async Task AddCustomerServiceCore_ChainAndMetricCalendarFromJson_ChooseTheCalendars()
    {
        using var provider = Provider(DocsExample);
        provider.ValidateCustomerServiceCoreOptions();
        var catalog = provider.GetRequiredService<SlaCatalog>();
        var service = provider.GetRequiredService<ITicketService>();
        var id = new TicketId("T-1");

        await service.OpenAsync(id, ContactChannel.Email, TicketCategory.Repair, TicketPriority.Normal, "desk");
        var ticket = await service.ExecuteAsync(id, new TicketCommand.UpdateFacts { Facts = [new("Team", "billing")] }, "agent");

        Assert.Equal(["case", "customer", "organisation", "team"], catalog.CalendarResolution.Select(l => l.Name));
        Assert.Equal(("Berlin desk", "team"), (ticket.Sla!.Calendar, ticket.Sla.CalendarSource));
        Assert.True(catalog.TryGetPolicy(ticket.Sla, out var policy));
        Assert.Same(catalog.Calendars["Berlin desk"], policy.GetCalendar(SlaMetric.Resolution));
        Assert.Same(catalog.Calendars["Around the clock"], policy.GetCalendar(SlaMetric.FirstResponse));
        var first = ticket.Sla.Find(SlaMetric.FirstResponse)!.CreateClock(policy, SlaPriority.Normal);
        Assert.Equal(T0 + Duration.FromHours(4), first.Evaluate(T0).DueAt);           // 24×7 whatever the case's calendar
        Assert.Equal(
            "case: no value; customer: no value; organisation: no value; team: 'billing' → Berlin desk (chosen)",
            TicketSlaSelection.ExplainCalendar(catalog, ticket).ToString());
    }

    [Fact]
    public void ValidateCustomerServiceCoreOptions_BadCalendarNames_ReportEveryProblemWithItsKey()
    {
        var json = DocsExample
            .Replace("\"billing\": \"Berlin desk\"", "\"billing\": \"Berlin dsk\"", StringComparison.Ordinal)
            .Replace("\"Calendar\": \"Around the clock\"", "\"Calendar\": \"Around the clok\"", StringComparison.Ordinal)
            .Replace("{ \"Name\": \"customer\", \"Fact\": \"CustomerCalendar\" }", "{ \"Name\": \"case\", \"Fact\": \"Tier\" }", StringComparison.Ordinal);
        using var provider = Provider(json);

        var error = Assert.Throws<OptionsValidationException>(provider.ValidateCustomerServiceCoreOptions);

        const string Prefix = "CustomerServiceCore:";
        Assert.Contains(error.Failures, f => f.StartsWith(Prefix + "Sla:CalendarResolution:3:Calendars:billing: ", StringComparison.Ordinal) && f.Contains("did you mean 'Berlin desk'", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.StartsWith(Prefix + "SlaPolicies:Standard:Metrics:FirstResponse:Calendar: ", StringComparison.Ordinal) && f.Contains("'Around the clok'", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.StartsWith(Prefix + "Sla:CalendarResolution:1:Name: ", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.StartsWith(Prefix + "Sla:CalendarResolution:1:Fact: ", StringComparison.Ordinal) && f.Contains("Tier", StringComparison.Ordinal));
    }

    [Fact]
    public void ValidateCustomerServiceCoreOptions_MapKeyNotAValueOfTheDeclaredEnumFact_NamesTheKey()
    {
        var json = DocsExample.Replace("\"TicketPolicy\": \"Standard\",", "\"TicketPolicy\": \"Standard\", \"TicketFacts\": [ { \"Name\": \"Team\", \"Kind\": \"Enum\", \"Values\": [ \"billing\", \"sales\" ] } ],", StringComparison.Ordinal);
        using var provider = Provider(json);

        var error = Assert.Throws<OptionsValidationException>(provider.ValidateCustomerServiceCoreOptions);

        var failure = Assert.Single(error.Failures);
        Assert.StartsWith("CustomerServiceCore:Sla:CalendarResolution:3:Calendars:support: ", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void DocsSlaPage_ShowsThisExample()
    {
        static string Squeeze(string text) => string.Concat(text.Where(c => !char.IsWhiteSpace(c)));

        var blocks = RepositoryFiles.CodeBlocks(RepositoryFiles.Read("docs", "sla.md"), "json").Select(Squeeze);

        Assert.Contains(Squeeze(DocsExample), blocks);
    }
}
