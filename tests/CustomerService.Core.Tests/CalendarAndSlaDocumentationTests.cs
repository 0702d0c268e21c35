using CustomerService.Core.Sla;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using CustomerService.Core.DependencyInjection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CustomerService.Core.Tests;

/// <summary>
/// The calendar and SLA documentation says what the code does: every JSON example of their pages binds, as shown, inside
/// the package's configuration section, and every type states its thread safety itself.
/// </summary>
public sealed class CalendarAndSlaDocumentationTests
{
    public static TheoryData<string, int> JsonExamples()
    {
        var data = new TheoryData<string, int>();
        foreach (var page in new[] { "calendars.md", "sla.md" })
        {
            var blocks = RepositoryFiles.CodeBlocks(RepositoryFiles.Read("docs", page), "json");
            for (var i = 0; i < blocks.Count; i++)
            {
                data.Add(page, i);
            }
        }

        return data;
    }

    [Fact]
    public void CalendarAndSlaPages_HaveJsonExamples()
    {
        Assert.NotEmpty(RepositoryFiles.CodeBlocks(RepositoryFiles.Read("docs", "calendars.md"), "json"));
        Assert.NotEmpty(RepositoryFiles.CodeBlocks(RepositoryFiles.Read("docs", "sla.md"), "json"));
    }

    [Theory]
    [MemberData(nameof(JsonExamples))]
    public void JsonExample_BoundInTheCustomerServiceCoreSection_BuildsEveryCalendarAndPolicyItNames(string page, int index)
    {
        var json = RepositoryFiles.CodeBlocks(RepositoryFiles.Read("docs", page), "json")[index];
        using var document = JsonDocument.Parse(json);
        Assert.True(
            document.RootElement.TryGetProperty(CustomerServiceCoreOptions.SectionName, out var section),
            $"{page} example {index} is not a configuration file with a {CustomerServiceCoreOptions.SectionName} section.");

        var configuration = new ConfigurationBuilder().AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(json))).Build();
        var services = new ServiceCollection();
        services.AddOptions<CustomerServiceCoreOptions>().Bind(configuration.GetSection(CustomerServiceCoreOptions.SectionName));
        using var provider = services.AddCustomerServiceCore().Services.BuildServiceProvider();
        provider.ValidateCustomerServiceCoreOptions();
        var catalog = provider.GetRequiredService<SlaCatalog>();

        var calendars = Keys(section, nameof(CustomerServiceCoreOptions.Calendars));
        var policies = Keys(section, nameof(CustomerServiceCoreOptions.SlaPolicies));
        Assert.NotEmpty(calendars.Concat(policies));
        Assert.All(calendars, name => Assert.True(catalog.TryGetCalendar(name, out _), $"calendar '{name}' of {page} example {index}"));
        Assert.All(policies, name => Assert.True(catalog.Policies.ContainsKey(name), $"policy '{name}' of {page} example {index}"));
    }

    private static string[] Keys(JsonElement section, string name) =>
        section.TryGetProperty(name, out var entries) ? [.. entries.EnumerateObject().Select(p => p.Name)] : [];

    [Fact]
    public void ThreadSafetyStatements_InCalendarsAndSla_StateTheRuleInsteadOfPointingElsewhere()
    {
        var assembly = typeof(CustomerServiceException).Assembly;
        var docs = XDocument.Load(Path.ChangeExtension(assembly.Location, ".xml"));
        var pointing = docs.Descendants("member")
            .Where(m => ((string)m.Attribute("name")!).StartsWith("T:CustomerService.Core.Calendars.", StringComparison.Ordinal)
                || ((string)m.Attribute("name")!).StartsWith("T:CustomerService.Core.Sla.", StringComparison.Ordinal))
            .Where(m => m.Element("threadsafety") is { } element && element.Value.Contains("user guide", StringComparison.OrdinalIgnoreCase))
            .Select(m => (string)m.Attribute("name")!)
            .ToList();

        Assert.True(pointing.Count == 0, "These types point to a thread safety section that does not exist: " + string.Join(", ", pointing));
    }
}
