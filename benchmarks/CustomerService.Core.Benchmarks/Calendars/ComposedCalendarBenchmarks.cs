using BenchmarkDotNet.Attributes;
using CustomerService.Core.Calendars;
using NodaTime;

namespace CustomerService.Core.Benchmarks.Calendars;

/// <summary>
/// Add and BusinessTimeBetween on composed and versioned calendars over the shared 100,000-case workload, per call
/// (issue 17: at most 2× the plain calendar, 0 B per call). <c>Plain</c> is the Shanghai office calendar itself; the
/// others build on it: ∩ a contract Monday–Saturday 08:00–20:00, ∪ an evening shift 18:00–22:00 on weekdays, minus a
/// Wednesday maintenance window 12:00–14:00, and three versions (new hours from 2024-07-01, a holiday-free version from
/// 2025-03-01).
/// </summary>
[MemoryDiagnoser]
public class ComposedCalendarBenchmarks
{
    private Instant[] starts = null!;
    private Duration[] amounts = null!;
    private Instant[] ends = null!;
    private BusinessCalendar calendar = null!;

    [Params("Plain", "Intersection", "Union", "Difference", "Versioned")]
    public string Kind { get; set; } = "Plain";

    [GlobalSetup]
    public void Setup()
    {
        var workload = CalendarWorkload.Load();
        var office = workload.Calendar;
        var zone = office.Zone;
        starts = workload.Starts;
        amounts = workload.Amounts;
        ends = workload.Ends;
        calendar = Kind switch
        {
            "Plain" => office,
            "Intersection" => BusinessCalendar.Intersection("Office ∩ contract", office, Weekly("Contract", zone, 8, 20, IsoDayOfWeek.Saturday)),
            "Union" => BusinessCalendar.Union("Office ∪ evening", office, Weekly("Evening", zone, 18, 22, IsoDayOfWeek.Friday)),
            "Difference" => BusinessCalendar.Difference("Office − maintenance", office, BusinessCalendar.CreateBuilder("Maintenance", zone)
                .Open(IsoDayOfWeek.Wednesday, new LocalTime(12, 0), new LocalTime(14, 0)).Build()),
            _ => BusinessCalendar.Versioned("Office, versioned", office, [
                new CalendarVersion(new LocalDate(2024, 7, 1), Weekly("New hours", zone, 8, 17, IsoDayOfWeek.Friday)),
                new CalendarVersion(new LocalDate(2025, 3, 1), office)]),
        };

        // Steady state: every segment the workload touches is compiled before measuring.
        var due = new Instant[starts.Length];
        var elapsed = new Duration[starts.Length];
        calendar.Add(starts, amounts, due);
        calendar.BusinessTimeBetween(starts, ends, elapsed);
    }

    [Benchmark(OperationsPerInvoke = 100_000)]
    public Instant Add_Workload()
    {
        var last = default(Instant);
        var s = starts;
        var a = amounts;
        for (var i = 0; i < s.Length; i++)
        {
            last = calendar.Add(s[i], a[i]);
        }

        return last;
    }

    [Benchmark(OperationsPerInvoke = 100_000)]
    public Duration BusinessTimeBetween_Workload()
    {
        var total = Duration.Zero;
        var s = starts;
        var e = ends;
        for (var i = 0; i < s.Length; i++)
        {
            total += calendar.BusinessTimeBetween(s[i], e[i]);
        }

        return total;
    }

    private static BusinessCalendar Weekly(string name, DateTimeZone zone, int from, int to, IsoDayOfWeek lastDay)
    {
        var builder = BusinessCalendar.CreateBuilder(name, zone);
        for (var day = IsoDayOfWeek.Monday; day <= lastDay; day++)
        {
            builder.Open(day, new LocalTime(from, 0), new LocalTime(to, 0));
        }

        return builder.Build();
    }
}
