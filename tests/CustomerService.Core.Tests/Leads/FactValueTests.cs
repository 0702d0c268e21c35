using CustomerService.Core.Leads;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NodaTime;

namespace CustomerService.Core.Tests.Leads;

public sealed class FactValueTests
{
    [Property(MaxTest = 1000)]
    public Property DayNumber_AgreesWithDateOnlyAndRoundTrips_Meets_Specification() =>
        Prop.ForAll(LeadsArbitraries.Dates(1, 9999).ToArbitrary(), date =>
            FactValue.DayNumber(date) == date.ToDateOnly().DayNumber && FactValue.ToLocalDate(FactValue.DayNumber(date)) == date);

    [Fact]
    public void DayNumber_BeforeYearOne_IsNegativeAndRoundTrips()
    {
        var date = new LocalDate(-400, 2, 29);
        Assert.True(FactValue.DayNumber(date) < 0);
        Assert.Equal(date, FactValue.ToLocalDate(FactValue.DayNumber(date)));
        Assert.Equal(-1, FactValue.DayNumber(new LocalDate(0, 12, 31)));
    }

    [Fact]
    public void FromDate_OtherCalendar_ComparesAsIso()
    {
        var iso = new LocalDate(2026, 11, 23);
        var julian = iso.WithCalendar(CalendarSystem.Julian);
        Assert.Equal(FactValue.FromDate(iso), FactValue.FromDate(julian));
    }

    [Fact]
    public void ToString_FormatsEachKind()
    {
        Assert.Equal("2026-11-23", FactValue.FromDate(new LocalDate(2026, 11, 23)).ToString());
        Assert.Equal("true", FactValue.FromFlag(true).ToString());
        Assert.Equal("2.5", FactValue.FromNumber(2.5).ToString());
        Assert.Equal("(missing)", FactValue.Missing.ToString());
    }

    [Fact]
    public void FactValue_Accessors_CheckKind()
    {
        Assert.Equal(new LocalDate(2026, 1, 2), FactValue.FromDate(new LocalDate(2026, 1, 2)).Date);
        Assert.Equal(3, FactValue.FromCount(3).Number);
        Assert.True(FactValue.Missing.IsMissing);
        Assert.Throws<InvalidOperationException>(() => FactValue.FromCount(3).Date);
        Assert.Throws<InvalidOperationException>(() => FactValue.Missing.Number);
        Assert.Throws<ArgumentOutOfRangeException>(() => FactValue.FromCount(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => FactValue.FromNumber(double.NaN));
        Assert.Throws<ArgumentOutOfRangeException>(() => FactValue.FromEnumOrdinal(64));
    }
}
