using System.Globalization;
using CustomerService.Core.Calendars;
using CustomerService.Core.Leads;
using CustomerService.Core.Leads.Studio;
using NodaTime;
using NodaTime.Text;

namespace CustomerService.Core.Tour;

/// <summary>A week at the wedding photo studio's desk: sort prospects A–D, follow the visit playbook, print the daily report.</summary>
internal static class LeadsSection
{
    private static readonly DateTimeZone Yangzhou = DateTimeZoneProviders.Tzdb["Asia/Shanghai"];
    private static readonly LocalDateTimePattern Time = LocalDateTimePattern.CreateWithInvariantCulture("ddd yyyy-MM-dd HH:mm");

    public static void Run(TextWriter output)
    {
        // Sending hours: no message at night. Every day 09:00–21:00 in the studio's zone.
        var hours = BusinessCalendar.CreateBuilder("studio-sending-hours", Yangzhou);
        foreach (var day in new[] { IsoDayOfWeek.Monday, IsoDayOfWeek.Tuesday, IsoDayOfWeek.Wednesday, IsoDayOfWeek.Thursday, IsoDayOfWeek.Friday, IsoDayOfWeek.Saturday, IsoDayOfWeek.Sunday })
        {
            hours.Open(day, new LocalTime(9, 0), new LocalTime(21, 0));
        }

        // Surprise packages change every two months (two or three at a time, callback customers only);
        // greeting templates every three months.
        var catalogue = OfferCatalogue.CreateBuilder()
            .AddRotation(CatalogueKinds.SurprisePackage, new LocalDate(2026, 11, 1), 2, true, ["surprise.winter-album", "surprise.free-dress-upgrade"])
            .AddRotation(CatalogueKinds.BirthdayGreeting, new LocalDate(2026, 10, 1), 3, false, ["birthday.autumn"], ["birthday.spring"])
            .Build();
        var planner = new OutreachPlanner(StudioPlaybook.Default.WithCatalogue(catalogue), hours.Build());
        var rules = StudioSegmentation.CreateRuleSet(Yangzhou);

        // Monday morning: sort the prospects on file.
        var monday = new LocalDate(2026, 11, 23);
        var store = new InMemoryCustomerProfileStore();
        CustomerProfile[] prospects =
        [
            new("HT-101") { Phone = "13900000001", HasPartner = true, WeddingDate = new LocalDate(2027, 5, 23) },
            new("HT-102") { Phone = "13900000002", HasPartner = true, WeddingDate = new LocalDate(2027, 5, 24) },
            new("HT-103") { Phone = "13900000003", HasPartner = true, WeddingDate = new LocalDate(2028, 10, 1) },
            new("HT-104") { Phone = "13900000004", HasPartner = false },
            new("HT-105") { Phone = "13900000005", HasPartner = true, WeddingDate = new LocalDate(2029, 2, 1), OrderCustomer = true },
        ];
        var evaluator = rules.For(monday);
        var row = rules.Schema.CreateRow();
        output.WriteLine($"Prospects sorted on {LocalDatePattern.Iso.Format(monday)} ({rules.Zone.Id}):");
        foreach (var profile in prospects)
        {
            StudioSegmentation.WriteFacts(profile, row);
            var decision = evaluator.Evaluate(row);
            var rule = decision.RuleIndex >= 0 ? rules.Rules[decision.RuleIndex].Name : "(default)";
            Save(store, profile with { Segment = decision.Segment }, new SegmentAssignment(rules.Name, decision.Segment, decision.RuleIndex >= 0 ? rule : null, monday, At(monday, 9, 0)));
            output.WriteLine($"  {profile.Id}: {decision.Segment} by {rule}");
        }

        output.WriteLine("  why HT-101? " + Explain(evaluator, prospects[0], row));
        output.WriteLine($"  a profile prints without personal data: {prospects[0]}");

        // The week's events, as the desk records them.
        var tuesday = monday.PlusDays(1);
        var week = new List<(LeadEvent Event, DeskEventKind[] Desk)>
        {
            (VisitOutcome.FullPayment("HT-101", At(monday, 11, 0)), [DeskEventKind.Visit, DeskEventKind.Deal]),
            (VisitOutcome.Deposit("HT-102", At(monday, 15, 20), 0.30m), [DeskEventKind.Visit, DeskEventKind.Deal]),
            (VisitOutcome.NoDeal("HT-103", At(monday, 11, 40), intentToReturn: true, packageDiscussed: "classic-9999"), [DeskEventKind.Visit, DeskEventKind.NoDeal]),
            (new FollowUpCallOutcome("HT-103", At(monday, 14, 10), 1, FollowUpCallResult.NotReturned) { NextCallAt = At(tuesday, 15, 0) }, [DeskEventKind.Callback]),
            (new FollowUpCallOutcome("HT-103", At(tuesday, 15, 20), 2, FollowUpCallResult.NotReturned), [DeskEventKind.Callback]),
            (VisitOutcome.NoDeal("HT-106", At(tuesday, 20, 55), intentToReturn: false), [DeskEventKind.Visit, DeskEventKind.NoDeal]),
            (VisitOutcome.NoDeal("HT-107", At(tuesday, 10, 30), intentToReturn: true), [DeskEventKind.Visit, DeskEventKind.NoDeal]),
            (new FollowUpCallOutcome("HT-107", At(tuesday, 14, 0), 1, FollowUpCallResult.Returned), [DeskEventKind.Callback]),
            (VisitOutcome.Deposit("HT-107", At(monday.PlusDays(2), 16, 0), 0.2m), [DeskEventKind.Visit, DeskEventKind.Deal, DeskEventKind.Referral]),
            (new AppointmentBooked("HT-101", At(monday, 11, 5), AppointmentKind.Shooting, At(monday.PlusDays(5), 9, 30)), []),
            (new AppointmentBooked("HT-102", At(monday, 15, 30), AppointmentKind.DressPickup, At(monday.PlusDays(6), 14, 0)), []),
            (new WeddingDateSet("HT-101", At(monday, 11, 10), new LocalDate(2027, 5, 23)), []),
            (new BirthdayKnown("HT-102", At(monday, 15, 40), new LocalDate(1998, 12, 5)), []),
        };

        output.WriteLine();
        output.WriteLine("Plans:");
        // A complaint logged at the desk on Wednesday (客怨), recorded for the weekly summary.
        var segmentation = LeadSegmentationService.ForStudio(store, Yangzhou, new FixedClock(At(monday, 9, 0)));
        var desk = new List<DeskEvent> { new(At(monday.PlusDays(2), 10, 15), DeskEventKind.Complaint, "HT-088") };
        foreach (var (leadEvent, deskKinds) in week.OrderBy(w => w.Event.At))
        {
            desk.AddRange(deskKinds.Select(k => new DeskEvent(leadEvent.At, k, leadEvent.CustomerId)));
            var plan = planner.Plan(leadEvent);
            output.WriteLine($"  {Local(leadEvent.At)} {leadEvent.CustomerId} {Describe(leadEvent)}");
            if (plan.IsEmpty)
            {
                output.WriteLine("      (nothing more: the customer came back)");
            }

            foreach (var step in plan.Steps)
            {
                output.WriteLine("      " + Describe(step));
            }

            // A plan that ends the playbook without a deal reclassifies the customer, with a history entry.
            segmentation.ApplyAsync(plan, planner.Playbook.Name).GetAwaiter().GetResult();
        }

        var history = store.GetSegmentHistoryAsync("HT-103").AsTask().Result;
        output.WriteLine($"  HT-103 segment history: {string.Join(" -> ", history.Select(h => $"{h.Segment} ({h.Rule ?? h.Reason})"))}");

        // Thursday morning's re-segmentation: the playbook's D holds until HT-103 comes back (a visit, a booking, a call that brings them back).
        var thursday = LeadSegmentationService.ForStudio(store, Yangzhou, new FixedClock(At(monday.PlusDays(3), 9, 0)));
        var run = thursday.ResegmentAllAsync().GetAwaiter().GetResult();
        output.WriteLine($"  Thursday's re-segmentation: {run.Changed} changed, {run.Held} held by a reclassification; HT-103 is still {store.FindAsync("HT-103").AsTask().Result!.Segment}");

        output.WriteLine();
        output.WriteLine("Desk report (统计):");
        var report = DeskReport.Build(desk, Yangzhou);
        output.WriteLine("  day         visitors deals C单 C单回头 calls call-deals referrals complaints");
        foreach (var day in report.Days)
        {
            output.WriteLine("  " + Row(LocalDatePattern.Iso.Format(day.Date), day.Totals));
        }

        foreach (var w in report.Weeks)
        {
            output.WriteLine("  " + Row(string.Create(CultureInfo.InvariantCulture, $"{w.WeekYear}-W{w.Week:00}"), w.Totals) + $"  deal rate {w.Totals.DealRate:P0}");
        }
    }

