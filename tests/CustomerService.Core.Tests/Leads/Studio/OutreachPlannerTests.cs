using CustomerService.Core.Calendars;
using CustomerService.Core.Leads;
using CustomerService.Core.Leads.Studio;
using NodaTime;

namespace CustomerService.Core.Tests.Leads.Studio;

public sealed partial class OutreachPlannerTests
{
    internal static readonly DateTimeZone Shanghai = DateTimeZoneProviders.Tzdb["Asia/Shanghai"];

    /// <summary>Sending hours: every day 09:00–21:00 in Shanghai; closed on 1 January 2027.</summary>
    internal static readonly BusinessCalendar SendingHours = CreateSendingHours();

    internal static readonly OfferCatalogue Catalogue = OfferCatalogue.CreateBuilder()
        .AddRotation(CatalogueKinds.SurprisePackage, new LocalDate(2026, 11, 1), 2, true, ["surprise.nov-a", "surprise.nov-b"], ["surprise.jan-a", "surprise.jan-b", "surprise.jan-c"])
        .Add("surprise.walk-in", CatalogueKinds.SurprisePackage, new LocalDate(2026, 11, 1), new LocalDate(2027, 3, 1))
        .AddRotation(CatalogueKinds.BirthdayGreeting, new LocalDate(2026, 10, 1), 3, false, ["birthday.q4"], ["birthday.q1"])
        .AddRotation(CatalogueKinds.FestivalGreeting, new LocalDate(2026, 10, 1), 3, false, ["festival.q4"])
        .Build();

    private static readonly OutreachPlanner Planner = new(StudioPlaybook.Default.WithCatalogue(Catalogue), SendingHours);

    private static BusinessCalendar CreateSendingHours()
    {
        var builder = BusinessCalendar.CreateBuilder("studio-sending-hours", Shanghai);
        foreach (var day in new[] { IsoDayOfWeek.Monday, IsoDayOfWeek.Tuesday, IsoDayOfWeek.Wednesday, IsoDayOfWeek.Thursday, IsoDayOfWeek.Friday, IsoDayOfWeek.Saturday, IsoDayOfWeek.Sunday })
        {
            builder.Open(day, new LocalTime(9, 0), new LocalTime(21, 0));
        }

        return builder.Closed(new LocalDate(2027, 1, 1)).Build();
    }

    internal static Instant Local(int year, int month, int day, int hour, int minute) =>
        Shanghai.AtStrictly(new LocalDateTime(year, month, day, hour, minute)).ToInstant();

    [Fact]
    public void Plan_FullPayment_SendsThankYouAtOnce()
    {
        var left = Local(2026, 11, 23, 11, 0);

        var plan = Planner.Plan(VisitOutcome.FullPayment("c1", left));

        var message = Assert.Single(plan.Messages);
        Assert.Equal((OutreachPurpose.ThankYou, "visit.full-payment.thanks", OutreachChannel.Sms, left), (message.Purpose, message.TemplateKey, message.Channel, message.SendAt));
        Assert.Empty(plan.Callbacks);
        Assert.Null(plan.Reclassification);
    }

    [Theory]
    [InlineData(0.30, OutreachPurpose.QualityAndService, "visit.deposit.quality-service")]
    [InlineData(0.50, OutreachPurpose.QualityAndService, "visit.deposit.quality-service")]
    [InlineData(0.29, OutreachPurpose.ThanksQualityAndService, "visit.deposit.thanks-quality-service")]
    public void Plan_Deposit_ThirtyPercentIsTheBoundary(double share, OutreachPurpose purpose, string template)
    {
        var plan = Planner.Plan(VisitOutcome.Deposit("c1", Local(2026, 11, 23, 11, 0), (decimal)share));

        var message = Assert.Single(plan.Messages);
        Assert.Equal((purpose, template), (message.Purpose, message.TemplateKey));
    }

