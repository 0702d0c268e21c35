using CustomerService.Core.Leads;
using CustomerService.Core.Leads.Studio;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NodaTime;

namespace CustomerService.Core.Tests.Leads.Studio;

/// <summary>The seed statements on rotations, the evening rule, the manager's exception, weekly care and the company anniversary.</summary>
public sealed partial class OutreachPlannerTests
{
    private static readonly LocalDate RotationStart = new(2025, 1, 1);

    private static readonly OutreachPurpose[] MessagePurposes =
    [
        OutreachPurpose.ThankYou, OutreachPurpose.QualityAndService, OutreachPurpose.ThanksQualityAndService, OutreachPurpose.Apology,
        OutreachPurpose.Reminder, OutreachPurpose.ThanksAfterAppointment, OutreachPurpose.WeddingCongratulations, OutreachPurpose.BirthdayGreeting,
        OutreachPurpose.AnniversaryGreeting, OutreachPurpose.FestivalGreeting, OutreachPurpose.WeeklyCare, OutreachPurpose.CompanyAnniversaryGreeting,
    ];

    /// <summary>A planner whose catalogue rotates the template of every message purpose every three months from 2025 to 2030.</summary>
    private static readonly OutreachPlanner RotatingPlanner = CreateRotatingPlanner();

    private static OutreachPlanner CreateRotatingPlanner()
    {
        var builder = OfferCatalogue.CreateBuilder();
        foreach (var purpose in MessagePurposes)
        {
            builder.AddTemplateRotation(purpose, RotationStart, Enumerable.Range(0, 24).Select(i => new[] { $"{purpose}.{i}" }).ToArray());
        }

        return new OutreachPlanner(StudioPlaybook.Default.WithCatalogue(builder.Build()), SendingHours);
    }

    [Fact]
    public void Plan_EveryMessageKind_TakesTheTemplateOfItsQuarter()
    {
        // Seed 001, 建档 6: "建立扬州天长地久客服短信内容,根据不同情况编辑不同信息。信息每隔三个月更换一次,编辑生日贺信,结婚纪念日贺信。"
        var autumn = RotatingPlanner.Plan(VisitOutcome.NoDeal("c1", Local(2026, 12, 31, 11, 0), false)).Messages[0];
        var winter = RotatingPlanner.Plan(VisitOutcome.NoDeal("c1", Local(2027, 1, 2, 11, 0), false)).Messages[0];
        var reminder = RotatingPlanner.Plan(new AppointmentBooked("c1", Local(2026, 11, 1, 10, 0), AppointmentKind.Selection, Local(2026, 11, 20, 14, 0))).Messages[0];

        Assert.Equal(("Apology.7", "Apology.8"), (autumn.TemplateKey, winter.TemplateKey));
        Assert.Equal("Reminder.7.selection", reminder.TemplateKey); // the appointment's kind is still appended
        Assert.Equal("visit.no-deal.apology", Planner.Plan(VisitOutcome.NoDeal("c1", Local(2026, 12, 31, 11, 0), false)).Messages[0].TemplateKey);
    }

    [Property(Arbitrary = [typeof(LeadEventArbitraries)], MaxTest = 400)]
    public bool Plan_EveryMessageTemplateRotatesEveryThreeMonths_Meets_Specification(LeadEvent e) =>
        RotatingPlanner.Plan(e).Messages.All(m =>
        {
            var date = m.SendAt.InZone(Shanghai).Date;
            var quarter = (((date.Year - RotationStart.Year) * 12) + date.Month - 1) / 3;
            var expected = $"{m.Purpose}.{quarter}";
            return m.TemplateKey == expected || m.TemplateKey.StartsWith(expected + ".", StringComparison.Ordinal);
        });

