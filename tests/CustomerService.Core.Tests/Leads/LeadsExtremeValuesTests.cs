using CustomerService.Core.Calendars;
using CustomerService.Core.Leads;
using CustomerService.Core.Leads.Studio;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NodaTime;

namespace CustomerService.Core.Tests.Leads;

/// <summary>
/// The leads area driven with extreme values — instants and dates at both ends of every range and beyond, int.MaxValue
/// months and counts, null list entries — asserting only documented outcomes: a right answer, or the documented
/// exception type naming our own parameter or key. Any other exception (overflow, index out of range, a NodaTime
/// parameter name) fails the property.
/// </summary>
public sealed class LeadsExtremeValuesTests
{
    private static readonly Instant FirstSupported = BusinessCalendar.MinSupportedInstant;
    private static readonly Instant LastSupported = BusinessCalendar.MaxSupportedInstant;

    // Sending hours 09:00–21:00 every day, east and west of UTC.
    private static readonly OutreachPlanner[] Planners =
    [
        new(StudioPlaybook.Default, EveryDay(DateTimeZoneProviders.Tzdb["Asia/Shanghai"])),
        new(StudioPlaybook.Default, EveryDay(DateTimeZoneProviders.Tzdb["Pacific/Pago_Pago"])),
    ];

    private static readonly SegmentationRuleSet[] RuleSets =
    [
        StudioSegmentation.CreateRuleSet(DateTimeZoneProviders.Tzdb["Pacific/Kiritimati"]),
        ChurnRisk.CreateRuleSet(DateTimeZoneProviders.Tzdb["Pacific/Pago_Pago"]),
        RfmSegmentation.CreateRuleSet(DateTimeZone.Utc),
    ];

    private static BusinessCalendar EveryDay(DateTimeZone zone)
    {
        var builder = BusinessCalendar.CreateBuilder("sending-hours", zone);
        foreach (var day in Enum.GetValues<IsoDayOfWeek>().Where(d => d != IsoDayOfWeek.None))
        {
            builder.Open(day, new LocalTime(9, 0), new LocalTime(21, 0));
        }

        return builder.Build();
    }

    private static bool Within(Instant instant) => instant >= FirstSupported && instant <= LastSupported;

    private static bool Comfortable(Instant instant) => instant >= FirstSupported + Duration.FromDays(31) && instant <= LastSupported - Duration.FromDays(200);

    private static bool Comfortable(LocalDate date) => date.Year < 2199;

    /// <summary>An event the planner must plan: consistent, and every instant it brings well inside the supported range.</summary>
    private static bool MustPlan(LeadEvent e) => Comfortable(e.At) && e switch
    {
        FollowUpCallOutcome c => c.Attempt is 1 or 2 && (c.NextCallAt is not { } next || (next > c.At && Comfortable(next))),
        AppointmentBooked a => a.AppointmentAt >= a.At && Comfortable(a.AppointmentAt),
        WeddingDateSet w => Comfortable(w.WeddingDate),
        BirthdayKnown b => Comfortable(b.Birthday),
        FestivalComing f => Comfortable(f.Date),
        _ => true,
    };

    [Property(Arbitrary = [typeof(LeadsExtremeArbitraries)], MaxTest = 400)]
    public bool Plan_ExtremeEvents_Meets_Specification(ExtremeLeadEvent e) =>
        Planners.All(planner => PlanMeetsSpecification(planner, e.Value));

    private static bool PlanMeetsSpecification(OutreachPlanner planner, LeadEvent e)
    {
        OutreachPlan plan;
        try
        {
            plan = planner.Plan(e);
        }
        catch (ArgumentException error) when (error.ParamName == "leadEvent")
        {
            // Documented: an inconsistent event, or one whose plan needs an instant outside the supported range.
            return !MustPlan(e);
        }

        var hours = planner.SendingHours;
        return plan.Steps.All(s => Within(s.At))
            && plan.Messages.All(m => Within(m.RequestedAt) && Within(m.SendAt) && m.SendAt >= m.RequestedAt && hours.IsOpen(m.SendAt))
            && plan.Callbacks.All(c => Within(c.Due.End) && hours.IsOpen(c.Due.Start) && c.Due.Start >= e.At && c.Due.End > c.Due.Start)
            && plan.Steps.Zip(plan.Steps.Skip(1)).All(p => p.First.At <= p.Second.At);
    }

    [Property(Arbitrary = [typeof(LeadsExtremeArbitraries)], MaxTest = 400)]
    public bool RuleSets_ExtremeDaysAndFacts_Meets_Specification(ExtremeDate today, ExtremeInstant now, ExtremeDate fact) =>
        RuleSets.All(rules => BindsOrNames(rules, () => rules.For(today.Value), "today", Math.Abs(today.Value.Year) < 9990, fact.Value)
            && BindsOrNames(rules, () => rules.For(now.Value), "now", Comfortable(now.Value), fact.Value));

    private static bool BindsOrNames(SegmentationRuleSet rules, Func<SegmentEvaluator> bind, string parameter, bool mustBind, LocalDate fact)
    {
        SegmentEvaluator evaluator;
        try
        {
            evaluator = bind();
        }
        catch (ArgumentOutOfRangeException error) when (error.ParamName == parameter)
        {
            return !mustBind;
        }

        // Evaluation never throws on data: extreme dates and int.MaxValue counts give one of the rule set's segments.
        var row = rules.Schema.CreateRow();
        foreach (var count in new[] { 0, 3, int.MaxValue })
        {
            if (rules.Name == "churn-risk")
            {
                ChurnRisk.WriteFacts(count, count, int.MaxValue, count == 0, fact, row);
            }
            else if (rules.Name == "rfm")
            {
                RfmSegmentation.WriteFacts(new RfmScore(1 + (count % 5), 5, 3), row);
            }
            else
            {
                StudioSegmentation.WriteFacts(fact, true, false, count == 0, row);
            }

            var decision = evaluator.Evaluate(row);
            if (!rules.Segments.Contains(decision.Segment) || evaluator.Explain(row).Decision != decision)
            {
                return false;
            }
        }

        return true;
    }

