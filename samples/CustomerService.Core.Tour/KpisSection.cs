using System.Globalization;
using CustomerService.Core.Kpis;
using NodaTime;

namespace CustomerService.Core.Tour;

/// <summary>A KPI dashboard for a simulated day: satisfaction, resolution, speed, queue and staffing, printed as tables.</summary>
internal static class KpisSection
{
    private sealed record Call(string Agent, string Team, string Channel, Instant OfferedAt, QueueCall Queue, HandledContact? Handled, int? Csat, int? Nps, ContactOutcome Contact);

    public static void Run(TextWriter output)
    {
        var zone = DateTimeZoneProviders.Tzdb["Asia/Shanghai"];
        var day = new LocalDate(2026, 3, 2);
        Call[] calls = SimulateDay(zone, day);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Simulated day: {calls.Length} offered contacts on {day.ToString("uuuu-MM-dd", CultureInfo.InvariantCulture)} ({zone.Id})."));

        // Per-agent accumulators, grouped in one pass.
        var csatByAgent = new KpiGroups<string, int, CsatAccumulator>(() => new CsatAccumulator(CsatScale.Default));
        var ahtByAgent = new KpiGroups<string, HandledContact, AhtAccumulator>(() => default);
        var fcrByAgent = new KpiGroups<string, ContactOutcome, FcrAccumulator>(() => new FcrAccumulator(Duration.FromDays(7)));
        var queueByChannel = new KpiGroups<string, QueueCall, QueueAccumulator>(() => new QueueAccumulator(Duration.FromSeconds(20), Duration.FromSeconds(5)));
        var nps = default(NpsAccumulator);
        var waits = new DurationAccumulator();
        foreach (Call call in calls)
        {
            queueByChannel.Add(call.Channel, call.Queue);
            if (call.Handled is { } handled)
            {
                ahtByAgent.Add(call.Agent, handled);
                fcrByAgent.Add(call.Agent, call.Contact);
                waits.Add(call.Queue.Wait);
            }

            if (call.Csat is { } score)
            {
                csatByAgent.Add(call.Agent, score);
            }

            if (call.Nps is { } answer)
            {
                nps.Add(answer);
            }
        }

        output.WriteLine();
        output.WriteLine("Agents");
        var rows = new List<string[]>();
        foreach (string agent in csatByAgent.Groups.Keys.Order(StringComparer.Ordinal))
        {
            CsatAccumulator csat = csatByAgent.Groups[agent];
            AhtAccumulator aht = ahtByAgent.Groups[agent];
            FcrAccumulator fcr = fcrByAgent.Groups[agent];
            rows.Add([agent, aht.Count.ToString(CultureInfo.InvariantCulture), Percent(csat.SatisfiedRate), csat.Mean is double mean ? mean.ToString("0.00", CultureInfo.InvariantCulture) : "—", Percent(fcr.FirstContactResolution()), Seconds(aht.AverageHandleTime)]);
        }

        WriteTable(output, ["Agent", "Handled", "CSAT", "CSAT mean", "FCR", "AHT"], rows);

        // The day's accumulators and records feed the appraisal scorecard directly: nothing is typed in.
        output.WriteLine();
        output.WriteLine("Scorecards for the day (the classic card, default weights; one scheduled and attended day each, one knowledge test)");
        var scorecards = new AgentScorecardCalculator(new ScorecardOptions());
        rows.Clear();
        string[] header = [];
        foreach (string agent in csatByAgent.Groups.Keys.Order(StringComparer.Ordinal))
        {
            var attendance = default(AttendanceAccumulator);
            attendance.Add(new AttendanceRecord(day, attended: true, late: agent == "agent-04", leftEarly: false));
            var tests = default(KnowledgeTestAccumulator);
            tests.Add(new KnowledgeTestResult(day, points: 85, maximumPoints: 100));
            KpiScorecard card = scorecards.Compute(new AgentPeriodKpis
            {
                AgentId = agent,
                Csat = csatByAgent.Groups[agent],
                HandleTimes = ahtByAgent.Groups[agent],
                Fcr = fcrByAgent.Groups[agent],
                Attendance = attendance,
                KnowledgeTests = tests,
            });
            header = ["Agent", .. card.Lines.Select(l => l.Kpi.ToString()), "Total"];
            rows.Add([agent, .. card.Lines.Select(l => Score(l.Score)), Score(card.Total)]);
        }

        WriteTable(output, header, rows);

        output.WriteLine();
        output.WriteLine("Queues (80 % in 20 s; short abandons under 5 s)");
        rows.Clear();
        foreach (var (channel, queue) in queueByChannel.Groups.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            rows.Add([channel, queue.Offered.ToString(CultureInfo.InvariantCulture), Percent(queue.ServiceLevel(AbandonHandling.Ignore)), Percent(queue.ServiceLevel(AbandonHandling.CountAsMissed)), Percent(queue.ServiceLevel(AbandonHandling.ExcludeShortAbandons)), Percent(queue.AbandonmentRate()), Seconds(queue.AverageSpeedOfAnswer)]);
        }

        WriteTable(output, ["Channel", "Offered", "SL (ignore ab.)", "SL (ab. missed)", "SL (excl. short)", "Abandoned", "ASA"], rows);

        output.WriteLine();
        output.WriteLine("Day summary");
        var summary = new DurationPercentile[2];
        waits.Percentiles([50, 90], PercentileMethod.Linear, summary);
        WriteTable(output, ["KPI", "Value"],
        [
            ["NPS", (nps.Score is double npsScore ? npsScore.ToString("0.0", CultureInfo.InvariantCulture) : "no data") + $" ({nps.Promoters} promoters, {nps.Passives} passives, {nps.Detractors} detractors)"],
            ["Wait of answered, median (PERCENTILE.INC)", Seconds(summary[0].Value)],
            ["Wait of answered, p90 (PERCENTILE.INC)", Seconds(summary[1].Value)],
        ]);

        output.WriteLine();
        output.WriteLine("Staffing the 10:00 peak (Erlang C, 80 % in 20 s, max occupancy 85 %, shrinkage 30 %)");
        rows.Clear();
        foreach (double callsPerHalfHour in new[] { 100.0, 250.0, 600.0 })
        {
            StaffingResult s = ErlangC.AgentsRequired(callsPerHalfHour, Duration.FromMinutes(30), Duration.FromSeconds(180), 0.80, Duration.FromSeconds(20), maximumOccupancy: 0.85, shrinkage: 0.30);
            ErlangAResult patient = ErlangA.Evaluate(callsPerHalfHour, Duration.FromMinutes(30), Duration.FromSeconds(180), Duration.FromSeconds(90), s.Agents, Duration.FromSeconds(20));
            rows.Add([
                callsPerHalfHour.ToString("0", CultureInfo.InvariantCulture),
                s.TrafficErlangs.ToString("0.0", CultureInfo.InvariantCulture),
                s.Agents.ToString(CultureInfo.InvariantCulture),
                s.ScheduledAgents.ToString(CultureInfo.InvariantCulture),
                s.ServiceLevel.ToString("0.000", CultureInfo.InvariantCulture),
                s.Occupancy.ToString("0.000", CultureInfo.InvariantCulture),
                patient.ProbabilityOfAbandoning.ToString("0.000", CultureInfo.InvariantCulture),
            ]);
        }

        WriteTable(output, ["Calls / 30 min", "Erlangs", "Agents", "Scheduled", "SL", "Occupancy", "Erlang A abandon (90 s patience)"], rows);
    }

