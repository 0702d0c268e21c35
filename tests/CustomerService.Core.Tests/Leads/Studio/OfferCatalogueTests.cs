using CustomerService.Core.Leads;
using CustomerService.Core.Leads.Studio;
using NodaTime;

namespace CustomerService.Core.Tests.Leads.Studio;

public sealed class OfferCatalogueTests
{
    [Theory]
    [InlineData(2026, 1, 1, "p1")]
    [InlineData(2026, 2, 28, "p1")]
    [InlineData(2026, 3, 1, "p2")]
    [InlineData(2026, 4, 30, "p2")]
    [InlineData(2026, 5, 1, "p3")]
    [InlineData(2026, 6, 30, "p3")]
    public void AddRotation_EveryTwoMonths_SwitchesOnTheFirst(int y, int m, int d, string expected)
    {
        var catalogue = OfferCatalogue.CreateBuilder()
            .AddRotation(CatalogueKinds.SurprisePackage, new LocalDate(2026, 1, 1), 2, false, ["p1"], ["p2"], ["p3"])
            .Build();

        Assert.Equal([expected], catalogue.EffectiveOn(CatalogueKinds.SurprisePackage, new LocalDate(y, m, d), true));
    }

    [Fact]
    public void AddRotation_EveryThreeMonths_EndsAfterLastPeriod()
    {
        var catalogue = OfferCatalogue.CreateBuilder()
            .AddRotation(CatalogueKinds.BirthdayGreeting, new LocalDate(2026, 1, 1), 3, false, ["q1"], ["q2"])
            .Build();

        Assert.Equal(["q1"], catalogue.EffectiveOn(CatalogueKinds.BirthdayGreeting, new LocalDate(2026, 3, 31), false));
        Assert.Equal(["q2"], catalogue.EffectiveOn(CatalogueKinds.BirthdayGreeting, new LocalDate(2026, 4, 1), false));
        Assert.Empty(catalogue.EffectiveOn(CatalogueKinds.BirthdayGreeting, new LocalDate(2026, 7, 1), false));
        Assert.Empty(catalogue.EffectiveOn(CatalogueKinds.BirthdayGreeting, new LocalDate(2025, 12, 31), false));
    }

    [Fact]
    public void EffectiveOn_CallbackOnly_HiddenFromOthers()
    {
        var catalogue = OfferCatalogue.CreateBuilder()
            .Add("vip", CatalogueKinds.SurprisePackage, new LocalDate(2026, 1, 1), new LocalDate(2026, 3, 1), callbackCustomersOnly: true)
            .Add("all", CatalogueKinds.SurprisePackage, new LocalDate(2026, 1, 1), new LocalDate(2026, 3, 1))
            .Build();

        Assert.Equal(["vip", "all"], catalogue.EffectiveOn(CatalogueKinds.SurprisePackage, new LocalDate(2026, 2, 1), true));
        Assert.Equal(["all"], catalogue.EffectiveOn(CatalogueKinds.SurprisePackage, new LocalDate(2026, 2, 1), false));
        Assert.Empty(catalogue.EffectiveOn(CatalogueKinds.FestivalGreeting, new LocalDate(2026, 2, 1), true));
    }

    [Fact]
    public void Builder_BadInput_Throws()
    {
        var builder = OfferCatalogue.CreateBuilder();
        Assert.Throws<ArgumentException>(() => builder.Add("x", "k", new LocalDate(2026, 1, 1), new LocalDate(2026, 1, 1)));
        Assert.Throws<ArgumentException>(() => builder.Add(" ", "k", new LocalDate(2026, 1, 1), new LocalDate(2026, 2, 1)));
        Assert.Throws<ArgumentException>(() => builder.AddRotation("k", new LocalDate(2026, 1, 1), 2, false));
        Assert.Throws<ArgumentException>(() => builder.AddRotation("k", new LocalDate(2026, 1, 1), 2, false, []));
        Assert.Throws<ArgumentOutOfRangeException>(() => builder.AddRotation("k", new LocalDate(2026, 1, 1), 0, false, ["a"]));
        builder.Build();
        Assert.Throws<InvalidOperationException>(() => builder.Build());
    }

    [Fact]
    public void AddRotation_IntMaxValueMonths_ThrowsNamingMonths()
    {
        var builder = OfferCatalogue.CreateBuilder();

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => builder.AddRotation(CatalogueKinds.SurprisePackage, new LocalDate(2026, 1, 1), int.MaxValue, false, ["a"], ["b"]));

        Assert.Equal("months", error.ParamName);
        Assert.Empty(builder.Build().Entries);
    }

    [Fact]
    public void AddRotation_EndingOnNodaTimesLastMonth_IsLaidOut()
    {
        var start = new LocalDate(2026, 1, 1);
        var months = ((9999 - 2026) * 12) + 11; // the single period ends on 9999-12-01

        var entry = Assert.Single(OfferCatalogue.CreateBuilder().AddRotation("k", start, months, false, ["a"]).Build().Entries);

        Assert.Equal((start, new LocalDate(9999, 12, 1)), (entry.From, entry.Until));
    }

    [Fact]
    public void AddRotation_BadKeyInALaterPeriod_AddsNothing()
    {
        var builder = OfferCatalogue.CreateBuilder();

        var error = Assert.Throws<ArgumentException>(() => builder.AddRotation("k", new LocalDate(2026, 1, 1), 2, false, ["a1", "a2"], ["b1", " "]));

        Assert.Equal("periods", error.ParamName);
        Assert.Empty(builder.Build().Entries);
    }

    [Fact]
    public void Add_DatesInAnotherCalendar_AreComparedAsIso()
    {
        var julianFrom = new LocalDate(2026, 1, 1).WithCalendar(CalendarSystem.Julian);
        var catalogue = OfferCatalogue.CreateBuilder().Add("a", "k", julianFrom, new LocalDate(2026, 3, 1)).Build();

        Assert.Equal(new LocalDate(2026, 1, 1), catalogue.Entries[0].From);
        Assert.Equal(["a"], catalogue.EffectiveOn("k", new LocalDate(2026, 2, 1).WithCalendar(CalendarSystem.Julian), false));
    }
}
