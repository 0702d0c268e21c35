using System.Globalization;
using CustomerService.Core.Calendars;
using CustomerService.Core.Kpis;
using CustomerService.Core.Sla;
using FsCheck;
using FsCheck.Fluent;
using NodaTime;
using Interval = NodaTime.Interval;
using RetentionRates = CustomerService.Core.Kpis.Retention;

namespace CustomerService.Core.Tests.Kpis;

/// <summary>One call (or a short sequence of calls on one accumulator) into the KPI public API with extreme arguments.</summary>
/// <param name="Description">What is called with which arguments, to reproduce a failure.</param>
/// <param name="Run">Makes the call; returns whether a successful result is right, or throws what the call threw.</param>
/// <param name="Parameters">The parameter (and property) names a rejection may name; a batch element is <c>name[i]</c>.</param>
/// <param name="MayOverflow">Whether the call documents <see cref="OverflowException"/>.</param>
public sealed record KpiCall(string Description, Func<bool> Run, string[] Parameters, bool MayOverflow)
{
    public override string ToString() => Description;
}

/// <summary>A struct accumulator in a box, so that a lambda can call its mutating methods.</summary>
internal sealed class Box<T>(T value)
    where T : struct
{
    public T Value = value;
}

/// <summary>Extreme arguments, and calls made of them.</summary>
internal static class KpiExtremes
{
    public static readonly Gen<long> Long = Gen.OneOf(
        Gen.Elements(0L, 1L, -1L, 2L, 7L, long.MaxValue, long.MinValue, long.MaxValue - 1, long.MaxValue / 2, (long.MaxValue / 255) + 1),
        Gen.Choose(-3, 1000).Select(i => (long)i));

    public static readonly Gen<int> Int = Gen.OneOf(
        Gen.Elements(0, 1, -1, 2, 9, 11, 255, 256, int.MaxValue, int.MinValue, int.MaxValue - 1),
        Gen.Choose(-3, 300));

    public static readonly Gen<double> Double = Gen.OneOf(
        Gen.Elements(
            double.NaN, double.PositiveInfinity, double.NegativeInfinity, 0.0, -0.0, double.Epsilon, 1e-300, 1e-12,
            double.MaxValue, -double.MaxValue, 1.0, 0.5, 0.8, 0.9999999999999999, 1.0000000000000002, 100.0, 100.5,
            ErlangC.MaximumTrafficErlangs, ErlangC.MaximumTrafficErlangs * 1.5, 366.0, 12.0),
        Gen.Choose(-100, 2000).Select(i => i / 10.0));

    public static readonly Gen<Duration> Duration = Gen.OneOf(
        Gen.Elements(
            NodaTime.Duration.Zero, NodaTime.Duration.Epsilon, -NodaTime.Duration.Epsilon, NodaTime.Duration.MaxValue, NodaTime.Duration.MinValue,
            NodaTime.Duration.FromNanoseconds(long.MaxValue), NodaTime.Duration.FromNanoseconds(long.MaxValue) + NodaTime.Duration.Epsilon,
            NodaTime.Duration.FromNanoseconds((1L << 62) - 1), NodaTime.Duration.FromNanoseconds(1L << 62), NodaTime.Duration.FromNanoseconds((1L << 61) - 1),
            NodaTime.Duration.FromSeconds(20), NodaTime.Duration.FromSeconds(180), NodaTime.Duration.FromMinutes(30), NodaTime.Duration.FromDays(36_500),
            NodaTime.Duration.FromSeconds(-1)),
        Gen.Choose(0, 100_000).Select(s => NodaTime.Duration.FromMilliseconds(s)));

    public static readonly Gen<Instant> Instant = Gen.OneOf(
        Gen.Elements(
            NodaTime.Instant.MinValue, NodaTime.Instant.MaxValue, NodaTime.Instant.FromUnixTimeTicks(0),
            NodaTime.Instant.MinValue + NodaTime.Duration.Epsilon, NodaTime.Instant.MaxValue - NodaTime.Duration.Epsilon,
            NodaTime.Instant.FromUtc(1899, 12, 31, 0, 0), NodaTime.Instant.FromUtc(2201, 1, 1, 0, 0)),
        Gen.Choose(0, 3650).Select(d => NodaTime.Instant.FromUtc(2024, 1, 1, 0, 0) + NodaTime.Duration.FromHours(d * 7))); // 2024–2026

    public static readonly Gen<bool> Bool = Gen.Elements(true, false);

