using System.Globalization;
using CustomerService.Core.Calendars;
using CustomerService.Core.Sla;
using NodaTime;
using NodaTime.Text;

namespace CustomerService.Core.Tour;

/// <summary>SLA clocks on a Shanghai help desk: due times, a pause while waiting on the customer, warnings, a breach, a calendar edit.</summary>
internal static class SlaSection
{
    public static void Run(TextWriter output)
    {
        var zone = DateTimeZoneProviders.Tzdb["Asia/Shanghai"];
        var desk = BusinessCalendar.CreateBuilder("Shanghai desk", zone)
            .OpenWeekdays(new LocalTime(9, 0), new LocalTime(12, 0))
            .OpenWeekdays(new LocalTime(13, 0), new LocalTime(18, 0))
            .Build();
        var policy = SlaPolicy.CreateBuilder("Standard", desk, "2025-03")
            .Target(SlaMetric.FirstResponse, SlaPriority.Urgent, Duration.FromHours(2))
            .DefaultTarget(SlaMetric.FirstResponse, Duration.FromHours(8))
            .DefaultTarget(SlaMetric.Resolution, Duration.FromHours(24))
            .PauseWhen(SlaWaitReason.PendingOnCustomer, SlaMetric.FirstResponse, SlaMetric.Resolution)
            .Build();

        var pattern = ZonedDateTimePattern.CreateWithInvariantCulture("ddd uuuu-MM-dd HH:mm", null);
        string Local(Instant? instant) => instant is { } i ? pattern.Format(i.InZone(zone)) : "-";
        Instant At(int day, int hour, int minute = 0) => new LocalDateTime(2025, 3, day, hour, minute).InZoneStrictly(zone).ToInstant();

        // An urgent ticket arrives on Friday afternoon: two business hours run into Monday morning.
        var firstResponse = policy.StartClock("T-1001/first-response", SlaMetric.FirstResponse, SlaPriority.Urgent, At(7, 17, 30));
        output.WriteLine($"Urgent ticket at {Local(At(7, 17, 30))}: first response due {Local(firstResponse.Evaluate(At(7, 17, 30)).DueAt)}");

        // A normal ticket's resolution clock, paused while the customer is asked for a photo.
        var resolution = policy.CreateClock("T-1002/resolution", SlaMetric.Resolution, SlaPriority.Normal,
        [
            SlaClockEvent.Started(At(3, 9)),
            SlaClockEvent.Paused(At(3, 11), SlaWaitReason.PendingOnCustomer),
            SlaClockEvent.Resumed(At(4, 9)),
        ]);
        var status = resolution.Evaluate(At(5, 17));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Resolution of T-1002 at {Local(status.EvaluatedAt)}: {status.State}, elapsed {status.Elapsed.TotalHours:0.##} h, remaining {status.Remaining.TotalHours:0.##} h, due {Local(status.DueAt)}"));
        for (var i = 0; i < status.ThresholdsCrossed; i++)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  warning {resolution.WarningThresholds[i]:P0} crossed at {Local(status.GetThresholdCrossedAt(i))}"));
        }

        output.WriteLine($"  next change at {Local(status.NextChangeAt)} (set one timer there)");

        // Late on Monday the urgent ticket has breached; the monitor finds it among all clocks in one pass.
        var clocks = new[] { firstResponse, resolution };
        var attention = new int[clocks.Length];
        var scan = SlaMonitor.Scan(clocks, At(10, 12), attention);
        foreach (var index in attention.AsSpan(0, scan.Written))
        {
            var s = clocks[index].Evaluate(At(10, 12));
            output.WriteLine($"Needs attention at {Local(At(10, 12))}: {clocks[index].Id} {s.State}, breached at {Local(s.BreachedAt)}");
        }

        // The desk declares Wednesday 5 March closed after the fact: recompute from the same events.
        var edited = BusinessCalendar.CreateBuilder("Shanghai desk", zone)
            .OpenWeekdays(new LocalTime(9, 0), new LocalTime(12, 0))
            .OpenWeekdays(new LocalTime(13, 0), new LocalTime(18, 0))
            .Closed(new LocalDate(2025, 3, 5))
            .Build();
        var recomputed = resolution.Recompute(policy.WithCalendar(edited, "2025-03b"));
        output.WriteLine($"After closing Wednesday (calendar {recomputed.CalendarVersion}): due {Local(recomputed.Evaluate(At(4, 9)).DueAt)} instead of {Local(resolution.Evaluate(At(4, 9)).DueAt)}");
    }
}