    private static Call[] SimulateDay(DateTimeZone zone, LocalDate day)
    {
        var random = new Random(20260302);
        string[] agents = ["agent-01", "agent-02", "agent-03", "agent-04", "agent-05"];
        string[] channels = ["chat", "phone"];
        Instant opening = day.At(new LocalTime(9, 0)).InZoneLeniently(zone).ToInstant();
        var calls = new List<Call>();
        for (int i = 0; i < 400; i++)
        {
            string agent = agents[random.Next(agents.Length)];
            string channel = channels[random.Next(channels.Length)];
            Instant at = opening + Duration.FromSeconds(random.Next(0, 9 * 3600));
            var wait = Duration.FromSeconds((long)(-Math.Log(1 - random.NextDouble()) * (channel == "phone" ? 14 : 25)));
            bool abandoned = random.NextDouble() < (wait > Duration.FromSeconds(30) ? 0.35 : 0.04);
            var queue = new QueueCall(wait, abandoned ? QueueCallOutcome.Abandoned : QueueCallOutcome.Answered);
            HandledContact? handled = abandoned ? null : new HandledContact(Duration.FromSeconds(random.Next(60, 420)), Duration.FromSeconds(random.Next(0, 60)), Duration.FromSeconds(random.Next(10, 90)));
            int? csat = !abandoned && random.NextDouble() < 0.4 ? Math.Clamp(5 - (int)(-Math.Log(1 - random.NextDouble()) * (agent == "agent-03" ? 1.6 : 0.8)), 1, 5) : null;
            int? nps = !abandoned && random.NextDouble() < 0.2 ? Math.Clamp(10 - (int)(-Math.Log(1 - random.NextDouble()) * 2.5), 0, 10) : null;
            bool resolved = !abandoned && random.NextDouble() < 0.8;
            bool transferred = !abandoned && random.NextDouble() < 0.06;
            Duration? next = random.NextDouble() < 0.15 ? Duration.FromHours(random.Next(1, 240)) : null;
            calls.Add(new Call(agent, "team-a", channel, at, queue, handled, csat, nps, new ContactOutcome(resolved, transferred, next)));
        }

        return [.. calls];
    }

    private static string Percent(KpiRate rate) =>
        rate.Denominator == 0 ? "—" : string.Create(CultureInfo.InvariantCulture, $"{rate.Percent:0.0} %");

    private static string Score(double? score) => score is double s ? s.ToString("0.0", CultureInfo.InvariantCulture) : "—";

    private static string Seconds(Duration? duration) =>
        duration is { } d ? string.Create(CultureInfo.InvariantCulture, $"{d.TotalSeconds:0.0} s") : "—";

    private static void WriteTable(TextWriter output, string[] header, List<string[]> rows)
    {
        int[] widths = header.Select((h, i) => Math.Max(h.Length, rows.Count == 0 ? 0 : rows.Max(r => r[i].Length))).ToArray();
        string Line(string[] cells) => "| " + string.Join(" | ", cells.Select((c, i) => i == 0 ? c.PadRight(widths[i]) : c.PadLeft(widths[i]))) + " |";
        output.WriteLine(Line(header));
        output.WriteLine("|" + string.Join("|", widths.Select((w, i) => i == 0 ? new string('-', w + 2) : new string('-', w + 1) + ":")) + "|");
        foreach (string[] row in rows)
        {
            output.WriteLine(Line(row));
        }
    }
}
