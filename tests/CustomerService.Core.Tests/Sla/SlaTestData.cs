using CustomerService.Core.Calendars;
using CustomerService.Core.Sla;
using NodaTime;

namespace CustomerService.Core.Tests.Sla;

/// <summary>Calendars, policies and instants shared by the SLA tests.</summary>
internal static class SlaTestData
{
    public static readonly DateTimeZone Shanghai = DateTimeZoneProviders.Tzdb["Asia/Shanghai"];

    public static readonly DateTimeZone NewYork = DateTimeZoneProviders.Tzdb["America/New_York"];

    /// <summary>A Shanghai desk: Monday to Friday 09:00–12:00 and 13:00–18:00.</summary>
    public static BusinessCalendar ShanghaiDesk { get; } = BuildShanghaiDesk();

    /// <summary>A New York night shift: every day 22:00–06:00.</summary>
    public static BusinessCalendar NewYorkNights { get; } = BusinessCalendar.CreateBuilder("New York nights", NewYork)
        .Open(IsoDayOfWeek.Monday, new LocalTime(22, 0), new LocalTime(6, 0))
        .Open(IsoDayOfWeek.Tuesday, new LocalTime(22, 0), new LocalTime(6, 0))
        .Open(IsoDayOfWeek.Wednesday, new LocalTime(22, 0), new LocalTime(6, 0))
        .Open(IsoDayOfWeek.Thursday, new LocalTime(22, 0), new LocalTime(6, 0))
        .Open(IsoDayOfWeek.Friday, new LocalTime(22, 0), new LocalTime(6, 0))
        .Open(IsoDayOfWeek.Saturday, new LocalTime(22, 0), new LocalTime(6, 0))
        .Open(IsoDayOfWeek.Sunday, new LocalTime(22, 0), new LocalTime(6, 0))
        .Build();

    /// <summary>
    /// The standard policy on the Shanghai desk: first response 2 h urgent / 8 h otherwise, next response 4 h, periodic update
    /// 24 h of calendar time, resolution 24 business hours; first response and resolution pause while pending on the
    /// customer, resolution also while dispatched to another department.
    /// </summary>
    public static SlaPolicy Standard { get; } = StandardBuilder(ShanghaiDesk, "v1").Build();

    public static SlaPolicyBuilder StandardBuilder(BusinessCalendar calendar, string? version) =>
        SlaPolicy.CreateBuilder("Standard", calendar, version)
            .Target(SlaMetric.FirstResponse, SlaPriority.Urgent, Duration.FromHours(2))
            .DefaultTarget(SlaMetric.FirstResponse, Duration.FromHours(8))
            .DefaultTarget(SlaMetric.NextResponse, Duration.FromHours(4))
            .DefaultTarget(SlaMetric.PeriodicUpdate, Duration.FromHours(24), SlaTimeBasis.CalendarTime)
            .DefaultTarget(SlaMetric.Resolution, Duration.FromHours(24))
            .PauseWhen(SlaWaitReason.PendingOnCustomer, SlaMetric.FirstResponse, SlaMetric.NextResponse, SlaMetric.Resolution)
            .PauseWhen(SlaWaitReason.DispatchedToDepartment, SlaMetric.Resolution);

    /// <summary>An instant from a local date and time in Shanghai (no DST there, so the mapping is unique).</summary>
    public static Instant Sh(int year, int month, int day, int hour, int minute = 0, int second = 0) =>
        new LocalDateTime(year, month, day, hour, minute, second).InZoneStrictly(Shanghai).ToInstant();

    private static BusinessCalendar BuildShanghaiDesk() => BusinessCalendar.CreateBuilder("Shanghai desk", Shanghai)
        .OpenWeekdays(new LocalTime(9, 0), new LocalTime(12, 0))
        .OpenWeekdays(new LocalTime(13, 0), new LocalTime(18, 0))
        .Build();
}