    [Property(Arbitrary = [typeof(LeadsExtremeArbitraries)], MaxTest = 400)]
    public bool AddRotation_ExtremeMonthsAndKeys_Meets_Specification(RotationCase rotation)
    {
        var builder = OfferCatalogue.CreateBuilder();
        var blank = rotation.Periods.Any(p => p.Any(string.IsNullOrWhiteSpace));
        var months = (long)rotation.Months * rotation.Periods.Length;
        var endsAfterNodaTime = ((long)rotation.Start.Year * 12) + rotation.Start.Month - 1 + months > (9999L * 12) + 11;
        try
        {
            builder.AddRotation("k", rotation.Start, rotation.Months, false, rotation.Periods);
        }
        catch (ArgumentOutOfRangeException error) when (error.ParamName == "months")
        {
            return (rotation.Months <= 0 || (!blank && endsAfterNodaTime)) && builder.Build().Entries.Count == 0;
        }
        catch (ArgumentException error) when (error.ParamName == "periods")
        {
            return rotation.Months > 0 && blank && builder.Build().Entries.Count == 0;
        }

        var entries = builder.Build().Entries;
        var expected = rotation.Periods.SelectMany((keys, i) => keys.Select(key => (key, rotation.Start.PlusMonths(i * rotation.Months), rotation.Start.PlusMonths((i + 1) * rotation.Months))));
        return rotation.Months > 0 && !blank && !endsAfterNodaTime
            && entries.Select(x => (x.Key, x.From, x.Until)).SequenceEqual(expected);
    }

    [Property(Arbitrary = [typeof(LeadsExtremeArbitraries)], MaxTest = 400)]
    public bool DeskReport_ExtremeInstants_Meets_Specification(DeskCase desk)
    {
        DeskReport report;
        try
        {
            report = DeskReport.Build(desk.Events, desk.Zone);
        }
        catch (ArgumentOutOfRangeException error) when (error.ParamName == "events")
        {
            // Documented: only within a day of Instant.MaxValue or a week of Instant.MinValue.
            return desk.Events.Any(e => e.At > Instant.MaxValue - Duration.FromDays(1) || e.At < Instant.MinValue + Duration.FromDays(7));
        }

        int Count(DeskEventKind kind) => desk.Events.Count(e => e.Kind == kind);
        var total = report.Total;
        return (total.Deals, total.NoDeals, total.Callbacks, total.Referrals, total.Complaints)
                == (Count(DeskEventKind.Deal), Count(DeskEventKind.NoDeal), Count(DeskEventKind.Callback), Count(DeskEventKind.Referral), Count(DeskEventKind.Complaint))
            && total.Visitors <= Count(DeskEventKind.Visit)
            && report.Days.Select(d => d.Date).SequenceEqual(desk.Events.Select(e => e.At.InZone(desk.Zone).Date).Distinct().Order())
            && report.Weeks.All(w => w.Monday.DayOfWeek == IsoDayOfWeek.Monday);
    }

    [Property(MaxTest = 300)]
    public Property DeskTotals_ExtremeCounts_Meets_Specification() =>
        Prop.ForAll(
            Gen.Elements(0, 1, -1, int.MaxValue, int.MinValue, int.MaxValue / 2 + 1).Two().ToArbitrary(),
            pair =>
            {
                var (a, b) = pair;
                var exact = (long)a + b;
                try
                {
                    var sum = new DeskTotals(a, 0, 0, 0, 0, 0, 0, b) + new DeskTotals(b, 0, 0, 0, 0, 0, 0, a);
                    return sum.Visitors == exact && sum.Complaints == exact;
                }
                catch (OverflowException)
                {
                    return exact is > int.MaxValue or < int.MinValue;
                }
            });

    [Property(Arbitrary = [typeof(LeadsExtremeArbitraries)], MaxTest = 200)]
    public bool Options_NullListEntries_Meets_Specification(OptionsWithNulls options)
    {
        var ruleSetFailures = new SegmentationRuleSetOptionsValidator(DateTimeZoneProviders.Tzdb).Validate(null, options.RuleSet).Failures?.ToList() ?? [];
        var playbookFailures = new StudioPlaybookOptionsValidator().Validate(null, options.Playbook).Failures?.ToList() ?? [];

        var ruleSetNamed = options.RuleSetNullKeys.All(key => ruleSetFailures.Any(f => f.StartsWith(key, StringComparison.Ordinal)));
        var playbookNamed = options.PlaybookNullKeys.All(key => playbookFailures.Any(f => f.StartsWith(key, StringComparison.Ordinal)));
        var ruleSetBuilds = Builds(() => options.RuleSet.Build(DateTimeZoneProviders.Tzdb));
        var playbookBuilds = Builds(() => StudioPlaybook.Create(options.Playbook));
        return ruleSetNamed && playbookNamed
            && (ruleSetFailures.Count == 0) == (options.RuleSetNullKeys.Count == 0) && ruleSetBuilds == (ruleSetFailures.Count == 0)
            && (playbookFailures.Count == 0) == (options.PlaybookNullKeys.Count == 0) && playbookBuilds == (playbookFailures.Count == 0);
    }

    private static bool Builds(Func<object> build)
    {
        try
        {
            build();
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
