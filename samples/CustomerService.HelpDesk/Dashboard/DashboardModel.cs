using System.Globalization;
using CustomerService.Core.Callbacks;
using CustomerService.Core.Complaints;
using CustomerService.Core.Kpis;
using CustomerService.Core.Leads.Studio;
using CustomerService.Core.Sla;
using CustomerService.Core.Tickets;
using CustomerService.HelpDesk.Board;
using NodaTime;

namespace CustomerService.HelpDesk.Dashboard;

/// <summary>One SLA clock on the board: its due time, the business time left, and a tone for its colour.</summary>
public sealed record ClockCell(string Metric, string Text, string Tone);

public sealed record TicketRow(string Id, string Priority, string Channel, string Category, string State, string? Assignee, string Opened, IReadOnlyList<ClockCell> Clocks, int Urgency, Instant? NextDue);

public sealed record ComplaintRow(string Id, string State, string Received, IReadOnlyList<ClockCell> Clocks);

public sealed record DispatchRow(string TicketId, string Department, string Deadline, string Overdue);

public sealed record CallbackRow(string Id, string Purpose, string State, string Due, int Attempts, bool Overdue);

public sealed record Kpi(string Name, string Value, string Detail);

public sealed record QueueCount(string Kind, string State, int Count);

public sealed record DashboardModel(
    string Now, string DeskStatus, IReadOnlyList<QueueCount> Queues, IReadOnlyList<TicketRow> Tickets, IReadOnlyList<ComplaintRow> Complaints,
    IReadOnlyList<DispatchRow> OverdueDispatches, IReadOnlyList<CallbackRow> CallbacksDue, IReadOnlyList<Kpi> Kpis, DeskTotals Studio);

/// <summary>
/// Computes the dashboard from the board's snapshots at the desk's current instant: SLA clocks are evaluated now (pure
/// functions of the recorded clock events), KPIs are the library's accumulators over today's tickets.
/// </summary>
public sealed class DashboardModelBuilder(BoardStore board, Desk desk)
{
    private static readonly TicketState[] TicketQueues = [TicketState.New, TicketState.Open, TicketState.Pending, TicketState.OnHold, TicketState.Solved, TicketState.Closed];

    public async Task<DashboardModel> BuildAsync(CancellationToken cancellationToken = default)
    {
        var now = desk.Now;
        var today = desk.StartOfToday;
        var tickets = await board.ListTicketsAsync(today, cancellationToken);
        var complaints = await board.ListComplaintsAsync(today, cancellationToken);
        var callbacks = await board.ListCallbacksAsync(today, cancellationToken);

        var open = tickets.Where(t => t.State is TicketState.New or TicketState.Open or TicketState.Pending or TicketState.OnHold)
            .Select(t => Row(t, now))
            .OrderByDescending(r => r.Urgency).ThenBy(r => r.NextDue ?? Instant.MaxValue).ThenBy(r => r.Id, StringComparer.Ordinal)
            .ToList();

        var queues = TicketQueues.Select(s => new QueueCount("Tickets", s.ToString(), tickets.Count(t => t.State == s)))
            .Concat(complaints.Where(c => !c.IsFinal).GroupBy(c => c.State).OrderBy(g => g.Key).Select(g => new QueueCount("Complaints", g.Key.ToString(), g.Count())))
            .Concat(callbacks.Where(c => c.EndedAt is null).GroupBy(c => c.State).OrderBy(g => g.Key).Select(g => new QueueCount("Callbacks", g.Key.ToString(), g.Count())))
            .ToList();

        var dispatches = tickets
            .Where(t => t.State == TicketState.OnHold && t.Hold is { Kind: TicketHoldKind.Department, Deadline: { } d } && d <= now)
            .OrderBy(t => t.Hold!.Value.Deadline)
            .Select(t => new DispatchRow(t.Id.Value, t.Hold!.Value.Party, desk.Local(t.Hold.Value.Deadline!.Value), Format(desk.Calendar.BusinessTimeBetween(t.Hold.Value.Deadline.Value, now))))
            .ToList();

        var endOfToday = desk.Zone.AtStartOfDay(desk.Today.PlusDays(1)).ToInstant();
        var callbacksDue = callbacks
            .Where(c => c.State is CallbackState.Scheduled or CallbackState.Due or CallbackState.Attempting && c.DueAt is { } due && due < endOfToday)
            .OrderBy(c => c.DueAt)
            .Select(c => new CallbackRow(c.Id.Value, c.Purpose.ToString(), c.State.ToString(), desk.Local(c.DueAt!.Value), c.AttemptCount, c.DueAt <= now))
            .ToList();

        var complaintRows = complaints.Where(c => !c.IsFinal).OrderBy(c => c.ReceivedAt)
            .Select(c => new ComplaintRow(c.Id.Value, c.State.ToString(), desk.Local(c.ReceivedAt), [.. desk.Evaluate(c.Sla, now).Select(Cell)]))
            .ToList();

        var studio = DeskReport.Build(await board.ListDeskEventsAsync(today, cancellationToken), desk.Zone).Days.SingleOrDefault(d => d.Date == desk.Today)?.Totals ?? default;
        var status = desk.Calendar.IsOpen(now) ? "open" : $"closed — opens {desk.Local(desk.Calendar.NextOpening(now))}";
        return new DashboardModel(desk.Local(now), status, queues, open, complaintRows, dispatches, callbacksDue,
            await KpisAsync(tickets, today, now, cancellationToken), studio);
    }

