using CustomerService.Core.Leads;
using CustomerService.Core.Leads.Studio;
using CustomerService.Core.Tests.Leads.Studio;
using FsCheck;
using FsCheck.Fluent;
using NodaTime;

namespace CustomerService.Core.Tests.Leads;

/// <summary>A studio prospect's facts and the day they are segmented on.</summary>
public sealed record StudioCase(LocalDate Today, LocalDate? Wedding, bool? Partner, bool? Married, bool Order);

/// <summary>FsCheck generators for the leads area.</summary>
public static class LeadsArbitraries
{
    internal static Gen<LocalDate> Dates(int fromYear, int toYear) =>
        from year in Gen.Choose(fromYear, toYear)
        from month in Gen.Choose(1, 12)
        from day in Gen.Choose(1, 31)
        select new LocalDate(year, month, Math.Min(day, CalendarSystem.Iso.GetDaysInMonth(year, month)));

    private static Gen<T?> OrNull<T>(Gen<T> gen)
        where T : struct =>
        Gen.Frequency((1, Gen.Constant<T?>(null)), (5, gen.Select(v => (T?)v)));

    public static Arbitrary<StudioCase> StudioCases() =>
        (from today in Dates(2000, 2090)
         from offset in Gen.Choose(-800, 2000)
         from hasWedding in Gen.Frequency((1, Gen.Constant(false)), (6, Gen.Constant(true)))
         from partner in OrNull(Gen.Elements(true, false))
         from married in OrNull(Gen.Elements(true, false))
         from order in Gen.Elements(true, false)
         select new StudioCase(today, hasWedding ? today.PlusDays(offset) : null, partner, married, order)).ToArbitrary();
}

/// <summary>FsCheck generators of lead events around the studio's sending hours.</summary>
public static class LeadEventArbitraries
{
    public static Arbitrary<LeadEvent> Events()
    {
        var zone = OutreachPlannerTests.Shanghai;
        var instants =
            from date in LeadsArbitraries.Dates(2026, 2027)
            from minute in Gen.Choose(0, (24 * 60) - 1)
            select zone.AtLeniently(date.At(new LocalTime(minute / 60, minute % 60))).ToInstant();
        var customer = Gen.Elements("c1", "c2", "c3");
        var visits =
            from id in customer
            from at in instants
            from kind in Gen.Choose(0, 3)
            from share in Gen.Choose(1, 99)
            from intent in Gen.Elements(true, false)
            select kind switch
            {
                0 => (LeadEvent)VisitOutcome.FullPayment(id, at),
                1 => VisitOutcome.Deposit(id, at, share / 100m),
                _ => VisitOutcome.NoDeal(id, at, intent, intent ? "classic" : null),
            };
        var calls =
            from id in customer
            from at in instants
            from attempt in Gen.Choose(1, 2)
            from result in Gen.Elements(FollowUpCallResult.Returned, FollowUpCallResult.NotReturned, FollowUpCallResult.NotReached)
            from later in Gen.Choose(-1, 48 * 60)
            select (LeadEvent)new FollowUpCallOutcome(id, at, attempt, result) { NextCallAt = later < 1 ? null : at + Duration.FromMinutes(later) };
        var bookings =
            from id in customer
            from at in instants
            from kind in Gen.Elements(AppointmentKind.Shooting, AppointmentKind.Selection, AppointmentKind.Pickup, AppointmentKind.DressPickup)
            from ahead in Gen.Choose(0, 30 * 24 * 60)
            select (LeadEvent)new AppointmentBooked(id, at, kind, at + Duration.FromMinutes(ahead));
        var greetings =
            from id in customer
            from at in instants
            from date in LeadsArbitraries.Dates(1960, 2028)
            from kind in Gen.Choose(0, 2)
            select kind switch
            {
                0 => (LeadEvent)new WeddingDateSet(id, at, date),
                1 => new BirthdayKnown(id, at, date),
                _ => new FestivalComing(id, at, "festival", date),
            };
        return Gen.OneOf(visits, calls, bookings, greetings).ToArbitrary();
    }
}
