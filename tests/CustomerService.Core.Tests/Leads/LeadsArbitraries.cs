using CustomerService.Core.Calendars;
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

/// <summary>An instant near either end of <see cref="Instant"/>'s range, near either end of the calendars' supported range, or anywhere.</summary>
public sealed record ExtremeInstant(Instant Value);

/// <summary>A date near either end of NodaTime's dates, near the calendars' supported range, or anywhere.</summary>
public sealed record ExtremeDate(LocalDate Value);

/// <summary>A lead event whose instants and dates are extreme.</summary>
public sealed record ExtremeLeadEvent(LeadEvent Value);

/// <summary>An offer rotation with extreme months, start and keys.</summary>
public sealed record RotationCase(LocalDate Start, int Months, string[][] Periods);

/// <summary>A desk event stream with extreme instants, read in one zone.</summary>
public sealed record DeskCase(DeskEvent[] Events, DateTimeZone Zone);

/// <summary>Valid rule-set and playbook options with <see langword="null"/> written into some of their lists, and the keys of those entries.</summary>
public sealed record OptionsWithNulls(SegmentationRuleSetOptions RuleSet, StudioPlaybookOptions Playbook, IReadOnlyList<string> RuleSetNullKeys, IReadOnlyList<string> PlaybookNullKeys);

/// <summary>FsCheck generators of extreme values for the leads area: the ends of every range and a little beyond, int.MaxValue months and counts, null list entries.</summary>
public static class LeadsExtremeArbitraries
{
    internal static readonly DateTimeZone[] Zones =
    [
        DateTimeZone.Utc,
        DateTimeZoneProviders.Tzdb["Asia/Shanghai"],
        DateTimeZoneProviders.Tzdb["Pacific/Kiritimati"], // UTC+14
        DateTimeZoneProviders.Tzdb["Pacific/Pago_Pago"], // UTC-11
    ];

    internal static Instant Clamp(Instant instant, Duration offset) =>
        offset >= Duration.Zero
            ? (instant <= Instant.MaxValue - offset ? instant + offset : Instant.MaxValue)
            : (instant >= Instant.MinValue - offset ? instant + offset : Instant.MinValue);

    internal static Gen<Instant> Instants()
    {
        Instant[] edges =
        [
            Instant.MinValue, Instant.MaxValue,
            BusinessCalendar.MinSupportedInstant, BusinessCalendar.MaxSupportedInstant,
            Instant.FromUtc(1970, 1, 1, 0, 0), Instant.FromUtc(2026, 11, 23, 3, 0),
        ];
        var nearEdge =
            from edge in Gen.Elements(edges)
            from minutes in Gen.Choose(-5 * 24 * 60, 5 * 24 * 60)
            select Clamp(edge, Duration.FromMinutes(minutes));
        var anywhere =
            from day in Gen.Choose((int)(Instant.MinValue.ToUnixTimeSeconds() / 86_400), (int)(Instant.MaxValue.ToUnixTimeSeconds() / 86_400) - 1)
            from second in Gen.Choose(0, 86_399)
            select Instant.FromUnixTimeSeconds((day * 86_400L) + second);
        var inRange =
            from year in Gen.Choose(1900, 2199)
            from date in LeadsArbitraries.Dates(year, year)
            from minute in Gen.Choose(0, (24 * 60) - 1)
            select date.AtMidnight().InUtc().ToInstant() + Duration.FromMinutes(minute);
        return Gen.Frequency((4, nearEdge), (1, Gen.Elements(edges)), (2, anywhere), (3, inRange));
    }