    [Fact]
    public void PhoneGreetingOn_RotatesWithTheSurprisePackagesEveryTwoMonths()
    {
        // Seed 001, 建档 5: "每两个月更换一次惊喜套系,根据节日的不同更换不同的节日接听电话语,惊喜套系由朱经理制定,最少二种,最多三种"
        var catalogue = OfferCatalogue.CreateBuilder()
            .AddSurprisePackageRotation(
                new LocalDate(2027, 1, 1),
                new SurprisePeriod(["s.spring-a", "s.spring-b"], "phone.spring-festival"),
                new SurprisePeriod(["s.march-a", "s.march-b", "s.march-c"], "phone.qingming"))
            .Build();
        var playbook = StudioPlaybook.Default.WithCatalogue(catalogue);

        Assert.Equal("phone.spring-festival", playbook.PhoneGreetingOn(new LocalDate(2027, 2, 28)));
        Assert.Equal("phone.qingming", playbook.PhoneGreetingOn(new LocalDate(2027, 3, 1)));
        Assert.Equal("call.incoming.greeting", playbook.PhoneGreetingOn(new LocalDate(2027, 5, 1)));
        Assert.Equal(["s.march-a", "s.march-b", "s.march-c"], catalogue.EffectiveOn(CatalogueKinds.SurprisePackage, new LocalDate(2027, 3, 1), reachedByCallback: true));
        Assert.Empty(catalogue.EffectiveOn(CatalogueKinds.SurprisePackage, new LocalDate(2027, 3, 1), reachedByCallback: false)); // 只有经过客服电访的顾客可享用
    }

    [Fact]
    public void AddSurprisePackageRotation_OneOrFourPackages_ThrowsAndAddsNothing()
    {
        var builder = OfferCatalogue.CreateBuilder();

        Assert.Throws<ArgumentException>(() => builder.AddSurprisePackageRotation(new LocalDate(2027, 1, 1), new SurprisePeriod(["only"], "phone")));
        Assert.Throws<ArgumentException>(() => builder.AddSurprisePackageRotation(new LocalDate(2027, 1, 1), new SurprisePeriod(["a", "b"], "phone"), new SurprisePeriod(["a", "b", "c", "d"], "phone")));
        Assert.Throws<ArgumentException>(() => builder.AddSurprisePackageRotation(new LocalDate(2027, 1, 1), new SurprisePeriod(["a", "b"], " ")));
        Assert.Throws<ArgumentOutOfRangeException>(() => builder.AddSurprisePackageRotation(new LocalDate(9999, 12, 1), new SurprisePeriod(["a", "b"], "phone")));
        Assert.Throws<ArgumentOutOfRangeException>(() => builder.AddTemplateRotation((OutreachPurpose)99, new LocalDate(2027, 1, 1), ["a"]));
        Assert.Empty(builder.Build().Entries);
    }

    [Property(Arbitrary = [typeof(RotationArbitraries)], MaxTest = 300)]
    public bool Rotations_PeriodsAreExactlyThreeAndTwoMonths_Meets_Specification(RotationStartCase start)
    {
        var periods = start.Periods;
        var catalogue = OfferCatalogue.CreateBuilder()
            .AddTemplateRotation(OutreachPurpose.Apology, start.Date, Enumerable.Range(0, periods).Select(i => new[] { $"t{i}" }).ToArray())
            .AddSurprisePackageRotation(start.Date, Enumerable.Range(0, periods).Select(i => new SurprisePeriod([$"a{i}", $"b{i}"], $"p{i}")).ToArray())
            .Build();

        bool Exact(string kind, int months) =>
            catalogue.Entries.Where(e => e.Kind == kind).GroupBy(e => e.From).Select(g => g.First()).Select((e, i) =>
                e.From == start.Date.PlusMonths(i * months) && e.Until == start.Date.PlusMonths((i + 1) * months) && MonthIndex(e.Until) - MonthIndex(e.From) == months).All(ok => ok);

        // Periods count from the start, never from the previous period's clamped end (31 May + 3 = 31 August, 30 November, 28 February, 31 May).
        static int MonthIndex(LocalDate d) => (d.Year * 12) + d.Month;

        var phoneWithPackages = catalogue.Entries.Where(e => e.Kind == CatalogueKinds.PhoneGreeting)
            .All(p => catalogue.Entries.Count(e => e.Kind == CatalogueKinds.SurprisePackage && e.From == p.From && e.Until == p.Until) == 2);
        return Exact(CatalogueKinds.MessageTemplate(OutreachPurpose.Apology), OfferCatalogue.TemplateRotationMonths) && OfferCatalogue.TemplateRotationMonths == 3
            && Exact(CatalogueKinds.SurprisePackage, OfferCatalogue.SurprisePackageRotationMonths) && Exact(CatalogueKinds.PhoneGreeting, 2) && OfferCatalogue.SurprisePackageRotationMonths == 2
            && phoneWithPackages;
    }

