using System.Globalization;
using System.Text.Json;

namespace CustomerService.Core.Cli.Tests;

/// <summary>
/// An independent computation of the workload's answers: the naive office calendar of business-time-calendar.json
/// (open weekdays, daily intervals, holidays, make-up working days) walked one day at a time in plain
/// <see cref="DateTime"/> local time, sharing no code with the library or the tool.
/// </summary>
public sealed class NaiveOffice
{
    private readonly HashSet<int> _weekdays;
    private readonly (TimeSpan Start, TimeSpan End)[] _intervals;
    private readonly HashSet<DateTime> _holidays;
    private readonly HashSet<DateTime> _makeUps;

    public NaiveOffice(string path)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(path));
        var root = json.RootElement;
        _weekdays = [.. root.GetProperty("weekdays_open").EnumerateArray().Select(e => e.GetInt32())];
        _intervals = [.. root.GetProperty("intervals").EnumerateArray().Select(p => (Time(p[0].GetString()!), Time(p[1].GetString()!)))];
        _holidays = [.. root.GetProperty("holidays").EnumerateArray().Select(e => Date(e.GetString()!))];
        _makeUps = [.. root.GetProperty("makeup_workdays").EnumerateArray().Select(e => Date(e.GetString()!))];
    }

    public static DateTime Local(string text) => DateTime.ParseExact(text, "yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);

    public bool IsWorkday(DateTime date)
    {
        var iso = date.DayOfWeek == DayOfWeek.Sunday ? 7 : (int)date.DayOfWeek;
        return _makeUps.Contains(date) || (_weekdays.Contains(iso) && !_holidays.Contains(date));
    }

    /// <summary>The earliest local time at which <paramref name="minutes"/> of open time have passed since <paramref name="start"/>.</summary>
    public DateTime Due(DateTime start, long minutes)
    {
        var remaining = (double)minutes;
        var current = start;
        for (var day = start.Date; ; day = day.AddDays(1))
        {
            if (IsWorkday(day))
            {
                foreach (var (s, e) in _intervals)
                {
                    var from = Max(day + s, current);
                    var to = day + e;
                    if (from < to)
                    {
                        var available = (to - from).TotalMinutes;
                        if (remaining <= available)
                        {
                            return from.AddMinutes(remaining);
                        }

                        remaining -= available;
                    }
                }
            }

            current = day.AddDays(1);
        }
    }

    /// <summary>The open minutes in [from, to), negated when to is before from.</summary>
    public double Elapsed(DateTime from, DateTime to)
    {
        if (to < from)
        {
            return -Elapsed(to, from);
        }

        double total = 0;
        for (var day = from.Date; day <= to.Date; day = day.AddDays(1))
        {
            if (!IsWorkday(day))
            {
                continue;
            }

            foreach (var (s, e) in _intervals)
            {
                var a = Max(day + s, from);
                var b = Min(day + e, to);
                if (a < b)
                {
                    total += (b - a).TotalMinutes;
                }
            }
        }

        return total;
    }

    public bool IsOpen(DateTime at) =>
        IsWorkday(at.Date) && _intervals.Any(i => at >= at.Date + i.Start && at < at.Date + i.End);

    public DateTime NextOpening(DateTime at)
    {
        for (var day = at.Date; ; day = day.AddDays(1))
        {
            if (!IsWorkday(day))
            {
                continue;
            }

            foreach (var (s, e) in _intervals)
            {
                if (day + e > at)
                {
                    return Max(day + s, at);
                }
            }
        }
    }

    private static TimeSpan Time(string text) => TimeSpan.ParseExact(text, @"hh\:mm", CultureInfo.InvariantCulture);

    private static DateTime Date(string text) => DateTime.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static DateTime Max(DateTime a, DateTime b) => a > b ? a : b;

    private static DateTime Min(DateTime a, DateTime b) => a < b ? a : b;
}
