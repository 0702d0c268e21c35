using CustomerService.Core.Calendars;
using CustomerService.Core.Sla;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Microsoft.Extensions.Options;
using NodaTime;

namespace CustomerService.Core.Tests.Sla;

/// <summary>Per-metric calendars (issue 23): a metric counts on its own calendar, which wins over the policy's.</summary>
public sealed class SlaMetricCalendarTests
{
    private static readonly SlaMetric[] AllMetrics = [SlaMetric.FirstResponse, SlaMetric.NextResponse, SlaMetric.PeriodicUpdate, SlaMetric.Resolution];

    /// <summary>Open every day all day (00:00 to the next 00:00) in a zone: every instant is open.</summary>
    internal static BusinessCalendar AllHours(DateTimeZone zone)
    {
        var builder = BusinessCalendar.CreateBuilder("24x7 " + zone.Id, zone);
        foreach (var day in Enum.GetValues<IsoDayOfWeek>().Where(d => d != IsoDayOfWeek.None))
        {
            builder.Open(day, LocalTime.Midnight, LocalTime.Midnight);
        }

        return builder.Build();
    }

    private static readonly BusinessCalendar AllHoursUtc = AllHours(DateTimeZone.Utc);
    private static readonly BusinessCalendar AllHoursNewYork = AllHours(SlaTestData.NewYork);

    /// <summary>Policies on the Shanghai desk with the same targets for every metric; pauses for every reason.</summary>
    private static SlaPolicyBuilder Policy(SlaMetric metric, SlaTimeBasis basis)
    {
        var builder = SlaPolicy.CreateBuilder("P", SlaTestData.ShanghaiDesk, "v1").WarningThresholds(0.5, 0.9).WarningsBeforeDue(Duration.FromHours(1));
        foreach (var m in AllMetrics)
        {
            builder.Target(m, SlaPriority.Urgent, Duration.FromHours(2), m == metric ? basis : SlaTimeBasis.BusinessTime)
                .DefaultTarget(m, Duration.FromHours(8), m == metric ? basis : SlaTimeBasis.BusinessTime)
                .PauseWhen(SlaWaitReason.PendingOnCustomer, m)
                .PauseWhen(SlaWaitReason.WaitingOnThirdParty, m);
        }

        return builder;
    }

    [Property(Arbitrary = [typeof(SlaArbitraries)], MaxTest = 300)]
    public Property MetricOn24x7Calendar_GivesTheSameClockAsACalendarTimeTarget(ClockCase clockCase, bool newYork)
    {
        var own = Policy(clockCase.Metric, SlaTimeBasis.BusinessTime).MetricCalendar(clockCase.Metric, newYork ? AllHoursNewYork : AllHoursUtc).Build();
        var wall = Policy(clockCase.Metric, SlaTimeBasis.CalendarTime).Build();
        var a = own.CreateClock("T-1:m", clockCase.Metric, clockCase.Priority, clockCase.Events);
        var b = wall.CreateClock("T-1:m", clockCase.Metric, clockCase.Priority, clockCase.Events);
        var now = clockCase.Now;
        var x = a.Evaluate(now);
        var y = b.Evaluate(now);
        return (x.State == y.State && x.DueAt == y.DueAt && x.BreachedAt == y.BreachedAt && x.Elapsed == y.Elapsed
                && x.NextChangeAt == y.NextChangeAt && x.ThresholdsCrossed == y.ThresholdsCrossed && x.Remaining == y.Remaining)
            .Label($"{x.State}/{y.State} due {x.DueAt}/{y.DueAt} elapsed {x.Elapsed}/{y.Elapsed}");
    }

    [Property(Arbitrary = [typeof(SlaArbitraries)], MaxTest = 200)]
    public Property OtherMetrics_CountOnThePolicyCalendar_AndTheMetricCarriesItsOwnVersion(ClockCase clockCase)
    {
        var other = clockCase.Metric == SlaMetric.FirstResponse ? SlaMetric.Resolution : SlaMetric.FirstResponse;
        var withOwn = Policy(other, SlaTimeBasis.BusinessTime).MetricCalendar(other, AllHoursUtc, "24x7-v2").Build();
        var plain = Policy(other, SlaTimeBasis.BusinessTime).Build();
        var a = withOwn.CreateClock("T-1:m", clockCase.Metric, clockCase.Priority, clockCase.Events);
        var b = plain.CreateClock("T-1:m", clockCase.Metric, clockCase.Priority, clockCase.Events);
        var now = clockCase.Now;
        return (a.Evaluate(now).DueAt == b.Evaluate(now).DueAt && a.Evaluate(now).Elapsed == b.Evaluate(now).Elapsed
                && a.CalendarVersion == "v1" && withOwn.GetCalendarVersion(other) == "24x7-v2" && withOwn.GetCalendarVersion(clockCase.Metric) == "v1")
            .ToProperty();
    }