    [Fact]
    public void Plan_NoDealWithIntentInTheEvening_FirstCallTheNextAfternoonAndSecondCallTheDayAfter()
    {
        // Seed 001, 联系与掌控 B: "如顾客有回头的意向,下午立刻进行电访追踪" — and C: "如一次电访未回头,那次日与顾客再联系"
        // Leaving at 19:30, after the afternoon: the first call is the next afternoon, never the morning of the second call's day.
        var first = Assert.Single(Planner.Plan(VisitOutcome.NoDeal("c1", Local(2026, 11, 23, 19, 30), true)).Callbacks);
        Assert.Equal(new NodaTime.Interval(Local(2026, 11, 24, 13, 30), Local(2026, 11, 24, 17, 30)), first.Due);

        var second = Assert.Single(Planner.Plan(new FollowUpCallOutcome("c1", first.Due.End, 1, FollowUpCallResult.NotReturned)).Callbacks);
        Assert.Equal(Local(2026, 11, 25, 13, 30), second.Due.Start);
    }

    [Property(Arbitrary = [typeof(LeadEventArbitraries)], MaxTest = 400)]
    public bool Plan_FirstAndSecondCallsNeverShareADay_Meets_Specification(LeadEvent e)
    {
        if (e is not VisitOutcome { Result: VisitResult.NoDeal, IntentToReturn: true } visit)
        {
            return true;
        }

        var first = Planner.Plan(visit).Callbacks.Single();
        var second = Planner.Plan(new FollowUpCallOutcome(visit.CustomerId, first.Due.End, 1, FollowUpCallResult.NotReturned)).Callbacks.Single();
        var leftDate = visit.At.InZone(Shanghai).Date;
        var evening = visit.At >= Shanghai.AtLeniently(leftDate.At(new LocalTime(17, 30))).ToInstant();
        var firstDate = first.Due.Start.InZone(Shanghai).Date;
        return second.Due.Start >= first.Due.End
            && second.Due.Start.InZone(Shanghai).Date > first.Due.End.InZone(Shanghai).Date
            && (!evening || firstDate > leftDate);
    }

    [Fact]
    public void Plan_ManagerException_OffersEverySurprisePackageToTheWalkIn()
    {
        // Seed 001, 建档 5: "只有经过客服电访的顾客可享用,其它来店内咨询的均没有(除:非常D的顾客可申请刘经理)"
        var approved = new SurprisePackageApproved("walk-in", Local(2026, 11, 23, 11, 0), "manager-liu");

        var call = Assert.Single(Planner.Plan(approved).Callbacks);

        Assert.Equal(OutreachPurpose.ManagerExceptionCall, call.Purpose);
        Assert.Equal(["surprise.nov-a", "surprise.nov-b", "surprise.walk-in"], call.OfferKeys); // the callback-only packages too
        Assert.Equal(Local(2026, 11, 23, 11, 0), call.Due.Start);
        Assert.Throws<ArgumentException>(() => new SurprisePackageApproved("walk-in", Local(2026, 11, 23, 11, 0), " "));
    }

