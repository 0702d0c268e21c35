using System.Text;
using CustomerService.Core.Calendars;
using CustomerService.Core.Sla;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using NodaTime;
using static CustomerService.Core.Tests.Sla.SlaTestData;

namespace CustomerService.Core.Tests.Sla;

public sealed class SlaPolicyOptionsTests
{
    private const string Json = """
        {
          "Sla": {
            "Name": "Standard",
            "Calendar": "Shanghai desk",
            "CalendarVersion": "2025-03",
            "WarningThresholds": [ 0.6, 0.8 ],
            "Metrics": {
              "FirstResponse": { "Targets": { "Urgent": "2h", "Default": "08:00" }, "PauseWhen": [ "PendingOnCustomer" ] },
              "PeriodicUpdate": { "Basis": "CalendarTime", "Targets": { "Default": "1.00:00:00" } },
              "Resolution": { "Targets": { "Default": "24h" }, "PauseWhen": [ "PendingOnCustomer", "DispatchedToDepartment" ] }
            }
          }
        }
        """;

    private static SlaPolicyOptions Bind(string json)
    {
        var configuration = new ConfigurationBuilder().AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(json))).Build();
        var options = new SlaPolicyOptions();
        configuration.GetSection("Sla").Bind(options);
        return options;
    }

    private static BusinessCalendar? Resolve(string name) => name == "Shanghai desk" ? ShanghaiDesk : null;

    [Fact]
    public void FromOptions_BoundFromJson_BuildsThePolicyItDescribes()
    {
        var options = Bind(Json);

        Assert.True(new SlaPolicyOptionsValidator().Validate(null, options).Succeeded);
        var policy = SlaPolicy.FromOptions(options, Resolve);

        Assert.Equal("Standard", policy.Name);
        Assert.Equal("2025-03", policy.CalendarVersion);
        Assert.Equal([0.6, 0.8], policy.WarningThresholds.ToArray());
        Assert.True(policy.TryGetTarget(SlaMetric.FirstResponse, SlaPriority.Urgent, out var urgent));
        Assert.Equal(Duration.FromHours(2), urgent.Duration);
        Assert.True(policy.TryGetTarget(SlaMetric.FirstResponse, SlaPriority.Low, out var low));
        Assert.Equal(Duration.FromHours(8), low.Duration);
        Assert.True(policy.TryGetTarget(SlaMetric.PeriodicUpdate, SlaPriority.Low, out var update));
        Assert.Equal(new SlaTarget(SlaMetric.PeriodicUpdate, null, Duration.FromHours(24), SlaTimeBasis.CalendarTime), update);
        Assert.True(policy.PausesFor(SlaMetric.Resolution, SlaWaitReason.DispatchedToDepartment));
        Assert.False(policy.PausesFor(SlaMetric.FirstResponse, SlaWaitReason.DispatchedToDepartment));
    }

    [Fact]
    public void FromOptions_SameAsTheBuilder_GivesTheSameDueTimes()
    {
        var fromOptions = SlaPolicy.FromOptions(Bind(Json), Resolve);
        var start = Sh(2025, 3, 3, 10);

        var a = fromOptions.StartClock("O-1", SlaMetric.Resolution, SlaPriority.Normal, start).Evaluate(start);
        var b = Standard.StartClock("O-1", SlaMetric.Resolution, SlaPriority.Normal, start).Evaluate(start);

        Assert.Equal(b.DueAt, a.DueAt);
    }

    [Fact]
    public void Validate_BadValues_NamesEveryBadKey()
    {
        var options = Bind("""
            {
              "Sla": {
                "WarningThresholds": [ 0.9, 0.5 ],
                "CalendarVersion": " ",
                "Metrics": {
                  "FirstReply": { "Targets": { "Default": "2h" } },
                  "FirstResponse": { "Basis": "Weekdays", "Targets": { "Urgent": "two hours", "Normal": "-1h", "Bad Key": "1h" }, "PauseWhen": [ "Lunch" ] },
                  "Resolution": { "Targets": { "Default": "00:00" } },
                  "NextResponse": { "Basis": "BusinessTime" }
                }
              }
            }
            """);

        var result = new SlaPolicyOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        string[] keys =
        [
            "Name:", "Calendar:", "CalendarVersion:", "WarningThresholds:", "Metrics:FirstReply:", "Metrics:FirstResponse:Basis:",
            "Metrics:FirstResponse:Targets:Urgent:", "Metrics:FirstResponse:Targets:Normal:", "Metrics:FirstResponse:Targets:Bad Key:",
            "Metrics:FirstResponse:PauseWhen:0:", "Metrics:Resolution:Targets:Default:", "Metrics:NextResponse:Targets:",
        ];
        var failures = result.Failures!.ToList();
        foreach (var key in keys)
        {
            Assert.Contains(failures, f => f.StartsWith(key, StringComparison.Ordinal));
        }

        Assert.Equal(keys.Length, failures.Count);
    }

    [Fact]
    public void FromOptions_UnknownCalendar_ThrowsNamingTheKey()
    {
        var options = Bind(Json);
        options.Calendar = "Berlin desk";

        var error = Assert.Throws<OptionsValidationException>(() => SlaPolicy.FromOptions(options, Resolve));

        Assert.Contains(error.Failures, f => f.StartsWith("Calendar:", StringComparison.Ordinal) && f.Contains("Berlin desk", StringComparison.Ordinal));
    }

    [Fact]
    public void FromOptions_Invalid_ThrowsWithEveryFailure()
    {
        var options = new SlaPolicyOptions { Name = "Empty", Calendar = "Shanghai desk" };

        var error = Assert.Throws<OptionsValidationException>(() => SlaPolicy.FromOptions(options, Resolve));

        Assert.Equal(typeof(SlaPolicyOptions), error.OptionsType);
        Assert.Contains(error.Failures, f => f.StartsWith("Metrics:", StringComparison.Ordinal));
    }

    [Fact]
    public void Options_Defaults_AreEmptyAndMeanDefaultThresholds()
    {
        var options = new SlaPolicyOptions();

        Assert.Null(options.WarningThresholds);
        Assert.Empty(options.Metrics);
        Assert.Null(new SlaMetricOptions().Basis);
    }

    [Fact]
    public void Validate_UnspecifiedEnumNames_AreRejectedNamingTheirKeys()
    {
        var options = Bind("""
            {
              "Sla": {
                "Name": "Standard",
                "Calendar": "Shanghai desk",
                "Metrics": {
                  "Unspecified": { "Targets": { "Default": "2h" } },
                  "Resolution": { "Basis": "Unspecified", "Targets": { "Default": "24h" }, "PauseWhen": [ "None" ] }
                }
              }
            }
            """);

        var failures = new SlaPolicyOptionsValidator().Validate(null, options).Failures!.ToArray();

        Assert.Contains(failures, f => f.StartsWith("Metrics:Unspecified:", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Metrics:Resolution:Basis:", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Metrics:Resolution:PauseWhen:0:", StringComparison.Ordinal));
        Assert.DoesNotContain(failures, f => f.Contains("use one of Unspecified", StringComparison.Ordinal) || f.Contains("use one of None", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("999999999h")]
    [InlineData("999999999m")]
    [InlineData("10675199.02:48:05")]
    [InlineData("-1h")]
    [InlineData("0s")]
    public void Validate_TargetTooLongOrNotPositive_NamesTheKeyInsteadOfThrowing(string target)
    {
        var options = Bind($$"""{ "Sla": { "Name": "P", "Calendar": "Shanghai desk", "Metrics": { "Resolution": { "Targets": { "Default": "{{target}}" } } } } }""");

        var failure = Assert.Single(new SlaPolicyOptionsValidator().Validate(null, options).Failures!);

        Assert.StartsWith("Metrics:Resolution:Targets:Default:", failure, StringComparison.Ordinal);
    }
}
