using System.Text.Json.Nodes;
using CustomerService.Core.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NodaTime;

namespace CustomerService.Core.Tests.Routing;

/// <summary>Bad routing configuration is a start-up error naming the key; good configuration builds.</summary>
public sealed class RoutingOptionsTests
{
    private static readonly Instant Monday = RoutingDesk.At(7, 10);

    private static string Mutate(Action<JsonNode> change)
    {
        var root = JsonNode.Parse(RoutingDesk.Json)!;
        change(root["CustomerServiceCore"]!);
        return root.ToJsonString();
    }

    private static string StartUpErrors(string json)
    {
        var e = Assert.Throws<OptionsValidationException>(() => new RoutingDesk(Monday, json).Dispose());
        return string.Join("\n", e.Failures);
    }

    [Fact]
    public void DeskOfTheDocs_Builds()
    {
        using var desk = new RoutingDesk(Monday);

        Assert.Equal(6, desk.Table.Routes.Count);
        Assert.Equal(["li", "wang", "zhang", "zhao"], desk.Table.Agents.Select(a => a.Id));
        Assert.Equal(["wang", "zhang"], desk.Table.Queues.Single(q => q.Name == "Complaints desk").Agents.Select(a => a.Id));
        Assert.Contains("6 routes", desk.Table.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownQueue_IsAStartUpErrorNamingTheKey()
    {
        var errors = StartUpErrors(Mutate(c => c["Routing"]!["Routes"]!["Repairs"]!["Queue"] = "Front dsk"));

        Assert.Contains("CustomerServiceCore:Routing:Routes:Repairs:Queue: unknown queue 'Front dsk'; did you mean 'Front desk'?", errors, StringComparison.Ordinal);
    }

    [Fact]
    public void DepartmentWithoutCalendar_IsAStartUpErrorNamingTheKey()
    {
        var errors = StartUpErrors(Mutate(c => c["Routing"]!["Departments"]!["Finance"]!.AsObject().Remove("Calendar")));

        Assert.Contains("CustomerServiceCore:Routing:Departments:Finance:Calendar: department 'Finance' needs a calendar", errors, StringComparison.Ordinal);
    }

    [Fact]
    public void DepartmentCalendarNotDefined_IsAStartUpErrorNamingTheKey()
    {
        var errors = StartUpErrors(Mutate(c => c["Routing"]!["Departments"]!["Finance"]!["Calendar"] = "Accounts"));

        Assert.Contains("CustomerServiceCore:Routing:Departments:Finance:Calendar: no business calendar is named 'Accounts' under CustomerServiceCore:Calendars", errors, StringComparison.Ordinal);
    }

    [Fact]
    public void ShiftCalendarNotDefined_IsAStartUpErrorNamingTheKey()
    {
        var errors = StartUpErrors(Mutate(c => c["Routing"]!["Agents"]!["li"]!["Shift"] = "Night shift"));

        Assert.Contains("CustomerServiceCore:Routing:Agents:li:Shift: no business calendar is named 'Night shift'", errors, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(6)]
    [InlineData(-1)]
    public void SkillLevelOutOfRange_IsAStartUpErrorNamingTheKey(int level)
    {
        var errors = StartUpErrors(Mutate(c =>
        {
            c["Routing"]!["Agents"]!["wang"]!["Skills"]!["complaints"] = level;
            c["Routing"]!["Routes"]!["English"]!["RequiredSkills"]!["en"] = level;
        }));

        Assert.Contains($"CustomerServiceCore:Routing:Agents:wang:Skills:complaints: level {level} is outside 1 to 5", errors, StringComparison.Ordinal);
        Assert.Contains($"CustomerServiceCore:Routing:Routes:English:RequiredSkills:en: level {level} is outside 1 to 5", errors, StringComparison.Ordinal);
    }

    [Fact]
    public void MisspeltKey_IsAStartUpErrorWithTheNearestValidOne()
    {
        var errors = StartUpErrors(Mutate(c => c["Routing"]!["Queus"] = new JsonObject { ["X"] = new JsonObject { ["Strategy"] = "RoundRobin" } }));

        Assert.Contains("CustomerServiceCore:Routing:Queus: unknown key; did you mean 'Queues'?", errors, StringComparison.Ordinal);
    }

    [Fact]
    public void RuleToAnUndefinedRoute_IsAStartUpErrorNamingTheRule()
    {
        var errors = StartUpErrors(Mutate(c => c["Routing"]!["Classification"]!["Rules"]![2]!["Segment"] = "Repair"));

        Assert.Contains("CustomerServiceCore:Routing:Classification:Rules:2:Segment: route 'Repair' is not defined under Routes; did you mean 'Repairs'?", errors, StringComparison.Ordinal);
    }

    [Fact]
    public void ClassificationErrors_AreReportedUnderTheClassificationKey()
    {
        var errors = StartUpErrors(Mutate(c => c["Routing"]!["Classification"]!["Rules"]![0]!["Conditions"]![0]!["Fact"] = "Categry"));

        Assert.Contains("CustomerServiceCore:Routing:Classification:Rules:0:Conditions:0:Fact: rule 'LoyalComplaint' reads fact 'Categry'", errors, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownCategoryOrMissingStrategyOrPriority_AreStartUpErrorsNamingTheirKeys()
    {
        var errors = StartUpErrors(Mutate(c =>
        {
            c["Routing"]!["Departments"]!["Workshop"]!["Categories"]!["Repairs"] = new JsonObject { ["TimeLimit"] = "2h" };
            c["Routing"]!["Queues"]!["Front desk"]!.AsObject().Remove("Strategy");
            c["Routing"]!["Routes"]!["General"]!.AsObject().Remove("Priority");
            c["Routing"]!["Agents"]!["zhao"]!["Capacity"] = 0;
            c["Routing"]!["Departments"]!["Finance"]!["TimeLimit"] = "0h";
        }));

        Assert.Contains("CustomerServiceCore:Routing:Departments:Workshop:Categories:Repairs: 'Repairs' is not a ticket category; did you mean 'Repair'?", errors, StringComparison.Ordinal);
        Assert.Contains("CustomerServiceCore:Routing:Queues:Front desk:Strategy: queue 'Front desk' needs a strategy", errors, StringComparison.Ordinal);
        Assert.Contains("CustomerServiceCore:Routing:Routes:General:Priority: route 'General' needs a priority", errors, StringComparison.Ordinal);
        Assert.Contains("CustomerServiceCore:Routing:Agents:zhao:Capacity: 0 is outside 1 to 1000", errors, StringComparison.Ordinal);
        Assert.Contains("CustomerServiceCore:Routing:Departments:Finance:TimeLimit: must be positive", errors, StringComparison.Ordinal);
    }

    [Fact]
    public void EmptySection_IsValid_ButThereIsNoTableToResolve()
    {
        var json = Mutate(c => c.AsObject().Remove("Routing"));
        var configuration = new Microsoft.Extensions.Configuration.ConfigurationBuilder().AddJsonStream(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json))).Build();
        var services = new ServiceCollection();
        Core.Hosting.CustomerServiceCoreHostingExtensions.AddCustomerServiceCore(services, configuration).AddRouting();
        using var provider = services.BuildServiceProvider();

        Core.DependencyInjection.CustomerServiceCoreServiceCollectionExtensions.ValidateCustomerServiceCoreOptions(provider);
        var e = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<RoutingTable>());

        Assert.Contains("CustomerServiceCore:Routing", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_InCode_ReportsEveryErrorWithItsKeyAndBuildsNothing()
    {
        var options = new RoutingOptions();
        options.Routes["r"] = new RouteOptions { Queue = "nowhere", Department = "d" };
        options.Departments["d"] = new DepartmentOptions { Calendar = "missing", TimeLimit = Duration.FromHours(1) };

        var e = Assert.Throws<ArgumentException>(() => options.Build(new Dictionary<string, global::CustomerService.Core.Calendars.BusinessCalendar>(), DateTimeZoneProviders.Tzdb));

        Assert.Contains("Routing:Routes:r:Queue: unknown queue 'nowhere'", e.Message, StringComparison.Ordinal);
        Assert.Contains("Routing:Routes:r:Priority", e.Message, StringComparison.Ordinal);
        Assert.Contains("Routing:Departments:d:Calendar: no business calendar is named 'missing'", e.Message, StringComparison.Ordinal);
        Assert.Contains("Routing:Classification:Name", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_InCode_EmptyOptions_IsAnErrorNotAnEmptyTable()
    {
        var e = Assert.Throws<ArgumentException>(() => new RoutingOptions().Build(new Dictionary<string, global::CustomerService.Core.Calendars.BusinessCalendar>(), DateTimeZoneProviders.Tzdb));

        Assert.Contains("nothing is configured", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddRouting_Twice_RegistersOnce()
    {
        var services = new ServiceCollection();
        var builder = Core.DependencyInjection.CustomerServiceCoreServiceCollectionExtensions.AddCustomerServiceCore(services);

        builder.AddRouting().AddRouting();

        Assert.Single(services, d => d.ServiceType == typeof(RoutingTable));
        Assert.Single(services, d => d.ServiceType == typeof(RoutingService));
    }
}