    [Fact]
    public void Plan_WeeklyCare_OneMessageUnlessTheCustomerHadOneThisWeek()
    {
        // Seed 003, 服务层面 1A: "平日的短信息问候、祝福、温馨提醒,以及资讯的分享等等,至少要保证每周一条。"
        var monday = Local(2026, 11, 23, 8, 0);

        var due = Assert.Single(Planner.Plan(new WeeklyCareDue("c1", monday) { LastMessageAt = Local(2026, 11, 22, 20, 0) }).Messages); // last on Sunday
        Assert.Equal((OutreachPurpose.WeeklyCare, "care.weekly", Local(2026, 11, 23, 9, 0)), (due.Purpose, due.TemplateKey, due.SendAt));
        Assert.True(Planner.Plan(new WeeklyCareDue("c1", Local(2026, 11, 26, 10, 0)) { LastMessageAt = Local(2026, 11, 23, 9, 0) }).IsEmpty);
        Assert.Single(Planner.Plan(new WeeklyCareDue("c1", monday)).Messages); // never messaged
    }

    [Property(Arbitrary = [typeof(LeadEventArbitraries)], MaxTest = 300)]
    public bool Plan_WeeklyCareAtLeastOnceAWeek_Meets_Specification(LeadEvent e, PositiveInt minutesBefore)
    {
        var last = e.At - Duration.FromMinutes(minutesBefore.Get % (15 * 24 * 60));
        var plan = Planner.Plan(new WeeklyCareDue(e.CustomerId, e.At) { LastMessageAt = last });
        var week = (Date: e.At.InZone(Shanghai).Date, Last: last.InZone(Shanghai).Date);
        var sameWeek = week.Date.PlusDays(1 - (int)week.Date.DayOfWeek) == week.Last.PlusDays(1 - (int)week.Last.DayOfWeek);
        return sameWeek ? plan.IsEmpty : plan.Messages.Count == 1 && plan.Messages[0].RequestedAt >= e.At;
    }

    [Fact]
    public void ForActiveCustomers_OnlyABCWithoutReclassification()
    {
        var at = Local(2026, 11, 23, 8, 0);
        CustomerProfile[] profiles =
        [
            new("a") { Segment = StudioSegments.A },
            new("b") { Segment = StudioSegments.B },
            new("c") { Segment = StudioSegments.C },
            new("d") { Segment = StudioSegments.D },
            new("u") { Segment = StudioSegments.Unsorted },
            new("new"),
            new("held") { Segment = StudioSegments.C, Reclassification = new Reclassification(StudioSegments.C, "desk", at) },
        ];

        var due = WeeklyCareDue.ForActiveCustomers(profiles, at, new Dictionary<string, Instant> { ["b"] = Local(2026, 11, 20, 9, 0) });

        Assert.Equal(["a", "b", "c"], due.Select(d => d.CustomerId));
        Assert.Equal([null, Local(2026, 11, 20, 9, 0), null], due.Select(d => d.LastMessageAt));
    }

    [Theory]
    [InlineData(2010, 6, 18, 2027, 6, 18)]
    [InlineData(2012, 2, 29, 2027, 2, 28)] // a leap-day founding is greeted on 28 February in common years
    [InlineData(2015, 11, 24, 2026, 11, 24)]
    public void Plan_CompanyAnniversary_GreetsOnTheNextAnniversary(int fy, int fm, int fd, int y, int m, int d)
    {
        // Seed 003, 服务层面 1C: "逢年过节、客户生日、公司成立日等对客户重要的日子,要及时地问候"
        var plan = Planner.Plan(new CompanyAnniversaryComing("c1", Local(2026, 11, 23, 10, 0), new LocalDate(fy, fm, fd)));

        var message = Assert.Single(plan.Messages);
        Assert.Equal((OutreachPurpose.CompanyAnniversaryGreeting, "greeting.company-anniversary", Local(y, m, d, 9, 0)), (message.Purpose, message.TemplateKey, message.SendAt));
    }
}

/// <summary>A rotation's start date over the calendars' range and a number of periods.</summary>
public sealed record RotationStartCase(LocalDate Date, int Periods);

/// <summary>Generators of rotation starts, 1900 to 2200.</summary>
public static class RotationArbitraries
{
    public static Arbitrary<RotationStartCase> Starts() =>
        (from date in LeadsArbitraries.Dates(1900, 2200)
         from periods in Gen.Choose(1, 12)
         select new RotationStartCase(date, periods)).ToArbitrary();
}
