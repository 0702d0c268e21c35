using CustomerService.Core.Leads.Studio;
using FsCheck;
using FsCheck.Xunit;
using NodaTime;

namespace CustomerService.Core.Tests.Leads.Studio;

public sealed class StudioWorkloadTests
{
    private static readonly DateTimeZone Shanghai = DateTimeZoneProviders.Tzdb["Asia/Shanghai"];
    private static readonly LocalDate Today = new(2026, 11, 23);

    private static Instant Local(LocalDate date, int hour) => Shanghai.AtStrictly(date.At(new LocalTime(hour, 0))).ToInstant();

    private static AppointmentBooked Booking(string customer, AppointmentKind kind, LocalDate on, int bookedDaysBefore = 3) =>
        new(customer, Local(on.PlusDays(-bookedDaysBefore), 10), kind, Local(on, 14));

    [Fact]
    public void On_TodayAndTomorrow_CountsEveryKindOfAppointmentAndTheWeddings()
    {
        // Seed 001, 查核 2: "了解每天的拍摄量,选片量,取件量,结婚量,取衣量。"
        // Seed 001, 查核 3: "了解次日的拍摄量,选片量,取件量,结婚量,取衣量"
        var tomorrow = Today.PlusDays(1);
        LeadEvent[] events =
        [
            Booking("c1", AppointmentKind.Shooting, Today),
            Booking("c2", AppointmentKind.Shooting, Today),
            Booking("c3", AppointmentKind.Selection, Today),
            Booking("c4", AppointmentKind.Pickup, tomorrow),
            Booking("c5", AppointmentKind.DressPickup, tomorrow),
            new WeddingDateSet("c6", Local(Today.PlusDays(-90), 10), tomorrow),
            new WeddingDateSet("c7", Local(Today.PlusDays(-90), 10), Today),
            VisitOutcome.FullPayment("c8", Local(Today, 11)), // not an appointment: ignored
        ];

        var workload = StudioWorkload.Build(events, Shanghai);

        Assert.Equal(new WorkloadCounts(Shootings: 2, Selections: 1, Pickups: 0, Weddings: 1, DressPickups: 0), workload.On(Today));
        Assert.Equal(new WorkloadCounts(Shootings: 0, Selections: 0, Pickups: 1, Weddings: 1, DressPickups: 1), workload.Tomorrow(Today));
        Assert.Equal(default, workload.On(Today.PlusDays(2)));
    }

    [Fact]
    public void Build_Rebooking_CountsOnlyTheLatestBooking()
    {
        LeadEvent[] events =
        [
            Booking("c1", AppointmentKind.Shooting, Today, bookedDaysBefore: 10),
            Booking("c1", AppointmentKind.Shooting, Today.PlusDays(1), bookedDaysBefore: 2), // moved to tomorrow
            Booking("c1", AppointmentKind.Selection, Today.PlusDays(7)),
        ];

        var workload = StudioWorkload.Build(events, Shanghai);

        Assert.Equal(0, workload.On(Today).Shootings);
        Assert.Equal(1, workload.Tomorrow(Today).Shootings);
    }

    [Fact]
    public void Build_AppointmentAfterLocalMidnight_CountsOnTheStudiosDate()
    {
        // 16:30 UTC on the 23rd is 00:30 on the 24th in Shanghai.
        var booking = new AppointmentBooked("c1", Instant.FromUtc(2026, 11, 20, 0, 0), AppointmentKind.Shooting, Instant.FromUtc(2026, 11, 23, 16, 30));

        Assert.Equal(1, StudioWorkload.Build([booking], Shanghai).On(new LocalDate(2026, 11, 24)).Shootings);
        Assert.Equal(1, StudioWorkload.Build([booking], DateTimeZone.Utc).On(new LocalDate(2026, 11, 23)).Shootings);
    }

    [Fact]
    public void Build_BadInput_ThrowsNamingEvents()
    {
        Assert.Throws<ArgumentNullException>(() => StudioWorkload.Build(null!, Shanghai));
        Assert.Throws<ArgumentNullException>(() => StudioWorkload.Build([], null!));
        Assert.Equal("events", Assert.Throws<ArgumentNullException>(() => StudioWorkload.Build([null!], Shanghai)).ParamName);
        var undefined = new AppointmentBooked("c1", Local(Today, 9), (AppointmentKind)9, Local(Today, 10));
        Assert.Equal("events", Assert.Throws<ArgumentOutOfRangeException>(() => StudioWorkload.Build([undefined], Shanghai)).ParamName);
        var atTheEnd = new AppointmentBooked("c1", Instant.MaxValue, AppointmentKind.Pickup, Instant.MaxValue);
        Assert.Equal("events", Assert.Throws<ArgumentOutOfRangeException>(() => StudioWorkload.Build([atTheEnd], Shanghai)).ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => StudioWorkload.Build([], Shanghai).Tomorrow(LocalDate.MaxIsoValue));
    }

    [Property(MaxTest = 200)]
    public bool Build_EveryCustomerAndKindCountsOnce_Meets_Specification(PositiveInt seed)
    {
        var random = new Random(seed.Get);
        var events = Enumerable.Range(0, random.Next(0, 30)).Select(_ => (LeadEvent)Booking(
            "c" + random.Next(0, 4), (AppointmentKind)random.Next(1, 5), Today.PlusDays(random.Next(0, 10)), random.Next(1, 20))).ToArray();
        var workload = StudioWorkload.Build(events, Shanghai);
        var total = Enumerable.Range(-25, 40).Select(d => workload.On(Today.PlusDays(d))).Sum(c => c.Shootings + c.Selections + c.Pickups + c.DressPickups + c.Weddings);
        var distinct = events.Cast<AppointmentBooked>().Select(b => (b.CustomerId, b.Kind)).Distinct().Count();
        return total == distinct;
    }
}