    [Fact]
    public void Plan_NoDealWithoutIntent_ApologisesWithinThirtyMinutesAndNothingElse()
    {
        var left = Local(2026, 11, 23, 11, 0);

        var plan = Planner.Plan(VisitOutcome.NoDeal("c1", left, intentToReturn: false));

        var message = Assert.Single(plan.Messages);
        Assert.Equal((OutreachPurpose.Apology, "visit.no-deal.apology"), (message.Purpose, message.TemplateKey));
        Assert.InRange(message.SendAt - left, Duration.Zero, Duration.FromMinutes(30));
        Assert.Empty(plan.Callbacks);
        Assert.Null(plan.Reclassification);
    }

    [Fact]
    public void Plan_NoDealWithIntentInTheMorning_CallsTheSameAfternoonWithSmallDiscountOnPackageDiscussed()
    {
        var plan = Planner.Plan(VisitOutcome.NoDeal("c1", Local(2026, 11, 23, 11, 0), intentToReturn: true, packageDiscussed: "classic-9999"));

        Assert.Equal([OutreachStepKind.Message, OutreachStepKind.Callback], plan.Steps.Select(s => s.Kind));
        var call = Assert.Single(plan.Callbacks);
        Assert.Equal((OutreachPurpose.WinBackCall, 1, "call.no-deal.win-back"), (call.Purpose, call.Attempt, call.ScriptKey));
        Assert.Equal(new Interval(Local(2026, 11, 23, 13, 30), Local(2026, 11, 23, 17, 30)), call.Due);
        Assert.Equal(["small-discount:classic-9999"], call.OfferKeys);
    }

    [Fact]
    public void Plan_NoDealWithIntentInTheAfternoon_CallsAtOnceUntilAfternoonEnds()
    {
        var plan = Planner.Plan(VisitOutcome.NoDeal("c1", Local(2026, 11, 23, 15, 0), intentToReturn: true));

        var call = Assert.Single(plan.Callbacks);
        Assert.Equal(new Interval(Local(2026, 11, 23, 15, 0), Local(2026, 11, 23, 17, 30)), call.Due);
        Assert.Equal(["small-discount"], call.OfferKeys);
    }

    [Fact]
    public void Plan_NoDealJustBeforeClosing_ApologyMovesToNextOpening()
    {
        var left = Local(2026, 11, 23, 20, 55);

        var message = Assert.Single(Planner.Plan(VisitOutcome.NoDeal("c1", left, false)).Messages);

        Assert.Equal(left + Duration.FromMinutes(10), message.RequestedAt);
        Assert.Equal(Local(2026, 11, 24, 9, 0), message.SendAt);
        Assert.True(message.MovedByQuietHours);
    }

    [Fact]
    public void Plan_NoDealWithIntentAfterAfternoon_CallsTheNextAfternoon()
    {
        var call = Assert.Single(Planner.Plan(VisitOutcome.NoDeal("c1", Local(2026, 11, 23, 20, 0), true)).Callbacks);

        // The evening rule: not at once in the evening nor the next morning, but in the next day's afternoon window.
        Assert.Equal(new Interval(Local(2026, 11, 24, 13, 30), Local(2026, 11, 24, 17, 30)), call.Due);
    }

    [Fact]
    public void Plan_FirstCallNotReturned_SecondCallAtBookedTimeWithCurrentSurprisePackages()
    {
        var outcome = new FollowUpCallOutcome("c1", Local(2026, 11, 23, 14, 0), 1, FollowUpCallResult.NotReturned) { NextCallAt = Local(2026, 11, 24, 15, 0) };

        var plan = Planner.Plan(outcome);

        var call = Assert.Single(plan.Callbacks);
        Assert.Equal((OutreachPurpose.SurprisePackageCall, 2, "call.no-deal.surprise-package"), (call.Purpose, call.Attempt, call.ScriptKey));
        Assert.Equal(new Interval(Local(2026, 11, 24, 15, 0), Local(2026, 11, 24, 16, 0)), call.Due);
        Assert.Equal(["surprise.nov-a", "surprise.nov-b", "surprise.walk-in"], call.OfferKeys);
        Assert.Null(plan.Reclassification);
    }