    // Mostly valid values, with the extremes above mixed in, so that sequences get far enough to reach the limits.
    public static readonly Gen<Duration> ValidDuration = Gen.OneOf(
        Gen.Elements(
            NodaTime.Duration.Zero, NodaTime.Duration.Epsilon, NodaTime.Duration.FromNanoseconds(long.MaxValue), NodaTime.Duration.FromNanoseconds((1L << 62) - 1),
            NodaTime.Duration.FromSeconds(20), NodaTime.Duration.FromSeconds(180), NodaTime.Duration.FromDays(36_500)),
        Gen.Choose(0, 100_000).Select(s => NodaTime.Duration.FromMilliseconds(s)));

    public static readonly Gen<Duration> MostlyValidDuration = Gen.Frequency((6, ValidDuration), (1, Duration));

    public static readonly Gen<int> MostlyValidScore = Gen.Frequency((8, Gen.Choose(0, 10)), (1, Int));

    public static readonly Gen<double> MostlyValidPercent = Gen.Frequency((8, Gen.Choose(0, 1000).Select(i => i / 10.0)), (1, Double));

    public static readonly Gen<double> MostlyValidShare = Gen.Frequency((8, Gen.Choose(0, 1000).Select(i => i / 1000.0)), (1, Double));

    public static readonly Gen<int> MostlyValidCount = Gen.Frequency((8, Gen.Choose(0, 30)), (1, Int));

    public static readonly Gen<long> MostlyValidLong = Gen.Frequency((4, Gen.Choose(0, 1000).Select(i => (long)i)), (2, Gen.Elements(long.MaxValue, long.MaxValue - 1, long.MaxValue / 2)), (1, Long));

    private static readonly BusinessCalendar Weekdays = BusinessCalendar.CreateBuilder("weekdays", DateTimeZoneProviders.Tzdb["Asia/Shanghai"])
        .OpenWeekdays(new LocalTime(9, 0), new LocalTime(18, 0))
        .Build();

    private static readonly DateTimeZone[] Zones =
        [DateTimeZone.Utc, DateTimeZoneProviders.Tzdb["America/New_York"], DateTimeZoneProviders.Tzdb["Asia/Shanghai"], DateTimeZoneProviders.Tzdb["Pacific/Kiritimati"], DateTimeZoneProviders.Tzdb["Etc/GMT+12"]];

