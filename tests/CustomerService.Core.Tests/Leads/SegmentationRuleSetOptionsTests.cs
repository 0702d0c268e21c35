using System.Text;
using CustomerService.Core.DependencyInjection;
using CustomerService.Core.Leads;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NodaTime;

namespace CustomerService.Core.Tests.Leads;

public sealed class SegmentationRuleSetOptionsTests
{
    private const string ValidJson = """
    {
      "Name": "vip",
      "TimeZone": "Asia/Shanghai",
      "Mode": "FirstMatch",
      "DefaultSegment": "Other",
      "Facts": [
        { "Name": "LastPurchase", "Kind": "Date" },
        { "Name": "Spend", "Kind": "Number" },
        { "Name": "Channel", "Kind": "Enum", "Values": [ "Store", "Online" ] }
      ],
      "Rules": [
        { "Name": "BigRecent", "Segment": "Vip", "Conditions": [
          { "Fact": "LastPurchase", "Operator": "DateOnOrAfter", "Offset": "-P90D" },
          { "Fact": "Spend", "Operator": "AtLeast", "Value": 5000 } ] },
        { "Name": "Web", "Segment": "Online", "Conditions": [ { "Fact": "Channel", "Operator": "In", "Values": [ "Online" ] } ] }
      ]
    }
    """;

