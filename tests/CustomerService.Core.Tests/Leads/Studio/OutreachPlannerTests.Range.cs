using CustomerService.Core.Calendars;
using CustomerService.Core.Leads.Studio;
using NodaTime;

namespace CustomerService.Core.Tests.Leads.Studio;

/// <summary>Events and plans at the ends of the supported range: a right plan, or an error naming <c>leadEvent</c>.</summary>
public sealed partial class OutreachPlannerTests
{
    private static readonly Instant LastSupported = BusinessCalendar.MaxSupportedInstant;
    private static readonly Instant FirstSupported = BusinessCalendar.MinSupportedInstant;

    private static void AssertOutOfRange(LeadEvent e)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => Planner.Plan(e));
        Assert.Equal("leadEvent", error.ParamName);
    }

    [Fact]
    public void Plan_VisitAtTheLastDayNodaTimeHolds_ThrowsNamingLeadEvent()
    {
        // The apology's delay used to be added before any range check: 9999-12-31T23:55Z + 10 min overflowed Instant.
        AssertOutOfRange(VisitOutcome.NoDeal("c1", Instant.FromUtc(9999, 12, 31, 23, 55), intentToReturn: true));
        AssertOutOfRange(VisitOutcome.FullPayment("c1", Instant.MaxValue));
        AssertOutOfRange(VisitOutcome.FullPayment("c1", Instant.MinValue));
    }

    [Fact]
    public void Plan_ApologyWhoseNextOpeningIsPastTheRange_ThrowsNamingLeadEvent()
    {
        // 20:55 on the last evening the calendar supports: the apology would go out at 09:00 on 1 January 2200 (01:00Z), past the range.
        var left = LastSupported - Duration.FromHours(4) - Duration.FromMinutes(5);

        AssertOutOfRange(VisitOutcome.NoDeal("c1", left, intentToReturn: false));
    }

    [Fact]
    public void Plan_VisitOnTheFirstSupportedMorning_IsPlanned()
    {
        var left = FirstSupported + Duration.FromHours(2); // 10:05 local mean time in Shanghai

        var plan = Planner.Plan(VisitOutcome.FullPayment("c1", left));

        var message = Assert.Single(plan.Messages);
        Assert.Equal(left, message.SendAt);
    }

    [Fact]
    public void Plan_AppointmentOrBookedCallAtInstantMaxValue_ThrowsNamingLeadEvent()
    {
        var at = Local(2026, 11, 23, 11, 0);

        AssertOutOfRange(new AppointmentBooked("c1", at, AppointmentKind.Pickup, Instant.MaxValue));
        AssertOutOfRange(new FollowUpCallOutcome("c1", at, 1, FollowUpCallResult.NotReturned) { NextCallAt = Instant.MaxValue });
    }

    [Fact]
    public void Plan_GreetingDatesAtNodaTimesEnds_PlanOrThrowNamingLeadEvent()
    {
        var at = Local(2026, 11, 23, 11, 0);

        AssertOutOfRange(new WeddingDateSet("c1", at, LocalDate.MaxIsoValue));
        AssertOutOfRange(new BirthdayKnown("c1", at, LocalDate.MaxIsoValue));
        AssertOutOfRange(new FestivalComing("c1", at, "spring", LocalDate.MaxIsoValue));
        Assert.True(Planner.Plan(new FestivalComing("c1", at, "spring", LocalDate.MinIsoValue)).IsEmpty);

        // A wedding on NodaTime's first day: its next anniversary is 23 November 2027 (the one of 2026 went out at 09:00).
        var anniversary = Assert.Single(Planner.Plan(new WeddingDateSet("c1", at, new LocalDate(-9998, 11, 23))).Messages);
        Assert.Equal((OutreachPurpose.AnniversaryGreeting, Local(2027, 11, 23, 9, 0)), (anniversary.Purpose, anniversary.RequestedAt));
    }

    [Fact]
    public void Plan_InconsistentEvents_NameLeadEvent()
    {
        var at = Local(2026, 11, 23, 11, 0);

        Assert.Equal("leadEvent", Assert.Throws<ArgumentOutOfRangeException>(() => Planner.Plan(new FollowUpCallOutcome("c1", at, 3, FollowUpCallResult.NotReturned))).ParamName);
        Assert.Equal("leadEvent", Assert.Throws<ArgumentOutOfRangeException>(() => Planner.Plan(new VisitOutcome("c1", at, (VisitResult)9))).ParamName);
        Assert.Equal("leadEvent", Assert.Throws<ArgumentException>(() => Planner.Plan(new FestivalComing("c1", at, " ", new LocalDate(2026, 12, 25)))).ParamName);
        Assert.Equal("leadEvent", Assert.Throws<ArgumentException>(() => Planner.Plan(new AppointmentBooked("c1", at, AppointmentKind.Shooting, at - Duration.FromHours(1)))).ParamName);
        Assert.Equal("leadEvent", Assert.Throws<ArgumentOutOfRangeException>(() => Planner.Plan(new VisitOutcome("c1", at, VisitResult.Deposit) { DepositShare = 1.5m })).ParamName);
    }
}