    [Fact]
    public void Plan_FirstCallNotReached_SecondCallNextAfternoonWithoutCallbackOnlyPackages()
    {
        var plan = Planner.Plan(new FollowUpCallOutcome("c1", Local(2026, 11, 23, 14, 0), 1, FollowUpCallResult.NotReached));

        var call = Assert.Single(plan.Callbacks);
        Assert.Equal(Local(2026, 11, 24, 13, 30), call.Due.Start);
        Assert.Equal(["surprise.walk-in"], call.OfferKeys);
    }

    [Theory]
    [InlineData(2026, 12, 31, "surprise.nov-a")] // last day of the November–December period
    [InlineData(2027, 1, 2, "surprise.jan-a")] // 1 January is closed: the call moves to the 2nd, in the next period
    [InlineData(2027, 3, 2, null)] // after the rotation: no packages left
    public void Plan_SecondCall_TakesPackagesEffectiveOnTheCallDay(int year, int month, int day, string? first)
    {
        var booked = Local(year, month, day, 10, 0);
        var outcome = new FollowUpCallOutcome("c1", booked - Duration.FromDays(1), 1, FollowUpCallResult.NotReturned) { NextCallAt = booked };

        var call = Assert.Single(Planner.Plan(outcome).Callbacks);

        Assert.Equal(first, call.OfferKeys.FirstOrDefault(k => k != "surprise.walk-in"));
    }

    [Fact]
    public void Plan_SecondCallOnHoliday_StartsAtNextOpening()
    {
        var outcome = new FollowUpCallOutcome("c1", Local(2026, 12, 31, 14, 0), 1, FollowUpCallResult.NotReturned) { NextCallAt = Local(2027, 1, 1, 10, 0) };

        var call = Assert.Single(Planner.Plan(outcome).Callbacks);

        Assert.Equal(Local(2027, 1, 2, 9, 0), call.Due.Start);
        Assert.Contains("surprise.jan-a", call.OfferKeys);
    }