    private static SegmentationRuleSetOptions Bind(string json)
    {
        var configuration = new ConfigurationBuilder().AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(json))).Build();
        var options = new SegmentationRuleSetOptions();
        configuration.Bind(options);
        return options;
    }

    [Fact]
    public void Build_BoundFromJson_SegmentsLikeCodeBuiltRules()
    {
        var rules = Bind(ValidJson).Build(DateTimeZoneProviders.Tzdb);
        var row = rules.Schema.CreateRow();
        row[0] = FactValue.FromDate(new LocalDate(2026, 9, 1));
        row[1] = FactValue.FromNumber(6000);

        Assert.Equal("Vip", rules.For(new LocalDate(2026, 11, 23)).Evaluate(row).Segment);
        Assert.Equal("Other", rules.For(new LocalDate(2026, 12, 23)).Evaluate(row).Segment);
        Assert.Equal("Asia/Shanghai", rules.Zone.Id);
    }

    [Fact]
    public void Validate_Valid_Succeeds()
    {
        var result = new SegmentationRuleSetOptionsValidator(DateTimeZoneProviders.Tzdb).Validate(null, Bind(ValidJson));
        Assert.True(result.Succeeded);
    }

    [Fact]
    public void Validate_EveryError_IsReportedWithItsKeyAndRule()
    {
        var json = ValidJson
            .Replace("Asia/Shanghai", "Mars/Olympus", StringComparison.Ordinal)
            .Replace("\"-P90D\"", "\"ninety days\"", StringComparison.Ordinal)
            .Replace("\"Fact\": \"Spend\"", "\"Fact\": \"Spent\"", StringComparison.Ordinal)
            .Replace("[ \"Online\" ] } ] }", "[ \"Fax\" ] } ] }", StringComparison.Ordinal);

        var result = new SegmentationRuleSetOptionsValidator(DateTimeZoneProviders.Tzdb).Validate(null, Bind(json));

        Assert.True(result.Failed);
        var failures = result.Failures!.ToList();
        Assert.Contains(failures, f => f.StartsWith("TimeZone:", StringComparison.Ordinal) && f.Contains("Mars/Olympus", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Rules:0:Conditions:0:Offset:", StringComparison.Ordinal) && f.Contains("BigRecent", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Rules:0:Conditions:1:Fact:", StringComparison.Ordinal) && f.Contains("Spent", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Rules:1:Conditions:0:Fact:", StringComparison.Ordinal) && f.Contains("Fax", StringComparison.Ordinal));
        Assert.Equal(4, failures.Count);
    }

    [Fact]
    public void Validate_MissingPieces_NamesKeys()
    {
        var options = new SegmentationRuleSetOptions { TimeZone = "UTC" };
        options.Facts.Add(new FactOptions { Name = "X" });
        options.Rules.Add(new RuleOptions());
        options.Rules[0].Conditions.Add(new ConditionOptions { Fact = "X", Operator = ConditionOperator.AtLeast });

        var failures = new SegmentationRuleSetOptionsValidator(DateTimeZoneProviders.Tzdb).Validate(null, options).Failures!.ToList();

        Assert.Contains(failures, f => f.StartsWith("Name:", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("DefaultSegment:", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Facts:0:Kind:", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Rules:0:Name:", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Rules:0:Segment:", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Rules:0:Conditions:0:Value:", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_DuplicateRulesAndBands_NamesKeys()
    {
        var options = new SegmentationRuleSetOptions { Name = "s", TimeZone = "UTC", Mode = RuleSetMode.Scoring, DefaultSegment = "Low" };
        options.Rules.Add(new RuleOptions { Name = "R", Score = 1 });
        options.Rules.Add(new RuleOptions { Name = "R", Score = 2 });
        options.Bands.Add(new ScoreBandOptions { MinScore = 1, Segment = "High" });
        options.Bands.Add(new ScoreBandOptions { MinScore = 1, Segment = "" });

        var failures = new SegmentationRuleSetOptionsValidator(DateTimeZoneProviders.Tzdb).Validate(null, options).Failures!.ToList();

        Assert.Contains(failures, f => f.StartsWith("Rules:1:Name:", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Bands:1:Segment:", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Bands:1:MinScore:", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_MisspeltRulesKey_ReportsRulesKey()
    {
        var options = Bind(ValidJson.Replace("\"Rules\":", "\"Rule\":", StringComparison.Ordinal));

        var result = new SegmentationRuleSetOptionsValidator(DateTimeZoneProviders.Tzdb).Validate(null, options);

        Assert.True(result.Failed);
        var failure = Assert.Single(result.Failures!);
        Assert.StartsWith("Rules: rule set 'vip' has no rules", failure, StringComparison.Ordinal);
        var error = Assert.Throws<ArgumentException>(() => options.Build(DateTimeZoneProviders.Tzdb));
        Assert.Contains("Rules: rule set 'vip' has no rules", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ScoringWithoutBands_ReportsBandsKey()
    {
        var options = new SegmentationRuleSetOptions { Name = "s", TimeZone = "UTC", Mode = RuleSetMode.Scoring, DefaultSegment = "Low" };
        options.Rules.Add(new RuleOptions { Name = "Always", Score = 1 });

        var failures = new SegmentationRuleSetOptionsValidator(DateTimeZoneProviders.Tzdb).Validate(null, options).Failures!.ToList();

        Assert.StartsWith("Bands: scoring rule set 's' has no score bands", Assert.Single(failures), StringComparison.Ordinal);
    }

    [Fact]
    public void ValidateCustomerServiceCoreOptions_MisspeltRulesKey_NamesTheFullKey()
    {
        const string json = """
            { "CustomerServiceCore": { "Leads": { "RuleSets": { "vip": {
                "TimeZone": "Asia/Shanghai", "DefaultSegment": "Other",
                "Facts": [ { "Name": "Spend", "Kind": "Number" } ],
                "Ruls": [ { "Name": "Big", "Segment": "Vip", "Conditions": [ { "Fact": "Spend", "Operator": "AtLeast", "Value": 1000 } ] } ] } } } } }
            """;
        var services = new ServiceCollection();
        services.AddOptions<CustomerServiceCoreOptions>().Bind(new ConfigurationBuilder().AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(json))).Build().GetSection(CustomerServiceCoreOptions.SectionName));
        using var provider = services.AddCustomerServiceCore().Services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(provider.ValidateCustomerServiceCoreOptions);

        Assert.Contains(error.Failures, f => f.StartsWith("CustomerServiceCore:Leads:RuleSets:vip:Rules: rule set 'vip' has no rules", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_NullListEntries_NameEachKey()
    {
        var options = Bind(ValidJson);
        options.Facts.Add(null!);
        options.Facts[2].Values.Add(null!);
        options.Rules[0].Conditions.Add(null!);
        options.Rules[1].Conditions[0].Values.Add(null!);
        options.Rules.Add(null!);

        var result = new SegmentationRuleSetOptionsValidator(DateTimeZoneProviders.Tzdb).Validate(null, options);

        var failures = result.Failures!.ToList();
        foreach (var key in new[] { "Facts:3:", "Facts:2:Values:2:", "Rules:0:Conditions:2:", "Rules:1:Conditions:0:Values:1:", "Rules:2:" })
        {
            Assert.Contains(failures, f => f.StartsWith(key, StringComparison.Ordinal));
        }

        var error = Assert.Throws<ArgumentException>(() => options.Build(DateTimeZoneProviders.Tzdb));
        Assert.Contains("Rules:2:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_NullBand_NamesItsKey()
    {
        var options = new SegmentationRuleSetOptions { Name = "s", TimeZone = "UTC", Mode = RuleSetMode.Scoring, DefaultSegment = "Low" };
        options.Rules.Add(new RuleOptions { Name = "Always", Score = 1 });
        options.Bands.Add(new ScoreBandOptions { MinScore = 1, Segment = "High" });
        options.Bands.Add(null!);

        var failures = new SegmentationRuleSetOptionsValidator(DateTimeZoneProviders.Tzdb).Validate(null, options).Failures!.ToList();

        Assert.StartsWith("Bands:1:", Assert.Single(failures), StringComparison.Ordinal);
    }

    [Fact]
    public void ValidateCustomerServiceCoreOptions_NullRuleEntry_NamesTheFullKey()
    {
        var services = new ServiceCollection();
        services.AddCustomerServiceCore(o =>
        {
            var vip = Bind(ValidJson);
            vip.Rules.Add(null!);
            o.Leads.RuleSets["vip"] = vip;
        });
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(provider.ValidateCustomerServiceCoreOptions);

        Assert.Contains(error.Failures, f => f.StartsWith("CustomerServiceCore:Leads:RuleSets:vip:Rules:2:", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("PT36H")]
    [InlineData("P1DT1M")]
    [InlineData("-P-2147483648Y")]
    public void Validate_OffsetThatIsNoDatePeriod_NamesOffsetKey(string offset)
    {
        var options = Bind(ValidJson.Replace("\"-P90D\"", $"\"{offset}\"", StringComparison.Ordinal));

        var failures = new SegmentationRuleSetOptionsValidator(DateTimeZoneProviders.Tzdb).Validate(null, options).Failures!.ToList();

        Assert.StartsWith("Rules:0:Conditions:0:Offset:", Assert.Single(failures), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ScoreThatCouldOverflowTheTotal_NamesScoreKey()
    {
        var options = new SegmentationRuleSetOptions { Name = "s", TimeZone = "UTC", Mode = RuleSetMode.Scoring, DefaultSegment = "Low" };
        options.Rules.Add(new RuleOptions { Name = "Huge", Score = int.MaxValue });
        options.Bands.Add(new ScoreBandOptions { MinScore = 1, Segment = "High" });

        var failures = new SegmentationRuleSetOptionsValidator(DateTimeZoneProviders.Tzdb).Validate(null, options).Failures!.ToList();

        Assert.StartsWith("Rules:0:Score:", Assert.Single(failures), StringComparison.Ordinal);
    }

    [Fact]
    public void Build_Invalid_ThrowsWithEveryKey()
    {
        var options = Bind(ValidJson.Replace("Asia/Shanghai", "Nowhere", StringComparison.Ordinal));
        var error = Assert.Throws<ArgumentException>(() => options.Build(DateTimeZoneProviders.Tzdb));
        Assert.Contains("TimeZone", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_Scoring_FromOptions_UsesBands()
    {
        var options = new SegmentationRuleSetOptions { Name = "s", TimeZone = "UTC", Mode = RuleSetMode.Scoring, DefaultSegment = "Low" };
        options.Facts.Add(new FactOptions { Name = "Complaints", Kind = FactKind.Count });
        options.Rules.Add(new RuleOptions { Name = "Complained", Score = 50 });
        options.Rules[0].Conditions.Add(new ConditionOptions { Fact = "Complaints", Operator = ConditionOperator.AtLeast, Value = 1 });
        options.Bands.Add(new ScoreBandOptions { MinScore = 50, Segment = "High" });

        var rules = options.Build(DateTimeZoneProviders.Tzdb);

        Assert.Equal("High", rules.For(new LocalDate(2026, 1, 1)).Evaluate([FactValue.FromCount(2)]).Segment);
        Assert.Equal("Low", rules.For(new LocalDate(2026, 1, 1)).Evaluate([FactValue.FromCount(0)]).Segment);
    }
}