    internal static Gen<LocalDate> Dates()
    {
        LocalDate[] edges =
        [
            LocalDate.MinIsoValue, LocalDate.MaxIsoValue, new(1900, 1, 1), new(2200, 1, 1), new(1, 1, 1), new(2026, 11, 23), new(2027, 2, 28),
        ];
        var nearEdge =
            from edge in Gen.Elements(edges)
            from days in Gen.Choose(-400, 400)
            select days < 0
                ? (edge >= LocalDate.MinIsoValue.PlusDays(-days) ? edge.PlusDays(days) : LocalDate.MinIsoValue)
                : (edge <= LocalDate.MaxIsoValue.PlusDays(-days) ? edge.PlusDays(days) : LocalDate.MaxIsoValue);
        return Gen.Frequency((4, nearEdge), (1, Gen.Elements(edges)), (2, LeadsArbitraries.Dates(-9998, 9999)), (3, LeadsArbitraries.Dates(1900, 2199)));
    }

    public static Arbitrary<ExtremeInstant> ExtremeInstants() => Instants().Select(i => new ExtremeInstant(i)).ToArbitrary();

    public static Arbitrary<ExtremeDate> ExtremeDates() => Dates().Select(d => new ExtremeDate(d)).ToArbitrary();

    public static Arbitrary<ExtremeLeadEvent> ExtremeLeadEvents()
    {
        var at = Instants();
        var events = Gen.OneOf(
            from t in at
            from kind in Gen.Choose(0, 3)
            from share in Gen.Elements(0.01m, 0.3m, 0.99m)
            select kind switch
            {
                0 => (LeadEvent)VisitOutcome.FullPayment("c1", t),
                1 => VisitOutcome.Deposit("c1", t, share),
                2 => VisitOutcome.NoDeal("c1", t, intentToReturn: true, packageDiscussed: "classic"),
                _ => VisitOutcome.NoDeal("c1", t, intentToReturn: false),
            },
            from t in at
            from attempt in Gen.Elements(1, 2, 3, int.MaxValue)
            from result in Gen.Elements(FollowUpCallResult.Returned, FollowUpCallResult.NotReturned, FollowUpCallResult.NotReached)
            from booked in Gen.OneOf(Gen.Constant<Instant?>(null), Instants().Select(i => (Instant?)i), Gen.Choose(1, 60 * 24 * 3).Select(m => (Instant?)Clamp(t, Duration.FromMinutes(m))))
            select (LeadEvent)new FollowUpCallOutcome("c1", t, attempt, result) { NextCallAt = booked },
            from t in at
            from kind in Gen.Elements(AppointmentKind.Shooting, AppointmentKind.Selection, AppointmentKind.Pickup, AppointmentKind.DressPickup)
            from appointment in Gen.OneOf(Instants(), Gen.Choose(0, 60 * 24 * 30).Select(m => Clamp(t, Duration.FromMinutes(m))))
            select (LeadEvent)new AppointmentBooked("c1", t, kind, appointment),
            from t in at
            from date in Dates()
            from kind in Gen.Choose(0, 2)
            select kind switch
            {
                0 => (LeadEvent)new WeddingDateSet("c1", t, date),
                1 => new BirthdayKnown("c1", t, date),
                _ => new FestivalComing("c1", t, "spring", date),
            });
        return events.Select(e => new ExtremeLeadEvent(e)).ToArbitrary();
    }

    public static Arbitrary<RotationCase> Rotations()
    {
        var months = Gen.Frequency(
            (3, Gen.Elements(1, 2, 3, 12)),
            (3, Gen.Elements(int.MaxValue, int.MaxValue / 2, int.MaxValue / 3, 120_000, 119_988, 0, -1, int.MinValue)),
            (2, Gen.Choose(1, 300_000)));
        var key = Gen.Frequency((12, Gen.Elements("a", "b", "c")), (1, Gen.Elements(" ", string.Empty, null!)));
        var period = Gen.Choose(1, 3).SelectMany(n => key.ArrayOf(n));
        var periods = Gen.Choose(1, 4).SelectMany(n => period.ArrayOf(n));
        return (from start in Dates()
                from m in months
                from p in periods
                select new RotationCase(start, m, p)).ToArbitrary();
    }