    private sealed class FixedClock(Instant now) : IClock
    {
        public Instant GetCurrentInstant() => now;
    }

    private static void Save(InMemoryCustomerProfileStore store, CustomerProfile profile, SegmentAssignment assignment) =>
        store.SaveAsync(profile, expectedVersion: null, assignment).AsTask().GetAwaiter().GetResult();

    private static string Explain(SegmentEvaluator evaluator, CustomerProfile profile, FactValue[] row)
    {
        StudioSegmentation.WriteFacts(profile, row);
        var match = evaluator.Explain(row).Matches.Single();
        return $"{match.RuleName}: {string.Join("; ", match.Evidence)}";
    }

    private static Instant At(LocalDate date, int hour, int minute) => Yangzhou.AtStrictly(date.At(new LocalTime(hour, minute))).ToInstant();

    private static string Local(Instant instant) => Time.Format(instant.InZone(Yangzhou).LocalDateTime);

    private static string Describe(LeadEvent e) => e switch
    {
        VisitOutcome { Result: VisitResult.Deposit } v => $"left with a {v.DepositShare:P0} deposit",
        VisitOutcome { Result: VisitResult.NoDeal } v => v.IntentToReturn ? "left without a deal, may come back" : "left without a deal",
        VisitOutcome => "left, paid in full",
        FollowUpCallOutcome c => $"call {c.Attempt} ended: {c.Result}",
        AppointmentBooked a => $"booked {a.Kind} for {Local(a.AppointmentAt)}",
        WeddingDateSet => "wedding date on file",
        BirthdayKnown => "birthday on file",
        _ => e.GetType().Name,
    };

    private static string Describe(OutreachStep step) => step.Kind switch
    {
        OutreachStepKind.Message => $"{Local(step.At)} {step.Message!.Channel} {step.Message.TemplateKey}{(step.Message.MovedByQuietHours ? $" (asked for {Local(step.Message.RequestedAt)}, moved out of quiet hours)" : string.Empty)}",
        OutreachStepKind.Callback => $"{Local(step.Callback!.Due.Start)}–{Local(step.Callback.Due.End)[^5..]} call #{step.Callback.Attempt} {step.Callback.ScriptKey} offering [{string.Join(", ", step.Callback.OfferKeys)}]",
        _ => $"{Local(step.At)} reclassify as {step.Reclassification!.Segment}: {step.Reclassification.Reason}",
    };

    private static string Row(string label, DeskTotals t) =>
        string.Create(CultureInfo.InvariantCulture, $"{label,-11} {t.Visitors,8} {t.Deals,5} {t.NoDeals,3} {t.NoDealReturns,7} {t.Callbacks,5} {t.CallbackConversions,10} {t.Referrals,9} {t.Complaints,10}");
}
