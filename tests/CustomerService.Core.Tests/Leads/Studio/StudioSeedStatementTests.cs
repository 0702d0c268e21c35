using CustomerService.Core.Leads;
using CustomerService.Core.Leads.Studio;
using NodaTime;

namespace CustomerService.Core.Tests.Leads.Studio;

/// <summary>The remaining statements of seed 001 the studio desk implements, each quoted in the original and checked against the planner and the rules.</summary>
public sealed class StudioSeedStatementTests
{
    private static readonly OutreachPlanner Planner = new(StudioPlaybook.Default, OutreachPlannerTests.SendingHours);

    private static Instant Local(int month, int day, int hour, int minute = 0) => OutreachPlannerTests.Local(2026, month, day, hour, minute);

    [Theory]
    [InlineData(AppointmentKind.Shooting, "reminder.shooting")]
    [InlineData(AppointmentKind.Selection, "reminder.selection")]
    [InlineData(AppointmentKind.Pickup, "reminder.pickup")]
    [InlineData(AppointmentKind.DressPickup, "reminder.dress-pickup")]
    public void Reminder_TheDayBeforeEveryAppointment(AppointmentKind kind, string template)
    {
        // Seed 001, 查核 5: "每天对次日拍摄的,选片的,取件的,取衣的顾客进行短信提醒"
        var plan = Planner.Plan(new AppointmentBooked("c1", Local(11, 1, 10), kind, Local(11, 24, 14)));

        var reminder = Assert.Single(plan.Messages, m => m.Purpose == OutreachPurpose.Reminder);
        Assert.Equal((template, Local(11, 23, 10)), (reminder.TemplateKey, reminder.SendAt));
    }

    [Theory]
    [InlineData(AppointmentKind.Pickup)]
    [InlineData(AppointmentKind.DressPickup)]
    public void AfterPickup_InformationCallTheNextDay(AppointmentKind kind)
    {
        // Seed 001, 查核 4: "对昨天取件的顾客,C单的顾客,结婚取衣的顾客进行信息电访追踪"
        var call = Assert.Single(Planner.Plan(new AppointmentBooked("c1", Local(11, 1, 10), kind, Local(11, 23, 11))).Callbacks);

        Assert.Equal((OutreachPurpose.AfterPickupCall, Local(11, 24, 13, 30)), (call.Purpose, call.Due.Start));
    }

    [Fact]
    public void ThanksAfterShootSelectionAndPickup_AndCongratulationsOnTheWeddingDay()
    {
        // Seed 001, 查核 6: "针对已拍过照片,选过照片(即:拍照后,选片后,取件后)的顾客进行短信致谢与致歉,并且当天结婚的新人进行短信祝贺"
        foreach (var kind in new[] { AppointmentKind.Shooting, AppointmentKind.Selection, AppointmentKind.Pickup })
        {
            var thanks = Assert.Single(Planner.Plan(new AppointmentBooked("c1", Local(11, 1, 10), kind, Local(11, 23, 10))).Messages, m => m.Purpose == OutreachPurpose.ThanksAfterAppointment);
            Assert.Equal(Local(11, 23, 13), thanks.SendAt);
        }

        var congratulations = Assert.Single(Planner.Plan(new WeddingDateSet("c1", Local(11, 1, 10), new LocalDate(2026, 12, 8))).Messages, m => m.Purpose == OutreachPurpose.WeddingCongratulations);
        Assert.Equal(Local(12, 8, 9), congratulations.SendAt);
    }

    [Fact]
    public void Deals_FullPaymentThanksDepositQualityAndService()
    {
        // Seed 001, 联系与掌控 2: "成交:A.全额(即发送致谢信息) B.30%以上订金(发送品质服务信息) C.30%以上订金(发送致谢,质量,服务信息)"
        Assert.Equal(OutreachPurpose.ThankYou, Planner.Plan(VisitOutcome.FullPayment("c1", Local(11, 23, 11))).Messages[0].Purpose);
        Assert.Equal(OutreachPurpose.QualityAndService, Planner.Plan(VisitOutcome.Deposit("c1", Local(11, 23, 11), 0.3m)).Messages[0].Purpose);
        Assert.Equal(OutreachPurpose.ThanksQualityAndService, Planner.Plan(VisitOutcome.Deposit("c1", Local(11, 23, 11), 0.1m)).Messages[0].Purpose);
    }

    [Fact]
    public void NoDeal_ApologyWithinThirtyMinutes()
    {
        // Seed 001, 联系与掌控 不成交 A: "顾客走后30分钟内发送致歉信息"
        var left = Local(11, 23, 11);

        var apology = Assert.Single(Planner.Plan(VisitOutcome.NoDeal("c1", left, false)).Messages);

        Assert.Equal(OutreachPurpose.Apology, apology.Purpose);
        Assert.InRange(apology.SendAt - left, Duration.Zero, Duration.FromMinutes(30));
    }

    [Fact]
    public void SecondCallFails_TheCustomerBecomesD()
    {
        // Seed 001, 联系与掌控 不成交 C: "这次可使用惊喜特套.如果这次顾客也没有动心,那么就可以把它归为**客"
        var plan = Planner.Plan(new FollowUpCallOutcome("c1", Local(11, 24, 15), 2, FollowUpCallResult.NotReturned));

        Assert.Equal(StudioSegments.D, plan.Reclassification!.Segment);
    }

    [Theory]
    [InlineData("2027-05-01", true, false, "A")]
    [InlineData("2027-10-01", true, false, "B")]
    [InlineData("2029-01-01", true, false, "C")]
    [InlineData(null, false, false, "D")]
    [InlineData("2020-01-01", true, true, "D")]
    public void PhoneVisitCustomers_MarkedABCD(string? wedding, bool partner, bool married, string expected)
    {
        // Seed 001, 建档 2: "电访顾客分A.前六个月目标客即新婚客;B.一年之内结婚即新人客C.二.三年之内结婚即新兵客D.没有男;女朋友的或结过婚的即**客"
        var rules = StudioSegmentation.CreateRuleSet(OutreachPlannerTests.Shanghai);
        var row = StudioSegmentation.Schema.CreateRow();
        StudioSegmentation.WriteFacts(wedding is null ? null : StudioSegmentationTests.Date(wedding), partner, married, false, row);

        Assert.Equal(expected, rules.For(new LocalDate(2026, 11, 23)).Evaluate(row).Segment);
    }

    [Fact]
    public void NewlywedsNewCouplesAndRecruits_AreFollowedEveryWeek()
    {
        // Seed 001, 建档 3: "针对新婚客,新人客,新兵客进行建档,追踪来定单"
        CustomerProfile[] profiles = [new("a") { Segment = StudioSegments.A }, new("b") { Segment = StudioSegments.B }, new("c") { Segment = StudioSegments.C }, new("d") { Segment = StudioSegments.D }];

        var due = WeeklyCareDue.ForActiveCustomers(profiles, Local(11, 23, 8), new Dictionary<string, Instant>());

        Assert.Equal(["a", "b", "c"], due.Select(d => d.CustomerId));
        Assert.All(due, d => Assert.Single(Planner.Plan(d).Messages));
    }
}