    public static Arbitrary<DeskCase> DeskCases()
    {
        var e =
            from at in Instants()
            from kind in Gen.Elements(Enum.GetValues<DeskEventKind>())
            from customer in Gen.Elements("c1", "c2", "c3")
            select new DeskEvent(at, kind, customer);
        return (from events in Gen.Choose(0, 6).SelectMany(n => e.ArrayOf(n))
                from zone in Gen.Elements(Zones)
                select new DeskCase(events, zone)).ToArbitrary();
    }

    public static Arbitrary<OptionsWithNulls> OptionsWithNulls()
    {
        var holes = Gen.Choose(0, 63); // one bit per list that gets a null entry
        return (from mask in holes
                from position in Gen.Choose(0, 10)
                select Build(mask, position)).ToArbitrary();
    }

    private static OptionsWithNulls Build(int mask, int position)
    {
        var ruleSet = new SegmentationRuleSetOptions { Name = "vip", TimeZone = "Asia/Shanghai", DefaultSegment = "Other" };
        ruleSet.Facts.Add(new FactOptions { Name = "Spend", Kind = FactKind.Number });
        ruleSet.Facts.Add(new FactOptions { Name = "Channel", Kind = FactKind.Enum, Values = { "Store", "Online" } });
        var big = new RuleOptions { Name = "Big", Segment = "Vip" };
        big.Conditions.Add(new ConditionOptions { Fact = "Spend", Operator = ConditionOperator.AtLeast, Value = 1000 });
        var web = new RuleOptions { Name = "Web", Segment = "Online" };
        web.Conditions.Add(new ConditionOptions { Fact = "Channel", Operator = ConditionOperator.In, Values = { "Online" } });
        ruleSet.Rules.Add(big);
        ruleSet.Rules.Add(web);
        var playbook = new StudioPlaybookOptions();
        playbook.Catalogue.Add(new CatalogueEntryOptions { Key = "s1", Kind = CatalogueKinds.SurprisePackage, From = "2026-11-01", Until = "2027-01-01" });
        playbook.Catalogue.Add(new CatalogueEntryOptions { Key = "s2", Kind = CatalogueKinds.SurprisePackage, From = "2026-11-01", Until = "2027-01-01" });

        var ruleSetKeys = new List<string>();
        var playbookKeys = new List<string>();
        void Hole<T>(IList<T> list, string key, List<string> keys)
        {
            var index = Math.Min(position, list.Count);
            list.Insert(index, default!);
            keys.Add($"{key}:{index.ToString(System.Globalization.CultureInfo.InvariantCulture)}:");
        }

        var channel = ruleSet.Facts[1];
        if ((mask & 8) != 0)
        {
            Hole(ruleSet.Facts, "Facts", ruleSetKeys);
        }

        if ((mask & 16) != 0)
        {
            Hole(ruleSet.Rules, "Rules", ruleSetKeys);
        }

        if ((mask & 32) != 0)
        {
            Hole(playbook.Catalogue, "Catalogue", playbookKeys);
        }

        // Inner lists are keyed by where their entry ended up after the outer nulls went in.
        string At<T>(IList<T> list, T item) => list.IndexOf(item).ToString(System.Globalization.CultureInfo.InvariantCulture);
        if ((mask & 1) != 0)
        {
            Hole(channel.Values, $"Facts:{At(ruleSet.Facts, channel)}:Values", ruleSetKeys);
        }

        if ((mask & 2) != 0)
        {
            Hole(web.Conditions[0].Values, $"Rules:{At(ruleSet.Rules, web)}:Conditions:0:Values", ruleSetKeys);
        }

        if ((mask & 4) != 0)
        {
            Hole(big.Conditions, $"Rules:{At(ruleSet.Rules, big)}:Conditions", ruleSetKeys);
        }

        return new OptionsWithNulls(ruleSet, playbook, ruleSetKeys, playbookKeys);
    }
}
