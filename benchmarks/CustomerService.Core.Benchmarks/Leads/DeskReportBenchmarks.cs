using BenchmarkDotNet.Attributes;
using CustomerService.Core.Leads.Studio;
using NodaTime;

namespace CustomerService.Core.Benchmarks.Leads;

/// <summary>A year of a busy studio desk: 100 000 desk events with their records into the daily, weekly and monthly report, and 100 000 bookings into the operations counts.</summary>
[MemoryDiagnoser]
public class DeskReportBenchmarks
{
    private const int Events = 100_000;

    private static readonly DateTimeZone Shanghai = DateTimeZoneProviders.Tzdb["Asia/Shanghai"];

    private DeskEvent[] _events = null!;
    private LeadEvent[] _bookings = null!;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(20261123);
        var start = Instant.FromUtc(2026, 1, 1, 1, 0);
        var kinds = Enum.GetValues<DeskEventKind>();
        string[] segments = [StudioSegments.A, StudioSegments.B, StudioSegments.D];
        _events = new DeskEvent[Events];
        for (var i = 0; i < Events; i++)
        {
            var at = start + Duration.FromMinutes(random.Next(0, 365 * 24 * 60));
            var kind = kinds[random.Next(kinds.Length)];
            var customer = "HT-" + random.Next(0, 20_000);
            _events[i] = kind switch
            {
                DeskEventKind.Deal => new DeskEvent(at, kind, customer) { Order = new OrderRecord(segments[random.Next(3)], "classic", 9999m) },
                DeskEventKind.NoDeal => new DeskEvent(at, kind, customer) { NoDeal = new NoDealRecord(random.Next(2) == 0) },
                _ => new DeskEvent(at, kind, customer),
            };
        }

        _bookings = new LeadEvent[Events];
        for (var i = 0; i < Events; i++)
        {
            var at = start + Duration.FromMinutes(random.Next(0, 365 * 24 * 60));
            _bookings[i] = new AppointmentBooked("HT-" + random.Next(0, 20_000), at, (AppointmentKind)random.Next(1, 5), at + Duration.FromDays(random.Next(1, 60)));
        }
    }

    [Benchmark(Baseline = true)]
    public int DeskReport_Build100k() => DeskReport.Build(_events, Shanghai).Months.Count;

    [Benchmark]
    public int StudioWorkload_Build100k() => StudioWorkload.Build(_bookings, Shanghai).On(new LocalDate(2026, 6, 1)).Shootings;
}