    private static string S(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>Runs <paramref name="call"/>; if it throws, the state (its fingerprint) must be as before, or the failure is reported as such.</summary>
    private static void Unchanged<TState>(Func<TState> state, Action call)
    {
        TState before = state();
        try
        {
            call();
        }
        catch (Exception ex) when (!EqualityComparer<TState>.Default.Equals(state(), before))
        {
            throw new InvalidDataException($"The call threw {ex.GetType().Name} but changed the state.", ex);
        }
    }

    private static bool Rate(KpiRate rate, bool atMostOne = true) =>
        rate.Numerator >= 0 && rate.Denominator >= 0 && (rate.Denominator == 0 ? rate.Value is null && rate.Percent is null && !rate.HasValue : rate.HasValue && rate.Value >= 0 && (!atMostOne || rate.Value <= 1));

    private static bool Within(double? value, double minimum, double maximum) =>
        value >= minimum - (1e-12 * Math.Abs(minimum)) && value <= maximum + (1e-12 * Math.Abs(maximum));

    // ---------- Score accumulators: a sequence of Add, Add(score, count), AddRange and self-Merge.
    private static readonly Gen<(int Kind, int Score, long Count, int[] Scores)> ScoreOp =
        from kind in Gen.Choose(0, 3)
        from score in MostlyValidScore
        from count in MostlyValidLong
        from scores in Gen.ArrayOf(Gen.Frequency((30, Gen.Choose(0, 10)), (1, Int)))
        select (kind, score, count, scores);

    private static readonly Gen<KpiCall> Csat =
        from scale in Gen.Elements(CsatScale.Default, new CsatScale(0, 10, 7), new CsatScale(0, 255, 255))
        from ops in Gen.ArrayOf(ScoreOp)
        select new KpiCall(
            S($"CSAT {scale}: {string.Join("; ", ops.Select(o => $"{o.Kind}:{o.Score}x{o.Count} [{string.Join(",", o.Scores)}]"))}"),
            () =>
            {
                var box = new Box<CsatAccumulator>(new CsatAccumulator(scale));
                foreach (var (kind, score, count, scores) in ops)
                {
                    Unchanged(() => box.Value, () =>
                    {
                        switch (kind)
                        {
                            case 0: box.Value.Add(score); break;
                            case 1: box.Value.Add(score, count); break;
                            case 2: box.Value.AddRange(scores); break;
                            default: box.Value.Merge(box.Value); break;
                        }
                    });
                    var c = box.Value;
                    if (!(c.Count >= 0 && c.Satisfied >= 0 && c.Satisfied <= c.Count && Rate(c.SatisfiedRate)
                        && (c.Count == 0 || Within(c.Mean, scale.Minimum, scale.Maximum))))
                    {
                        return false;
                    }
                }

                return true;
            },
            ["record", "score", "count", "scores", "other"],
            MayOverflow: true);

    private static readonly Gen<KpiCall> Nps =
        from ops in Gen.ArrayOf(ScoreOp)
        select new KpiCall(
            S($"NPS: {string.Join("; ", ops.Select(o => $"{o.Kind}:{o.Score}x{o.Count} [{string.Join(",", o.Scores)}]"))}"),
            () =>
            {
                var box = new Box<NpsAccumulator>(default);
                foreach (var (kind, score, count, scores) in ops)
                {
                    Unchanged(() => box.Value, () =>
                    {
                        switch (kind)
                        {
                            case 0: box.Value.Add(score); break;
                            case 1: box.Value.Add(score, count); break;
                            case 2: box.Value.AddRange(scores); break;
                            default: box.Value.Merge(box.Value); break;
                        }
                    });
                    var n = box.Value;
                    if (!(n.Count >= 0 && n.Count == n.Promoters + n.Passives + n.Detractors && Rate(n.PromoterRate) && Rate(n.DetractorRate)
                        && (n.Count == 0 ? n.Score is null : Within(n.Score, -100, 100))))
                    {
                        return false;
                    }
                }

                return true;
            },
            ["record", "score", "count", "scores", "other"],
            MayOverflow: true);

    private static readonly Gen<(int Kind, int Score, long Count, int[] Scores)> CesOp =
        from kind in Gen.Choose(0, 3)
        from score in Gen.Frequency((8, Gen.Choose(1, 7)), (1, Int))
        from scores in Gen.ArrayOf(Gen.Frequency((30, Gen.Choose(1, 7)), (1, Int)))
        select (kind, score, 0L, scores);

    private static readonly Gen<KpiCall> Ces =
        from ops in Gen.ArrayOf(CesOp)
        select new KpiCall(
            S($"CES: {string.Join("; ", ops.Select(o => $"{o.Kind}:{o.Score} [{string.Join(",", o.Scores)}]"))}"),
            () =>
            {
                var box = new Box<CesAccumulator>(default);
                foreach (var (kind, score, _, scores) in ops)
                {
                    Unchanged(() => box.Value, () =>
                    {
                        switch (kind)
                        {
                            case 0 or 1: box.Value.Add(score); break;
                            case 2: box.Value.AddRange(scores.Select(s => unchecked((byte)s)).ToArray()); break;
                            default: box.Value.Merge(box.Value); break;
                        }
                    });
                    var c = box.Value;
                    if (!(c.Count >= 0 && Rate(c.AgreeRate) && Rate(c.DisagreeRate) && (c.Count == 0 || Within(c.Mean, 1, 7))))
                    {
                        return false;
                    }
                }

                return true;
            },
            ["record", "scores", "other"],
            MayOverflow: true);

    // ---------- Record accumulators.
    private static readonly Gen<KpiCall> Fcr =
        from window in MostlyValidDuration
        from contacts in Gen.ArrayOf(
            from r in Bool
            from t in Bool
            from gap in Gen.Frequency(
                (10, Gen.Elements(NodaTime.Duration.Zero, NodaTime.Duration.Epsilon, NodaTime.Duration.FromDays(3), NodaTime.Duration.FromDays(10_000), NodaTime.Duration.FromNanoseconds((1L << 61) - 2)).Select(d => (Duration?)d)),
                (10, Gen.Constant((Duration?)null)),
                (1, Duration.Select(d => (Duration?)d)))
            select (r, t, gap))
        from doublings in Gen.Choose(0, 64)
        from transfers in Gen.Frequency((8, Gen.Elements(TransferHandling.ExcludeFromDenominator, TransferHandling.CountAsNotResolved)), (1, Gen.Constant((TransferHandling)7)))
        from denominator in Gen.Frequency((8, Gen.Elements(FcrDenominator.AllContacts, FcrDenominator.ResolvedContacts)), (1, Gen.Constant((FcrDenominator)(-1))))
        select new KpiCall(
            S($"FCR window {window}, {contacts.Length} contacts [{string.Join(",", contacts)}], {doublings} self-merges, {transfers}/{denominator}"),
            () =>
            {
                var box = new Box<FcrAccumulator>(new FcrAccumulator(window));
                var outcomes = contacts.Select(c => new ContactOutcome(c.r, c.t, c.gap)).ToArray();
                Unchanged(() => box.Value, () => box.Value.AddRange(outcomes));
                for (int i = 0; i < doublings; i++)
                {
                    Unchanged(() => box.Value, () => box.Value.Merge(box.Value));
                }

                var f = box.Value;
                return Rate(f.FirstContactResolution(transfers, denominator)) && Rate(f.RepeatContactRate) && f.Count >= 0;
            },
            ["repeatWindow", "timeToNextContact", "other", "transfers", "denominator"],
            MayOverflow: true);

    private static readonly Gen<KpiCall> Queue =
        from within in MostlyValidDuration
        from shortUnder in MostlyValidDuration
        from calls in Gen.ArrayOf(from wait in Gen.Frequency((20, Gen.Elements(NodaTime.Duration.Zero, NodaTime.Duration.FromSeconds(4), NodaTime.Duration.FromSeconds(20), NodaTime.Duration.FromSeconds(21), NodaTime.Duration.FromNanoseconds((1L << 62) - 1))), (1, Duration)) from outcome in Gen.Frequency((20, Gen.Elements(QueueCallOutcome.Answered, QueueCallOutcome.Abandoned)), (1, Gen.Constant((QueueCallOutcome)2))) select (wait, outcome))
        from doublings in Gen.Choose(0, 64)
        from abandons in Gen.Frequency((8, Gen.Elements(AbandonHandling.Ignore, AbandonHandling.CountAsMissed, AbandonHandling.CountEarlyAsMet, AbandonHandling.ExcludeShortAbandons)), (1, Gen.Constant((AbandonHandling)9)))
        select new KpiCall(
            S($"Queue Y {within} S {shortUnder}, calls [{string.Join(",", calls)}], {doublings} self-merges, {abandons}"),
            () =>
            {
                var box = new Box<QueueAccumulator>(new QueueAccumulator(within, shortUnder));
                var records = calls.Select(c => new QueueCall(c.wait, c.outcome)).ToArray();
                Unchanged(() => box.Value, () => box.Value.AddRange(records));
                for (int i = 0; i < doublings; i++)
                {
                    Unchanged(() => box.Value, () => box.Value.Merge(box.Value));
                }

                var q = box.Value;
                Duration longest = records.Length == 0 ? NodaTime.Duration.Zero : records.Max(r => r.Wait);
                return Rate(q.ServiceLevel(abandons)) && Rate(q.AbandonmentRate()) && Rate(q.AbandonmentRate(true))
                    && (q.AverageSpeedOfAnswer is not { } asa || (asa >= NodaTime.Duration.Zero && asa <= longest));
            },
            ["answerWithin", "shortAbandonUnder", "wait", "outcome", "other", "abandons"],
            MayOverflow: true);

    private static readonly Gen<KpiCall> Aht =
        from contacts in Gen.ArrayOf(from t in Gen.Frequency((30, ValidDuration), (1, Duration)) from h in ValidDuration from a in ValidDuration select (t, h, a))
        from doublings in Gen.Choose(0, 64)
        select new KpiCall(
            S($"AHT [{string.Join(",", contacts)}], {doublings} self-merges"),
            () =>
            {
                var box = new Box<AhtAccumulator>(default);
                var records = contacts.Select(c => new HandledContact(c.t, c.h, c.a)).ToArray();
                Unchanged(() => box.Value, () => box.Value.AddRange(records));
                for (int i = 0; i < doublings; i++)
                {
                    Unchanged(() => box.Value, () => box.Value.Merge(box.Value));
                }

                var aht = box.Value;
                Duration longest = records.Length == 0 ? NodaTime.Duration.Zero : records.Max(r => r.HandleTime);
                Duration shortest = records.Length == 0 ? NodaTime.Duration.Zero : records.Min(r => r.HandleTime);
                return aht.AverageHandleTime is not { } mean || (mean >= shortest - NodaTime.Duration.Epsilon && mean <= longest + NodaTime.Duration.Epsilon);
            },
            ["talk", "hold", "afterCallWork", "other"],
            MayOverflow: true);

    private static readonly Gen<KpiCall> Resolution =
        from a in Gen.OneOf(Instant.Select(i => (Instant?)i), Gen.Constant((Instant?)null))
        from b in Gen.OneOf(Instant.Select(i => (Instant?)i), Gen.Constant((Instant?)null))
        from tickets in Gen.ArrayOf(
            from created in Instant
            from resolved in Gen.Frequency(
                (5, Gen.Elements(NodaTime.Duration.Zero, NodaTime.Duration.FromDays(3)).Select(d => (Instant?)(created <= NodaTime.Instant.MaxValue - d ? created + d : created))),
                (3, Gen.Constant((Instant?)null)),
                (1, Instant.Select(i => (Instant?)i))) from reopens in Gen.Frequency((30, Gen.Choose(0, 3)), (1, Int)) select (created, resolved, reopens))
        from doublings in Gen.Choose(0, 64)
        from method in Gen.Frequency((8, Gen.Elements(ResolutionRateMethod.Flow, ResolutionRateMethod.Cohort)), (1, Gen.Constant((ResolutionRateMethod)5)))
        select new KpiCall(
            S($"Resolution period {a}/{b}, tickets [{string.Join(",", tickets)}], {doublings} self-merges, {method}"),
            () =>
            {
                // NodaTime's Interval requires start ≤ end: build it in order.
                Interval period = a is { } x && b is { } y && y < x ? new Interval(b, a) : new Interval(a, b);
                var box = new Box<ResolutionAccumulator>(new ResolutionAccumulator(period));
                var records = tickets.Select(t => new TicketOutcome(t.created, t.resolved, t.reopens)).ToArray();
                Unchanged(() => box.Value, () => box.Value.AddRange(records));
                for (int i = 0; i < doublings; i++)
                {
                    Unchanged(() => box.Value, () => box.Value.Merge(box.Value));
                }

                var r = box.Value;
                return r.CohortResolved <= r.CreatedInPeriod && Rate(r.ReopenRate) && Rate(r.ResolutionRate(method), atMostOne: false);
            },
            ["resolved", "reopenCount", "other", "method"],
            MayOverflow: true);

    private static readonly Gen<KpiCall> Occupancy =
        from times in Gen.ArrayOf(from h in Gen.Frequency((30, ValidDuration), (1, Duration)) from i in ValidDuration from p in ValidDuration select (h, i, p))
        from doublings in Gen.Choose(0, 64)
        select new KpiCall(
            S($"Occupancy [{string.Join(",", times)}], {doublings} self-merges"),
            () =>
            {
                var box = new Box<OccupancyAccumulator>(default);
                var records = times.Select(t => new AgentTime(t.h, t.i, t.p)).ToArray();
                Unchanged(() => box.Value, () => box.Value.AddRange(records));
                for (int i = 0; i < doublings; i++)
                {
                    Unchanged(() => box.Value, () => box.Value.Merge(box.Value));
                }

                var o = box.Value;
                static bool Ratio(TimeRatio r, bool atMostOne) => r.Denominator == NodaTime.Duration.Zero ? r.Value is null && !r.HasValue : r.Value >= 0 && (!atMostOne || r.Value <= 1);
                return Ratio(o.Occupancy, true) && Ratio(o.Utilisation, false) && Ratio(o.LoggedInUtilisation, false);
            },
            ["handling", "availableIdle", "paid", "other"],
            MayOverflow: true);

    private static readonly Gen<KpiCall> Callbacks =
        from callbacks in Gen.ArrayOf(Gen.Frequency((30, Gen.Elements((reached: true, converted: true), (reached: true, converted: false), (reached: false, converted: false))), (1, Gen.Constant((reached: false, converted: true)))))
        from doublings in Gen.Choose(0, 64)
        select new KpiCall(
            S($"Callbacks [{string.Join(",", callbacks)}], {doublings} self-merges"),
            () =>
            {
                var box = new Box<CallbackAccumulator>(default);
                var records = callbacks.Select(c => new RequestedCallback(c.reached, c.converted)).ToArray();
                Unchanged(() => box.Value, () => box.Value.AddRange(records));
                for (int i = 0; i < doublings; i++)
                {
                    Unchanged(() => box.Value, () => box.Value.Merge(box.Value));
                }

                var c = box.Value;
                return Rate(c.ContactRate) && Rate(c.ConversionRate) && Rate(c.ConversionRateOfRequests);
            },
            ["converted", "other"],
            MayOverflow: true);

    private static readonly Gen<KpiCall> Durations =
        from capacity in Gen.Frequency((8, Gen.Elements(0, 16)), (1, Gen.Elements(-1, int.MinValue, Array.MaxLength + 1, int.MaxValue)))
        from values in Gen.ArrayOf(Gen.Frequency((30, ValidDuration), (1, Duration)))
        from single in MostlyValidDuration
        from doublings in Gen.Choose(0, 8)
        from percents in Gen.ArrayOf(Gen.Frequency((20, Gen.Choose(0, 100).Select(i => (double)i)), (1, Double)))
        from method in Gen.Frequency((8, Gen.Elements(Enum.GetValues<PercentileMethod>())), (1, Gen.Elements((PercentileMethod)0, (PercentileMethod)10)))
        select new KpiCall(
            S($"DurationAccumulator({capacity}) [{string.Join(",", values)}] + {single}, {doublings} self-merges, percentiles [{string.Join(",", percents)}] {method}"),
            () =>
            {
                var acc = new DurationAccumulator(capacity);
                Unchanged(() => (acc.Count, acc.Mean, acc.Minimum, acc.Maximum), () => acc.AddRange(values));
                Unchanged(() => (acc.Count, acc.Mean, acc.Minimum, acc.Maximum), () => acc.Add(single));
                for (int i = 0; i < doublings; i++)
                {
                    acc.Merge(acc);
                }

                var results = new DurationPercentile[percents.Length];
                bool any = acc.Percentiles(percents, method, results);
                bool ordered = acc.Mean is not { } mean || (acc.Minimum <= mean && mean <= acc.Maximum);
                bool inRange = !any || results.All(r => r.Value >= acc.Minimum && r.Value <= acc.Maximum);
                _ = acc.Total; // exact, or OverflowException beyond Duration.MaxValue
                return ordered && inRange;
            },
            ["capacity", "records", "record", "percents", "method"],
            MayOverflow: true);

    private static readonly Gen<KpiCall> Sketch =
        from accuracy in Gen.Frequency((8, Gen.Elements(0.0001, 0.01, 0.05, 0.4999)), (1, Double))
        from values in Gen.ArrayOf(Gen.Frequency((30, ValidDuration), (1, Duration)))
        from doublings in Gen.Choose(0, 64)
        from percent in MostlyValidPercent
        select new KpiCall(
            S($"DurationSketch({accuracy}) [{string.Join(",", values)}], {doublings} self-merges, p{percent}"),
            () =>
            {
                var sketch = new DurationSketch(accuracy);
                Unchanged(() => sketch.Count, () => sketch.AddRange(values));
                for (int i = 0; i < doublings; i++)
                {
                    Unchanged(() => sketch.Count, () => sketch.Merge(sketch));
                }

                return sketch.Percentile(percent, PercentileMethod.NearestRank).Value is not { } p || p >= NodaTime.Duration.Zero;
            },
            ["relativeAccuracy", "records", "other", "percent"],
            MayOverflow: true);

    private static readonly Gen<KpiCall> Rates =
        from numerator in Long
        from denominator in Long
        select new KpiCall(S($"KpiRate({numerator}, {denominator})"), () => Rate(new KpiRate(numerator, denominator), atMostOne: false), ["numerator", "denominator"], MayOverflow: false);

    private static readonly Gen<KpiCall> SlaCompliance =
        from outcomes in Gen.ArrayOf(
            from metric in Gen.Frequency((30, Gen.Elements(SlaMetric.FirstResponse, SlaMetric.Resolution, SlaMetric.FinalResponse)), (1, Gen.Elements((SlaMetric)(-1), (SlaMetric)6, (SlaMetric)int.MaxValue)))
            from priority in Gen.Frequency((30, Gen.Elements(SlaPriority.Urgent, SlaPriority.Low, new SlaPriority("vip"), new SlaPriority("VIP"))), (1, Gen.Constant(default(SlaPriority))))
            from met in Bool
            select (metric, priority, met))
        from doublings in Gen.Choose(0, 64)
        from query in Gen.Frequency((8, Gen.Elements(SlaMetric.FirstResponse, SlaMetric.FinalResponse)), (1, Gen.Constant((SlaMetric)99)))
        select new KpiCall(
            S($"SLA compliance [{string.Join(",", outcomes)}], {doublings} self-merges, query {query}"),
            () =>
            {
                var acc = new SlaComplianceAccumulator();
                var records = outcomes.Select(o => new SlaOutcome(o.metric, o.priority, o.met)).ToArray();
                Unchanged(() => string.Join(";", acc.Rows), () => acc.AddRange(records));
                for (int i = 0; i < doublings; i++)
                {
                    Unchanged(() => string.Join(";", acc.Rows), () => acc.Merge(acc));
                }

                return acc.Rows.Sum(r => (decimal)(r.Met + r.Breached)) == acc.Count && Rate(acc.OverallCompliance) && Rate(acc.Compliance(query)) && Rate(acc.BreachRate(query, SlaPriority.Urgent));
            },
            ["metric", "priority", "records", "other"],
            MayOverflow: true);

    private static readonly Gen<KpiCall> Groups =
        from items in Gen.ArrayOf(from key in Gen.Frequency((30, Gen.Elements<string?>("a", "b", "c")), (1, Gen.Constant((string?)null))) from score in Gen.Frequency((30, Gen.Choose(0, 10)), (1, Int)) select (key, score))
        select new KpiCall(
            S($"KpiGroups NPS [{string.Join(",", items)}]"),
            () =>
            {
                var groups = new KpiGroups<string, int, NpsAccumulator>(() => default);
                groups.Add("a", 9);
                Unchanged(() => string.Join(";", groups.Groups.Select(g => $"{g.Key}={g.Value.Promoters}/{g.Value.Passives}/{g.Value.Detractors}")), () => groups.AddRange<(string? Key, int Score)>(items, i => i.Key!, i => i.Score));
                return groups.Groups.Values.All(n => Within(n.Score, -100, 100));
            },
            ["source"],
            MayOverflow: false);

    // ---------- Staffing and retention formulas.
    private static readonly Gen<KpiCall> Erlang =
        from kind in Gen.Choose(0, 6)
        from calls in Gen.Frequency((4, Gen.Choose(0, 2000).Select(i => (double)i)), (1, Double))
        from load in Gen.Frequency((4, Gen.Choose(0, 400).Select(i => i / 10.0)), (1, Double))
        from interval in MostlyValidDuration
        from aht in MostlyValidDuration
        from patience in MostlyValidDuration
        from agents in Gen.Frequency((4, Gen.Choose(1, 60)), (1, Int), (1, Gen.Elements(int.MaxValue, 1_000_000_000)))
        from within in MostlyValidDuration
        from target in MostlyValidShare
        from occupancy in Gen.Frequency((4, Gen.Choose(1, 1000).Select(i => i / 1000.0)), (1, Double))
        from shrinkage in MostlyValidShare
        select new KpiCall(
            S($"Erlang #{kind}: calls {calls}, load {load}, interval {interval}, AHT {aht}, patience {patience}, agents {agents}, within {within}, target {target}, occupancy {occupancy}, shrinkage {shrinkage}"),
            () => kind switch
            {
                0 => ErlangC.TrafficIntensity(calls, interval, aht) is var a && double.IsFinite(a) && a >= 0,
                1 => ErlangC.ErlangB(load, agents) is >= 0 and <= 1 && ErlangC.ProbabilityOfWaiting(load, agents) is >= 0 and <= 1,
                2 => ErlangC.ServiceLevel(load, agents, aht, within) is >= 0 and <= 1 && ErlangC.Occupancy(load, agents) is >= 0 and <= 1,
                3 => ErlangC.AverageSpeedOfAnswer(load, agents, aht) >= NodaTime.Duration.Zero,
                4 => ErlangC.AgentsRequired(calls, interval, aht, target, within, occupancy, shrinkage) is var s
                    && s.Agents >= 0 && s.ScheduledAgents >= s.Agents && s.ServiceLevel >= target && s.Occupancy <= occupancy * (1 + 1e-9),
                5 => ErlangA.Evaluate(calls, interval, aht, patience, agents, within) is var r
                    && r.ProbabilityOfWaiting is >= 0 and <= 1 && r.ProbabilityOfAbandoning is >= 0 and <= 1 && r.ServiceLevel is >= 0 and <= 1
                    && r.Occupancy is >= 0 and <= 1 && r.AverageWait >= NodaTime.Duration.Zero,
                _ => Shrinkage.ScheduledAgents(agents, shrinkage) >= agents,
            },
            ["callsPerInterval", "interval", "averageHandleTime", "averagePatience", "trafficErlangs", "agents", "answerWithin", "targetServiceLevel", "maximumOccupancy", "shrinkage"],
            MayOverflow: true);

    private static readonly Gen<KpiCall> Retention =
        from start in MostlyValidLong
        from end in MostlyValidLong
        from change in MostlyValidLong
        from rate in MostlyValidShare
        from periods in Gen.Frequency((4, Gen.Elements(1.0, 4.0, 12.0, 52.1775, 365.0, 366.0)), (1, Double))
        select new KpiCall(
            S($"Retention S {start} E {end} N/L {change}, rate {rate}, k {periods}"),
            () => Rate(RetentionRates.ChurnRate(start, change)) && Rate(RetentionRates.RetentionRate(start, end, change))
                && RetentionRates.AnnualisedRetention(rate, periods) is >= 0 and <= 1 && RetentionRates.AnnualisedChurn(rate, periods) is >= 0 and <= 1,
            ["customersAtStart", "customersLost", "customersAtEnd", "customersAcquired", "periodRetention", "periodChurn", "periodsPerYear"],
            MayOverflow: false);

    private static readonly Gen<KpiCall> Scorecard =
        from percents in Gen.ArrayOf(Gen.Frequency((30, Gen.Choose(0, 100).Select(i => (double)i)), (1, Double)), 4)
        from counts in Gen.ArrayOf(Gen.Frequency((20, Gen.Choose(0, 30)), (1, Int)), 5)
        from aht in Gen.Frequency((20, ValidDuration), (1, Duration))
        select new KpiCall(
            S($"Scorecard percents [{string.Join(",", percents)}] counts [{string.Join(",", counts)}] AHT {aht}"),
            () =>
            {
                var figures = new AgentPeriodFigures
                {
                    AgentId = "agent-1",
                    CsatPercent = percents[0],
                    ResolutionPercent = percents[1],
                    FirstContactResolutionPercent = percents[2],
                    KnowledgeTestPercent = percents[3],
                    ContactsHandled = counts[0],
                    ScheduledDays = counts[1],
                    AttendedDays = counts[2],
                    LateArrivals = counts[3],
                    EarlyLeaves = counts[4],
                    AverageHandleTime = aht,
                };
                AgentScorecard card = new AgentScorecardCalculator(new ScorecardOptions()).Compute(figures);
                return new[] { card.Quality, card.Efficiency, card.ProblemSolving, card.Attendance, card.Knowledge, card.Total }.All(v => v is >= 0 and <= 100);
            },
            ["CsatPercent", "ResolutionPercent", "FirstContactResolutionPercent", "KnowledgeTestPercent", "ContactsHandled", "ScheduledDays", "AttendedDays", "LateArrivals", "EarlyLeaves", "AverageHandleTime", "figures"],
            MayOverflow: false);

    private static readonly Gen<KpiCall> Time =
        from kind in Gen.Choose(0, 2)
        from start in Instant
        from end in Instant
        from zone in Gen.Elements(Zones)
        select new KpiCall(
            S($"Time #{kind}: {start} → {end} in {zone.Id}"),
            () => kind switch
            {
                0 => ElapsedTime.Calendar(start, end) == end - start,
                1 => KpiGroupKeys.LocalDay(start, zone) == start.InZone(zone).Date,
                _ => ElapsedTime.Business(Weekdays, start, end) is var b && b >= NodaTime.Duration.Zero && b <= end - start,
            },
            ["from", "to", "instant", "zone", "calendar"],
            MayOverflow: false);

    private static readonly Gen<KpiCall> Scales =
        from minimum in Int
        from maximum in Int
        from satisfiedFrom in Int
        select new KpiCall(
            S($"CsatScale({minimum}, {maximum}, {satisfiedFrom})"),
            () => new CsatScale(minimum, maximum, satisfiedFrom) is var s && s.Minimum < s.Maximum && s.SatisfiedFrom >= s.Minimum && s.SatisfiedFrom <= s.Maximum,
            ["minimum", "maximum", "satisfiedFrom"],
            MayOverflow: false);

    public static readonly Gen<KpiCall> Calls = Gen.OneOf(
        Csat, Nps, Ces, Fcr, Queue, Aht, Resolution, Occupancy, Callbacks, Durations, Sketch, Rates, SlaCompliance, Groups,
        Erlang, Erlang, Erlang, Retention, Scorecard, Time, Scales);
}