    private TicketRow Row(Ticket ticket, Instant now)
    {
        var statuses = desk.Evaluate(ticket.Sla, now);
        var urgency = statuses.Count == 0 ? 0 : statuses.Max(s => Tone(s) switch { "breach" => 3, "warning" => 2, "ok" => 1, _ => 0 });
        var nextDue = statuses.Where(s => s.IsCounting && s.DueAt is not null).Select(s => s.DueAt).Min();
        return new TicketRow(ticket.Id.Value, ticket.Priority.ToString(), ticket.Channel.ToString(), ticket.Category.ToString(), ticket.State.ToString(),
            ticket.AssigneeId, desk.Local(ticket.CreatedAt), [.. statuses.Select(Cell)], urgency, nextDue);
    }

    /// <summary>A clock as the board writes it: <c>Resolution: due Thu 10-08 10:41, 1h 41m left</c>, or met, or paused.</summary>
    private ClockCell Cell(SlaStatus status) => new(
        Metric(status.Clock.Metric),
        status.State switch
        {
            SlaClockState.Met => "met",
            SlaClockState.Paused => $"paused, {Format(status.Remaining)} left",
            SlaClockState.Breached when status.DueAt is { } due => $"due {desk.Local(due)}, {Format(status.OverdueBy)} over",
            _ when status.DueAt is { } due => $"due {desk.Local(due)}, {Format(status.Remaining)} left",
            _ => status.State.ToString().ToLowerInvariant(),
        },
        Tone(status));

    /// <summary>Breached is red; a clock past one of its warning thresholds (50 / 75 / 90 %) is amber.</summary>
    private static string Tone(SlaStatus status) => status.State switch
    {
        SlaClockState.Breached => "breach",
        SlaClockState.Met => "met",
        SlaClockState.Paused => "paused",
        _ when status.HighestThresholdCrossed is not null => "warning",
        SlaClockState.Running => "ok",
        _ => "other",
    };

    /// <summary>Today's figures, each computed by the library's KPI accumulator for it.</summary>
    private async Task<IReadOnlyList<Kpi>> KpisAsync(IReadOnlyList<Ticket> tickets, Instant today, Instant now, CancellationToken cancellationToken)
    {
        bool Today(Instant? at) => at is { } i && i >= today && i <= now;

        // First response and resolution times in business time: a ticket opened at 17:55 and answered at 09:05 took 10 minutes.
        var firstResponse = new DurationAccumulator();
        var resolution = new DurationAccumulator();
        var fcr = new FcrAccumulator(Duration.FromDays(7));
        var service = new SlaComplianceAccumulator();
        foreach (var ticket in tickets)
        {
            if (Today(ticket.FirstRespondedAt))
            {
                firstResponse.Add(desk.Calendar.BusinessTimeBetween(ticket.CreatedAt, ticket.FirstRespondedAt!.Value));
            }

            if (Today(ticket.SolvedAt))
            {
                resolution.Add(desk.Calendar.BusinessTimeBetween(ticket.CreatedAt, ticket.SolvedAt!.Value));

                // Solved on first contact, unless it went up a tier (a transfer) or came back (a reopen is a repeat contact).
                fcr.Add(new ContactOutcome(ticket.SolvedOnFirstContact, ticket.Tier > 1, ticket.ReopenCount > 0 ? Duration.Zero : null));
            }

            // Service level: of today's tickets whose first response is settled, the share answered within its target.
            if (Today(ticket.CreatedAt))
            {
                foreach (var status in desk.Evaluate(ticket.Sla, now).Where(s => s.Clock.Metric == SlaMetric.FirstResponse))
                {
                    if (SlaOutcome.TryFromStatus(status, out var outcome))
                    {
                        service.Add(outcome);
                    }
                }
            }
        }

        var csat = new CsatAccumulator(CsatScale.Default);
        foreach (var score in await board.ListSurveyScoresAsync(today, cancellationToken))
        {
            csat.Add(score);
        }

        return
        [
            new("First response time", Format(firstResponse.Mean), $"mean of {firstResponse.Count}; median {Format(firstResponse.Median(PercentileMethod.NearestRank).Value)} (business time)"),
            new("Resolution time", Format(resolution.Mean), $"mean of {resolution.Count} solved today (business time)"),
            new("First-contact resolution", Percent(fcr.FirstContactResolution()), Fraction(fcr.FirstContactResolution()) + " solved today, transfers excluded"),
            new("CSAT", Percent(csat.SatisfiedRate), Fraction(csat.SatisfiedRate) + " surveys rated 4 or 5"),
            new("Service level", Percent(service.Compliance(SlaMetric.FirstResponse)), Fraction(service.Compliance(SlaMetric.FirstResponse)) + " first responses within target"),
        ];
    }

    private static string Metric(SlaMetric metric) => metric switch
    {
        SlaMetric.FirstResponse => "First response",
        SlaMetric.NextResponse => "Next response",
        SlaMetric.Resolution => "Resolution",
        SlaMetric.Acknowledgement => "Acknowledgement",
        SlaMetric.FinalResponse => "Final response",
        _ => metric.ToString(),
    };

    /// <summary>Business time as hours and minutes: <c>3h 05m</c>, <c>12m</c>.</summary>
    public static string Format(Duration? duration)
    {
        if (duration is not { } d)
        {
            return "—";
        }

        var minutes = (long)Math.Round(d.TotalMinutes);
        return minutes >= 60 ? string.Create(CultureInfo.InvariantCulture, $"{minutes / 60}h {minutes % 60:00}m") : string.Create(CultureInfo.InvariantCulture, $"{minutes}m");
    }

    private static string Percent(KpiRate rate) => rate.Denominator == 0 ? "—" : string.Create(CultureInfo.InvariantCulture, $"{rate.Percent:0.0} %");

    private static string Fraction(KpiRate rate) => string.Create(CultureInfo.InvariantCulture, $"{rate.Numerator} / {rate.Denominator}");
}
