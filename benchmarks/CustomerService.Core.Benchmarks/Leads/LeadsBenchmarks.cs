using BenchmarkDotNet.Attributes;
using CustomerService.Core.Calendars;
using CustomerService.Core.Leads;
using CustomerService.Core.Leads.Studio;
using NodaTime;

namespace CustomerService.Core.Benchmarks.Leads;

/// <summary>Segmenting a million studio profiles, and planning a hundred thousand visit outcomes.</summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 3, iterationCount: 15)]
public class LeadsBenchmarks
{
    private const int Profiles = 1_000_000;
    private const int Visits = 100_000;

    private static readonly DateTimeZone Shanghai = DateTimeZoneProviders.Tzdb["Asia/Shanghai"];
    private static readonly LocalDate Today = new(2026, 11, 23);

    private SegmentationRuleSet _rules = null!;
    private CustomerProfile[] _profiles = null!;
    private FactValue[] _rows = null!;
    private SegmentDecision[] _decisions = null!;
    private OutreachPlanner _planner = null!;
    private VisitOutcome[] _visits = null!;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(20261123);
        _rules = StudioSegmentation.CreateRuleSet(Shanghai);
        _profiles = new CustomerProfile[Profiles];
        _rows = new FactValue[Profiles * StudioSegmentation.Schema.Count];
        _decisions = new SegmentDecision[Profiles];
        for (var i = 0; i < Profiles; i++)
        {
            var hasDate = random.Next(10) > 0;
            var profile = new CustomerProfile("HT-" + i.ToString(System.Globalization.CultureInfo.InvariantCulture))
            {
                Phone = "139" + random.Next(10_000_000, 99_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture),
                WeddingDate = hasDate ? Today.PlusDays(random.Next(-400, 1500)) : null,
                HasPartner = random.Next(20) > 0,
                Married = random.Next(30) == 0,
                OrderCustomer = random.Next(4) == 0,
            };
            _profiles[i] = profile;
            StudioSegmentation.WriteFacts(profile, _rows.AsSpan(i * 4, 4));
        }

        var calendar = BusinessCalendar.CreateBuilder("sending-hours", Shanghai);
        foreach (var day in Enum.GetValues<IsoDayOfWeek>().Where(d => d != IsoDayOfWeek.None))
        {
            calendar.Open(day, new LocalTime(9, 0), new LocalTime(21, 0));
        }

        var catalogue = OfferCatalogue.CreateBuilder()
            .AddRotation(CatalogueKinds.SurprisePackage, new LocalDate(2026, 1, 1), 2, true, ["a1", "a2"], ["b1", "b2"], ["c1", "c2"], ["d1", "d2"], ["e1", "e2"], ["f1", "f2"])
            .Build();
        _planner = new OutreachPlanner(StudioPlaybook.Default.WithCatalogue(catalogue), calendar.Build());
        var start = Shanghai.AtStrictly(new LocalDateTime(2026, 11, 23, 9, 0)).ToInstant();
        _visits = new VisitOutcome[Visits];
        for (var i = 0; i < Visits; i++)
        {
            var at = start + Duration.FromMinutes(random.Next(0, 60 * 24 * 60));
            _visits[i] = (i % 4) switch
            {
                0 => VisitOutcome.FullPayment("c" + i, at),
                1 => VisitOutcome.Deposit("c" + i, at, random.Next(5, 95) / 100m),
                2 => VisitOutcome.NoDeal("c" + i, at, intentToReturn: true, packageDiscussed: "classic"),
                _ => VisitOutcome.NoDeal("c" + i, at, intentToReturn: false),
            };
        }
    }

    /// <summary>The host's path: read each profile, write its facts into a stack row, segment it.</summary>
    [Benchmark(Baseline = true)]
    public int Segment_Profiles1M()
    {
        var evaluator = _rules.For(Today);
        Span<FactValue> row = stackalloc FactValue[4];
        var profiles = _profiles;
        var decisions = _decisions;
        var a = 0;
        for (var i = 0; i < profiles.Length; i++)
        {
            StudioSegmentation.WriteFacts(profiles[i], row);
            decisions[i] = evaluator.Evaluate(row);
            a += decisions[i].RuleIndex;
        }

        return a;
    }

    /// <summary>Facts already laid out as rows (a columnar export): segment them in one call.</summary>
    [Benchmark]
    public int Segment_Rows1M()
    {
        _rules.For(Today).EvaluateMany(_rows, _decisions);
        return _decisions[^1].RuleIndex;
    }

    /// <summary>Plan the follow-up of 100,000 visit outcomes (a quarter each: full payment, deposit, no deal with and without intent).</summary>
    [Benchmark]
    public int Plan_VisitOutcomes100k()
    {
        var steps = 0;
        foreach (var visit in _visits)
        {
            steps += _planner.Plan(visit).Steps.Count;
        }

        return steps;
    }
}