    [Fact]
    public void FirstResponse24x7_ResolutionInBusinessHours_EachCountsOnItsCalendar()
    {
        var policy = SlaPolicy.CreateBuilder("Standard", SlaTestData.ShanghaiDesk, "2025-03")
            .DefaultTarget(SlaMetric.FirstResponse, Duration.FromHours(2))
            .DefaultTarget(SlaMetric.Resolution, Duration.FromHours(8))
            .MetricCalendar(SlaMetric.FirstResponse, AllHoursUtc, "24x7")
            .Build();
        var friday = SlaTestData.Sh(2026, 3, 6, 17);

        var first = policy.StartClock("T-1:FirstResponse", SlaMetric.FirstResponse, SlaPriority.Normal, friday);
        var resolution = policy.StartClock("T-1:Resolution", SlaMetric.Resolution, SlaPriority.Normal, friday);

        Assert.Equal(SlaTestData.Sh(2026, 3, 6, 19), first.Evaluate(friday).DueAt);            // two hours of any time
        Assert.Equal(SlaTestData.Sh(2026, 3, 9, 17), resolution.Evaluate(friday).DueAt);       // 1 h on Friday, 7 h on Monday
        Assert.Equal(("24x7", "2025-03"), (first.CalendarVersion, resolution.CalendarVersion));
        Assert.Same(AllHoursUtc, policy.GetCalendar(SlaMetric.FirstResponse));
        Assert.Same(SlaTestData.ShanghaiDesk, policy.GetCalendar(SlaMetric.Resolution));
    }

    [Fact]
    public void WithCalendar_KeepsTheMetricsOwnCalendar_AndMovesTheOthers()
    {
        var policy = SlaPolicy.CreateBuilder("Standard", SlaTestData.ShanghaiDesk)
            .DefaultTarget(SlaMetric.FirstResponse, Duration.FromHours(2))
            .DefaultTarget(SlaMetric.Resolution, Duration.FromHours(8))
            .MetricCalendar(SlaMetric.FirstResponse, AllHoursUtc)
            .Build();

        var moved = policy.WithCalendar(SlaTestData.NewYorkNights);

        Assert.Same(AllHoursUtc, moved.GetCalendar(SlaMetric.FirstResponse));
        Assert.Same(SlaTestData.NewYorkNights, moved.GetCalendar(SlaMetric.Resolution));
        Assert.Equal(policy.GetCalendarVersion(SlaMetric.FirstResponse), moved.GetCalendarVersion(SlaMetric.FirstResponse));
        Assert.StartsWith("fp:", moved.GetCalendarVersion(SlaMetric.FirstResponse), StringComparison.Ordinal);
        Assert.NotEqual(policy.CalendarVersion, moved.CalendarVersion);
        Assert.Equal(moved.CalendarVersion, moved.GetCalendarVersion(SlaMetric.Resolution));
    }

    [Fact]
    public void MetricCalendar_BadArguments_ThrowNamingTheParameter_AndTheBuilderStillWorks()
    {
        var builder = SlaPolicy.CreateBuilder("P", SlaTestData.ShanghaiDesk).DefaultTarget(SlaMetric.FirstResponse, Duration.FromHours(1));
        builder.MetricCalendar(SlaMetric.FirstResponse, AllHoursUtc);

        Assert.Equal("metric", Assert.Throws<ArgumentException>(() => builder.MetricCalendar(SlaMetric.FirstResponse, AllHoursNewYork)).ParamName);
        Assert.Equal("metric", Assert.Throws<ArgumentOutOfRangeException>(() => builder.MetricCalendar(SlaMetric.Unspecified, AllHoursUtc)).ParamName);
        Assert.Equal("calendar", Assert.Throws<ArgumentNullException>(() => builder.MetricCalendar(SlaMetric.Resolution, null!)).ParamName);
        Assert.Equal("calendarVersion", Assert.Throws<ArgumentException>(() => builder.MetricCalendar(SlaMetric.Resolution, AllHoursUtc, " ")).ParamName);
        Assert.Equal("metric", Assert.Throws<ArgumentOutOfRangeException>(() => SlaTestData.Standard.GetCalendar(SlaMetric.Unspecified)).ParamName);

        var policy = builder.Build();
        Assert.Same(AllHoursUtc, policy.GetCalendar(SlaMetric.FirstResponse));
        Assert.Same(SlaTestData.ShanghaiDesk, policy.GetCalendar(SlaMetric.Resolution));
    }

