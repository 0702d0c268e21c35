using CustomerService.Core.Leads;
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
