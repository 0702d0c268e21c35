using System.Globalization;
using CustomerService.Core.Calendars;
using NodaTime;
using NodaTime.Text;

namespace CustomerService.Core.Tour;

/// <summary>
/// Business calendars: a due time across National Day 2025 in Shanghai, where a make-up Saturday (调休) is a working
/// day, and a New York night shift across both DST changes.
/// </summary>
internal static class CalendarsSection
{
    private static readonly ZonedDateTimePattern Pattern =
        ZonedDateTimePattern.CreateWithInvariantCulture("ddd uuuu'-'MM'-'dd HH':'mm o<g>", DateTimeZoneProviders.Tzdb);

    public static void Run(TextWriter output)
    {
        NationalDay(output);
        NightShift(output);
    }

    private static void NationalDay(TextWriter output)
    {
        // National Day and Mid-Autumn 2025: off 1-8 October; Sunday 28 September and Saturday 11 October are worked
        // (State Council General Office notice of 2024-11-12). A host loads these from its own configuration.
        var shanghai = DateTimeZoneProviders.Tzdb["Asia/Shanghai"];
        var morning = (Start: new LocalTime(9, 0), End: new LocalTime(12, 0));
        var afternoon = (Start: new LocalTime(13, 0), End: new LocalTime(18, 0));
        BusinessCalendar Build(bool withMakeUpDays)
        {
            var builder = BusinessCalendar.CreateBuilder("Shanghai help desk", shanghai)
                .OpenWeekdays(morning.Start, morning.End)
                .OpenWeekdays(afternoon.Start, afternoon.End);
            for (var day = 1; day <= 8; day++)
            {
                builder.Closed(new LocalDate(2025, 10, day));
            }

            if (withMakeUpDays)
            {
                foreach (var date in new[] { new LocalDate(2025, 9, 28), new LocalDate(2025, 10, 11) })
                {
                    builder.OpenOn(date, morning.Start, morning.End).OpenOn(date, afternoon.Start, afternoon.End);
                }
            }

            return builder.Build();
        }

        var desk = Build(withMakeUpDays: true);
        var opened = new LocalDateTime(2025, 9, 30, 16, 0).InZoneStrictly(shanghai).ToInstant();
        var target = Duration.FromHours(24);
        var due = desk.Add(opened, target);
        output.WriteLine($"{desk}: ticket opened {Format(opened, shanghai)}, resolution target {target.TotalHours} business hours");
        output.WriteLine($"  due {Format(due, shanghai)} (the make-up Saturday counts; the holiday week does not)");
        output.WriteLine($"  without make-up days it would be due {Format(Build(withMakeUpDays: false).Add(opened, target), shanghai)}");
        output.WriteLine($"  open now at {Format(opened, shanghai)}? {desk.IsOpen(opened)}; next opening after 18:00: {Format(desk.NextOpening(opened + Duration.FromHours(2)), shanghai)}");
        var checkedAt = new LocalDateTime(2025, 10, 10, 12, 30).InZoneStrictly(shanghai).ToInstant();
        output.WriteLine($"  business time elapsed by {Format(checkedAt, shanghai)}: {desk.BusinessTimeBetween(opened, checkedAt).TotalHours} h");
    }

    private static void NightShift(TextWriter output)
    {
        var newYork = DateTimeZoneProviders.Tzdb["America/New_York"];
        var builder = BusinessCalendar.CreateBuilder("New York night shift", newYork);
        for (var day = IsoDayOfWeek.Monday; day <= IsoDayOfWeek.Sunday; day++)
        {
            builder.Open(day, new LocalTime(22, 0), new LocalTime(6, 0));
        }

        var shift = builder.Build();
        output.WriteLine($"{shift}: open 22:00-06:00 every night");
        foreach (var night in new[] { new LocalDate(2025, 3, 8), new LocalDate(2025, 11, 1) })
        {
            var start = night.At(new LocalTime(22, 0)).InZoneStrictly(newYork).ToInstant();
            var length = shift.BusinessTimeBetween(start, start + Duration.FromHours(12));
            var due = shift.Add(start, Duration.FromHours(8));
            output.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"  the shift starting {Format(start, newYork)} lasts {length.TotalHours} h; 8 business hours from its start are due {Format(due, newYork)}"));
        }
    }

    private static string Format(Instant instant, DateTimeZone zone) => Pattern.Format(instant.InZone(zone));
}