    [Fact]
    public void FromOptions_MetricCalendar_IsResolvedByName_WithItsVersion()
    {
        var options = new SlaPolicyOptions { Name = "Standard", Calendar = "Shanghai desk", CalendarVersion = "2025-03" };
        options.Metrics["FirstResponse"] = new SlaMetricOptions { Calendar = "Around the clock", CalendarVersion = "24x7-1" };
        options.Metrics["FirstResponse"].Targets["Default"] = "2h";
        options.Metrics["Resolution"] = new SlaMetricOptions();
        options.Metrics["Resolution"].Targets["Default"] = "8h";

        var policy = SlaPolicy.FromOptions(options, name => name switch { "Shanghai desk" => SlaTestData.ShanghaiDesk, "Around the clock" => AllHoursUtc, _ => null });

        Assert.Same(AllHoursUtc, policy.GetCalendar(SlaMetric.FirstResponse));
        Assert.Equal("24x7-1", policy.StartClock("T-1:FirstResponse", SlaMetric.FirstResponse, SlaPriority.Normal, SlaTestData.Sh(2026, 3, 2, 9)).CalendarVersion);
        Assert.Equal("2025-03", policy.GetCalendarVersion(SlaMetric.Resolution));
    }

    [Fact]
    public void FromOptions_BadMetricCalendar_NamesTheKey()
    {
        var options = new SlaPolicyOptions { Name = "Standard", Calendar = "Shanghai desk" };
        options.Metrics["FirstResponse"] = new SlaMetricOptions { Calendar = "Nowhere" };
        options.Metrics["FirstResponse"].Targets["Default"] = "2h";
        options.Metrics["Resolution"] = new SlaMetricOptions { CalendarVersion = "v1" };
        options.Metrics["Resolution"].Targets["Default"] = "8h";
        options.Metrics["NextResponse"] = new SlaMetricOptions { Calendar = " " };
        options.Metrics["NextResponse"].Targets["Default"] = "8h";

        var error = Assert.Throws<OptionsValidationException>(() => SlaPolicy.FromOptions(options, name => name == "Shanghai desk" ? SlaTestData.ShanghaiDesk : null));

        Assert.Contains(error.Failures, f => f.StartsWith("Metrics:FirstResponse:Calendar: ", StringComparison.Ordinal) && f.Contains("'Nowhere'", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.StartsWith("Metrics:Resolution:CalendarVersion: ", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.StartsWith("Metrics:NextResponse:Calendar: ", StringComparison.Ordinal));
    }

    /// <summary>The C# example of docs/sla.md, "Calendar resolution and per-metric calendars", line for line.</summary>
    [Fact]
    public void DocsExample_FirstResponseAroundTheClock_ResolutionInBusinessHours()
    {
        var shanghaiDesk = SlaTestData.ShanghaiDesk;
        var aroundTheClock = BusinessCalendar.CreateBuilder("Around the clock", DateTimeZone.Utc);
        foreach (var day in new[] { IsoDayOfWeek.Monday, IsoDayOfWeek.Tuesday, IsoDayOfWeek.Wednesday, IsoDayOfWeek.Thursday,
                                    IsoDayOfWeek.Friday, IsoDayOfWeek.Saturday, IsoDayOfWeek.Sunday })
        {
            aroundTheClock.Open(day, LocalTime.Midnight, LocalTime.Midnight);      // a whole day: 00:00 to the next 00:00
        }

        var policy = SlaPolicy.CreateBuilder("Standard", shanghaiDesk, "2025-03")
            .DefaultTarget(SlaMetric.FirstResponse, Duration.FromHours(2))
            .DefaultTarget(SlaMetric.Resolution, Duration.FromHours(8))
            .MetricCalendar(SlaMetric.FirstResponse, aroundTheClock.Build(), "24x7")
            .Build();

        var friday = SlaTestData.Sh(2026, 3, 6, 17);
        Assert.Equal(SlaTestData.Sh(2026, 3, 6, 19), policy.StartClock("T-1:FirstResponse", SlaMetric.FirstResponse, SlaPriority.Normal, friday).Evaluate(friday).DueAt);
        Assert.Equal(SlaTestData.Sh(2026, 3, 9, 17), policy.StartClock("T-1:Resolution", SlaMetric.Resolution, SlaPriority.Normal, friday).Evaluate(friday).DueAt);
        Assert.Contains("MetricCalendar(SlaMetric.FirstResponse, aroundTheClock.Build(), \"24x7\")", RepositoryFiles.Read("docs", "sla.md"), StringComparison.Ordinal);
    }
}