    [Theory]
    [InlineData(FollowUpCallResult.NotReturned)]
    [InlineData(FollowUpCallResult.NotReached)]
    public void Plan_SecondCallFails_ReclassifiesToD(FollowUpCallResult result)
    {
        var at = Local(2026, 11, 24, 15, 30);

        var plan = Planner.Plan(new FollowUpCallOutcome("c1", at, 2, result));

        Assert.Equal(new Reclassification(StudioSegments.D, "no deal after both follow-up calls", at), plan.Reclassification);
        Assert.Empty(plan.Callbacks);
        Assert.Empty(plan.Messages);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Plan_CustomerReturned_EndsThePlaybook(int attempt)
    {
        Assert.True(Planner.Plan(new FollowUpCallOutcome("c1", Local(2026, 11, 24, 15, 30), attempt, FollowUpCallResult.Returned)).IsEmpty);
    }

    [Theory]
    [InlineData(AppointmentKind.Shooting, "shooting")]
    [InlineData(AppointmentKind.Selection, "selection")]
    [InlineData(AppointmentKind.Pickup, "pickup")]
    [InlineData(AppointmentKind.DressPickup, "dress-pickup")]
    public void Plan_Appointment_RemindsTheDayBeforeAndThanksAfter(AppointmentKind kind, string key)
    {
        var plan = Planner.Plan(new AppointmentBooked("c1", Local(2026, 11, 20, 16, 0), kind, Local(2026, 11, 26, 10, 0)));

        Assert.Equal(2, plan.Messages.Count);
        Assert.Equal((OutreachPurpose.Reminder, "reminder." + key, Local(2026, 11, 25, 10, 0)), (plan.Messages[0].Purpose, plan.Messages[0].TemplateKey, plan.Messages[0].SendAt));
        Assert.Equal((OutreachPurpose.ThanksAfterAppointment, "thanks." + key, Local(2026, 11, 26, 13, 0)), (plan.Messages[1].Purpose, plan.Messages[1].TemplateKey, plan.Messages[1].SendAt));
    }

    [Theory]
    [InlineData(AppointmentKind.Pickup, true)]
    [InlineData(AppointmentKind.DressPickup, true)]
    [InlineData(AppointmentKind.Shooting, false)]
    [InlineData(AppointmentKind.Selection, false)]
    public void Plan_Pickup_CallsTheNextAfternoonForInformation(AppointmentKind kind, bool expectCall)
    {
        var plan = Planner.Plan(new AppointmentBooked("c1", Local(2026, 11, 20, 16, 0), kind, Local(2026, 11, 26, 10, 0)));

        if (!expectCall)
        {
            Assert.Empty(plan.Callbacks);
            return;
        }

        var call = Assert.Single(plan.Callbacks);
        Assert.Equal((OutreachPurpose.AfterPickupCall, "call.after-pickup.information"), (call.Purpose, call.ScriptKey));
        Assert.Equal(new Interval(Local(2026, 11, 27, 13, 30), Local(2026, 11, 27, 17, 30)), call.Due);
        Assert.Empty(call.OfferKeys);
        Assert.Equal(CustomerService.Core.Callbacks.CallbackPurpose.SatisfactionCheck, call.ToCallback(new CallbackId("cb"), Shanghai, Local(2026, 11, 20, 16, 0)).Purpose);
    }

    [Fact]
    public void Plan_AppointmentBookedAfterReminderTime_RemindsAtOnce()
    {
        var booked = Local(2026, 11, 23, 12, 0);

        var plan = Planner.Plan(new AppointmentBooked("c1", booked, AppointmentKind.Shooting, Local(2026, 11, 24, 9, 30)));

        Assert.Equal(booked, plan.Messages[0].SendAt);
        Assert.Equal(OutreachPurpose.Reminder, plan.Messages[0].Purpose);
    }

    [Fact]
    public void Plan_AppointmentTooSoonToRemind_OnlyThanks()
    {
        // Booked at 20:50 for 09:00 the next morning: the reminder could only go out at the appointment itself.
        var plan = Planner.Plan(new AppointmentBooked("c1", Local(2026, 11, 23, 21, 30), AppointmentKind.Selection, Local(2026, 11, 24, 9, 0)));

        Assert.Equal([OutreachPurpose.ThanksAfterAppointment], plan.Messages.Select(m => m.Purpose));
    }

    [Fact]
    public void Plan_WeddingDate_CongratulatesOnTheDayAndGreetsOnTheAnniversary()
    {
        var plan = Planner.Plan(new WeddingDateSet("c1", Local(2026, 11, 23, 11, 0), new LocalDate(2027, 5, 1)));

        Assert.Equal([OutreachPurpose.WeddingCongratulations, OutreachPurpose.AnniversaryGreeting], plan.Messages.Select(m => m.Purpose));
        Assert.Equal(Local(2027, 5, 1, 9, 0), plan.Messages[0].SendAt);
        Assert.Equal("greeting.wedding-day", plan.Messages[0].TemplateKey);
        Assert.Equal(Local(2028, 5, 1, 9, 0), plan.Messages[1].SendAt);
        Assert.Equal("greeting.anniversary", plan.Messages[1].TemplateKey);
    }

    [Fact]
    public void Plan_PastWedding_OnlyNextAnniversary()
    {
        var plan = Planner.Plan(new WeddingDateSet("c1", Local(2026, 11, 23, 11, 0), new LocalDate(2024, 2, 29)));

        var message = Assert.Single(plan.Messages);
        Assert.Equal(Local(2027, 2, 28, 9, 0), message.SendAt); // 29 February anniversaries fall on 28 February in common years
    }

    [Theory]
    [InlineData(1998, 12, 5, 2026, 12, 5, "birthday.q4")] // in the October–December template period
    [InlineData(1998, 1, 5, 2027, 1, 5, "birthday.q1")] // rotated on 1 January
    [InlineData(2000, 2, 29, 2027, 2, 28, "birthday.q1")] // leap-day birthday in a common year
    [InlineData(1998, 11, 23, 2026, 11, 23, "birthday.q4")] // the birthday is today and the plan is made at 08:00, before the 09:00 greeting
    public void Plan_Birthday_GreetsOnNextOccurrenceWithRotatedTemplate(int by, int bm, int bd, int y, int m, int d, string template)
    {
        var plan = Planner.Plan(new BirthdayKnown("c1", Local(2026, 11, 23, 8, 0), new LocalDate(by, bm, bd)));

        var message = Assert.Single(plan.Messages);
        Assert.Equal((Local(y, m, d, 9, 0), template), (message.SendAt, message.TemplateKey));
    }

    [Fact]
    public void Plan_Festival_UsesCatalogueTemplateOrFallback()
    {
        var inPeriod = Assert.Single(Planner.Plan(new FestivalComing("c1", Local(2026, 11, 23, 8, 0), "winter-solstice", new LocalDate(2026, 12, 22))).Messages);
        var after = Assert.Single(Planner.Plan(new FestivalComing("c1", Local(2026, 11, 23, 8, 0), "spring-festival", new LocalDate(2027, 2, 6))).Messages);

        Assert.Equal("festival.q4", inPeriod.TemplateKey);
        Assert.Equal("greeting.festival.spring-festival", after.TemplateKey);
        Assert.True(Planner.Plan(new FestivalComing("c1", Local(2026, 11, 23, 8, 0), "x", new LocalDate(2026, 1, 1))).IsEmpty);
    }

    [Fact]
    public void Plan_Wedding_OnClosedDay_MovesToNextOpening()
    {
        var message = Planner.Plan(new WeddingDateSet("c1", Local(2026, 11, 23, 8, 0), new LocalDate(2027, 1, 1))).Messages[0];

        Assert.Equal(Local(2027, 1, 2, 9, 0), message.SendAt);
    }

    [Fact]
    public void Plan_BadInput_ThrowsClearly()
    {
        var at = Local(2026, 11, 23, 11, 0);
        Assert.Throws<ArgumentNullException>(() => Planner.Plan(null!));
        Assert.Throws<ArgumentException>(() => Planner.Plan(new AppointmentBooked("c1", at, AppointmentKind.Shooting, at - Duration.FromHours(1))));
        Assert.Throws<ArgumentException>(() => Planner.Plan(new FollowUpCallOutcome("c1", at, 1, FollowUpCallResult.NotReturned) { NextCallAt = at }));
        Assert.Throws<ArgumentOutOfRangeException>(() => Planner.Plan(new FollowUpCallOutcome("c1", at, 3, FollowUpCallResult.NotReturned)));
        Assert.Throws<ArgumentOutOfRangeException>(() => Planner.Plan(new FollowUpCallOutcome("c1", at, 1, (FollowUpCallResult)9)));
        Assert.Throws<ArgumentOutOfRangeException>(() => Planner.Plan(new VisitOutcome("c1", at, (VisitResult)9)));
        Assert.Throws<ArgumentOutOfRangeException>(() => VisitOutcome.Deposit("c1", at, 1m));
        Assert.Throws<ArgumentOutOfRangeException>(() => VisitOutcome.Deposit("c1", at, 0m));
        Assert.Throws<ArgumentException>(() => VisitOutcome.FullPayment("", at));
        Assert.Throws<ArgumentException>(() => Planner.Plan(new UnknownEvent("c1", at)));
    }

    [Fact]
    public void BirthdayKnown_ToString_RedactsTheBirthday()
    {
        var text = new BirthdayKnown("c1", Local(2026, 11, 23, 8, 0), new LocalDate(1998, 4, 17)).ToString();

        Assert.DoesNotContain("1998", text, StringComparison.Ordinal);
        Assert.Contains("Birthday = ***", text, StringComparison.Ordinal);
    }

    private sealed record UnknownEvent(string CustomerId, Instant At) : LeadEvent(CustomerId, At);
}
